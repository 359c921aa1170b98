import Foundation
import Testing
@testable import XLSX

/// Patching a workbook someone sent: marks and notes on cells, a sheet added first, and
/// nothing else changed.
@Suite struct WorkbookPatchTests {
    static let styles = """
        \(Fixture.xmlDecl)
        <styleSheet xmlns="\(NS.main)"><fonts count="1"><font/></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>\
        <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="center" wrapText="1"/></xf>\
        </cellXfs></styleSheet>
        """

    /// Two sheets; the second is the active one, with a sheet-local print area and a comment-free drawing-free sheet.
    static func package() -> Parts {
        let first = Fixture.worksheet("""
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2" t="s"><v>1</v></c></row>\
            <row r="3"><c r="A3" s="1"><v>46000</v></c><c r="C3"><v>12.5</v></c></row>
            """, after: #"<mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#)
        let second = """
            \(Fixture.xmlDecl)
            <x:worksheet xmlns:x="\(NS.main)" xmlns:r="\(NS.rel)"><x:sheetViews><x:sheetView tabSelected="1" workbookViewId="0"/></x:sheetViews>\
            <x:sheetData><x:row r="2"><x:c r="B2"><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>
            """
        return Fixture.workbook([.init("附件1", first), .init("附件2", second)],
                                sharedStrings: Fixture.sharedStrings(["标题 & 说明", "当月发现问题数"]), styles: styles,
                                workbookPr: #"<bookViews><workbookView activeTab="1" firstSheet="1"/></bookViews>"#,
                                definedNames: #"<definedName name="_xlnm.Print_Area" localSheetId="1">附件2!$A$1:$C$3</definedName>"#)
    }

    static let red = "FFFF0000", yellow = "FFFFFF00"

    static func patch() -> WorkbookPatch {
        WorkbookPatch(marks: [
            "附件1": [CellAddress("C3")!: .init(fill: red, note: "数值有误 <请改正>"),
                     CellAddress("B1")!: .init(fill: yellow, note: "请核实"),
                     CellAddress("D2")!: .init(fill: red, note: "此处不应为空"),
                     CellAddress("E5")!: .init(fill: yellow)],
        ], firstSheet: .init(name: "审核结果", columnWidths: [10, 40], rows: [
            [.init("单元格"), .init("说明")],
            [.init("C3", fill: red, link: ("附件1", CellAddress("C3")!)), .init("数值有误")],
        ]))
    }

    func patched(_ parts: Parts = package(), _ patch: WorkbookPatch = patch()) throws -> (original: Workbook, copy: Workbook, dir: TempDir) {
        let dir = try TempDir()
        let source = dir.file("原表.xlsx")
        try writePackage(parts, to: source)
        try patch.write(from: source, to: dir.file("copy.xlsx"))
        return (try Workbook(path: source), try Workbook(path: dir.file("copy.xlsx")), dir)
    }

    func text(_ wb: Workbook, _ part: String) throws -> String {
        String(decoding: try wb.archive.readAll(part), as: UTF8.self)
    }

    @Test func theOriginalSheetsDumpAsBefore() throws {
        let (original, copy, dir) = try patched()
        defer { dir.remove() }
        #expect(copy.sheets.map(\.name) == ["审核结果", "附件1", "附件2"])
        let before = try dumpRows(original)
        let after = try dumpRows(copy).filter { $0[0] != "审核结果" }
        #expect(before.count > 4)
        #expect(after == before)
    }

    @Test func markedCellsTakeTheirOwnFormatWithTheFill() throws {
        let (_, copy, dir) = try patched()
        defer { dir.remove() }
        var styles: [String: Int] = [:]
        _ = try copy.streamCells(of: copy.sheet(named: "附件1")) { styles[$0.address.a1] = $0.styleIndex }
        // B1 had format 2 (centred, wrapped), C3 the default; each copy adds only the fill. Fills
        // and formats are numbered as the sheet streams: B1's yellow first.
        let sheet = try text(copy, "xl/worksheets/sheet1.xml")
        let styleXML = try text(copy, "xl/styles.xml")
        #expect(styleXML.contains(#"<fills count="4">"#))
        #expect(styleXML.contains(#"<fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFF0000"/>"#))
        #expect(styleXML.contains(#"<cellXfs count="6">"#))
        #expect(styleXML.contains(#"</xf><xf numFmtId="0" fontId="0" borderId="0" xfId="0" applyAlignment="1" fillId="2" applyFill="1"><alignment horizontal="center" wrapText="1"/></xf><xf numFmtId="0" fontId="0" borderId="0" xfId="0" fillId="3" applyFill="1"/><xf numFmtId="0" fontId="0" borderId="0" xfId="0" fillId="2" applyFill="1"/></cellXfs>"#))
        #expect(styleXML.contains(#"<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#))
        #expect(styles["B1"] == 3 && styles["C3"] == 4 && styles["A3"] == 1)
        #expect(sheet.contains(#"<c r="B1" s="3" t="s">"#))
        // The cells the sheet lacked are added in order, in an added row where needed.
        #expect(sheet.contains(#"<row r="2"><c r="D2" s="4"/></row><row r="3">"#))
        #expect(sheet.contains(#"<row r="5"><c r="E5" s="5"/></row></sheetData>"#))
    }

    @Test func notesAreCommentsWithTheirDrawing() throws {
        let (_, copy, dir) = try patched()
        defer { dir.remove() }
        let sheet = try text(copy, "xl/worksheets/sheet1.xml")
        // After pageMargins, as the schema orders a worksheet's children.
        #expect(sheet.contains(#"footer="0.3"/><legacyDrawing xmlns:r="\#(NS.rel)" r:id="rIdWeigai2"/></worksheet>"#))
        let rels = try text(copy, "xl/worksheets/_rels/sheet1.xml.rels")
        #expect(rels.contains(#"Type="\#(NS.rel)/comments" Target="/xl/comments1.xml""#))
        #expect(rels.contains(#"Id="rIdWeigai2" Type="\#(NS.rel)/vmlDrawing" Target="/xl/drawings/vmlDrawing1.vml""#))
        let comments = try text(copy, "xl/comments1.xml")
        #expect(comments.contains(#"<comment ref="B1" authorId="0">"#))
        #expect(comments.contains("数值有误 &lt;请改正&gt;"))
        #expect(!comments.contains(#"ref="E5""#))  // a mark without a note
        let vml = try text(copy, "xl/drawings/vmlDrawing1.vml")
        #expect(vml.components(separatedBy: "ObjectType=\"Note\"").count == 4)
        #expect(vml.contains("<x:Row>2</x:Row><x:Column>2</x:Column>"))
        let types = try text(copy, "[Content_Types].xml")
        #expect(types.contains(#"<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>"#))
        #expect(types.contains(#"<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>"#))
        #expect(types.contains(#"PartName="/xl/worksheets/sheet3.xml""#))
    }

    @Test func theAddedSheetLeadsAndTheWorkbookFollows() throws {
        let (_, copy, dir) = try patched()
        defer { dir.remove() }
        let book = try text(copy, "xl/workbook.xml")
        #expect(book.contains(#"<workbookView activeTab="0"/>"#))
        #expect(book.contains(#"localSheetId="2">附件2!$A$1:$C$3</definedName>"#))
        #expect(book.contains(#"<sheets><sheet xmlns:r="\#(NS.rel)" name="审核结果" sheetId="3" r:id="rIdWeigai1"/><sheet name="附件1""#))
        // The sheet that was selected is no longer, so the two tabs are not grouped.
        let second = try text(copy, "xl/worksheets/sheet2.xml")
        #expect(second.contains(#"<x:sheetView workbookViewId="0"/>"#))
        let summary = try copy.readSheet(copy.sheet(named: "审核结果"))
        #expect(summary.cells.map(\.address.a1) == ["A1", "B1", "A2", "B2"])
        let added = try text(copy, "xl/worksheets/sheet3.xml")
        #expect(added.contains(#"<hyperlink ref="A2" location="'附件1'!C3""#))
        #expect(added.contains(#"<c r="A2" s="4" t="inlineStr">"#))
    }

    @Test func untouchedPartsAreCopiedAsTheyWere() throws {
        let (original, copy, dir) = try patched()
        defer { dir.remove() }
        for part in ["xl/sharedStrings.xml", "_rels/.rels"] {
            #expect(try original.archive.readAll(part) == copy.archive.readAll(part))
            #expect(try original.archive.compressedSize(of: part) == copy.archive.compressedSize(of: part))
        }
        #expect(original.archive.names.allSatisfy(copy.archive.contains))
    }

    @Test func aTakenSheetNameAndExistingNotesAreRespected() throws {
        var parts = Self.package()
        // A workbook annotated before: it has a 审核结果 sheet, and its first sheet has notes.
        parts = Fixture.workbook([.init("审核结果", Fixture.worksheet("")), .init("附件1", Fixture.worksheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#))],
                                 styles: Self.styles)
        parts.append(("xl/worksheets/_rels/sheet2.xml.rels", """
            \(Fixture.xmlDecl)
            <Relationships xmlns="\(NS.pkgRel)"><Relationship Id="rId1" Type="\(NS.rel)/comments" Target="../comments1.xml"/></Relationships>
            """))
        let patch = WorkbookPatch(marks: ["附件1": [CellAddress("A1")!: .init(fill: Self.red, note: "说明")]],
                                  firstSheet: .init(name: "审核结果", rows: [[.init("x")]]))
        let (_, copy, dir) = try patched(parts, patch)
        defer { dir.remove() }
        #expect(copy.sheets.map(\.name) == ["审核结果(2)", "审核结果", "附件1"])
        #expect(!copy.archive.names.contains { $0.hasSuffix(".vml") })
        #expect(try text(copy, "xl/worksheets/sheet2.xml").contains(#"<c r="A1" s="3">"#))
    }

    @Test func aMarkOnASheetTheWorkbookLacksIsRefused() throws {
        let bad = WorkbookPatch(marks: ["附件9": [CellAddress("A1")!: .init(fill: Self.red)]])
        let error = xlsxError { _ = try patched(Self.package(), bad) }
        #expect(error == .noSuchSheet(file: error?.file ?? "", sheet: "附件9"))
    }
}
