import Foundation
import Forms
import Logging
import Store

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
    /// Why it was rebuilt.
    public var reason = ""
}

/// What a run did and found.
public struct RunOutcome: Sendable {
    public var intake: IntakeReport
    /// The months rebuilt, or when none needed it the latest month in the archive.
    public var reports: [PeriodReport]
    /// When the history store was begun anew at the start of the run: why, in Chinese.
    public var store: String?
    /// The last month rebuilt as the run held it (its extractions, audit, window, ledger and
    /// outputs) and the archive's entries, handed out rather than freed as the run returns: a
    /// process that ends after the run lets the system take it back at once, where freeing a
    /// national month object by object took 0.2 s on one core (and the entries of a 24-month
    /// archive and the outputs of its month, 26 M instructions).
    public var held: (any Sendable)?

    /// Anomalies of severity error in a month reported on (exit status 1).
    public var hasErrors: Bool { reports.contains { $0.errors > 0 } }

    /// The summary printed at the end of the run.
    public var text: String {
        var out = store.map { "历史库：\($0)\n" } ?? ""
        let t = intake.taken
        let count = { (k: ArchiveEntry.Kind) in t.filter { $0.kind == k }.count }
        out += "本次收取 \(t.count) 个文件：归档 \(count(.archived))，盖章件 \(count(.scan))，隔离 \(count(.quarantined))，重复 \(count(.duplicate))"
        out += intake.settling.isEmpty ? "。\n" : "；\(intake.settling.count) 个文件仍在写入，留待下次运行。\n"
        for e in t where e.kind == .quarantined {
            out += "  隔离：\(e.source) → \(e.path)（\(Archive.split(reason: e.reason).message)）\n"
        }
        let rebuilt = reports.filter(\.rebuilt)
        if !rebuilt.isEmpty {
            out += "本次重建 \(rebuilt.count) 个月：" + rebuilt.map { "\($0.period.chinese)（\($0.reason)）" }.joined(separator: "、") + "\n"
        }
        for r in rebuilt {
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
    /// False to run without saving to the history store (`HistoryStore.saving`), for measuring what it costs.
    public var storeSaving = true
    public var logger: Logger
    /// Told (done, total) while a batch is read.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// Tests stop a publication here, as a kill would.
    var fault: PublishFault?
    /// Tests stop the store's writes here.
    var storeFault: StoreFault?

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
        do {
            return try locked(time: time)
        } catch StoreError.damaged(let path, let detail) {
            // Damage found past opening (a malformed page): aside with it, and the run again on a new store.
            let aside = try HistoryStore.moveAside(path)
            logger.warning("store: \(path) is damaged (\(detail)); moved to \(aside) and rebuilt from the archive")
            return try locked(time: time, damaged: (aside, detail))
        }
    }

    private func locked(time: LocalTime, damaged: (String, String)? = nil) throws -> RunOutcome {
        var archive = try Archive(layout: layout, time: time)
        try archive.recover(logger: logger)
        var publisher = Publisher(layout: layout)
        publisher.fault = fault
        try publisher.recover(logger: logger)

        let store = try HistoryStore(path: layout.store, extractorVersion: FormReader.version, tables: StoreTables.all(config),
                                     saving: storeSaving)
        var rebuild = store.rebuild
        if rebuild == .absent && archive.entries.isEmpty { rebuild = nil }  // the first run of all: nothing to tell
        if let (aside, detail) = damaged { rebuild = .damaged(movedTo: aside, detail: detail) }
        if let rebuild { logger.notice("store: \(StoreNotice.text(rebuild, path: layout.store))") }

        let reader = SubmissionReader(reader: FormReader(knownDistricts: config.roster), converter: LegacyConverter(config: config),
                                      logger: logger)
        let intake = Intake(layout: layout, config: config, time: time, reader: reader, now: now, logger: logger, progress: progress)
        var (report, cache) = try intake.run(into: &archive) { taken, read in try HistorySync.save(taken, read, in: store) }

        let live = archive.entries.filter { $0.kind != .duplicate }
        let sync = HistorySync(layout: layout, store: store, config: config, time: time, reader: reader, logger: logger,
                               progress: progress, live: live)
        if storeFault == .storeAfterIntake { throw RunError.io(path: layout.store, detail: "injected fault \(storeFault!)") }
        let (foundDigest, archiveDigest) = archive.digests(HistorySync.archiveTrailer(config))
        let storedDigest = try store.archiveDigest()
        // Settled over the archive as the run found it, before it took its files: what the store
        // holds of the others, and their months' digests, stand.
        let settled = !rebuildAll && storedDigest == foundDigest
        let months = Set(live.flatMap(\.periods)).sorted()
        // Of the files read again, only the latest month's are kept at hand, as intake keeps its own.
        let latest = archive.latestPeriod
        for (path, f) in try sync.reconcile(everything: rebuildAll, settled: settled, took: Set(report.taken.map(\.path)),
                                            keep: { e in latest.map(e.periods.contains) ?? false }) {
            cache[path] = f
        }
        let published = try store.publishedMonths()
        try store.forgetPublished(published.keys.filter { !months.contains($0) })
        let unchanged = !rebuildAll && storedDigest == archiveDigest
            && months.allSatisfy { p in published[p].map { publisher.mark(p)?.digest == $0.digest } ?? false }

        var stale: [(Period, MonthInputs, String)] = []
        // The digest of what the ledger through each month is built from (for month p's
        // inputs, that of the month before it); one month past the last closes the chain.
        let chain = months.last.map {
            sync.ledgerDigests(months + [$0.next], stored: settled ? published : nil, taken: report.taken)
        } ?? [:]
        if !unchanged {
            // Each month's digests cost its window of the archive (about 3,600 lines at 24 months):
            // those of the months this run's files cannot have changed are the store's.
            let changed = sync.changedMonths(settled: settled, taken: report.taken)
            let digests = sync.inputs(months.filter { p in changed.map { $0.contains(p) } ?? true || published[p] == nil },
                                      clues: chain)
            for p in months {
                let inputs = digests[p] ?? published[p].map { HistorySync.inputs(own: $0.own, earlier: $0.earlier, clues: chain[p]!) }!
                if let why = reason(p, inputs, stored: published[p], mark: publisher.mark(p)) { stale.append((p, inputs, why)) }
            }
        }
        // What this run read is in the store now. Only the last month to rebuild (a usual run's:
        // the month the new files are for) is taken from memory; an earlier one decodes its own
        // from the store, so a run rebuilding many months (a store made anew from the archive)
        // holds one month's extractions at a time, not the archive's.
        if let last = stale.last?.0 {
            let lastMonth = Set(live.filter { $0.periods.contains(last) }.map(\.path))
            cache = cache.filter { lastMonth.contains($0.key) }
        } else {
            cache = [:]
        }

        var reports: [PeriodReport] = []
        let auditor = Auditor(config: config)
        var carried: (Period, ClueLedger)?
        var held: (any Sendable)?
        for (p, inputs, why) in stale {
            held = nil  // the month before let go of now, not held beside this one
            let files = live.filter { $0.periods.contains(p) }
            let workbooks = files.filter { $0.kind != .scan }
            let stored = try store.extractions(workbooks.filter { cache[$0.path] == nil }.map(\.sha256))
            let extracted = try workbooks.map { e in
                guard let f = cache[e.path] ?? stored[e.sha256] else {
                    throw RunError.io(path: layout.store, detail: "no stored extraction of \(e.path)")
                }
                return f
            }
            // Each register's ledger slots made once, on both cores: the recall of retired clues
            // reads them, and the audit's listings.
            var month = Parallel.map(extracted.count) { i in
                Received(extracted[i], receivedAt: workbooks[i].receivedAt, ledgerSlots: extracted[i].registers.map(\.ledgerSlots))
            }
            // The earlier months' tables are decoded (on every core) while the ledger is taken
            // from the store, whose snapshot decodes on one.
            let reading = Background { [sync] in try sync.history(p) }
            let before: (ClueLedger, RecalledClues)
            do {
                before = try ledgerBefore(p, months: months, carried: &carried, chain: chain, month: month, store: store, sync: sync)
            } catch {
                _ = try? reading.wait()  // nothing left reading the store past the run's lock
                throw error
            }
            let (ledger, recalled) = before
            var history = try reading.wait().0
            history.ledger = ledger
            let audit = auditor.audit(period: p, files: month, history: history)
            // The slots are the ledger's now, not held beside the publication (1.6 MB nationally).
            for i in month.indices { month[i].ledgerSlots = nil }
            // The month's ledger is stored as settled while its outputs, which read it as recorded,
            // are made and published; it is settled in place when the next month takes it up.
            let (digest, keep) = (chain[months.first(where: { $0 > p }) ?? p.next]!, Set(months.suffix(2)))
            let saving = Background { [store] () throws -> Int in
                try store.saveLedger(audit.ledger, after: months.last(where: { $0 < p }), recalled: recalled, digest: digest,
                                     snapshot: keep.contains(p), keeping: keep)
            }
            let outputs = PeriodOutputs(period: p, audit: audit, entries: files,
                                        diffs: ResubmissionDiff.diffs(month, period: p, auditor: auditor), history: history,
                                        config: config, time: time)
            let s = outputs.summary
            // The month's tables are stored beside the publication too, after its ledger, each
            // handed over by the publisher as it is written. In either order a kill leaves the
            // month to rebuild: it is current only when the store and the published folder's
            // mark both say so.
            let (tables, fault) = (TableHandoff(), storeFault)
            let storing = Background { [store] () throws -> (Int, UInt64) in
                defer { tables.close() }
                let closed = try saving.wait().0
                if fault == .storeBeforeMonth { throw RunError.io(path: store.path, detail: "injected fault \(fault!)") }
                let start = DispatchTime.now().uptimeNanoseconds
                try store.savePublished(p, inputs: inputs, tables: tables.next)
                return (closed, (DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
            }
            do {
                try publisher.publish(p, files: outputs.files, mark: PublishedMark(digest: inputs.digest, errors: s.errors, warnings: s.warnings),
                                      tables: tables)
                if let dir = config.receiptsDir { try ReceiptCopy.copy(published: layout.period(p), period: p, to: dir) }
            } catch {
                _ = try? storing.wait()  // never leave the store's writes running past the run's lock
                throw error
            }
            let ((closed, tablesMs), waited) = try storing.wait()
            logger.info("ledger: \(p) saved (\(audit.ledger.entries.count - closed) open, \(closed) closed, \(audit.ledger.revivedLast.count) brought back) in \(saving.milliseconds) ms beside the publication")
            logger.info("store: \(p)'s tables saved as they were written, in \(tablesMs) ms; the run then waited \(waited) ms for the store")
            carried = (p, audit.ledger)
            held = (month, history, audit, outputs)
            logger.notice("publish: \(p) rebuilt from \(files.count) files (\(why)): \(s.errors) errors, \(s.warnings) warnings → \(layout.period(p))")
            reports.append(PeriodReport(period: p, folder: layout.period(p), rebuilt: true, errors: s.errors, warnings: s.warnings,
                                        summary: s.text, reason: why))
        }
        try store.settle(archiveDigest: archiveDigest)
        try store.close()
        if reports.isEmpty, let latest = months.last, let mark = publisher.mark(latest) {
            reports.append(PeriodReport(period: latest, folder: layout.period(latest), rebuilt: false, errors: mark.errors,
                                        warnings: mark.warnings, summary: ""))
        }
        return RunOutcome(intake: report, reports: reports, store: rebuild.map { StoreNotice.text($0, path: layout.store) },
                          held: (held, archive.entries))
    }

    /// The clue ledger through the month before `p`, with the retired clues `p`'s registers list:
    /// carried from the month just rebuilt (taken, to be settled in place), or the store's
    /// snapshot of the month before, or, when it has none for these files, replayed from every
    /// earlier register in the store.
    /// A part of it the store cannot decode is replaced: the ledger is replayed and stored anew.
    private func ledgerBefore(_ p: Period, months: [Period], carried: inout (Period, ClueLedger)?, chain: [Period: String],
                              month: [Received], store: HistoryStore, sync: HistorySync) throws -> (ClueLedger, RecalledClues) {
        do {
            return try ledgerBefore(p, months: months, carried: &carried, chain: chain, month: month, store: store, sync: sync,
                                    replay: false)
        } catch StoreError.ledgerUndecodable(_, let what, let detail) {
            logger.warning("store: the clue ledger's \(what) cannot be read (\(detail)); replaying the ledger from the registers")
            return try ledgerBefore(p, months: months, carried: &carried, chain: chain, month: month, store: store, sync: sync,
                                    replay: true)
        }
    }

    private func ledgerBefore(_ p: Period, months: [Period], carried: inout (Period, ClueLedger)?, chain: [Period: String],
                              month: [Received], store: HistoryStore, sync: HistorySync, replay: Bool) throws -> (ClueLedger, RecalledClues) {
        let start = DispatchTime.now().uptimeNanoseconds
        let q = months.last(where: { $0 < p })
        var ledger: ClueLedger
        var how: String
        if !replay, let last = carried?.0, last == q {
            // Taken, not copied: the month before's audit and outputs are gone, so it settles in place.
            ledger = carried.take()!.1
            _ = ledger.settle()
            how = "carried from \(last)"
        } else if !replay, let q, !rebuildAll, let saved = try store.ledger(through: q, digest: chain[p]!) {
            ledger = saved
            how = "from the store's ledger through \(q)"
        } else {
            var history = History()
            history.clues = try sync.clueListings(before: p)
            ledger = history.ledger(before: p, stages: config.dispositionStages)
            _ = ledger.settle()
            try store.replaceLedger(retired: ledger.retiredClues)
            how = "replayed from \(history.clues.values.map(\.count).reduce(0, +)) earlier registers"
        }
        ledger.forgetRetired()
        let followed = ledger  // read, not copied a slot at a time as the variable was
        let slots = month.flatMap { r in (r.ledgerSlots ?? r.extracted.registers.map(\.ledgerSlots)).joined() }
            .filter { !followed.follows($0) }
        let recalled = try store.retiredClues(slots: slots, asOf: q)
        ledger.recall(recalled.clues)
        let ms = (DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
        logger.info("ledger: \(p) \(how), \(ledger.entries.count) clues followed, \(recalled.clues.count) retired ones recalled in \(ms) ms")
        return (ledger, recalled)
    }

    /// Why month `p` must be rebuilt, or nil when its outputs are current.
    private func reason(_ p: Period, _ inputs: MonthInputs, stored: MonthInputs?, mark: PublishedMark?) -> String? {
        if rebuildAll { return "全部重建（--rebuild-all）" }
        guard let stored else { return mark == nil ? "首次发布" : "历史库中没有这个月，从归档重建" }
        if stored.own != inputs.own { return "本月收到新的或更正的文件" }
        if stored.earlier != inputs.earlier { return "前\(max(1, config.historyMonths))个月的文件有变化（跨期核对）" }
        if stored.clues != inputs.clues { return "更早月份的文件有变化（线索台账）" }
        if mark?.digest != inputs.digest { return "上次发布没有完成" }
        return nil
    }
}
