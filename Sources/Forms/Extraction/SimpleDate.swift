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
        guard let m = Self.datePattern.firstRange(in: s) else { return nil }
        let numbers = s[m].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        self.init(year: numbers[0], month: numbers[1], day: numbers[2])
    }

    private static let datePattern = Pattern(#"(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})"#)

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
