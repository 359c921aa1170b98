import Testing
@testable import XLSX

@Suite struct SharedStringsTests {
    /// A workbook whose shared-string table is `items` (raw `<si>` XML) and whose sheet
    /// references each item once, in column A.
    static func table(_ items: [String]) throws -> (Workbook, Sheet) {
        let rows = items.indices.map { #"<row r="\#($0 + 1)"><c r="A\#($0 + 1)" t="s"><v>\#($0)</v></c></row>"# }.joined()
        return try firstSheet(Fixture.oneSheet(rows, sharedStrings: Fixture.sharedStringsXML(items.joined())))
    }

    static func strings(_ items: [String]) throws -> [String] {
        let (wb, _) = try table(items)
        return (0..<wb.sharedStrings.count).map { wb.sharedStrings[$0] }
    }

    @Test func plainRichAndPhoneticItems() throws {
        let items = [
            "<si><t>plain</t></si>",
            #"<si><r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">rich </t></r><r><t>text</t></r></si>"#,
            #"<si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>"#,
            #"<si><r><t>東京</t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><r><t>都</t></r></si>"#,
            #"<si><t xml:space="preserve">  spaced  </t></si>"#,
            "<si><t/></si>",
            "<si/>",
            "<si><t>&lt;a &amp; b&gt; &quot;q&quot; &#x4E2D;&#25991;</t></si>",
            "<si><t>line1\nline2</t></si>",
            "<si><t><![CDATA[<cdata & raw>]]></t></si>",
        ]
        let (wb, sheet) = try Self.table(items)
        let want = ["plain", "rich text", "漢字", "東京都", "  spaced  ", "", "", "<a & b> \"q\" 中文", "line1\nline2",
                    "<cdata & raw>"]
        #expect(wb.sharedStrings.count == want.count)
        #expect((0..<wb.sharedStrings.count).map { wb.sharedStrings[$0] } == want)
        // The sheet's cells resolve through the table.
        #expect(sheet[CellAddress(row: 2, column: 1)]?.value == .string("rich text"))
        #expect(sheet[CellAddress(row: 3, column: 1)]?.value == .string("漢字"))
        #expect(sheet[CellAddress(row: 3, column: 1)]?.kind == .sharedString)
    }

    @Test func theDumpSkipsEmptySharedStringsAndQuotesAsCSV() throws {
        let (wb, _) = try Self.table([
            "<si><t>a,b</t></si>", "<si><t/></si>", #"<si><t>say "hi"</t></si>"#, "<si><t>x\ny</t></si>",
        ])
        let text = try dumpText(wb).text
        #expect(text == "sheet,cell,type,value\nSheet1,A1,s,\"a,b\"\nSheet1,A3,s,\"say \"\"hi\"\"\"\nSheet1,A4,s,\"x\ny\"\n")
    }

    @Test(arguments: [
        ("a_x000D_b", "a\rb"),
        ("_x000D__x000A_", "\r\n"),
        ("_x0041__x0042_C", "ABC"),
        ("tab_x0009_here", "tab\there"),
        ("_x4e2d__x6587_", "中文"),
        ("_xD83D__xDE00_", "😀"),
        ("_xd83d__xde00_!", "😀!"),
        ("_x005F_x0041_", "_x0041_"),
        ("_x005f_", "_"),
        ("_xD83D_z", "\u{FFFD}z"),
        ("_xDE00_", "\u{FFFD}"),
        ("_xD83D__xD83D__xDE00_", "\u{FFFD}😀"),
        ("_xZZZZ_", "_xZZZZ_"),
        ("_x41_", "_x41_"),
        ("_x0041", "_x0041"),
        ("x_x0041_x", "xAx"),
        ("no escape_here", "no escape_here"),
    ])
    func decodesEscapes(stored: String, decoded: String) throws {
        #expect(try Self.strings(["<si><t>\(stored)</t></si>"]) == [decoded])
    }

    @Test func escapesSplitAcrossRichTextRunsDecodeAfterJoining() throws {
        // Runs are joined first; an escape is decoded per item, so one cut by a run boundary still reads.
        #expect(try Self.strings(["<si><r><t>_x00</t></r><r><t>41_</t></r></si>", "<si><t>_x0042_</t></si>"]) == ["A", "B"])
    }

    @Test func decodeInPlaceLeavesEarlierBytesAlone() {
        var bytes = Array("keep_x0041_".utf8) + Array("x_x0042_".utf8)
        OOXMLEscapes.decode(&bytes, from: 11)
        #expect(String(decoding: bytes, as: UTF8.self) == "keep_x0041_xB")
    }

    @Test func aLargeTableReadsEveryItem() throws {
        let n = 20_000
        let items = (0..<n).map { "<si><t>item \($0)</t></si>" }.joined()
        let wb = try openWorkbook(Fixture.oneSheet(#"<row r="1"><c r="A1" t="s"><v>19999</v></c></row>"#,
                                                   sharedStrings: Fixture.sharedStringsXML(items)))
        #expect(wb.sharedStrings.count == n)
        #expect(wb.sharedStrings[0] == "item 0")
        #expect(wb.sharedStrings[12_345] == "item 12345")
        #expect(try wb.readSheet(wb.worksheets[0])[CellAddress(row: 1, column: 1)]?.value == .string("item 19999"))
    }

    @Test func anIndexPastTheTableIsABadCell() throws {
        let parts = Fixture.oneSheet(#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>2</v></c></row>"#,
                                     sharedStrings: Fixture.sharedStrings(["a", "b"]))
        let wb = try openWorkbook(parts, name: "idx.xlsx")
        let error = xlsxError { _ = try wb.readSheet(wb.worksheets[0]) }
        guard case .badCell(let file, let sheet, let cell, let detail)? = error else {
            Issue.record("want badCell, got \(String(describing: error))")
            return
        }
        #expect(file == "idx.xlsx")
        #expect(sheet == "Sheet1")
        #expect(cell == "C1")
        #expect(detail.contains("shared string index 2"))
        #expect(error!.description.hasPrefix("idx.xlsx: sheet Sheet1 cell C1: "))
    }

    @Test(arguments: ["-1", "abc", "1.5", "99999999999999999999999"])
    func aNonNumericIndexIsABadCell(index: String) throws {
        let parts = Fixture.oneSheet(#"<row r="1"><c r="B1" t="s"><v>\#(index)</v></c></row>"#,
                                     sharedStrings: Fixture.sharedStrings(["a"]))
        let wb = try openWorkbook(parts)
        let error = xlsxError { _ = try wb.readSheet(wb.worksheets[0]) }
        guard case .badCell(_, "Sheet1", "B1", let detail)? = error else {
            Issue.record("want badCell at B1, got \(String(describing: error))")
            return
        }
        #expect(detail.contains(index))
    }

    @Test func anEmptyIndexHoldsNoValue() throws {
        let parts = Fixture.oneSheet(#"<row r="1"><c r="B1" t="s"><v></v></c><c r="C1" t="s"><v> 0 </v></c></row>"#,
                                     sharedStrings: Fixture.sharedStrings(["a"]))
        let (_, sheet) = try firstSheet(parts)
        #expect(sheet.cells.map(\.address.a1) == ["C1"])
        #expect(sheet.cells.first?.value == .string("a"))
    }

    @Test func noSharedStringsPartMeansAnEmptyTable() throws {
        let wb = try openWorkbook(Fixture.oneSheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#))
        #expect(wb.sharedStrings.count == 0)
    }
}
