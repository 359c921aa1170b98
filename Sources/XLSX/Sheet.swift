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
    private let index: [CellAddress: Int]

    init(info: SheetInfo, cells: [Cell], extras: SheetExtras) {
        self.info = info
        self.cells = cells
        self.extras = extras
        index = Dictionary(cells.enumerated().map { ($1.address, $0) }, uniquingKeysWith: { _, last in last })
    }

    public var name: String { info.name }
    public var merges: [CellRange] { extras.merges }
    public var validations: [DataValidation] { extras.validations }

    public subscript(address: CellAddress) -> Cell? { index[address].map { cells[$0] } }
    public subscript(row: Int, column: Int) -> Cell? { self[CellAddress(row: row, column: column)] }

    /// The last row and column that hold a value (0 when the sheet is empty).
    public var maxRow: Int { cells.map(\.address.row).max() ?? 0 }
    public var maxColumn: Int { cells.map(\.address.column).max() ?? 0 }
}

extension Workbook {
    /// Reads a worksheet into memory.
    public func readSheet(_ info: SheetInfo) throws -> Sheet {
        var cells: [Cell] = []
        let strings = sharedStrings
        let styles = styles
        // Each shared string becomes a `String` once per sheet, so cells that repeat one (a
        // register's drop-down choices) share its storage. The stream hands over only indexes
        // it has waited for, so the bytes are read without the table's lock.
        var made: [Int: String] = [:]
        let extras = try streamCells(of: info) { e in
            let value: CellValue
            switch e.kind {
            case .sharedString:
                if let s = made[e.sharedIndex] {
                    value = .string(s)
                } else {
                    let s = strings.withBytes(e.sharedIndex) { String(decoding: $0, as: UTF8.self) }
                    made[e.sharedIndex] = s
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
