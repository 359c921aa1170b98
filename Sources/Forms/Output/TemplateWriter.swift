import Foundation
import XLSX

/// What to fill into a template: the labelled items and the data rows, each row keyed by
/// field id. Values are written as given (a sample may hold a number typed as text).
public struct TableContent: Sendable {
    public var district: String?
    public var month: Int?
    public var unit = ""
    /// 填报时间: text as typed (`2026年11月25日`) or a date serial.
    public var filledOn: WriteValue?
    public var filler = ""
    public var phone = ""
    public var supervisor = ""
    /// Attachment 1: one row. Attachment 2: one row per clue.
    public var rows: [[String: WriteValue]] = []
    public var remarks = ""
    public var typicalCases: [String] = []

    public init() {}
}

/// Lays a template out on a sheet in its canonical shape: 附件N, the merged title, 填报单位 and
/// 填报时间, the merged header, the data rows, then 备注 / 典型案例 / 说明 and the footer.
public enum TemplateWriter {
    static let headerRow = 4
    /// Attachment 2 rows that carry borders and drop-downs in a blank template.
    static let blankClueRows = 10
    /// How far down Attachment 2's drop-downs reach.
    static let validatedClueRows = 500

    static let explanations: [Attachment: String] = [
        .one: """
        1.本表统计上月全区专项治理相关数据，汇总后于每月26日前将电子版和盖章后的扫描件报市城建委村镇办。
        2.本表统计坚持实事求是，不得重复统计和漏报，应与问题线索表有关内容保持一致。统计数据在报送前需呈分管专项治理工作的主要负责人审核。
        3.本表用EXCEL填写，格式不得修改。若有未尽事项或需说明事项可在备注栏进行说明（县处级、乡科级及以下均指干部）。
        """,
        .two: """
        1.本表对上月全区专项治理相关数据进行统计，汇总后于每月26日前将电子版和盖章后的扫描件报市城建委村镇办。
        2.来源渠道：填信访举报等（从下拉序列选）；涉及地方：填到区一级；被反映主要对象限填写1—3人，级别从下拉序列选；处置情况：填写已转业务单位等（从下拉序列选）。
        3.问题线索登记不应重复，重复件只登记一次，坚持实事求是，相关格式不得修改，报送前需呈分管专项治理工作的领导审核。
        """,
    ]
    static let casesPlaceholder = "（每案例控制在300字以内，当月没有可不填写，应表述何时何种方式发生何违纪违法事实，以及相关人员受到何处分处理。）"

    private static let title = CellStyle(bold: true, fontSize: 16, horizontal: .center)
    private static let plain = CellStyle(horizontal: .left)
    private static let header = CellStyle(bold: true, fontSize: 10, horizontal: .center, wrap: true, border: true)
    private static let body = CellStyle(fontSize: 10, horizontal: .center, wrap: true, border: true)
    private static let text = CellStyle(fontSize: 10, horizontal: .left, vertical: .top, wrap: true, border: true)
    private static let amount = CellStyle(fontSize: 10, horizontal: .center, border: true, numberFormat: "0.00####")

    /// The sheet of `template` filled with `content`; `lists` are the drop-downs of Attachment 2.
    public static func sheet(_ template: Template, name: String, content: TableContent = TableContent(),
                             lists: [DropDownList.ID: DropDownList] = DropDownList.defaults) -> SheetSpec {
        var s = SheetSpec(name: name)
        let width = template.fields.count
        func put(_ row: Int, _ column: Int, _ value: String, _ style: CellStyle, through lastColumn: Int? = nil) {
            s.set(CellAddress(row: row, column: column), .string(value), style: style)
            if let lastColumn, lastColumn > column {
                s.merges.append(CellRange(CellAddress(row: row, column: column), CellAddress(row: row, column: lastColumn)))
                if style.border { for c in (column + 1)...lastColumn { s.set(CellAddress(row: row, column: c), nil, style: style) } }
            }
        }
        put(1, 1, template.attachment.label, CellStyle(bold: true, horizontal: .left))
        put(2, 1, template.title(district: content.district, month: content.month), title, through: width)
        s.rowHeights[2] = 30
        let half = width / 2
        put(3, 1, "填报单位：" + (content.unit.isEmpty ? "（加盖公章）" : content.unit), plain, through: half)
        switch content.filledOn {
        case .number(let serial)?:
            put(3, half + 1, "填报时间：", CellStyle(horizontal: .right), through: width - 3)
            s.set(CellAddress(row: 3, column: width - 2), .number(serial),
                  style: CellStyle(horizontal: .left, numberFormat: "yyyy\"年\"m\"月\"d\"日\""))
            s.merges.append(CellRange(CellAddress(row: 3, column: width - 2), CellAddress(row: 3, column: width)))
        case .string(let t)?:
            put(3, half + 1, "填报时间：" + t, plain, through: width)
        default:
            put(3, half + 1, "填报时间：     年   月   日", plain, through: width)
        }

        for (label, range) in template.headerCells(origin: CellAddress(row: headerRow, column: 1)) {
            s.set(range.first, .string(label), style: header)
            if !range.isSingleCell {
                s.merges.append(range)
                for r in range.first.row...range.last.row {
                    for c in range.first.column...range.last.column where (r, c) != (range.first.row, range.first.column) {
                        s.set(CellAddress(row: r, column: c), nil, style: header)
                    }
                }
            }
        }
        let firstData = headerRow + template.depth
        let dataRows = template.attachment == .one ? 1 : max(content.rows.count, blankClueRows)
        for i in 0..<dataRows {
            let values = i < content.rows.count ? content.rows[i] : [:]
            for (k, f) in template.fields.enumerated() {
                let style: CellStyle
                switch f.type {
                case .amount: style = amount
                case .text: style = text
                default: style = body
                }
                s.set(CellAddress(row: firstData + i, column: k + 1), values[f.id], style: style)
            }
        }
        var row = firstData + dataRows
        if template.attachment == .one {
            put(row, 1, "备 注", body)
            put(row, 2, content.remarks, text, through: width)
            row += 1
            put(row, 1, "当月查处或整改的问题典型案例（报了结案例1—3个）", body)
            let cases = content.typicalCases.enumerated().map { "\($0 + 1).\($1)" }.joined(separator: "\n")
            put(row, 2, cases.isEmpty ? casesPlaceholder : cases, text, through: width)
            s.rowHeights[row] = 60
            row += 1
        } else {
            let through = firstData + max(validatedClueRows, content.rows.count) - 1
            for (k, f) in template.fields.enumerated() {
                guard case .choice(let id, let multiple) = f.type, let list = lists[id] else { continue }
                // One rank per person: a cell naming several must be allowed past the list with a warning.
                s.validations.append(.list(list.items, on: [CellRange(CellAddress(row: firstData, column: k + 1),
                                                                      CellAddress(row: through, column: k + 1))],
                                           errorStyle: multiple ? .warning : .stop))
            }
        }
        put(row, 1, "说 明", body)
        put(row, 2, explanations[template.attachment]!, text, through: width)
        s.rowHeights[row] = 64
        row += 1
        let third = width / 3
        put(row, 1, "填表人：" + content.filler, plain, through: third)
        put(row, third + 1, "联系电话：" + content.phone, plain, through: 2 * third)
        put(row, 2 * third + 1, "单位分管负责人：" + content.supervisor, plain, through: width)

        for (k, f) in template.fields.enumerated() {
            switch f.type {
            case .text: s.columnWidths[k + 1] = f.id == "summary" || f.id == "rectification" ? 36 : 14
            case .choice: s.columnWidths[k + 1] = 14
            case .amount: s.columnWidths[k + 1] = template.attachment == .one ? 10 : 12
            default: s.columnWidths[k + 1] = template.attachment == .one ? 6.5 : 8
            }
        }
        if template.attachment == .one { s.columnWidths[1] = 10 }
        s.rowHeights[headerRow + template.depth - 1] = template.attachment == .one ? 48 : 30
        s.freezeRows = firstData - 1
        return s
    }

    /// Writes a one-sheet workbook of `template` to `path`.
    public static func write(_ template: Template, content: TableContent = TableContent(), to path: String) throws {
        var w = WorkbookWriter()
        w.sheets = [sheet(template, name: template.attachment.label, content: content)]
        try w.write(to: path)
    }
}
