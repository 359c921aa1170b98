import Foundation
import XLSX

/// What a number cell turned out to hold.
enum NumberReading: Equatable {
    case blank
    /// A number; `text` is what the clerk typed when it was stored as text (then normalized).
    case number(Decimal, text: String?)
    case notNumber(String)
    case excelError(String)

    /// Reads a cell of a count or amount column. Text is accepted when it is a number once
    /// trimmed, NFKC-folded (full-width digits), stripped of thousands separators and of the
    /// column's own unit; that text is kept so the normalization can be reported.
    static func read(_ cell: Cell?, unit: String) -> NumberReading {
        guard let cell else { return .blank }
        switch cell.value {
        case .number(let d): return .number(decimal(d), text: nil)
        case .bool(let b): return .notNumber(b ? "TRUE" : "FALSE")
        case .error(let e): return .excelError(e)
        case .isoDate(let s): return .notNumber(s)
        case .string(let raw):
            let trimmed = Label.trim(raw)
            if trimmed.isEmpty { return .blank }
            var s = Label.normalize(trimmed)
            if !unit.isEmpty, s.hasSuffix(unit) { s.removeLast(unit.count) }
            if grouped.matches(s) {
                s.removeAll { $0 == "," }
            }
            guard plainNumber.matches(s),
                  let d = Decimal(string: s, locale: posix) else {
                return .notNumber(trimmed)
            }
            return .number(d, text: raw)
        }
    }

    static let posix = Locale(identifier: "en_US_POSIX")
    private static let grouped = Pattern(#"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"#)
    private static let plainNumber = Pattern(#"^[+-]?(\d+\.?\d*|\.\d+)$"#)

    /// The shortest decimal that round-trips the double (0.1 stays 0.1).
    static func decimal(_ d: Double) -> Decimal {
        // A whole number other than zero parses to what Decimal(Int64) gives (NumberReadingTests).
        if d != 0, d == d.rounded(), abs(d) < 1e15 { return Decimal(Int64(d)) }
        let text = "\(d)"
        return digits(text) ?? Decimal(string: text, locale: posix) ?? Decimal(d)
    }
}

extension NumberReading {
    /// `-12.345` as parsing gives it, for up to 18 digits and no exponent: the digits' integer
    /// shifted by the count of decimals (NumberReadingTests compare the bytes).
    private static func digits(_ text: String) -> Decimal? {
        var mantissa: UInt64 = 0, digits = 0, decimals = 0, negative = false, point = false
        for (i, c) in text.utf8.enumerated() {
            switch c {
            case UInt8(ascii: "-") where i == 0: negative = true
            case UInt8(ascii: "."): guard !point else { return nil }; point = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                mantissa = mantissa * 10 + UInt64(c - UInt8(ascii: "0"))
                digits += 1
                if point { decimals += 1 }
            default: return nil
            }
        }
        guard digits > 0, digits <= 18, mantissa != 0 else { return nil }
        return Decimal(sign: negative ? .minus : .plus, exponent: -decimals, significand: Decimal(mantissa))
    }
}

extension Decimal {
    var isWhole: Bool {
        var copy = self
        var rounded = Decimal()
        NSDecimalRound(&rounded, &copy, 0, .plain)
        return rounded == self
    }

    /// Plain text, no grouping: `12.5`, `3`.
    public var plain: String { NSDecimalNumber(decimal: self).stringValue }
}
