import Foundation
import GRDB
import GRDBSQLite

/// `DIR/weigai.sqlite`: every archived workbook's extraction, keyed by sha256 and the
/// extractor's version, and every published month's tables. It is derived from the archive and
/// never the truth: whatever is missing, stale or damaged is rebuilt from the archive by the
/// run. Writes are transactions in WAL mode, so a killed run leaves the last committed state
/// (a store begun anew is written aside and put in place whole: `init`).
public final class HistoryStore: Sendable {
    public static let fileName = "weigai.sqlite"
    /// The layout of the store's own tables; raise it when they change.
    static let schemaVersion = 12

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

    /// Where the store lives.
    public let path: String
    /// The file open: `path`, or while a store begun anew is written `path.new`, which `close`
    /// puts in place.
    let file: String
    public let extractorVersion: Int
    public let tables: [PublishedTable]
    /// nil when the store was current.
    public let rebuild: Rebuild?
    /// False for a run measured without what the store costs it (`scripts/bench-store.sh`): the
    /// workbooks, the ledger and the months are not saved, the store is never recorded as
    /// matching the archive, and one begun anew is dropped at `close`. The next run finds the
    /// store lacking what this one read, as after a kill, and reads it from the archive. (A
    /// month's checks read the earlier months' tables from the store: such a run publishes what
    /// a saving one would only for a month whose window holds none, as a first run's.)
    public let saving: Bool
    let queue: DatabaseQueue

    /// Opens the store at `path`, or begins it anew when it is absent, damaged, from another
    /// extractor version or of another layout.
    ///
    /// A store begun anew is written beside `path` without a journal on disk or a sync (its
    /// rows once, not into the WAL and again at the checkpoint: a national first run's 176 MB),
    /// and `close` puts it in place, in WAL mode, synced, by a rename. A run killed before then
    /// leaves the store it found (or none), and the next opening begins the new one again from
    /// the archive; what is in place is always a store whole as of a commit.
    public init(path: String, extractorVersion: Int, tables: [PublishedTable], saving: Bool = true) throws {
        self.path = path
        self.extractorVersion = extractorVersion
        self.tables = tables
        self.saving = saving
        let signature = tables.map(\.signature).joined(separator: "\n")
        var anew = Rebuild.absent
        if FileManager.default.fileExists(atPath: path) {
            do {
                let q = try Self.connect(path)
                switch try Self.inspect(q, path: path, extractorVersion: extractorVersion, tables: tables, signature: signature) {
                case .kept(let why):
                    (file, queue, rebuild) = (path, q, why)
                    return
                case .anew(let why):
                    anew = why
                    do { try q.close() } catch { throw Self.failure(error, path: path, operation: "close") }
                }
            } catch StoreError.damaged(_, let detail) {
                anew = .damaged(movedTo: try Self.moveAside(path), detail: detail)
            }
        }
        file = path + ".new"
        try Self.remove(file, suffixes: ["", "-journal", "-wal", "-shm"])  // what a run killed while writing it left
        queue = try Self.connect(file)
        try Self.begin(queue, file: file, extractorVersion: extractorVersion, tables: tables, signature: signature)
        rebuild = anew
    }

    /// Puts a store begun anew in place (`init`), then closes it. A store dropped without
    /// `close` stays where it is: one begun anew is begun again by the next opening.
    public func close() throws {
        do {
            if file != path {
                try queue.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
            }
            try queue.close()
        } catch {
            throw Self.failure(error, path: file, operation: "close")
        }
        guard file != path else { return }
        guard saving else { return try Self.remove(file, suffixes: ["", "-journal", "-wal", "-shm"]) }
        // Synced before it takes the place, and the WAL of the store it replaces gone first:
        // SQLite would read that WAL's frames into the new file.
        try Self.sync(file)
        try Self.remove(path, suffixes: ["-wal", "-shm"])
        guard rename(file, path) == 0 else {
            throw StoreError.io(path: file, detail: "cannot move to \(path): \(String(cString: strerror(errno)))")
        }
        try Self.sync((path as NSString).deletingLastPathComponent)
    }

    private static func remove(_ file: String, suffixes: [String]) throws {
        for suffix in suffixes where unlink(file + suffix) != 0 && errno != ENOENT {
            throw StoreError.io(path: file + suffix, detail: "cannot remove: \(String(cString: strerror(errno)))")
        }
    }

    private static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw StoreError.io(path: path, detail: "cannot open to sync: \(String(cString: strerror(errno)))") }
        defer { _ = Glibc.close(fd) }
        guard fsync(fd) == 0 else { throw StoreError.io(path: path, detail: "cannot sync: \(String(cString: strerror(errno)))") }
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

    private enum Opened {
        /// Current (nil), or its published tables made again for changed columns.
        case kept(Rebuild?)
        case anew(Rebuild)
    }

    /// The store at `path` in WAL mode, kept or to be begun anew.
    private static func inspect(_ queue: DatabaseQueue, path: String, extractorVersion: Int, tables: [PublishedTable],
                             signature: String) throws -> Opened {
        do {
            try queue.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                try db.execute(sql: "PRAGMA secure_delete = OFF")
            }
            let opened = try queue.write { db -> Opened in
                guard try db.tableExists("store_meta") else { return .anew(.absent) }
                let meta = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT key, value FROM store_meta")
                    .map { (row: Row) -> (String, String) in (row["key"], row["value"]) })
                let schema = meta["schema"].flatMap(Int.init) ?? 0
                let extractor = meta["extractor"].flatMap(Int.init) ?? 0
                if schema != schemaVersion { return .anew(.schemaChanged(from: schema)) }
                if extractor != extractorVersion { return .anew(.extractorChanged(from: extractor)) }
                if meta["tables"] != signature {
                    try dropPublished(db)
                    try createPublished(db, tables: tables, signature: signature)
                    return .kept(.tablesChanged)
                }
                return .kept(nil)
            }
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -\(cacheKB)") }
            return opened
        } catch {
            throw failure(error, path: path, operation: "prepare")
        }
    }

    /// A store begun anew at `file`: no journal on disk, no syncs (`init`), its tables created.
    private static func begin(_ queue: DatabaseQueue, file: String, extractorVersion: Int, tables: [PublishedTable],
                              signature: String) throws {
        do {
            try queue.writeWithoutTransaction { db in
                // 64 KB pages (SQLite's largest): a national month's first run spends about a third
                // less CPU saving its published rows than with 8 KB, for a file of the same size.
                try db.execute(sql: "PRAGMA page_size = 65536")
                // Rolled back from memory when a write fails; a kill leaves only this file, begun again.
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = MEMORY")
                try db.execute(sql: "PRAGMA synchronous = OFF")
                // Debian builds SQLite to zero what a delete frees (SQLITE_SECURE_DELETE): a month
                // rebuilt deletes its published rows first, and zeroing their 64 KB pages was a
                // third of a corrected-file run's instructions. The store holds nothing the
                // archive beside it does not.
                try db.execute(sql: "PRAGMA secure_delete = OFF")
            }
            try queue.write { db in try createLayout(db, extractorVersion: extractorVersion, tables: tables, signature: signature) }
            // The cache's size again, now that its pages are 64 KB: SQLite counted the default
            // 2 MB in pages of the size before (4 KB), which held some 480 of 64 KB (30 MB).
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -\(cacheKB)") }
        } catch {
            throw failure(error, path: file, operation: "create")
        }
    }

    /// Creates the current layout in an empty database.
    private static func createLayout(_ db: Database, extractorVersion: Int, tables: [PublishedTable], signature: String) throws {
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
            -- Where each month's rows lie in each published table: rowids `first` to `last`.
            CREATE TABLE published_rows (
                period TEXT NOT NULL, tbl TEXT NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (period, tbl));
            """)
        for t in tables { try db.execute(sql: t.createSQL) }
        try db.execute(sql: "INSERT OR REPLACE INTO store_meta VALUES ('tables', ?)", arguments: [signature])
        try db.execute(sql: "DELETE FROM store_meta WHERE key = 'archive'")
    }

    private static func dropPublished(_ db: Database) throws {
        for (type, name) in try Row.fetchAll(db, sql: "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table') AND (name LIKE 'month\\_%' ESCAPE '\\' OR name IN ('published_month', 'published_rows') OR type = 'view') ORDER BY type DESC")
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
        do { return try queue.write(body) } catch { throw Self.failure(error, path: file, operation: operation) }
    }

    /// Steps a statement, its arguments bound, through SQLite's C API, handing each row's
    /// statement to `row` to read its columns in place (GRDB's `Row` copies every value). It is
    /// reset when done.
    static func step(_ statement: Statement, _ row: (OpaquePointer) throws -> Void) throws {
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }  // an unfinished statement would keep its read open
        while true {
            let code = sqlite3_step(s)
            guard code == SQLITE_ROW else { return try check(code, statement, done: SQLITE_DONE) }
            try row(s)
        }
    }

    /// A result code of SQLite's C API other than `done` as the error GRDB would raise, naming the statement.
    static func check(_ code: Int32, _ statement: Statement, done: Int32 = SQLITE_OK) throws {
        guard code != done else { return }
        throw DatabaseError(resultCode: ResultCode(rawValue: code),
                            message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement.sqliteStatement))), sql: statement.sql)
    }

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch { throw Self.failure(error, path: file, operation: operation) }
    }

    /// What the archive looked like when the store last matched it completely (every workbook
    /// stored, every month published); nil after any change.
    public func archiveDigest() throws -> String? {
        try read("read archive digest") { db in try String.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = 'archive'") }
    }

    /// Records a complete run: the store matches the archive with this digest, every month is published.
    public func settle(archiveDigest digest: String) throws {
        guard saving else { return }
        try write("settle") { db in
            try db.execute(sql: "INSERT OR REPLACE INTO store_meta VALUES ('archive', ?)", arguments: [digest])
        }
    }
}
