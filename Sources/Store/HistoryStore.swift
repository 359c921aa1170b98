import Foundation
import GRDB
import GRDBSQLite

/// `DIR/weigai.sqlite`: every archived workbook's extraction, keyed by sha256 and the
/// extractor's version, and every published month's tables. It is derived from the archive and
/// never the truth: whatever is missing, stale or damaged is rebuilt from the archive by the
/// run. Writes are transactions in WAL mode, so a killed run leaves the last committed state.
public final class HistoryStore: Sendable {
    public static let fileName = "weigai.sqlite"
    /// The layout of the store's own tables; raise it when they change.
    static let schemaVersion = 10

    /// Why the store was (re)built when it was opened.
    public enum Rebuild: Sendable, Equatable {
        case absent
        /// Moved aside to `movedTo`, and a new store begun.
        case damaged(movedTo: String, detail: String)
        case extractorChanged(from: Int)
        case schemaChanged(from: Int)
        /// The published tables' columns changed: the months are written again, the extractions kept.
        case tablesChanged
    }

    public let path: String
    public let extractorVersion: Int
    public let tables: [PublishedTable]
    /// nil when the store was current.
    public let rebuild: Rebuild?
    let queue: DatabaseQueue

    /// Opens the store at `path`, creating it, or starting it anew when it is damaged, from
    /// another extractor version or of another layout.
    public init(path: String, extractorVersion: Int, tables: [PublishedTable]) throws {
        self.path = path
        self.extractorVersion = extractorVersion
        self.tables = tables
        do {
            let q = try Self.connect(path)
            rebuild = try Self.prepare(q, path: path, extractorVersion: extractorVersion, tables: tables)
            queue = q
        } catch StoreError.damaged(_, let detail) {
            let aside = try Self.moveAside(path)
            let q = try Self.connect(path)
            _ = try Self.prepare(q, path: path, extractorVersion: extractorVersion, tables: tables)
            rebuild = .damaged(movedTo: aside, detail: detail)
            queue = q
        }
    }

    /// Moves a damaged store (and its WAL and shared-memory files) aside, never deleting it:
    /// `weigai.sqlite.damaged-1`, `-2`…; returns the new name.
    public static func moveAside(_ path: String) throws -> String {
        var n = 1
        while FileManager.default.fileExists(atPath: "\(path).damaged-\(n)") { n += 1 }
        let aside = "\(path).damaged-\(n)"
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            guard rename(path + suffix, aside + suffix) == 0 else {
                throw StoreError.io(path: path + suffix, detail: "cannot move aside: \(String(cString: strerror(errno)))")
            }
        }
        return aside
    }

    private static func connect(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.label = "weigai.store"
        do {
            return try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw failure(error, path: path, operation: "open")
        }
    }

    /// The page cache, in KB (SQLite's default).
    static let cacheKB = 2000

    /// WAL, then the meta table decides: current, or begun anew.
    private static func prepare(_ queue: DatabaseQueue, path: String, extractorVersion: Int,
                                tables: [PublishedTable]) throws -> Rebuild? {
        do {
            try queue.writeWithoutTransaction { db in
                // 64 KB pages (SQLite's largest): a national month's first run spends about a third
                // less CPU saving its published rows than with 8 KB, for a file of the same size. It
                // takes effect when the file is created (an older store keeps its pages).
                try db.execute(sql: "PRAGMA page_size = 65536")
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Debian builds SQLite to zero what a delete frees (SQLITE_SECURE_DELETE): a month
                // rebuilt deletes its published rows first, and zeroing their 64 KB pages was a
                // third of a corrected-file run's instructions. The store holds nothing the
                // archive beside it does not.
                try db.execute(sql: "PRAGMA secure_delete = OFF")
            }
            let rebuild = try queue.write { db -> Rebuild? in
                let signature = tables.map(\.signature).joined(separator: "\n")
                guard try db.tableExists("store_meta") else {
                    try reset(db, extractorVersion: extractorVersion, tables: tables, signature: signature)
                    return .absent
                }
                let meta = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT key, value FROM store_meta")
                    .map { (row: Row) -> (String, String) in (row["key"], row["value"]) })
                let schema = meta["schema"].flatMap(Int.init) ?? 0
                let extractor = meta["extractor"].flatMap(Int.init) ?? 0
                if schema != schemaVersion {
                    try reset(db, extractorVersion: extractorVersion, tables: tables, signature: signature)
                    return .schemaChanged(from: schema)
                }
                if extractor != extractorVersion {
                    try reset(db, extractorVersion: extractorVersion, tables: tables, signature: signature)
                    return .extractorChanged(from: extractor)
                }
                if meta["tables"] != signature {
                    try dropPublished(db)
                    try createPublished(db, tables: tables, signature: signature)
                    return .tablesChanged
                }
                return nil
            }
            // The cache's size again, now that its pages are 64 KB: SQLite counted the default
            // 2 MB in pages of the size before (4 KB), which held some 480 of 64 KB (30 MB).
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -\(cacheKB)") }
            return rebuild
        } catch {
            throw failure(error, path: path, operation: "prepare")
        }
    }

    /// Drops everything and creates the current layout.
    private static func reset(_ db: Database, extractorVersion: Int, tables: [PublishedTable], signature: String) throws {
        for (type, name) in try Row.fetchAll(db, sql: "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table') AND name NOT LIKE 'sqlite_%' ORDER BY type DESC")
            .map({ (row: Row) -> (String, String) in (row["type"], row["name"]) }) {
            try db.execute(sql: "DROP \(type == "view" ? "VIEW" : "TABLE") IF EXISTS \(quoted(name))")
        }
        try db.execute(sql: """
            CREATE TABLE store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            -- What reading each archived workbook produced, as the run files it: its binary form
            -- (BinaryStorable), without the Attachment 1 tables, which are kept once, below. The
            -- clue ledger is replayed from its registers when no snapshot serves. The table below
            -- names a workbook by its id, not its 64-character sha256.
            CREATE TABLE workbook (
                id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, extractor INTEGER NOT NULL,
                name TEXT NOT NULL, received_at INTEGER NOT NULL, unreadable INTEGER NOT NULL,
                extraction BLOB NOT NULL,
                UNIQUE (sha256, extractor));
            -- Each workbook's Attachment 1 tables (binary form), for the cross-period checks of later
            -- months (a table without district or month is kept for its workbook's extraction alone).
            -- The workbook's sha256 is kept beside its id: the checks' window reads it with each
            -- table, and joined from `workbook` it cost a page of extractions read for every table.
            CREATE TABLE workbook_attachment1 (
                workbook INTEGER NOT NULL, position INTEGER NOT NULL, sha256 TEXT NOT NULL,
                district TEXT, period TEXT, report BLOB NOT NULL);
            CREATE INDEX workbook_attachment1_period ON workbook_attachment1 (period);
            CREATE INDEX workbook_attachment1_workbook ON workbook_attachment1 (workbook);
            -- The clue ledger at the end of the latest published months: the clues open then, with
            -- what it knows of each district, built from the archived files `digest` names.
            CREATE TABLE ledger_snapshot (period TEXT PRIMARY KEY, digest TEXT NOT NULL, state BLOB NOT NULL);
            -- Clues closed, found by the hash of their district and identity when a register lists
            -- them again: retired as of the end of month `since`, until listed again in `revived_in`.
            CREATE TABLE ledger_retired (slot_hash INTEGER NOT NULL, since TEXT NOT NULL, revived_in TEXT, entry BLOB NOT NULL);
            CREATE INDEX ledger_retired_slot ON ledger_retired (slot_hash);
            CREATE INDEX ledger_retired_since ON ledger_retired (since);
            CREATE INDEX ledger_retired_revived ON ledger_retired (revived_in) WHERE revived_in IS NOT NULL;
            """)
        try db.execute(sql: "INSERT INTO store_meta VALUES ('schema', ?), ('extractor', ?)",
                       arguments: [String(schemaVersion), String(extractorVersion)])
        try createPublished(db, tables: tables, signature: signature)
    }

    private static func createPublished(_ db: Database, tables: [PublishedTable], signature: String) throws {
        try db.execute(sql: """
            -- Each published month: what its outputs were built from (the run rebuilds it when that changes).
            CREATE TABLE published_month (
                period TEXT PRIMARY KEY, digest TEXT NOT NULL, own TEXT NOT NULL, earlier TEXT NOT NULL, clues TEXT NOT NULL);
            """)
        for t in tables { try db.execute(sql: t.createSQL) }
        try db.execute(sql: "INSERT OR REPLACE INTO store_meta VALUES ('tables', ?)", arguments: [signature])
        try db.execute(sql: "DELETE FROM store_meta WHERE key = 'archive'")
    }

    private static func dropPublished(_ db: Database) throws {
        for (type, name) in try Row.fetchAll(db, sql: "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table') AND (name LIKE 'month\\_%' ESCAPE '\\' OR name = 'published_month' OR type = 'view') ORDER BY type DESC")
            .map({ (row: Row) -> (String, String) in (row["type"], row["name"]) }) {
            try db.execute(sql: "DROP \(type == "view" ? "VIEW" : "TABLE") IF EXISTS \(quoted(name))")
        }
    }

    /// A SQLite error as the store's: damage is told apart, so the run can move the file aside.
    static func failure(_ error: Error, path: String, operation: String) -> StoreError {
        if let e = error as? StoreError { return e }
        if let e = error as? DatabaseError {
            if e.resultCode == .SQLITE_CORRUPT || e.resultCode == .SQLITE_NOTADB {
                return .damaged(path: path, detail: e.message ?? "\(e)")
            }
            return .database(path: path, operation: operation, detail: e.message ?? "\(e)")
        }
        return .database(path: path, operation: operation, detail: "\(error)")
    }

    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do { return try queue.write(body) } catch { throw Self.failure(error, path: path, operation: operation) }
    }

    /// Steps a statement, its arguments bound, through SQLite's C API, handing each row's
    /// statement to `row` to read its columns in place (GRDB's `Row` copies every value). It is
    /// reset when done.
    static func step(_ statement: Statement, _ row: (OpaquePointer) throws -> Void) throws {
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }  // an unfinished statement would keep its read open
        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(s))),
                                    sql: statement.sql)
            }
            try row(s)
        }
    }

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch { throw Self.failure(error, path: path, operation: operation) }
    }

    /// What the archive looked like when the store last matched it completely (every workbook
    /// stored, every month published); nil after any change.
    public func archiveDigest() throws -> String? {
        try read("read archive digest") { db in try String.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = 'archive'") }
    }

    /// Records a complete run: the store matches the archive with this digest, every month is published.
    public func settle(archiveDigest digest: String) throws {
        try write("settle") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO store_meta VALUES ('archive', ?)", arguments: [digest])
        }
    }
}
