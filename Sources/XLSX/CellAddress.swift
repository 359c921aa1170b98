/// A cell position, 1-based, as in `B7` (row 7, column 2).
public struct CellAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var row: Int
    public var column: Int

    public static let maxRow = 1_048_576
    public static let maxColumn = 16_384

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses `A1`, `$AB$12`; nil for anything else or past Excel's grid.
    public init?(_ text: some StringProtocol) {
        var s = Substring(text)
        guard let a = s.withUTF8({ Self.parse(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = a
    }

    /// Parses a reference from raw bytes, without allocating.
    @inline(__always)
    static func parse(_ bytes: UnsafeRawBufferPointer) -> CellAddress? {
        var i = 0
        let n = bytes.count
        if i < n && bytes[i] == UInt8(ascii: "$") { i += 1 }
        var column = 0
        var letters = 0
        while i < n {
            var b = bytes[i]
            if b >= 0x61 && b <= 0x7A { b -= 0x20 }
            guard b >= 0x41 && b <= 0x5A else { break }
            column = column * 26 + Int(b - 0x40)
            letters += 1
            i += 1
            if letters > 3 { return nil }
        }
        if i < n && bytes[i] == UInt8(ascii: "$") { i += 1 }
        var row = 0
        var digits = 0
        while i < n, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            row = row * 10 + Int(bytes[i] - 0x30)
            digits += 1
            i += 1
            if digits > 7 { return nil }
        }
        guard i == n, letters > 0, digits > 0, row >= 1, row <= maxRow, column <= maxColumn else { return nil }
        return CellAddress(row: row, column: column)
    }

    /// `1 → A`, `28 → AB`.
    public static func columnLetters(_ column: Int) -> String { text(column: column, row: nil) }

    /// `B8`: the letters and the row's digits written from the last into a buffer on the stack,
    /// made into one small string (every finding's cell is written as this, in several outputs).
    public var a1: String { Self.text(column: column, row: row) }

    private static func text(column: Int, row: Int?) -> String {
        if let row, row < 0 { return columnLetters(column) + String(row) }  // no sheet has one; as `String` writes it
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
            var at = buffer.count
            if var r = row {
                repeat {
                    at -= 1
                    buffer[at] = UInt8(ascii: "0") + UInt8(r % 10)
                    r /= 10
                } while r > 0
            }
            var c = column
            while c > 0 {
                at -= 1
                buffer[at] = UInt8(65 + (c - 1) % 26)
                c = (c - 1) / 26
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[at...]), as: UTF8.self)
        }
    }
    public var description: String { a1 }

    public static func < (l: CellAddress, r: CellAddress) -> Bool {
        (l.row, l.column) < (r.row, r.column)
    }
}

/// A rectangle of cells, as in `A4:A7` (a single cell is a range of one).
public struct CellRange: Hashable, Sendable, CustomStringConvertible {
    public var first: CellAddress
    public var last: CellAddress

    public init(_ first: CellAddress, _ last: CellAddress) {
        self.first = CellAddress(row: min(first.row, last.row), column: min(first.column, last.column))
        self.last = CellAddress(row: max(first.row, last.row), column: max(first.column, last.column))
    }

    /// Parses `A4:A7`, `B2`, `$A$1:$B$9`.
    public init?(_ text: some StringProtocol) {
        var s = Substring(text)
        guard let r = s.withUTF8({ Self.parse(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = r
    }

    /// Parses a range from raw bytes (a merge's `ref` as the parser hands it over), without allocating.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> CellRange? {
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            return CellAddress.parse(bytes).map { CellRange($0, $0) }
        }
        guard let a = CellAddress.parse(UnsafeRawBufferPointer(rebasing: bytes[..<colon])),
              let b = CellAddress.parse(UnsafeRawBufferPointer(rebasing: bytes[(colon + 1)...])) else { return nil }
        return CellRange(a, b)
    }

    /// A space-separated list, as in a data validation's `sqref`; unreadable items are skipped.
    public static func list(_ sqref: some StringProtocol) -> [CellRange] {
        sqref.splitASCII { $0 == UInt8(ascii: " ") || $0 == 0x0A || $0 == 0x09 }.compactMap { CellRange($0) }
    }

    public func contains(_ a: CellAddress) -> Bool {
        a.row >= first.row && a.row <= last.row && a.column >= first.column && a.column <= last.column
    }

    public var isSingleCell: Bool { first == last }
    public var a1: String { isSingleCell ? first.a1 : "\(first.a1):\(last.a1)" }
    public var description: String { a1 }
}
