import Testing
@testable import XLSX

@Suite struct RelationshipsTests {
    @Test(arguments: [
        ("/xl/worksheets/sheet1.xml", "xl", "xl/worksheets/sheet1.xml"),
        ("worksheets/sheet1.xml", "xl", "xl/worksheets/sheet1.xml"),
        ("../xl/worksheets/sheet1.xml", "xl", "xl/worksheets/sheet1.xml"),
        ("../sheets/s1.xml", "wb", "sheets/s1.xml"),
        ("./worksheets/./sheet1.xml", "xl", "xl/worksheets/sheet1.xml"),
        (#"worksheets\sheet1.xml"#, "xl", "xl/worksheets/sheet1.xml"),
        ("worksheets//sheet1.xml", "xl", "xl/worksheets/sheet1.xml"),
        ("worksheets/sheet%201.xml", "xl", "xl/worksheets/sheet 1.xml"),
        ("xl/workbook.xml", "", "xl/workbook.xml"),
        ("/xl/workbook.xml", "", "xl/workbook.xml"),
        ("../../../x.xml", "xl", "x.xml"),
        ("sheet.xml", "a/b/c", "a/b/c/sheet.xml"),
        ("../../d.xml", "a/b/c", "a/d.xml"),
    ])
    func resolve(target: String, base: String, part: String) {
        #expect(Relationships.resolve(target, from: base) == part)
    }

    @Test func relsPartOfAPart() {
        #expect(Relationships.relsPart(for: "xl/workbook.xml") == "xl/_rels/workbook.xml.rels")
        #expect(Relationships.relsPart(for: "/xl/workbook.xml") == "xl/_rels/workbook.xml.rels")
        #expect(Relationships.relsPart(for: "workbook.xml") == "_rels/workbook.xml.rels")
        #expect(Relationships.relsPart(for: "a/b/book.xml") == "a/b/_rels/book.xml.rels")
    }

    static let sheetXML = Fixture.worksheet(#"<row r="1"><c r="A1" t="inlineStr"><is><t>found</t></is></c></row>"#)

    /// A package with the workbook at `workbookPart`, reached through the root rels, and the
    /// workbook's relationships given raw.
    static func package(workbookPart: String, rootTarget: String, workbookRels: String,
                        extra: Parts, workbookXML: String? = nil, contentTypes: Bool = true) -> Parts {
        let dir = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        let relsPart = dir.isEmpty ? "_rels/\(workbookPart.split(separator: "/").last!).rels"
            : "\(dir)/_rels/\(workbookPart.split(separator: "/").last!).rels"
        var parts: Parts = []
        if contentTypes {
            parts.append(("[Content_Types].xml", #"<?xml version="1.0"?><Types xmlns="\#(NS.types)"><Default Extension="xml" ContentType="application/xml"/></Types>"#))
        }
        parts.append(("_rels/.rels", #"<?xml version="1.0"?><Relationships xmlns="\#(NS.pkgRel)"><Relationship Id="rId1" Type="\#(NS.rel)/officeDocument" Target="\#(rootTarget)"/></Relationships>"#))
        parts.append((workbookPart, workbookXML ?? #"<?xml version="1.0"?><workbook xmlns="\#(NS.main)" xmlns:r="\#(NS.rel)"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#))
        parts.append((relsPart, #"<?xml version="1.0"?><Relationships xmlns="\#(NS.pkgRel)">\#(workbookRels)</Relationships>"#))
        return parts + extra
    }

    static func firstCell(_ parts: Parts) throws -> (Workbook, CellValue?) {
        let wb = try openWorkbook(parts)
        let sheet = try wb.readSheet(#require(wb.worksheets.first))
        return (wb, sheet.cells.first?.value)
    }

    @Test func absoluteTargets() throws {
        let parts = Self.package(
            workbookPart: "xl/workbook.xml", rootTarget: "/xl/workbook.xml",
            workbookRels: #"<Relationship Id="rId1" Type="\#(NS.rel)/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="\#(NS.rel)/sharedStrings" Target="/xl/sharedStrings.xml"/>"#,
            extra: [("xl/worksheets/sheet1.xml", Fixture.worksheet(#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#)),
                    ("xl/sharedStrings.xml", Fixture.sharedStrings(["via absolute rels"]))])
        let (wb, value) = try Self.firstCell(parts)
        #expect(wb.worksheets.first?.part == "xl/worksheets/sheet1.xml")
        #expect(value == .string("via absolute rels"))
    }

    @Test func dotDotTargetsFromAWorkbookOutsideXl() throws {
        let parts = Self.package(
            workbookPart: "book/main.xml", rootTarget: "book/main.xml",
            workbookRels: #"<Relationship Id="rId1" Type="\#(NS.rel)/worksheet" Target="../sheets/first.xml"/><Relationship Id="rId2" Type="\#(NS.rel)/styles" Target="../style/s.xml"/>"#,
            extra: [("sheets/first.xml", Self.sheetXML),
                    ("style/s.xml", Fixture.styles(xfs: [0, 14]))])
        let (wb, value) = try Self.firstCell(parts)
        #expect(wb.worksheets.first?.part == "sheets/first.xml")
        #expect(value == .string("found"))
        #expect(wb.styles.isDate(styleIndex: 1))
    }

    @Test func strictOOXML() throws {
        let strictRelTypes = "http://purl.oclc.org/ooxml/officeDocument/relationships"
        let parts: Parts = [
            ("[Content_Types].xml", #"<?xml version="1.0"?><Types xmlns="\#(NS.types)"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#),
            ("_rels/.rels", #"<?xml version="1.0"?><Relationships xmlns="\#(NS.pkgRel)"><Relationship Id="rId1" Type="\#(strictRelTypes)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
            ("xl/workbook.xml", #"<?xml version="1.0"?><workbook xmlns="\#(NS.strictMain)" xmlns:r="\#(NS.strictRel)" conformance="strict"><workbookPr date1904="1"/><sheets><sheet name="Strict" sheetId="1" state="hidden" r:id="rId1"/></sheets><definedNames><definedName name="L">Strict!$A$1:$A$2</definedName></definedNames></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0"?><Relationships xmlns="\#(NS.pkgRel)"><Relationship Id="rId1" Type="\#(strictRelTypes)/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="\#(strictRelTypes)/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="\#(strictRelTypes)/styles" Target="styles.xml"/></Relationships>"#),
            ("xl/sharedStrings.xml", #"<?xml version="1.0"?><sst xmlns="\#(NS.strictMain)"><si><t>strict string</t></si></sst>"#),
            ("xl/styles.xml", #"<?xml version="1.0"?><styleSheet xmlns="\#(NS.strictMain)"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#),
            ("xl/worksheets/sheet1.xml", #"<?xml version="1.0"?><worksheet xmlns="\#(NS.strictMain)" xmlns:r="\#(NS.strictRel)"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>45000</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A3:B3"/></mergeCells></worksheet>"#),
        ]
        let wb = try openWorkbook(parts, name: "strict.xlsx")
        #expect(wb.sheets.map(\.kind) == [.worksheet])
        #expect(wb.sheets.first?.visibility == .hidden)
        #expect(wb.date1904)
        #expect(wb.definedNames == ["L": "Strict!$A$1:$A$2"])
        let sheet = try wb.readSheet(wb.worksheets[0])
        #expect(sheet.cells.map(\.value) == [.string("strict string"), .number(45000)])
        #expect(sheet.cells.map(\.isDateFormatted) == [false, true])
        #expect(sheet.merges.map(\.a1) == ["A3:B3"])
        #expect(try dumpText(wb).text == "sheet,cell,type,value\nStrict,A1,s,strict string\nStrict,B1,n,45000\n")
    }

    @Test func unusualPrefixesEverywhere() throws {
        let parts: Parts = [
            ("_rels/.rels", #"<?xml version="1.0"?><pr:Relationships xmlns:pr="\#(NS.pkgRel)"><pr:Relationship Id="rId1" Type="\#(NS.rel)/officeDocument" Target="xl/workbook.xml"/></pr:Relationships>"#),
            ("xl/workbook.xml", #"<?xml version="1.0"?><x:workbook xmlns:x="\#(NS.main)" xmlns:rel="\#(NS.rel)"><x:sheets><x:sheet name="P" sheetId="1" rel:id="rId1"/></x:sheets></x:workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0"?><pr:Relationships xmlns:pr="\#(NS.pkgRel)"><pr:Relationship Id="rId1" Type="\#(NS.rel)/worksheet" Target="worksheets/sheet1.xml"/><pr:Relationship Id="rId2" Type="\#(NS.rel)/sharedStrings" Target="sharedStrings.xml"/></pr:Relationships>"#),
            ("xl/sharedStrings.xml", #"<?xml version="1.0"?><s:sst xmlns:s="\#(NS.main)"><s:si><s:r><s:t>pre</s:t></s:r><s:r><s:t>fixed</s:t></s:r></s:si></s:sst>"#),
            ("xl/worksheets/sheet1.xml", #"<?xml version="1.0"?><x:worksheet xmlns:x="\#(NS.main)"><x:sheetData><x:row x:r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c></x:row><x:row><x:c><x:v>2</x:v></x:c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>"#),
        ]
        let wb = try openWorkbook(parts)
        let sheet = try wb.readSheet(wb.worksheets[0])
        #expect(sheet.cells.map(\.address.a1) == ["A1", "B1", "A2"])
        #expect(sheet.cells.map(\.value) == [.string("prefixed"), .string("inline"), .number(2)])
        #expect(sheet.merges.map(\.a1) == ["A1:B1"])
    }

    @Test func theWorkbookIsFoundWithoutRootRelationships() throws {
        // No _rels/.rels: the content types name the workbook part.
        var parts = Self.package(
            workbookPart: "custom/book.xml", rootTarget: "unused",
            workbookRels: #"<Relationship Id="rId1" Type="\#(NS.rel)/worksheet" Target="s.xml"/>"#,
            extra: [("custom/s.xml", Self.sheetXML)], contentTypes: false)
        parts.removeAll { $0.name == "_rels/.rels" }
        parts.append(("[Content_Types].xml", #"<?xml version="1.0"?><Types xmlns="\#(NS.types)"><Override PartName="/custom/book.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>"#))
        let (wb, value) = try Self.firstCell(parts)
        #expect(wb.worksheets.first?.part == "custom/s.xml")
        #expect(value == .string("found"))
        #expect(wb.warnings.isEmpty)

        // Neither rels nor content types: the conventional xl/workbook.xml.
        let bare = Self.package(
            workbookPart: "xl/workbook.xml", rootTarget: "unused",
            workbookRels: #"<Relationship Id="rId1" Type="\#(NS.rel)/worksheet" Target="worksheets/sheet1.xml"/>"#,
            extra: [("xl/worksheets/sheet1.xml", Self.sheetXML)], contentTypes: false).filter { $0.name != "_rels/.rels" }
        #expect(try Self.firstCell(bare).1 == .string("found"))
    }

    @Test func aMalformedRootRelsIsWorkedAroundWithAWarning() throws {
        var parts = Fixture.oneSheet(#"<row r="1"><c r="A1"><v>5</v></c></row>"#)
        let i = parts.firstIndex { $0.name == "_rels/.rels" }!
        parts[i].text = "<Relationships><Relationship"
        let wb = try openWorkbook(parts, name: "rels.xlsx")
        #expect(wb.warnings.count == 1)
        #expect(wb.warnings.first?.hasPrefix("rels.xlsx: _rels/.rels line 1: malformed XML") == true)
        let dump = try dumpText(wb)
        #expect(dump.text == "sheet,cell,type,value\nSheet1,A1,n,5\n")
        #expect(dump.warnings == wb.warnings)
    }

    @Test func partNamesAreCaseInsensitiveAndBackslashesTolerated() throws {
        let parts = Self.package(
            workbookPart: "xl/workbook.xml", rootTarget: "xl/workbook.xml",
            workbookRels: #"<Relationship Id="rId1" Type="\#(NS.rel)/worksheet" Target="Worksheets\Sheet1.XML"/>"#,
            extra: [("xl/worksheets/sheet1.xml", Self.sheetXML)])
        #expect(try Self.firstCell(parts).1 == .string("found"))
    }

    @Test func externalAndUnknownRelationshipsAreIgnored() throws {
        let parts = Self.package(
            workbookPart: "xl/workbook.xml", rootTarget: "xl/workbook.xml",
            workbookRels: #"<Relationship Id="rId9" Type="\#(NS.rel)/externalLink" Target="http://example.com/x.xlsx" TargetMode="External"/><Relationship Id="rId1" Type="\#(NS.rel)/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Type="\#(NS.rel)/theme" Target="theme/theme1.xml"/>"#,
            extra: [("xl/worksheets/sheet1.xml", Self.sheetXML)])
        let (wb, value) = try Self.firstCell(parts)
        #expect(value == .string("found"))
        #expect(wb.sheets.count == 1)
    }
}
