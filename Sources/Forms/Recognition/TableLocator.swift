import XLSX

/// A table found on a sheet: which template it follows, where its header sits, and which
/// column holds each field. Drift from the template is reported as anomalies. A class: the
/// extractor asks it for columns per field and row, and copying its template and maps each
/// time cost more than the lookups.
final class LocatedTable {
    let template: Template
    /// The header's top row and first column.
    let origin: CellAddress
    /// Field id → column, made when first asked for (a register's clues carry it; Attachment 1
    /// reads by `fieldColumns` alone).
    private(set) lazy var columns: [String: Int] = {
        var columns = [String: Int](minimumCapacity: fieldColumns.count)
        for (f, c) in zip(template.fields, fieldColumns) { if let c { columns[f.id] = c } }
        return columns
    }()
    /// Each of the template's fields' column, by the field's index: no hashing of ids per row.
    let fieldColumns: [Int?]
    /// Columns the template does not have, with their header labels.
    let extraColumns: [(column: Int, label: String)]
    var headerBottom: Int { origin.row + template.depth - 1 }
    /// Header drift found while matching (missing, renamed, moved columns…), without file and period yet.
    let drift: [Anomaly]

    init(template: Template, origin: CellAddress, fieldColumns: [Int?], extraColumns: [(column: Int, label: String)],
         drift: [Anomaly]) {
        self.template = template
        self.origin = origin
        self.fieldColumns = fieldColumns
        self.extraColumns = extraColumns
        self.drift = drift
    }
}

/// Finds the tables of a sheet by their header text, wherever they sit.
enum TableLocator {
    /// The canonical position of both templates' header: row 4, column A.
    static let canonicalOrigin = CellAddress(row: 4, column: 1)

    static func locate(in grid: SheetGrid, file: String) -> [LocatedTable] {
        var found: [LocatedTable] = []
        // The text cells that may hold a top-level label of either template, with their first
        // normalized scalar (nil when unknown), found once for both: of a register's few
        // hundred text cells, a few dozen.
        let anyFirsts = anyTopFirstScalars
        var candidates: [(cell: Int, first: UInt32?)] = []
        for (i, cell) in grid.sheet.cells.enumerated() {
            guard case .string(let s) = cell.value else { continue }
            let first = Label.firstNormalizedScalar(s)
            if let first, !anyFirsts.contains(first) { continue }
            candidates.append((i, first))
        }
        for attachment in Attachment.allCases {
            let layouts = Templates.all.filter { $0.attachment == attachment }
            guard let origin = headerOrigin(of: layouts[0], in: grid, candidates: candidates) else { continue }
            let paths = columnPaths(grid, origin: origin, depth: layouts[0].depth)
            // Each column's path as one key (normalized labels hold no line break): paths are
            // compared as keys, not label by label.
            let keys = paths.mapValues(TextKey.init(joiningLines:))
            let header = Set(keys.values)
            let best = layouts.max { score($0, header) < score($1, header) }!
            found.append(match(best, paths: paths, keys: keys, origin: origin, grid: grid, file: file))
        }
        return found
    }

    /// The first normalized scalars of every template's top-level labels, made once (a set
    /// made for each sheet was 16,000 instructions).
    private static let anyTopFirstScalars = Array(Set(Templates.all.flatMap(\.topFirstScalars)))

    /// The top-left of the header: the row holding most of the template's top-level labels.
    private static func headerOrigin(of template: Template, in grid: SheetGrid,
                                     candidates: [(cell: Int, first: UInt32?)]) -> CellAddress? {
        let top = template.normalizedTop
        // A dozen scalars: looked through in a row, not hashed for every candidate.
        let topFirsts = Array(template.topFirstScalars)
        var hits: [Int: [Int]] = [:]
        for (i, first) in candidates {
            if let first, !topFirsts.contains(first) { continue }
            let cell = grid.sheet.cells[i]
            guard case .string(let s) = cell.value else { continue }
            guard top.contains(Label.normalizedKey(s)) else { continue }
            hits[cell.address.row, default: []].append(cell.address.column)
        }
        let needed = max(2, (top.count * 2 + 4) / 5)
        guard let (row, columns) = hits.filter({ Set($0.value).count >= needed })
                .min(by: { $0.key < $1.key }) else { return nil }
        return CellAddress(row: row, column: columns.min()!)
    }

    /// How many of the template's field paths the header has exactly.
    private static func score(_ template: Template, _ found: Set<TextKey>) -> Int {
        template.normalizedPathKeys.filter { found.contains($0) }.count
    }

    /// Each column's header path, top to bottom. Merged cells give their label to every cell
    /// they cover; a header someone unmerged is filled from the left, where the column has
    /// labels below and the same labels above as its neighbour.
    static func columnPaths(_ grid: SheetGrid, origin: CellAddress, depth: Int) -> [Int: [Label.NormalizedLabel]] {
        let bottom = origin.row + depth - 1
        var lastColumn = origin.column
        for r in origin.row...bottom {
            for c in grid.cells(inRow: r) where c.address.column > lastColumn && !grid.isEmpty(c.address) {
                lastColumn = c.address.column
            }
            for m in grid.sheet.merges where m.first.row <= r && m.last.row >= r && m.first.column >= origin.column {
                lastColumn = max(lastColumn, m.last.column)
            }
        }
        // Each header cell's text, read once, and its label: column by column, `depth` a column.
        let width = lastColumn - origin.column + 1
        var texts: [String] = []
        texts.reserveCapacity(width * depth)
        for c in origin.column...lastColumn {
            for r in origin.row...bottom { texts.append(grid.text(CellAddress(row: r, column: c))) }
        }
        var labels: [Label.NormalizedLabel] = []
        labels.reserveCapacity(width * depth)
        for i in 0..<width {
            let top = i * depth
            for k in 0..<depth {
                var label = Label.normalizedLabel(texts[top + k])
                if label.isEmpty, k < depth - 1, i > 0,
                   grid.merge(covering: CellAddress(row: origin.row + k, column: origin.column + i)) == nil {
                    let hasBelow = texts[(top + k + 1)..<(top + depth)].contains { !$0.isEmpty }
                    if hasBelow, labels[(top - depth)..<(top - depth + k)] == labels[top..<(top + k)] { label = labels[top - depth + k] }
                }
                labels.append(label)
            }
        }
        var paths = [Int: [Label.NormalizedLabel]](minimumCapacity: width)
        for i in 0..<width {
            var path: [Label.NormalizedLabel] = []
            path.reserveCapacity(depth)
            for l in labels[(i * depth)..<((i + 1) * depth)] where !l.isEmpty && path.last != l { path.append(l) }
            if !path.isEmpty { paths[origin.column + i] = path }
        }
        return paths
    }

    private static func match(_ template: Template, paths: [Int: [Label.NormalizedLabel]], keys pathKeys: [Int: TextKey], origin: CellAddress,
                              grid: SheetGrid, file: String) -> LocatedTable {
        var drift: [Anomaly] = []
        func note(_ rule: Rule, cell: CellAddress?, expected: String = "", actual: String = "", values: [String: String] = [:]) {
            drift.append(Anomaly(rule, file: file, sheet: grid.name, cell: cell, attachment: template.attachment,
                                 expected: expected, actual: actual, values: values))
        }
        // Each field's column, by the field's index (ids are unique); the map by id is made at the end.
        let fields = template.fields
        var column = [Int?](repeating: nil, count: fields.count)
        // The columns a field took, as flags from the header's first column (no path lies left of it).
        var taken = [Bool](repeating: false, count: (pathKeys.keys.max() ?? origin.column) - origin.column + 1)
        var anyTaken = false
        func isTaken(_ c: Int) -> Bool { c >= origin.column && c - origin.column < taken.count && taken[c - origin.column] }
        func take(_ c: Int) {
            taken[c - origin.column] = true
            anyTaken = true
        }
        let keys = pathKeys.sorted { $0.key < $1.key }
        for (i, want) in template.normalizedPathKeys.enumerated() {
            if let c = keys.first(where: { $0.value == want && !isTaken($0.key) })?.key {
                column[i] = c
                take(c)
            }
        }
        // A renamed column: where a field belongs by position, between neighbours that matched.
        for (i, f) in fields.enumerated() where column[i] == nil {
            let previous = i > 0 ? column[i - 1].map { $0 + 1 } : nil
            let next = i + 1 < fields.count ? column[i + 1].map { $0 - 1 } : nil
            guard let c = previous ?? next ?? (anyTaken ? origin.column + i : nil),
                  previous == nil || next == nil || previous == next,
                  !isTaken(c), let path = paths[c] else { continue }
            column[i] = c
            take(c)
            note(Rules.headerColumnRenamed, cell: CellAddress(row: origin.row, column: c),
                 expected: f.path.joined(separator: "/"), actual: path.map(\.text).joined(separator: "/"))
        }
        for (i, f) in fields.enumerated() where column[i] == nil {
            note(Rules.headerColumnMissing, cell: nil, values: ["label": f.path.joined(separator: "/")])
        }
        // Moved: fields outside the longest run of columns in template order.
        let mapped = fields.indices.compactMap { i in column[i].map { (i, $0) } }
        let inOrder = longestIncreasing(mapped.map(\.1))
        for (k, (i, c)) in mapped.enumerated() where !inOrder[k] {
            note(Rules.headerColumnMoved, cell: CellAddress(row: origin.row, column: c),
                 expected: CellAddress.columnLetters(i + 1), actual: CellAddress.columnLetters(c - origin.column + 1),
                 values: ["label": fields[i].label])
        }
        let extras = paths.keys.sorted().filter { !isTaken($0) }.map { ($0, paths[$0]!.map(\.text).joined(separator: "/")) }
        if template.layout != "canonical" {
            note(Rules.headerVariant, cell: origin, values: ["layout": template.layout])
        }
        if origin != canonicalOrigin {
            note(Rules.tableOffset, cell: origin, expected: canonicalOrigin.a1, actual: origin.a1)
        }
        return LocatedTable(template: template, origin: origin, fieldColumns: column, extraColumns: extras, drift: drift)
    }

    /// Which elements make one longest strictly increasing subsequence: all of them when the
    /// columns are in template order, as they nearly always are.
    private static func longestIncreasing(_ xs: [Int]) -> [Bool] {
        if zip(xs, xs.dropFirst()).allSatisfy({ $0 < $1 }) { return [Bool](repeating: true, count: xs.count) }
        var length = [Int](repeating: 1, count: xs.count)
        var previous = [Int](repeating: -1, count: xs.count)
        for i in xs.indices {
            for j in 0..<i where xs[j] < xs[i] && length[j] + 1 > length[i] {
                length[i] = length[j] + 1
                previous[i] = j
            }
        }
        var k = length.indices.max { length[$0] < length[$1] }!
        var out = [Bool](repeating: false, count: xs.count)
        while k >= 0 { out[k] = true; k = previous[k] }
        return out
    }
}
