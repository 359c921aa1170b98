import Foundation
import TestScratch
import Testing
@testable import Forms
@testable import Pipeline

/// The `weigai` built with the tests, in the products folder beside the test bundle.
enum BuiltBinary {
    static let path: String? = {
        let folders = ([Bundle.main] + Bundle.allBundles).flatMap { [$0.bundleURL, $0.bundleURL.deletingLastPathComponent()] }
        return folders.map { $0.appendingPathComponent("weigai").path }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Runs it with its output in files, through `sh -c 'exec …'`: no pipes or file handles
    /// in this process, which runs other tests on other threads at the same time.
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let folder = Scratch.path("weigai-cli")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "exec \"$0\" \"$@\" >\"\(folder)/stdout\" 2>\"\(folder)/stderr\" </dev/null", path!] + arguments
        try p.run()
        p.waitUntilExit()
        return (p.terminationStatus, Support.text(folder + "/stdout"), Support.text(folder + "/stderr"))
    }
}

/// `weigai run` as cron calls it: its documented exit codes and its summary.
struct RunCommandTests {
    @Test(.enabled(if: BuiltBinary.path != nil, "weigai is not built beside the tests"))
    func exitCodes() throws {
        let root = Support.root()
        let config = root + "/weigai.yaml"
        try "roster: [东湖区]\nintake:\n  settle_seconds: 0\n".write(toFile: config, atomically: true, encoding: .utf8)
        Support.drop(root, "东湖区.xlsx", Support.workbook("东湖区"), received: "2026-11-20T10:00:00+08:00")
        let clean = try BuiltBinary.run(["run", "--root", root, "--config", config, "--now", "2026-11-26T23:00:00+08:00"])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("东湖区") && clean.stdout.contains("结果已更新：\(root)/out/2026-11"))

        let withErrors = try BuiltBinary.run(["run", "--root", root, "--now", "2026-11-26T23:00:00+08:00"])
        #expect(withErrors.status == 0, "nothing changed, and the month published has no error")
        Support.drop(root, "西山区.xlsx", Support.workbook("西山区", problemsFound: 9), received: "2026-11-21T10:00:00+08:00")
        let second = try BuiltBinary.run(["run", "--root", root, "--config", config, "--now", "2026-11-26T23:00:00+08:00"])
        #expect(second.status == 1, "\(second.stdout)\(second.stderr)")

        #expect(try BuiltBinary.run(["run", "--root", root + "/missing"]).status == 2)
        #expect(try BuiltBinary.run(["run", "--root", root, "--now", "yesterday"]).status == 2)
        try "roster: 东湖区\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try BuiltBinary.run(["run", "--root", root, "--config", config]).status == 2)

        let held = try RunLock(path: RunLayout(root: root).lock, startedAt: "test")
        let refused = try BuiltBinary.run(["run", "--root", root])
        held.release()
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("另一个 weigai run 正在处理这个目录"))
    }

    /// `weigai extract` of a folder is that of its .xlsx files in name order, and a missing file
    /// named among them is reported, not dropped.
    @Test(.enabled(if: BuiltBinary.path != nil, "weigai is not built beside the tests"))
    func extractTakesAFolderAsItsWorkbooks() throws {
        let root = Support.root()
        let folder = root + "/inbox"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for d in ["西山区", "东湖区"] { try Data(Support.workbook(d)).write(to: URL(fileURLWithPath: "\(folder)/\(d).xlsx")) }
        try Data("not a workbook".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        let byFolder = try BuiltBinary.run(["extract", folder, root + "/missing.xlsx", "-o", root + "/a"])
        let byFiles = try BuiltBinary.run(["extract", folder + "/东湖区.xlsx", folder + "/西山区.xlsx", root + "/missing.xlsx", "-o", root + "/b"])
        #expect(byFolder.status == 0 && byFiles.status == 0, "\(byFolder.stderr)\(byFiles.stderr)")
        #expect(byFolder.stdout.contains("for 3 files"))
        for table in ["attachment1.csv", "clues.csv", "clue_persons.csv", "anomalies.csv"] {
            let a = Support.text("\(root)/a/\(table)"), b = Support.text("\(root)/b/\(table)")
            #expect(a == b && a.count > 10, "\(table)")
        }
        #expect(Support.text(root + "/a/anomalies.csv").contains("missing.xlsx"))
    }

    /// The same inbox run by two processes (each with its own hash seed) gives the same bytes.
    @Test(.enabled(if: BuiltBinary.path != nil, "weigai is not built beside the tests"))
    func twoProcessesWriteTheSameBytes() throws {
        let roots = [Support.root(), Support.root()]
        for root in roots {
            CrashTests.firstDrop(root)
            CrashTests.secondDrop(root)
            Support.drop(root, "bad.xlsx", Array("not a workbook".utf8), received: "2026-11-22T10:00:00+08:00")
            let r = try BuiltBinary.run(["run", "--root", root, "--now", "2026-11-27T10:00:00+08:00"])
            #expect(r.status == 1, "\(r.stderr)")
        }
        #expect(Support.snapshot(roots[0] + "/out") == Support.snapshot(roots[1] + "/out"))
        #expect(!Support.snapshot(roots[0] + "/out").isEmpty)
    }
}
