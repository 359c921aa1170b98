import Foundation
import Testing
import XLSX
@testable import Forms

/// The checks inside one table: each fires on a file with one mistake, at the cell to look
/// at, and stays quiet on the clean table or the nearest variant that is still right.
@Suite struct TableChecksTests {
    @Test func cleanPairHasNoFindingAtAll() throws {
        let found = try Clean.check([Clean.a1(), Clean.a2()])
        #expect(found.isEmpty, "\(found.map { "\($0.rule.id)@\($0.place): \($0.message)" })")
    }

    // MARK: Attachment 1

    @Test func personsVersusFormsRankByRank() throws {
        let county = try Clean.check([Clean.a1 { $0.rows[0]["persons_total_county"] = .number(1) }])
        let a = expectFinding(county, "a1-persons-vs-forms", .intraTable, .error, at: "附件1!E8", expected: "0", actual: "1")
        #expect(a?.message.contains("县处级") == true)

        let township = try Clean.check([Clean.a1 { $0.rows[0]["persons_total_township"] = .number(10) }])
        let b = expectFinding(township, "a1-persons-vs-forms", .intraTable, .error, at: "附件1!F8", expected: "2", actual: "11")
        #expect(b?.message.contains("乡科级及以下") == true)
        #expect(b?.suggestion == "将 附件1!F8 由 10 改为 1（疑似多写了1个0（×10））")

        // 乡科级 and 乡科级以下 are compared together with the forms' 乡科级及以下, 村社干部 and 其他人员.
        let moved = try Clean.check([Clean.a1 {
            $0.rows[0]["persons_total_township"] = .number(0)
            $0.rows[0]["persons_total_below_township"] = .number(2)
        }])
        expectNone(moved, "a1-persons-vs-forms")
    }

    @Test func personsVersusFormsInTheKnownVariant() throws {
        func variant(total: Double) -> SheetSpec {
            var c = Fixtures.attachment1Content()
            var v: [String: WriteValue] = [:]
            for f in Templates.attachment1AdminByRank.fields { v[f.id] = .number(0) }
            v["persons_total"] = .number(total)
            v["form1_village"] = .number(1)
            v["form3_county"] = .number(1)
            c.rows = [v]
            return TemplateWriter.sheet(Templates.attachment1AdminByRank, name: "附件1", content: c)
        }
        let wrong = try Clean.check([variant(total: 3)])
        let a = expectFinding(wrong, "a1-persons-vs-forms", .intraTable, .error, at: "附件1!E8", expected: "2", actual: "3")
        #expect(a?.message.contains("合计") == true)
        expectNone(try Clean.check([variant(total: 2)]), "a1-persons-vs-forms")
    }

    @Test func admonishmentsCannotExceedTheFirstForm() throws {
        let found = try Clean.check([Clean.a1 { $0.rows[0]["admonishments"] = .number(2) }])
        expectFinding(found, "a1-admonishments-vs-form1", .intraTable, .error, at: "附件1!L8", expected: "1", actual: "2")
        expectNone(try Clean.check([Clean.a1()]), "a1-admonishments-vs-form1")
    }

    @Test func judicialTransfersCannotExceedTheFourthForm() throws {
        let found = try Clean.check([Clean.a1 { $0.rows[0]["judicial_transfers"] = .number(1) }])
        expectFinding(found, "a1-judicial-vs-form4", .intraTable, .error, at: "附件1!N8", expected: "0", actual: "1")
        // The 乡科级 person moved to the 4th form, and transferred.
        let right = try Clean.check([Clean.a1 {
            $0.rows[0]["judicial_transfers"] = .number(1)
            $0.rows[0]["form2_township_and_below"] = .number(0)
            $0.rows[0]["form4_township_and_below"] = .number(1)
        }])
        #expect(right.isEmpty, "\(right.map(\.rule.id))")
    }

    @Test func sanctionsCannotExceedFormsTwoToFour() throws {
        let found = try Clean.check([Clean.a1 { $0.rows[0]["admin_sanctions"] = .number(1) }])
        expectFinding(found, "a1-sanctions-vs-forms", .intraTable, .error, at: "附件1!H8", expected: "1", actual: "2")
        let right = try Clean.check([Clean.a1 {
            $0.rows[0]["party_sanctions_township"] = .number(0)
            $0.rows[0]["admin_sanctions"] = .number(1)
        }])
        #expect(right.isEmpty, "\(right.map(\.rule.id))")
    }

    @Test func exposureProblemsNeedExposureTimes() throws {
        let found = try Clean.check([Clean.a1 { $0.rows[0]["exposure_persons"] = .number(2) }])
        expectFinding(found, "a1-exposure-without-times", .intraTable, .error, at: "附件1!AE8", expected: "0", actual: "2")
        let right = try Clean.check([Clean.a1 {
            $0.rows[0]["exposure_times"] = .number(1)
            $0.rows[0]["exposure_persons"] = .number(2)
        }])
        expectNone(right, "a1-exposure-without-times")
    }

    @Test func typicalCasesAtMostThree() throws {
        let four = try Clean.check([Clean.a1 { $0.typicalCases = ["甲案。", "乙案。", "丙案。", "丁案。"] }])
        expectFinding(four, "a1-too-many-cases", .intraTable, .warning, at: "附件1!B10", expected: "3", actual: "4")
        expectNone(try Clean.check([Clean.a1 { $0.typicalCases = ["甲案。", "乙案。", "丙案。"] }]), "a1-too-many-cases")
    }

    @Test func typicalCaseAtMost300Characters() throws {
        let long = try Clean.check([Clean.a1 { $0.typicalCases = ["短案例。", String(repeating: "案", count: 301)] }])
        let a = expectFinding(long, "a1-case-too-long", .intraTable, .warning, at: "附件1!B10", expected: "300", actual: "301")
        #expect(a?.message.hasPrefix("第2个典型案例") == true)
        expectNone(try Clean.check([Clean.a1 { $0.typicalCases = [String(repeating: "案", count: 300)] }]), "a1-case-too-long")
    }

    @Test func amountInYuanInAttachment1() throws {
        let found = try Clean.check([Clean.a1 { $0.rows[0]["amount_wan"] = .number(125000) }])
        expectFinding(found, "value-amount-in-yuan", .value, .warning, at: "附件1!AH8", expected: "12.5", actual: "125000")
        expectNone(try Clean.check([Clean.a1 { $0.rows[0]["amount_wan"] = .number(999.99) }]), "value-amount-in-yuan")
    }

    // MARK: Attachment 2

    @Test func choiceOutsideItsList() throws {
        let found = try Clean.check([Clean.a2 {
            $0.rows[0]["source_channel"] = .string("网络舆情")
            $0.rows[1]["disposition"] = .string("处理中")
            $0.rows[1]["ranks"] = .string("科员")
        }])
        let hits = found.filter { $0.rule.id == "a2-choice-not-in-list" }
        #expect(Set(hits.map(\.place)) == ["附件2!B6", "附件2!I7", "附件2!F7"])
        #expect(hits.allSatisfy { $0.category == .intraTable && $0.severity == .error })
        let rank = try #require(hits.first { $0.place == "附件2!F7" })
        #expect(rank.actual == "科员" && rank.expected == "县处级、乡科级、乡科级以下、村社干部、其他人员")
        #expect(rank.message.contains("「级别」"))
        expectNone(try Clean.check([Clean.a2()]), "a2-choice-not-in-list")
    }

    /// The duplicate-clue key is the normalized key of place | names joined by 、 | summary,
    /// built in one buffer: the same bytes, in full width, with spaces, with a scalar only
    /// Foundation normalizes, and with persons whose names are missing.
    @Test func aClueFingerprintIsTheKeyOfItsJoinedParts() {
        func clue(_ place: String, _ names: [String], _ summary: String) -> Clue {
            Clue(row: 6, seq: 1, sourceChannel: "", place: place, personsText: "", postsText: "", ranksText: "",
                 persons: names.map { CluePerson(name: $0, post: "", rank: "") }, summary: summary, amountWan: nil,
                 disposition: "", rectification: "", recoveredWan: nil, accountablePersons: nil, columns: [:])
        }
        let cases = [clue("东湖区第1村", ["张三", "李四"], "反映截留补助资金"), clue("东湖区 第１村", ["张 三", "", "Ｌｉ"], "ｅ\u{301}金"),
                     clue("", [], ""), clue("ﬁ村", ["\u{2003}王五"], "㍿ 补助")]
        for c in cases {
            var want: [UInt8] = []
            for (i, part) in [c.place, c.persons.map(\.name).joined(separator: "、"), c.summary].enumerated() {
                if i > 0 { want.append(UInt8(ascii: "|")) }
                want += Label.normalizedKey(part).bytes
            }
            #expect(c.fingerprintKey == TextKey(bytes: want), "\(c.place) \(c.persons.map(\.name)) \(c.summary)")
        }
    }

    /// The byte path of `split` against its definition by `Character`: every sample scalar
    /// between items and separators, CR LF, and text it must leave to the definition.
    @Test func splitOnBytesAsByCharacters() {
        let separators = ["、", "，", ",", ";", "；", "/", "\n", "\r", "\r\n", "\t", " ", "\u{3000}", ""]
        var texts = ["张三、李四", "a\r\nb", "、、", "é\u{301}、甲", "甲\u{2000}乙", "甲、\u{301}乙",
                     "上义区干部20267-6", "e\u{301}", "施工队负责人", " 村党支部书记"]
        for (i, x) in LabelTests.samples.enumerated() {
            texts.append("张三" + separators[i % separators.count] + x + separators[(i / 3) % separators.count] + "李四")
            texts.append(x)
        }
        for s in texts {
            // As bytes: an item that is the whole cell is the cell itself, never merely equal to it.
            #expect(Clue.split(s).map { Array($0.utf8) } == Clue.splitByCharacters(s).map { Array($0.utf8) },
                    "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(Clue.itemCount(s) == Clue.splitByCharacters(s).count)
        }
    }

    @Test func itemCountIsSplitsCount() {
        for s in ["张三、李四", "张三，李四;王五 / 赵六", "a\r\nb\rc\nd", "", "、、", "张三\u{3000}李四", "Ｌｉ、é\u{301}", "一；二，三"] {
            #expect(Clue.itemCount(s) == Clue.split(s).count, "\(s)")
        }
    }

    @Test func oneToThreePersonsPerClue() throws {
        let four = try Clean.check([Clean.a2 {
            $0.rows[1]["persons"] = .string("甲、乙、丙、丁")
            $0.rows[1]["posts"] = .string("村支书、村主任、会计、组长")
            $0.rows[1]["ranks"] = .string("村社干部、村社干部、村社干部、村社干部")
        }])
        expectFinding(four, "a2-person-count", .intraTable, .error, at: "附件2!D7", expected: "1—3", actual: "4")
        let none = try Clean.check([Clean.a2 {
            for k in ["persons", "posts", "ranks"] { $0.rows[1][k] = .string("") }
        }])
        expectFinding(none, "a2-person-count", .intraTable, .error, at: "附件2!D7", actual: "0")
        let three = try Clean.check([Clean.a2 {
            $0.rows[1]["persons"] = .string("甲\n乙\n丙")
            $0.rows[1]["posts"] = .string("村支书\n村主任\n会计")
            $0.rows[1]["ranks"] = .string("村社干部\n村社干部\n其他人员")
        }])
        #expect(three.isEmpty, "\(three.map(\.rule.id))")
    }

    @Test func namesPostsAndRanksAlign() throws {
        let found = try Clean.check([Clean.a2 { $0.rows[0]["posts"] = .string("村支书") }])
        expectFinding(found, "a2-persons-misaligned", .intraTable, .warning, at: "附件2!D6",
                      actual: "姓名2个、职务1个、级别2个")
        expectNone(try Clean.check([Clean.a2()]), "a2-persons-misaligned")
    }

    @Test func summaryPresentAndAtMost300Characters() throws {
        let empty = try Clean.check([Clean.a2 { $0.rows[0]["summary"] = .string(" ") }])
        expectFinding(empty, "a2-summary-missing", .intraTable, .error, at: "附件2!G6")
        let long = try Clean.check([Clean.a2 { $0.rows[0]["summary"] = .string(String(repeating: "线", count: 301)) }])
        expectFinding(long, "a2-summary-too-long", .intraTable, .warning, at: "附件2!G6", expected: "300", actual: "301")
        let limit = try Clean.check([Clean.a2 { $0.rows[0]["summary"] = .string(String(repeating: "线", count: 300)) }])
        expectNone(limit, "a2-summary-missing", "a2-summary-too-long")
    }

    @Test func recoveredAtMostInvolved() throws {
        let found = try Clean.check([Clean.a2 { $0.rows[0]["recovered_wan"] = .number(3) }])
        expectFinding(found, "a2-recovered-exceeds-involved", .intraTable, .warning, at: "附件2!K6", expected: "2.5", actual: "3")
        expectNone(try Clean.check([Clean.a2 { $0.rows[0]["recovered_wan"] = .number(2.5) }]), "a2-recovered-exceeds-involved")
    }

    @Test func amountInYuanInAttachment2() throws {
        let found = try Clean.check([Clean.a2 { $0.rows[1]["amount_wan"] = .number(100000) }])
        let a = expectFinding(found, "value-amount-in-yuan", .value, .warning, at: "附件2!H7", expected: "10", actual: "100000")
        #expect(a?.message.contains("涉及资金") == true)
        expectNone(try Clean.check([Clean.a2()]), "value-amount-in-yuan")
    }

    @Test func sequenceRunsOneTwoThree() throws {
        let found = try Clean.check([Clean.a2 { $0.rows[1]["seq"] = .number(3) }])
        expectFinding(found, "a2-sequence", .intraTable, .warning, at: "附件2!A7", expected: "2", actual: "3")
        expectNone(try Clean.check([Clean.a2()]), "a2-sequence")
    }

    @Test func aClueIsRegisteredOnce() throws {
        func twice(summary: String) throws -> [Anomaly] {
            try Clean.check([Clean.a2 {
                var copy = $0.rows[0]
                copy["seq"] = .number(3)
                copy["summary"] = .string(summary)
                $0.rows.append(copy)
            }])
        }
        let same = try twice(summary: " 反映张三、李四在危房改造对象认定中优亲厚友。")
        let a = expectFinding(same, "a2-duplicate-clue", .intraTable, .error, at: "附件2!G8")
        #expect(a?.message.hasPrefix("第8行与第6行") == true)
        expectNone(try twice(summary: "反映张三、李四在危房改造验收中弄虚作假。"), "a2-duplicate-clue")
    }

    @Test func editedDropDownListIsReported() throws {
        var lists = DropDownList.defaults
        lists[.rank]!.items = ["县处级", "乡科级", "科员", "村社干部", "其他人员"]
        let found = try Clean.check([Clean.a2(lists: lists)])
        expectFinding(found, "a2-list-edited", .template, .warning, at: "附件2!F6",
                      actual: "增加了「科员」，删去了「乡科级以下」")
        var reordered = DropDownList.defaults
        reordered[.disposition]!.items.reverse()
        expectFinding(try Clean.check([Clean.a2(lists: reordered)]), "a2-list-edited", .template, .warning,
                      at: "附件2!I6", actual: "顺序被调整")
        expectNone(try Clean.check([Clean.a2()]), "a2-list-edited")
    }
}
