import XLSX

/// Which of the two monthly tables.
public enum Attachment: Int, Sendable, Hashable, Comparable, CaseIterable, Codable, CustomStringConvertible {
    case one = 1
    case two = 2

    public var label: String { "附件\(rawValue)" }
    public var description: String { label }
    public static func < (a: Attachment, b: Attachment) -> Bool { a.rawValue < b.rawValue }
}

/// A table's layout, defined once as data: title, header tree and leaf fields. Recognition,
/// extraction, the blank-template writer and the data dictionary all read from it.
public struct Template: Sendable {
    public let attachment: Attachment
    /// `canonical`, or the name of a known variant.
    public let layout: String
    /// The title after the district name: `农村危房改造…统计表`.
    public let tableName: String
    public let header: [HeaderNode]
    /// Header rows.
    public let depth: Int
    /// Leaf columns, left to right.
    public let fields: [Field]
    /// What recognition compares cells with, normalized once (`Label`): the top-level labels,
    /// the table name, each field's header path.
    let normalizedTop: Set<TextKey>
    /// The first scalar of each normalized top-level label: most cells start with none of them.
    let topFirstScalars: Set<UInt32>
    let normalizedTableName: String
    /// Each field's normalized path, its labels joined by line breaks (which normalized labels never hold).
    let normalizedPathKeys: [TextKey]

    init(attachment: Attachment, layout: String, tableName: String, header: [HeaderNode]) {
        self.attachment = attachment
        self.layout = layout
        self.tableName = tableName
        self.header = header
        depth = header.map(Self.depth).max() ?? 1
        var fields: [Field] = []
        func walk(_ node: HeaderNode, _ path: [String]) {
            switch node {
            case .group(let label, _, let children): children.forEach { walk($0, path + [label]) }
            case .leaf(let label, let id, let type, let unit):
                fields.append(Field(id: id, path: path + [label], type: type, unit: unit))
            }
        }
        header.forEach { walk($0, []) }
        self.fields = fields
        normalizedTop = Set(header.map { node -> TextKey in
            switch node {
            case .group(let l, _, _), .leaf(let l, _, _, _): return TextKey(Label.normalize(l))
            }
        })
        topFirstScalars = Set(header.compactMap { node -> UInt32? in
            switch node {
            case .group(let l, _, _), .leaf(let l, _, _, _): return Label.normalize(l).unicodeScalars.first?.value
            }
        })
        normalizedTableName = Label.normalize(tableName)
        normalizedPathKeys = fields.map { TextKey($0.path.map(Label.normalize).joined(separator: "\n")) }
    }

    private static func depth(_ node: HeaderNode) -> Int {
        switch node {
        case .leaf: return 1
        case .group(_, _, let children): return 1 + (children.map(depth).max() ?? 0)
        }
    }

    public func field(_ id: String) -> Field? { fields.first { $0.id == id } }

    /// The header's labelled cells, with the header's top-left at `origin`: what the blank
    /// template writes and merges.
    public func headerCells(origin: CellAddress) -> [(label: String, range: CellRange)] {
        var cells: [(String, CellRange)] = []
        let bottom = origin.row + depth - 1
        func place(_ node: HeaderNode, row: Int, column: Int) -> Int {
            switch node {
            case .leaf(let label, _, _, _):
                cells.append((label, CellRange(CellAddress(row: row, column: column),
                                               CellAddress(row: bottom, column: column))))
                return 1
            case .group(let label, let fillsDown, let children):
                let childRow = fillsDown ? bottom : row + 1
                var width = 0
                for child in children { width += place(child, row: childRow, column: column + width) }
                cells.append((label, CellRange(CellAddress(row: row, column: column),
                                               CellAddress(row: childRow - 1, column: column + width - 1))))
                return width
            }
        }
        var column = origin.column
        for node in header { column += place(node, row: origin.row, column: column) }
        return cells.sorted { ($0.1.first.row, $0.1.first.column) < ($1.1.first.row, $1.1.first.column) }
    }

    /// The title as the template prints it: `东湖区农村危房…统计表（11月份）`.
    public func title(district: String?, month: Int?) -> String {
        "\(district ?? "＿＿区")\(tableName)（\(month.map(String.init) ?? "＊＊")月份）"
    }
}
