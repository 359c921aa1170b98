import Crypto
import Foundation
import Forms
import Logging
import Store

/// The run's side of the history store: keeps it in step with the archive index, and gives a
/// month's rebuild what it needs from it — the month's own extractions, and the history its
/// cross-period checks read — so no workbook of an earlier month is read again.
struct HistorySync {
    let layout: RunLayout
    let store: HistoryStore
    let config: Configuration
    let time: LocalTime
    let reader: FormReader
    let logger: Logger
    let progress: (@Sendable (Int, Int) -> Void)?
    /// The archive's readable and quarantined files (duplicates are never processed), in index order.
    let live: [ArchiveEntry]

    /// How many files are read from the archive and stored in one transaction.
    static let batch = 500

    static func key(_ e: ArchiveEntry) -> StoredWorkbookKey {
        StoredWorkbookKey(name: e.name, receivedAt: Int64(e.receivedAt.timeIntervalSince1970))
    }

    /// Stores what intake read (each new workbook is read once, there).
    func saveIntake(_ taken: [ArchiveEntry], _ cache: [String: ExtractedFile]) throws {
        let items = taken.filter { $0.kind != .duplicate }.compactMap { e in
            cache[e.path].map { WorkbookExtraction(name: e.name, receivedAt: Self.key(e).receivedAt, extracted: $0) }
        }
        try store.save(items)
    }

    /// Makes the store hold exactly the archive's files: forgets what the archive does not list,
    /// and reads from the archive what the store lacks (after a kill, a lost or rebuilt store,
    /// another extractor version) — or, with `everything`, every file. Returns the files read.
    func reconcile(everything: Bool, skipping fresh: Set<String>) throws -> [String: ExtractedFile] {
        let stored = try store.workbooks()
        var wanted: [String: StoredWorkbookKey] = [:]
        for e in live { wanted[e.sha256] = Self.key(e) }
        let stray = stored.filter { wanted[$0.key] != $0.value }.map(\.key).sorted()
        if !stray.isEmpty { logger.notice("store: forgetting \(stray.count) workbooks the archive index does not list as stored") }
        try store.remove(stray)

        let missing = live.filter { e in !fresh.contains(e.path) && (everything || stored[e.sha256] != Self.key(e)) }
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
                return reader.read(path: layout.path(e.path), displayName: e.name, received: time.day(e.receivedAt))
                    .filed(receivedIn: time.period(e.receivedAt))
            }
            try store.save(zip(part, files).map { WorkbookExtraction(name: $0.name, receivedAt: Self.key($0).receivedAt, extracted: $1) })
            for (e, f) in zip(part, files) { read[e.path] = f }
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

    /// Archived files, by sha256, in the order the checks take them: by received time, then index order.
    private var order: [String: (Date, Int)] {
        var out: [String: (Date, Int)] = [:]
        for (i, e) in live.enumerated() where e.kind == .archived { out[e.sha256] = (e.receivedAt, i) }
        return out
    }

    /// The earlier registrations of the month's clues, as `History.clues` holds them: for each
    /// district and fingerprint the earliest month, and there the first received.
    func clueHistory(_ p: Period) throws -> [String: [String: (period: Period, id: String)]] {
        let order = self.order
        let sightings = try store.earlierSightings(of: p).filter { order[$0.sha256] != nil }.sorted { a, b in
            let x = order[a.sha256]!, y = order[b.sha256]!
            return (x.0, x.1, a.position) < (y.0, y.1, b.position)
        }
        var clues: [String: [String: (period: Period, id: String)]] = [:]
        for s in sightings where clues[s.district]?[s.fingerprint].map({ $0.period > s.period }) ?? true {
            clues[s.district, default: [:]][s.fingerprint] = (s.period, s.clueID)
        }
        return clues
    }

    /// What the checks of month `p` read of earlier months: the latest received Attachment 1 of
    /// each district in the window, and the earlier registrations of the month's clues.
    func history(_ p: Period, clues: [String: [String: (period: Period, id: String)]]) throws -> History {
        let order = self.order
        let reports = try store.attachment1Reports(in: window(p)).filter { order[$0.sha256] != nil }.sorted { a, b in
            let x = order[a.sha256]!, y = order[b.sha256]!
            return (x.0, x.1, a.position) < (y.0, y.1, b.position)
        }
        var h = History()
        for r in reports {
            guard let d = r.report.meta.district, let q = r.report.meta.period else { continue }
            h.attachment1[d, default: [:]][q] = r.report
        }
        h.clues = clues
        return h
    }

    /// The digest of the earlier registrations of the month's clues.
    static func clueDigest(_ p: Period, _ clues: [String: [String: (period: Period, id: String)]]) -> String {
        var lines: [String] = []
        for (d, seen) in clues {
            for (fingerprint, first) in seen { lines.append([d, fingerprint, first.period.description, first.id].joined(separator: "\t")) }
        }
        return hash("weigai month v2 \(p) clues\n" + lines.sorted().joined(separator: "\n"))
    }

    /// The digests of what month `p` is built from; `clues` is `clueDigest`.
    func inputs(_ p: Period, clues clueDigest: String) -> MonthInputs {
        func lines(_ list: [ArchiveEntry]) -> String {
            list.map { e in
                [e.sha256, e.kind.rawValue, e.name, String(Int(e.receivedAt.timeIntervalSince1970)),
                 e.periods.map(\.description).joined(separator: ",")].joined(separator: "\t")
            }.sorted().joined(separator: "\n")
        }
        let window = Set(window(p))
        let own = Self.hash("weigai month v2 \(p) own\n" + lines(live.filter { $0.periods.contains(p) }))
        let earlier = Self.hash("weigai month v2 \(p) earlier\n"
                                + lines(live.filter { $0.kind == .archived && $0.periods.contains(where: window.contains) }))
        return MonthInputs(own: own, earlier: earlier, clues: clueDigest, digest: Self.hash([own, earlier, clueDigest].joined(separator: "\n")))
    }

    /// What the whole archive holds: when it matches the store's record and every month's mark,
    /// nothing changed since the last complete run.
    static func archiveDigest(_ live: [ArchiveEntry], config: Configuration) -> String {
        let lines = live.map { e in
            [e.sha256, e.kind.rawValue, e.name, String(Int(e.receivedAt.timeIntervalSince1970)),
             e.periods.map(\.description).joined(separator: ",")].joined(separator: "\t")
        }
        return hash("weigai archive v1 history_months \(config.historyMonths)\n" + lines.sorted().joined(separator: "\n"))
    }

    static func hash(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
