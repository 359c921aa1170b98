import Forms
import GRDB

/// What a published month was built from, as digests: the month's own files, the earlier
/// months' files its cross-period window reads, and the earlier registrations of its clues.
/// The month is rebuilt when any of them changes; which one says why.
public struct MonthInputs: Sendable, Equatable {
    public var own: String
    public var earlier: String
    public var clues: String
    /// All three together: what `out/YYYY-MM/.published` records.
    public var digest: String

    public init(own: String, earlier: String, clues: String, digest: String) {
        self.own = own
        self.earlier = earlier
        self.clues = clues
        self.digest = digest
    }
}

extension HistoryStore {
    /// Every month the store holds as published, with what it was built from.
    public func publishedMonths() throws -> [Period: MonthInputs] {
        try read("list published months") { db in
            var out: [Period: MonthInputs] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT period, own, earlier, clues, digest FROM published_month") {
                guard let p = Period(r[0] as String) else { continue }
                out[p] = MonthInputs(own: r[1], earlier: r[2], clues: r[3], digest: r[4])
            }
            return out
        }
    }

    /// Replaces a month's rows in every published table with the rows of the CSV tables `next`
    /// hands over, each by its table's name, until it gives nil; and records what the month was
    /// built from; in one transaction. A table may come in parts, one after another, each part's
    /// rows after the one's before. Each is let go of once its rows are in, so a caller that
    /// makes them one at a time never holds the month's tables all at once.
    public func savePublished(_ period: Period, inputs: MonthInputs,
                              tables next: () throws -> (name: String, table: CSVTable)?) throws {
        guard saving else {
            while try next() != nil {}  // taken, so that whoever hands them over is not kept waiting
            return
        }
        try write("save \(period)") { db in
            try deleteRows(db, of: period)
            // Each table's first new rowid: every row inserted from here on is this month's.
            var first: [(table: String, rowid: Int64)] = []
            while let (name, table) = try next() {
                // A table the store keeps no rows of (fields.csv, the same every month) is passed by.
                guard let t = tables.first(where: { $0.name == name }) else { continue }
                if !first.contains(where: { $0.table == t.table }) { first.append((t.table, try Self.maxRowID(db, t.table) + 1)) }
                try Self.insert(table, into: t, db)
            }
            for (table, start) in first {
                let last = try Self.maxRowID(db, table)
                guard last >= start else { continue }
                try db.execute(sql: "INSERT INTO published_rows VALUES (?, ?, ?, ?)", arguments: [period.description, table, start, last])
            }
            try db.execute(sql: "INSERT OR REPLACE INTO published_month VALUES (?, ?, ?, ?, ?)",
                           arguments: [period.description, inputs.digest, inputs.own, inputs.earlier, inputs.clues])
            try db.execute(sql: "DELETE FROM store_meta WHERE key = 'archive'")
        }
    }

    private static func insert(_ table: CSVTable, into t: PublishedTable, _ db: Database) throws {
        guard table.header.count == t.columns.count else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(t.name): \(table.header.count) columns for \(t.columns.count)")
        }
        // Many rows a statement, the rest one at a time.
        let many = try RowInsert(db, table: t, rows: max(1, RowInsert.parameters / max(1, t.columns.count)))
        let one = try RowInsert(db, table: t, rows: 1)
        try table.withFields { fields in
            var row = 0
            while table.rowCount - row >= many.rows {
                try many.insert(fields, row: row)
                row += many.rows
            }
            for r in row..<table.rowCount { try one.insert(fields, row: r) }
        }
    }

    /// Forgets months the archive no longer has.
    public func forgetPublished(_ periods: [Period]) throws {
        guard !periods.isEmpty else { return }
        try write("forget months") { db in
            for p in periods {
                try deleteRows(db, of: p)
                try db.execute(sql: "DELETE FROM published_month WHERE period = ?", arguments: [p.description])
            }
        }
    }

    /// Deletes a month's rows from the published tables: each table's range of rowids recorded
    /// when they were inserted (all rows a save inserts get rowids above every row before them,
    /// one after another). A VACUUM someone ran on the store may have renumbered them: when the
    /// range no longer holds exactly the month's rows, the month's rows are found by a scan.
    /// (An `INTEGER PRIMARY KEY` would keep the rowids, but cost every row stored a tenth more.)
    private func deleteRows(_ db: Database, of period: Period) throws {
        let p = period.description
        for t in tables {
            guard let range = try Row.fetchOne(db, sql: "SELECT first, last FROM published_rows WHERE period = ? AND tbl = ?",
                                               arguments: [p, t.table]) else { continue }
            let (first, last) = (range[0] as Int64, range[1] as Int64)
            try db.execute(sql: "DELETE FROM \(t.table) WHERE rowid BETWEEN ? AND ? AND period = ?", arguments: [first, last, p])
            if Int64(db.changesCount) != last - first + 1 {
                try db.execute(sql: "DELETE FROM \(t.table) WHERE period = ?", arguments: [p])
            }
        }
        try db.execute(sql: "DELETE FROM published_rows WHERE period = ?", arguments: [p])
    }

    private static func maxRowID(_ db: Database, _ table: String) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(rowid), 0) FROM \(table)") ?? 0
    }
}
