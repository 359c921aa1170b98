import Forms
import GRDB
import GRDBSQLite

/// An INSERT of a CSV table's rows, bound through SQLite's C API: text as typed, a number as
/// its digits, a blank number as NULL. Through GRDB's `StatementArguments`
/// (each value converted to a `DatabaseValue` by generic code, then validated and copied), binding
/// a national month's published rows took three quarters of the time the store spent saving them.
struct RowInsert {
    private let statement: Statement
    private let columns: Int

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        columns = Int(sqlite3_bind_parameter_count(statement.sqliteStatement))
    }

    /// Inserts one row.
    func insert(_ row: [CSVValue]) throws {
        let s = statement.sqliteStatement
        guard row.count == columns else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(row.count) values for \(columns) columns", sql: statement.sql)
        }
        defer {
            sqlite3_reset(s)
            sqlite3_clear_bindings(s)
        }
        try check(bind(row[...], at: 1, s), done: SQLITE_DONE)
    }

    /// Binds each text where it lies (SQLITE_STATIC, no copy), one nested in the other's
    /// `withUTF8`, and steps the statement inside the innermost: the bytes stay put until then.
    private func bind(_ values: ArraySlice<CSVValue>, at column: Int32, _ s: SQLiteStatement) throws -> Int32 {
        guard let first = values.first else { return sqlite3_step(s) }
        let rest = values.dropFirst()
        var text: String
        switch first {
        case .text(let t): text = t
        case .number(let n) where n.isEmpty:
            try check(sqlite3_bind_null(s, column))
            return try bind(rest, at: column + 1, s)
        case .number(let n): text = n
        }
        guard !text.isEmpty else {
            // The empty text through SQLite's own copy: an empty buffer's address may be nil, which would bind NULL.
            try check(sqlite3_bind_text(s, column, "", 0, Self.transient))
            return try bind(rest, at: column + 1, s)
        }
        return try text.withUTF8 { b in
            try check(b.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(s, column, $0.baseAddress, Int32($0.count), nil) })
            return try bind(rest, at: column + 1, s)
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
