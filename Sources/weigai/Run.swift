import ArgumentParser
import Forms
import Foundation
import Logging
import Pipeline

/// `weigai run --root DIR`: the monthly run cron calls.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The monthly run: take the settled files from DIR/inbox into DIR/archive (or DIR/quarantine), rebuild every month whose files changed in DIR/out/YYYY-MM, print a summary.",
        discussion: """
        Exit codes: 0 no errors; 1 anomalies of severity error in a month reported on; \
        2 usage or configuration; 3 the run failed, or another run holds DIR's lock (nothing was changed).
        """)

    @Option(help: "The folder holding inbox/, archive/, quarantine/ and out/ (created when missing).")
    var root: String

    @Option(help: "The time of the run, ISO 8601 with an offset (e.g. 2026-11-26T23:00:00+08:00); now by default. Files changed less than intake.settle_seconds before it are left in the inbox.")
    var now: String?

    @Option(help: "A configuration file (YAML); built-in defaults otherwise.")
    var config: String?

    @Flag(help: "Rebuild every month in the archive, not only those whose files changed (after a configuration change).")
    var rebuildAll = false

    @Flag(help: ArgumentHelp("Save nothing to the history store (scripts/bench-store.sh measures what saving costs); the next run reads what this one took again.",
                              visibility: .hidden))
    var benchWithoutStoreSaves = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "notice"

    func validate() throws {
        if let now, Self.parseTime(now) == nil {
            throw ValidationError("--now must be ISO 8601 with an offset, e.g. 2026-11-26T23:00:00+08:00")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level: unknown level \(logLevel)") }
    }

    func run() throws {
        let configuration = try loadConfiguration(config)
        let level = Logger.Level(rawValue: logLevel)!
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var monthly = MonthlyRun(root: root, config: configuration, now: now.flatMap(Self.parseTime) ?? Date())
        monthly.logger.debug("allocator: \(Allocator.description)")
        monthly.rebuildAll = rebuildAll
        monthly.storeSaving = !benchWithoutStoreSaves
        if isatty(STDERR_FILENO) == 1 { monthly.progress = ProgressLine.report }
        let outcome: RunOutcome
        do {
            outcome = try monthly.run()
        } catch let error as RunError {
            ProgressLine.clear()
            FileHandle.standardError.write(Data("weigai: \(error.description)\n".utf8))
            if case .badRoot = error { throw ExitCode(2) }
            throw ExitCode(3)
        }
        ProgressLine.clear()
        print(outcome.text, terminator: "")
        // Ends here, the month the run holds (`RunOutcome.held`) taken back by the system whole.
        Foundation.exit(outcome.hasErrors ? 1 : 0)
    }

    static func parseTime(_ s: String) -> Date? { ISO8601DateFormatter().date(from: s) }
}

/// `读取 1200/3000` on the terminal, rewritten in place, on batches worth watching.
enum ProgressLine {
    static let minimumBatch = 200
    private static let lock = NSLock()
    nonisolated(unsafe) private static var shown = false

    @Sendable static func report(_ done: Int, _ total: Int) {
        guard total >= minimumBatch, done == total || done % 50 == 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r读取工作簿 \(done)/\(total)".utf8))
        shown = true
    }

    static func clear() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
