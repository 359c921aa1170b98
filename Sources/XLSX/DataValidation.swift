import Foundation

/// A data validation of a sheet, as written (`<dataValidation>` or the `x14:dataValidation`
/// form inside `extLst`).
public struct DataValidation: Sendable, Equatable {
    /// `list`, `whole`, `decimal`, `date`, `textLength`, `custom`… (`none` when absent).
    public var type: String
    public var ranges: [CellRange]
    /// The first formula as stored, e.g. `"信访举报,巡视督查"` or `Sheet2!$A$1:$A$8`.
    public var formula1: String
    /// What Excel does with a typed value the validation refuses.
    public var errorStyle: ErrorStyle

    public enum ErrorStyle: String, Sendable {
        /// Refuse it.
        case stop
        /// Warn, and keep it if the person insists (a cell holding several list items, one per person).
        case warning
        case information
    }

    public init(type: String, ranges: [CellRange], formula1: String, errorStyle: ErrorStyle = .stop) {
        self.type = type
        self.ranges = ranges
        self.formula1 = formula1
        self.errorStyle = errorStyle
    }

    /// Where a list validation takes its items from.
    public enum ListSource: Sendable, Equatable {
        /// Items written into the validation itself.
        case inline([String])
        /// A range of cells, on the named sheet or (nil) on the validation's own sheet.
        case range(sheet: String?, CellRange)
        /// A defined name.
        case name(String)
    }

    /// The list source, for `list` validations.
    public var listSource: ListSource? {
        guard type == "list" else { return nil }
        var f = Substring(EdgeSpaces.trimmed(formula1))
        if f.hasPrefix("=") { f = f.dropFirst() }
        if f.hasPrefix("\"") {
            var body = f.dropFirst()
            // One character off the end by its index: `dropLast()` counted the whole text's
            // characters twice (8,000 instructions a list).
            if body.hasSuffix("\"") { body = body[..<body.index(before: body.endIndex)] }
            let unquoted = body.utf8.contains(UInt8(ascii: "\"")) ? body.replacingOccurrences(of: "\"\"", with: "\"") : String(body)
            let items = unquoted
                .splitASCII(omittingEmpty: false) { $0 == UInt8(ascii: ",") }
                .map { EdgeSpaces.trimmed($0) }
            return .inline(items)
        }
        if let (sheet, range) = Self.reference(f) { return .range(sheet: sheet, range) }
        return f.isEmpty ? nil : .name(String(f))
    }

    /// Parses `Sheet2!$A$1:$A$8`, `'My sheet'!A1:A8` or `$A$1:$A$8` (sheet nil).
    static func reference(_ text: some StringProtocol) -> (sheet: String?, range: CellRange)? {
        var f = Substring(EdgeSpaces.trimmed(text))
        if f.hasPrefix("=") { f = f.dropFirst() }
        guard let bang = f.lastIndex(of: "!") else { return CellRange(f).map { (nil, $0) } }
        var sheet = f[..<bang]
        if sheet.hasPrefix("'") && sheet.hasSuffix("'") && sheet.count >= 2 {
            sheet = Substring(sheet.dropFirst().dropLast().replacingOccurrences(of: "''", with: "'"))
        }
        return CellRange(f[f.index(after: bang)...]).map { (String(sheet), $0) }
    }
}
