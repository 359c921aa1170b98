import Testing
@testable import XLSX

@Suite struct StylesTests {
    @Test func builtInDateFormats() {
        for id in 14...22 { #expect(Styles.isBuiltInDate(id), "built-in format \(id)") }
        for id in [45, 46, 47] { #expect(Styles.isBuiltInDate(id), "built-in format \(id)") }
        for id in [0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 23, 37, 38, 39, 40, 44, 48, 49, 59, 164] {
            #expect(!Styles.isBuiltInDate(id), "built-in format \(id)")
        }
    }

    @Test(arguments: [
        #"yyyy"年"m"月"d"日""#, "[h]:mm", "[hh]:mm:ss", "[mm]:ss", "[ss]", "mm:ss", "yyyy-mm-dd", "d-mmm-yy",
        "h:mm AM/PM", "[$-409]mmmm d, yyyy", "[$-F800]dddd, mmmm dd, yyyy", "yyyy/m/d;@", "m/d/yy h:mm",
        #"[Red]yyyy-mm-dd"#, "YYYY-MM-DD", #"dd"天""#, "[DBNum1][$-804]yyyy\"年\"m\"月\"d\"日\"",
    ])
    func dateCodes(code: String) {
        #expect(Styles.isDateCode(code))
    }

    @Test(arguments: [
        "0.00", #""days"0"#, "[Red]0.00", "General", "[Blue]General", "0.00;[Red]-0.00", "#,##0", "0%", "0.00E+00",
        "@", #"\d0"#, "0_);(0)", #"#,##0 "h""#, "_-* #,##0_-;-* #,##0_-", #"0.00;"yyyy""#, #"0;[Red]yyyy"#,
        "* #,##0", "",
    ])
    func notDateCodes(code: String) {
        #expect(!Styles.isDateCode(code))
    }

    @Test func cellFormatsFromTheStylesPart() throws {
        let styles = Fixture.styles(
            formats: [164: #"yyyy"年"m"月"d"日""#, 165: "[h]:mm", 166: "0.00", 167: #""days"0"#, 168: "[Red]0.00",
                      14: "0.000"],  // a workbook may redefine a built-in id: its code decides
            xfs: [0, 14, 164, 165, 166, 167, 168, 22, 49, 47])
        let rows = (0..<11).map { #"<c r="\#(CellAddress.columnLetters($0 + 1))1" s="\#($0)"><v>45000.5</v></c>"# }.joined()
        let (wb, sheet) = try firstSheet(Fixture.oneSheet("<row r=\"1\">\(rows)</row>", styles: styles))
        let flags = (0..<11).map { wb.styles.isDate(styleIndex: $0) }
        #expect(flags == [false, false, true, true, false, false, false, true, false, true, false])
        #expect(sheet.cells.map(\.isDateFormatted) == flags)
        #expect(wb.styles.customFormats[164] == #"yyyy"年"m"月"d"日""#)
        #expect(!wb.styles.isDate(styleIndex: -1))
        #expect(!wb.styles.isDate(styleIndex: 1_000))
        // A date-formatted number stays a serial, in the cells and in the dump.
        #expect(sheet[CellAddress(row: 1, column: 3)]?.value == .number(45000.5))
        #expect(try dumpRows(wb).first == ["Sheet1", "A1", "n", "45000.5"])
    }

    @Test func builtInDateIDsWithoutCustomCodes() throws {
        let styles = Fixture.styles(xfs: [0, 14, 15, 16, 17, 18, 19, 20, 21, 22, 2])
        let wb = try openWorkbook(Fixture.oneSheet("", styles: styles))
        #expect((0..<11).map { wb.styles.isDate(styleIndex: $0) } == [false] + Array(repeating: true, count: 9) + [false])
    }

    @Test func onlyCellXfsCountAsCellFormats() throws {
        // cellStyleXfs come first in the part but are not what a cell's s indexes.
        let styles = """
            <?xml version="1.0"?><styleSheet xmlns="\(NS.main)"><cellStyleXfs count="2"><xf numFmtId="14"/><xf numFmtId="14"/></cellStyleXfs>\
            <cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs><dxfs><dxf><numFmt numFmtId="300" formatCode="0"/></dxf></dxfs></styleSheet>
            """
        let wb = try openWorkbook(Fixture.oneSheet("", styles: styles))
        #expect(!wb.styles.isDate(styleIndex: 0))
        #expect(wb.styles.isDate(styleIndex: 1))
        #expect(!wb.styles.isDate(styleIndex: 2))
    }

    @Test func noStylesPartMeansNoDates() throws {
        let (wb, sheet) = try firstSheet(Fixture.oneSheet(#"<row r="1"><c r="A1" s="1"><v>1</v></c></row>"#))
        #expect(!wb.styles.isDate(styleIndex: 1))
        #expect(sheet.cells.first?.isDateFormatted == false)
    }
}
