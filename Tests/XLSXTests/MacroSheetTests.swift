import Foundation
import Testing
@testable import XLSX

/// Macro sheets (`xl/macrosheets/`, `.xlsm`) are read as worksheets by the dump, under their
/// workbook names, as openpyxl reads them; chart and dialog sheets are listed with no cells.
@Suite struct MacroSheetTests {
    static let macro = """
        \(Fixture.xmlDecl)
        <xm:macrosheet xmlns="\(NS.main)" xmlns:xm="\(NS.xm)" xmlns:r="\(NS.rel)"><sheetData>\
        <row r="1"><c r="A1" t="str"><f>ALERT("hi")</f><v>TRUE</v></c><c r="B1"><v>42</v></c></row>\
        <row r="2"><c r="A2" t="inlineStr"><is><t>宏</t></is></c></row></sheetData></xm:macrosheet>
        """
    static let dialog = """
        \(Fixture.xmlDecl)
        <dialogsheet xmlns="\(NS.main)" xmlns:r="\(NS.rel)"><sheetPr/><sheetViews><sheetView workbookViewId="0"/></sheetViews></dialogsheet>
        """
    static let chart = """
        \(Fixture.xmlDecl)
        <chartsheet xmlns="\(NS.main)" xmlns:r="\(NS.rel)"><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>
        """

    func workbook() throws -> Workbook {
        try openWorkbook(Fixture.workbook([
            .init("宏表1", Self.macro, kind: "xlMacrosheet", target: "macrosheets/sheet1.xml"),
            .init("Data", Fixture.worksheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#)),
            .init("Dialog1", Self.dialog, kind: "dialogsheet", target: "dialogsheets/sheet1.xml"),
            .init("Chart1", Self.chart, kind: "chartsheet"),
            .init("Intl", Fixture.worksheet(#"<row r="3"><c r="C3"><v>7</v></c></row>"#), kind: "xlIntlMacrosheet",
                  target: "macrosheets/intl1.xml"),
        ]), name: "macro.xlsm")
    }

    @Test func everySheetIsListedWithItsKind() throws {
        let wb = try workbook()
        #expect(wb.sheets.map(\.name) == ["宏表1", "Data", "Dialog1", "Chart1", "Intl"])
        #expect(wb.sheets.map(\.kind) == [.macrosheet, .worksheet, .dialogsheet, .chartsheet, .macrosheet])
        #expect(wb.sheets.allSatisfy { $0.part != nil })
        // The forms read worksheets only.
        #expect(wb.worksheets.map(\.name) == ["Data"])
        #expect(wb.cellSheets.map(\.name) == ["宏表1", "Data", "Intl"])
    }

    @Test func theDumpReadsMacroSheetsAsWorksheets() throws {
        let (text, warnings) = try dumpText(workbook())
        #expect(warnings.isEmpty)
        let rows = try Array(CSV.parse(text).dropFirst())
        #expect(rows == [["宏表1", "A1", "s", "TRUE"], ["宏表1", "B1", "n", "42"], ["宏表1", "A2", "s", "宏"],
                         ["Data", "A1", "n", "1"], ["Intl", "C3", "n", "7"]])
    }

    @Test func aMacroSheetStreamsItsCells() throws {
        let wb = try workbook()
        let sheet = try wb.readSheet(wb.sheet(named: "宏表1"))
        #expect(sheet.extras.foreignNamespace == nil)
        #expect(sheet[CellAddress(row: 1, column: 2)]?.value == .number(42))
    }
}
