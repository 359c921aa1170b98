import GRDB
import GRDBSQLite

/// An INSERT whose values are bound through SQLite's C API. Through GRDB's `StatementArguments`
/// (each value converted to a `DatabaseValue` by generic code, then validated and copied), binding
/// a national month's published rows took three quarters of the time the store spent saving them.
struct RowInsert {
    /// The values of one row, bound in column order.
    struct Row {
        fileprivate let statement: SQLiteStatement
        fileprivate var column: Int32 = 0
        fileprivate var code = SQLITE_OK

        /// Text (SQLite copies it), or NULL for nil.
        mutating func text(_ value: String?) {
            column += 1
            guard code == SQLITE_OK else { return }
            guard var text = value else { return code = sqlite3_bind_null(statement, column) }
            // Not an empty buffer's nil address, which would bind NULL.
            if text.isEmpty { return code = sqlite3_bind_text(statement, column, "", 0, RowInsert.transient) }
            code = text.withUTF8 { b in
                b.withMemoryRebound(to: CChar.self) { sqlite3_bind_text(statement, column, $0.baseAddress, Int32($0.count), RowInsert.transient) }
            }
        }

        mutating func integer(_ value: Int) {
            column += 1
            guard code == SQLITE_OK else { return }
            code = sqlite3_bind_int64(statement, column, Int64(value))
        }
    }

    private let statement: Statement
    private let columns: Int32

    init(_ db: Database, sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        columns = sqlite3_bind_parameter_count(statement.sqliteStatement)
    }

    /// Binds one row with `bind`, which must give every column, and inserts it.
    func insert(_ bind: (inout Row) -> Void) throws {
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        var row = Row(statement: s)
        bind(&row)
        guard row.code == SQLITE_OK else { throw error(row.code) }
        guard row.column == columns else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "\(row.column) values for \(columns) columns", sql: statement.sql)
        }
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code),
                      message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement.sqliteStatement))), sql: statement.sql)
    }

    /// SQLITE_TRANSIENT: SQLite copies the bytes before the bind returns.
    fileprivate static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
