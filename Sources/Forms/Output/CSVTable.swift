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
    public private(set) var rows: [[CSVValue]] = []

    public init(header: [String]) { self.header = header }

    public mutating func append(_ row: [CSVValue]) {
        precondition(row.count == header.count, "CSV row has \(row.count) fields, header \(header.count)")
        rows.append(row)
    }

    public var text: String {
        var out = "\u{FEFF}"
        out += Self.line(header)
        for r in rows { out += Self.line(r.map(\.field)) }
        return out
    }

    public func write(to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private static func line(_ fields: [String]) -> String {
        fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
        }.joined(separator: ",") + "\r\n"
    }
}
