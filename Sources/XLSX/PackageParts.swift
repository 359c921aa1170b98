/// Echoes `xl/workbook.xml` with a sheet inserted first: its `<sheet>` leads `<sheets>`, every
/// sheet-local defined name's `localSheetId` moves up by one, and the first book view shows the
/// new sheet (`activeTab` 0). Records which sheet was active, to unselect its tab.
final class WorkbookSheetInserter: XMLStreamHandler {
    let echo = XMLEcho()
    var failure: Error? { nil }
    /// The index of the sheet that was active (the first book view's `activeTab`, 0 by default).
    private(set) var activeTab = 0
    private let sheetMarkup: (String) -> String
    private var depth = 0
    private var views = 0

    /// `sheetMarkup` is given the prefix of `<sheets>` and returns the new `<sheet>` element.
    init(sheetMarkup: @escaping (String) -> String) { self.sheetMarkup = sheetMarkup }

    func start(_ name: XMLName, _ attributes: XMLAttributes) {
        defer { depth += 1 }
        if depth == 2 && name.is("definedName"), let id = attributes.string("localSheetId").flatMap(Int.init) {
            return echo.start(name, attributes, set: [("localSheetId", String(id + 1))])
        }
        if depth == 2 && name.is("workbookView") {
            views += 1
            if views == 1 {
                activeTab = attributes.string("activeTab").flatMap(Int.init) ?? 0
                return echo.start(name, attributes, set: [("activeTab", "0")], drop: ["firstSheet"])
            }
            // Other windows keep their sheet, which has moved up by one.
            let tab = attributes.string("activeTab").flatMap(Int.init) ?? 0
            return echo.start(name, attributes, set: [("activeTab", String(tab + 1))], drop: ["firstSheet"])
        }
        echo.start(name, attributes)
        if depth == 1 && name.is("sheets") { echo.append(sheetMarkup(XMLEcho.prefix(name))) }
    }

    func end(_ name: XMLName) {
        depth -= 1
        echo.end(name)
    }

    func text(_ bytes: UnsafeRawBufferPointer) { echo.text(bytes) }
}

/// Echoes a part and appends markup just before its root element ends: relationships to a
/// `.rels` part, `<Default>`/`<Override>` entries to `[Content_Types].xml`.
final class AppendToRoot: XMLStreamHandler {
    let echo = XMLEcho()
    var failure: Error? { nil }
    /// Given the root's prefix, the markup to append.
    private let markup: (String) -> String
    private var depth = 0

    init(markup: @escaping (String) -> String) { self.markup = markup }

    func start(_ name: XMLName, _ attributes: XMLAttributes) {
        depth += 1
        echo.start(name, attributes)
    }

    func end(_ name: XMLName) {
        depth -= 1
        if depth == 0 { echo.append(markup(XMLEcho.prefix(name))) }
        echo.end(name)
    }

    func text(_ bytes: UnsafeRawBufferPointer) { echo.text(bytes) }
}

/// The parts a patch writes whole: the notes of a sheet (the comments part and the VML
/// drawing that shows them, as Excel's legacy notes are), and the added sheet.
enum PatchParts {
    static func comments(_ notes: [(CellAddress, String)], author: String) -> [UInt8] {
        var x = XMLBuffer(declaration: true)
        x.append("<comments xmlns=\"\(Namespaces.main)\"><authors><author>")
        x.append(escaping: author)
        x.append("</author></authors><commentList>")
        for (cell, text) in notes {
            x.append("<comment ref=\"")
            x.append(cell)
            x.append("\" authorId=\"0\"><text><r><rPr><sz val=\"9\"/><rFont val=\"宋体\"/><charset val=\"134\"/></rPr><t xml:space=\"preserve\">")
            x.append(escaping: text)
            x.append("</t></r></text></comment>")
        }
        x.append("</commentList></comments>")
        return x.bytes
    }

    /// The legacy drawing of the notes; `drawing` numbers the shapes (1024 per drawing, as Excel does).
    static func vml(_ notes: [(CellAddress, String)], drawing: Int) -> [UInt8] {
        var x = XMLBuffer()
        x.append("<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">")
        x.append("<o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"\(drawing)\"/></o:shapelayout>")
        x.append("<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\">"
                 + "<v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>")
        for (i, (cell, _)) in notes.enumerated() {
            let row = cell.row - 1, column = cell.column - 1
            x.append("<v:shape id=\"_x0000_s\(drawing * 1024 + i + 1)\" type=\"#_x0000_t202\" style=\"position:absolute;"
                     + "margin-left:80pt;margin-top:2pt;width:220pt;height:90pt;z-index:\(i + 1);visibility:hidden\" "
                     + "fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/>"
                     + "<v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/>"
                     + "<v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox>"
                     + "<x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/>"
                     + "<x:Anchor>\(column + 1), 15, \(row), 2, \(column + 5), 15, \(row + 6), 4</x:Anchor>"
                     + "<x:AutoFill>False</x:AutoFill><x:Row>\(row)</x:Row><x:Column>\(column)</x:Column></x:ClientData></v:shape>")
        }
        x.append("</xml>")
        return x.bytes
    }

    /// The added sheet: inline strings (the shared strings stay as sent), the first row frozen,
    /// links to cells as `location` hyperlinks (no relationship needed). `style` gives a fill's format.
    static func sheet(_ sheet: WorkbookPatch.AddedSheet, style: (String) -> Int) -> [UInt8] {
        var x = XMLBuffer(declaration: true)
        x.append("<worksheet xmlns=\"\(Namespaces.main)\" xmlns:r=\"\(Namespaces.relationships)\">")
        x.append("<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" "
                 + "activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>")
        if !sheet.columnWidths.isEmpty {
            x.append("<cols>")
            for (i, w) in sheet.columnWidths.enumerated() {
                x.append("<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"")
                x.append(w)
                x.append("\" customWidth=\"1\"/>")
            }
            x.append("</cols>")
        }
        x.append("<sheetData>")
        var links: [(CellAddress, String)] = []
        for (r, cells) in sheet.rows.enumerated() {
            x.append("<row r=\"\(r + 1)\">")
            for (c, cell) in cells.enumerated() {
                let here = CellAddress(row: r + 1, column: c + 1)
                x.append("<c r=\"")
                x.append(here)
                x.append("\"")
                if let fill = cell.fill { x.append(" s=\"\(style(fill))\"") }
                x.append(" t=\"inlineStr\"><is><t")
                if XMLBuffer.needsPreserve(cell.text) { x.append(" xml:space=\"preserve\"") }
                x.append(">")
                x.append(escaping: cell.text)
                x.append("</t></is></c>")
                if let link = cell.link { links.append((here, "'" + link.sheet.replacingOccurrences(of: "'", with: "''") + "'!" + link.cell.a1)) }
            }
            x.append("</row>")
        }
        x.append("</sheetData>")
        if !links.isEmpty {
            x.append("<hyperlinks>")
            for (cell, location) in links {
                x.append("<hyperlink ref=\"")
                x.append(cell)
                x.append("\" location=\"")
                x.append(escaping: location, attribute: true, xstring: false)
                x.append("\" display=\"")
                x.append(escaping: location, attribute: true, xstring: false)
                x.append("\"/>")
            }
            x.append("</hyperlinks>")
        }
        x.append("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>")
        return x.bytes
    }
}
