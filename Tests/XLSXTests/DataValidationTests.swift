import Testing
@testable import XLSX

@Suite struct DataValidationTests {
    // MARK: the formula, parsed

    @Test func inlineListSources() {
        func items(_ f: String) -> DataValidation.ListSource? { DataValidation(type: "list", ranges: [], formula1: f).listSource }
        #expect(items(#""a,b,c""#) == .inline(["a", "b", "c"]))
        #expect(items(#""信访举报,巡视督查,上级交办""#) == .inline(["信访举报", "巡视督查", "上级交办"]))
        #expect(items(#"" a , b ,c ""#) == .inline(["a", "b", "c"]))
        #expect(items(#""say ""hi"",x""#) == .inline([#"say "hi""#, "x"]))
        #expect(items(#""a,,b""#) == .inline(["a", "", "b"]))
        #expect(items(#"="yes,no""#) == .inline(["yes", "no"]))
        #expect(items(#""single""#) == .inline(["single"]))
    }

    @Test func rangeAndNameSources() throws {
        func source(_ f: String) -> DataValidation.ListSource? { DataValidation(type: "list", ranges: [], formula1: f).listSource }
        let h = try #require(CellRange("H1:H8"))
        #expect(source("$H$1:$H$8") == .range(sheet: nil, h))
        #expect(source("=$H$1:$H$8") == .range(sheet: nil, h))
        #expect(source("Lists!$A$1:$A$8") == .range(sheet: "Lists", CellRange("A1:A8")!))
        #expect(source("'My sheet'!$A$1:$A$3") == .range(sheet: "My sheet", CellRange("A1:A3")!))
        #expect(source("'It''s'!B2:B4") == .range(sheet: "It's", CellRange("B2:B4")!))
        #expect(source("'表 2'!C1") == .range(sheet: "表 2", CellRange("C1")!))
        #expect(source("Districts") == .name("Districts"))
        #expect(source("=Districts") == .name("Districts"))
        #expect(source("") == nil)
        #expect(source("   ") == nil)
        // Only list validations have a source.
        #expect(DataValidation(type: "whole", ranges: [], formula1: "0").listSource == nil)
        #expect(DataValidation(type: "none", ranges: [], formula1: #""a,b""#).listSource == nil)
    }

    @Test func references() throws {
        let r = try #require(DataValidation.reference("Sheet2!$A$1:$A$8"))
        #expect(r.sheet == "Sheet2")
        #expect(r.range.a1 == "A1:A8")
        #expect(DataValidation.reference("$A$1:$A$8")?.sheet == nil)
        #expect(DataValidation.reference("'a!b'!A1")?.sheet == "a!b")
        #expect(DataValidation.reference("Sheet2!") == nil)
        #expect(DataValidation.reference("Sheet2!A") == nil)
        #expect(DataValidation.reference("Name") == nil)
    }

    // MARK: read from a sheet

    static let validations = """
        <dataValidations count="6">\
        <dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="B6:B200"><formula1>"a,b,c"</formula1></dataValidation>\
        <dataValidation type="list" sqref="C6:C200 E6"><formula1>$H$1:$H$8</formula1></dataValidation>\
        <dataValidation type="list" sqref="D6"><formula1>Lists!$A$1:$A$8</formula1></dataValidation>\
        <dataValidation type="list" sqref="F6"><formula1>'My sheet'!$A$1:$A$3</formula1></dataValidation>\
        <dataValidation type="list" sqref="G6"><formula1>Districts</formula1></dataValidation>\
        <dataValidation type="whole" operator="between" sqref="A8:AG8"><formula1>0</formula1><formula2>100000</formula2></dataValidation>\
        <dataValidation sqref="Z1"/>\
        </dataValidations>\
        <extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="\(NS.x14)">\
        <x14:dataValidations count="2" xmlns:xm="\(NS.xm)">\
        <x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>Lists!$B$1:$B$3</xm:f></x14:formula1><xm:sqref>K6:K200 M6</xm:sqref></x14:dataValidation>\
        <x14:dataValidation type="list"><x14:formula1><xm:f>'My sheet'!$A$1:$A$3</xm:f></x14:formula1><x14:formula2><xm:f>9</xm:f></x14:formula2><xm:sqref>L6</xm:sqref></x14:dataValidation>\
        </x14:dataValidations></ext></extLst>
        """

    static func workbook() throws -> (Workbook, Sheet) {
        let main = Fixture.worksheet(
            (1...8).map { #"<row r="\#($0)"><c r="H\#($0)" t="inlineStr"><is><t>h\#($0)</t></is></c></row>"# }.joined()
                + #"<row r="9"><c r="H9" t="inlineStr"><is><t>outside</t></is></c></row>"#,
            after: validations)
        let lists = Fixture.worksheet("""
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>甲</t></is></c></row>\
            <row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="inlineStr"><is><t>乙</t></is></c></row>\
            <row r="3"><c r="A3"><v>2024</v></c><c r="B3" t="inlineStr"><is><t>丙</t></is></c></row>\
            <row r="4"><c r="A4" t="s"><v>2</v></c></row>
            """)
        let mine = Fixture.worksheet(#"<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>z</t></is></c></row>"#)
        let wb = try openWorkbook(Fixture.workbook(
            [.init("Form", main), .init("Lists", lists, state: "hidden"), .init("My sheet", mine)],
            sharedStrings: Fixture.sharedStrings(["东城区", "西城区", "朝阳区"]),
            definedNames: #"<definedName name="Districts">Lists!$A$1:$A$2</definedName><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Form!$A$1:$C$9</definedName>"#))
        return (wb, try wb.readSheet(wb.sheet(named: "Form")))
    }

    @Test func transitionalAndX14ValidationsAreRead() throws {
        let (_, sheet) = try Self.workbook()
        let v = sheet.validations
        #expect(v.map(\.type) == ["list", "list", "list", "list", "list", "whole", "none", "list", "list"])
        #expect(v.map { $0.ranges.map(\.a1).joined(separator: " ") }
                == ["B6:B200", "C6:C200 E6", "D6", "F6", "G6", "A8:AG8", "Z1", "K6:K200 M6", "L6"])
        #expect(v.map(\.formula1) == [#""a,b,c""#, "$H$1:$H$8", "Lists!$A$1:$A$8", "'My sheet'!$A$1:$A$3", "Districts",
                                      "0", "", "Lists!$B$1:$B$3", "'My sheet'!$A$1:$A$3"])
        #expect(v[0].listSource == .inline(["a", "b", "c"]))
        #expect(v[7].listSource == .range(sheet: "Lists", CellRange("B1:B3")!))
    }

    @Test func definedNamesAtWorkbookScopeOnly() throws {
        let (wb, _) = try Self.workbook()
        #expect(wb.definedNames == ["Districts": "Lists!$A$1:$A$2"])
    }

    @Test func listItemsResolveEverySource() throws {
        let (wb, sheet) = try Self.workbook()
        let v = sheet.validations
        #expect(try wb.listItems(of: v[0], on: sheet) == ["a", "b", "c"])
        #expect(try wb.listItems(of: v[1], on: sheet) == ["h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8"])
        // Shared strings resolve; a number in the range is an item too, as the text Excel shows.
        #expect(try wb.listItems(of: v[2], on: sheet) == ["东城区", "西城区", "2024", "朝阳区"])
        #expect(try wb.listItems(of: v[3], on: sheet) == ["x", "z"])
        #expect(try wb.listItems(of: v[4], on: sheet) == ["东城区", "西城区"])
        #expect(try wb.listItems(of: v[5], on: sheet) == nil)
        #expect(try wb.listItems(of: v[7], on: sheet) == ["甲", "乙", "丙"])
        #expect(try wb.listItems(of: v[8], on: sheet) == ["x", "z"])
    }

    @Test func listItemsOfAnUnknownNameOrSheet() throws {
        let (wb, sheet) = try Self.workbook()
        #expect(try wb.listItems(of: DataValidation(type: "list", ranges: [], formula1: "Nowhere"), on: sheet) == nil)
        let error = xlsxError {
            _ = try wb.listItems(of: DataValidation(type: "list", ranges: [], formula1: "Missing!$A$1:$A$2"), on: sheet)
        }
        #expect(error == .noSuchSheet(file: "test.xlsx", sheet: "Missing"))
    }

    @Test func validationsWithPrefixedElementsAndStrictNamespace() throws {
        let sheet = """
            <?xml version="1.0"?><x:worksheet xmlns:x="\(NS.strictMain)"><x:sheetData/>\
            <x:dataValidations count="1"><x:dataValidation type="list" sqref="A1:A3"><x:formula1>"p,q"</x:formula1></x:dataValidation></x:dataValidations></x:worksheet>
            """
        let (_, s) = try firstSheet(Fixture.workbook([.init("S", sheet)]))
        #expect(s.validations == [DataValidation(type: "list", ranges: [CellRange("A1:A3")!], formula1: #""p,q""#)])
        #expect(s.validations[0].errorStyle == .stop)
    }

    @Test func formulaTextIsTrimmedAndEntityDecoded() throws {
        let (_, s) = try firstSheet(Fixture.oneSheet("", after: """
            <dataValidations count="1"><dataValidation type="list" sqref="A1"><formula1>
              "a&amp;b,&lt;c&gt;"
            </formula1></dataValidation></dataValidations>
            """))
        #expect(s.validations.first?.formula1 == #""a&b,<c>""#)
        #expect(s.validations.first?.listSource == .inline(["a&b", "<c>"]))
    }
}
