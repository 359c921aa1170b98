import XLSX

/// One finding: which rule, where a person should look, what was expected and what was found.
public struct Anomaly: Sendable, Equatable, Codable {
    public let rule: Rule
    public var period: Period?
    public var district: String?
    public var attachment: Attachment?
    public var file: String
    public var sheet: String?
    public var cell: CellAddress?
    public var message: String
    public var expected: String
    public var actual: String
    /// Where one cell change would make failing figures agree: which cell and what value.
    public var suggestion: String
    /// The suggestion's cell and value, where it names one: findings with the same one share a root cause.
    public var correction: Correction?
    /// The primary finding of this one's root cause, `rule-id Sheet!A1`, when one correction
    /// resolves several findings (`RootCause`); empty otherwise.
    public var root = ""
    /// What the workbook's 备注 says about a 提示性 finding, when it names its field or cell
    /// (see `Explanations`); nil while the finding is open.
    public var explanation: String?

    public init(_ rule: Rule, file: String, sheet: String? = nil, cell: CellAddress? = nil,
                attachment: Attachment? = nil, expected: String = "", actual: String = "",
                suggestion: String = "", correction: Correction? = nil, values: [String: String] = [:]) {
        self.rule = rule
        self.file = file
        self.sheet = sheet
        self.cell = cell
        self.attachment = attachment
        self.expected = expected
        self.actual = actual
        self.suggestion = suggestion
        self.correction = correction
        // `values`, then the cell and the two figures: looked up as the template names them.
        message = rule.render { name in
            if let v = values[name] { return v }
            switch name {
            case "cell": return cell?.a1 ?? ""
            case "expected": return expected
            case "actual": return actual
            default: return nil
            }
        }
    }

    public var severity: Severity { rule.severity }
    /// `explained` once 备注 speaks to it, else `open`; only open findings count.
    public var isOpen: Bool { explanation == nil }
    public var category: Category { rule.category }

    /// `Sheet1!B8`, or the sheet alone, or nothing.
    public var place: String {
        switch (sheet, cell) {
        case let (s?, c?): return "\(s)!\(c.a1)"
        case let (s?, nil): return s
        default: return ""
        }
    }
}
