/// UTF-8 XML being written: markup appended as is, text escaped so that any string survives
/// the trip through an XML parser and Excel's `_xHHHH_` decoding unchanged.
struct XMLBuffer {
    private(set) var bytes: [UInt8] = []

    init(declaration: Bool = false) {
        if declaration { append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") }
    }

    /// Appends markup, unescaped.
    mutating func append(_ markup: String) { bytes.append(contentsOf: markup.utf8) }

    mutating func append(_ other: XMLBuffer) { bytes.append(contentsOf: other.bytes) }

    /// Appends a non-negative integer without going through a `String`.
    mutating func append(_ n: Int) {
        guard n >= 10 else { return bytes.append(UInt8(48 + n)) }
        append(n / 10)
        bytes.append(UInt8(48 + n % 10))
    }

    /// Appends `B7`.
    mutating func append(_ a: CellAddress) {
        appendColumn(a.column)
        append(a.row)
    }

    private mutating func appendColumn(_ c: Int) {
        if c > 26 { appendColumn((c - 1) / 26) }
        bytes.append(UInt8(65 + (c - 1) % 26))
    }

    /// Appends a number in its shortest round-trip form (`3`, `0.1`, `1e-07`).
    mutating func append(_ v: Double) { append(Self.number(v)) }

    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }  // also turns -0 into 0
        return v.description
    }

    /// Appends text escaped for element content (`attribute` false) or a double-quoted
    /// attribute value. Besides `& < > "`: CR, and in attributes TAB and LF, become character
    /// references so the parser does not normalize them. In an `xstring` (cell text, names,
    /// messages; not formulas) characters XML 1.0 cannot carry become `_xHHHH_`, and an `_` that
    /// starts what would read as such an escape becomes `_x005F_`.
    mutating func append(escaping text: String, attribute: Bool = false, xstring: Bool = true) {
        var text = text
        text.withUTF8 { p in
            var start = 0  // first byte not yet copied
            var i = 0
            while i < p.count {
                let b = p[i]
                let replacement: String
                var width = 1
                switch b {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case 0x0D: replacement = "&#13;"
                case 0x09, 0x0A:
                    guard attribute else { i += 1; continue }
                    replacement = b == 0x09 ? "&#9;" : "&#10;"
                case 0x00..<0x20: replacement = Self.escape(UInt16(b))
                case UInt8(ascii: "_"):
                    guard xstring && Self.looksLikeEscape(p, at: i) else { i += 1; continue }
                    replacement = "_x005F_"
                case 0xEF where i + 2 < p.count && p[i + 1] == 0xBF && p[i + 2] >= 0xBE:
                    replacement = Self.escape(p[i + 2] == 0xBE ? 0xFFFE : 0xFFFF)  // XML noncharacters
                    width = 3
                default:
                    i += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<i]))
                append(replacement)
                i += width
                start = i
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<p.count]))
        }
    }

    /// Whether Excel would drop the text's outer whitespace or line breaks unless told
    /// `xml:space="preserve"`.
    static func needsPreserve(_ text: String) -> Bool {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        let u = text.utf8
        guard let first = u.first, let last = u.last else { return false }
        return isSpace(first) || isSpace(last) || u.contains(0x0A) || u.contains(0x0D) || u.contains(0x09)
    }

    private static func escape(_ unit: UInt16) -> String {
        let hex = String(unit, radix: 16, uppercase: true)
        return "_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_"
    }

    /// `_xHHHH_` at `i`, as `OOXMLEscapes` and Excel decode it.
    private static func looksLikeEscape(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i + 6 < p.count, p[i + 1] == UInt8(ascii: "x"), p[i + 6] == UInt8(ascii: "_") else { return false }
        return p[(i + 2)..<(i + 6)].allSatisfy { b in
            (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b)
        }
    }
}
