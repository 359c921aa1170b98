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

    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = weigai!
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
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
