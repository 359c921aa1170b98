import Foundation
import Testing
@testable import Forms
@testable import XLSX

/// Real files drift from the template; each variant must still give every value, and the drift
/// must be reported where it is.
@Suite struct RecognitionVariantTests {
    static let a1 = TemplateWriter.sheet(Templates.attachment1, name: "附件1", content: Fixtures.attachment1Content())
    static let a2 = TemplateWriter.sheet(Templates.attachment2, name: "附件2", content: Fixtures.attachment2Content())

    func read(_ sheets: [SheetSpec], raw: RawPackage? = nil, date1904: Bool = false, name: String = "东湖区.xlsx") throws -> ExtractedFile {
        let path = Fixtures.temporaryPath(name)
        if let raw {
            try raw.write(sheets, to: path)
        } else {
            var w = WorkbookWriter()
            w.sheets = sheets
            w.date1904 = date1904
            try w.write(to: path)
        }
        return FormReader().read(path: path)
    }

    func expectAllValues(_ file: ExtractedFile, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let a1 = try #require(file.attachment1.first, sourceLocation: sourceLocation)
        for (id, v) in Fixtures.attachment1Values {
            #expect(a1.values[id] == NumberReading.decimal(v), "\(id)", sourceLocation: sourceLocation)
        }
        #expect(a1.meta.district == "东湖区" && a1.meta.period == Period(year: 2026, month: 11), sourceLocation: sourceLocation)
        let reg = try #require(file.registers.first, sourceLocation: sourceLocation)
        #expect(reg.clues.map(\.summary) == Fixtures.clueRows.map { r in
            if case .string(let s)? = r["summary"] { return s } else { return "" }
        }, sourceLocation: sourceLocation)
        #expect(reg.clues.map(\.amountWan) == [Decimal(string: "2.5"), 10], sourceLocation: sourceLocation)
        #expect(reg.clues.map(\.persons.count) == [2, 1], sourceLocation: sourceLocation)
    }

    func ids(_ f: ExtractedFile) -> [String] { f.anomalies.map(\.rule.id) }

    @Test func blankRowsAboveAndColumnsToTheLeft() throws {
        let file = try read([Self.a1.shifted(rows: 3, columns: 2), Self.a2.shifted(rows: 2, columns: 0)])
        try expectAllValues(file)
        #expect(file.attachment1[0].cells["problems_found"] == CellAddress("C11"))
        let offsets = file.anomalies.filter { $0.rule.id == "table-offset" }
        #expect(offsets.map(\.cell) == [CellAddress("C7"), CellAddress("A6")])
        #expect(!file.anomalies.contains { $0.severity == .error })
    }

    @Test func headersWithLineBreaksAndSpaces() throws {
        let broken: (String) -> String = { s in
            switch s {
            case "当月发现问题数": return "当月发现\n问题数"
            case "党纪处分（人次）": return "党纪处分\n(人次)"
            case "问题线索摘要（300字以内）": return "问题线索摘要\n\n（300字以内）"
            case "涉及资金（万元）": return " 涉及资金 （万元） "
            default: return s
            }
        }
        let file = try read([Self.a1.replacingText(broken), Self.a2.replacingText(broken)])
        try expectAllValues(file)
        #expect(!ids(file).contains { $0.hasPrefix("header-") })
    }

    @Test func sheetsNamedSheet1AndSheet2() throws {
        var a1 = Self.a1, a2 = Self.a2
        a1.name = "Sheet1"
        a2.name = "Sheet2"
        let file = try read([a2, a1])
        try expectAllValues(file)
        #expect(file.attachment1[0].meta.sheet == "Sheet1")
    }

    @Test func cellsWithoutReferencesAndInlineStrings() throws {
        let file = try read([Self.a1, Self.a2], raw: RawPackage(inlineStrings: true, omitReferences: true))
        try expectAllValues(file)
        #expect(file.registers[0].clues[1].row == 7)
    }

    @Test func dateCellIn1904Workbook() throws {
        // 2026-11-25 is serial 46351 in the 1900 system and 44889 in the 1904 one.
        var content = Fixtures.attachment1Content()
        content.filledOn = .number(44889)
        let sheet = TemplateWriter.sheet(Templates.attachment1, name: "附件1", content: content)
        let file = try read([sheet, Self.a2], date1904: true)
        #expect(file.attachment1[0].meta.filledOn == SimpleDate(year: 2026, month: 11, day: 25))
        try expectAllValues(file)
    }

    @Test func numbersStoredAsTextAreNormalizedAndReported() throws {
        let sheet = Self.a1
            .setting("A8", .string("１"))            // full-width digit
            .setting("B8", .string(" 2 "))          // spaces
            .setting("AH8", .string("12.35万元"))    // its own unit
            .setting("C8", .string("3"))
        let file = try read([sheet, Self.a2])
        try expectAllValues(file)
        let normalized = file.anomalies.filter { $0.rule.id == "value-normalized" }
        #expect(Set(normalized.compactMap(\.cell)) == Set(["A8", "B8", "AH8", "C8"].compactMap { CellAddress($0) }))
        #expect(normalized.first { $0.cell == CellAddress("A8") }?.actual == "１")
    }

    @Test func unreadableNumbersAreReportedNotZeroed() throws {
        let sheet = Self.a1.setting("D8", .string("无")).setting("E8", .number(-1)).setting("F8", .number(1.5))
        let file = try read([sheet, Self.a2])
        let a1 = file.attachment1[0]
        #expect(a1.values["units_circulated"] == nil)
        #expect(a1.values["persons_total_county"] == -1)
        let found = file.anomalies.map { "\($0.rule.id)@\($0.cell?.a1 ?? "")" }
        #expect(found.contains("value-not-number@D8"))
        #expect(found.contains("value-negative@E8"))
        #expect(found.contains("value-not-integer@F8"))
    }

    @Test func knownVariantIsAcceptedAndReported() throws {
        var content = Fixtures.attachment1Content()
        var values: [String: WriteValue] = [:]
        for (i, f) in Templates.attachment1AdminByRank.fields.enumerated() { values[f.id] = .number(Double(100 + i)) }
        content.rows = [values]
        let sheet = TemplateWriter.sheet(Templates.attachment1AdminByRank, name: "附件1", content: content)
        let file = try read([sheet])
        let a1 = try #require(file.attachment1.first)
        #expect(a1.layout == "admin_by_rank")
        #expect(a1.values["persons_total"] == 104)
        #expect(a1.values["party_sanctions_county"] == 105)
        #expect(a1.values["admin_sanctions_below_township"] == 110)
        #expect(a1.values["amount_wan"] == 133)
        #expect(ids(file).contains("header-layout-variant"))
        #expect(!ids(file).contains("header-column-missing"))
    }

    @Test func insertedColumnIsReportedAndTheRestStillMaps() throws {
        let sheet = Self.a2.insertingColumn(before: 7, label: "备注", headerRow: 4, values: [6: .string("已核实")])
        let file = try read([Self.a1, sheet])
        try expectAllValues(file)
        let extra = try #require(file.anomalies.first { $0.rule.id == "header-column-extra" })
        #expect(extra.cell == CellAddress("G4"))
        #expect(extra.message.contains("备注") && extra.message.contains("已核实"))
        #expect(file.registers[0].clues[0].cells["summary"] == CellAddress("H6"))
    }

    @Test func renamedAndMissingColumns() throws {
        let sheet = Self.a1.replacingText { $0 == "移送司法数" ? "移送司法机关人数" : $0 }
        let file = try read([sheet])
        let renamed = try #require(file.anomalies.first { $0.rule.id == "header-column-renamed" })
        #expect(renamed.cell == CellAddress("N4"))
        #expect(file.attachment1[0].values["judicial_transfers"] == 14)

        let a2 = Self.a2.replacingText { $0 == "处置情况" ? "" : $0 }
        let f2 = try read([a2])
        #expect(f2.anomalies.contains { $0.rule.id == "header-column-renamed" || $0.rule.id == "header-column-missing" })
    }

    @Test func noTableAnywhere() throws {
        var s = SheetSpec(name: "Sheet1")
        s.set(CellAddress("A1")!, .string("随便写的表"))
        let file = try read([s])
        #expect(ids(file) == ["table-not-found"])
    }
}
