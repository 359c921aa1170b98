/// The cell formats a patch adds: for each (existing format, fill) a copy of the format with
/// that fill, appended after the workbook's own `cellXfs`; each fill colour appended once
/// after its `fills`. Indexes are handed out as the sheets stream; `StylesPatcher` writes them.
final class StyleAllocator {
    let formatCount: Int
    let fillCount: Int
    private(set) var fills: [String] = []
    private(set) var formats: [(base: Int, fill: Int)] = []
    private var known: [String: Int] = [:]

    init(formatCount: Int, fillCount: Int) {
        self.formatCount = formatCount
        self.fillCount = fillCount
    }

    /// The index of format `base` (a cell's `s`) with the solid fill `argb`.
    func index(of base: Int, filled argb: String) -> Int {
        let fill: Int
        if let i = fills.firstIndex(of: argb) { fill = fillCount + i } else {
            fills.append(argb)
            fill = fillCount + fills.count - 1
        }
        // A format the workbook does not have (a broken `s`) is taken as the default one.
        let from = base < formatCount ? base : 0
        let key = "\(from)|\(fill)"
        if let i = known[key] { return i }
        formats.append((from, fill))
        known[key] = formatCount + formats.count - 1
        return formatCount + formats.count - 1
    }
}

/// Counts what `styles.xml` holds: the fills and the cell formats (`cellXfs`).
final class StylesCounter: XMLStreamHandler {
    var fills = 0
    var formats = 0
    var sawFills = false
    var sawFormats = false
    private var depth = 0
    private var inFills = false
    private var inFormats = false
    var failure: Error? { nil }

    func start(_ name: XMLName, _ attributes: XMLAttributes) {
        if depth == 1 {
            inFills = name.is("fills")
            inFormats = name.is("cellXfs")
            sawFills = sawFills || inFills
            sawFormats = sawFormats || inFormats
        } else if depth == 2 {
            if inFills && name.is("fill") { fills += 1 }
            if inFormats && name.is("xf") { formats += 1 }
        }
        depth += 1
    }
    func end(_ name: XMLName) { depth -= 1 }
    func text(_ bytes: UnsafeRawBufferPointer) {}
}

/// Echoes `styles.xml` with the allocator's fills and formats appended and the counts updated.
/// A copied format keeps everything of its original (font, border, number format, alignment,
/// protection) and takes the new fill.
final class StylesPatcher: XMLStreamHandler {
    let echo = XMLEcho()
    var failure: Error? { nil }
    private let styles: StyleAllocator
    private var depth = 0
    private var inFormats = false
    /// Each `cellXfs/xf` as written: its qualified name, attributes and inner markup.
    private var formats: [(name: String, attributes: [(String, String)], inner: ArraySlice<UInt8>)] = []
    private var innerStart = 0

    init(styles: StyleAllocator) { self.styles = styles }

    func start(_ name: XMLName, _ attributes: XMLAttributes) {
        defer { depth += 1 }
        if depth == 1 && name.is("fills") {
            return echo.start(name, attributes, set: [("count", String(styles.fillCount + styles.fills.count))])
        }
        if depth == 1 && name.is("cellXfs") {
            inFormats = true
            return echo.start(name, attributes, set: [("count", String(styles.formatCount + styles.formats.count))])
        }
        echo.start(name, attributes)
        if depth == 2 && inFormats && name.is("xf") {
            var list: [(String, String)] = []
            if let base = attributes.base {
                for i in 0..<attributes.count {
                    let a = base + i * 5
                    guard let local = a[0], let s = a[3], let e = a[4] else { continue }
                    let qname = (a[1].map { String(cString: $0) + ":" } ?? "") + String(cString: local)
                    list.append((qname, String(decoding: UnsafeRawBufferPointer(start: s, count: e - s), as: UTF8.self)))
                }
            }
            formats.append((XMLEcho.prefix(name) + name.string, list, []))
            innerStart = echo.bytes.count + 1  // after the `>` that closes the start tag, if content follows
        }
    }

    func end(_ name: XMLName) {
        depth -= 1
        if depth == 2 && inFormats && name.is("xf"), !echo.startOpen {
            formats[formats.count - 1].inner = echo.bytes[innerStart...]
        }
        if depth == 1 && name.is("fills") {
            let p = XMLEcho.prefix(name)
            for argb in styles.fills {
                echo.append("<\(p)fill><\(p)patternFill patternType=\"solid\"><\(p)fgColor rgb=\"\(argb)\"/>"
                            + "<\(p)bgColor indexed=\"64\"/></\(p)patternFill></\(p)fill>")
            }
        }
        if depth == 1 && name.is("cellXfs") {
            inFormats = false
            for (base, fill) in styles.formats where base < formats.count {
                let f = formats[base]
                var markup = "<\(f.name)"
                for (k, v) in f.attributes where k != "fillId" && k != "applyFill" { markup += " \(k)=\"\(Self.escape(v))\"" }
                markup += " fillId=\"\(fill)\" applyFill=\"1\""
                echo.append(markup + (f.inner.isEmpty ? "/>" : ">"))
                if !f.inner.isEmpty {
                    echo.append(f.inner)
                    echo.append("</\(f.name)>")
                }
            }
        }
        echo.end(name)
    }

    func text(_ bytes: UnsafeRawBufferPointer) { echo.text(bytes) }

    static func escape(_ s: String) -> String {
        var b = XMLBuffer()
        b.append(escaping: s, attribute: true, xstring: false)
        return String(decoding: b.bytes, as: UTF8.self)
    }
}
