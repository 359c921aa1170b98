import Foundation
import Testing
@testable import XLSX

/// Files that are not readable workbooks: each gives one typed error naming the file (and the
/// part, where there is one), from a path and from bytes alike.
@Suite struct RefusalTests {
    /// Opens and dumps `bytes` from a file named `name` and from memory; returns both errors.
    static func refusals(_ bytes: [UInt8], name: String, limits: ReadLimits = .default,
                         sourceLocation: SourceLocation = #_sourceLocation) throws -> (path: String, fromPath: XLSXError?, fromBytes: XLSXError?) {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write(bytes, to: name)
        let a = xlsxError(sourceLocation: sourceLocation) { _ = try dumpText(Workbook(path: path, limits: limits)) }
        let b = xlsxError(sourceLocation: sourceLocation) {
            _ = try dumpText(Workbook(bytes: bytes, displayName: name, limits: limits))
        }
        return (path, a, b)
    }

    static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    static func expectNotAZip(_ e: XLSXError?, file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .notAZip(let f, let detail)? = e else {
            Issue.record("want notAZip for \(file), got \(String(describing: e))", sourceLocation: sourceLocation)
            return
        }
        #expect(f == file, sourceLocation: sourceLocation)
        #expect(!detail.isEmpty, sourceLocation: sourceLocation)
        #expect(e!.description.hasPrefix("\(file): not a valid zip archive (truncated or corrupt): "), sourceLocation: sourceLocation)
    }

    @Test func randomBytesAreNotAZip() throws {
        let bytes = Self.randomBytes(4_096, seed: 42)
        #expect(bytes.prefix(2) != [0x50, 0x4B])
        let r = try Self.refusals(bytes, name: "random.xlsx")
        Self.expectNotAZip(r.fromPath, file: r.path)
        Self.expectNotAZip(r.fromBytes, file: "random.xlsx")
    }

    @Test func anEmptyFileIsNotAZip() throws {
        let r = try Self.refusals([], name: "empty.xlsx")
        Self.expectNotAZip(r.fromPath, file: r.path)
        Self.expectNotAZip(r.fromBytes, file: "empty.xlsx")
    }

    @Test func aCSVRenamedXlsxIsNotAZip() throws {
        let csv = Array("区名,当月发现问题数,涉及金额（万元）\n东城区,3,1.5\n西城区,0,0\n".utf8)
        let r = try Self.refusals(csv, name: "附件1（东城区）.xlsx")
        Self.expectNotAZip(r.fromPath, file: r.path)
        Self.expectNotAZip(r.fromBytes, file: "附件1（东城区）.xlsx")
        #expect(r.fromBytes?.description.hasPrefix("附件1（东城区）.xlsx: ") == true)
    }

    @Test func aTruncatedPackageIsNotAZip() throws {
        let whole = try packageBytes(Fixture.oneSheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#,
                                                      sharedStrings: Fixture.sharedStrings(["a", "b"])))
        let half = Array(whole.prefix(whole.count / 2))
        let r = try Self.refusals(half, name: "half.xlsx")
        Self.expectNotAZip(r.fromPath, file: r.path)
        Self.expectNotAZip(r.fromBytes, file: "half.xlsx")
        // Every cut, not only the half, is refused the same way.
        for cut in stride(from: 1, to: whole.count, by: 7) {
            let e = xlsxError { _ = try Workbook(bytes: Array(whole.prefix(cut)), displayName: "cut\(cut).xlsx") }
            guard case .notAZip("cut\(cut).xlsx", _)? = e else {
                Issue.record("cut at \(cut) of \(whole.count): \(String(describing: e))")
                return
            }
        }
    }

    @Test func anOLECompoundFileIsAnEncryptedWorkbook() throws {
        let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 1_024)
        let r = try Self.refusals(ole, name: "protected.xlsx")
        #expect(r.fromPath == .encrypted(file: r.path))
        #expect(r.fromBytes == .encrypted(file: "protected.xlsx"))
        #expect(r.fromBytes?.description ==
                "protected.xlsx: encrypted workbook: an OLE compound file, not a zip package (remove the password or save as .xlsx)")
        // The four magic bytes alone are enough.
        let bare = try Self.refusals([0xD0, 0xCF, 0x11, 0xE0], name: "bare.xls")
        #expect(bare.fromBytes == .encrypted(file: "bare.xls"))
        #expect(bare.fromPath == .encrypted(file: bare.path))
    }

    @Test func aZipWithoutAWorkbookIsMissingItsPart() throws {
        let bytes = try packageBytes([("readme.txt", "just a text file")])
        let r = try Self.refusals(bytes, name: "text.zip.xlsx")
        #expect(r.fromPath == .missingPart(file: r.path, part: "xl/workbook.xml"))
        #expect(r.fromBytes == .missingPart(file: "text.zip.xlsx", part: "xl/workbook.xml"))
        #expect(r.fromBytes?.description == "text.zip.xlsx: missing part xl/workbook.xml: not a spreadsheet package")
    }

    @Test func aWorkbookNamedByRelsButAbsentIsMissing() throws {
        var parts = Fixture.oneSheet("")
        parts.removeAll { $0.name == "xl/workbook.xml" }
        let r = try Self.refusals(try packageBytes(parts), name: "nowb.xlsx")
        #expect(r.fromBytes == .missingPart(file: "nowb.xlsx", part: "xl/workbook.xml"))
    }

    // MARK: malformed XML

    static let brokenSheet = """
        <?xml version="1.0" encoding="UTF-8"?>
        <worksheet xmlns="\(NS.main)">
        <sheetData>
        <row r="1"><c r="A1"><v>1</v></c></row>
        <row r="2"><c r="A2"><v>2</v></c></roww>
        </sheetData>
        </worksheet>
        """

    @Test func malformedXMLNamesThePartAndLine() throws {
        let parts = Fixture.workbook([.init("Broken", Self.brokenSheet)])
        let bytes = try packageBytes(parts)
        let r = try Self.refusals(bytes, name: "broken.xlsx")
        for (e, file) in [(r.fromPath, r.path), (r.fromBytes, "broken.xlsx")] {
            guard case .malformedXML(let f, let part, let line, let detail)? = e else {
                Issue.record("want malformedXML, got \(String(describing: e))")
                continue
            }
            #expect(f == file)
            #expect(part == "xl/worksheets/sheet1.xml")
            #expect(line == 5)
            #expect(detail.contains("roww"))
            #expect(e!.description.hasPrefix("\(file): xl/worksheets/sheet1.xml line 5: malformed XML: "))
        }
    }

    @Test func malformedXMLFarIntoALargePartHasTheRightLine() throws {
        // The break is past many 64 KiB chunks of inflated text.
        var lines = [#"<?xml version="1.0"?>"#, #"<worksheet xmlns="\#(NS.main)"><sheetData>"#]
        for r in 1...5_000 {
            lines.append(r == 4_321 ? #"<row r="\#(r)"><c r="A\#(r)"><v>1</v></c>"# // row left open
                                   : #"<row r="\#(r)"><c r="A\#(r)"><v>\#(r)</v><f>SUM(B\#(r):Z\#(r))</f></c></row>"#)
        }
        lines.append("</sheetData></worksheet>")
        let wb = try openWorkbook(Fixture.workbook([.init("Big", lines.joined(separator: "\n"))]), name: "big.xlsx")
        var seen = 0
        let e = xlsxError { try wb.streamCells(of: wb.worksheets[0]) { _ in seen += 1 } }
        guard case .malformedXML("big.xlsx", "xl/worksheets/sheet1.xml", let line, _)? = e else {
            Issue.record("want malformedXML, got \(String(describing: e))")
            return
        }
        // The open row is noticed when </sheetData> closes it, on the last line.
        #expect(line == 5_003)
        #expect(seen == 5_000)
    }

    @Test(arguments: ["xl/workbook.xml", "xl/sharedStrings.xml", "xl/styles.xml", "[Content_Types].xml",
                      "xl/_rels/workbook.xml.rels"])
    func aMalformedPartReadAtOpenIsRefusedAtOpen(part: String) throws {
        var parts = Fixture.oneSheet("", sharedStrings: Fixture.sharedStrings(["a"]), styles: Fixture.styles(xfs: [0]))
        let i = try #require(parts.firstIndex { $0.name == part })
        parts[i].text = "<?xml version=\"1.0\"?>\n<root>\n<unclosed attr=\"x>\n</root>"
        let e = xlsxError { _ = try openWorkbook(parts, name: "bad-part.xlsx") }
        guard case .malformedXML("bad-part.xlsx", part, let line, let detail)? = e else {
            Issue.record("want malformedXML in \(part), got \(String(describing: e))")
            return
        }
        #expect(line >= 3)
        #expect(!detail.isEmpty)
        #expect(e!.description.contains("bad-part.xlsx: \(part) line \(line): malformed XML"))
    }

    @Test func textThatIsNotUTF8IsMalformed() throws {
        var bytes = Array(Fixture.worksheet(#"<row r="1"><c r="A1" t="inlineStr"><is><t>XX</t></is></c></row>"#).utf8)
        let at = try #require(bytes.firstIndex(of: UInt8(ascii: "X")))
        bytes[at] = 0xFF
        bytes[at + 1] = 0xFE
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("latin.xlsx")
        let writer = try ZipWriter(path: path)
        for p in Fixture.workbook([.init("S", nil)]) { try writer.add(p.name, text: p.text) }
        try writer.add("xl/worksheets/sheet1.xml", bytes: bytes)
        try writer.close()
        let wb = try Workbook(path: path)
        let e = xlsxError { _ = try wb.readSheet(wb.worksheets[0]) }
        guard case .malformedXML(path, "xl/worksheets/sheet1.xml", 2, _)? = e else {
            Issue.record("want malformedXML on line 2, got \(String(describing: e))")
            return
        }
    }

    // MARK: DTDs and entities

    @Test(arguments: [
        "<!DOCTYPE worksheet>",
        #"<!DOCTYPE worksheet SYSTEM "http://example.com/ws.dtd">"#,
        "<!DOCTYPE worksheet [ <!ELEMENT worksheet ANY> ]>",
    ])
    func aSheetWithADTDIsRefused(doctype: String) throws {
        let sheet = """
            <?xml version="1.0"?>
            \(doctype)
            <worksheet xmlns="\(NS.main)"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>
            """
        let r = try Self.refusals(packageBytes(Fixture.workbook([.init("S", sheet)])), name: "dtd.xlsx")
        #expect(r.fromPath == .dtdRefused(file: r.path, part: "xl/worksheets/sheet1.xml"))
        #expect(r.fromBytes == .dtdRefused(file: "dtd.xlsx", part: "xl/worksheets/sheet1.xml"))
        #expect(r.fromBytes?.description == "dtd.xlsx: xl/worksheets/sheet1.xml: XML part declares a DTD or entities: refused")
    }

    @Test func anExternalEntityInSharedStringsIsRefusedBeforeItIsRead() throws {
        let sst = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <sst xmlns="\(NS.main)" count="1" uniqueCount="1"><si><t>&x;</t></si></sst>
            """
        let parts = Fixture.oneSheet(#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, sharedStrings: sst)
        let r = try Self.refusals(packageBytes(parts), name: "xxe.xlsx")
        #expect(r.fromPath == .dtdRefused(file: r.path, part: "xl/sharedStrings.xml"))
        #expect(r.fromBytes == .dtdRefused(file: "xxe.xlsx", part: "xl/sharedStrings.xml"))
        // Refused at open: no workbook exists to leak the file through.
        #expect(throws: XLSXError.dtdRefused(file: "xxe.xlsx", part: "xl/sharedStrings.xml")) {
            _ = try openWorkbook(parts, name: "xxe.xlsx")
        }
    }

    @Test func aParameterEntityAndAnExternalDTDAreRefused() throws {
        let sst = """
            <?xml version="1.0"?>
            <!DOCTYPE sst [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
            <sst xmlns="\(NS.main)"><si><t>a</t></si></sst>
            """
        let e = xlsxError { _ = try openWorkbook(Fixture.oneSheet("", sharedStrings: sst), name: "pe.xlsx") }
        #expect(e == .dtdRefused(file: "pe.xlsx", part: "xl/sharedStrings.xml"))
    }

    @Test func anEntityInTheWorkbookPartIsRefusedAtOpen() throws {
        var parts = Fixture.oneSheet("")
        let i = try #require(parts.firstIndex { $0.name == "xl/workbook.xml" })
        parts[i].text = parts[i].text.replacingOccurrences(
            of: "<workbook ", with: "<!DOCTYPE workbook [<!ENTITY n \"Sheet\">]>\n<workbook ")
            .replacingOccurrences(of: "name=\"Sheet1\"", with: "name=\"&n;1\"")
        let e = xlsxError { _ = try openWorkbook(parts, name: "ent.xlsx") }
        #expect(e == .dtdRefused(file: "ent.xlsx", part: "xl/workbook.xml"))
    }

    // MARK: limits

    @Test func tooManyEntries() throws {
        let parts = Fixture.oneSheet("") + [("docProps/app.xml", "<x/>"), ("docProps/core.xml", "<x/>"),
                                           ("xl/theme/theme1.xml", "<x/>")]
        #expect(parts.count == 8)
        let bytes = try packageBytes(parts)
        let r = try Self.refusals(bytes, name: "many.xlsx", limits: ReadLimits(maxEntries: 5))
        #expect(r.fromPath == .tooManyEntries(file: r.path, count: 8, limit: 5))
        #expect(r.fromBytes == .tooManyEntries(file: "many.xlsx", count: 8, limit: 5))
        #expect(r.fromBytes?.description == "many.xlsx: too many entries in the package (8, limit 5)")
        // At the limit it reads.
        #expect(try Workbook(bytes: bytes, displayName: "many.xlsx", limits: ReadLimits(maxEntries: 8)).sheets.count == 1)
    }

    /// Where the compressed data of entry `name` lies, from its central directory header.
    static func compressedData(of name: String, in bytes: [UInt8]) -> Range<Int>? {
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        let needle = Array(name.utf8)
        var i = 0
        while i + 46 < bytes.count {
            if bytes[i..<(i + 4)].elementsEqual([0x50, 0x4B, 0x01, 0x02]),
               bytes[(i + 46)..<min(bytes.count, i + 46 + u16(i + 28))].elementsEqual(needle) {
                let local = u32(i + 42)
                let start = local + 30 + u16(local + 26) + u16(local + 28)
                return start..<(start + u32(i + 20))
            }
            i += 1
        }
        return nil
    }

    @Test func aCorruptEntryIsACorruptPart() throws {
        let rows = (1...300).map { #"<row r="\#($0)"><c r="A\#($0)"><v>\#($0 * 7919 % 1000)</v></c></row>"# }.joined()
        var bytes = try packageBytes(Fixture.oneSheet(rows))
        let data = try #require(Self.compressedData(of: "xl/worksheets/sheet1.xml", in: bytes))
        #expect(data.count > 100)
        bytes[data.lowerBound + data.count / 2] ^= 0x55
        let r = try Self.refusals(bytes, name: "crc.xlsx")
        for (e, file) in [(r.fromPath, r.path), (r.fromBytes, "crc.xlsx")] {
            guard case .corruptPart(let f, let part, let detail)? = e else {
                Issue.record("want corruptPart, got \(String(describing: e))")
                continue
            }
            #expect(f == file)
            #expect(part == "xl/worksheets/sheet1.xml")
            #expect(!detail.isEmpty)
            #expect(e!.description.hasPrefix("\(file): xl/worksheets/sheet1.xml: corrupt compressed data: "))
        }
    }

    @Test func anUnreadablePathIsAnIOError() throws {
        let path = "/nonexistent-\(UUID().uuidString)/book.xlsx"
        let e = xlsxError { _ = try Workbook(path: path) }
        #expect(e == .io(file: path, detail: "No such file or directory"))
        let named = xlsxError { _ = try Workbook(path: path, displayName: "上报.xlsx") }
        #expect(named?.file == "上报.xlsx")
        #expect(named?.description == "上报.xlsx: cannot read: No such file or directory")
    }

    @Test func aDirectoryIsRefusedWithItsName() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let e = xlsxError { _ = try Workbook(path: dir.path) }
        Self.expectNotAZip(e, file: dir.path)
    }

    @Test func everyCaseNamesItsFileAndPart() {
        let all: [(XLSXError, String)] = [
            (.notAZip(file: "f.xlsx", detail: "d"), "f.xlsx: not a valid zip archive (truncated or corrupt): d"),
            (.encrypted(file: "f.xlsx"), "f.xlsx: encrypted workbook: an OLE compound file, not a zip package (remove the password or save as .xlsx)"),
            (.ambiguousPart(file: "f.xlsx", first: "xl/a.xml", second: "xl/A.xml"),
             "f.xlsx: duplicate part name (OPC part names compare case-insensitively): refused: entries \"xl/a.xml\" and \"xl/A.xml\""),
            (.missingPart(file: "f.xlsx", part: "xl/p.xml"), "f.xlsx: missing part xl/p.xml: not a spreadsheet package"),
            (.malformedXML(file: "f.xlsx", part: "xl/p.xml", line: 3, detail: "d"), "f.xlsx: xl/p.xml line 3: malformed XML: d"),
            (.dtdRefused(file: "f.xlsx", part: "xl/p.xml"), "f.xlsx: xl/p.xml: XML part declares a DTD or entities: refused"),
            (.tooLarge(file: "f.xlsx", part: "xl/p.xml", detail: "d"), "f.xlsx: xl/p.xml: part too large (possible decompression bomb): d"),
            (.tooManyEntries(file: "f.xlsx", count: 2, limit: 1), "f.xlsx: too many entries in the package (2, limit 1)"),
            (.corruptPart(file: "f.xlsx", part: "xl/p.xml", detail: "d"), "f.xlsx: xl/p.xml: corrupt compressed data: d"),
            (.io(file: "f.xlsx", detail: "d"), "f.xlsx: cannot read: d"),
            (.unwritable(file: "f.xlsx", detail: "d"), "f.xlsx: cannot write: d"),
            (.noSuchSheet(file: "f.xlsx", sheet: "s"), "f.xlsx: no sheet named s"),
            (.badCell(file: "f.xlsx", sheet: "s", cell: "A1", detail: "d"), "f.xlsx: sheet s cell A1: d"),
        ]
        for (e, text) in all {
            #expect(e.file == "f.xlsx")
            #expect(e.description == text)
        }
    }
}
