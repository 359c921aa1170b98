import Foundation
import XLSX

/// Reads the data of a located table: Attachment 1's one row, Attachment 2's clue rows, and
/// reports every value that was not clean where it was found.
struct TableExtractor {
    let grid: SheetGrid
    let table: LocatedTable
    /// The rows that belong to this table (another table on the same sheet starts below).
    let rows: ClosedRange<Int>
    let context: MetadataReader.Context
    var anomalies: [Anomaly] = []

    init(grid: SheetGrid, table: LocatedTable, rows: ClosedRange<Int>, context: MetadataReader.Context) {
        self.grid = grid
        self.table = table
        self.rows = rows
        self.context = context
        anomalies = table.drift
    }

    private var template: Template { table.template }

    /// The first row after the header where the table's body ends: 备注, 说明, the typical
    /// cases, or the 填表人 footer.
    private var footerStart: Int {
        guard table.headerBottom < rows.upperBound else { return rows.upperBound + 1 }
        for r in (table.headerBottom + 1)...rows.upperBound {
            cells: for cell in grid.cells(inRow: r) {
                switch cell.value {
                case .number, .bool:
                    break cells  // the first text: never empty, never one of the labels
                case .string(let s), .error(let s), .isoDate(let s):
                    let text = Label.trim(s)
                    if text.isEmpty { continue }
                    let t = Label.normalize(text)
                    if t == "备注" || Label.hasPrefix(t, "说明") || Label.hasPrefix(t, "当月查处或整改") || Label.hasPrefix(t, "填表人") {
                        return r
                    }
                    break cells
                }
            }
        }
        return rows.upperBound + 1
    }

    /// Whether the row is blank in every one of `columns` (a field without a column is blank).
    private func isBlank(row r: Int, columns: [Int]) -> Bool {
        columns.allSatisfy { grid.isEmpty(CellAddress(row: r, column: $0), merged: false) }
    }

    private func metadata(footer: Int) -> TableMetadata {
        let above = Array(rows.lowerBound..<table.origin.row)
        let below = footer <= rows.upperBound ? Array(footer...rows.upperBound) : []
        return MetadataReader.read(grid, table: table, rows: above + below, context: context)
    }

    private mutating func note(_ rule: Rule, _ cell: CellAddress?, field: Field? = nil, expected: String = "",
                               actual: String = "", values: [String: String] = [:]) {
        var v = values
        if let field { v["field"] = field.path.joined(separator: "/") }
        anomalies.append(Anomaly(rule, file: context.file, sheet: grid.name, cell: cell, attachment: template.attachment,
                                 expected: expected, actual: actual, values: v))
    }

    /// Reads a count or amount cell. Blank counts read as 0; a blank amount reads as
    /// `blankAmount`. Anything unreadable is reported and gives nil, never a silent 0.
    private mutating func number(_ field: Field, at address: CellAddress?, blankAmount: Decimal?) -> Decimal? {
        guard let address else { return nil }
        switch NumberReading.read(grid.cell(address), unit: field.unit) {
        case .blank:
            return field.type == .count ? 0 : blankAmount
        case .notNumber(let t):
            note(Rules.notNumber, address, field: field, actual: t)
            return nil
        case .excelError(let e):
            note(Rules.excelError, address, field: field, actual: e)
            return nil
        case .number(let d, let text):
            if let text { note(Rules.normalized, address, field: field, expected: d.plain, actual: text) }
            if d < 0 { note(Rules.negative, address, field: field, actual: d.plain) }
            if field.type == .count, !d.isWhole { note(Rules.notInteger, address, field: field, actual: d.plain) }
            return d
        }
    }

    private mutating func reportExtraColumns(rows dataRows: [Int]) {
        for (column, label) in table.extraColumns {
            let values = dataRows.compactMap { r -> String? in
                let t = grid.text(CellAddress(row: r, column: column), merged: false)
                return t.isEmpty ? nil : "第\(r)行「\(t)」"
            }
            note(Rules.headerColumnExtra, CellAddress(row: table.origin.row, column: column),
                 values: ["label": label, "values": values.isEmpty ? "（无数据）" : values.joined(separator: "，")])
        }
    }

    mutating func attachment1() -> Attachment1Report {
        let footer = footerStart
        let body = table.headerBottom + 1 < footer ? Array((table.headerBottom + 1)..<footer) : []
        let columns = table.fieldColumns.compactMap { $0 }
        let dataRows = body.filter { !isBlank(row: $0, columns: columns) }
        let row = dataRows.first ?? table.headerBottom + 1
        for extra in dataRows.dropFirst() {
            note(Rules.extraDataRow, CellAddress(row: extra, column: table.origin.column),
                 values: ["row": String(extra), "values": grid.rowText(extra)])
        }
        var values = FieldValues(minimumCapacity: columns.count)
        var cells = [String: CellAddress](minimumCapacity: columns.count)
        for (f, column) in zip(template.fields, table.fieldColumns) {
            guard let column else { continue }
            let address = CellAddress(row: row, column: column)
            cells[f.id] = address
            if let v = number(f, at: address, blankAmount: 0) { values[f.id] = v }
        }
        reportExtraColumns(rows: [row])
        var report = Attachment1Report(meta: metadata(footer: footer), layout: template.layout,
                                       values: values, cells: cells, row: row)
        if footer <= rows.upperBound {
            for r in footer...rows.upperBound {
                let cellsInRow = grid.cells(inRow: r)
                guard let first = cellsInRow.first else { continue }
                let label = Label.normalize(SheetGrid.text(of: first.value))
                let rest = cellsInRow.dropFirst().map { Label.trim(SheetGrid.text(of: $0.value)) }
                    .filter { !$0.isEmpty }.joined(separator: "\n")
                if label == "备注" {
                    report.remarks = rest
                    report.remarksCell = cellsInRow.dropFirst().first?.address ?? first.address
                } else if label.hasPrefix("当月查处或整改") {
                    let placeholder = Label.normalize(rest).hasPrefix("(每案例控制在300字以内")
                    report.typicalCases = placeholder ? [] : MetadataReader.splitCases(rest)
                    report.typicalCasesCell = cellsInRow.dropFirst().first?.address ?? first.address
                }
            }
        }
        return report
    }

    mutating func clueRegister() -> ClueRegister {
        let footer = footerStart
        let contentColumns = zip(template.fields, table.fieldColumns).compactMap { $0.type != .sequence ? $1 : nil }
        let layout = ClueLayout(table)
        var dataRows: [Int] = []
        if table.headerBottom + 1 < footer {
            for r in (table.headerBottom + 1)..<footer where !isBlank(row: r, columns: contentColumns) { dataRows.append(r) }
        }
        // Made to size: a month's registers are held to its end, and an array grown a clue at a
        // time keeps room for up to twice its clues (2 MiB of a national month's peak).
        var clues: [Clue] = []
        clues.reserveCapacity(dataRows.count)
        for r in dataRows { clues.append(clue(row: r, layout)) }
        reportExtraColumns(rows: dataRows)
        var register = ClueRegister(meta: metadata(footer: footer), clues: clues, columns: table.columns,
                                    firstDataRow: table.headerBottom + 1)
        for id in DropDownList.ID.allCases {
            guard let field = template.fields.first(where: {
                if case .choice(id, _) = $0.type { return true } else { return false }
            }), let column = table.columns[field.id] else { continue }
            let probe = CellAddress(row: table.headerBottom + 1, column: column)
            if let v = grid.sheet.validations.first(where: { $0.type == "list" && $0.ranges.contains { $0.contains(probe) } }),
               let items = try? context.workbook?.listItems(of: v, on: grid.sheet) {
                register.workbookLists[id] = items
            }
        }
        return register
    }

    /// A register's fields and their columns, looked up once rather than by id for every row.
    private struct ClueLayout {
        let seq, amountWan, recoveredWan, accountablePersons: Field
        let columns: [String: Int]
        let sourceChannel, place, persons, posts, ranks, summary, disposition, rectification: Int?
        let seqColumn, amountWanColumn, recoveredWanColumn, accountablePersonsColumn: Int?
        let sourceChannelOptions = DropDownList.defaults[.sourceChannel]!.items
        let dispositionOptions = DropDownList.defaults[.disposition]!.items

        init(_ table: LocatedTable) {
            let template = table.template
            seq = template.field("seq")!
            amountWan = template.field("amount_wan")!
            recoveredWan = template.field("recovered_wan")!
            accountablePersons = template.field("accountable_persons")!
            columns = table.columns
            (sourceChannel, place, persons, posts) = (columns["source_channel"], columns["place"], columns["persons"], columns["posts"])
            (ranks, summary, disposition, rectification) = (columns["ranks"], columns["summary"], columns["disposition"], columns["rectification"])
            (seqColumn, amountWanColumn) = (columns["seq"], columns["amount_wan"])
            (recoveredWanColumn, accountablePersonsColumn) = (columns["recovered_wan"], columns["accountable_persons"])
        }
    }

    /// A drop-down cell's text as the list's own option when it is one, byte for byte: a month
    /// repeats a few options in every register, and each then shares the option's storage.
    /// Only text too long to be held in the `String` itself (15 bytes on 64-bit platforms) has
    /// storage to share; shorter text is kept as read, without looking.
    static func option(_ text: String, among options: [String]) -> String {
        guard text.utf8.count > 15 else { return text }
        return options.first { Label.sameBytes($0, text) } ?? text
    }

    private mutating func clue(row r: Int, _ layout: ClueLayout) -> Clue {
        func text(_ column: Int?) -> String {
            guard let column else { return "" }
            return grid.text(CellAddress(row: r, column: column), merged: false)
        }
        func at(_ column: Int?) -> CellAddress? { column.map { CellAddress(row: r, column: $0) } }
        let seq = number(layout.seq, at: at(layout.seqColumn), blankAmount: nil)
        let (names, posts, ranks) = (text(layout.persons), text(layout.posts), text(layout.ranks))
        let n = Clue.split(names), p = Clue.split(posts), k = Clue.split(ranks)
        let persons = (0..<max(n.count, p.count, k.count)).map { i in
            CluePerson(name: i < n.count ? n[i] : "", post: i < p.count ? p[i] : "", rank: i < k.count ? k[i] : "")
        }
        return Clue(row: r, seq: seq.flatMap { $0.isWhole ? Int(truncating: $0 as NSNumber) : nil },
                    sourceChannel: Self.option(text(layout.sourceChannel), among: layout.sourceChannelOptions), place: text(layout.place),
                    personsText: names, postsText: posts, ranksText: ranks, persons: persons,
                    summary: text(layout.summary),
                    amountWan: number(layout.amountWan, at: at(layout.amountWanColumn), blankAmount: nil),
                    disposition: Self.option(text(layout.disposition), among: layout.dispositionOptions), rectification: text(layout.rectification),
                    recoveredWan: number(layout.recoveredWan, at: at(layout.recoveredWanColumn), blankAmount: nil),
                    accountablePersons: number(layout.accountablePersons, at: at(layout.accountablePersonsColumn), blankAmount: nil)
                        .map { Int(truncating: $0 as NSNumber) },
                    columns: layout.columns)
    }
}
