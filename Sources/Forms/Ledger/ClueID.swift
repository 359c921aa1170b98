import Foundation

/// A clue's id (`东湖区-2026-11-003`), held in two: its register's prefix
/// (`NormalizedCSV.clueIDPrefix`), one string that a district's clues of a month share, and the
/// clue's own part (`NormalizedCSV.clueNumber`, a few bytes a `String` holds inline). The ledger
/// keeps an id for every month a clue is listed in: one string of its own each was 94,000
/// allocations and 6 MB of a national month's peak. The id is the two joined, whatever the split
/// (an id read back from a store is all prefix).
public struct ClueID: Sendable, Equatable, CustomStringConvertible {
    public let prefix: String
    public let number: String

    public init(prefix: String, number: String) {
        self.prefix = prefix
        self.number = number
    }

    /// An id given whole.
    public init(_ text: String) { self.init(prefix: text, number: "") }

    public var description: String { number.isEmpty ? prefix : prefix + number }

    /// Equal as the whole ids are, as `String`s compare.
    public static func == (a: ClueID, b: ClueID) -> Bool {
        Label.sameBytes(a.prefix, b.prefix) ? a.number == b.number : a.description == b.description
    }

    /// Whether the id is its own NFC (`Label.isSimple`), as nearly every one is.
    var isSimple: Bool { Label.isSimple(prefix) && Label.isSimple(number) }

    /// The ids' UTF-8 bytes compared (`memcmp`, then the shorter first): negative when `a` comes first.
    static func compareBytes(_ a: ClueID, _ b: ClueID) -> Int32 {
        if Label.sameBytes(a.prefix, b.prefix) { return compare(a.number, b.number) }
        return compare(a.description, b.description)
    }

    /// Two strings' UTF-8 bytes compared.
    static func compare(_ a: String, _ b: String) -> Int32 {
        var (a, b) = (a, b)
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                let c = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
                return c != 0 ? c : Int32((x.count - y.count).signum())
            }
        }
    }

    /// The id as one CSV field.
    func write(into t: inout CSVTable) {
        t.put(prefix)
        t.put(number)
        t.endText()
    }
}

extension ClueID: BinaryStorable {
    /// As the whole id: what a store kept before the id was held in two.
    public func encode(into w: inout BinaryWriter) {
        var (prefix, number) = (prefix, number)
        prefix.withUTF8 { p in
            number.withUTF8 { n in
                w.write(UInt(p.count + n.count))
                w.write(bytes: UnsafeRawBufferPointer(p))
                w.write(bytes: UnsafeRawBufferPointer(n))
            }
        }
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) { self.init(try String(decoding: &r)) }
}
