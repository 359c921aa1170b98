/// A cell's value, materialized.
public enum CellValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    /// An Excel error value such as `#N/A`.
    case error(String)
    /// An ISO 8601 date stored as text (`t="d"`).
    case isoDate(String)
}

public struct Cell: Sendable, Equatable {
    public let address: CellAddress
    public let value: CellValue
    public let kind: CellKind
    /// Whether the cell's number format shows a date or time (its number is then a serial).
    public let isDateFormatted: Bool
}

/// A whole worksheet in memory, for the small sheets the forms read. Large sheets should be
/// streamed with `Workbook.streamCells(of:_:)` instead.
public struct Sheet: Sendable {
    public let info: SheetInfo
    /// Cells that hold a value, in file order.
    public let cells: [Cell]
    public let extras: SheetExtras
    /// The cells row by row, left to right, one per address (the last when a file repeats one):
    /// `cells` itself when the file wrote them in that order, as every writer does. Looked up
    /// through `slots`, or by binary search, instead of hashing every address into a dictionary.
    private let ordered: [Cell]
    /// The rows that hold a value, ascending, and where each starts in `ordered` (one more
    /// entry: the end).
    private let rowNumbers: [Int]
    private let rowStarts: [Int]
    /// For a sheet whose used area is not much larger than its cells (every form): each
    /// address's position in `ordered` plus one (0: no value), row by row, `maxColumn` wide.
    /// The forms look cells up by address hundreds of times a table; a crafted sheet with one
    /// cell at XFD1048576 keeps the binary search instead.
    private let slots: [Int32]
    /// With `slots`: each row's position in `rowNumbers` plus one (0: no value), by row number.
    private let rowSlots: [Int32]
    /// The last row and column that hold a value (0 when the sheet is empty).
    public let maxRow: Int
    public let maxColumn: Int

    init(info: SheetInfo, cells: [Cell], extras: SheetExtras) {
        self.info = info
        self.cells = cells
        self.extras = extras
        var inOrder = true
        for i in cells.indices.dropFirst() where !(cells[i - 1].address < cells[i].address) {
            inOrder = false
            break
        }
        if inOrder {
            ordered = cells
        } else {
            // Stable, so of a repeated address the last one written comes last and is kept.
            let sorted = cells.indices.sorted { (cells[$0].address, $0) < (cells[$1].address, $1) }
            var kept: [Cell] = []
            kept.reserveCapacity(sorted.count)
            for (k, i) in sorted.enumerated() where k + 1 == sorted.count || cells[sorted[k + 1]].address != cells[i].address {
                kept.append(cells[i])
            }
            ordered = kept
        }
        var rowNumbers: [Int] = []
        var rowStarts: [Int] = []
        var maxColumn = 0
        for (i, c) in ordered.enumerated() {
            if rowNumbers.last != c.address.row {
                rowNumbers.append(c.address.row)
                rowStarts.append(i)
            }
            maxColumn = max(maxColumn, c.address.column)
        }
        rowStarts.append(ordered.count)
        self.rowNumbers = rowNumbers
        self.rowStarts = rowStarts
        maxRow = rowNumbers.last ?? 0
        self.maxColumn = maxColumn
        let limit = Self.denseLimit(cells: ordered.count)
        if maxRow <= limit, maxColumn <= limit, maxRow * maxColumn <= limit {
            var slots = [Int32](repeating: 0, count: maxRow * maxColumn)
            for (i, c) in ordered.enumerated() {
                slots[(c.address.row - 1) * maxColumn + c.address.column - 1] = Int32(i + 1)
            }
            var rowSlots = [Int32](repeating: 0, count: maxRow + 1)
            for (k, r) in rowNumbers.enumerated() { rowSlots[r] = Int32(k + 1) }
            self.slots = slots
            self.rowSlots = rowSlots
        } else {
            slots = []
            rowSlots = []
        }
    }

    /// The most slots a sheet of `cells` cells gets: a few per cell, so a crafted sparse sheet
    /// costs no more memory than a dense one.
    static func denseLimit(cells: Int) -> Int { 8 * cells + 4096 }

    /// Whether lookups go through `slots` (for the tests, which hold both ways equal).
    var isDense: Bool { !slots.isEmpty }

    public var name: String { info.name }
    public var merges: [CellRange] { extras.merges }
    public var validations: [DataValidation] { extras.validations }

    /// The cells of row `r` that hold a value, left to right.
    public func cells(inRow r: Int) -> ArraySlice<Cell> {
        if !rowSlots.isEmpty {
            guard r >= 1, r <= maxRow, case let k = Int(rowSlots[r]), k > 0 else { return [] }
            return ordered[rowStarts[k - 1]..<rowStarts[k]]
        }
        return searched(row: r)
    }

    /// The cells of row `r` by binary search: the definition `rowSlots` must agree with.
    func searched(row r: Int) -> ArraySlice<Cell> {
        var lo = 0, hi = rowNumbers.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if rowNumbers[mid] < r { lo = mid + 1 } else { hi = mid }
        }
        guard lo < rowNumbers.count, rowNumbers[lo] == r else { return [] }
        return ordered[rowStarts[lo]..<rowStarts[lo + 1]]
    }

    public subscript(address: CellAddress) -> Cell? {
        if !slots.isEmpty {
            guard address.row >= 1, address.row <= maxRow, address.column >= 1, address.column <= maxColumn else { return nil }
            let slot = Int(slots[(address.row - 1) * maxColumn + address.column - 1])
            return slot == 0 ? nil : ordered[slot - 1]
        }
        return searched(address)
    }

    /// The cell at `address` by binary search: the definition `slots` must agree with.
    func searched(_ address: CellAddress) -> Cell? {
        let row = searched(row: address.row)
        var lo = row.startIndex, hi = row.endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if row[mid].address.column < address.column { lo = mid + 1 } else { hi = mid }
        }
        return lo < row.endIndex && row[lo].address.column == address.column ? row[lo] : nil
    }

    public subscript(row: Int, column: Int) -> Cell? { self[CellAddress(row: row, column: column)] }
}

extension Workbook {
    /// Reads a worksheet into memory.
    public func readSheet(_ info: SheetInfo) throws -> Sheet {
        var cells: [Cell] = []
        let strings = sharedStrings
        let styles = styles
        // Each shared string becomes a `String` once per sheet, so cells that repeat one (a
        // register's drop-down choices) share its storage. The stream hands over only indexes
        // it has waited for, so the bytes are read without the table's lock. Those made are
        // kept by index in an array (no hashing per cell), made as long as the strings read so
        // far (up to 65,536 of them) and grown past that when a cell needs a later one.
        var made = [String?](repeating: nil, count: min(strings.store.readCount, 1 << 16))
        let extras = try streamCells(of: info) { e in
            let value: CellValue
            switch e.kind {
            case .sharedString:
                let i = e.sharedIndex
                if i < made.count, let s = made[i] {
                    value = .string(s)
                } else {
                    let s = strings.withBytes(i) { String(decoding: $0, as: UTF8.self) }
                    if i >= made.count { made += repeatElement(nil, count: i + 1 - made.count) }
                    made[i] = s
                    value = .string(s)
                }
            case .number: value = .number(e.number)
            case .boolean: value = .bool(e.number != 0)
            case .error: value = .error(String(decoding: e.text, as: UTF8.self))
            case .inlineString, .formulaString: value = .string(String(decoding: e.text, as: UTF8.self))
            case .isoDate: value = .isoDate(String(decoding: e.text, as: UTF8.self))
            }
            cells.append(Cell(address: e.address, value: value, kind: e.kind,
                              isDateFormatted: styles.isDate(styleIndex: e.styleIndex)))
        }
        return Sheet(info: info, cells: cells, extras: extras)
    }

    /// Reads the items of a list validation: inline, or from the range or defined name it names.
    public func listItems(of validation: DataValidation, on sheet: Sheet) throws -> [String]? {
        var source = validation.listSource
        if case .name(let n)? = source {
            source = definedNames[n].flatMap(DataValidation.reference).map { .range(sheet: $0.sheet, $0.range) }
        }
        switch source {
        case nil, .name?: return nil
        case .inline(let items)?: return items
        case .range(let sheetName, let range)?:
            let source = try sheetName.map { try readSheet(self.sheet(named: $0)) } ?? sheet
            return source.cells.filter { range.contains($0.address) }.map { cell in
                switch cell.value {
                case .string(let s), .error(let s), .isoDate(let s): return s
                case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
                case .bool(let b): return b ? "TRUE" : "FALSE"
                }
            }
        }
    }
}
