import Foundation
import Forms
import GRDB
import GRDBSQLite

/// Retired clues the store handed back for a month, with the rows they came from: a clue the
/// month lists again is marked brought back on its row.
public struct RecalledClues: Sendable {
    public var clues: [RetiredClue] = []
    /// The row of each recalled clue, by its slot.
    var rows: [LedgerSlot: Int64] = [:]

    public init() {}
}

/// The clue ledger's part of the store. Rebuilding a month takes the ledger through the month
/// before from a snapshot (the clues open at its end), and the retired clues the month lists
/// from `ledger_retired`, so a month's ledger costs that month's clues,
/// not every month's. Both are derived like everything else in the store: a run that rebuilds
/// month P reads them as they were at the end of the month before, and forgets what the ledger
/// recorded from P on as it records P again (`saveLedger`), in one transaction.
extension HistoryStore {
    /// The ledger through `period` as saved after that month was published, when it was built
    /// from the files `digest` names (nil otherwise: it is then replayed from the registers).
    public func ledger(through period: Period, digest: String) throws -> ClueLedger? {
        let blob: Data? = try read("read the ledger through \(period)") { db in
            try Data.fetchOne(db, sql: "SELECT state FROM ledger_snapshot WHERE period = ? AND digest = ?",
                              arguments: [period.description, digest])
        }
        guard let blob else { return nil }
        do {
            return try Self.decode(blob) as ClueLedger
        } catch {
            throw StoreError.ledgerUndecodable(path: file, what: "snapshot of \(period)", detail: "\(error)")
        }
    }

    /// Replaces every retired clue and snapshot with those of a ledger replayed from the registers
    /// (after a run could not take it from a snapshot).
    public func replaceLedger(retired: [RetiredClue]) throws {
        let rows = retired.map { c in RetiredRow(hash: c.entry.slot.storeKey, since: c.since.description, entry: Self.encode(c.entry)) }
        try write("replace the retired clues") { db in
            try db.execute(sql: "DELETE FROM ledger_snapshot")
            try db.execute(sql: "DELETE FROM ledger_retired")
            try Self.insertRetired(db, rows[...])
        }
    }

    /// A row of `ledger_retired` to insert (`revived_in` NULL).
    struct RetiredRow {
        var hash: Int64
        var since: String
        var entry: Data
    }

    /// How many rows one statement inserts into `ledger_retired` (three values each).
    static let retiredInsertRows = RowInsert.parameters / 3
    static let retiredInsertMany = "INSERT INTO ledger_retired VALUES " + sqlList("(?, ?, NULL, ?)", retiredInsertRows)
    static let retiredInsertOne = "INSERT INTO ledger_retired VALUES (?, ?, NULL, ?)"

    /// Inserts rows into `ledger_retired`, `retiredInsertRows` a statement, bound through SQLite's
    /// C API: one row a statement opened the table's cursor and its three indexes' again for
    /// each, 18,000 instructions a retired clue. Only the fewer rows left at the end go one a
    /// statement; the two statements are made once (a statement made to each batch's length
    /// was compiled anew for the last, and each batch's text joined and hashed to find it).
    static func insertRetired(_ db: Database, _ rows: ArraySlice<RetiredRow>) throws {
        var rest = rows
        while !rest.isEmpty {
            let batch = rest.prefix(rest.count >= retiredInsertRows ? retiredInsertRows : 1)
            rest = rest.dropFirst(batch.count)
            let insert = try db.cachedStatement(sql: batch.count == 1 ? retiredInsertOne : retiredInsertMany)
            let s = insert.sqliteStatement
            defer { sqlite3_clear_bindings(s) }
            func check(_ code: Int32) throws { try HistoryStore.check(code, insert) }
            for (k, row) in zip(Int32(0)..., batch) {
                try check(sqlite3_bind_int64(s, 3 * k + 1, row.hash))
                try check(sqlite3_bind_text(s, 3 * k + 2, row.since, -1, RowInsert.transient))
                try row.entry.withUnsafeBytes { b in
                    try check(sqlite3_bind_blob(s, 3 * k + 3, b.baseAddress, Int32(b.count), RowInsert.transient))
                }
            }
            try step(insert) { _ in }
        }
    }

    /// The retired clues among these slots: those a month about to be recorded lists, as they
    /// stood at the end of month `asOf` (the month before it; nil: none): retired by then and
    /// not brought back by then. What a run that rebuilt the month before recorded later is
    /// passed over, not deleted first: `saveLedger` forgets it in the month's own transaction,
    /// off the path to the audit (a corrected file's run at 24 months waited 20–40 ms for it).
    public func retiredClues(slots: [LedgerSlot], asOf: Period?) throws -> RecalledClues {
        let hashes = Set(slots.lazy.map(\.storeKey))
        let q = asOf?.description ?? ""
        let rows: [(Int64, String, Data)] = try read("read \(slots.count) retired clues") { db in
            // None to find (a first run; a month whose retired clues are all brought back): a
            // national month's 94,000 slots were otherwise probed for 0.1 s.
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM ledger_retired WHERE \(Self.retiredAsOf))",
                                    arguments: [q, q]) == true else {
                return []
            }
            // `lookupBatch` hashes a statement, one statement prepared once and bound through
            // SQLite's C API (a short last batch repeats its first hash: IN ignores it). SQLite probes the
            // index for each, without a round trip apiece. The index is named: without statistics
            // SQLite would walk `revived_in`'s, in which nearly every row is NULL (15 s for a
            // national month instead of a fraction of one).
            let keys = Array(hashes)
            let lookup = try db.cachedStatement(sql: Self.retiredLookup(Self.lookupBatch))
            let s = lookup.sqliteStatement
            var out: [(Int64, String, Data)] = []
            for start in stride(from: 0, to: keys.count, by: Self.lookupBatch) {
                defer {
                    sqlite3_reset(s)
                    sqlite3_clear_bindings(s)
                }
                for i in 0..<Self.lookupBatch {
                    sqlite3_bind_int64(s, Int32(i + 1), keys[start + i < keys.count ? start + i : start])
                }
                for i in 1...2 { sqlite3_bind_text(s, Int32(Self.lookupBatch + i), q, -1, RowInsert.transient) }
                try Self.step(lookup) { s in
                    let since = sqlite3_column_text(s, 1).map { String(cString: $0) } ?? ""
                    let blob = sqlite3_column_blob(s, 2).map { Data(bytes: $0, count: Int(sqlite3_column_bytes(s, 2))) } ?? Data()
                    out.append((sqlite3_column_int64(s, 0), since, blob))
                }
            }
            return out
        }
        var recalled = RecalledClues()
        guard !rows.isEmpty else { return recalled }
        let wanted = Set(slots)
        for (row, since, blob) in rows {
            let e: LedgerEntry
            do { e = try Self.decode(blob) as LedgerEntry } catch {
                throw StoreError.ledgerUndecodable(path: file, what: "retired clue (row \(row))", detail: "\(error)")
            }
            let slot = e.slot
            guard wanted.contains(slot), let since = Period(since) else { continue }  // another slot of the same store key
            recalled.clues.append(RetiredClue(entry: e, since: since))
            recalled.rows[slot] = row
        }
        return recalled
    }

    /// How many closed clues `saveLedger` encodes at a time.
    static let retiredBatch = 4096

    /// How many slot hashes a lookup of retired clues binds.
    static let lookupBatch = 500

    /// The retired clues of `count` slot hashes, as of a month (the last two parameters, both it).
    static func retiredLookup(_ count: Int) -> String {
        "SELECT rowid, since, entry FROM ledger_retired INDEXED BY ledger_retired_slot WHERE slot_hash IN ("
            + sqlList("?", count) + ") AND " + retiredAsOf
    }

    /// A row retired by the end of a month and not brought back by then (the month twice, as text).
    static let retiredAsOf = "since <= ? AND (revived_in IS NULL OR revived_in > ?)"

    /// Records the month `ledger` recorded last as settling it would (`ClueLedger.settle`): the
    /// clues closed at its end, retired as of it; those it brought back (of `recalled`); and, with
    /// `snapshot`, the ledger as settled under `digest`. First it forgets what the ledger recorded
    /// after month `after` (the month before; all of it when nil): the later snapshots, the clues
    /// retired later, and the bringing back of clues later (those are retired again). The ledger
    /// itself is only read: its month's outputs read it as recorded meanwhile. Snapshots of
    /// months not in `keeping` are dropped: a rebuild that finds none replays the registers.
    /// Returns how many clues it retired.
    @discardableResult
    public func saveLedger(_ ledger: ClueLedger, after: Period?, recalled: RecalledClues, digest: String, snapshot: Bool,
                           keeping: Set<Period>) throws -> Int {
        let state = snapshot && ledger.through != nil ? ledger.settledSnapshot() : nil
        let closed = ledger.closedAtEnd
        guard saving else { return closed.count }
        try write("save the ledger of \(ledger.through?.description ?? "no month")") { db in
            let q = after?.description ?? ""
            try db.execute(sql: "DELETE FROM ledger_snapshot WHERE period > ?", arguments: [q])
            try db.execute(sql: "DELETE FROM ledger_retired WHERE since > ?", arguments: [q])
            try db.execute(sql: "UPDATE ledger_retired SET revived_in = NULL WHERE revived_in > ?", arguments: [q])
            guard let period = ledger.through else { return }  // a ledger of no month: nothing more to record
            // Encoded on every core a few thousand at a time, not all at once (a national month
            // closes some 36,000 clues: 25 MB of encodings held while the snapshot was made).
            let since = period.description
            for start in stride(from: 0, to: closed.count, by: Self.retiredBatch) {
                let part = closed[start..<min(start + Self.retiredBatch, closed.count)]
                let rows = Parallel.map(part.count) { i in
                    let e = ledger.entries[part[part.startIndex + i]]
                    return RetiredRow(hash: e.slot.storeKey, since: since, entry: Self.encode(e))
                }
                try Self.insertRetired(db, rows[...])
            }
            let revive = try db.cachedStatement(sql: "UPDATE ledger_retired SET revived_in = ? WHERE rowid = ?")
            for e in ledger.revivedLast {
                guard let row = recalled.rows[e.slot] else { continue }  // replayed: the replay's table has it retired no more
                try revive.execute(arguments: [period.description, row])
            }
            if let state {
                // Room made, then filled through SQLite's blob handle as the snapshot is encoded:
                // bound as a value, a national month's snapshot (25 MB) was copied twice more, into
                // the binding and the record, and made whole it was held beside its parts.
                try db.execute(sql: "INSERT OR REPLACE INTO ledger_snapshot VALUES (?, ?, zeroblob(?))",
                               arguments: [period.description, digest, state.count])
                try Self.fill(db, table: "ledger_snapshot", column: "state", row: db.lastInsertedRowID, count: state.count,
                              with: state.write)
            }
            let kept = try String.fetchAll(db, sql: "SELECT period FROM ledger_snapshot")
            for p in kept where !keeping.contains(where: { $0.description == p }) {
                try db.execute(sql: "DELETE FROM ledger_snapshot WHERE period = ?", arguments: [p])
            }
        }
        return closed.count
    }
}

extension HistoryStore {
    /// Writes the pieces `content` hands over, one after another, over the blob of `count` bytes
    /// (made with `zeroblob`) in `column` of row `row`, a megabyte at a time.
    static func fill(_ db: Database, table: String, column: String, row: Int64, count: Int,
                     with content: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let connection = db.sqliteConnection
        func check(_ code: Int32) throws {
            guard code != SQLITE_OK else { return }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
        }
        var blob: OpaquePointer?
        defer { sqlite3_blob_close(blob) }
        try check(sqlite3_blob_open(connection, "main", table, column, row, 1, &blob))
        var offset = 0
        try content { b in
            guard offset + b.count <= count else {
                throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(table).\(column): more than \(count) bytes for the blob")
            }
            for start in stride(from: 0, to: b.count, by: 1 << 20) {
                let n = min(1 << 20, b.count - start)
                try check(sqlite3_blob_write(blob, b.baseAddress! + start, Int32(n), Int32(offset + start)))
            }
            offset += b.count
        }
        guard offset == count else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(table).\(column): \(offset) bytes for a blob of \(count)")
        }
    }
}
