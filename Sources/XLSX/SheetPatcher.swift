/// Streams one worksheet part and echoes it with the marks applied: a marked cell gets the
/// style index of its own format with the mark's fill; a marked cell the sheet lacks is
/// added, in row and column order, with its column's (or row's) format plus the fill; the
/// note drawing's `<legacyDrawing>` goes where the schema places it. Nothing else changes,
/// except `tabSelected` when the sheet stops being the selected one.
final class SheetPatcher: XMLStreamHandler {
    let echo = XMLEcho()
    var failure: Error? { nil }

    /// Marked cells by row, each row's by column.
    private let pending: [Int: [Int]]
    private let fills: [CellAddress: String]
    private let styles: StyleAllocator
    private let unselect: Bool
    /// The relationship id of the note drawing, when the sheet gets notes.
    private let legacyDrawing: String?

    private var depth = 0
    private var rowsLeft: [Int]
    private var row = 0
    private var rowStyle: Int?
    private var cellsLeft: [Int] = []
    private var column = 0
    private var columnStyles: [(min: Int, max: Int, style: Int)] = []
    private var cellPrefix = ""
    private var drawingWritten = false

    /// The worksheet children that follow `<legacyDrawing>` in the schema (CT_Worksheet).
    private static let afterLegacyDrawing: [StaticString] = ["legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                                                             "webPublishItems", "tableParts", "extLst"]

    init(fills: [CellAddress: String], styles: StyleAllocator, unselect: Bool, legacyDrawing: String?) {
        self.fills = fills
        self.styles = styles
        self.unselect = unselect
        self.legacyDrawing = legacyDrawing
        pending = Dictionary(grouping: fills.keys, by: \.row).mapValues { $0.map(\.column).sorted() }
        rowsLeft = pending.keys.sorted()
    }

    func start(_ name: XMLName, _ attributes: XMLAttributes) {
        defer { depth += 1 }
        switch depth {
        case 1:
            if legacyDrawing != nil, !drawingWritten, Self.afterLegacyDrawing.contains(where: { name.is($0) }) {
                writeLegacyDrawing(prefix: XMLEcho.prefix(name))
            }
        case 2 where name.is("col"):
            if let min = int(attributes.value("min")), let max = int(attributes.value("max")) {
                columnStyles.append((min, max, int(attributes.value("style")) ?? 0))
            }
        case 2 where name.is("sheetView") && unselect:
            return echo.start(name, attributes, drop: ["tabSelected"])
        case 2 where name.is("row"):
            row = int(attributes.value("r")) ?? row + 1
            column = 0
            cellPrefix = XMLEcho.prefix(name)
            while let next = rowsLeft.first, next < row { insertRow(next) }
            if rowsLeft.first == row {
                rowsLeft.removeFirst()
                cellsLeft = pending[row] ?? []
            } else {
                cellsLeft = []
            }
            rowStyle = attributes.value("customFormat").map { bool($0) } == true ? int(attributes.value("s")) : nil
        case 3 where name.is("c"):
            let address = attributes.value("r").flatMap(CellAddress.parse)
            column = address?.column ?? column + 1
            while let next = cellsLeft.first, next < column { insertCell(next) }
            if cellsLeft.first == column {
                cellsLeft.removeFirst()
                let here = CellAddress(row: row, column: column)
                let style = styles.index(of: int(attributes.value("s")) ?? 0, filled: fills[here]!)
                return echo.start(name, attributes, set: [("s", String(style))])
            }
        default: break
        }
        echo.start(name, attributes)
    }

    func end(_ name: XMLName) {
        depth -= 1
        switch depth {
        case 0 where legacyDrawing != nil && !drawingWritten:
            writeLegacyDrawing(prefix: XMLEcho.prefix(name))
        case 1 where name.is("sheetData"):
            cellPrefix = XMLEcho.prefix(name)
            while let next = rowsLeft.first { insertRow(next) }
        case 2 where name.is("row"):
            while let next = cellsLeft.first { insertCell(next) }
        default: break
        }
        echo.end(name)
    }

    func text(_ bytes: UnsafeRawBufferPointer) { echo.text(bytes) }

    private func insertRow(_ r: Int) {
        rowsLeft.removeFirst()
        let saved = (row, rowStyle)
        (row, rowStyle) = (r, nil)
        echo.append("<\(cellPrefix)row r=\"\(r)\">")
        for c in pending[r] ?? [] { insertCell(c, removing: false) }
        echo.append("</\(cellPrefix)row>")
        (row, rowStyle) = saved
    }

    private func insertCell(_ c: Int, removing: Bool = true) {
        if removing { cellsLeft.removeFirst() }
        let here = CellAddress(row: row, column: c)
        let base = rowStyle ?? columnStyles.last(where: { $0.min <= c && c <= $0.max })?.style ?? 0
        echo.append("<\(cellPrefix)c r=\"\(here.a1)\" s=\"\(styles.index(of: base, filled: fills[here]!))\"/>")
    }

    private func writeLegacyDrawing(prefix: String) {
        drawingWritten = true
        echo.append("<\(prefix)legacyDrawing xmlns:r=\"\(Namespaces.relationships)\" r:id=\"\(legacyDrawing!)\"/>")
    }

    private func int(_ bytes: UnsafeRawBufferPointer?) -> Int? {
        guard let bytes, !bytes.isEmpty, bytes.count < 10 else { return nil }
        var n = 0
        for b in bytes {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            n = n * 10 + Int(b - 0x30)
        }
        return n
    }

    private func bool(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count == 1 ? bytes[0] == UInt8(ascii: "1") : String(decoding: bytes, as: UTF8.self) == "true"
    }
}

/// The namespace URIs the patcher writes.
enum Namespaces {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
}
