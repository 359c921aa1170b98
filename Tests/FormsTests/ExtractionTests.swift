import Foundation
import Testing
import XLSX
@testable import Forms

@Suite struct ExtractionTests {
    @Test func bothTablesRoundTripEveryField() throws {
        let path = try Fixtures.bothTables()
        let file = FormReader().read(path: path)
        #expect(file.unreadable == false)
        #expect(file.anomalies.filter { $0.severity != .info }.isEmpty, "\(file.anomalies.map(\.message))")
        #expect(file.sha256.count == 64)

        let a1 = try #require(file.attachment1.first)
        #expect(a1.meta.district == "东湖区")
        #expect(a1.meta.month == 11)
        #expect(a1.meta.period == Period(year: 2026, month: 11))
        #expect(a1.meta.filledOn == SimpleDate(year: 2026, month: 11, day: 25))
        #expect(a1.meta.unit == "东湖区住房和城乡建设局")
        #expect(a1.meta.filler == "王小明")
        #expect(a1.meta.phone == "13812345678")
        #expect(a1.meta.supervisor == "李建国")
        #expect(a1.row == 8)
        #expect(a1.layout == "canonical")
        for (id, v) in Fixtures.attachment1Values {
            #expect(a1.values[id] == NumberReading.decimal(v), "\(id)")
        }
        #expect(a1.cells["amount_wan"] == CellAddress("AH8"))
        #expect(a1.remarks == "本月无特殊情况")
        #expect(a1.typicalCases == ["某村干部虚报冒领危改补助2万元，给予党内警告处分。", "某镇工作人员审核不严，予以诫勉谈话。"])

        let reg = try #require(file.registers.first)
        #expect(reg.meta.district == "东湖区")
        #expect(reg.meta.period == Period(year: 2026, month: 11))
        #expect(reg.clues.count == 2)
        let c = reg.clues[0]
        #expect(c.row == 6 && c.seq == 1)
        #expect(c.sourceChannel == "信访举报")
        #expect(c.place == "东湖区青山镇")
        #expect(Array(c.persons) == [CluePerson(name: "张三", post: "村支书", rank: "村社干部"),
                              CluePerson(name: "李四", post: "村主任", rank: "村社干部")])
        #expect(c.summary == "反映张三、李四在危房改造对象认定中优亲厚友。")
        #expect(c.amountWan == Decimal(string: "2.5"))
        #expect(c.disposition == "初步核实")
        #expect(c.rectification == "已责令整改")
        #expect(c.recoveredWan == Decimal(string: "1.25"))
        #expect(c.accountablePersons == 2)
        let d = reg.clues[1]
        #expect(d.row == 7 && d.seq == 2 && d.persons.count == 1 && d.amountWan == 10 && d.rectification == "")
        #expect(reg.workbookLists[.sourceChannel] == DropDownList.defaults[.sourceChannel]!.items)
        #expect(reg.workbookLists[.rank] == DropDownList.defaults[.rank]!.items)
    }

    @Test func blankTemplateReadsAsZerosWithMetadataFindings() throws {
        let path = Fixtures.temporaryPath("blank.xlsx")
        try TemplateWriter.write(Templates.attachment1, to: path)
        let file = FormReader().read(path: path)
        let a1 = try #require(file.attachment1.first)
        #expect(a1.values.count == 34 && a1.values.values.allSatisfy { $0 == 0 })
        #expect(a1.meta.district == nil)
        let ids = Set(file.anomalies.map(\.rule.id))
        #expect(ids.isSuperset(of: ["district-missing", "month-missing", "filled-on-missing", "filler-missing",
                                    "phone-missing", "supervisor-missing"]))
        #expect(a1.typicalCases.isEmpty)
    }

    @Test func notAWorkbookIsAFileAnomaly() throws {
        let path = Fixtures.temporaryPath("西山区.xlsx")
        try Data("序号,来源渠道\n1,信访举报\n".utf8).write(to: URL(fileURLWithPath: path))
        let file = FormReader().read(path: path)
        #expect(file.unreadable)
        #expect(file.anomalies.map(\.rule.id) == ["file-unreadable"])
        #expect(file.anomalies[0].district == "西山区")
        // In Chinese for the clerk, without libzip's message; the file is the anomaly's own field.
        #expect(file.anomalies[0].message == "文件无法读取：不是有效的 .xlsx 文件（不是 zip 压缩包，或文件不完整、已损坏）。请用 Excel 或 WPS 另存为 .xlsx 后重新报送")
        #expect(file.anomalies[0].file == path)
        // The English, with the library's detail, stays for logs.
        #expect(file.readError?.hasPrefix("\(path): not a valid zip archive (truncated or corrupt): ") == true)
    }

    @Test func everyReadingErrorReachesTheClerkInChinese() throws {
        // A package refused for each reason the reader has, as FormReader reports it.
        let cases: [(XLSXError, String)] = [
            (.notAZip(file: "f.xlsx", detail: "Not a zip archive"), "file-unreadable"),
            (.encrypted(file: "f.xlsx"), "file-encrypted"),
            (.ambiguousPart(file: "f.xlsx", first: "xl/a.xml", second: "xl/A.xml"), "file-unreadable"),
            (.malformedXML(file: "f.xlsx", part: "xl/workbook.xml", line: 2, detail: "StartTag: invalid element name"), "file-unreadable"),
            (.dtdRefused(file: "f.xlsx", part: "xl/workbook.xml"), "file-unsafe-xml"),
            (.tooLarge(file: "f.xlsx", part: "xl/sharedStrings.xml", detail: "inflates to 3000000000 bytes"), "file-too-large"),
            (.tooManyEntries(file: "f.xlsx", count: 70000, limit: 65536), "file-too-large"),
            (.corruptPart(file: "f.xlsx", part: "xl/worksheets/sheet1.xml", detail: "CRC error"), "file-unreadable"),
            (.badCell(file: "f.xlsx", sheet: "附件1", cell: "B8", detail: "x is stored as a number but is not one"), "file-unreadable"),
        ]
        for (error, rule) in cases {
            let a = FormReader.anomaly(for: error, file: "f.xlsx")
            #expect(a.rule.id == rule)
            for english in ["zip archive", "StartTag", "inflates", "CRC", "stored as", "refused", "f.xlsx"] {
                #expect(!a.message.contains(english), "\(a.message)")
            }
        }
        #expect(FormReader.anomaly(for: XLSXError.ambiguousPart(file: "f.xlsx", first: "xl/a.xml", second: "xl/A.xml"), file: "f.xlsx")
                .message.contains("「xl/a.xml」与「xl/A.xml」"))
        struct Odd: Error {}
        #expect(FormReader.anomaly(for: Odd(), file: "f.xlsx").message == "文件无法读取：读取时出现意外错误。请用 Excel 或 WPS 另存为 .xlsx 后重新报送")
    }

    @Test func typicalCasesSplitAtTheirNumbers() {
        #expect(MetadataReader.splitCases("1.甲案情况\n2、乙案情况\n（3）丙案") == ["甲案情况", "乙案情况", "丙案"])
        #expect(MetadataReader.splitCases("案例1：甲\n案例2：乙") == ["甲", "乙"])
        #expect(MetadataReader.splitCases("只有一个案例，没有编号") == ["只有一个案例，没有编号"])
        #expect(MetadataReader.splitCases("  ") == [])
    }

    /// A clue naming one person, each of its three cells whole, holds no list of persons: they
    /// are its cells. Any other keeps the list it was given, through the binary form as well.
    @Test func aCluesOnePersonIsItsCellsAndOthersAreListed() throws {
        func clue(_ names: String, _ posts: String, _ ranks: String, _ persons: [CluePerson]) -> Clue {
            Clue(row: 6, seq: 1, sourceChannel: "", place: "", personsText: names, postsText: posts, ranksText: ranks,
                 persons: persons, summary: "", amountWan: nil, disposition: "", rectification: "", recoveredWan: nil,
                 accountablePersons: nil, columns: [:])
        }
        let cases: [(Clue, [CluePerson], listed: Bool)] = [
            (clue("张三", "村主任", "村社干部", [CluePerson(name: "张三", post: "村主任", rank: "村社干部")]),
             [CluePerson(name: "张三", post: "村主任", rank: "村社干部")], false),
            (clue("张三", "", "", [CluePerson(name: "张三", post: "", rank: "")]), [CluePerson(name: "张三", post: "", rank: "")], false),
            (clue("", "", "", []), [], false),
            (clue("张三、李四", "村主任", "", [CluePerson(name: "张三", post: "村主任", rank: ""), CluePerson(name: "李四", post: "", rank: "")]),
             [CluePerson(name: "张三", post: "村主任", rank: ""), CluePerson(name: "李四", post: "", rank: "")], true),
            (clue("、", "", "", []), [], true),  // a cell that names no one
            (clue("张三 ", "", "", [CluePerson(name: "张三", post: "", rank: "")]), [CluePerson(name: "张三", post: "", rank: "")], true),
            (clue("e\u{301}", "", "", [CluePerson(name: "\u{e9}", post: "", rank: "")]), [CluePerson(name: "\u{e9}", post: "", rank: "")], true),
        ]
        for (c, persons, listed) in cases {
            #expect(Array(c.persons).elementsEqual(persons, by: CluePerson.sameBytes), "\(c.personsText)")
            #expect((c.listedPersons != nil) == listed, "\(c.personsText)")
            var w = BinaryWriter()
            c.encode(into: &w, registerColumns: [:])
            let back = try w.bytes.withUnsafeBytes { b in
                var r = BinaryReader(b)
                return try Clue(decoding: &r, registerColumns: [:])
            }
            #expect(back == c && Array(back.persons).elementsEqual(persons, by: CluePerson.sameBytes), "\(c.personsText)")
        }
    }

    /// A clue's optional figures are held beside one set of flags: absent is not zero, a figure
    /// set and taken away again is absent, and both come back so through the binary form.
    @Test func aCluesOptionalFiguresAreKeptApartFromZero() throws {
        func clue(_ seq: Int?, _ amount: Decimal?, _ recovered: Decimal?, _ accountable: Int?) -> Clue {
            Clue(row: CellAddress.maxRow, seq: seq, sourceChannel: "", place: "", personsText: "", postsText: "", ranksText: "",
                 persons: [], summary: "", amountWan: amount, disposition: "", rectification: "", recoveredWan: recovered,
                 accountablePersons: accountable, columns: [:])
        }
        let none = clue(nil, nil, nil, nil), zeros = clue(0, 0, 0, 0)
        #expect(none.seq == nil && none.amountWan == nil && none.recoveredWan == nil && none.accountablePersons == nil)
        #expect(zeros.seq == 0 && zeros.amountWan == 0 && zeros.recoveredWan == 0 && zeros.accountablePersons == 0)
        #expect(none != zeros && none.row == CellAddress.maxRow)
        var c = clue(-3, Decimal(string: "-0.000001")!, 12.5, Int.max)
        #expect(c.seq == -3 && c.amountWan == Decimal(string: "-0.000001")! && c.recoveredWan == 12.5 && c.accountablePersons == Int.max)
        c.amountWan = nil
        c.accountablePersons = nil
        #expect(c == clue(-3, nil, 12.5, nil) && c.amountWan == nil && c.recoveredWan == 12.5)
        for original in [none, zeros, c] {
            var w = BinaryWriter()
            original.encode(into: &w, registerColumns: [:])
            let back = try w.bytes.withUnsafeBytes { b in
                var r = BinaryReader(b)
                return try Clue(decoding: &r, registerColumns: [:])
            }
            #expect(back == original && back.seq == original.seq && back.amountWan == original.amountWan)
        }
        #expect(MemoryLayout<Clue>.stride <= 208, "a month holds some 94,000 clues")
    }

    @Test func periodYearFollowsTheFilingDate() {
        #expect(MetadataReader.month(in: "(11月份)") == 11)
        #expect(MetadataReader.month(in: "(十二月份)") == 12)
        #expect(MetadataReader.month(in: "(**月份)") == nil)
        #expect(SimpleDate(text: "２０２６年１１月２５日") == SimpleDate(year: 2026, month: 11, day: 25))
        #expect(SimpleDate(serial: 46351, date1904: false) == SimpleDate(year: 2026, month: 11, day: 25))
        #expect(SimpleDate(serial: 44889, date1904: true) == SimpleDate(year: 2026, month: 11, day: 25))
    }

    /// 填报时间 is read on its bytes where it can be: the numbers must be the pattern's, on
    /// dates as written and on random text of digits, separators and numerals.
    @Test func datesReadOnBytesAsThePatternReadsThem() {
        var texts = ["2026年11月25日", "2026-11-25", "2026/1/5", "2026.11.25", "填报时间：2026年11月25日", "２０２６年１１月２５日",
                     "20261年11月25日", "2026年111月25日", "2026年一11月25日", "2026年11月月月月25日", "2026 年 11 月 25 日", "2026年11月",
                     "12026年11月255日", "二〇二六年十一月", "", "2026", "①2026年11月25日", "2026年½1月25日"]
        let alphabet = ["0", "1", "2", "5", "9", "年", "月", "日", "-", "/", ".", "一", "十", "Ａ", "１", " ", "a", "\u{3000}", "½", "é"]
        var g = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            texts.append((0..<Int.random(in: 0...16, using: &g)).map { _ in alphabet.randomElement(using: &g)! }.joined())
        }
        var onBytes = 0
        for t in texts {
            let s = Label.normalize(t)
            guard let fast = SimpleDate.numbersOnBytes(s) else { continue }
            onBytes += 1
            #expect(fast == SimpleDate.numbersByPattern(s), "\(t)")
        }
        #expect(onBytes > texts.count / 3)
    }

    @Test func fileNamesAsNSStringGivesThem() {
        for path in ["a/b/c.xlsx", "c.xlsx", "/c.xlsx", "a/b/", "/", "", "a//b.xlsx", "收件箱/上义区.xlsx", "./x", "a/b.c/d",
                     "a/\u{301}x", "//", "a/b//", "a\u{0600}/x", "甲/乙.xlsx", "甲/\u{301}", "é/x", "/tmp/收件箱/上义区.xlsx"] {
            #expect(FormReader.fileName(path) == (path as NSString).lastPathComponent, "\(path)")
        }
    }

    @Test func phoneNumbers() {
        #expect(FormReader.isPhone("13812345678"))
        #expect(FormReader.isPhone("0791-86123456"))
        #expect(FormReader.isPhone("１３８１２３４５６７８"))
        #expect(!FormReader.isPhone("1381234567"))
        #expect(!FormReader.isPhone("待定"))
    }
}
