/// A value to write into a cell. Strings are always text, never formulas: `=SUM(1)` is written
/// as the seven characters it is.
public enum WriteValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
}

/// One worksheet to write: its cells, merges, column widths, row heights and validations.
/// Positions are 1-based, as in `CellAddress`.
public struct SheetSpec: Sendable {
    struct Entry: Sendable {
        var value: WriteValue?
        var style: CellStyle?
    }

    public var name: String
    public var merges: [CellRange] = []
    /// Column (1-based) → width in characters of the default font.
    public var columnWidths: [Int: Double] = [:]
    /// Row (1-based) → height in points.
    public var rowHeights: [Int: Double] = [:]
    /// List validations (`"a,b,c"` or `Lists!$A$1:$A$8`) and custom formulas. They are written
    /// with the drop-down arrow shown, blanks allowed and a typed value outside the list refused.
    public var validations: [DataValidation] = []
    /// What Excel says when it refuses a typed value; nil for the application's own message.
    public var validationMessage: String?
    /// Rows kept in view while scrolling (the header); nil or 0 for none.
    public var freezeRows: Int?
    private(set) var cells: [CellAddress: Entry] = [:]

    public init(name: String) {
        self.name = name
    }

    /// Sets a cell, replacing what was there. A nil value with a style writes a styled empty
    /// cell (the borders of a merged header); nil for both clears the cell.
    public mutating func set(_ address: CellAddress, _ value: WriteValue?, style: CellStyle? = nil) {
        cells[address] = value == nil && style == nil ? nil : Entry(value: value, style: style)
    }
}
