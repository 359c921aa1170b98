/// What a column holds, which decides how its cells are read and checked.
public enum FieldType: Sendable, Equatable {
    /// A whole non-negative number of problems, persons, units or times.
    case count
    /// Money in 万元 (10,000 yuan), with decimals.
    case amount
    /// Free text a clerk typed.
    case text
    /// A value from a drop-down list; `multiple` when a cell may hold one per person.
    case choice(DropDownList.ID, multiple: Bool)
    /// The register's running number 1, 2, 3 …
    case sequence
}

/// One leaf column of a template.
public struct Field: Sendable, Equatable {
    /// The id used in the normalized CSV (`problems_found`).
    public let id: String
    /// The header labels from the top row down to the leaf (`执纪问责情况/单位/检查`).
    public let path: [String]
    public let type: FieldType
    /// 万元, 人, 人次, 个, 次 … (empty for text).
    public let unit: String

    public var label: String { path.last ?? id }
}

/// A node of a header tree: a group spanning its children, or a leaf column.
public indirect enum HeaderNode: Sendable {
    /// A group label over its children. It fills one row, or, with `fillsDown`, every row
    /// down to its children, which then sit in the header's bottom row.
    case group(String, fillsDown: Bool = false, [HeaderNode])
    /// A leaf column; its label reaches down to the header's bottom row.
    case leaf(String, id: String, FieldType, unit: String = "")
}
