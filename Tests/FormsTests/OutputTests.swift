import Foundation
import Testing
@testable import Forms
@testable import XLSX

@Suite struct OutputTests {
    @Test func csvHasBOMAndNeutralizesFormulasButNotNumbers() {
        var t = CSVTable(header: ["a", "b", "c"])
        t.append([.text("=HYPERLINK(\"x\")"), .number("-3"), .text("多行\n文本,含逗号")])
        t.append([.text("+1"), .text("@SUM"), .text("-2")])
        #expect(t.text == "\u{FEFF}a,b,c\r\n\"'=HYPERLINK(\"\"x\"\")\",-3,\"多行\n文本,含逗号\"\r\n'+1,'@SUM,'-2\r\n")
    }

    @Test func normalizedTablesFollowTheContract() throws {
        let file = FormReader().read(path: try Fixtures.bothTables())
        let a1 = NormalizedCSV.attachment1(file.attachment1.map { ($0, sha256: file.sha256) })
        #expect(Array(a1.header.prefix(8)) == ["period", "district", "source_file", "sha256", "filled_on", "filler", "phone", "supervisor"])
        #expect(Array(a1.header[8..<42]) == Templates.attachment1.fields.map(\.id))
        #expect(Array(a1.header[42..<44]) == ["remarks", "typical_cases"])
        let row = a1.rows[0]
        #expect(row[0] == .text("2026-11") && row[1] == .text("东湖区") && row[4] == .text("2026-11-25"))
        #expect(row[8] == .number("1") && row[41] == .number("12.35"))

        let regs = file.registers
        let clues = NormalizedCSV.clues(regs)
        #expect(clues.header == ["period", "district", "clue_id", "seq", "source_channel", "place", "persons", "posts", "ranks",
                                 "summary", "amount_wan", "disposition", "rectification", "recovered_wan",
                                 "accountable_persons", "source_file", "sheet", "row"])
        #expect(clues.rows.count == 2)
        #expect(clues.rows[0][2] == .text("东湖区-2026-11-001"))
        #expect(clues.rows[0][6] == .text("张三、李四"))
        #expect(clues.rows[0][10] == .number("2.5"))
        #expect(clues.rows[0][17] == .number("6"))
        let persons = NormalizedCSV.cluePersons(regs)
        #expect(persons.rows.count == 3)
        #expect(persons.rows[1] == [.text("2026-11"), .text("东湖区"), .text("东湖区-2026-11-001"), .number("2"),
                                    .text("李四"), .text("村主任"), .text("村社干部")])
        let fields = NormalizedCSV.fields()
        #expect(fields.rows.count == 34 + 34 + 12)
        #expect(fields.rows[0] == [.text("附件1"), .text("canonical"), .text("A"), .text("problems_found"),
                                   .text("当月发现问题数"), .text("当月发现问题数"), .text("count"), .text("个")])
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
