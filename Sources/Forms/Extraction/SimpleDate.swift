import Foundation

/// A calendar day, as 填报时间 gives it.
public struct SimpleDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `2026年11月25日`, `2026-11-25`, `2026/11/25`, `2026.11.25` (full-width digits too).
    public init?(text: String) {
        let s = Label.normalize(text)
        guard let numbers = Self.numbersOnBytes(s) ?? Self.numbersByPattern(s), numbers.count == 3 else { return nil }
        self.init(year: numbers[0], month: numbers[1], day: numbers[2])
    }

    private static let datePattern = Pattern(#"(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})"#)

    /// The numbers of the pattern's first match in `s`, split at what is not a number: the definition.
    static func numbersByPattern(_ s: String) -> [Int]? {
        guard let m = datePattern.firstRange(in: s) else { return nil }
        return s[m].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    }

    /// `numbersByPattern(s)` found on the bytes of normalized text whose scalars the byte path
    /// keeps as they are (ASCII, ideographs, punctuation: its only `\d` are ASCII digits);
    /// `.some(nil)` when there is no match, nil when this text is left to the pattern (another
    /// scalar, or a separator in the match that is a number, such as 一).
    static func numbersOnBytes(_ s: String) -> [Int]?? {
        var s = s
        return s.withUTF8 { b -> [Int]?? in
            guard Label.isNormalized(b) else { return nil }
            let n = b.count
            func isDigit(_ i: Int) -> Bool { i < n && b[i] >= 0x30 && b[i] <= 0x39 }
            func scalarLength(_ i: Int) -> Int { b[i] < 0x80 ? 1 : b[i] < 0xE0 ? 2 : b[i] < 0xF0 ? 3 : 4 }
            var unsure = false
            /// From `i`, a run of 1–3 non-digits followed by a digit: where the digit is.
            func separator(from i: Int) -> Int? {
                var j = i, count = 0
                while j < n && !isDigit(j) {
                    count += 1
                    if count > 3 { return nil }
                    if b[j] >= 0x80, let (u, _) = Label.scalar(b, at: j),
                       Unicode.Scalar(u)?.properties.numericType != nil { unsure = true }
                    j += scalarLength(j)
                }
                return count > 0 && j < n ? j : nil
            }
            func value(_ from: Int, _ to: Int) -> Int { (from..<to).reduce(0) { $0 * 10 + Int(b[$1] - 0x30) } }
            var i = 0
            while i + 4 <= n {
                defer { i += 1 }
                guard isDigit(i), isDigit(i + 1), isDigit(i + 2), isDigit(i + 3) else { continue }
                unsure = false
                guard let m = separator(from: i + 4) else { continue }
                var e = m
                while isDigit(e) { e += 1 }
                guard e - m <= 2, let d = separator(from: e) else { continue }
                let dayEnd = isDigit(d + 1) ? d + 2 : d + 1
                if unsure { return nil }
                return .some([value(i, i + 4), value(m, e), value(d, dayEnd)])
            }
            return .some(nil)
        }
    }

    /// An Excel date serial in the 1900 or 1904 system.
    public init?(serial: Double, date1904: Bool) {
        guard serial >= 1, serial < 2_958_466 else { return nil }
        let days = Int(serial.rounded(.down)) + (date1904 ? 1462 : 0)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let epoch = DateComponents(calendar: calendar, year: 1899, month: 12, day: 30).date!
        guard let date = calendar.date(byAdding: .day, value: days, to: epoch) else { return nil }
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: c.year!, month: c.month!, day: c.day!)
    }

    public var description: String {
        Self.padded(year, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2)
    }

    /// `n` zero-padded to `width` digits, as `String(format: "%0<width>d", n)` writes it.
    public static func padded(_ n: Int, _ width: Int) -> String {
        guard n >= 0 else { return String(format: "%0\(width)d", n) }
        let digits = String(n)
        return digits.utf8.count >= width ? digits : String(repeating: "0", count: width - digits.utf8.count) + digits
    }

    public static func < (a: SimpleDate, b: SimpleDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}
