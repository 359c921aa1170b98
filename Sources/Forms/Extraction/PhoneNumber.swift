import Foundation

/// 联系电话 as the campaign accepts it. A mainland mobile number is 11 digits beginning with 1.
/// A fixed-line number is 7 or 8 digits that do not begin with 0 or 1, optionally preceded by an
/// area code (0 and 2–3 digits, optionally in parentheses) and followed by an extension (`-`,
/// `转` or `ext`, then digits). Groups may be separated by a space or a hyphen. Full-width
/// digits, brackets and hyphens read as their ASCII forms; a cell may hold several numbers
/// separated by 、，,;；/. Anything else is malformed.
enum PhoneNumber {
    private static let mobile = #"1(?:[ -]?[0-9]){10}"#
    private static let fixedLine = #"(?:(?:\(0[0-9]{2,3}\)|0[0-9]{2,3})[ -]?)?[2-9](?:[ -]?[0-9]){6,7}(?:[ -]?(?:-|转|[Ee][Xx][Tt])[ -]?[0-9]+)?"#
    private static let one = Pattern("^(?:\(mobile)|\(fixedLine))$")

    /// Whether `text` (a cell's text) is one valid number, or several separated as above.
    static func isValid(_ text: String) -> Bool {
        // Most cells hold one mobile number in ASCII digits: that needs no folding or pattern.
        let utf8 = text.utf8
        if utf8.count == 11, utf8.first == UInt8(ascii: "1"), utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return true }
        // NFKC: full-width digits and brackets, the ideographic space and NBSP to ASCII.
        let s = text.precomposedStringWithCompatibilityMapping
        let numbers = s.split(omittingEmptySubsequences: false, whereSeparator: { "、,，;；/".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        return !numbers.isEmpty && numbers.allSatisfy(isOne)
    }

    /// Whether `s`, trimmed, is exactly one valid number.
    static func isOne(_ s: String) -> Bool {
        !s.isEmpty && one.matches(s)
    }
}
