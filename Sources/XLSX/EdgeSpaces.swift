import Foundation

/// Foundation's whitespace trimming without Foundation when there is nothing to trim: a
/// drop-down's formula and items are read for every register, and Foundation bridges each
/// text through `NSString` even when both ends are kept.
enum EdgeSpaces {
    /// `s.trimmingCharacters(in: .whitespaces)`, or `.whitespacesAndNewlines` when `newlines`.
    static func trimmed(_ s: some StringProtocol, newlines: Bool = false) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return "" }
        if kept(first) && kept(last) { return String(s) }
        return s.trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
    }

    /// Printable ASCII, or a scalar from U+3001 on: no whitespace or newline lies there.
    @inline(__always)
    private static func kept(_ u: Unicode.Scalar) -> Bool { (0x21...0x7E).contains(u.value) || u.value >= 0x3001 }
}
