import Crypto
import Foundation
import Forms
import Logging

/// A month the run reports on.
public struct PeriodReport: Sendable {
    public var period: Period
    /// `out/YYYY-MM`.
    public var folder: String
    /// Rebuilt by this run (otherwise its outputs were already current).
    public var rebuilt: Bool
    public var errors: Int
    public var warnings: Int
    /// The month's summary, as in its `summary.txt`; empty when it was not rebuilt.
    public var summary: String
}

/// What a run did and found.
public struct RunOutcome: Sendable {
    public var intake: IntakeReport
    /// The months rebuilt, or when none needed it the latest month in the archive.
    public var reports: [PeriodReport]

    /// Anomalies of severity error in a month reported on (exit status 1).
    public var hasErrors: Bool { reports.contains { $0.errors > 0 } }

    /// The summary printed at the end of the run.
    public var text: String {
        var out = ""
        let t = intake.taken
        let count = { (k: ArchiveEntry.Kind) in t.filter { $0.kind == k }.count }
        out += "本次收取 \(t.count) 个文件：归档 \(count(.archived))，盖章件 \(count(.scan))，隔离 \(count(.quarantined))，重复 \(count(.duplicate))"
        out += intake.settling.isEmpty ? "。\n" : "；\(intake.settling.count) 个文件仍在写入，留待下次运行。\n"
        for e in t where e.kind == .quarantined {
            out += "  隔离：\(e.source) → \(e.path)（\(Archive.split(reason: e.reason).message)）\n"
        }
        for r in reports where r.rebuilt {
            out += "\n" + r.summary + "结果已更新：" + r.folder + "\n"
        }
        for r in reports where !r.rebuilt {
            out += "\(r.period.chinese)结果未变（强制性错误 \(r.errors) 项，提示性问题 \(r.warnings) 项）：\(r.folder)\n"
        }
        if reports.isEmpty { out += "归档中还没有任何月份。\n" }
        return out
    }
}

/// The monthly run: inbox → archive → published months. Under one lock it finishes whatever a
/// killed run left, takes the settled files from the inbox, and rebuilds every month whose
/// files changed from everything the archive holds for it. A month's outputs are a function
/// of the archive: a re-run, a late file or a corrected resubmission simply rebuilds them.
public struct MonthlyRun {
    public var layout: RunLayout
    public var config: Configuration
    /// When the run happens: files changed less than `settleSeconds` before are left alone.
    public var now: Date
    /// Rebuild every month, not only those whose files changed (after a configuration change).
    public var rebuildAll = false
    public var logger: Logger
    /// Told (done, total) while a batch is read.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// Tests stop a publication here, as a kill would.
    var fault: PublishFault?

    public init(root: String, config: Configuration, now: Date = Date(), logger: Logger = Logger(label: "weigai.run")) {
        layout = RunLayout(root: root)
        self.config = config
        self.now = now
        self.logger = logger
    }

    public func run() throws -> RunOutcome {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: layout.root, isDirectory: &isFolder), isFolder.boolValue else {
            throw RunError.badRoot(path: layout.root, detail: "no such folder")
        }
        let time = LocalTime(config)
        let lock = try RunLock(path: layout.lock, startedAt: time.iso(Date()))
        defer { lock.release() }

        var archive = try Archive(layout: layout, time: time)
        try archive.recover(logger: logger)
        var publisher = Publisher(layout: layout)
        publisher.fault = fault
        try publisher.recover(logger: logger)

        let reader = SubmissionReader(reader: FormReader(knownDistricts: config.roster), converter: LegacyConverter(config: config),
                                      logger: logger)
        let intake = Intake(layout: layout, config: config, time: time, reader: reader, now: now, logger: logger, progress: progress)
        var (report, cache) = try intake.run(into: &archive)

        let live = archive.entries.filter { $0.kind != .duplicate }
        let months = Set(live.flatMap(\.periods)).sorted()
        var stale: [(Period, String)] = []
        for p in months {
            let digest = Self.digest(p, live)
            if rebuildAll || publisher.mark(p)?.digest != digest { stale.append((p, digest)) }
        }

        // Everything the stale months need, read in one batch on every core; a scan has no tables.
        let needed = live.filter { e in e.kind != .scan && stale.contains { p, _ in e.periods.contains(p) || (e.kind == .archived && e.periods.contains { $0 < p }) } }
        let missing = needed.filter { cache[$0.path] == nil }
        if !missing.isEmpty { logger.info("publish: reading \(missing.count) archived files") }
        let read = Parallel.map(missing.count, done: Intake.counting(progress, of: missing.count)) { [layout] i in
            let e = missing[i]
            return reader.read(e, layout: layout, received: time.day(e.receivedAt))
                .filed(receivedIn: time.period(e.receivedAt))
        }
        for (e, f) in zip(missing, read) { cache[e.path] = f }

        var reports: [PeriodReport] = []
        let auditor = Auditor(config: config)
        for (p, digest) in stale {
            let files = live.filter { $0.periods.contains(p) }
            let workbooks = files.filter { $0.kind != .scan }
            let earlier = live.filter { e in e.kind == .archived && e.periods.contains { $0 < p } }
            let received = { (list: [ArchiveEntry]) in list.map { Received(cache[$0.path]!, receivedAt: $0.receivedAt) } }
            let month = received(workbooks)
            let history = History(received(earlier))
            let audit = auditor.audit(period: p, files: month, history: history)
            let outputs = PeriodOutputs(period: p, audit: audit, entries: files,
                                        diffs: ResubmissionDiff.diffs(month, period: p, auditor: auditor),
                                        trends: Trends(history: history, current: audit.attachment1), config: config, time: time)
            let s = outputs.summary
            try publisher.publish(p, files: outputs.files, mark: PublishedMark(digest: digest, errors: s.errors, warnings: s.warnings))
            if let dir = config.receiptsDir { try ReceiptCopy.copy(published: layout.period(p), period: p, to: dir) }
            logger.notice("publish: \(p) rebuilt from \(files.count) files: \(s.errors) errors, \(s.warnings) warnings → \(layout.period(p))")
            reports.append(PeriodReport(period: p, folder: layout.period(p), rebuilt: true, errors: s.errors, warnings: s.warnings,
                                        summary: s.text))
        }
        if reports.isEmpty, let latest = months.last, let mark = publisher.mark(latest) {
            reports.append(PeriodReport(period: latest, folder: layout.period(latest), rebuilt: false, errors: mark.errors,
                                        warnings: mark.warnings, summary: ""))
        }
        return RunOutcome(intake: report, reports: reports)
    }

    /// What a month's outputs are built from: its own files, and the earlier months' archived
    /// files (the cross-period checks). A late file for October changes November's digest too.
    static func digest(_ p: Period, _ live: [ArchiveEntry]) -> String {
        let lines = live.filter { e in e.periods.contains(p) || (e.kind == .archived && e.periods.contains { $0 < p }) }.map { e in
            [e.sha256, e.kind.rawValue, e.name, String(Int(e.receivedAt.timeIntervalSince1970)),
             e.periods.map(\.description).joined(separator: ",")].joined(separator: "\t")
        }
        // v2: the outputs gained the receipt folders, the annotated workbooks and report.html, so a
        // month published before is rebuilt once.
        let text = "weigai month v2 \(p)\n" + lines.sorted().joined(separator: "\n")
        return SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
