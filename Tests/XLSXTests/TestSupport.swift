import Foundation
import TestScratch
import Testing
@testable import XLSX

// Helpers shared by the XLSX tests: temporary folders, packages built from raw XML with the
// library's own `ZipWriter`, the cell dump as text, and an RFC 4180 CSV reader.

/// A fresh folder in the tests' scratch folder; call `remove()` (usually in a `defer`).
struct TempDir {
    let path: String

    init() throws {
        path = Scratch.folder("weigai-xlsx-tests")
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    func write(_ bytes: [UInt8], to name: String) throws -> String {
        let p = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: p))
        return p
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Raw XML (or any bytes) for the parts of a package, in the order they are written.
typealias Parts = [(name: String, text: String)]

enum NS {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let pkgRel = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let types = "http://schemas.openxmlformats.org/package/2006/content-types"
    static let x14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
    static let xm = "http://schemas.microsoft.com/office/excel/2006/main"
    static let strictMain = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    static let strictRel = "http://purl.oclc.org/ooxml/officeDocument/relationships"
}

enum Fixture {
    static let xmlDecl = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#

    /// A sheet of a built workbook. `xml` nil leaves the part out of the package.
    struct SheetSpec {
        var name: String
        var xml: String?
        var state: String? = nil
        /// The relationship type's last segment: `worksheet`, `chartsheet`…
        var kind = "worksheet"
        /// The relationship target; defaults to `worksheets/sheetN.xml` (`chartsheets/…` for charts).
        var target: String? = nil

        init(_ name: String, _ xml: String?, state: String? = nil, kind: String = "worksheet",
             target: String? = nil) {
            self.name = name
            self.xml = xml
            self.state = state
            self.kind = kind
            self.target = target
        }
    }

    /// A `<worksheet>` with `rows` as its `sheetData` and `after` following it (merges,
    /// validations, extLst).
    static func worksheet(_ rows: String, after: String = "") -> String {
        """
        \(xmlDecl)
        <worksheet xmlns="\(NS.main)" xmlns:r="\(NS.rel)"><sheetData>\(rows)</sheetData>\(after)</worksheet>
        """
    }

    /// A shared-string table of plain items (escaped for XML).
    static func sharedStrings(_ items: [String]) -> String {
        sharedStringsXML(items.map { "<si><t xml:space=\"preserve\">\(escape($0))</t></si>" }.joined())
    }

    /// A shared-string table whose `<si>` items are given as raw XML.
    static func sharedStringsXML(_ items: String) -> String {
        "\(xmlDecl)\n<sst xmlns=\"\(NS.main)\">\(items)</sst>"
    }

    /// A styles part with custom formats (`id → code`) and `cellXfs` of the given format ids.
    static func styles(formats: [Int: String] = [:], xfs: [Int]) -> String {
        let fmts = formats.sorted { $0.key < $1.key }
            .map { "<numFmt numFmtId=\"\($0.key)\" formatCode=\"\(escape($0.value))\"/>" }.joined()
        let numFmts = formats.isEmpty ? "" : "<numFmts count=\"\(formats.count)\">\(fmts)</numFmts>"
        let cellXfs = xfs.map { "<xf numFmtId=\"\($0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>" }.joined()
        return """
            \(xmlDecl)
            <styleSheet xmlns="\(NS.main)">\(numFmts)<fonts count="1"><font/></fonts>\
            <cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>\
            <cellXfs count="\(xfs.count)">\(cellXfs)</cellXfs></styleSheet>
            """
    }

    /// The parts of a complete transitional workbook.
    static func workbook(_ sheets: [SheetSpec], sharedStrings: String? = nil, styles: String? = nil,
                         workbookPr: String = "", definedNames: String = "") -> Parts {
        var parts: Parts = []
        var overrides = #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        var rels = ""
        var entries = ""
        var sheetParts: Parts = []
        for (i, s) in sheets.enumerated() {
            let n = i + 1
            let target = s.target ?? (s.kind == "chartsheet" ? "chartsheets/sheet\(n).xml" : "worksheets/sheet\(n).xml")
            rels += #"<Relationship Id="rId\#(n)" Type="\#(NS.rel)/\#(s.kind)" Target="\#(target)"/>"#
            let state = s.state.map { " state=\"\($0)\"" } ?? ""
            entries += #"<sheet name="\#(escape(s.name))" sheetId="\#(n)"\#(state) r:id="rId\#(n)"/>"#
            if let xml = s.xml {
                let part = Relationships.resolve(target, from: "xl")
                sheetParts.append((part, xml))
                let type = s.kind == "chartsheet" ? "chartsheet" : "worksheet"
                overrides += #"<Override PartName="/\#(part)" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.\#(type)+xml"/>"#
            }
        }
        var next = sheets.count + 1
        if let sharedStrings {
            rels += #"<Relationship Id="rId\#(next)" Type="\#(NS.rel)/sharedStrings" Target="sharedStrings.xml"/>"#
            parts.append(("xl/sharedStrings.xml", sharedStrings))
            next += 1
        }
        if let styles {
            rels += #"<Relationship Id="rId\#(next)" Type="\#(NS.rel)/styles" Target="styles.xml"/>"#
            parts.append(("xl/styles.xml", styles))
        }
        let names = definedNames.isEmpty ? "" : "<definedNames>\(definedNames)</definedNames>"
        return [
            ("[Content_Types].xml", """
                \(xmlDecl)
                <Types xmlns="\(NS.types)"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\(overrides)</Types>
                """),
            ("_rels/.rels", """
                \(xmlDecl)
                <Relationships xmlns="\(NS.pkgRel)"><Relationship Id="rId1" Type="\(NS.rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """),
            ("xl/workbook.xml", """
                \(xmlDecl)
                <workbook xmlns="\(NS.main)" xmlns:r="\(NS.rel)">\(workbookPr)<sheets>\(entries)</sheets>\(names)</workbook>
                """),
            ("xl/_rels/workbook.xml.rels", """
                \(xmlDecl)
                <Relationships xmlns="\(NS.pkgRel)">\(rels)</Relationships>
                """),
        ] + parts + sheetParts
    }

    /// A one-sheet workbook named `Sheet1`.
    static func oneSheet(_ rows: String, after: String = "", sharedStrings: String? = nil,
                         styles: String? = nil) -> Parts {
        workbook([SheetSpec("Sheet1", worksheet(rows, after: after))], sharedStrings: sharedStrings, styles: styles)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}

/// Writes `parts` as a zip package at `path` with `ZipWriter`.
func writePackage(_ parts: Parts, to path: String, level: UInt32 = 6) throws {
    let writer = try ZipWriter(path: path)
    for p in parts { try writer.add(p.name, text: p.text, level: level) }
    try writer.close()
}

/// The bytes of a zip package holding `parts`.
func packageBytes(_ parts: Parts, level: UInt32 = 6) throws -> [UInt8] {
    let dir = try TempDir()
    defer { dir.remove() }
    let path = dir.file("package.xlsx")
    try writePackage(parts, to: path, level: level)
    return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Opens `parts` as an in-memory workbook.
func openWorkbook(_ parts: Parts, name: String = "test.xlsx", limits: ReadLimits = .default) throws -> Workbook {
    try Workbook(bytes: packageBytes(parts), displayName: name, limits: limits)
}

/// The first worksheet of `parts`, read into memory.
func firstSheet(_ parts: Parts) throws -> (Workbook, Sheet) {
    let wb = try openWorkbook(parts)
    let info = try #require(wb.worksheets.first)
    return (wb, try wb.readSheet(info))
}

/// The canonical dump of `workbook`, written through a file descriptor as `weigai dump` does.
func dumpText(_ workbook: Workbook) throws -> (text: String, warnings: [String]) {
    let dir = try TempDir()
    defer { dir.remove() }
    let path = dir.file("dump.csv")
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else {
        throw XLSXError.io(file: path, detail: String(cString: strerror(errno)))
    }
    let warnings: [String]
    do {
        warnings = try CellDump.write(workbook, to: ByteWriter(fileDescriptor: fd, name: path))
        close(fd)
    } catch {
        close(fd)
        throw error
    }
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return (String(decoding: data, as: UTF8.self), warnings)
}

/// The dump's rows below the header, as `[sheet, cell, type, value]`.
func dumpRows(_ workbook: Workbook) throws -> [[String]] {
    let rows = try CSV.parse(dumpText(workbook).text)
    #expect(rows.first == ["sheet", "cell", "type", "value"])
    return Array(rows.dropFirst())
}

/// Runs `body`, which must throw an `XLSXError`; returns it (nil, with a recorded issue, otherwise).
@discardableResult
func xlsxError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> XLSXError? {
    do {
        try body()
        Issue.record("expected an XLSXError, but nothing was thrown", sourceLocation: sourceLocation)
    } catch let e as XLSXError {
        return e
    } catch {
        Issue.record("expected an XLSXError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF
/// ends a record. A leading UTF-8 BOM is dropped (as Python's `utf-8-sig`).
enum CSV {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ text: String) throws -> [[String]] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var i = 0
        var quoted = false
        var fieldStarted = false
        func endField() {
            row.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
        }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == 0x22 {
                    if i + 1 < bytes.count && bytes[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 2
                        continue
                    }
                    quoted = false
                } else {
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case 0x22 where field.isEmpty && !fieldStarted:
                quoted = true
                fieldStarted = true
            case 0x2C:
                endField()
                fieldStarted = false
            case 0x0D where i + 1 < bytes.count && bytes[i + 1] == 0x0A:
                break
            case 0x0A, 0x0D:
                endField()
                rows.append(row)
                row.removeAll()
            default:
                field.append(b)
                fieldStarted = true
            }
            i += 1
        }
        if quoted { throw Malformed(description: "unterminated quoted field at end of input") }
        if fieldStarted || !field.isEmpty || !row.isEmpty {
            endField()
            rows.append(row)
        }
        return rows
    }
}
