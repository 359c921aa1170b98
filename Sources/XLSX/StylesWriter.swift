/// The cell formats the sheets use, collected while they are written, and `styles.xml` from
/// them. Identical styles share one `cellXfs` entry; fonts and number formats are shared too.
struct StyleTable {
    /// Why a style cannot be written.
    struct Invalid: Error { let detail: String }

    private struct Font: Hashable {
        let bold: Bool
        let size: Double
        let name: String
    }

    private var styles: [CellStyle] = []
    private var styleIndex: [CellStyle: Int] = [:]
    private var fonts: [Font] = []
    private var fontIndex: [Font: Int] = [:]
    /// Custom number format codes; the first has id 164, the first id Excel leaves to files.
    private var formats: [String] = []
    private var formatIndex: [String: Int] = [:]

    init() {
        _ = try! index(of: CellStyle())  // entry 0: the default, valid by construction
    }

    /// The `cellXfs` index of `style`, adding it on first use.
    mutating func index(of style: CellStyle) throws(Invalid) -> Int {
        if let i = styleIndex[style] { return i }
        if let problem = style.problem { throw Invalid(detail: problem) }
        let font = Font(bold: style.bold, size: style.fontSize, name: style.fontName)
        if fontIndex[font] == nil {
            fontIndex[font] = fonts.count
            fonts.append(font)
        }
        if let code = style.numberFormat, formatIndex[code] == nil {
            formatIndex[code] = 164 + formats.count
            formats.append(code)
        }
        styleIndex[style] = styles.count
        styles.append(style)
        return styles.count - 1
    }

    /// `xl/styles.xml`, its elements in the order the schema requires.
    func part() -> XMLBuffer {
        var x = XMLBuffer(declaration: true)
        x.append("<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
        if !formats.isEmpty {
            x.append("<numFmts count=\"\(formats.count)\">")
            for (i, code) in formats.enumerated() {
                x.append("<numFmt numFmtId=\"\(164 + i)\" formatCode=\"")
                x.append(escaping: code, attribute: true)
                x.append("\"/>")
            }
            x.append("</numFmts>")
        }
        x.append("<fonts count=\"\(fonts.count)\">")
        for f in fonts {
            x.append(f.bold ? "<font><b/><sz val=\"" : "<font><sz val=\"")
            x.append(f.size)
            x.append("\"/><name val=\"")
            x.append(escaping: f.name, attribute: true)
            x.append("\"/></font>")
        }
        x.append("</fonts>")
        // Excel requires these two fills, in this order, even when no cell is filled.
        x.append("<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
            + "<fill><patternFill patternType=\"gray125\"/></fill></fills>")
        let thin = ["left", "right", "top", "bottom"].map { "<\($0) style=\"thin\"><color indexed=\"64\"/></\($0)>" }
        x.append("<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>"
            + "<border>\(thin.joined())<diagonal/></border></borders>")
        x.append("<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>")
        x.append("<cellXfs count=\"\(styles.count)\">")
        for s in styles { append(s, to: &x) }
        x.append("</cellXfs>")
        x.append("<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>")
        x.append("<dxfs count=\"0\"/><tableStyles count=\"0\"/></styleSheet>")
        return x
    }

    private func append(_ s: CellStyle, to x: inout XMLBuffer) {
        let font = fontIndex[Font(bold: s.bold, size: s.fontSize, name: s.fontName)]!
        let format = s.numberFormat.map { formatIndex[$0]! } ?? 0
        x.append("<xf numFmtId=\"\(format)\" fontId=\"\(font)\" fillId=\"0\" borderId=\"\(s.border ? 1 : 0)\" xfId=\"0\"")
        if format != 0 { x.append(" applyNumberFormat=\"1\"") }
        if font != 0 { x.append(" applyFont=\"1\"") }
        if s.border { x.append(" applyBorder=\"1\"") }
        var alignment = ""
        if s.horizontal != .general { alignment += " horizontal=\"\(s.horizontal.rawValue)\"" }
        if s.vertical != .bottom { alignment += " vertical=\"\(s.vertical.rawValue)\"" }
        if s.wrap { alignment += " wrapText=\"1\"" }
        if alignment.isEmpty { return x.append("/>") }
        x.append(" applyAlignment=\"1\"><alignment\(alignment)/></xf>")
    }
}
