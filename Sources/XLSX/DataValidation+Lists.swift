/// Building list validations for the writer, with the formula quoting done right.
extension DataValidation {
    /// A drop-down of `items` written into the validation: `"a,b,c"`. Excel splits on commas,
    /// so an item cannot hold one; the writer refuses a list over 255 characters.
    public static func list(_ items: [String], on ranges: [CellRange], errorStyle: ErrorStyle = .stop) -> DataValidation {
        precondition(!items.contains { $0.contains(",") }, "a drop-down item cannot contain a comma")
        let body = items.map { $0.replacingOccurrences(of: "\"", with: "\"\"") }.joined(separator: ",")
        return DataValidation(type: "list", ranges: ranges, formula1: "\"\(body)\"", errorStyle: errorStyle)
    }

    /// A drop-down of the cells `source` on the sheet named `sheet`: `'Lists'!$A$1:$A$8`. The
    /// name is always quoted, which is valid for every name and needed for many.
    public static func list(from source: CellRange, onSheet sheet: String, on ranges: [CellRange]) -> DataValidation {
        func absolute(_ a: CellAddress) -> String { "$\(CellAddress.columnLetters(a.column))$\(a.row)" }
        let quoted = "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
        return DataValidation(type: "list", ranges: ranges,
                              formula1: "\(quoted)!\(absolute(source.first)):\(absolute(source.last))")
    }
}
