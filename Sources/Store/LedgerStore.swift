import Foundation
import Forms
import GRDB

/// Retired clues the store handed back for a month, with the rows they came from: a clue the
/// month lists again is marked brought back on its row.
public struct RecalledClues: Sendable {
    public var clues: [RetiredClue] = []
    /// The row of each recalled clue, by slot.
    var rows: [String: Int64] = [:]

    public init() {}
}

/// The clue ledger's part of the store. Rebuilding a month takes the ledger through the month
/// before from a snapshot (the clues then followed: open or just closed), and the retired
/// clues the month lists from `ledger_retired`, so a month's ledger costs that month's clues,
/// not every month's. Both are derived like everything else in the store: a run that rebuilds
/// month P forgets what the ledger recorded from P on (`truncateLedger`) and records it again.
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
            return try LedgerCoding.decodeLedger(blob)
        } catch {
            throw StoreError.undecodable(path: path, sha256: "ledger \(period)", detail: "\(error)")
        }
    }

    /// Forgets what the ledger recorded after month `period` (all of it when nil), to record it
    /// again: the later snapshots, the clues retired later, and the bringing back of clues later
    /// (those are retired again).
    public func truncateLedger(after period: Period?) throws {
        try write("truncate the ledger after \(period?.description ?? "its start")") { db in
            let p = period?.description ?? ""
            try db.execute(sql: "DELETE FROM ledger_snapshot WHERE period > ?", arguments: [p])
            try db.execute(sql: "DELETE FROM ledger_retired WHERE since > ?", arguments: [p])
            try db.execute(sql: "UPDATE ledger_retired SET revived_in = NULL WHERE revived_in > ?", arguments: [p])
        }
    }

    /// Replaces every retired clue and snapshot with those of a ledger replayed from the registers
    /// (after a run could not take it from a snapshot).
    public func replaceLedger(retired: [RetiredClue]) throws {
        let rows = retired.map { c in (c, LedgerCoding.encode(c.entry)) }
        try write("replace the retired clues") { db in
            try db.execute(sql: "DELETE FROM ledger_snapshot")
            try db.execute(sql: "DELETE FROM ledger_retired")
            let insert = try db.cachedStatement(sql: "INSERT INTO ledger_retired VALUES (?, ?, NULL, ?)")
            for (c, blob) in rows { try insert.execute(arguments: [LedgerCoding.hash(c.entry.slot), c.since.description, blob]) }
        }
    }

    /// The retired clues among these slots: those a month about to be recorded lists.
    public func retiredClues(slots: Set<String>) throws -> RecalledClues {
        var hashes: [Int64: Set<String>] = [:]
        for s in slots { hashes[LedgerCoding.hash(s), default: []].insert(s) }
        let rows: [(Int64, String, Data)] = try read("read \(slots.count) retired clues") { db in
            // A few hundred hashes a statement: SQLite probes the index for each, without a round trip
            // apiece. The index is named: without statistics SQLite would walk `revived_in`'s, in
            // which nearly every row is NULL (15 s for a national month instead of a fraction of one).
            let keys = Array(hashes.keys)
            var out: [(Int64, String, Data)] = []
            for start in stride(from: 0, to: keys.count, by: 500) {
                let part = keys[start..<min(start + 500, keys.count)]
                let cursor = try Row.fetchCursor(db, sql: Self.retiredLookup(part.count), arguments: StatementArguments(Array(part)))
                while let r = try cursor.next() { out.append((r[0], r[1], r[2])) }
            }
            return out
        }
        var recalled = RecalledClues()
        for (row, since, blob) in rows {
            let e: LedgerEntry
            do { e = try LedgerCoding.decodeEntry(blob) } catch {
                throw StoreError.undecodable(path: path, sha256: "retired clue \(row)", detail: "\(error)")
            }
            guard slots.contains(e.slot), let since = Period(since) else { continue }  // another slot of the same hash
            recalled.clues.append(RetiredClue(entry: e, since: since))
            recalled.rows[e.slot] = row
        }
        return recalled
    }

    /// The retired clues, not brought back since, of `count` slot hashes.
    static func retiredLookup(_ count: Int) -> String {
        "SELECT rowid, since, entry FROM ledger_retired INDEXED BY ledger_retired_slot WHERE slot_hash IN ("
            + Array(repeating: "?", count: count).joined(separator: ", ") + ") AND revived_in IS NULL"
    }

    /// Records the month `ledger` recorded last: the clues it retired and those it brought back
    /// (of `recalled`), and, with `snapshot`, the ledger itself under `digest`. Snapshots of
    /// months not in `keeping` are dropped: a rebuild that finds none replays the registers.
    public func saveLedger(_ ledger: ClueLedger, recalled: RecalledClues, digest: String, snapshot: Bool,
                           keeping: Set<Period>) throws {
        guard let period = ledger.through else { return }
        let retired = ledger.retiredLast.map { e in (e.slot, LedgerCoding.encode(e)) }
        let state = snapshot ? LedgerCoding.encode(ledger) : nil
        try write("save the ledger of \(period)") { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO ledger_retired VALUES (?, ?, NULL, ?)")
            for (slot, blob) in retired { try insert.execute(arguments: [LedgerCoding.hash(slot), period.description, blob]) }
            let revive = try db.cachedStatement(sql: "UPDATE ledger_retired SET revived_in = ? WHERE rowid = ?")
            for e in ledger.revivedLast {
                guard let row = recalled.rows[e.slot] else { continue }  // replayed: the replay's table has it retired no more
                try revive.execute(arguments: [period.description, row])
            }
            if let state {
                try db.execute(sql: "INSERT OR REPLACE INTO ledger_snapshot VALUES (?, ?, ?)",
                               arguments: [period.description, digest, state])
            }
            let kept = try String.fetchAll(db, sql: "SELECT period FROM ledger_snapshot")
            for p in kept where !keeping.contains(where: { $0.description == p }) {
                try db.execute(sql: "DELETE FROM ledger_snapshot WHERE period = ?", arguments: [p])
            }
        }
    }
}

/// The ledger's compact binary form: lengths as LEB128 varints, texts as UTF-8, months as
/// `year * 12 + month - 1`. About a tenth of the time of JSON, which matters at a national month's
/// hundred thousand followed clues.
enum LedgerCoding {
    static let version: UInt8 = 1

    enum Failure: Error, CustomStringConvertible {
        case truncated(at: Int)
        case badVersion(UInt8)
        case badPeriod(Int)

        var description: String {
            switch self {
            case .truncated(let at): "truncated at byte \(at)"
            case .badVersion(let v): "unknown encoding version \(v)"
            case .badPeriod(let n): "no such month: \(n)"
            }
        }
    }

    /// FNV-1a of the slot's UTF-8: the index key of a retired clue (its row holds the slot itself).
    static func hash(_ slot: String) -> Int64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in slot.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int64(bitPattern: h)
    }

    static func encode(_ e: LedgerEntry) -> Data {
        var w = Writer()
        w.byte(version)
        w.entry(e)
        return Data(w.bytes)
    }

    static func decodeEntry(_ data: Data) throws -> LedgerEntry {
        try data.withUnsafeBytes { raw in
            var r = Reader(raw)
            try r.expectVersion()
            return try r.entry()
        }
    }

    static func encode(_ l: ClueLedger) -> Data {
        var w = Writer()
        w.byte(version)
        w.optionalPeriod(l.through)
        let followed = l.followed.sorted()
        w.int(followed.count)
        for d in followed { w.string(d) }
        let first = l.firstRegistered.sorted { $0.key < $1.key }
        w.int(first.count)
        for (d, p) in first {
            w.string(d)
            w.period(p)
        }
        let months = l.openCounts.sorted { $0.key < $1.key }
        w.int(months.count)
        for (p, counts) in months {
            w.period(p)
            w.int(counts.count)
            for (d, n) in counts.sorted(by: { $0.key < $1.key }) {
                w.string(d)
                w.int(n)
            }
        }
        w.int(l.entries.count)
        for e in l.entries { w.entry(e) }
        return Data(w.bytes)
    }

    static func decodeLedger(_ data: Data) throws -> ClueLedger {
        try data.withUnsafeBytes { raw in
            var r = Reader(raw)
            try r.expectVersion()
            let through = try r.optionalPeriod()
            var followed = Set<String>()
            for _ in 0..<(try r.int()) { followed.insert(try r.string()) }
            var first: [String: Period] = [:]
            for _ in 0..<(try r.int()) { first[try r.string()] = try r.period() }
            var open: [Period: [String: Int]] = [:]
            for _ in 0..<(try r.int()) {
                let p = try r.period()
                var counts: [String: Int] = [:]
                for _ in 0..<(try r.int()) { counts[try r.string()] = try r.int() }
                open[p] = counts
            }
            let n = try r.int()
            var entries: [LedgerEntry] = []
            entries.reserveCapacity(n)
            for _ in 0..<n { entries.append(try r.entry()) }
            return ClueLedger(through: through, followed: followed, firstRegistered: first, openCounts: open, entries: entries)
        }
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func byte(_ b: UInt8) { bytes.append(b) }

        mutating func int(_ n: Int) {
            var v = UInt64(n)
            while v >= 0x80 {
                bytes.append(UInt8(v & 0x7f) | 0x80)
                v >>= 7
            }
            bytes.append(UInt8(v))
        }

        mutating func string(_ s: String) {
            int(s.utf8.count)
            bytes.append(contentsOf: s.utf8)
        }

        mutating func period(_ p: Period) { int(p.year * 12 + p.month - 1) }

        mutating func optionalPeriod(_ p: Period?) {
            if let p { byte(1); period(p) } else { byte(0) }
        }

        mutating func entry(_ e: LedgerEntry) {
            string(e.district)
            string(e.key)
            string(e.summary)
            string(e.persons)
            optionalPeriod(e.closedIn)
            int(e.appearances.count)
            for a in e.appearances {
                period(a.period)
                string(a.clueID)
                string(a.disposition)
                string(a.rectification)
                byte(a.closes ? 1 : 0)
            }
        }
    }

    struct Reader {
        let raw: UnsafeRawBufferPointer
        var at = 0

        init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

        mutating func byte() throws -> UInt8 {
            guard at < raw.count else { throw Failure.truncated(at: at) }
            defer { at += 1 }
            return raw[at]
        }

        mutating func expectVersion() throws {
            let v = try byte()
            guard v == LedgerCoding.version else { throw Failure.badVersion(v) }
        }

        mutating func int() throws -> Int {
            var v: UInt64 = 0, shift: UInt64 = 0
            while true {
                let b = try byte()
                v |= UInt64(b & 0x7f) << shift
                if b < 0x80 { break }
                shift += 7
                guard shift < 64 else { throw Failure.truncated(at: at) }
            }
            return Int(truncatingIfNeeded: v)
        }

        mutating func string() throws -> String {
            let n = try int()
            guard n >= 0, at + n <= raw.count else { throw Failure.truncated(at: at) }
            defer { at += n }
            return String(decoding: UnsafeRawBufferPointer(rebasing: raw[at..<at + n]), as: UTF8.self)
        }

        mutating func period() throws -> Period {
            let n = try int()
            guard let p = Period(year: n / 12, month: n % 12 + 1) else { throw Failure.badPeriod(n) }
            return p
        }

        mutating func optionalPeriod() throws -> Period? {
            try byte() == 1 ? try period() : nil
        }

        mutating func entry() throws -> LedgerEntry {
            let district = try string(), key = try string(), summary = try string(), persons = try string()
            let closedIn = try optionalPeriod()
            let n = try int()
            var appearances: [ClueAppearance] = []
            appearances.reserveCapacity(n)
            for _ in 0..<n {
                appearances.append(ClueAppearance(period: try period(), clueID: try string(), disposition: try string(),
                                                  rectification: try string(), closes: try byte() == 1))
            }
            return LedgerEntry(district: district, key: key, summary: summary, persons: persons,
                               appearances: appearances, closedIn: closedIn)
        }
    }
}
