import Foundation
import Forms
import Logging
import Store

/// The run's side of the history store: keeps it in step with the archive index, and gives a
/// month's rebuild what it needs from it — the month's own extractions, the Attachment 1 tables
/// its cross-period checks and trends read, and the earlier registers the clue ledger replays —
/// so no workbook of an earlier month is read again.
struct HistorySync {
    let layout: RunLayout
    let store: HistoryStore
    let config: Configuration
    let time: LocalTime
    let reader: SubmissionReader
    let logger: Logger
    let progress: (@Sendable (Int, Int) -> Void)?
    /// The archive's readable and quarantined files and scans (duplicates are never processed), in index order.
    let live: [ArchiveEntry]
    /// Their digest lines, made for the digests the run takes.
    let lines: DigestLines

    init(layout: RunLayout, store: HistoryStore, config: Configuration, time: LocalTime, reader: SubmissionReader,
         logger: Logger, progress: (@Sendable (Int, Int) -> Void)?, live: [ArchiveEntry]) {
        (self.layout, self.store, self.config, self.time, self.reader) = (layout, store, config, time, reader)
        (self.logger, self.progress, self.live) = (logger, progress, live)
        lines = DigestLines(live)
    }

    /// How many files are read from the archive and stored in one transaction.
    static let batch = 500

    static func key(_ e: ArchiveEntry) -> StoredWorkbookKey {
        StoredWorkbookKey(name: e.name, receivedAt: Int64(e.receivedAt.timeIntervalSince1970))
    }

    /// Stores what intake read (each new workbook is read once, there), a chunk at a time.
    static func save(_ taken: [ArchiveEntry], _ read: [String: ExtractedFile], in store: HistoryStore) throws {
        let items = taken.filter { $0.kind != .duplicate }.compactMap { e in
            read[e.path].map { WorkbookExtraction(name: e.name, receivedAt: key(e).receivedAt, extracted: $0) }
        }
        try store.save(items)
    }

    /// Makes the store hold exactly the archive's files: forgets what the archive does not list,
    /// and reads from the archive what the store lacks (after a kill, a lost or rebuilt store,
    /// another extractor version) — or, with `everything`, every file but those intake `took`
    /// (archive paths), which it stored. When the store was `settled` over the archive as the run
    /// found it, before intake, it holds every other file already (only a complete run settles
    /// it): nothing is read, nor the store's list of workbooks (7,200 at 24 months). Returns the
    /// files read that `keep` asks for: the others are let go of once stored, a batch at a time, so
    /// that a store made anew from a long archive holds one batch and the files kept, not the archive.
    func reconcile(everything: Bool, settled: Bool, took: Set<String>, keep: (ArchiveEntry) -> Bool) throws -> [String: ExtractedFile] {
        guard everything || !settled else { return [:] }
        let stored = try store.workbooks()
        var wanted: [String: StoredWorkbookKey] = [:]
        for e in live where e.kind != .scan { wanted[e.sha256] = Self.key(e) }
        let stray = stored.filter { wanted[$0.key] != $0.value }.map(\.key).sorted()
        if !stray.isEmpty { logger.notice("store: forgetting \(stray.count) workbooks the archive index does not list as stored") }
        try store.remove(stray)
        // A scan has no tables: nothing to store.
        let missing = live.filter { e in e.kind != .scan && !took.contains(e.path) && (everything || stored[e.sha256] != Self.key(e)) }
        guard !missing.isEmpty else { return [:] }
        logger.info("store: reading \(missing.count) archived files")
        var read: [String: ExtractedFile] = [:]
        var done = 0
        for start in stride(from: 0, to: missing.count, by: Self.batch) {
            let part = Array(missing[start..<min(start + Self.batch, missing.count)])
            let offset = done
            let files = Parallel.map(part.count, done: progress.map { p in { @Sendable n in p(offset + n, missing.count) } }) {
                [layout, reader, time] i in
                let e = part[i]
                return reader.read(e, layout: layout, received: time.day(e.receivedAt))
                    .filed(receivedIn: time.period(e.receivedAt))
            }
            try store.save(zip(part, files).map { WorkbookExtraction(name: $0.name, receivedAt: Self.key($0).receivedAt, extracted: $1) })
            for (e, f) in zip(part, files) where keep(e) { read[e.path] = f }
            done += part.count
        }
        return read
    }

    // MARK: a month's inputs

    /// The months before `p` whose Attachment 1 the cross-period checks read (at least the
    /// previous one, for "copied from last month").
    func window(_ p: Period) -> [Period] {
        var out: [Period] = []
        var q = p
        for _ in 0..<max(1, config.historyMonths) {
            q = q.previous
            out.append(q)
        }
        return out
    }

    /// Archived files reporting one of `months` (all when nil), by sha256, in the order the
    /// checks take them: by received time, then index order.
    private func order(_ months: Set<Period>? = nil) -> [String: (Date, Int)] {
        var out: [String: (Date, Int)] = [:]
        for (i, e) in live.enumerated() where e.kind == .archived && months.map({ e.periods.contains(where: $0.contains) }) ?? true {
            out[e.sha256] = (e.receivedAt, i)
        }
        return out
    }

    /// What the checks of month `p` read of earlier months: the latest received Attachment 1 of
    /// each district in the window of the cross-period checks and the report's trends.
    func history(_ p: Period) throws -> History {
        let checked = Set(window(p))
        // The months before the checks' window that the trends chart: their key figures alone.
        let charted = Set(Trends.window(ending: p.previous, count: 12)).subtracting(checked)
        let months = Array(checked.union(charted))
        // Only the files of those months: their sha256s hashed, not the archive's.
        let order = self.order(Set(months))
        // Each table's place looked up once, not twice a comparison (a sha256's String hashed each time).
        var reports = try store.attachment1Figures(in: months, charted: charted).compactMap { r in
            order[r.sha256].map { (place: ($0.0, $0.1, r.position), table: r) }
        }
        reports.sort { $0.place < $1.place }
        var h = History()
        for (_, r) in reports {
            guard let d = r.district, let q = r.period else { continue }
            switch r.figures {
            case .all(let figures): h.attachment1[d, default: [:]][q] = figures
            case .key(let key): h.charted[d, default: [:]][q] = key
            }
        }
        return h
    }

    /// The clues each district's accepted Attachment 2 listed in every month before `p` (the latest
    /// received register of each district and month), for the clue ledger.
    func clueListings(before p: Period) throws -> [String: [Period: [ClueListing]]] {
        let order = self.order()
        var out: [String: [Period: [ClueListing]]] = [:]
        let earlier = live.filter { $0.kind == .archived && $0.periods.contains { $0 < p } }.map(\.sha256)
        let registers = try store.registers(of: earlier, before: p).sorted { a, b in order[a.sha256]! < order[b.sha256]! }
        for r in registers { out[r.district, default: [:]][r.period] = r.listings }
        return out
    }

    /// For each month, the digest of every archived file of an earlier month: what its clue
    /// ledger is replayed from. Chained month by month, so it costs one pass over the index.
    /// `stored`, the published months' records when the store was settled over the archive as
    /// the run found it, before the files `taken`: the chain through the first month an archived
    /// taken file reports is as they recorded it (when each month up to there has one), and is
    /// hashed from there on.
    func ledgerDigests(_ months: [Period], stored: [Period: MonthInputs]?, taken: [ArchiveEntry]) -> [Period: String] {
        var byFirst: [Period: [Int]] = [:]
        for (i, e) in live.enumerated() where e.kind == .archived {
            guard let first = e.periods.min() else { continue }
            byFirst[first, default: []].append(i)
        }
        var out: [Period: String] = [:]
        var chain = "weigai ledger v1"
        var pending = byFirst.keys.sorted()[...]
        if let stored {
            let after = Self.firstArchived(taken)
            let known = months.prefix { p in stored[p] != nil && after.map { p <= $0 } ?? true }
            for p in known { out[p] = stored[p]!.clues }
            if let last = known.last {
                chain = out[last]!
                pending = pending.drop { $0 < last }
            }
        }
        for p in months where out[p] == nil {
            while let q = pending.first, q < p {
                chain = lines.digest(chain, byFirst[q]!)
                pending = pending.dropFirst()
            }
            out[p] = chain
        }
        return out
    }

    /// The digests of what each month is built from; `clues` is their `ledgerDigests`. Each
    /// month's files are found through an index by month, so the digests cost the index once,
    /// not once a month.
    func inputs(_ months: [Period], clues: [Period: String]) -> [Period: MonthInputs] {
        var own: [Period: [Int]] = [:], archived: [Period: [Int]] = [:]
        for (i, e) in live.enumerated() {
            for p in e.periods {
                own[p, default: []].append(i)
                if e.kind == .archived { archived[p, default: []].append(i) }
            }
        }
        // Each month's on its own core: the windows overlap, so the archive's text is hashed
        // some `history_months` times over.
        let places = months.map { p in (own[p] ?? [], window(p).flatMap { archived[$0] ?? [] }) }
        let lines = self.lines
        let made = lines.lines(places.lazy.flatMap { $0.0 + $0.1 })
        let digests = Parallel.map(months.count) { i in
            (lines.digest("\(Self.monthDigests) \(months[i]) own", places[i].0, made),
             lines.digest("\(Self.monthDigests) \(months[i]) earlier", places[i].1, made))
        }
        var out: [Period: MonthInputs] = [:]
        for (p, (mine, earlier)) in zip(months, digests) {
            out[p] = Self.inputs(own: mine, earlier: earlier, clues: clues[p]!)
        }
        return out
    }

    /// A month's inputs from its three digests, with the one its published mark records.
    static func inputs(own: String, earlier: String, clues: String) -> MonthInputs {
        MonthInputs(own: own, earlier: earlier, clues: clues, digest: hash([own, earlier, clues].joined(separator: "\n")))
    }

    /// The months' digests' form, named in the archive's digest too: a store whose months were
    /// digested otherwise never keeps their stored digests (`changedMonths`).
    static let monthDigests = "weigai month v2"

    /// What the archive's digest (`Archive.digests`) takes after the index: the settings the
    /// months' digests depend on.
    static func archiveTrailer(_ config: Configuration) -> String {
        "weigai archive v2 history_months \(config.historyMonths) \(monthDigests)"
    }

    /// The months whose inputs can differ from those the store recorded, when the store was
    /// `settled` over the archive as the run found it, before the files `taken`: the months a taken
    /// file reports, and after an archived one's first, every later month (its window and its
    /// clue ledger). Nil when the store was settled over anything else: then any month's may.
    func changedMonths(settled: Bool, taken: [ArchiveEntry]) -> Set<Period>? {
        guard settled else { return nil }
        var months = Set<Period>()
        for e in taken where e.kind != .duplicate { months.formUnion(e.periods) }
        if let after = Self.firstArchived(taken) { months.formUnion(live.flatMap(\.periods).filter { $0 > after }) }
        return months
    }

    /// The first month an archived one of `taken` reports: the ledger's chain changes after it.
    static func firstArchived(_ taken: [ArchiveEntry]) -> Period? {
        taken.filter { $0.kind == .archived }.compactMap { $0.periods.min() }.min()
    }

    static func hash(_ text: String) -> String {
        FormReader.sha256(Array(text.utf8))
    }
}
