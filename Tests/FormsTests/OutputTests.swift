import Foundation
import TestScratch
import Testing
@testable import Forms
@testable import XLSX

@Suite struct OutputTests {
    /// A table's data rows as written (fields unquoted; numbers and text alike as text).
    static func rows(_ t: CSVTable) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(t.text.dropFirst().unicodeScalars)[...]
        while let c = chars.popFirst() {
            switch (c, quoted) {
            case ("\"", true) where chars.first == "\"": chars.removeFirst(); field.unicodeScalars.append(c)
            case ("\"", _): quoted.toggle()
            case (",", false): row.append(field); field = ""
            case ("\r", false) where chars.first == "\n": chars.removeFirst(); row.append(field); rows.append(row); row = []; field = ""
            default: field.unicodeScalars.append(c)
            }
        }
        return Array(rows.dropFirst())
    }

    @Test func csvHasBOMAndNeutralizesFormulasButNotNumbers() {
        var t = CSVTable(header: ["a", "b", "c"])
        t.append([.text("=HYPERLINK(\"x\")"), .number("-3"), .text("多行\n文本,含逗号")])
        t.append([.text("+1"), .text("@SUM"), .text("-2")])
        #expect(t.text == "\u{FEFF}a,b,c\r\n\"'=HYPERLINK(\"\"x\"\")\",-3,\"多行\n文本,含逗号\"\r\n'+1,'@SUM,'-2\r\n")
    }

    /// A CR LF inside a field is a line break to Excel too (Swift reads it as one Character,
    /// which once kept such a field unquoted and split its row).
    @Test func csvQuotesEveryLineBreakAndCommaByTheirBytes() {
        var t = CSVTable(header: ["a", "b"])
        t.append([.text("一行\r\n两行"), .text(",\u{301}")])
        #expect(t.text == "\u{FEFF}a,b\r\n\"一行\r\n两行\",\",\u{301}\"\r\n")
        #expect(Self.rows(t) == [["一行\r\n两行", ",\u{301}"]])
    }

    /// The findings' order on NFC bytes is `String`'s: districts and files in Chinese, composed or
    /// not, ASCII, and ties kept in the order given.
    @Test func findingsSortLikeStrings() {
        let districts: [String?] = [nil, "东湖区", "西山区", "Cafe\u{301}", "Caf\u{E9}", "A区", "东湖区"]
        let files = ["b.xlsx", "东湖区.xlsx", "a.xlsx", "e\u{301}.xlsx", "\u{E9}.xlsx"]
        var list: [Anomaly] = []
        for (i, d) in districts.enumerated() {
            for (j, f) in files.enumerated() {
                let rule = [Rules.notNumber, Rules.figureJump, Rules.fileUnreadable][(i + j) % 3]
                var a = Anomaly(rule, file: f, sheet: j % 2 == 0 ? "附件1" : nil,
                                cell: (i + j) % 4 == 0 ? nil : CellAddress(row: i + 1, column: j + 1))
                a.district = d
                list.append(a)
            }
        }
        list += list.reversed()
        // The month's many findings, and a district's few (sorted another way, the same order).
        for list in [list, Array(list.prefix(23)), Array(list.suffix(9)), []] {
            let reference = list.enumerated().sorted { l, r in
                let a = l.element, b = r.element
                if a.severity != b.severity { return a.severity < b.severity }
                if (a.district ?? "") != (b.district ?? "") { return (a.district ?? "") < (b.district ?? "") }
                if a.file != b.file { return a.file < b.file }
                if (a.sheet ?? "") != (b.sheet ?? "") { return (a.sheet ?? "") < (b.sheet ?? "") }
                if a.cell != b.cell { return (a.cell ?? CellAddress(row: 0, column: 0)) < (b.cell ?? CellAddress(row: 0, column: 0)) }
                return l.offset < r.offset
            }.map(\.offset)
            let sorted = NormalizedCSV.sorted(list)
            #expect(sorted == reference.map { list[$0] })
        }
    }

    /// A district's or a file's findings taken from the month's in reading order (as the receipts
    /// and marked-up copies take them) are those findings sorted alone, ties in the same order.
    @Test func partsOfTheReadingOrderAreInReadingOrder() {
        let districts: [String?] = [nil, "东湖区", "西山区", "Caf\u{E9}", "Cafe\u{301}"]
        let files = ["b.xlsx", "东湖区.xlsx", "e\u{301}.xlsx", "\u{E9}.xlsx"]
        var list: [Anomaly] = []
        for i in 0..<150 {
            var a = Anomaly([Rules.notNumber, Rules.figureJump, Rules.fileUnreadable][i % 3], file: files[i * 7 % files.count],
                            sheet: i % 5 == 0 ? nil : "附件\(i % 2 + 1)", cell: i % 6 == 0 ? nil : CellAddress(row: i % 4 + 1, column: i % 3 + 1))
            a.district = districts[i * 3 % districts.count]
            a.explanation = String(i)  // not sorted on: tells ties apart
            list.append(a)
        }
        let month = NormalizedCSV.sorted(list)
        #expect(list.count > 64, "the month's many, sorted by their NFC keys")
        for (d, mine) in Dictionary(grouping: list, by: { $0.district ?? "" }) {
            #expect(month.filter { ($0.district ?? "") == d }.map(\.explanation) == NormalizedCSV.sorted(mine).map(\.explanation))
        }
        for (f, mine) in Dictionary(grouping: list, by: \.file) {
            #expect(month.filter { $0.file == f }.map(\.explanation) == NormalizedCSV.sorted(mine).map(\.explanation))
        }
    }

    @Test func csvWrittenInChunksIsTheSameTableAndItsRowsReadBack() {
        var t = CSVTable(header: ["n", "text"])
        for i in 0..<2_000 { t.append([.number(i % 7 == 0 ? nil : i), .text("第\(i)条，\"引号\"")]) }
        var pieces: [[UInt8]] = []
        t.write(chunk: 1_000) { pieces.append(Array($0)) }
        #expect(pieces.count > 10 && pieces.joined().elementsEqual(t.bytes))
        #expect(Self.rows(t).count == 2_000 && t.rowCount == 2_000)
        let fields = t.withFields { f in (0..<f.count).map { f[$0].map { String(decoding: $0, as: UTF8.self) } } }
        #expect(fields.count == 4_000 && Array(fields.prefix(4)) == [nil, "第0条，\"引号\"", "1", "第1条，\"引号\""])
    }

    /// Values go into blocks, never split between two (one longer than a block gets a block of its
    /// own): a table of small blocks writes and binds what a table of large ones does, and a copy
    /// appended to leaves the original as it was.
    @Test func csvInSmallBlocksIsTheSameTable() {
        var small = CSVTable(header: ["n", "text"], blockSize: 64), large = CSVTable(header: ["n", "text"])
        for i in 0..<500 {
            let row: [CSVValue] = [.number(i % 7 == 0 ? nil : i), .text(i % 50 == 0 ? String(repeating: "长", count: 40) : "第\(i)条，\"引号\"")]
            small.append(row)
            large.append(row)
        }
        #expect(small.bytes == large.bytes)
        let values = { (t: CSVTable) in t.withFields { f in (0..<f.count).map { f[$0].map { Array($0) } } } }
        #expect(values(small) == values(large))
        let before = small.bytes
        var copy = small
        copy.append([.number(1), "复制"])
        #expect(small.bytes == before && copy.rowCount == small.rowCount + 1 && values(small) == values(large))
    }

    /// A field is quoted when any of its bytes is a comma, a quote, a CR or an LF, wherever it lies
    /// among the eight-byte chunks the test reads, beside Chinese text and bytes just below and
    /// above those four.
    @Test func aFieldIsQuotedForAnyOfItsSpecialBytes() {
        var random = SystemRandomNumberGenerator()
        let filler: [UInt8] = Array("长-.A ".utf8) + [0x2D, 0x2B, 0x21, 0x0B, 0x0C, 0x09, 0x7F, 0x80, 0xFF, 0x00]
        for length in 0..<40 {
            for _ in 0..<50 {
                var bytes = (0..<length).map { _ in filler.randomElement(using: &random)! }
                if length > 0, Bool.random(using: &random) {
                    bytes[Int.random(in: 0..<length, using: &random)] = [UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D].randomElement()!
                }
                let expected = bytes.contains { [UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D].contains($0) }
                #expect(bytes.withUnsafeBufferPointer(CSVTable.mustQuote) == expected, "\(bytes)")
            }
        }
    }

    /// A row appended a field at a time is the row of values: numbers written from an `Int` or a
    /// `Decimal` as `String` and `Decimal.plain` write them, a text field made of pieces as the
    /// pieces joined, in blocks small enough that a field's first pieces move to the next block
    /// with it; and a copy appended to this way leaves the original as it was.
    @Test func aRowAppendedFieldByFieldIsTheRowOfValues() {
        let header = ["n", "amount", "id", "text"]
        var byField = CSVTable(header: header, blockSize: 48), byValue = CSVTable(header: header)
        let amounts: [Decimal?] = [nil, 0, Decimal(string: "-12.50"), Decimal(string: "0.003"), Decimal(string: "1e3"), 123456789]
        let numbers = [0, 7, -7, 42, 1234, Int.min, Int.max]
        for i in 0..<200 {
            let n: Int? = i % 9 == 0 ? nil : numbers[i % numbers.count]
            let amount = amounts[i % amounts.count]
            let pieces = (0..<(i % 4)).map { "第\($0)段\(String(repeating: "长", count: i % 13))" }
            byField.number(n)
            byField.number(amount)
            byField.put("东湖区-2026-11-")
            byField.put(n ?? 0)
            byField.endText()
            for (k, p) in pieces.enumerated() {
                if k > 0 { byField.put("、") }
                byField.put(p)
            }
            byField.endText()
            byField.endRow()
            let id = "东湖区-2026-11-" + String(n ?? 0)
            byValue.append([.number(n), .number(amount), .text(id), .text(pieces.joined(separator: "、"))])
        }
        #expect(byField.text == byValue.text)
        let values = { (t: CSVTable) in t.withFields { f in (0..<f.count).map { f[$0].map { String(decoding: $0, as: UTF8.self) } } } }
        #expect(values(byField) == values(byValue))
        let before = byField.bytes
        var copy = byField
        copy.text("复制")
        copy.number(1)
        copy.text("")
        copy.text("")
        copy.endRow()
        #expect(byField.bytes == before && copy.rowCount == byField.rowCount + 1)
        #expect(OutputTests.rows(copy).last == ["复制", "1", "", ""])
        // Copied in the middle of a field, each goes on alone.
        var half = copy
        half.text("甲")
        half.number(2)
        half.put("东湖")
        var other = half
        half.put("区")
        other.put("县")
        for (t, place) in [(half, "东湖区"), (other, "东湖县")] {
            var t = t
            t.endText()
            t.text("")
            t.endRow()
            #expect(OutputTests.rows(t).last == ["甲", "2", place, ""] && t.rowCount == copy.rowCount + 1)
        }
    }

    /// A table made a part at a time is the table made whole: the first part written with the
    /// header and the others without are its bytes, and the parts' fields one after another are
    /// its fields. Every part but the last is full; a table of no rows is one part, the header.
    @Test func aTableMadeInPartsIsTheTableMadeWhole() {
        let header = ["n", "text"]
        func rows(_ count: Int, partRows: Int, _ part: (CSVTable) -> Void) {
            var t = CSVTable(header: header, blockSize: 64, rows: min(partRows, count))
            for i in 0..<count { t.append([.number(i % 7 == 0 ? nil : i), .text("第\(i)条，\"引号\"")], partRows: partRows, full: part) }
            part(t)
        }
        let values = { (t: CSVTable) in t.withFields { f in (0..<f.count).map { f[$0].map { Array($0) } } } }
        for (count, partRows) in [(1_000, 64), (1_024, 64), (10, 64), (0, 64)] {
            let whole = CSVTable.whole { rows(count, partRows: .max, $0) }
            var parts: [CSVTable] = []
            rows(count, partRows: partRows) { parts.append($0) }
            #expect(parts.count == count / partRows + 1 && parts.dropLast().allSatisfy { $0.rowCount == partRows })
            var written: [UInt8] = []
            for (i, p) in parts.enumerated() { p.write(header: i == 0) { written += $0 } }
            #expect(written == whole.bytes && parts.flatMap(values) == values(whole) && whole.rowCount == count)
        }
    }

    /// A cell may hold more than a block: a hostile workbook's 5 MB text is a field like any other.
    @Test func aFieldLongerThanABlockIsKeptWhole() {
        var t = CSVTable(header: ["n", "text"])
        let long = String(repeating: "线索", count: 900_000)  // 5.4 MB of UTF-8
        t.append([.number(1), .text("短")])
        t.append([.number(2), .text(long)])
        t.append([.number(nil as Int?), .text("后")])
        let fields = t.withFields { f in (0..<f.count).map { f[$0].map { String(decoding: $0, as: UTF8.self) } } }
        #expect(fields == ["1", "短", "2", long, nil, "后"])
        #expect(t.text.hasSuffix("2,\(long)\r\n,后\r\n"))
    }

    @Test func csvWrittenToAFileIsWholeOrAbsentAndAFailureNamesThePath() throws {
        let dir = Scratch.path("weigai-csv")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var t = CSVTable(header: ["n"])
        for i in 0..<50_000 { t.append([.number(i)]) }
        let path = dir + "/t.csv"
        try t.write(to: path)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == t.bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["t.csv"])
        let missing = dir + "/no/such/t.csv"
        #expect { try t.write(to: missing) } throws: { ($0 as? CSVWriteError)?.description.hasPrefix(missing) == true }
    }

    @Test func normalizedTablesFollowTheContract() throws {
        let file = FormReader().read(path: try Fixtures.bothTables())
        let a1 = NormalizedCSV.attachment1(file.attachment1.map { ($0, sha256: file.sha256) })
        #expect(Array(a1.header.prefix(8)) == ["period", "district", "source_file", "sha256", "filled_on", "filler", "phone", "supervisor"])
        #expect(Array(a1.header[8..<42]) == Templates.attachment1.fields.map(\.id))
        #expect(Array(a1.header[42..<44]) == ["remarks", "typical_cases"])
        let row = Self.rows(a1)[0]
        #expect(row[0] == "2026-11" && row[1] == "东湖区" && row[4] == "2026-11-25")
        #expect(row[8] == "1" && row[41] == "12.35")

        let regs = file.registers
        let clues = NormalizedCSV.clues(regs)
        #expect(clues.header == ["period", "district", "clue_id", "seq", "source_channel", "place", "persons", "posts", "ranks",
                                 "summary", "amount_wan", "disposition", "rectification", "recovered_wan",
                                 "accountable_persons", "source_file", "sheet", "row"])
        #expect(Self.rows(clues).count == 2)
        #expect(Self.rows(clues)[0][2] == "东湖区-2026-11-001")
        #expect(Self.rows(clues)[0][6] == "张三、李四")
        #expect(Self.rows(clues)[0][10] == "2.5")
        #expect(Self.rows(clues)[0][17] == "6")
        let persons = NormalizedCSV.cluePersons(regs)
        #expect(Self.rows(persons).count == 3)
        #expect(Self.rows(persons)[1] == ["2026-11", "东湖区", "东湖区-2026-11-001", "2",
                                          "李四", "村主任", "村社干部"])
        // Made a part at a time, each table is what it is made whole.
        func joined(_ make: ((CSVTable) -> Void) -> Void) -> [UInt8] {
            var out: [UInt8] = [], first = true
            make { part in
                part.write(header: first) { out += $0 }
                first = false
            }
            return out
        }
        #expect(joined { NormalizedCSV.clues(regs, partRows: 1, $0) } == clues.bytes)
        #expect(joined { NormalizedCSV.cluePersons(regs, partRows: 2, $0) } == persons.bytes)
        #expect(joined { NormalizedCSV.attachment1(file.attachment1.map { ($0, sha256: file.sha256) }, partRows: 1, $0) } == a1.bytes)
        let found = (0..<5).map { Anomaly(Rules.notNumber, file: "东湖区\($0 % 2).xlsx", sheet: "附件1", cell: CellAddress(row: 9 - $0, column: 2)) }
        #expect(joined { NormalizedCSV.anomalies(found, partRows: 2, $0) } == NormalizedCSV.anomalies(found).bytes)
        let fields = NormalizedCSV.fields()
        #expect(Self.rows(fields).count == 34 + 34 + 12)
        #expect(Self.rows(fields)[0] == ["附件1", "canonical", "A", "problems_found",
                                         "当月发现问题数", "当月发现问题数", "count", "个"])
    }

    @Test func blankTemplatesReadBackWithTheirShape() throws {
        for template in [Templates.attachment1, Templates.attachment2] {
            let path = Fixtures.temporaryPath("t\(template.attachment.rawValue).xlsx")
            try TemplateWriter.write(template, to: path)
            let wb = try Workbook(path: path)
            let sheet = try wb.readSheet(wb.worksheets[0])
            let header = template.headerCells(origin: CellAddress(row: 4, column: 1))
            for (label, range) in header {
                if case .string(let s)? = sheet[range.first]?.value { #expect(s == label) } else { Issue.record("no label at \(range)") }
                if !range.isSingleCell { #expect(sheet.merges.contains(range), "merge \(range)") }
            }
            #expect(sheet.merges.contains(CellRange("A2:\(CellAddress.columnLetters(template.fields.count))2")!))
            if template.attachment == .two {
                let lists = try sheet.validations.compactMap { try wb.listItems(of: $0, on: sheet) }
                #expect(lists.count == 3)
                #expect(lists.contains(DropDownList.defaults[.rank]!.items))
                #expect(sheet.validations.allSatisfy { $0.ranges.first?.first.row == 6 })
                // Several persons need several ranks in one cell: that list warns instead of refusing.
                #expect(sheet.validations.map(\.errorStyle) == [.stop, .warning, .stop])
            }
        }
    }
}
