import Foundation
import GRDB
import Testing
@testable import Forms
@testable import Pipeline
@testable import Store

/// The month's tables reach the store one at a time, as the publisher writes them: what it saves
/// is what it would save from all of them at once, and a publication that stops before every
/// table was written leaves the store's month as it was.
struct TableHandoffTests {
    static func table(_ rows: Int, tag: String) -> CSVTable {
        var t = CSVTable(header: ["period", "district", "clue_id"])
        for i in 0..<rows { t.append(["2026-11", .text("区\(i % 7)"), .text("\(tag)-\(i)")]) }
        return t
    }

    static let tables = [PublishedTable(name: "clues", columns: ["period", "district", "clue_id"], numbers: []),
                         PublishedTable(name: "ledger", columns: ["period", "district", "clue_id"], numbers: [])]

    static func store() throws -> HistoryStore {
        try HistoryStore(path: Support.root() + "/weigai.sqlite", extractorVersion: 1, tables: tables)
    }

    static func rows(_ store: HistoryStore, _ view: String) throws -> [String] {
        try store.read("test") { db in try String.fetchAll(db, sql: "SELECT clue_id FROM \(view) ORDER BY clue_id") }
    }

    /// A handoff, and the store saving month `p` from it on another thread (digest `d`).
    static func saving(_ store: HistoryStore, _ p: Period) -> (TableHandoff, Background<Void>) {
        let handoff = TableHandoff()
        let saving = Background { () throws -> Void in
            defer { handoff.close() }
            try store.savePublished(p, inputs: MonthInputs(own: "", earlier: "", clues: "", digest: "d"), tables: handoff.next)
        }
        return (handoff, saving)
    }

    /// Two writers hand over their tables while the store saves them; the store gets each whole.
    @Test func tablesHandedOverAsWrittenAreSavedWhole() throws {
        let store = try Self.store()
        let p = Period(year: 2026, month: 11)!
        let (handoff, saving) = Self.saving(store, p)
        let names = ["clues", "fields", "ledger"]
        _ = Parallel.map(names.count) { i in handoff.put(names[i], Self.table(1_000 * (i + 1), tag: names[i])) }
        handoff.finish()
        _ = try saving.wait()
        #expect(try Self.rows(store, "clues") == Self.table(1_000, tag: "clues").sortedIDs)
        #expect(try Self.rows(store, "ledger") == Self.table(3_000, tag: "ledger").sortedIDs)
        #expect(try store.publishedMonths()[p]?.digest == "d")
    }

    /// A table handed over a part at a time, as the publisher makes the large ones, is stored as
    /// its rows in order, the same as the table handed over whole.
    @Test func aTableHandedOverInPartsIsSavedAsItsRows() throws {
        let store = try Self.store()
        let p = Period(year: 2026, month: 11)!
        let (handoff, saving) = Self.saving(store, p)
        var t = CSVTable(header: ["period", "district", "clue_id"], rows: 400)
        for i in 0..<1_000 { t.append(["2026-11", .text("区\(i % 7)"), .text("parts-\(i)")], partRows: 400) { handoff.put("clues", $0) } }
        handoff.put("clues", t)
        handoff.finish()
        _ = try saving.wait()
        let inOrder = try store.read("test") { db in try String.fetchAll(db, sql: "SELECT clue_id FROM month_clues ORDER BY rowid") }
        #expect(inOrder == (0..<1_000).map { "parts-\($0)" })
    }

    /// A part handed over is made ready while the store is still busy: `put` returns before the
    /// store takes the part (here, before it takes any), not once it is done with it.
    @Test func aPartIsHandedOverWithoutWaitingForTheStore() throws {
        let handoff = TableHandoff()
        let returned = DispatchSemaphore(value: 0)
        let putting = Background { () -> Void in
            handoff.put("clues", Self.table(10, tag: "first"))
            returned.signal()
        }
        // Not a measurement: only a bound on a wait that, were `put` to wait for the store, would never end.
        #expect(returned.wait(timeout: .now() + 60) == .success)
        handoff.close()
        _ = try putting.wait()
    }

    /// A writer making parts faster than the store saves them is held to two at a time: the one
    /// the store has, and the next.
    @Test func aWriterHoldsTwoPartsAtMost() throws {
        let handoff = TableHandoff()
        let made = SharedCount()
        let parts = 12
        let writing = Background { () -> Void in
            for i in 0..<parts {
                made.increment()
                handoff.put("clues", Self.table(3, tag: "p\(i)"))
            }
            handoff.finish()
        }
        var taken = 0
        while let (_, part) = try handoff.next() {
            taken += 1
            // The store holds part `taken`: the writer may have made the next one, not one more.
            Thread.sleep(forTimeInterval: 0.01)
            #expect(made.value <= taken + 1)
            #expect(part.rowCount == 3)
        }
        #expect(taken == parts)
        _ = try writing.wait()
    }

    /// The publisher makes its tables on several lanes at once, each a part at a time: every
    /// file is the whole table, and the store has each table's rows in order.
    @Test func tablesMadeOnLanesAreWrittenAndStoredWhole() throws {
        let root = Support.root()
        let store = try HistoryStore(path: root + "/weigai.sqlite", extractorVersion: 1, tables: Self.tables)
        let p = Period(year: 2026, month: 11)!
        let (handoff, saving) = Self.saving(store, p)
        let sizes = ["clues": 1_000, "fields": 3, "ledger": 700, "other": 50]
        let files = sizes.keys.sorted().map { name in
            OutputFile(name: name + ".csv", content: .table { part in
                var t = CSVTable(header: ["period", "district", "clue_id"], rows: 64)
                for i in 0..<sizes[name]! { try t.append(["2026-11", .text("区\(i % 7)"), .text("\(name)-\(i)")], partRows: 64, full: part) }
                try part(t)
            })
        }
        try Publisher(layout: RunLayout(root: root)).publish(p, files: files, mark: PublishedMark(digest: "d", errors: 0, warnings: 0),
                                                             tables: handoff)
        _ = try saving.wait()
        for (name, rows) in sizes {
            var whole = CSVTable(header: ["period", "district", "clue_id"])
            for i in 0..<rows { whole.append(["2026-11", .text("区\(i % 7)"), .text("\(name)-\(i)")]) }
            #expect(FileManager.default.contents(atPath: root + "/out/2026-11/\(name).csv") == Data(whole.bytes))
        }
        for name in ["clues", "ledger"] {
            let inOrder = try store.read("test") { db in try String.fetchAll(db, sql: "SELECT clue_id FROM month_\(name) ORDER BY rowid") }
            #expect(inOrder == (0..<sizes[name]!).map { "\(name)-\($0)" })
        }
    }

    /// A table that fails while it is made stops the publication: the publisher throws rather
    /// than waiting for its table lane a second time, nothing is published, and the store keeps
    /// the month it had.
    @Test func aTableThatFailsStopsThePublication() throws {
        struct Broken: Error {}
        let root = Support.root()
        let store = try HistoryStore(path: root + "/weigai.sqlite", extractorVersion: 1, tables: Self.tables)
        let p = Period(year: 2026, month: 11)!
        let (handoff, saving) = Self.saving(store, p)
        let files = [OutputFile(name: "clues.csv", content: .table { part in
                         try part(Self.table(5, tag: "made"))
                         throw Broken()
                     }),
                     OutputFile(name: "summary.txt", content: .bytes(Array("本月".utf8)))]
        let ended = DispatchSemaphore(value: 0)
        let publishing = Background { () throws -> Void in
            defer { ended.signal() }
            try Publisher(layout: RunLayout(root: root)).publish(p, files: files, mark: PublishedMark(digest: "d", errors: 0, warnings: 0),
                                                                 tables: handoff)
        }
        // Not a measurement: only a bound on a wait that, were the publisher stuck, would never end.
        guard ended.wait(timeout: .now() + 60) == .success else {
            Issue.record("the publication did not end")
            return
        }
        #expect(throws: Broken.self) { try publishing.wait() }
        #expect(throws: StoreError.self) { try saving.wait() }
        #expect(!FileManager.default.fileExists(atPath: root + "/out/2026-11"))
        #expect(try store.publishedMonths()[p] == nil)
    }

    /// The publication stops after one table: the store rolls its month back; and a store that
    /// stopped taking tables does not hold the writers up.
    @Test func aPublicationStoppedEarlyLeavesTheStoresMonth() throws {
        let store = try Self.store()
        let p = Period(year: 2026, month: 11)!
        var earlier = [("clues", Self.table(2, tag: "old"))][...]
        try store.savePublished(p, inputs: MonthInputs(own: "", earlier: "", clues: "", digest: "old")) {
            earlier.popFirst().map { (name: $0.0, table: $0.1) }
        }
        let handoff = TableHandoff()
        let saving = Background { () throws -> Void in
            defer { handoff.close() }
            try store.savePublished(p, inputs: MonthInputs(own: "", earlier: "", clues: "", digest: "new"), tables: handoff.next)
        }
        handoff.put("clues", Self.table(10, tag: "new"))
        handoff.fail()
        #expect(throws: StoreError.self) { try saving.wait() }
        #expect(try Self.rows(store, "clues") == ["old-0", "old-1"])
        #expect(try store.publishedMonths()[p]?.digest == "old")
        handoff.put("ledger", Self.table(10, tag: "late"))  // returns at once: the store is closed
    }
}

/// A count two threads read and raise.
private final class SharedCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

extension CSVTable {
    /// The third column of every row, sorted.
    fileprivate var sortedIDs: [String] {
        withFields { f in (0..<rowCount).map { String(decoding: f[$0 * 3 + 2]!, as: UTF8.self) }.sorted() }
    }
}
