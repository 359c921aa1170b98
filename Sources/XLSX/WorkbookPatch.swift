import Foundation

/// Changes to make to a workbook someone sent, without rebuilding it: cells to mark with a
/// fill and a note, and a sheet to add in front of the others. `write` patches the package —
/// every part it does not need to change is copied byte for byte (its compressed data as is);
/// it rewrites only the styles (fills and cell formats appended), the marked sheets (the
/// marked cells' style index; cells added where a marked one is absent; the note drawing), the
/// workbook and its relationships (the new sheet; sheet-local names and the active tab moved
/// along) and the content types, and it adds the note parts and the new sheet.
public struct WorkbookPatch: Sendable {
    /// How to mark one cell: a solid fill (ARGB, `FFFF0000`) and a note, either optional.
    public struct Mark: Sendable, Equatable {
        public var fill: String?
        public var note: String?
        public init(fill: String? = nil, note: String? = nil) {
            self.fill = fill
            self.note = note
        }
    }

    /// A cell of the added sheet: text, an optional fill, an optional link to a cell of the workbook.
    public struct Cell: Sendable, Equatable {
        public var text: String
        public var fill: String?
        public var link: (sheet: String, cell: CellAddress)?
        public init(_ text: String, fill: String? = nil, link: (sheet: String, cell: CellAddress)? = nil) {
            self.text = text
            self.fill = fill
            self.link = link
        }
        public static func == (a: Cell, b: Cell) -> Bool {
            a.text == b.text && a.fill == b.fill && a.link?.sheet == b.link?.sheet && a.link?.cell == b.link?.cell
        }
    }

    /// The sheet added first: its name (made unique against the workbook's), column widths in
    /// characters, and rows from row 1. It becomes the active sheet.
    public struct AddedSheet: Sendable, Equatable {
        public var name: String
        public var columnWidths: [Double]
        public var rows: [[Cell]]
        public init(name: String, columnWidths: [Double] = [], rows: [[Cell]]) {
            self.name = name
            self.columnWidths = columnWidths
            self.rows = rows
        }
    }

    /// Marks by sheet name, then cell.
    public var marks: [String: [CellAddress: Mark]]
    public var firstSheet: AddedSheet?
    /// The author the notes are signed with.
    public var author: String
    /// The modification time of the parts written; nil for the time of writing.
    public var modified: Date?

    public init(marks: [String: [CellAddress: Mark]] = [:], firstSheet: AddedSheet? = nil, author: String = "weigai",
                modified: Date? = nil) {
        self.marks = marks
        self.firstSheet = firstSheet
        self.author = author
        self.modified = modified
    }

    /// Reads the workbook at `source` and writes the patched copy to `path`.
    public func write(from source: String, displayName: String? = nil, to path: String) throws {
        let archive = try ZipArchive(path: source, displayName: displayName)
        try PackagePatcher(patch: self, archive: archive).write(to: path)
    }

    /// Appends everything the patched copy is made from besides the workbook to `out`: equal for
    /// two patches exactly when they mark up a workbook alike (the marks sorted by sheet and
    /// cell). Lengths and numbers as LEB128, a link's cell only where there is a link: a month's
    /// 300 patches were some 6 MB to hash, a fifth of it fixed-width lengths and absent links.
    public func identity(into out: inout [UInt8]) {
        func put(_ n: Int) {
            var v = UInt(bitPattern: n)
            while v >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: v) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
        }
        func put(_ s: String) {
            put(s.utf8.count)
            if s.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) == nil { out += s.utf8 }
        }
        func put(_ s: String?) {
            out.append(s == nil ? 0 : 1)
            if let s { put(s) }
        }
        put(marks.count)
        for (sheet, cells) in marks.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            put(sheet)
            put(cells.count)
            for (cell, mark) in cells.sorted(by: { $0.key < $1.key }) {
                put(cell.row)
                put(cell.column)
                put(mark.fill)
                put(mark.note)
            }
        }
        out.append(firstSheet == nil ? 0 : 1)
        if let first = firstSheet {
            put(first.name)
            put(first.columnWidths.count)
            for w in first.columnWidths { withUnsafeBytes(of: w.bitPattern.littleEndian) { out += $0 } }
            put(first.rows.count)
            for row in first.rows {
                put(row.count)
                for cell in row {
                    put(cell.text)
                    put(cell.fill)
                    out.append(cell.link == nil ? 0 : 1)
                    if let link = cell.link {
                        put(link.sheet)
                        put(link.cell.row)
                        put(link.cell.column)
                    }
                }
            }
        }
        put(author)
        out.append(modified == nil ? 0 : 1)
        if let modified { withUnsafeBytes(of: modified.timeIntervalSince1970.bitPattern.littleEndian) { out += $0 } }
    }
}
