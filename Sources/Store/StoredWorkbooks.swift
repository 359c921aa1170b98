import Foundation
import Forms
import GRDB
import GRDBSQLite

/// An archived workbook's extraction, as the run files it (tables without a month counted for
/// the month received), with what it was read under: a stored row whose name or received time
/// no longer matches the archive index is read again.
public struct WorkbookExtraction: Sendable {
    public var name: String
    /// Seconds since 1970, as the archive index has it.
    public var receivedAt: Int64
    public var extracted: ExtractedFile

    public init(name: String, receivedAt: Int64, extracted: ExtractedFile) {
        self.name = name
        self.receivedAt = receivedAt
        self.extracted = extracted
    }
}

/// What a stored workbook was read as.
public struct StoredWorkbookKey: Sendable, Equatable {
    public var name: String
    public var receivedAt: Int64

    public init(name: String, receivedAt: Int64) {
        self.name = name
        self.receivedAt = receivedAt
    }
}

/// An Attachment 1 table of an archived workbook, as an earlier month's figures.
public struct StoredFigures: Sendable {
    public var sha256: String
    /// Its place among the workbook's tables.
    public var position: Int
    public var district: String?
    public var period: Period?
    public var figures: Figures

    public enum Figures: Sendable, Equatable {
        /// Every value, for the checks.
        case all(PastAttachment1)
        /// The key figures alone, for a month only charted.
        case key(KeyFigures)
    }
}

/// One archived workbook's register of a district and month, as the clue ledger reads it.
public struct StoredRegister: Sendable {
    public var sha256: String
    public var district: String
    public var period: Period
    /// In the register's order; empty for a register with no clue.
    public var listings: [ClueListing]
}

extension HistoryStore {
    /// Every stored workbook of this extractor version, by sha256.
    public func workbooks() throws -> [String: StoredWorkbookKey] {
        try read("list workbooks") { db in
            var out: [String: StoredWorkbookKey] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT sha256, name, received_at FROM workbook WHERE extractor = ?",
                                           arguments: [extractorVersion])
            while let r = try rows.next() { out[r[0]] = StoredWorkbookKey(name: r[1], receivedAt: r[2]) }
            return out
        }
    }

    /// Stores extractions in one transaction, replacing any row of the same sha256. Each
    /// Attachment 1 table is kept once, in `workbook_attachment1` (the cross-period checks read
    /// it alone); the rest of the extraction in `workbook`.
    public func save(_ items: [WorkbookExtraction]) throws {
        guard saving, !items.isEmpty else { return }
        try write("save \(items.count) workbooks") { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO workbook (sha256, extractor, name, received_at, unreadable, extraction) VALUES (?, ?, ?, ?, ?, ?)
                """)
            let a1 = try db.cachedStatement(sql: "INSERT INTO workbook_attachment1 VALUES (?, ?, ?, ?, ?, ?)")
            var stored = try Self.stored(db, items.map(\.extracted.sha256))
            // Encoded a batch at a time (on every core) and let go of once inserted: a national
            // month's 3,000 encodings (37 MB) were held at once, beside the extractions. Each batch
            // is inserted, on this thread, while the next is encoded beside it: taking turns, the
            // inserts left the other core idle (the run waits for this save at intake).
            let batches = stride(from: 0, to: items.count, by: Self.saveBatch).map { items[$0..<min($0 + Self.saveBatch, items.count)] }
            var encoded = Self.encode(batches[0].map(\.extracted))
            for (k, part) in batches.enumerated() {
                let next = k + 1 < batches.count ? batches[k + 1].map(\.extracted) : []
                let (upcoming, inserted) = Parallel.beside({ Self.encode(next) }) { [encoded] in
                    Result {
                        for (item, (rest, reports)) in zip(part, encoded) {
                            let f = item.extracted
                            // The batch's own rows count too: a sha256 given twice keeps the last, as it always did.
                            if !stored.insert(f.sha256).inserted { try Self.delete(db, sha256: f.sha256) }
                            try insert.execute(arguments: [f.sha256, extractorVersion, item.name, item.receivedAt, f.unreadable, rest])
                            let id = Int(db.lastInsertedRowID)
                            for (i, (a, data)) in zip(f.attachment1, reports).enumerated() {
                                try a1.execute(arguments: [id, i, f.sha256, a.meta.district, a.meta.period?.description, data])
                            }
                        }
                    }
                }
                try inserted.get()
                encoded = upcoming
            }
        }
    }

    /// Forgets workbooks the archive no longer holds (or holds under other names).
    public func remove(_ shas: [String]) throws {
        guard !shas.isEmpty else { return }
        try write("remove \(shas.count) workbooks") { db in
            for sha in shas { try Self.delete(db, sha256: sha) }
        }
    }

    /// Which of these workbooks the store holds (of any extractor version), asked 999 at a time:
    /// a store begun anew holds none, and two deletions a workbook found nothing to delete.
    private static func stored(_ db: Database, _ shas: [String]) throws -> Set<String> {
        var found: Set<String> = []
        for start in stride(from: 0, to: shas.count, by: RowInsert.parameters) {
            let batch = shas[start..<min(start + RowInsert.parameters, shas.count)]
            found.formUnion(try String.fetchAll(db, sql: "SELECT DISTINCT sha256 FROM workbook WHERE sha256 IN (\(sqlList("?", batch.count)))",
                                                arguments: StatementArguments(Array(batch))))
        }
        return found
    }

    private static func delete(_ db: Database, sha256: String) throws {
        try db.cachedStatement(sql: "DELETE FROM workbook_attachment1 WHERE workbook IN (SELECT id FROM workbook WHERE sha256 = ?)")
            .execute(arguments: [sha256])
        try db.cachedStatement(sql: "DELETE FROM workbook WHERE sha256 = ?").execute(arguments: [sha256])
    }

    /// The stored extractions of these workbooks, by sha256 (decoded on every core), each with
    /// its Attachment 1 tables back in their places; a sha256 asked for twice is read once.
    public func extractions(_ shas: [String]) throws -> [String: ExtractedFile] {
        var seen = Set<String>()
        let shas = shas.filter { seen.insert($0).inserted }
        let rows: [(sha: String, rest: Data, reports: [Data])] = try read("read \(shas.count) workbooks") { db in
            let select = try db.cachedStatement(sql: "SELECT id, extraction FROM workbook WHERE sha256 = ? AND extractor = ?")
            let reports = try db.cachedStatement(sql: "SELECT report FROM workbook_attachment1 WHERE workbook = ? ORDER BY position")
            return try shas.compactMap { sha in
                guard let row = try Row.fetchOne(select, arguments: [sha, extractorVersion]) else { return nil }
                return (sha, row[1], try Data.fetchAll(reports, arguments: [row[0] as Int]))
            }
        }
        let decoded = try Self.decode(rows.count, shas: rows.map(\.sha), path: file) { i in
            var f: ExtractedFile = try Self.decode(rows[i].rest)
            f.attachment1 = try rows[i].reports.map { try Self.decode($0) }
            return f
        }
        return Dictionary(uniqueKeysWithValues: zip(rows.map(\.sha), decoded))
    }

    /// Every stored Attachment 1 table of these months, as figures: each decoded as far as its
    /// values (its metadata, layout and values lead its encoding), not its cells and remarks;
    /// those of the months `charted` only as far as their key figures.
    public func attachment1Figures(in periods: [Period], charted: Set<Period> = []) throws -> [StoredFigures] {
        guard !periods.isEmpty else { return [] }
        // The district and month are the table's own (`save` copies them into their columns), so
        // its metadata is passed over. Every row is of the store's extractor: the store is begun
        // anew when it changes. Stepped through SQLite's C API, each report's bytes copied once,
        // into one buffer: GRDB's rows, each value copied into a `Row` and out of it again, took
        // 15–25 ms for a 12-month window's 3,600 tables, the SQL itself 5.
        struct Table {
            var sha256: String, position: Int, district: String?, period: Period?, report: Range<Int>
        }
        let (rows, reports): ([Table], [UInt8]) = try read("read Attachment 1 history") { db in
            let marks = periods.map { _ in "?" }.joined(separator: ", ")
            let select = try db.cachedStatement(sql: """
                SELECT sha256, position, district, period, report FROM workbook_attachment1 WHERE period IN (\(marks))
                """)
            try select.setArguments(StatementArguments(periods.map(\.description)))
            var rows: [Table] = []
            var reports: [UInt8] = []
            try Self.step(select) { s in
                func text(_ column: Int32) -> String? {
                    sqlite3_column_text(s, column).map { String(decoding: UnsafeBufferPointer(start: $0, count: Int(sqlite3_column_bytes(s, column))), as: UTF8.self) }
                }
                let start = reports.count
                if let blob = sqlite3_column_blob(s, 4) {
                    reports += UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(s, 4)))
                }
                rows.append(Table(sha256: text(0) ?? "", position: Int(sqlite3_column_int64(s, 1)), district: text(2),
                                  period: text(3).flatMap(Period.init), report: start..<reports.count))
            }
            return (rows, reports)
        }
        return try Self.decode(rows.count, shas: rows.map(\.sha256), path: file) { i -> StoredFigures in
            let row = rows[i]
            return try reports.withUnsafeBytes { all in
                var r = BinaryReader(UnsafeRawBufferPointer(rebasing: all[row.report]))
                try TableMetadata.skip(&r)
                let layout: String = try r.read()
                let figures: StoredFigures.Figures = try row.period.map(charted.contains) == true
                    ? .key(Self.keyFigures(layout: layout, &r))
                    : .all(PastAttachment1(layout: layout, values: try FieldValues(decoding: &r)))
                return StoredFigures(sha256: row.sha256, position: row.position, district: row.district, period: row.period,
                                     figures: figures)
            }
        }
    }

    /// The registers of these workbooks for months before `period`, in the order of `shas`, each
    /// workbook's in its own order (one for each district and month it lists), taken from their
    /// stored extractions: read and decoded on every core a batch at a time, so no more than a
    /// batch of extractions is held at once.
    public func registers(of shas: [String], before period: Period) throws -> [StoredRegister] {
        var out: [StoredRegister] = []
        for start in stride(from: 0, to: shas.count, by: Self.registerBatch) {
            let part = Array(shas[start..<min(start + Self.registerBatch, shas.count)])
            let rows: [(sha: String, rest: Data)] = try read("read \(part.count) workbooks' registers") { db in
                let select = try db.cachedStatement(sql: "SELECT extraction FROM workbook WHERE sha256 = ? AND extractor = ?")
                return try part.compactMap { sha in try Data.fetchOne(select, arguments: [sha, extractorVersion]).map { (sha, $0) } }
            }
            let registers = try Self.decode(rows.count, shas: rows.map(\.sha), path: file) { i -> [StoredRegister] in
                let f: ExtractedFile = try Self.decode(rows[i].rest)
                var mine: [StoredRegister] = []
                for reg in f.registers {
                    guard let d = reg.meta.district, let p = reg.meta.period, p < period else { continue }
                    let listings = ClueListing.of(reg)
                    if let j = mine.firstIndex(where: { $0.district == d && $0.period == p }) {
                        mine[j].listings += listings
                    } else {
                        mine.append(StoredRegister(sha256: rows[i].sha, district: d, period: p, listings: listings))
                    }
                }
                return mine
            }
            out += registers.joined()
        }
        return out
    }

    /// How many extractions `registers(of:before:)` decodes at a time.
    static let registerBatch = 500

    // MARK: encoding

    /// How many workbooks `save` encodes at a time (two batches are held: one inserted, the next encoded).
    static let saveBatch = 250

    /// Each file's binary form without its Attachment 1 tables, and each of those tables' own,
    /// encoded on every core.
    private static func encode(_ files: [ExtractedFile]) -> [(Data, [Data])] {
        let results = UnsafeResults<(Data, [Data])>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            var rest = files[i]
            rest.attachment1 = []
            results[i] = (encode(rest), files[i].attachment1.map(encode))
        }
        return results.values.map { $0! }
    }

    static func encode<T: BinaryStorable>(_ value: T) -> Data {
        var w = BinaryWriter()
        w.write(value)
        return Data(w.bytes)
    }

    static func decode<T: BinaryStorable>(_ data: Data) throws -> T {
        try data.withUnsafeBytes { bytes in
            var r = BinaryReader(bytes)
            let value: T = try r.read()
            guard r.atEnd else { throw r.malformed("bytes left over") }
            return value
        }
    }

    /// Attachment 1's key figures from its values' binary form (as `FieldValues` reads it): only the
    /// fields they are made of are decoded, the others passed over.
    static func keyFigures(layout: String, _ r: inout BinaryReader) throws(BinaryReader.Malformed) -> KeyFigures {
        var found = [Decimal?](repeating: nil, count: KeyFigures.fieldIDs.count)
        for _ in 0..<(try r.count()) {
            let id = r.take(try r.count())
            if let k = keyFieldBytes.firstIndex(where: { $0.elementsEqual(id) }) {
                found[k] = try Decimal(decoding: &r)
            } else {
                try Decimal.skip(&r)
            }
        }
        return KeyFigures(layout: layout) { id in KeyFigures.fieldIDs.firstIndex(of: id).flatMap { found[$0] } }
    }

    private static let keyFieldBytes = KeyFigures.fieldIDs.map { Array($0.utf8) }

    /// `count` values decoded on every core; the first that cannot be names its workbook.
    private static func decode<T>(_ count: Int, shas: [String], path: String,
                                  _ body: @Sendable (Int) throws -> T) throws -> [T] {
        let results = UnsafeResults<Result<T, Error>>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            results[i] = Result { try body(i) }
        }
        return try results.values.enumerated().map { i, r in
            do { return try r!.get() } catch {
                throw StoreError.undecodable(path: path, sha256: shas[i], detail: "\(error)")
            }
        }
    }
}

/// One slot per concurrent iteration, each written only by its own iteration (a raw buffer,
/// so no two threads ever touch shared storage); read after concurrentPerform returns.
private final class UnsafeResults<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: nil, count: count)
    }

    subscript(i: Int) -> T? {
        get { base[i] }
        set { base[i] = newValue }
    }

    var values: [T?] { (0..<count).map { base[$0] } }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
