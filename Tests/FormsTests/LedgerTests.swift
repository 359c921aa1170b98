import Foundation
import Testing
import XLSX
@testable import Forms

/// The clue ledger (台账): a clue followed from its registration to its closing across months,
/// what a clue listed again means, the overdue ones, and Attachment 1 against the ledger.
@Suite struct LedgerTests {
    let config = CrossChecksTests.onlyDonghu
    let stages = Configuration().dispositionStages

    /// A clue of 东湖区 as Attachment 2 lists it.
    func clue(_ seq: Int, summary: String = "反映张三在危房改造对象认定中优亲厚友。", persons: String = "张三",
              disposition: String, rectification: String = "") -> [String: WriteValue] {
        ["seq": .number(Double(seq)), "source_channel": .string("信访举报"), "place": .string("东湖区青山镇"),
         "persons": .string(persons), "posts": .string(persons.split(separator: "、").map { _ in "村主任" }.joined(separator: "、")),
         "ranks": .string(persons.split(separator: "、").map { _ in "村社干部" }.joined(separator: "、")),
         "summary": .string(summary), "amount_wan": .number(1), "disposition": .string(disposition),
         "rectification": .string(rectification), "recovered_wan": .number(0), "accountable_persons": .number(0)]
    }

    /// 东湖区's Attachment 2 of `month` (2026) listing `clues`, received on the 20th.
    func register(_ month: Int, _ clues: [[String: WriteValue]]) throws -> Received {
        let dated: (inout TableContent) -> Void = {
            $0.filledOn = .string("2026年\(month)月20日")
            $0.rows = clues
        }
        return Received(try Clean.read([Clean.a2(month: month, dated)], name: "东湖区\(month)月.xlsx"),
                        receivedAt: Clean.at(String(format: "2026-%02d-20 10:00", month)))
    }

    /// 东湖区's Attachment 1 of `month` with `closed` problems closed, and its register.
    func bothTables(_ month: Int, closed: Double, found: Double, _ clues: [[String: WriteValue]]) throws -> Received {
        let dated: (inout TableContent) -> Void = { $0.filledOn = .string("2026年\(month)月20日") }
        let a1 = Clean.a1(month: month) {
            dated(&$0)
            $0.rows[0]["problems_closed"] = .number(closed)
            $0.rows[0]["problems_found"] = .number(found)
        }
        let a2 = Clean.a2(month: month) { dated(&$0); $0.rows = clues }
        return Received(try Clean.read([a1, a2], name: "东湖区\(month)月.xlsx"),
                        receivedAt: Clean.at(String(format: "2026-%02d-20 10:00", month)))
    }

    func audit(_ month: Int, _ now: Received, earlier: [Received]) -> PeriodAudit {
        Auditor(config: config).audit(period: Period(year: 2026, month: month)!, files: [now],
                                                     history: History(earlier))
    }

    /// A listing keeps its clue's identity as its slot: that of its district and its key, which
    /// reads back from it.
    @Test func aListingCarriesItsCluesSlot() throws {
        let r = try register(8, [clue(1, disposition: "初步核实"), clue(2, summary: "反映 李四、王五 虚报冒领。", persons: "王五、李四",
                                                                 disposition: "已办结")])
        let reg = try #require(r.extracted.registers.first)
        let listings = ClueListing.of(reg)
        #expect(listings.count == 2)
        for (l, c) in zip(listings, reg.clues) {
            #expect(l.slot == LedgerSlot(district: "东湖区", key: c.keyAsText))
        }
    }

    /// A slot is the 128-bit SipHash-2-4 of its bytes: the reference vectors (Aumasson and
    /// Bernstein's `vectors.h`, key 00…0f, message 00…(n-1)) for a short message, one of a whole
    /// word and one word and a tail.
    @Test func slotsAreSipHash128() {
        let vectors: [Int: String] = [0: "a3817f04ba25a8e66df67214c7550293", 1: "da87c1d86b99af44347659119b22fc45",
                                      4: "f88164c12d9c8faf7d0f6e7c7bcd5579", 15: "5493e99933b0a8117e08ec0f97cfc3d9"]
        let key = (UInt64(0x0706_0504_0302_0100), UInt64(0x0f0e_0d0c_0b0a_0908))
        for (n, want) in vectors {
            let (low, high) = [UInt8](0..<UInt8(n)).withUnsafeBytes { SipHash.hash128($0, key: key) }
            let bytes = withUnsafeBytes(of: (low.littleEndian, high.littleEndian)) { Array($0) }
            #expect(bytes.map { String(format: "%02x", $0) }.joined() == want, "\(n) bytes")
        }
    }

    /// A clue's slot is written from its parts' normalized bytes: it must be the slot of its key
    /// made as text, whatever the names and summary hold.
    @Test func aCluesSlotIsThatOfItsKeyMadeAsText() {
        let texts = LabelTests.samples
        for (i, s) in texts.enumerated() {
            let other = texts[(i * 7) % texts.count]
            for names in [[], [s], [s, other], [other, s], ["王五", s, "李四"], [" ", s, ""]] {
                let c = Clue(row: 5, seq: 1, sourceChannel: "", place: "", personsText: "", postsText: "", ranksText: "",
                             persons: names.map { CluePerson(name: $0, post: "", rank: "") }, summary: texts[(i * 13) % texts.count] + "虚报",
                             amountWan: nil, disposition: "", rectification: "", recoveredWan: nil, accountablePersons: nil, columns: [:])
                for district in ["东湖区", "e\u{301}区"] {
                    var bytes: [UInt8] = []
                    #expect(c.ledgerSlot(district: TextKey(district), bytes: &bytes) == LedgerSlot(district: district, key: c.keyAsText),
                            "\(names.map { $0.unicodeScalars.map { String($0.value, radix: 16) } })")
                }
            }
        }
    }

    @Test func aClueRegisteredProgressedClosedAndReopenedOverFourMonths() throws {
        let aug = try register(8, [clue(1, disposition: "暂存待查")])
        let sep = try register(9, [clue(1, disposition: "初步核实")])
        let oct = try register(10, [clue(1, disposition: "已办结", rectification: "已追回补助资金")])
        let nov = try register(11, [clue(1, disposition: "初步核实")])

        let registered = audit(8, aug, earlier: [])
        expectNone(registered.anomalies, "p-clue-registered-again", "p-clue-progressed", "p-clue-regressed")
        #expect(registered.ledger.entries.count == 1 && registered.ledger.openCount(at: registered.period, district: "东湖区") == 1)

        let progressed = audit(9, sep, earlier: [aug])
        expectFinding(progressed.anomalies, "p-clue-progressed", .crossPeriod, .info, at: "附件2!I6",
                      expected: "2026年8月", actual: "东湖区-2026-08-001")
        expectNone(progressed.anomalies, "p-clue-registered-again")

        let closed = audit(10, oct, earlier: [aug, sep])
        expectFinding(closed.anomalies, "p-clue-progressed", .crossPeriod, .info, at: "附件2!I6")
        let entry = try #require(closed.ledger.entries.first)
        #expect(entry.closedIn == Period(year: 2026, month: 10))
        #expect(entry.appearances.map(\.disposition) == ["暂存待查", "初步核实", "已办结"])
        #expect(closed.ledger.openCount(at: closed.period, district: "东湖区") == 0)
        #expect(closed.ledger.closed(in: closed.period, district: "东湖区").count == 1)

        let reopened = audit(11, nov, earlier: [aug, sep, oct])
        let back = expectFinding(reopened.anomalies, "p-clue-regressed", .crossPeriod, .warning, at: "附件2!I6",
                                 expected: "2026年10月", actual: "东湖区-2026-08-001")
        #expect(back?.message.contains("「已办结」") == true && back?.message.contains("「初步核实」") == true)
        #expect(reopened.ledger.entries.first?.closedIn == nil)
        #expect(reopened.ledger.openCount(at: reopened.period, district: "东湖区") == 1)
        // Open counts month by month, from what the ledger recorded.
        #expect((8...11).map { reopened.ledger.openCount(at: Period(year: 2026, month: $0)!, district: "东湖区") } == [1, 1, 0, 1])
    }

    /// The audit's listings take a register's slots as made beforehand (the run makes them for the
    /// recall of retired clues), and make them when they are absent or do not fit the register.
    @Test func theAuditTakesTheSlotsMadeBeforehand() throws {
        let aug = try register(8, [clue(1, disposition: "暂存待查")])
        var sep = try register(9, [clue(1, disposition: "初步核实")])
        let plain = audit(9, sep, earlier: [aug])
        sep.ledgerSlots = sep.extracted.registers.map(\.ledgerSlots)
        let given = audit(9, sep, earlier: [aug])
        #expect(given.ledger.entries == plain.ledger.entries && given.anomalies == plain.anomalies)
        expectFinding(given.anomalies, "p-clue-progressed", .crossPeriod, .info, at: "附件2!I6")
        // Taken as given: another slot is another clue, newly registered.
        sep.ledgerSlots = sep.extracted.registers.map { $0.ledgerSlots.map { _ in LedgerSlot(district: "东湖区", key: "另一条线索") } }
        let other = audit(9, sep, earlier: [aug])
        #expect(other.ledger.entries.count == 2)
        expectNone(other.anomalies, "p-clue-progressed")
        // Slots that do not fit the register are made again.
        sep.ledgerSlots = [[]]
        #expect(audit(9, sep, earlier: [aug]).ledger.entries == plain.ledger.entries)
    }

    @Test func aClueOpenPastTheTimeLimitIsOverdue() throws {
        let jul = try register(7, [clue(1, disposition: "初步核实"),
                                   clue(2, summary: "反映李四套取补助资金。", persons: "李四", disposition: "已办结")])
        let oct = try register(10, [clue(1, summary: "反映王五虚报改造户数。", persons: "王五", disposition: "初步核实")])
        let nov = try register(11, [clue(1, summary: "反映赵六收受好处费。", persons: "赵六", disposition: "谈话函询")])

        // July to October is three months: at the limit, not past it.
        expectNone(audit(10, oct, earlier: [jul]).anomalies, "p-clue-overdue")
        let late = audit(11, nov, earlier: [jul, oct])
        let overdue = expectFinding(late.anomalies, "p-clue-overdue", .crossPeriod, .warning, at: "附件2",
                                    expected: "2026年7月", actual: "东湖区-2026-07-001")
        #expect(overdue?.message.contains("4个月") == true && overdue?.message.contains("「初步核实」") == true)
        #expect(late.ledger.overdue(at: late.period, limit: 3).map(\.appearances[0].clueID.description) == ["东湖区-2026-07-001"])

        // The auditors' report lists it for 重点督办.
        var report = AuditorReport(city: "示例市", period: late.period, rows: [], anomalies: [], trends: Trends())
        report.ledger = late.ledger
        #expect(report.html.contains("东湖区-2026-07-001：2026年7月登记，已4个月，当前「初步核实」"))
        // Oldest first, for 重点督办.
        #expect(late.ledger.overdue(at: late.period, limit: 0).map(\.appearances[0].clueID.description) == ["东湖区-2026-07-001", "东湖区-2026-10-001"])
        // The counts the summaries show, made without the entries, are those of the lists.
        let (p, ledger) = (late.period, late.ledger)
        for limit in [0, 3, 4] {
            for district in ["东湖区", "西山区"] {
                #expect(ledger.overdueCount(at: p, limit: limit, district: district)
                        == ledger.overdue(at: p, limit: limit, district: district).count)
                #expect(ledger.closedCount(in: p, district: district) == ledger.closed(in: p, district: district).count)
            }
        }
        #expect(late.ledger.overdueCount(at: late.period, limit: 0, district: "东湖区") == 2)
        let closedInJuly = audit(7, jul, earlier: [])
        #expect(closedInJuly.ledger.closedCount(in: closedInJuly.period, district: "东湖区") == 1)
    }

    @Test func aDuplicateRegistrationIsKeptApartFromAProgressUpdate() throws {
        let oct = try register(10, [clue(1, disposition: "初步核实"),
                                    clue(2, summary: "反映李四套取补助资金。", persons: "李四", disposition: "初步核实")])
        // Clue 1 listed again word for word; clue 2 with its rectification written.
        let nov = try register(11, [clue(1, disposition: "初步核实"),
                                    clue(2, summary: "反映李四套取补助资金。", persons: "李四", disposition: "初步核实",
                                         rectification: "已责令退还")])
        let result = audit(11, nov, earlier: [oct])
        expectFinding(result.anomalies, "p-clue-registered-again", .crossPeriod, .warning, at: "附件2!G6",
                      expected: "2026年10月", actual: "东湖区-2026-10-001")
        let rectified = expectFinding(result.anomalies, "p-clue-rectified", .crossPeriod, .info, at: "附件2!J7",
                                      expected: "2026年10月", actual: "东湖区-2026-10-002")
        #expect(rectified?.message.contains("处置情况仍为「初步核实」，整改情况有更新") == true)
        expectNone(result.anomalies, "p-clue-progressed")
        #expect(result.ledger.entries.map(\.appearances.count) == [2, 2])
    }

    /// Within one stage: one closing disposition for another is progress, not a move back (with no
    /// rectification on either side); a rectification erased is a move back.
    @Test func aMoveWithinAStageIsProgressAndAnErasedRectificationIsNot() throws {
        let oct = try register(10, [clue(1, disposition: "已转业务单位"),
                                    clue(2, summary: "反映李四套取补助资金。", persons: "李四", disposition: "初步核实", rectification: "已约谈")])
        let nov = try register(11, [clue(1, disposition: "已办结"),
                                    clue(2, summary: "反映李四套取补助资金。", persons: "李四", disposition: "初步核实")])
        let result = audit(11, nov, earlier: [oct])
        let moved = expectFinding(result.anomalies, "p-clue-progressed", .crossPeriod, .info, at: "附件2!I6",
                                  expected: "2026年10月", actual: "东湖区-2026-10-001")
        #expect(moved?.message.contains("由「已转业务单位」变为「已办结」") == true)
        expectFinding(result.anomalies, "p-clue-regressed", .crossPeriod, .warning, at: "附件2!I7",
                      expected: "2026年10月", actual: "东湖区-2026-10-002")
        expectNone(result.anomalies, "p-clue-rectified", "p-clue-registered-again")
    }

    @Test func attachmentOneAgainstTheLedger() throws {
        let oct = try bothTables(10, closed: 0, found: 1, [clue(1, disposition: "初步核实")])
        // November: the October clue closed, one new clue; Attachment 1 says 2 closed, 1 found.
        let nov = try bothTables(11, closed: 2, found: 1, [
            clue(1, disposition: "已办结", rectification: "已整改"),
            clue(2, summary: "反映李四套取补助资金。", persons: "李四", disposition: "初步核实"),
        ])
        let result = audit(11, nov, earlier: [oct])
        expectFinding(result.anomalies, "x-closed-vs-ledger", .crossTable, .warning, at: "附件1!B8",
                      expected: "1", actual: "2")
        // 当月发现问题数 counts the clues registered this month, not the progress update.
        expectNone(result.anomalies, "x-problems-vs-clues")

        let agreeing = try bothTables(11, closed: 1, found: 1, [
            clue(1, disposition: "已办结", rectification: "已整改"),
            clue(2, summary: "反映李四套取补助资金。", persons: "李四", disposition: "初步核实"),
        ])
        expectNone(audit(11, agreeing, earlier: [oct]).anomalies, "x-closed-vs-ledger", "x-problems-vs-clues")
        // Without an earlier register the ledger cannot tell what was open before.
        expectNone(audit(11, nov, earlier: []).anomalies, "x-closed-vs-ledger")
    }

    @Test func ledgerCSVListsTheOpenAndTheClosedInTheMonth() throws {
        let sep = try register(9, [clue(1, disposition: "初步核实"),
                                   clue(2, summary: "反映李四套取补助资金。", persons: "李四", disposition: "已办结")])
        let oct = try register(10, [clue(1, disposition: "已办结", rectification: "已追回")])
        let result = audit(10, oct, earlier: [sep])
        let table = NormalizedCSV.ledger(result.ledger, at: result.period, timeLimitMonths: 3)
        let lines = table.text.split(separator: "\r\n").map(String.init)
        #expect(lines[0].hasSuffix("period,district,clue_id,registered,status,closed_in,months_open,overdue,disposition,rectification,latest_clue_id,persons,summary,history"))
        // Clue 2 was closed in September: not in October's ledger.csv.
        #expect(lines.count == 2)
        #expect(lines[1].hasPrefix("2026-10,东湖区,东湖区-2026-09-001,2026-09,closed,2026-10,1,no,已办结,已追回,东湖区-2026-10-001,张三,"))
        #expect(lines[1].contains("2026-09 初步核实\n2026-10 已办结；整改：已追回"))
    }

    /// A clue's event is the first of its register's under its clue id: a 序号 given twice
    /// shares the first clue's, and a clue listed twice in a register has no event of its own.
    @Test func aClueIsMatchedToItsEventByItsClueID() throws {
        let oct = try register(10, [clue(1, disposition: "初步核实")])
        let sameNumber = try register(11, [clue(1, disposition: "谈话函询"),
                                           clue(1, summary: "反映李四套取补助资金。", persons: "李四", disposition: "初步核实")])
        let shared = audit(11, sameNumber, earlier: [oct])
        let progressed = shared.anomalies.filter { $0.rule.id == "p-clue-progressed" }
        #expect(progressed.map(\.place) == ["附件2!I6", "附件2!I7"])

        let listedTwice = try register(11, [clue(1, disposition: "谈话函询"), clue(2, disposition: "谈话函询")])
        let twice = audit(11, listedTwice, earlier: [oct])
        expectFinding(twice.anomalies, "p-clue-progressed", .crossPeriod, .info, at: "附件2!I6", actual: "东湖区-2026-10-001")
        expectNone(twice.anomalies, "p-clue-registered-again", "p-clue-regressed")
        #expect(twice.ledger.entries.map(\.appearances.count) == [2])
    }

    /// A clue id held in two is the id joined: equal, ordered, stored and written as the whole.
    @Test func aClueIDIsItsTwoPartsJoined() throws {
        let split = ClueID(prefix: "东湖区-2026-11-", number: "003")
        let whole = ClueID("东湖区-2026-11-003")
        #expect(split.description == "东湖区-2026-11-003")
        #expect(split == whole && whole == split)
        #expect(split != ClueID(prefix: "东湖区-2026-11-", number: "004"))
        #expect(ClueID.compareBytes(split, whole) == 0)
        #expect(ClueID.compareBytes(split, ClueID(prefix: "东湖区-2026-11-", number: "0031")) < 0)
        #expect(ClueID.compareBytes(ClueID("东湖区-2026-11-002"), split) < 0 && ClueID.compareBytes(ClueID("东湖区-2026-11-01"), split) > 0)
        // Canonically equivalent ids are equal, as Strings are; bytes still order them.
        #expect(ClueID(prefix: "e\u{301}-", number: "1") == ClueID("\u{e9}-1"))
        #expect(ClueID.compareBytes(ClueID(prefix: "e\u{301}-", number: "1"), ClueID("\u{e9}-1")) < 0)
        #expect(!ClueID(prefix: "e\u{301}-", number: "1").isSimple && split.isSimple)

        var w = BinaryWriter()
        w.write(split)
        var alone = BinaryWriter()
        alone.write("东湖区-2026-11-003")
        #expect(w.bytes == alone.bytes)
        let back = try w.bytes.withUnsafeBytes { b in
            var r = BinaryReader(b)
            return try r.read(ClueID.self)
        }
        #expect(back == split && back.description == split.description)

        var t = CSVTable(header: ["clue_id", "n"])
        split.write(into: &t)
        t.number(1)
        t.endRow()
        #expect(t.text == "\u{FEFF}clue_id,n\r\n东湖区-2026-11-003,1\r\n")
    }

    @Test func dispositionStagesRankOpenThenClosing() {
        #expect(stages.rank("") == 0 && stages.rank("其他") == 0)
        #expect(stages.rank("暂存待查") < stages.rank("初步核实"))
        #expect(stages.rank("已立案审查") < stages.rank("已办结"))
        #expect(stages.closes("予以了结") && stages.closes("已移送纪检监察机关") && !stages.closes("谈话函询"))
    }
}

extension Clue {
    /// The clue's key made as text, as `ledgerSlot` defines it: its persons' names normalized, in
    /// `String`'s order and joined by `、`, then `|` and its summary normalized.
    var keyAsText: String {
        let names = persons.map { Label.normalize($0.name) }.filter { !$0.isEmpty }.sorted(keyedBy: TextKey.init, by: <)
        return names.joined(separator: "、") + "|" + Label.normalize(summary)
    }
}
