import Foundation
@testable import XLSX

/// Writes sheets the way other producers do, not the way our writer does: inline strings,
/// rows and cells without `r`, the 1904 date system. For the recognition variants.
struct RawPackage {
    var inlineStrings = false
    var omitReferences = false
    var date1904 = false

    func write(_ sheets: [SheetSpec], to path: String) throws {
        let z = try ZipWriter(path: path)
        let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var types = #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        var wbRels = #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        var wb = #"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="\#(ns)" xmlns:r="\#(rel)"><workbookPr date1904="\#(date1904 ? 1 : 0)"/><sheets>"#
        var strings: [String] = []
        for (i, sheet) in sheets.enumerated() {
            types += #"<Override PartName="/xl/worksheets/sheet\#(i + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
            wbRels += #"<Relationship Id="rId\#(i + 1)" Type="\#(rel)/worksheet" Target="worksheets/sheet\#(i + 1).xml"/>"#
            wb += #"<sheet name="\#(escape(sheet.name))" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#
            try z.add("xl/worksheets/sheet\(i + 1).xml", text: sheetXML(sheet, ns: ns, strings: &strings))
        }
        let sstIndex = sheets.count + 1
        wbRels += #"<Relationship Id="rId\#(sstIndex)" Type="\#(rel)/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
        types += #"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#
        wb += "</sheets></workbook>"
        try z.add("[Content_Types].xml", text: types)
        try z.add("_rels/.rels", text: #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)
        try z.add("xl/workbook.xml", text: wb)
        try z.add("xl/_rels/workbook.xml.rels", text: wbRels)
        try z.add("xl/sharedStrings.xml", text: #"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="\#(ns)">"# +
                  strings.map { "<si><t xml:space=\"preserve\">\(escape($0))</t></si>" }.joined() + "</sst>")
        try z.close()
    }

    private func sheetXML(_ s: SheetSpec, ns: String, strings: inout [String]) -> String {
        var x = #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\#(ns)"><sheetData>"#
        let byRow = Dictionary(grouping: s.cells.filter { $0.value.value != nil }, by: \.key.row)
        let lastRow = byRow.keys.max() ?? 0
        for r in 1...max(lastRow, 1) {
            let cells = (byRow[r] ?? []).sorted { $0.key.column < $1.key.column }
            x += omitReferences ? "<row>" : #"<row r="\#(r)">"#
            var column = 0
            for (address, entry) in cells {
                if omitReferences { while column + 1 < address.column { x += "<c/>"; column += 1 } }
                column = address.column
                let ref = omitReferences ? "" : #" r="\#(address.a1)""#
                switch entry.value! {
                case .number(let d): x += "<c\(ref)><v>\(d)</v></c>"
                case .bool(let b): x += #"<c\#(ref) t="b"><v>\#(b ? 1 : 0)</v></c>"#
                case .string(let t):
                    if inlineStrings {
                        x += #"<c\#(ref) t="inlineStr"><is><t xml:space="preserve">\#(escape(t))</t></is></c>"#
                    } else {
                        strings.append(t)
                        x += #"<c\#(ref) t="s"><v>\#(strings.count - 1)</v></c>"#
                    }
                }
            }
            x += "</row>"
        }
        x += "</sheetData>"
        if !s.merges.isEmpty {
            x += #"<mergeCells count="\#(s.merges.count)">"# + s.merges.map { #"<mergeCell ref="\#($0.a1)"/>"# }.joined() + "</mergeCells>"
        }
        return x + "</worksheet>"
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

extension SheetSpec {
    /// The same sheet moved down and right: blank rows above, extra columns on the left.
    func shifted(rows: Int, columns: Int) -> SheetSpec {
        var out = SheetSpec(name: name)
        for (a, e) in cells { out.set(CellAddress(row: a.row + rows, column: a.column + columns), e.value, style: e.style) }
        out.merges = merges.map {
            CellRange(CellAddress(row: $0.first.row + rows, column: $0.first.column + columns),
                      CellAddress(row: $0.last.row + rows, column: $0.last.column + columns))
        }
        return out
    }

    /// The same sheet with a column inserted before `column`, headed `label` at `headerRow`.
    func insertingColumn(before column: Int, label: String, headerRow: Int, values: [Int: WriteValue] = [:]) -> SheetSpec {
        var out = SheetSpec(name: name)
        func move(_ a: CellAddress) -> CellAddress { a.column >= column ? CellAddress(row: a.row, column: a.column + 1) : a }
        for (a, e) in cells { out.set(move(a), e.value, style: e.style) }
        out.merges = merges.map { m in
            m.first.column < column && m.last.column >= column
                ? CellRange(m.first, CellAddress(row: m.last.row, column: m.last.column + 1))
                : CellRange(move(m.first), move(m.last))
        }
        out.set(CellAddress(row: headerRow, column: column), .string(label))
        for (r, v) in values { out.set(CellAddress(row: r, column: column), v) }
        return out
    }

    /// The same sheet with some cells' text replaced.
    func replacingText(_ map: (String) -> String) -> SheetSpec {
        var out = self
        for (a, e) in cells { if case .string(let s)? = e.value { out.set(a, .string(map(s)), style: e.style) } }
        return out
    }

    func setting(_ a: String, _ v: WriteValue) -> SheetSpec {
        var out = self
        out.set(CellAddress(a)!, v)
        return out
    }
}
