import Foundation
import Testing

/// The `weigai` built with the tests: in the products folder that holds the test bundle.
private let weigai: URL? = {
    let folders = ([Bundle.main] + Bundle.allBundles).flatMap { b in
        [b.bundleURL, b.bundleURL.deletingLastPathComponent()]
    }
    return folders.map { $0.appendingPathComponent("weigai") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()

/// `weigai check` as a clerk runs it: 0 without an error, 1 with one, 2 for a bad
/// configuration or usage.
@Suite(.enabled(if: weigai != nil, "the weigai executable is not built next to the tests"))
struct CheckCommandTests {
    static let inbox = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../samples/inbox").standardizedFileURL

    /// Runs it with its output in files, through `sh -c 'exec …'`: no pipes or file handles in
    /// this process, whose other threads run other tests meanwhile.
    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let folder = (Fixtures.temporaryPath("cli") as NSString).deletingLastPathComponent
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "exec \"$0\" \"$@\" >\"\(folder)/stdout\" 2>\"\(folder)/stderr\" </dev/null", weigai!.path] + arguments
        try p.run()
        p.waitUntilExit()
        func text(_ name: String) -> String {
            (try? String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)) ?? ""
        }
        return (p.terminationStatus, text("stdout"), text("stderr"))
    }

    @Test func cleanWorkbookExitsZero() throws {
        let r = try run(["check", Self.inbox.appendingPathComponent("东湖区危改统计表（11月）.xlsx").path, "--month", "2026-11"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("强制性错误 0 项"))
    }

    @Test func workbookWithAnErrorExitsOne() throws {
        let r = try run(["check", Self.inbox.appendingPathComponent("北岭区.xlsx").path, "--format", "csv"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("x-amount-vs-clues"))
    }

    @Test func badConfigurationExitsTwoNamingTheKey() throws {
        let config = Fixtures.temporaryPath("weigai.yaml")
        try "deadline:\n  tiem: \"18:00\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let r = try run(["check", Self.inbox.appendingPathComponent("北岭区.xlsx").path, "--config", config])
        #expect(r.status == 2)
        #expect(r.stderr.contains("deadline.tiem"), "\(r.stderr)")
        #expect(try run(["check", Self.inbox.appendingPathComponent("北岭区.xlsx").path, "--month", "2026-13"]).status == 2)
    }
}
