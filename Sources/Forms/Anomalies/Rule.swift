/// How serious a finding is.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    /// 强制性: the figures cannot be accepted as they are.
    case error
    /// 提示性: plausible, but must be explained in 备注.
    case warning
    case info

    public var chinese: String {
        switch self {
        case .error: return "强制性错误"
        case .warning: return "提示性问题"
        case .info: return "提示信息"
        }
    }

    private var rank: Int { Severity.allCases.firstIndex(of: self)! }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// What a finding is about (DOMAIN.md's check categories).
public enum Category: String, Sendable, CaseIterable {
    case file, template, value
    case intraTable = "intra_table"
    case crossTable = "cross_table"
    case crossPeriod = "cross_period"
    case roster, metadata

    public var chinese: String {
        switch self {
        case .file: return "文件"
        case .template: return "表样"
        case .value: return "数值"
        case .intraTable: return "表内逻辑"
        case .crossTable: return "表间逻辑"
        case .crossPeriod: return "跨期比对"
        case .roster: return "报送情况"
        case .metadata: return "填报信息"
        }
    }
}

/// A check, as data: an id, a category, a severity, a Chinese message template whose
/// `{name}` placeholders are filled from the finding, and a one-line description.
public struct Rule: Sendable, Hashable {
    public let id: String
    public let category: Category
    public let severity: Severity
    public let message: String
    public let description: String

    /// The message with its placeholders filled; unknown placeholders are left as written.
    public func render(_ values: [String: String]) -> String {
        // The braces are ASCII: found among the UTF-8 bytes, not by walking Characters.
        var out = ""
        var rest = Substring(message)
        while let open = rest.utf8.firstIndex(of: UInt8(ascii: "{")) {
            out += rest[..<open]
            guard let close = rest.utf8[open...].firstIndex(of: UInt8(ascii: "}")) else { break }
            let key = String(rest[rest.utf8.index(after: open)..<close])
            out += values[key] ?? "{\(key)}"
            rest = rest[rest.utf8.index(after: close)...]
        }
        return out + rest
    }

    public static func == (a: Rule, b: Rule) -> Bool { a.id == b.id }
    public func hash(into h: inout Hasher) { h.combine(id) }
}
