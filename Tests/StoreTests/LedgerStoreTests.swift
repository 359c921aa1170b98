import Foundation
import GRDB
import Testing
@testable import Forms
@testable import Store

/// The clue ledger as the store keeps it: a snapshot and retired clues come back exactly.
struct LedgerStoreTests {
    let stages = Configuration().dispositionStages
    /// A month after every test ledger's: retired clues are looked up as of its end.
    let later = Period(year: 2027, month: 1)!

    func listing(_ district: String, _ month: Int, _ person: String, _ disposition: String, rectification: String = "") -> ClueListing {
        ClueListing(district: district, period: Period(year: 2026, month: month)!, clueID: "\(district)-2026-\(month)-\(person)",
                    key: person + "|反映\(person)优亲厚友", persons: person, summary: "反映\(person)优亲厚友。",
                    disposition: disposition, rectification: rectification)
    }

    /// August: one clue open, one closed; October (September skipped): the open one progresses,
    /// another district registers one, and the August closing is retired.
    func ledger() -> ClueLedger {
        var ledger = ClueLedger()
        ledger.record(Period(year: 2026, month: 8)!, listings: [listing("东湖区", 8, "张三", "初步核实"), listing("东湖区", 8, "李四", "已办结")],
                      districts: ["东湖区"], stages: stages)
        ledger.record(Period(year: 2026, month: 10)!, listings: [listing("东湖区", 10, "张三", "谈话函询", rectification: "已约谈"),
                                                                 listing("西山区", 10, "王五", "暂存待查")],
                      districts: ["东湖区", "西山区"], stages: stages)
        return ledger
    }

    /// A clue is known by its slot, made of its district and key: an entry and a listing of the
    /// same clue share it, and another key or district has another.
    @Test func aClueIsKnownByItsSlot() {
        var seen = Set<LedgerSlot>()
        for (district, key) in [("东湖区", "张三|反映张三优亲厚友"), ("e\u{301}区", "李四、王五|虚报冒领"), ("Ａ区", "|"),
                                ("东湖区", "张三|反映张三优亲厚友。"), ("西山区", "张三|反映张三优亲厚友")] {
            let e = LedgerEntry(district: district, key: key, summary: "", persons: "", appearances: [], closedIn: nil)
            let l = ClueListing(district: district, period: Period(year: 2026, month: 8)!, clueID: "", key: key, persons: "",
                                summary: "", disposition: "", rectification: "")
            #expect(l.slot == e.slot && e.slot == LedgerSlot(district: district, key: key))
            #expect(seen.insert(e.slot).inserted)
        }
    }

    @Test func aSnapshotComesBackExactly() throws {
        let ledger = ledger()
        #expect(ledger.retiredClues.map(\.entry.persons) == ["李四"])
        #expect(ledger.entries.map(\.persons) == ["张三", "王五"])
        // September, when nothing came in, kept August's open clues.
        #expect((8...10).map { ledger.openCount(at: Period(year: 2026, month: $0)!, district: "东湖区") } == [1, 1, 1])

        let back = try HistoryStore.decode(HistoryStore.encode(ledger)) as ClueLedger
        #expect(back.entries == ledger.entries)
        #expect(back.through == ledger.through && back.followed == ledger.followed)
        #expect(back.firstRegistered == ledger.firstRegistered && back.openCounts == ledger.openCounts)
        #expect(back.of("东湖区").map(\.persons) == ["张三"] && back.follows(ledger.entries[1].slot))
        let closed = ledger.retiredClues[0].entry
        #expect(try HistoryStore.decode(HistoryStore.encode(closed)) as LedgerEntry == closed)
    }

    @Test func aRecalledClueIsBroughtBackAsInAReplay() throws {
        var restored = try HistoryStore.decode(HistoryStore.encode(ledger())) as ClueLedger
        var replayed = ledger()
        let retired = try #require(replayed.retiredClues.first)
        restored.recall([retired])
        let november = [listing("东湖区", 11, "李四", "初步核实")]
        let a = restored.record(Period(year: 2026, month: 11)!, listings: november, districts: ["东湖区"], stages: stages)
        let b = replayed.record(Period(year: 2026, month: 11)!, listings: november, districts: ["东湖区"], stages: stages)
        #expect(a == b && a.map(\.progress) == [.regressed])
        #expect(restored.entries == replayed.entries && restored.revivedLast == replayed.revivedLast)
    }

    /// A month's lookup of retired clues probes the hash index, whatever SQLite would guess
    /// (`revived_in IS NULL` holds for nearly every row).
    @Test func retiredCluesAreFoundThroughTheirHash() throws {
        let store = try HistoryStore(path: HistoryStoreOpenTests.path(), extractorVersion: 1, tables: HistoryStoreOpenTests.tables)
        let retired = try #require(ledger().retiredClues.first)
        try store.replaceLedger(retired: [retired])
        #expect(try store.retiredClues(slots: [retired.entry.slot, LedgerSlot(district: "西山区", key: "无此线索")], asOf: later).clues == [retired])
        // Found by its canonical text, as the ledger compares slots.
        #expect(LedgerSlot(district: "e\u{301}区", key: "张三") == LedgerSlot(district: "é区", key: "张三"))
        let plan = try store.queue.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + HistoryStore.retiredLookup(2), arguments: [1, 2, "2026-11", "2026-11"]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING INDEX ledger_retired_slot") }, "\(plan)")
    }

    /// No retired clue to find, none is looked up: in a store that has none yet, and in one
    /// whose retired clues are all brought back.
    @Test func noRetiredClueWhenNoneIsLeftRetired() throws {
        let store = try HistoryStore(path: HistoryStoreOpenTests.path(), extractorVersion: 1, tables: HistoryStoreOpenTests.tables)
        let retired = try #require(ledger().retiredClues.first)
        #expect(try store.retiredClues(slots: [retired.entry.slot], asOf: later).clues.isEmpty)
        try store.replaceLedger(retired: [retired])
        #expect(try store.retiredClues(slots: [retired.entry.slot, retired.entry.slot], asOf: later).clues == [retired])
        try store.queue.write { db in try db.execute(sql: "UPDATE ledger_retired SET revived_in = '2026-11'") }
        #expect(try store.retiredClues(slots: [retired.entry.slot], asOf: later).clues.isEmpty)
    }

    /// A month rebuilt reads the retired clues as they stood at the end of the month before,
    /// whatever a run that rebuilt it earlier recorded after that; its save forgets that first.
    @Test func retiredCluesAreReadAsOfTheMonthBefore() throws {
        let store = try HistoryStore(path: HistoryStoreOpenTests.path(), extractorVersion: 1, tables: HistoryStoreOpenTests.tables)
        let (august, september, october) = (Period(year: 2026, month: 8)!, Period(year: 2026, month: 9)!, Period(year: 2026, month: 10)!)
        let template = try #require(ledger().retiredClues.first)
        func retired(_ person: String, since: Period) -> RetiredClue {
            RetiredClue(entry: LedgerEntry(district: "东湖区", key: person + "|线索", summary: "", persons: person,
                                           appearances: template.entry.appearances, closedIn: since),
                        since: since)
        }
        // Retired in August and brought back in October; retired in October.
        let (back, late) = (retired("张三", since: august), retired("李四", since: october))
        try store.replaceLedger(retired: [back, late])
        try store.queue.write { db in try db.execute(sql: "UPDATE ledger_retired SET revived_in = '2026-10' WHERE since = '2026-08'") }
        let slots = [back.entry.slot, late.entry.slot]
        #expect(try store.retiredClues(slots: slots, asOf: september).clues == [back])
        #expect(try store.retiredClues(slots: slots, asOf: october).clues == [late])
        #expect(try store.retiredClues(slots: slots, asOf: nil).clues.isEmpty)

        // October saved again after September: what the earlier October recorded is forgotten.
        var ledger = ClueLedger()
        ledger.record(october, listings: [listing("西山区", 10, "王五", "暂存待查")], districts: ["西山区"], stages: stages)
        try store.saveLedger(ledger, after: september, recalled: RecalledClues(), digest: "a", snapshot: true, keeping: [october])
        let rows = try store.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT since, revived_in FROM ledger_retired").map { ($0[0] as String, $0[1] as String?) }
        }
        #expect(rows.count == 1 && rows[0] == ("2026-08", nil))
        #expect(try store.retiredClues(slots: slots, asOf: october).clues == [back])

        // A ledger of no month saved after none: everything recorded is forgotten, nothing added.
        #expect(try store.saveLedger(ClueLedger(), after: nil, recalled: RecalledClues(), digest: "b", snapshot: true,
                                     keeping: [october]) == 0)
        let left = try store.queue.read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM ledger_retired) + (SELECT count(*) FROM ledger_snapshot)")
        }
        #expect(left == 0)
    }

    /// Inserted `retiredInsertRows` a statement and looked up a batch of hashes at a time, each
    /// retired clue listed again comes back once and whole, whichever batch it fell in, the short
    /// last ones included.
    @Test func manyRetiredCluesComeBackOnceEach() throws {
        let store = try HistoryStore(path: HistoryStoreOpenTests.path(), extractorVersion: 1, tables: HistoryStoreOpenTests.tables)
        let template = try #require(ledger().retiredClues.first)
        let retired = (0..<(2 * HistoryStore.lookupBatch + 34)).map { i in
            RetiredClue(entry: LedgerEntry(district: "东湖区", key: "张三|线索\(i)", summary: template.entry.summary, persons: "张三",
                                           appearances: template.entry.appearances, closedIn: template.entry.closedIn),
                        since: template.since)
        }
        try store.replaceLedger(retired: retired)
        let listed = retired.enumerated().filter { $0.offset % 3 != 1 }.map(\.element)
        let slots = listed.map(\.entry.slot) + (0..<700).map { LedgerSlot(district: "西山区", key: "无此线索\($0)") }
        let found = try store.retiredClues(slots: slots, asOf: later).clues
        #expect(found.count == listed.count)
        #expect(retired.count > 3 * HistoryStore.retiredInsertRows)
        let bySlot = { (clues: [RetiredClue]) in Dictionary(uniqueKeysWithValues: clues.map { ($0.entry.slot, $0) }) }
        #expect(bySlot(found) == bySlot(listed))
    }

    /// ledger.csv's order is `String`'s, also for text whose bytes are not its NFC form.
    @Test func rowsAreOrderedAsStringsAre() {
        let districts = ["西山区", "东湖区", "Ａ区", "é区", "z区", "\u{F900}区", "e\u{301}x区"]
        var ledger = ClueLedger()
        ledger.record(Period(year: 2026, month: 8)!, listings: districts.map { listing($0, 8, "张三", "初步核实") },
                      districts: Set(districts), stages: stages)
        #expect(ledger.rows(at: Period(year: 2026, month: 8)!).map(\.district) == districts.sorted())
        #expect(ledger.overdue(at: Period(year: 2027, month: 8)!, limit: 3).map(\.district) == districts.sorted())
        // Within a district and month by clue id, ids that are not their own NFC too.
        let persons = ["张三", "e\u{301}x", "é", "Ａ", "A", "AB", "\u{F900}", "李四", "ab", "张"]
        var one = ClueLedger()
        one.record(Period(year: 2026, month: 8)!, listings: persons.map { listing("东湖区", 8, $0, "初步核实") }, districts: ["东湖区"],
                   stages: stages)
        let ids = one.rows(at: Period(year: 2026, month: 8)!).map(\.appearances[0].clueID.description)
        #expect(ids.count == persons.count && ids == ids.sorted() && ids != persons.map { "东湖区-2026-8-\($0)" })
        // ledger.csv made a part at a time is ledger.csv.
        var parts: [CSVTable] = []
        NormalizedCSV.ledger(ledger, at: Period(year: 2026, month: 8)!, timeLimitMonths: 3, partRows: 3) { parts.append($0) }
        var written: [UInt8] = []
        for (i, p) in parts.enumerated() { p.write(header: i == 0) { written += $0 } }
        #expect(parts.count == 3 && written == NormalizedCSV.ledger(ledger, at: Period(year: 2026, month: 8)!, timeLimitMonths: 3).bytes)
    }

    /// A clue closed in August and listed again in October is retired and brought back by the
    /// same record: for the store, neither (no retired row for a clue followed again).
    @Test func aClueRetiredAndListedAgainInOneRecordStaysFollowed() {
        var ledger = ClueLedger()
        ledger.record(Period(year: 2026, month: 8)!, listings: [listing("东湖区", 8, "李四", "已办结")], districts: ["东湖区"], stages: stages)
        let events = ledger.record(Period(year: 2026, month: 10)!, listings: [listing("东湖区", 10, "李四", "初步核实")],
                                   districts: ["东湖区"], stages: stages)
        #expect(events.map(\.progress) == [.regressed])
        #expect(ledger.revivedLast.isEmpty && ledger.retiredClues.isEmpty)
        #expect(ledger.entries.map(\.persons) == ["李四"])
    }

    /// Clues closed among open ones of several districts are retired in place: each district's
    /// clues, the slots followed and the open counts stay those of the clues left.
    @Test func retiringKeepsEachDistrictsCluesInOrder() {
        var ledger = ClueLedger()
        let august = [listing("东湖区", 8, "张三", "已办结"), listing("西山区", 8, "王五", "初步核实"),
                      listing("东湖区", 8, "李四", "初步核实"), listing("西山区", 8, "赵六", "已办结"),
                      listing("东湖区", 8, "钱七", "初步核实")]
        let events = ledger.record(Period(year: 2026, month: 8)!, listings: august, districts: ["东湖区", "西山区"], stages: stages)
        #expect(events.map(\.listing) == [0, 1, 2, 3, 4])
        let closed = ledger.settle()
        #expect(closed.map(\.persons) == ["张三", "赵六"])
        #expect(ledger.entries.map(\.persons) == ["王五", "李四", "钱七"])
        #expect(ledger.of("东湖区").map(\.persons) == ["李四", "钱七"] && ledger.of("西山区").map(\.persons) == ["王五"])
        #expect(!ledger.follows(closed[0].slot) && ledger.follows(ledger.entries[2].slot))
        // A clue listed twice in a month counts once, and its second listing has no event.
        let september = [listing("东湖区", 9, "钱七", "已办结"), listing("东湖区", 9, "钱七", "初步核实"),
                         listing("西山区", 9, "孙八", "初步核实")]
        let next = ledger.record(Period(year: 2026, month: 9)!, listings: september, districts: ["东湖区", "西山区"], stages: stages)
        #expect(next.map(\.listing) == [0, 2] && next.map(\.progress) == [.progressed, .registered])
        #expect(next[0].registered == Period(year: 2026, month: 8) && next[0].registeredAs?.description == "东湖区-2026-8-钱七")
        #expect(ledger.of("东湖区").map(\.persons) == ["李四", "钱七"] && ledger.of("西山区").map(\.persons) == ["王五", "孙八"])
        #expect(ledger.closed(in: Period(year: 2026, month: 9)!, district: "东湖区").map(\.persons) == ["钱七"])
        #expect(ledger.openCounts[Period(year: 2026, month: 9)!] == ["东湖区": 1, "西山区": 2])
    }

    /// A national month's ledger is written and read in parts, one a core: they come back in order.
    @Test func aLedgerOfManyPartsComesBackInOrder() throws {
        var ledger = ClueLedger()
        let listings = (0..<(2 * ClueLedger.part + 5)).map { listing("东湖区", 8, "干部\($0)", $0 % 3 == 0 ? "已办结" : "初步核实") }
        ledger.record(Period(year: 2026, month: 8)!, listings: listings, districts: ["东湖区"], stages: stages)
        let back = try HistoryStore.decode(HistoryStore.encode(ledger)) as ClueLedger
        #expect(back.entries == ledger.entries && back.entries.count == listings.count)
    }

    /// A snapshot goes into room made for it, a megabyte at a time, and comes back whole; saved
    /// again under another digest, it replaces the first.
    @Test func aSavedSnapshotComesBackWhole() throws {
        let store = try HistoryStore(path: HistoryStoreOpenTests.path(), extractorVersion: 1, tables: HistoryStoreOpenTests.tables)
        let august = Period(year: 2026, month: 8)!
        var ledger = ClueLedger()
        let listings = (0..<12_000).map { listing("东湖区", 8, "干部\($0)", "初步核实") }
        ledger.record(august, listings: listings, districts: ["东湖区"], stages: stages)
        #expect(HistoryStore.encode(ledger).count > 1 << 20)
        for digest in ["a", "b"] {
            try store.saveLedger(ledger, after: nil, recalled: RecalledClues(), digest: digest, snapshot: true, keeping: [august])
        }
        #expect(try store.ledger(through: august, digest: "a") == nil)
        let back = try #require(try store.ledger(through: august, digest: "b"))
        #expect(HistoryStore.encode(back) == HistoryStore.encode(ledger))
    }

    /// The store keeps a month's ledger as settling it would leave it, read from the ledger as
    /// recorded: the snapshot is that of a settled copy, and the clues retired are those
    /// `settle` returns.
    @Test func aLedgerIsSavedAsSettlingWouldLeaveIt() throws {
        let store = try HistoryStore(path: HistoryStoreOpenTests.path(), extractorVersion: 1, tables: HistoryStoreOpenTests.tables)
        let august = Period(year: 2026, month: 8)!
        var ledger = ClueLedger()
        let listings = (0..<(ClueLedger.part + 7)).map { listing("东湖区", 8, "干部\($0)", $0 % 3 == 0 ? "已办结" : "初步核实") }
        ledger.record(august, listings: listings, districts: ["东湖区"], stages: stages)
        var settled = ledger
        let closed = settled.settle()
        #expect(ledger.closedAtEnd.map { ledger.entries[$0] } == closed && !closed.isEmpty)
        var w = BinaryWriter()
        ledger.encodeSettled(into: &w)
        #expect(w.bytes == Array(HistoryStore.encode(settled)) && ledger.settledSnapshot().count == w.bytes.count)
        #expect(try store.saveLedger(ledger, after: nil, recalled: RecalledClues(), digest: "a", snapshot: true, keeping: [august]) == closed.count)
        let back = try #require(try store.ledger(through: august, digest: "a"))
        #expect(back.entries == settled.entries)
        let slots = closed.map(\.slot) + [ledger.entries[1].slot]
        #expect(try store.retiredClues(slots: slots, asOf: august).clues.sorted { $0.entry.persons < $1.entry.persons }
            == closed.map { RetiredClue(entry: $0, since: august) }.sorted { $0.entry.persons < $1.entry.persons })
        // A ledger with nothing closed is kept as it is.
        var open = ClueLedger()
        open.record(august, listings: [listing("东湖区", 8, "张三", "初步核实")], districts: ["东湖区"], stages: stages)
        var o = BinaryWriter()
        open.encodeSettled(into: &o)
        #expect(open.closedAtEnd.isEmpty && o.bytes == Array(HistoryStore.encode(open)))
    }

    @Test func aCutShortSnapshotIsRefused() {
        let data = HistoryStore.encode(ledger())
        #expect(HistoryStore.encode(ledger()) == data)  // the same ledger, the same bytes
        #expect(throws: BinaryReader.Malformed.self) { try HistoryStore.decode(data.prefix(data.count - 3)) as ClueLedger }
        #expect(throws: BinaryReader.Malformed.self) { try HistoryStore.decode(data + [0]) as ClueLedger }
    }
}
