import Forms
import GRDB
import GRDBSQLite

/// An INSERT of a CSV table's rows, `rows` at a time, bound through SQLite's C API: text as
/// typed, a number as its digits, a blank number as NULL. Through GRDB's `StatementArguments`
/// (each value converted to a `DatabaseValue` by generic code, then validated and copied), binding
/// a national month's published rows took three quarters of the time the store spent saving them.
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

    /// Inserts `rows` rows. Their texts are copied end to end into one buffer, each bound where it
    /// lies there (SQLITE_STATIC) while the statement steps.
    func insert(_ values: ArraySlice<[CSVValue]>) throws {
        let s = statement.sqliteStatement
        guard values.count == rows, values.allSatisfy({ $0.count == columns }) else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "not \(rows) rows of \(columns) values", sql: statement.sql)
        }
        var text: [UInt8] = []
        var spans: [Range<Int>?] = []
        spans.reserveCapacity(rows * columns)
        for row in values {
            for value in row {
                switch value {
                case .number(let n) where n.isEmpty: spans.append(nil)
                case .text(let t), .number(let t):
                    let start = text.count
                    text += t.utf8
                    spans.append(start..<text.count)
                }
            }
        }
        defer {
            sqlite3_reset(s)
            sqlite3_clear_bindings(s)
        }
        try text.withUnsafeBufferPointer { bytes in
            try bytes.withMemoryRebound(to: CChar.self) { chars in
                for (i, span) in zip(Int32(1)..., spans) {
                    guard let span else {
                        try check(sqlite3_bind_null(s, i))
                        continue
                    }
                    // The empty text through SQLite's own copy: an empty buffer's address may be nil, which would bind NULL.
                    try check(span.isEmpty ? sqlite3_bind_text(s, i, "", 0, Self.transient)
                        : sqlite3_bind_text(s, i, chars.baseAddress! + span.lowerBound, Int32(span.count), nil))
                }
                try check(sqlite3_step(s), done: SQLITE_DONE)
            }
        }
    }

    private func check(_ code: Int32, done: Int32 = SQLITE_OK) throws {
        guard code != done else { return }
        throw DatabaseError(resultCode: ResultCode(rawValue: code),
                            message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement.sqliteStatement))), sql: statement.sql)
    }

    /// SQLITE_TRANSIENT: SQLite copies the bytes before the bind returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
