/// Text made as UTF-8 bytes: an output of many small pieces (a chart's markup, a receipt), each
/// of which a `String` append costs 300–500 instructions.
public struct TextBytes {
    public var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Copied from the string's own storage at once: `bytes += s.utf8` went through the
    /// sequence for some 220 instructions a piece.
    public static func += (t: inout TextBytes, s: String) {
        if s.utf8.withContiguousStorageIfAvailable({ t.bytes.append(contentsOf: $0) }) == nil { t.bytes += s.utf8 }
    }

    public mutating func add(_ n: Int) { bytes += String(n).utf8 }

    /// With one decimal, as `FixedPoint` writes it.
    public mutating func add(_ v: Double) { FixedPoint.append(v, decimals: 1, to: &bytes) }

    /// ` name="value"`, the value written as `add` writes it (markup's attributes).
    public mutating func attribute(_ name: String, _ value: Double) { open(name); add(value); bytes.append(0x22) }

    public mutating func attribute(_ name: String, _ value: Int) { open(name); add(value); bytes.append(0x22) }

    public mutating func attribute(_ name: String, _ value: String) { open(name); self += value; bytes.append(0x22) }

    private mutating func open(_ name: String) {
        bytes.append(0x20)
        self += name
        bytes += "=\"".utf8
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }
}
