import Foundation
import Testing
@testable import XLSX

@Suite struct SheetStreamTests {
    static func cells(_ sheet: Sheet) -> [String: CellValue] {
        Dictionary(uniqueKeysWithValues: sheet.cells.map { ($0.address.a1, $0.value) })
    }

    @Test func rowsAndCellsWithoutReferencesTakeImpliedPositions() throws {
        let rows = """
            <row><c><v>1</v></c><c><v>2</v></c></row>\
            <row><c><v>3</v></c></row>\
            <row r="5"><c r="C5"><v>4</v></c><c><v>5</v></c><c r="F5"><v>6</v></c><c><v>7</v></c></row>\
            <row><c><v>8</v></c><c r="nonsense"><v>9</v></c></row>\
            <row r="9" spans="1:3"><c r="B9"><v>10</v></c></row>\
            <row><c/><c><v>11</v></c></row>
            """
        let (_, sheet) = try firstSheet(Fixture.oneSheet(rows))
        #expect(sheet.cells.map(\.address.a1) == ["A1", "B1", "A2", "C5", "D5", "F5", "G5", "A6", "B6", "B9", "B10"])
        #expect(sheet.cells.map(\.value) == (1...11).map { .number(Double($0)) })
        #expect(sheet.maxRow == 10)
        #expect(sheet.maxColumn == 7)
    }

    @Test func cellsWithReferencesButRowsWithout() throws {
        let (_, sheet) = try firstSheet(Fixture.oneSheet(#"<row><c r="B3"><v>1</v></c></row><row><c><v>2</v></c></row>"#))
        // The next row follows the last cell's row.
        #expect(sheet.cells.map(\.address.a1) == ["B3", "A4"])
    }

    @Test func everyCellType() throws {
        let rows = """
            <row r="1">\
            <c r="A1" t="inlineStr"><is><t>inline</t></is></c>\
            <c r="B1" t="inlineStr"><is><r><t xml:space="preserve">rich </t></r><r><rPr><i/></rPr><t>inline</t></r></is></c>\
            <c r="C1" t="inlineStr"><is><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh></is></c>\
            <c r="D1" t="inlineStr"><v>stray</v><is><t>from is</t></is></c>\
            <c r="E1" t="inlineStr"><is><t>a_x000D_b</t></is></c>\
            </row>\
            <row r="2">\
            <c r="A2" t="str"><f>A1&amp;"x"</f><v>formula text</v></c>\
            <c r="B2" t="b"><v>1</v></c><c r="C2" t="b"><v>0</v></c><c r="D2" t="b"><v>true</v></c>\
            <c r="E2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="F2" t="e"><v>#N/A</v></c>\
            <c r="G2" t="d"><v>2024-01-31T00:00:00</v></c>\
            <c r="H2"><f>SUM(1,2)</f><v>3</v></c>\
            <c r="I2" t="n"><v>-1.25E-3</v></c>\
            <c r="J2"><v> 42 </v></c>\
            <c r="K2"><f>NOW()</f></c>\
            <c r="L2" s="3"/>\
            <c r="M2" t="str"><v>_x0041_ &amp; &lt;b&gt;</v></c>\
            <c r="N2" t="s"><v>0</v></c>\
            <c r="O2"><v>1E+308</v></c>\
            </row>
            """
        let (wb, sheet) = try firstSheet(Fixture.oneSheet(rows, sharedStrings: Fixture.sharedStrings(["shared"])))
        let c = Self.cells(sheet)
        #expect(c["A1"] == .string("inline"))
        #expect(c["B1"] == .string("rich inline"))
        #expect(c["C1"] == .string("漢字"))
        #expect(c["D1"] == .string("from is"))
        #expect(c["E1"] == .string("a\rb"))
        #expect(c["A2"] == .string("formula text"))
        #expect(c["B2"] == .bool(true))
        #expect(c["C2"] == .bool(false))
        #expect(c["D2"] == .bool(true))
        #expect(c["E2"] == .error("#DIV/0!"))
        #expect(c["F2"] == .error("#N/A"))
        #expect(c["G2"] == .isoDate("2024-01-31T00:00:00"))
        #expect(c["H2"] == .number(3))
        #expect(c["I2"] == .number(-0.00125))
        #expect(c["J2"] == .number(42))
        #expect(c["K2"] == nil)  // a formula without a cached value holds nothing
        #expect(c["L2"] == nil)  // a styled empty cell holds nothing
        #expect(c["M2"] == .string("A & <b>"))
        #expect(c["N2"] == .string("shared"))
        #expect(c["O2"] == .number(1e308))
        #expect(sheet.cells.count == 18)
        #expect(sheet[1, 1]?.kind == .inlineString)
        #expect(sheet[2, 1]?.kind == .formulaString)
        #expect(sheet[2, 7]?.kind == .isoDate)

        let dump = try dumpRows(wb).map { $0.dropFirst().joined(separator: "|") }
        #expect(dump == [
            "A1|s|inline", "B1|s|rich inline", "C1|s|漢字", "D1|s|from is", "E1|s|a\rb",
            "A2|s|formula text", "B2|b|TRUE", "C2|b|FALSE", "D2|b|TRUE", "E2|e|#DIV/0!", "F2|e|#N/A",
            "G2|d|2024-01-31T00:00:00", "H2|n|3", "I2|n|-0.00125", "J2|n|42", "M2|s|A & <b>", "N2|s|shared",
            "O2|n|1e+308",
        ])
    }

    @Test(arguments: [
        (#"<c r="A1"><v>abc</v></c>"#, "abc is stored as a number"),
        (#"<c r="A1"><v>1.5x</v></c>"#, "1.5x is stored as a number"),
        (#"<c r="A1" t="b"><v>yes</v></c>"#, "yes is stored as a boolean"),
        (#"<c r="A1" t="b"><v>2</v></c>"#, "2 is stored as a boolean"),
    ])
    func aValueThatContradictsItsTypeIsABadCell(cell: String, detail: String) throws {
        let wb = try openWorkbook(Fixture.oneSheet("<row r=\"1\">\(cell)</row>"), name: "bad.xlsx")
        let error = xlsxError { _ = try wb.readSheet(wb.worksheets[0]) }
        #expect(error == .badCell(file: "bad.xlsx", sheet: "Sheet1", cell: "A1", detail: detail + " but is not one"))
    }

    @Test(arguments: [("1", true), ("true", true), ("0", false), ("false", false), (" 1 ", true), ("TRUE", true)])
    func booleanSpellings(stored: String, value: Bool) throws {
        let (_, sheet) = try firstSheet(Fixture.oneSheet(#"<row r="1"><c r="A1" t="b"><v>\#(stored)</v></c></row>"#))
        #expect(sheet.cells.first?.value == .bool(value))
    }

    @Test func streamingHandsOverEventsInFileOrderWithExtras() throws {
        let parts = Fixture.oneSheet(
            #"<row r="2"><c r="B2" s="1"><v>7</v></c><c r="A2" t="inlineStr"><is><t>t</t></is></c></row><row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
            after: #"<mergeCells count="2"><mergeCell ref="A4:A7"/><mergeCell ref="C4:AD4"/><mergeCell ref="bogus"/></mergeCells>"#,
            sharedStrings: Fixture.sharedStrings(["s"]))
        let wb = try openWorkbook(parts)
        var seen: [String] = []
        let extras = try wb.streamCells(of: wb.worksheets[0]) { e in
            seen.append("\(e.address.a1):\(e.kind):\(e.styleIndex):\(e.number):\(e.sharedIndex):\(String(decoding: e.text, as: UTF8.self))")
        }
        #expect(seen == ["B2:number:1:7.0:0:7", "A2:inlineString:0:0.0:0:t", "A1:sharedString:0:0.0:0:0"])
        #expect(extras.merges.map(\.a1) == ["A4:A7", "C4:AD4"])
        #expect(extras.foreignNamespace == nil)
    }

    @Test func aThrowingCallbackStopsTheStream() throws {
        struct Stop: Error {}
        let rows = (1...1_000).map { #"<row r="\#($0)"><c r="A\#($0)"><v>\#($0)</v></c></row>"# }.joined()
        let wb = try openWorkbook(Fixture.oneSheet(rows))
        var count = 0
        #expect(throws: Stop.self) {
            try wb.streamCells(of: wb.worksheets[0]) { _ in
                count += 1
                if count == 3 { throw Stop() }
            }
        }
        #expect(count == 3)
    }

    @Test func mergedRangesOnTheSheet() throws {
        let (_, sheet) = try firstSheet(Fixture.oneSheet(
            #"<row r="2"><c r="A2" t="inlineStr"><is><t>title</t></is></c></row>"#,
            after: #"<mergeCells count="3"><mergeCell ref="A2:AH2"/><mergeCell ref="$B$9:$AH$9"/><mergeCell ref="AE4:AG6"/></mergeCells>"#))
        #expect(sheet.merges.map(\.a1) == ["A2:AH2", "B9:AH9", "AE4:AG6"])
        #expect(sheet.merges[0].contains(CellAddress(row: 2, column: 34)))
        #expect(!sheet.merges[0].contains(CellAddress(row: 2, column: 35)))
    }

    @Test func aLargeSheetStreamsEveryCell() throws {
        // ~2 MB of XML: crosses many 64 KiB inflate chunks, so values split across chunk edges must join.
        let n = 20_000
        var rows = ""
        rows.reserveCapacity(n * 100)
        for r in 1...n {
            rows += #"<row r="\#(r)"><c r="A\#(r)"><v>\#(r).25</v></c><c r="B\#(r)" t="inlineStr"><is><t>row \#(r) text</t></is></c></row>"#
        }
        let wb = try openWorkbook(Fixture.oneSheet(rows))
        var count = 0
        var sum = 0.0
        var lastText = ""
        try wb.streamCells(of: wb.worksheets[0]) { e in
            count += 1
            if e.kind == .number { sum += e.number } else { lastText = String(decoding: e.text, as: UTF8.self) }
        }
        #expect(count == 2 * n)
        #expect(sum == Double(n * (n + 1) / 2) + 0.25 * Double(n))
        #expect(lastText == "row \(n) text")
    }

    @Test func theDateSystemFlag() throws {
        for (pr, want) in [(#"<workbookPr date1904="1"/>"#, true), (#"<workbookPr date1904="true"/>"#, true),
                           (#"<workbookPr date1904="0"/>"#, false), (#"<workbookPr defaultThemeVersion="124226"/>"#, false),
                           ("", false)] {
            let wb = try openWorkbook(Fixture.workbook([.init("S", Fixture.worksheet(""))], workbookPr: pr))
            #expect(wb.date1904 == want, "\(pr)")
        }
    }

    @Test func sheetVisibilityAndKinds() throws {
        let chart = """
            <?xml version="1.0"?><chartsheet xmlns="\(NS.main)" xmlns:r="\(NS.rel)"><sheetViews><sheetView workbookViewId="0"/></sheetViews><drawing r:id="rId1"/></chartsheet>
            """
        let wb = try openWorkbook(Fixture.workbook([
            .init("Visible", Fixture.worksheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#)),
            .init("Hidden", Fixture.worksheet(#"<row r="1"><c r="A1"><v>2</v></c></row>"#), state: "hidden"),
            .init("Chart1", chart, kind: "chartsheet"),
            .init("VeryHidden", Fixture.worksheet(#"<row r="1"><c r="A1"><v>3</v></c></row>"#), state: "veryHidden"),
            .init("Shown", Fixture.worksheet(""), state: "visible"),
        ]))
        #expect(wb.sheets.map(\.name) == ["Visible", "Hidden", "Chart1", "VeryHidden", "Shown"])
        #expect(wb.sheets.map(\.visibility) == [.visible, .hidden, .visible, .veryHidden, .visible])
        #expect(wb.sheets.map(\.kind) == [.worksheet, .worksheet, .chartsheet, .worksheet, .worksheet])
        #expect(wb.sheets.map(\.index) == [0, 1, 2, 3, 4])
        #expect(wb.sheets[2].part == "xl/chartsheets/sheet3.xml")
        #expect(wb.worksheets.map(\.name) == ["Visible", "Hidden", "VeryHidden", "Shown"])
        // Hidden sheets are dumped, chart sheets are not.
        let dump = try dumpText(wb)
        #expect(dump.text == "sheet,cell,type,value\nVisible,A1,n,1\nHidden,A1,n,2\nVeryHidden,A1,n,3\n")
        #expect(dump.warnings.isEmpty)
        #expect(try wb.sheet(named: "Hidden").visibility == .hidden)
    }

    @Test func aSheetWhosePartIsMissing() throws {
        let wb = try openWorkbook(Fixture.workbook([
            .init("Present", Fixture.worksheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#)),
            .init("Gone", nil),
        ]), name: "gone.xlsx")
        let gone = try wb.sheet(named: "Gone")
        #expect(gone.kind == .worksheet)
        #expect(gone.part == nil)
        #expect(wb.worksheets.count == 2)
        let error = xlsxError { _ = try wb.readSheet(gone) }
        #expect(error == .missingPart(file: "gone.xlsx", part: "the part of sheet Gone"))
        // The dump reads what is there and says what it skipped.
        let dump = try dumpText(wb)
        #expect(dump.text == "sheet,cell,type,value\nPresent,A1,n,1\n")
        #expect(dump.warnings == ["gone.xlsx: sheet Gone has no part in the package: skipped"])
    }

    @Test func aSheetWithoutARelationship() throws {
        var parts = Fixture.workbook([.init("One", Fixture.worksheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#))])
        let i = parts.firstIndex { $0.name == "xl/workbook.xml" }!
        parts[i].text = parts[i].text.replacingOccurrences(
            of: "</sheets>", with: #"<sheet name="Orphan" sheetId="9" r:id="rId99"/></sheets>"#)
        let wb = try openWorkbook(parts)
        let orphan = try wb.sheet(named: "Orphan")
        #expect(orphan.part == nil)
        #expect(orphan.kind == .unknown)
        #expect(wb.worksheets.map(\.name) == ["One"])
    }

    @Test func noSuchSheet() throws {
        let wb = try openWorkbook(Fixture.oneSheet(""), name: "n.xlsx")
        let error = xlsxError { _ = try wb.sheet(named: "sheet1") }  // names match exactly
        #expect(error == .noSuchSheet(file: "n.xlsx", sheet: "sheet1"))
        #expect(error?.description == "n.xlsx: no sheet named sheet1")
    }

    @Test func aNonSpreadsheetMLSheetIsNotReadAndTheDumpSaysSo() throws {
        let beta = #"<?xml version="1.0"?><worksheet xmlns="http://schemas.microsoft.com/office/excel/2006/2"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#
        let wb = try openWorkbook(Fixture.workbook([.init("Beta", beta)]), name: "beta.xlsx")
        var count = 0
        let extras = try wb.streamCells(of: wb.worksheets[0]) { _ in count += 1 }
        #expect(count == 0)
        #expect(extras.foreignNamespace == "http://schemas.microsoft.com/office/excel/2006/2")
        let dump = try dumpText(wb)
        #expect(dump.text == "sheet,cell,type,value\n")
        #expect(dump.warnings == ["beta.xlsx: sheet Beta is not SpreadsheetML (namespace http://schemas.microsoft.com/office/excel/2006/2): its cells were not read"])
    }

    @Test func sheetNamesWithCommasAndQuotesAreQuotedInTheDump() throws {
        let wb = try openWorkbook(Fixture.workbook([.init(#"a,"b""#, Fixture.worksheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#))]))
        #expect(try dumpText(wb).text == "sheet,cell,type,value\n\"a,\"\"b\"\"\",A1,n,1\n")
        #expect(try dumpRows(wb) == [[#"a,"b""#, "A1", "n", "1"]])
    }

    @Test func readingTheSameSheetTwiceGivesTheSameCells() throws {
        let wb = try openWorkbook(Fixture.oneSheet(#"<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="b"><v>1</v></c></row>"#))
        let a = try wb.readSheet(wb.worksheets[0])
        let b = try wb.readSheet(wb.worksheets[0])
        #expect(a.cells == b.cells)
        #expect(a.cells.count == 2)
    }
}
