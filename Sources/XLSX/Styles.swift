/// What the reader needs of `styles.xml`: which cell formats show a date or a time.
public struct Styles: Sendable {
    /// For each `cellXfs` entry (a cell's `s` attribute), whether its number format is a date.
    private(set) var dateFormatted: [Bool] = []
    /// Custom number formats by id.
    private(set) var customFormats: [Int: String] = [:]

    public init() {}

    /// Whether a cell with style index `s` displays a date or time.
    public func isDate(styleIndex s: Int) -> Bool {
        s >= 0 && s < dateFormatted.count && dateFormatted[s]
    }

    /// Built-in date and time formats: 14–22 and 45–47, plus the East Asian ones (27–36, 50–58).
    static func isBuiltInDate(_ id: Int) -> Bool {
        (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id)
    }

    /// A format code is a date if, outside quoted text, escapes and `[…]` sections, it has
    /// y, m, d, h or s (elapsed-time codes like `[h]` count too).
    static func isDateCode(_ code: String) -> Bool {
        var inQuote = false
        var inBracket = false
        var bracket = ""
        var escaped = false
        for ch in code.lowercased() {
            if escaped { escaped = false; continue }
            if inQuote { if ch == "\"" { inQuote = false }; continue }
            if inBracket {
                if ch == "]" {
                    inBracket = false
                    if ["h", "hh", "m", "mm", "s", "ss"].contains(bracket) { return true }
                } else { bracket.append(ch) }
                continue
            }
            switch ch {
            case "\\", "_", "*": escaped = true
            case "\"": inQuote = true
            case "[": inBracket = true; bracket = ""
            case ";": return false // only the first section decides
            case "y", "m", "d", "h", "s", "e", "g":
                if ch == "g" || ch == "e" { continue } // "General", era codes alone are not dates
                return true
            default: continue
            }
        }
        return false
    }

    static func read(from archive: ZipArchive, part: String) throws -> Styles {
        let handler = Handler()
        try archive.stream(part, into: handler)
        var styles = Styles()
        styles.customFormats = handler.formats
        styles.dateFormatted = handler.xfFormatIDs.map { id in
            if let code = handler.formats[id] { return isDateCode(code) }
            return isBuiltInDate(id)
        }
        return styles
    }

    private final class Handler: XMLStreamHandler {
        var formats: [Int: String] = [:]
        var xfFormatIDs: [Int] = []
        var inCellXfs = false
        var failure: Error? { nil }

        func start(_ name: XMLName, _ attributes: XMLAttributes) {
            if name.is("numFmt") {
                if let id = attributes.string("numFmtId").flatMap({ Int($0) }),
                   let code = attributes.string("formatCode") {
                    formats[id] = code
                }
            } else if name.is("cellXfs") {
                inCellXfs = true
            } else if name.is("xf"), inCellXfs {
                xfFormatIDs.append(attributes.string("numFmtId").flatMap { Int($0) } ?? 0)
            }
        }

        func end(_ name: XMLName) {
            if name.is("cellXfs") { inCellXfs = false }
        }

        func text(_ bytes: UnsafeRawBufferPointer) {}
    }
}
