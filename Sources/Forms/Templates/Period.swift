/// A reporting month, `YYYY-MM`.
public struct Period: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Months since January of year 0: four bytes rather than two `Int`s. A national month
    /// holds a period in every clue listed and followed, and in each month a clue was listed in.
    private let ordinal: Int32

    public var year: Int { Int(ordinal / 12) }
    public var month: Int { Int(ordinal % 12) + 1 }

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1900...9999).contains(year) else { return nil }
        ordinal = Int32(year * 12 + month - 1)
    }

    /// Parses `2026-11`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }

    public var previous: Period { month == 1 ? Period(year: year - 1, month: 12)! : Period(year: year, month: month - 1)! }
    public var next: Period { month == 12 ? Period(year: year + 1, month: 1)! : Period(year: year, month: month + 1)! }
    /// Seven bytes (the year has four digits), written without interpolation's thousand
    /// instructions: a month's tables write it in every row.
    public var description: String {
        String(unsafeUninitializedCapacity: 7) { b in
            var y = year
            for i in stride(from: 3, through: 0, by: -1) { b[i] = UInt8(ascii: "0") + UInt8(y % 10); y /= 10 }
            b[4] = UInt8(ascii: "-")
            b[5] = UInt8(ascii: "0") + UInt8(month / 10)
            b[6] = UInt8(ascii: "0") + UInt8(month % 10)
            return 7
        }
    }
    /// Whole months from `earlier` to this one (negative when `earlier` is later).
    public func months(since earlier: Period) -> Int { Int(ordinal) - Int(earlier.ordinal) }

    /// `2026年11月`: at most twelve bytes, written as `description` is (a month over a long
    /// ledger renders it twice in each of thousands of findings).
    public var chinese: String {
        String(unsafeUninitializedCapacity: 12) { b in
            var y = year
            for i in stride(from: 3, through: 0, by: -1) { b[i] = UInt8(ascii: "0") + UInt8(y % 10); y /= 10 }
            var n = 4
            for byte in "年".utf8 { b[n] = byte; n += 1 }
            if month >= 10 { b[n] = UInt8(ascii: "1"); n += 1 }
            b[n] = UInt8(ascii: "0") + UInt8(month % 10)
            n += 1
            for byte in "月".utf8 { b[n] = byte; n += 1 }
            return n
        }
    }

    public static func < (a: Period, b: Period) -> Bool { a.ordinal < b.ordinal }

    private enum CodingKeys: String, CodingKey { case year, month }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let (year, month) = (try c.decode(Int.self, forKey: .year), try c.decode(Int.self, forKey: .month))
        guard let p = Period(year: year, month: month) else {
            throw DecodingError.dataCorruptedError(forKey: .month, in: c, debugDescription: "no month \(year)-\(month)")
        }
        self = p
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(year, forKey: .year)
        try c.encode(month, forKey: .month)
    }
}
