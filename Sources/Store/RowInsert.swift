import GRDB
import GRDBSQLite

/// An INSERT whose values are bound through SQLite's C API. Through GRDB's `StatementArguments`
/// (each value converted to a `DatabaseValue` by generic code, then validated and copied), binding
/// a national month's published rows took three quarters of the time the store spent saving them.
struct RowInsert {
    private let statement: Statement
    private let columns: Int

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        columns = Int(sqlite3_bind_parameter_count(statement.sqliteStatement))
    }

    /// Inserts one row: the integer columns first, then the text columns (nil is NULL).
    func insert(integers: [Int] = [], texts: [String?]) throws {
        let s = statement.sqliteStatement
        guard integers.count + texts.count == columns else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(integers.count + texts.count) values for \(columns) columns",
                                sql: statement.sql)
        }
        defer {
            sqlite3_reset(s)
            sqlite3_clear_bindings(s)
        }
        for (column, value) in zip(Int32(1)..., integers) { try check(sqlite3_bind_int64(s, column, Int64(value))) }
        try check(bind(texts[...], at: Int32(integers.count + 1), s), done: SQLITE_DONE)
    }

    /// Binds each text where it lies (SQLITE_STATIC, no copy), one nested in the other's
    /// `withUTF8`, and steps the statement inside the innermost: the bytes stay put until then.
    private func bind(_ texts: ArraySlice<String?>, at column: Int32, _ s: SQLiteStatement) throws -> Int32 {
        guard let first = texts.first else { return sqlite3_step(s) }
        let rest = texts.dropFirst()
        guard var text = first, !text.isEmpty else {
            // The empty text through SQLite's own copy: an empty buffer's address may be nil, which would bind NULL.
            try check(first == nil ? sqlite3_bind_null(s, column) : sqlite3_bind_text(s, column, "", 0, Self.transient))
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
