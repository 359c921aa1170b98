import Foundation
import Testing
@testable import Forms
@testable import Pipeline

/// `weigai run` killed with SIGKILL at several moments (intake, store writes, publication), then
/// run again: the outputs and the store's views are those of a run never interrupted.
struct StoreKillTests {
    static let districts = ["东湖区", "西山区", "南河区", "北岭区"]

    static func drop(_ root: String) {
        for m in 8...11 {
            for d in districts {
                Support.drop(root, "\(m)/\(d).xlsx", Support.workbook(d, month: m, clues: 12, problemsFound: d == "西山区" ? 3 : nil),
                             received: "2026-\(m)-20T10:00:00+08:00")
            }
        }
    }

    static func start(_ root: String) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "exec \"$0\" run --root \"$1\" --now 2026-11-27T10:00:00+08:00 >/dev/null 2>&1 </dev/null",
                       BuiltBinary.path!, root]
        try p.run()
        return p
    }

    @Test(.enabled(if: BuiltBinary.path != nil, "weigai is not built beside the tests"),
          arguments: [0.05, 0.15, 0.3, 0.5, 0.8])
    func killedRunThenARunGivesTheUninterruptedOutputs(after seconds: Double) throws {
        let reference = Support.root()
        Self.drop(reference)
        let full = try Self.start(reference)
        full.waitUntilExit()
        #expect(full.terminationStatus == 1)

        let root = Support.root()
        Self.drop(root)
        let killed = try Self.start(root)
        Thread.sleep(forTimeInterval: seconds)
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()

        let again = try Self.start(root)
        again.waitUntilExit()
        #expect(again.terminationStatus == 1)
        #expect(Support.snapshot(root + "/out") == Support.snapshot(reference + "/out"))
        let expected = try HistoryStoreTests.views(reference)
        #expect(try HistoryStoreTests.views(root) == expected)
    }
}
