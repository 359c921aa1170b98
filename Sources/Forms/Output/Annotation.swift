import Foundation
import XLSX

/// The clerk's own workbook marked up with its findings: each flagged cell filled (red for
/// 强制性, yellow for 提示性) with a note saying what is wrong and what to do, and a first
/// sheet 「审核结果」 listing every finding with a link to its cell.
public enum Annotation {
    public static let errorFill = "FFFF8080"
    public static let warningFill = "FFFFFF00"
    public static let sheetName = "审核结果"

    /// The patch for one workbook's findings (all of the same file); nil when there are none.
    public static func patch(_ findings: [Anomaly], modified: Date? = nil) -> WorkbookPatch? {
        patch(inReadingOrder: NormalizedCSV.sorted(findings), modified: modified)
    }

    /// The patch for one workbook's findings already in reading order (`NormalizedCSV.sorted`).
    public static func patch(inReadingOrder list: [Anomaly], modified: Date? = nil) -> WorkbookPatch? {
        guard !list.isEmpty else { return nil }
        var byCell: [String: [CellAddress: [Anomaly]]] = [:]
        // By index: most findings of a month of a long ledger are 提示信息, each copied only to be skipped.
        for i in list.indices where list[i].severity != .info {
            guard let sheet = list[i].sheet, let cell = list[i].cell else { continue }
            byCell[sheet, default: [:]][cell, default: []].append(list[i])
        }
        let marks = byCell.mapValues { cells in
            cells.mapValues { here -> WorkbookPatch.Mark in
                let fill = here.contains { $0.severity == .error } ? errorFill : warningFill
                let note = here.map { a in
                    var line = "【\(a.severity.chinese)\(a.isOpen ? "" : "，已说明")】\(a.message)"
                    if let fix = a.whatToDo { line += "\n怎么改：\(fix)" }
                    return line
                }.joined(separator: "\n")
                return WorkbookPatch.Mark(fill: fill, note: note)
            }
        }
        var rows: [[WorkbookPatch.Cell]] = [["序号", "类别", "规则", "位置", "问题", "怎么改", "状态"].map { WorkbookPatch.Cell($0) }]
        for (i, a) in list.enumerated() {
            let fill = a.severity == .error ? errorFill : a.severity == .warning ? warningFill : nil
            let link = a.sheet.map { ($0, a.cell ?? CellAddress(row: 1, column: 1)) }
            let status = a.isOpen ? (a.severity == .info ? "" : "待处理") : "已在备注说明：\(a.explanation!)"
            rows.append([.init(String(i + 1)), .init(a.severity.chinese, fill: fill), .init(a.rule.id),
                         .init(a.place.isEmpty ? "—" : a.place, link: link), .init(a.message), .init(a.whatToDo ?? ""),
                         .init(status)])
        }
        return WorkbookPatch(marks: marks, firstSheet: .init(name: sheetName, columnWidths: [6, 12, 22, 16, 60, 40, 24], rows: rows),
                             author: "weigai 审核", modified: modified)
    }
}

extension Anomaly {
    /// What to change: the finding's own suggestion (a cell and a value) where it has one.
    public var whatToDo: String? {
        if !suggestion.isEmpty { return suggestion }
        switch severity {
        case .error: return cell == nil ? "按上述要求改正后重新报送" : "改正 \(place) 后重新报送"
        case .warning: return cell == nil ? nil : "核实 \(place)；如无误，请在备注栏说明"
        case .info: return nil
        }
    }
}
