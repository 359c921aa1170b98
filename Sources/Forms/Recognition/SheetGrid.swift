import XLSX

/// A worksheet seen as a grid of text, merged cells resolved to their top-left cell. A class,
/// shared by the locator, the extractor and the metadata reader rather than copied into each.
final class SheetGrid {
    let sheet: Sheet

    init(_ sheet: Sheet) { self.sheet = sheet }

    var name: String { sheet.name }
    var maxRow: Int { sheet.maxRow }
    var maxColumn: Int { sheet.maxColumn }

    /// The cells of row `r` that hold a value, left to right.
    func cells(inRow r: Int) -> ArraySlice<Cell> { sheet.cells(inRow: r) }

    /// The merge that covers `a`, if any.
    func merge(covering a: CellAddress) -> CellRange? { sheet.merges.first { $0.contains(a) } }

    /// The cell at `a`, if it holds a value (looked up here rather than through `sheet`, which
    /// a caller would copy).
    func cell(_ a: CellAddress) -> Cell? { sheet[a] }

    /// The cell's value, or the value of the merge it lies in.
    func effective(_ a: CellAddress) -> Cell? {
        if let c = sheet[a] { return c }
        if let m = merge(covering: a), m.first != a { return sheet[m.first] }
        return nil
    }

    /// The cell's text as a clerk sees it (numbers in their shortest form), trimmed.
    func text(_ a: CellAddress, merged: Bool = true) -> String {
        guard let c = merged ? effective(a) : sheet[a] else { return "" }
        return Label.trim(Self.text(of: c.value))
    }

    /// Whether `text(a, merged:)` is empty, found without making it.
    func isEmpty(_ a: CellAddress, merged: Bool = true) -> Bool {
        guard let c = merged ? effective(a) : sheet[a] else { return true }
        switch c.value {
        case .string(let s), .error(let s), .isoDate(let s): return Label.trim(s).isEmpty
        case .number, .bool: return false  // never written as empty text
        }
    }

    static func text(of v: CellValue) -> String {
        switch v {
        case .string(let s), .error(let s), .isoDate(let s): return s
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .bool(let b): return b ? "TRUE" : "FALSE"
        }
    }

    /// The whole row's text, cells joined by a tab (for labels such as 填表人： followed by values).
    func rowText(_ r: Int) -> String {
        cells(inRow: r).map { Label.trim(Self.text(of: $0.value)) }.filter { !$0.isEmpty }.joined(separator: "\t")
    }
}
