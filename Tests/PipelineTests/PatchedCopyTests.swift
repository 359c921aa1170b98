import CXattr
import Foundation
import TestScratch
import Testing
@testable import Forms
@testable import Pipeline

/// The marked-up copies of a month's workbooks are linked from its last publication when
/// nothing that makes them changed, and are the bytes a patch would write.
@Suite struct PatchedCopyTests {
    /// Whether the temporary folder's file system keeps extended attributes (without them every
    /// copy is patched, which the other tests cover).
    static let keepsAttributes: Bool = {
        let path = Scratch.path("weigai-xattr")
        guard FileManager.default.createFile(atPath: path, contents: Data()) else { return false }
        defer { try? FileManager.default.removeItem(atPath: path) }
        return setxattr(path, PatchedCopy.attribute, "x", 1, 0) == 0
    }()

    /// Every marked-up copy of the month's receipts, by path within the month, with its inode.
    static func copies(_ root: String) -> [String: ino_t] {
        let month = root + "/out/2026-11"
        var out: [String: ino_t] = [:]
        for (relative, _) in Support.snapshot(month) where relative.hasPrefix("receipts/") && relative.hasSuffix(".xlsx") {
            var st = stat()
            if stat(month + "/" + relative, &st) == 0 { out[relative] = st.st_ino }
        }
        return out
    }

    @Test(.enabled(if: keepsAttributes, "no extended attributes here"))
    func aCorrectedFileLeavesTheOtherDistrictsCopiesLinked() throws {
        let root = Support.root()
        Support.drop(root, "东湖区.xlsx", Support.workbook("东湖区", problemsFound: 9), received: "2026-11-20T10:00:00+08:00")
        Support.drop(root, "西山区.xlsx", Support.workbook("西山区", problemsFound: 7), received: "2026-11-20T11:00:00+08:00")
        _ = try Support.run(root, at: "2026-11-26T23:00:00+08:00")
        let before = Self.copies(root)
        let east = try #require(before.keys.first { $0.contains("东湖区") }), west = try #require(before.keys.first { $0.contains("西山区") })

        Support.drop(root, "东湖区.xlsx", Support.workbook("东湖区", problemsFound: 8), received: "2026-11-21T10:00:00+08:00")
        _ = try Support.run(root, at: "2026-11-26T23:30:00+08:00")
        let after = Self.copies(root)
        #expect(after[west] == before[west], "西山区's findings did not change: its copy is the one published")
        #expect(after[east] != nil && after[east] != before[east], "东湖区's corrected file is marked up anew")

        // A copy written over in place since is patched again.
        let eastPath = root + "/out/2026-11/" + east
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: eastPath))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0]))
        try handle.close()
        var touched = MonthlyRun(root: root, config: Support.config(), now: Support.date("2026-11-26T23:40:00+08:00"), logger: Support.quiet)
        touched.rebuildAll = true
        _ = try touched.run()
        let rewritten = Self.copies(root)
        #expect(rewritten[east] != after[east] && rewritten[west] == after[west])

        // The linked copy is the bytes patching writes: its mark taken off, a rebuild patches it again.
        let linked = FileManager.default.contents(atPath: root + "/out/2026-11/" + west)
        #expect(removexattr(root + "/out/2026-11/" + west, PatchedCopy.attribute) == 0)
        var again = MonthlyRun(root: root, config: Support.config(), now: Support.date("2026-11-26T23:45:00+08:00"), logger: Support.quiet)
        again.rebuildAll = true
        _ = try again.run()
        #expect(Self.copies(root)[west] != rewritten[west])
        #expect(FileManager.default.contents(atPath: root + "/out/2026-11/" + west) == linked)
    }
}
