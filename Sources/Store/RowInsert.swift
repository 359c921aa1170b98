import Forms
import GRDB
import GRDBSQLite

/// An INSERT of a CSV table's rows, `rows` at a time, bound through SQLite's C API where the
/// table holds them: text as typed, a number as its digits, a blank number as NULL. Through
/// GRDB's `StatementArguments` (each value converted to a `DatabaseValue` by generic code, then
/// validated and copied), binding a national month's published rows took three quarters of the
/// time the store spent saving them.
struct RowInsert {
    private let statement: Statement
    private let columns: Int
    let rows: Int
    /// At most as many values a statement (SQLite's oldest limit).
    static let parameters = 999

    init(_ db: Database, table: PublishedTable, rows: Int) throws {
        statement = try db.cachedStatement(sql: table.insertSQL(rows: rows))
        columns = table.columns.count
        self.rows = rows
    }

    /// Inserts `rows` rows of the table, from row `row` on, each value bound where it lies in the
    /// table (SQLITE_STATIC) while the statement steps.
    func insert(_ fields: CSVTable.Fields, row: Int) throws {
        let s = statement.sqliteStatement
        let first = row * columns
        guard first + rows * columns <= fields.count else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "no \(rows) rows of \(columns) values from row \(row)",
                                sql: statement.sql)
        }
        defer {
            sqlite3_reset(s)
            sqlite3_clear_bindings(s)
        }
        for (parameter, i) in zip(Int32(1)..., first..<(first + rows * columns)) {
            guard let bytes = fields[i] else {
                try check(sqlite3_bind_null(s, parameter))
                continue
            }
            // The empty text through SQLite's own copy: an empty buffer's address may be nil, which would bind NULL.
            try check(bytes.isEmpty ? sqlite3_bind_text(s, parameter, "", 0, Self.transient)
                : bytes.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(s, parameter, $0.baseAddress, Int32($0.count), nil) })
        }
        try check(sqlite3_step(s), done: SQLITE_DONE)
    }

    private func check(_ code: Int32, done: Int32 = SQLITE_OK) throws { try HistoryStore.check(code, statement, done: done) }

    /// SQLITE_TRANSIENT, which Swift does not import: SQLite copies the bytes before the bind returns.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
