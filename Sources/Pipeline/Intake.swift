import Foundation
import Forms
import Logging

/// What one intake did with the inbox.
public struct IntakeReport: Sendable {
    /// Files taken this run, of every kind, in the order received.
    public var taken: [ArchiveEntry] = []
    /// Left in the inbox: changed too recently, may still be copying, or a workbook whose lock
    /// file is fresh (it is open in Excel or WPS).
    public var settling: [String] = []
}

/// Takes every settled file out of the inbox: reads it once (on every core), identifies it by
/// its sha256, files it under the months it reports, and moves it to the archive (a workbook,
/// converted first when it is a legacy one, or a stamped scan), to the quarantine when it is
/// neither (with the reason), or beside its twin when the same content came before.
struct Intake: Sendable {
    let layout: RunLayout
    let config: Configuration
    let time: LocalTime
    let reader: SubmissionReader
    let now: Date
    let logger: Logger
    let progress: (@Sendable (Int, Int) -> Void)?
    /// What the batch's files read alike, held once (`SharedParts`).
    private let parts = SharedParts()

    private struct Candidate: Sendable {
        let source: String
        let receivedAt: Date
        let size: Int64
    }

    private enum Reading: Sendable {
        case read(SubmissionReader.Reading)
        /// Changed while it was read, or could not be read: left for the next run.
        case busy(String)
    }

    /// How many files intake reads, files and moves at a time (a national month's all at once).
    var chunk = 4096

    /// Moves the settled files and returns what was done, with the extractions (by archive path)
    /// of the new archived or quarantined files that report the latest month, so publishing does
    /// not read them again. In the order received, `chunk` files at a time, each chunk is read
    /// (on every core), indexed, then moved while it is handed to `save` (with its extractions)
    /// on another thread, before the next is read: a first run over a backlog of months holds a
    /// chunk and the latest month, not the backlog (7,200 workbooks for 24 months of 300 districts).
    func run(into archive: inout Archive, save: @escaping @Sendable ([ArchiveEntry], [String: ExtractedFile]) throws -> Void)
        throws -> (IntakeReport, [String: ExtractedFile]) {
        var report = IntakeReport()
        var settled: [Candidate] = []
        let candidates = scan()
        let fresh = { (c: Candidate) in now.timeIntervalSince(c.receivedAt) < Double(config.settleSeconds) }
        let held = LockFiles.held(candidates.filter(fresh).map(\.source), among: candidates.map(\.source))
        for c in candidates {
            if fresh(c) {
                report.settling.append(c.source)
                logger.info("intake: \(c.source) changed less than \(config.settleSeconds) s ago; left for the next run")
            } else if held.contains(c.source) {
                report.settling.append(c.source)
                logger.info("intake: \(c.source) has a fresh lock file (open in Excel or WPS); left for the next run")
            } else {
                settled.append(c)
            }
        }
        let ordered = settled.sorted { ($0.receivedAt, $0.source) < ($1.receivedAt, $1.source) }
        var cache: [String: (periods: [Period], file: ExtractedFile)] = [:]
        var promised = Set<String>()
        var sources = Set(archive.entries.filter { $0.kind != .duplicate }.map(\.source))
        for start in stride(from: 0, to: ordered.count, by: chunk) {
            let batch = Array(ordered[start..<min(start + chunk, ordered.count)])
            let done = progress.map { p in { @Sendable (n: Int) in p(start + n, ordered.count) } }
            let readings = Parallel.map(batch.count, done: done) { i in read(batch[i]) }
            var extractions: [String: ExtractedFile] = [:]
            var converted: [(sha256: String, xlsx: [UInt8])] = []
            var new: [ArchiveEntry] = []
            var firstInBatch: [String: ArchiveEntry] = [:]  // those of earlier chunks are the archive's
            for (c, reading) in zip(batch, readings) {
                guard case .read(var got) = reading else {
                    if case .busy(let why) = reading { logger.info("intake: \(c.source): \(why); left for the next run") }
                    report.settling.append(c.source)
                    continue
                }
                let month = time.period(c.receivedAt)
                let base = FormReader.fileName(c.source)
                let sha = got.sha256
                var entry = ArchiveEntry(sha256: sha, kind: .archived, path: "", source: c.source, name: c.source,
                                         receivedAt: c.receivedAt, periods: [])
                if let first = archive.original(sha256: sha) ?? firstInBatch[sha] {
                    entry.kind = .duplicate
                    entry.periods = first.periods
                    entry.path = archive.freeName(in: first.kind == .quarantined ? "quarantine" : "archive/duplicates", base, taken: &promised)
                    logger.notice("intake: \(c.source) has the same content as \(first.source); moved to \(entry.path), not processed again")
                } else {
                    // Two different files dropped under one name stay apart in every message.
                    if !sources.insert(c.source).inserted {
                        entry.name = c.source + "#" + sha.prefix(8)
                        guard case .read(let renamed) = read(c, displayName: entry.name), renamed.sha256 == sha else {
                            report.settling.append(c.source)
                            continue
                        }
                        got = renamed
                    }
                    let extracted: ExtractedFile, xlsx: [UInt8]?
                    switch got {
                    case .workbook(let f, let converted):
                        (extracted, xlsx) = (f, converted)
                    case .scan(_, let format):
                        entry.kind = .scan
                        entry.path = archive.freeName(in: "archive", String(sha.prefix(12)) + "-" + base, taken: &promised)
                        entry.periods = [StampedCopies.period(c.source, received: month)]
                        logger.info("intake: \(c.source) is a stamped scan (\(format.rawValue)); archived as \(entry.path)")
                        firstInBatch[sha] = entry
                        new.append(entry)
                        continue
                    }
                    if let xlsx, !extracted.unreadable { converted.append((sha, xlsx)) }
                    if extracted.unreadable {
                        entry.kind = .quarantined
                        entry.path = archive.freeName(in: "quarantine", base, taken: &promised)
                        entry.reason = Archive.reason(extracted.anomalies.first)
                        logger.notice("intake: \(c.source) is not a readable workbook; quarantined as \(entry.path): \(extracted.readError ?? entry.reason)")
                    } else {
                        entry.path = archive.freeName(in: "archive", String(sha.prefix(12)) + "-" + base, taken: &promised)
                        logger.info("intake: \(c.source) archived as \(entry.path)")
                    }
                    entry.periods = extracted.periods(receivedIn: month)
                    extractions[entry.path] = extracted.filed(receivedIn: month)
                    firstInBatch[sha] = entry
                }
                new.append(entry)
            }
            guard !new.isEmpty else { continue }

            // The index first, then the moves: a crash in between leaves moves the next run completes.
            // What was read is stored while the files move (a national month's 3,000 renames, one
            // after another under the folder's lock): the store follows the index, written before.
            try archive.add(new)
            let (stored, moved) = Parallel.beside({ [new, extractions] in Result { try save(new, extractions) } }) {
                Result {
                    for e in new { try archive.moveIn(e) }
                    for folder in [layout.archive, layout.duplicates, layout.quarantine] { try Files.sync(folder) }
                    try keep(converted)
                }
            }
            try moved.get()
            try stored.get()
            report.taken += new
            for e in new { if let f = extractions[e.path] { cache[e.path] = (e.periods, f) } }
            let latest = archive.latestPeriod
            cache = cache.filter { $0.value.periods.contains { $0 == latest } }
        }
        return (report, cache.mapValues(\.file))
    }

    /// The .xlsx LibreOffice made of each legacy workbook taken, kept by the original's sha256
    /// (`archive/converted/`): later runs read it rather than convert again. Derived, so written
    /// after the moves, each through a temporary file and a rename (never half written); one
    /// lost to a crash is converted again when needed.
    private func keep(_ converted: [(sha256: String, xlsx: [UInt8])]) throws {
        guard !converted.isEmpty else { return }
        try Files.makeFolder(layout.path("archive/converted"))
        for (sha, xlsx) in converted where !Files.exists(layout.path(SubmissionReader.convertedPath(sha))) {
            try Files.replace(layout.path(SubmissionReader.convertedPath(sha)), xlsx)
        }
        try Files.sync(layout.path("archive/converted"))
    }

    /// Every regular file under the inbox, sub-folders, hidden files and lock files included:
    /// each gets an outcome.
    private func scan() -> [Candidate] {
        Files.regularFiles(under: layout.inbox).map { f in
            Candidate(source: f.path, receivedAt: LocalTime.truncated(Files.date(f.status)), size: Int64(f.status.st_size))
        }.sorted { $0.source < $1.source }
    }

    /// Reads a file once for both its sha256 and its tables; a file that changed meanwhile is busy.
    private func read(_ c: Candidate, displayName: String? = nil) -> Reading {
        let path = layout.inbox + "/" + c.source
        guard let data = FileManager.default.contents(atPath: path) else { return .busy("cannot be read") }
        var st = stat()
        guard lstat(path, &st) == 0, Int64(st.st_size) == c.size, LocalTime.truncated(Files.date(st)) == c.receivedAt,
              data.count == c.size else {
            return .busy("changed while it was read")
        }
        return .read(reader.read([UInt8](data), name: c.source, displayName: displayName ?? c.source, received: time.day(c.receivedAt),
                                 sharing: parts))
    }
}
