import Foundation

/// A value kept in the history store as bytes rather than JSON: its fields in a fixed order,
/// integers as varints, text as UTF-8 after its length, no field names. A reader takes the
/// fields in the order the writer gave them, so a change of layout must raise the store's
/// schema version (`HistoryStore.schemaVersion`), which rebuilds the store from the archive.
/// Codable stays the definition of what a value holds; the store's tests hold the two equal.
public protocol BinaryStorable {
    func encode(into w: inout BinaryWriter)
    init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed)
    /// Passes over a value's binary form without making the value (by default, decoding it).
    static func skip(_ r: inout BinaryReader) throws(BinaryReader.Malformed)
}

extension BinaryStorable {
    public static func skip(_ r: inout BinaryReader) throws(BinaryReader.Malformed) { _ = try Self(decoding: &r) }
}

/// Appends values to a byte buffer.
public struct BinaryWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    /// Room for `count` more bytes at once, rather than doubling on the way there.
    public mutating func reserve(_ count: Int) { bytes.reserveCapacity(bytes.count + count) }

    /// LEB128: seven bits a byte, low bits first.
    public mutating func write(_ v: UInt) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func write(bytes b: UnsafeRawBufferPointer) { bytes.append(contentsOf: b) }

    /// Text as its UTF-8 bytes after their count: what `String` reads back.
    public mutating func write(text b: UnsafeBufferPointer<UInt8>) {
        write(UInt(b.count))
        write(bytes: UnsafeRawBufferPointer(b))
    }

    public mutating func write<T: BinaryStorable>(_ v: T) { v.encode(into: &self) }
}

/// Takes values back in the order a `BinaryWriter` appended them.
public struct BinaryReader {
    /// Bytes that end early or do not hold what the layout says, and where.
    public struct Malformed: Error, CustomStringConvertible {
        public var offset: Int
        public var detail: String
        public var description: String { "byte \(offset): \(detail)" }
    }

    private let bytes: UnsafeRawBufferPointer
    public private(set) var offset = 0

    /// Reads `bytes`, which must outlive the reader (use it inside `withUnsafeBytes`).
    public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    public var atEnd: Bool { offset == bytes.count }

    public func malformed(_ detail: String) -> Malformed { Malformed(offset: offset, detail: detail) }

    public mutating func byte() throws(Malformed) -> UInt8 {
        guard offset < bytes.count else { throw malformed("ends early") }
        defer { offset += 1 }
        return bytes[offset]
    }

    public mutating func read(_: UInt.Type = UInt.self) throws(Malformed) -> UInt {
        var v: UInt = 0
        var shift: UInt = 0
        while true {
            let b = try byte()
            guard shift < UInt(UInt.bitWidth) else { throw malformed("varint too long") }
            v |= UInt(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    /// A count or length, which cannot be more than the bytes left.
    public mutating func count() throws(Malformed) -> Int {
        let n: UInt = try read()
        guard n <= UInt(bytes.count - offset) else { throw malformed("count \(n) past the end") }
        return Int(n)
    }

    /// The next `n` bytes (`n` from `count()`).
    public mutating func take(_ n: Int) -> UnsafeRawBufferPointer {
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n])
    }

    /// The next `n` bytes of a field of fixed size.
    public mutating func fixed(_ n: Int) throws(Malformed) -> UnsafeRawBufferPointer {
        guard n <= bytes.count - offset else { throw malformed("ends early") }
        return take(n)
    }

    public mutating func read<T: BinaryStorable>(_: T.Type = T.self) throws(Malformed) -> T { try T(decoding: &self) }
}

extension Int: BinaryStorable {
    /// Zigzag, so that small negative numbers stay short.
    public func encode(into w: inout BinaryWriter) { w.write(UInt(bitPattern: (self << 1) ^ (self >> (Int.bitWidth - 1)))) }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        let u: UInt = try r.read()
        self = Int(bitPattern: u >> 1) ^ -Int(bitPattern: u & 1)
    }
}

extension Bool: BinaryStorable {
    public func encode(into w: inout BinaryWriter) { w.write(UInt(self ? 1 : 0)) }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        switch try r.byte() {
        case 0: self = false
        case 1: self = true
        case let b: throw r.malformed("not a flag: \(b)")
        }
    }
}

extension String: BinaryStorable {
    public func encode(into w: inout BinaryWriter) {
        // In place (a native or small string always is); a bridged one made contiguous first.
        if utf8.withContiguousStorageIfAvailable({ w.write(text: $0) }) != nil { return }
        var s = self
        s.withUTF8 { w.write(text: $0) }
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        self = String(decoding: r.take(try r.count()), as: UTF8.self)
    }

    public static func skip(_ r: inout BinaryReader) throws(BinaryReader.Malformed) { _ = r.take(try r.count()) }
}

extension Decimal: BinaryStorable {
    /// As its text (`-0.000001`), as JSON had it: Decimal is kept compact, so the text is exact.
    /// `plain` is `description`'s text, written without Foundation (BinaryFormTests compare them).
    public func encode(into w: inout BinaryWriter) {
        withPlainUTF8 { w.write(text: $0) }
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        let text = r.take(try r.count())
        if let d = Self.digits(text) {
            self = d
        } else if let d = Decimal(string: String(decoding: text, as: UTF8.self), locale: Locale(identifier: "en_US_POSIX")) {
            self = d
        } else {
            throw r.malformed("not a decimal: \(String(decoding: text, as: UTF8.self))")
        }
    }

    public static func skip(_ r: inout BinaryReader) throws(BinaryReader.Malformed) { _ = r.take(try r.count()) }

    /// `-12.034` of at most 18 digits, built from its digits (as `NumberReading` does); nil for any other text.
    private static func digits(_ text: UnsafeRawBufferPointer) -> Decimal? {
        let negative = text.first == UInt8(ascii: "-")
        var mantissa: UInt64 = 0
        var digits = 0
        var decimals = 0
        var point = false
        for c in text.dropFirst(negative ? 1 : 0) {
            if c == UInt8(ascii: "."), !point {
                point = true
            } else if c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9"), digits < 18 {
                mantissa = mantissa * 10 + UInt64(c - UInt8(ascii: "0"))
                digits += 1
                if point { decimals += 1 }
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        return Decimal(sign: negative ? .minus : .plus, exponent: -decimals, significand: Decimal(mantissa))
    }
}

/// A flag, then the value when there is one.
extension Optional: BinaryStorable where Wrapped: BinaryStorable {
    public func encode(into w: inout BinaryWriter) {
        switch self {
        case .none: false.encode(into: &w)
        case .some(let v):
            true.encode(into: &w)
            v.encode(into: &w)
        }
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        self = try Bool(decoding: &r) ? try Wrapped(decoding: &r) : nil
    }

    public static func skip(_ r: inout BinaryReader) throws(BinaryReader.Malformed) {
        if try Bool(decoding: &r) { try Wrapped.skip(&r) }
    }
}

/// The count, then each element.
extension Array: BinaryStorable where Element: BinaryStorable {
    public func encode(into w: inout BinaryWriter) {
        w.write(UInt(count))
        for v in self { v.encode(into: &w) }
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        let n = try r.count()
        self = []
        reserveCapacity(n)
        for _ in 0..<n { append(try Element(decoding: &r)) }
    }

    public static func skip(_ r: inout BinaryReader) throws(BinaryReader.Malformed) {
        for _ in 0..<(try r.count()) { try Element.skip(&r) }
    }
}

extension BinaryWriter {
    /// The count, then each key and its value: `Dictionary`'s binary form, and that of what reads
    /// as a dictionary (`FieldValues`).
    public mutating func write<K: BinaryStorable, V: BinaryStorable>(pairs: some Sequence<(key: K, value: V)>, count: Int) {
        write(UInt(count))
        for (k, v) in pairs {
            k.encode(into: &self)
            v.encode(into: &self)
        }
    }
}

extension BinaryReader {
    /// Passes over what `BinaryWriter.write(pairs:count:)` wrote.
    public mutating func skipPairs<K: BinaryStorable, V: BinaryStorable>(_: K.Type, _: V.Type) throws(Malformed) {
        for _ in 0..<(try count()) {
            try K.skip(&self)
            try V.skip(&self)
        }
    }
}

/// The count, then each key and its value, in the dictionary's own order.
extension Dictionary: BinaryStorable where Key: BinaryStorable, Value: BinaryStorable {
    public func encode(into w: inout BinaryWriter) { w.write(pairs: self, count: count) }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        let n = try r.count()
        self = [:]
        reserveCapacity(n)
        for _ in 0..<n {
            let k = try Key(decoding: &r)
            self[k] = try Value(decoding: &r)
        }
    }

    public static func skip(_ r: inout BinaryReader) throws(BinaryReader.Malformed) { try r.skipPairs(Key.self, Value.self) }
}
