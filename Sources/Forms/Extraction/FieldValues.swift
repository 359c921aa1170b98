import Foundation

/// Attachment 1's figures by field id, as a dictionary reads them. Every field of Attachment 1's
/// layouts (`Templates`) has a slot, known once: a report keeps the figures it has in slot order
/// and a bit per slot saying which, not a dictionary of its own (a national month's 3,000 were
/// 7 MB at the run's peak, the window of earlier months twelve times that). An id no layout has
/// (a test's, or one read back from a store of other templates) is kept beside them, never lost.
public struct FieldValues: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// Which slots have a figure: bit `s` for slot `s`.
    private var present: UInt64 = 0
    /// The figures of the slots present, in slot order.
    private var figures: [Decimal] = []
    private var others: [String: Decimal] = [:]

    public init() {}

    /// Room for `count` figures, so that the report's storage is its own size.
    public init(minimumCapacity count: Int) { figures.reserveCapacity(count) }

    public init(_ values: [String: Decimal]) {
        for (id, v) in values { self[id] = v }
    }

    public init(dictionaryLiteral elements: (String, Decimal)...) {
        for (id, v) in elements { self[id] = v }
    }

    public subscript(id: String) -> Decimal? {
        get {
            guard let s = Slots.shared.slot(id) else { return others[id] }
            return self[slot: s]
        }
        set {
            guard let s = Slots.shared.slot(id) else { return others[id] = newValue }
            self[slot: s] = newValue
        }
    }

    private subscript(slot s: Int) -> Decimal? {
        get {
            let bit = UInt64(1) << s
            return present & bit == 0 ? nil : figures[(present & (bit - 1)).nonzeroBitCount]
        }
        set {
            let bit = UInt64(1) << s
            let at = (present & (bit - 1)).nonzeroBitCount
            switch (present & bit != 0, newValue) {
            case (true, let v?): figures[at] = v
            case (true, nil): figures.remove(at: at); present &= ~bit
            case (false, let v?): figures.insert(v, at: at); present |= bit
            case (false, nil): break
            }
        }
    }

    public var count: Int { figures.count + others.count }
    public var isEmpty: Bool { count == 0 }

    /// The ids with a figure: the layouts' in slot order, then any others by their bytes.
    public var keys: [String] { map(\.key) }
    public var values: [Decimal] { map(\.value) }

    public func makeIterator() -> IndexingIterator<[(key: String, value: Decimal)]> {
        var all: [(key: String, value: Decimal)] = []
        all.reserveCapacity(count)
        var bits = present, at = 0
        while bits != 0 {
            all.append((Slots.shared.ids[bits.trailingZeroBitCount], figures[at]))
            bits &= bits - 1
            at += 1
        }
        for id in others.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            all.append((id, others[id]!))
        }
        return all.makeIterator()
    }

    /// The slots: every Attachment 1 layout's field ids, each once, in the templates' order, found
    /// from their `String` or, as a store reads them, from their bytes (no `String` made).
    struct Slots: Sendable {
        static let shared = Slots(Templates.all.filter { $0.attachment == .one }.flatMap { $0.fields.map(\.id) })

        let ids: [String]
        private let byID: [String: Int]
        /// Open addressing over the ids' bytes: FNV-1a, a table four times their number.
        private let hashes: [UInt64], places: [Int], bytes: [[UInt8]]

        init(_ list: [String]) {
            var ids: [String] = []
            for id in list where !ids.contains(id) { ids.append(id) }
            precondition(ids.count <= UInt64.bitWidth, "Attachment 1 has \(ids.count) fields, FieldValues room for 64")
            self.ids = ids
            byID = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
            var size = 16
            while size < ids.count * 4 { size *= 2 }
            var (hashes, places, bytes) = ([UInt64](repeating: 0, count: size), [Int](repeating: -1, count: size),
                                           [[UInt8]](repeating: [], count: size))
            for (s, id) in ids.enumerated() {
                let b = Array(id.utf8)
                let h = b.withUnsafeBytes(Self.hash)
                var i = Int(truncatingIfNeeded: h) & (size - 1)
                while places[i] >= 0 { i = (i + 1) & (size - 1) }
                (hashes[i], places[i], bytes[i]) = (h, s, b)
            }
            (self.hashes, self.places, self.bytes) = (hashes, places, bytes)
        }

        func slot(_ id: String) -> Int? { byID[id] }

        func slot(_ b: UnsafeRawBufferPointer) -> Int? {
            let h = Self.hash(b)
            var i = Int(truncatingIfNeeded: h) & (hashes.count - 1)
            while places[i] >= 0 {
                if hashes[i] == h, bytes[i].count == b.count,
                   b.isEmpty || bytes[i].withUnsafeBytes({ memcmp($0.baseAddress!, b.baseAddress!, b.count) == 0 }) {
                    return places[i]
                }
                i = (i + 1) & (hashes.count - 1)
            }
            return nil
        }

        private static func hash(_ b: UnsafeRawBufferPointer) -> UInt64 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for x in b { h = (h ^ UInt64(x)) &* 0x100_0000_01b3 }
            return h
        }
    }
}

extension FieldValues: Codable {
    /// As the dictionary it reads as.
    public func encode(to encoder: Encoder) throws {
        try Dictionary(uniqueKeysWithValues: self.map { ($0.key, $0.value) }).encode(to: encoder)
    }

    public init(from decoder: Decoder) throws { self.init(try [String: Decimal](from: decoder)) }
}

extension FieldValues: BinaryStorable {
    /// As `Dictionary`'s binary form: the count, then each id and its figure.
    public func encode(into w: inout BinaryWriter) { w.write(pairs: self, count: count) }

    /// A layout's id is found from its bytes, without a `String` made for it.
    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        let n = try r.count()
        self.init(minimumCapacity: n)
        for _ in 0..<n {
            var ahead = r
            if let s = Slots.shared.slot(ahead.take(try ahead.count())) {
                r = ahead
                self[slot: s] = try Decimal(decoding: &r)
            } else {
                let id = try String(decoding: &r)
                others[id] = try Decimal(decoding: &r)
            }
        }
    }

    public static func skip(_ r: inout BinaryReader) throws(BinaryReader.Malformed) { try r.skipPairs(String.self, Decimal.self) }
}
