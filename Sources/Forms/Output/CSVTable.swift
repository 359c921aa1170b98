import Foundation

/// A CSV cell: text a person typed, which must never run as a formula in Excel, or a number,
/// which must stay a number (a negative one starts with `-`).
public enum CSVValue: Sendable, Equatable, ExpressibleByStringLiteral {
    case text(String)
    case number(String)

    public init(stringLiteral s: String) { self = .text(s) }

    public static func number(_ d: Decimal?) -> CSVValue { .number(d?.plain ?? "") }
    public static func number(_ i: Int?) -> CSVValue { .number(i.map(String.init) ?? "") }

    /// The field as written: text that Excel would read as a formula (`=`, `+`, `-`, `@`, or a
    /// leading tab or carriage return) gets a leading apostrophe.
    var field: String {
        switch self {
        case .number(let s): return s
        case .text(let s):
            guard let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return s }
            return "'" + s
        }
    }
}

/// An RFC 4180 table: UTF-8 with a byte-order mark (so Excel reads the Chinese right), CRLF
/// line ends, fields quoted only when they must be.
public struct CSVTable: Sendable {
    public let header: [String]
    /// The table as written so far: each row is encoded as it is appended, so a large table
    /// is held once, as UTF-8.
    public private(set) var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// The rows as values, for the history store's copy of the month.
    public private(set) var rows: [[CSVValue]] = []

    public init(header: [String]) {
        self.header = header
        Self.append(header, to: &bytes)
    }

    public mutating func append(_ row: [CSVValue]) {
        precondition(row.count == header.count, "CSV row has \(row.count) fields, header \(header.count)")
        Self.append(row.map(\.field), to: &bytes)
        rows.append(row)
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public func write(to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private static func append(_ fields: [String], to out: inout [UInt8]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            if needsQuotes(f) {
                out.append(UInt8(ascii: "\""))
                for b in f.utf8 {
                    out.append(b)
                    if b == UInt8(ascii: "\"") { out.append(b) }
                }
                out.append(UInt8(ascii: "\""))
            } else {
                out += f.utf8
            }
        }
        out += [0x0D, 0x0A]
    }

    /// A comma, a quote, or a line break that is a character of its own (CR LF together is one
    /// character, and not one of those). Simple text (`Label.isSimple`) is looked at as bytes.
    private static func needsQuotes(_ f: String) -> Bool {
        var g = f
        let onBytes: Bool? = g.withUTF8 { b in
            var found = false
            var i = 0
            while i < b.count {
                switch b[i] {
                case UInt8(ascii: ","), UInt8(ascii: "\""): found = true
                case 0x0A where i == 0 || b[i - 1] != 0x0D: found = true
                case 0x0D where i + 1 == b.count || b[i + 1] != 0x0A: found = true
                default: break
                }
                guard let length = Label.simpleLength(b, at: i) else { return nil }
                i += length
            }
            return found
        }
        return onBytes ?? f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
    }
}
