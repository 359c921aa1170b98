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
    private static let zero = Decimal(string: "\(0.0)", locale: posix)!
    private static let negativeZero = Decimal(string: "\(-0.0)", locale: posix)!
    private static let grouped = Pattern(#"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"#)
    private static let plainNumber = Pattern(#"^[+-]?(\d+\.?\d*|\.\d+)$"#)

    /// The shortest decimal that round-trips the double (0.1 stays 0.1).
    static func decimal(_ d: Double) -> Decimal {
        // A whole number other than zero parses to what Decimal(Int64) gives (NumberReadingTests).
        if d != 0, d == d.rounded(), abs(d) < 1e15 { return Decimal(Int64(d)) }
        // Zero is what parsing `0.0` (or `-0.0`) gives, parsed once.
        if d == 0 { return d.sign == .minus ? negativeZero : zero }
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
        if let (mantissa, exponent) = smallParts {
            guard exponent < 0 else { return true }
            guard exponent >= -19 else { return mantissa == 0 }
            var scale: UInt64 = 1
            for _ in 0..<(-exponent) { scale *= 10 }
            return mantissa % scale == 0
        }
        var copy = self
        var rounded = Decimal()
        NSDecimalRound(&rounded, &copy, 0, .plain)
        return rounded == self
    }

    /// Plain text, no grouping: `12.5`, `3`.
    public var plain: String { plainDigits ?? NSDecimalNumber(decimal: self).stringValue }

    /// `plain` written from the digits when the mantissa fits 64 bits, as every figure read
    /// from a cell does: what `NSDecimalNumber` writes, its digits as stored and the point
    /// placed by the exponent (NumberReadingTests compare the two).
    private var plainDigits: String? {
        guard let (mantissa, exponent) = smallParts, (-40...40).contains(exponent) else { return nil }
        if mantissa == 0 { return "0" }
        var digits: [UInt8] = []
        var m = mantissa
        while m > 0 {
            digits.append(UInt8(ascii: "0") + UInt8(m % 10))
            m /= 10
        }
        let decimals = max(0, -exponent)
        let capacity = 2 + max(digits.count, decimals) + max(0, exponent) + 1
        return String(unsafeUninitializedCapacity: capacity) { out in
            var n = 0
            if sign == .minus { out[n] = UInt8(ascii: "-"); n += 1 }
            // The digits above the point (or one zero), then those below it.
            if digits.count <= decimals {
                out[n] = UInt8(ascii: "0"); n += 1
            } else {
                for i in stride(from: digits.count - 1, through: decimals, by: -1) { out[n] = digits[i]; n += 1 }
                for _ in 0..<max(0, exponent) { out[n] = UInt8(ascii: "0"); n += 1 }
            }
            if decimals > 0 {
                out[n] = UInt8(ascii: "."); n += 1
                for i in stride(from: decimals - 1, through: 0, by: -1) {
                    out[n] = i < digits.count ? digits[i] : UInt8(ascii: "0"); n += 1
                }
            }
            return n
        }
    }

    /// The mantissa and exponent when the mantissa fits 64 bits, else nil (and for NaN).
    /// Foundation does not make its mantissa public: it is read from the value's bytes as
    /// swift-foundation lays them out (the mantissa's length in the high half of byte 1, the
    /// mantissa from byte 4 as little-endian 16-bit words), once checked against a known value.
    private var smallParts: (mantissa: UInt64, exponent: Int)? {
        guard Self.layoutKnown, !isNaN else { return nil }
        return withUnsafeBytes(of: self) { b -> (UInt64, Int)? in
            guard b[1] >> 4 <= 4 else { return nil }
            var m: UInt64 = 0
            for i in stride(from: 11, through: 4, by: -1) { m = m << 8 | UInt64(b[i]) }
            return (m, exponent)
        }
    }

    private static let layoutKnown: Bool = {
        // A mantissa of four words, without a trailing zero (which Foundation would take off).
        let probe = Decimal(sign: .minus, exponent: -3, significand: Decimal(0x1234_5678_9ABC_DEF1 as UInt64))
        return MemoryLayout<Decimal>.size == 20 && probe.exponent == -3 && withUnsafeBytes(of: probe) { b in
            b[1] >> 4 == 4 && b[4] == 0xF1 && b[5] == 0xDE && b[10] == 0x34 && b[11] == 0x12 && b[12] == 0
        }
    }()
}
