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

    /// The message with each `{name}` filled by `value(name)`; those it has none for are left as written.
    public func render(_ value: (String) -> String?) -> String {
        // On the UTF-8 bytes: the braces are ASCII, and every finding renders its message (a
        // month over a long ledger has thousands).
        var message = message
        let out = message.withUTF8 { m -> [UInt8] in
            var out: [UInt8] = []
            out.reserveCapacity(m.count + 64)
            var i = 0
            // The text up to each placeholder is copied whole; a brace never closed ends them.
            while let open = m[i...].firstIndex(of: UInt8(ascii: "{")), let close = m[(open + 1)...].firstIndex(of: UInt8(ascii: "}")) {
                out += UnsafeBufferPointer(rebasing: m[i..<open])
                if let filled = value(String(decoding: UnsafeBufferPointer(rebasing: m[(open + 1)..<close]), as: UTF8.self)) {
                    out += filled.utf8
                } else {
                    out += UnsafeBufferPointer(rebasing: m[open...close])
                }
                i = close + 1
            }
            out += UnsafeBufferPointer(rebasing: m[i...])
            return out
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func == (a: Rule, b: Rule) -> Bool { a.id == b.id }
    public func hash(into h: inout Hasher) { h.combine(id) }
}
