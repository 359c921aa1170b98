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
    public var plain: String {
        guard let (mantissa, exponent) = plainParts else { return NSDecimalNumber(decimal: self).stringValue }
        return String(unsafeUninitializedCapacity: Self.plainCapacity) {
            Self.writePlain(mantissa, exponent, negative: sign == .minus, into: $0)
        }
    }

    /// `plain`'s UTF-8 handed to `body`, without making a `String` for a figure read from a cell.
    public func withPlainUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard let (mantissa, exponent) = plainParts else {
            var text = plain
            return try text.withUTF8(body)
        }
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.plainCapacity) { out in
            let n = Self.writePlain(mantissa, exponent, negative: sign == .minus, into: out)
            return try body(UnsafeBufferPointer(rebasing: out[..<n]))
        }
    }

    /// The parts `plain` is written from when the mantissa fits 64 bits, as every figure read
    /// from a cell does: what `NSDecimalNumber` writes, its digits as stored and the point
    /// placed by the exponent (NumberReadingTests compare the two).
    private var plainParts: (mantissa: UInt64, exponent: Int)? {
        guard let parts = smallParts, (-40...40).contains(parts.exponent) else { return nil }
        return parts
    }

    /// Room for a sign, 20 digits, a point and 40 zeros.
    private static let plainCapacity = 64

    /// Writes the digits right to left, the point `-exponent` digits from the end (zeros
    /// padding short ones), or `exponent` zeros after them; returns the count of bytes.
    private static func writePlain(_ mantissa: UInt64, _ exponent: Int, negative: Bool,
                                   into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        if mantissa == 0 { out[0] = UInt8(ascii: "0"); return 1 }
        var digits = 0
        var m = mantissa
        while m > 0 { digits += 1; m /= 10 }
        let decimals = max(0, -exponent)
        let length = (negative ? 1 : 0)
            + (exponent < 0 ? max(1, digits - decimals) + 1 + decimals : digits + exponent)
        var i = length
        func put(_ c: UInt8) { i -= 1; out[i] = c }
        m = mantissa
        if exponent < 0 {
            for _ in 0..<decimals { put(UInt8(ascii: "0") + UInt8(m % 10)); m /= 10 }
            put(UInt8(ascii: "."))
            if m == 0 { put(UInt8(ascii: "0")) }
        } else {
            for _ in 0..<exponent { put(UInt8(ascii: "0")) }
        }
        while m > 0 { put(UInt8(ascii: "0") + UInt8(m % 10)); m /= 10 }
        if negative { put(UInt8(ascii: "-")) }
        return length
    }

    /// The exact sum. Figures read from cells are added as 64-bit integers scaled to the least
    /// exponent, not by Foundation's arithmetic (about 5,000 instructions an addition): the same
    /// value, so the same compact `Decimal` (NumberReadingTests compare their bytes).
    static func sum(_ values: some Collection<Decimal>) -> Decimal {
        var total: Int64 = 0
        var exponent = 0
        for v in values {
            guard var (term, e) = v.scaledParts else { return values.reduce(0, +) }
            let scaled = e < exponent ? scale(&total, by: exponent - e) : scale(&term, by: e - exponent)
            exponent = min(exponent, e)
            let (t, overflow) = total.addingReportingOverflow(term)
            guard scaled, !overflow else { return values.reduce(0, +) }
            total = t
        }
        guard total != 0 else { return 0 }
        return Decimal(sign: total < 0 ? .minus : .plus, exponent: exponent, significand: Decimal(total.magnitude))
    }

    /// `a < b`, on the digits when both fit 64 bits (Foundation's comparison costs about 5,000 instructions).
    static func isLess(_ a: Decimal, than b: Decimal) -> Bool {
        guard var (x, ea) = a.scaledParts, var (y, eb) = b.scaledParts,
              ea < eb ? scale(&y, by: eb - ea) : scale(&x, by: ea - eb) else { return a < b }
        return x < y
    }

    /// The value as a 64-bit integer times 10^exponent, for exponents within ±18.
    private var scaledParts: (value: Int64, exponent: Int)? {
        guard let (m, e) = smallParts, m <= UInt64(Int64.max), (-18...18).contains(e) else { return nil }
        return (sign == .minus ? -Int64(m) : Int64(m), e)
    }

    /// Multiplies by 10^`places`, false on overflow.
    private static func scale(_ v: inout Int64, by places: Int) -> Bool {
        for _ in 0..<places {
            let (r, overflow) = v.multipliedReportingOverflow(by: 10)
            if overflow { return false }
            v = r
        }
        return true
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
