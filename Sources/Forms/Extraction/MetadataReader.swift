import Foundation
import XLSX

/// Reads the labelled items around a table: title, 填报单位, 填报时间 above; 填表人,
/// 联系电话, 单位分管负责人 below. A label's value is the rest of its cell or the cells after it.
enum MetadataReader {
    static let labels = ["填报单位", "填报时间", "填表人", "联系电话", "单位分管负责人"]
    private static let filledOnLabel = labels.firstIndex(of: "填报时间")!
    private static let placeholders = ["(加盖公章)", "（加盖公章）", "加盖公章"]
    private static let attachmentNumber = Pattern(#"^附件\d*"#)
    private static let monthPattern = Pattern(#"\(([0-9]{1,2}|[一二三四五六七八九十]{1,3})月份?\)"#)
    private static let districtPattern = Pattern(#"[\p{Han}]{1,6}?区"#)

    struct Context {
        let file: String
        let fileName: String
        let date1904: Bool
        let knownDistricts: DistrictNames
        /// The day the file arrived: gives the year when 填报时间 is missing.
        let received: SimpleDate?
        /// For list validations that refer to other sheets.
        let workbook: Workbook?
    }

    static func read(_ grid: SheetGrid, table: LocatedTable, rows: [Int], context: Context) -> TableMetadata {
        var meta = TableMetadata(file: context.file, sheet: grid.name, attachment: table.template.attachment)
        // Each label's value, by its index in `labels`.
        var values = [String](repeating: "", count: labels.count)
        var dateCell: Cell?
        let tableName = table.template.normalizedTableName
        for r in rows {
            var current: Int?
            for cell in grid.cells(inRow: r) {
                let text = Label.trim(SheetGrid.text(of: cell.value))
                if meta.titleCell == nil, Label.range(of: tableName, in: Label.normalize(text)) != nil {
                    meta.title = text
                    meta.titleCell = cell.address
                    continue
                }
                if current == filledOnLabel, case .number = cell.value {
                    dateCell = cell
                    continue
                }
                var rest = Substring(text)
                while let (label, range) = Label.firstRange(ofAny: labels, in: rest) {
                    if let c = current { values[c] += rest[..<range.lowerBound] }
                    current = label
                    meta.cells[labels[label]] = cell.address
                    rest = rest[range.upperBound...]
                    while let f = rest.first, f == "：" || f == ":" { rest = rest.dropFirst() }
                }
                if let c = current { values[c] += " " + rest }
            }
        }
        func clean(_ label: String) -> String {
            var v = values[labels.firstIndex(of: label)!]
            if Label.range(of: "加盖公章", in: v) != nil {
                for p in placeholders { v = v.replacingOccurrences(of: p, with: "") }
            }
            return Label.collapsingWhitespace(Label.trim(v))
        }
        meta.unit = clean("填报单位")
        meta.filler = clean("填表人")
        meta.phone = clean("联系电话")
        meta.supervisor = clean("单位分管负责人")
        let dateText = clean("填报时间")
        if let dateCell, case .number(let serial) = dateCell.value {
            meta.filledOn = SimpleDate(serial: serial, date1904: context.date1904)
            meta.cells["填报时间"] = dateCell.address
            if meta.filledOn == nil { meta.filledOnText = String(serial) }
        } else if dateText.contains(where: \.isNumber) {
            meta.filledOn = SimpleDate(text: dateText)
            if meta.filledOn == nil { meta.filledOnText = dateText }
        }

        let normalizedTitle = Label.normalize(meta.title)
        if let nameRange = Label.range(of: tableName, in: normalizedTitle) {
            var prefix = String(normalizedTitle[..<nameRange.lowerBound])
            prefix = attachmentNumber.replacing(in: prefix, with: "")
            prefix.removeAll { $0 == "_" || $0 == "*" || $0 == "-" || $0 == ":" }
            if !prefix.isEmpty && prefix != "区" { meta.district = prefix }
            meta.month = month(in: String(normalizedTitle[nameRange.upperBound...]))
        }
        if meta.district == nil, let d = district(in: meta.unit, known: context.knownDistricts) {
            meta.district = d
            meta.districtSource = "填报单位"
        }
        if meta.district == nil, let d = district(in: context.fileName, known: context.knownDistricts) {
            meta.district = d
            meta.districtSource = "文件名"
        }
        if let m = meta.month, let year = meta.filledOn.map({ m > $0.month ? $0.year - 1 : $0.year })
            ?? context.received.map({ m > $0.month ? $0.year - 1 : $0.year }) {
            meta.period = Period(year: year, month: m)
        }
        return meta
    }

    private static let chineseMonths = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                                        "九": 9, "十": 10, "十一": 11, "十二": 12]

    /// `(11月份)` or `(十一月份)` → 11.
    static func month(in s: String) -> Int? {
        guard let r = monthPattern.firstRange(in: s) else { return nil }
        // The match ends in 月 or 月份, and only there.
        let inner = String(s[r].dropFirst().dropLast().filter { $0 != "月" && $0 != "份" })
        let m = Int(inner) ?? chineseMonths[inner]
        return m.flatMap { (1...12).contains($0) ? $0 : nil }
    }

    /// A roster district named in `text`, else the first `…区` in it.
    static func district(in text: String, known: DistrictNames) -> String? {
        let t = Label.normalize(text)
        if let k = known.longest(in: t) { return k }
        guard let r = districtPattern.firstRange(in: t) else { return nil }
        let d = String(t[r])
        return d == "区" ? nil : d
    }

    private static let caseMarker = Pattern(#"(?m)^[ \t\u3000]*(?:案例[ \t]*)?(?:[0-9０-９]{1,2}|[一二三四五])[ \t]*[、.．:：)）]|(?m)^[ \t\u3000]*[（(](?:[0-9０-９]{1,2}|[一二三四五])[)）]"#)

    /// Splits the typical-cases text into cases at their numbering (`1.`, `2、`, `（3）`, `案例1：`).
    static func splitCases(_ text: String) -> [String] {
        let t = Label.trim(text)
        guard !t.isEmpty else { return [] }
        let ns = t as NSString
        let matches = caseMarker.allMatches(in: t)
        guard !matches.isEmpty else { return [t] }
        var cases: [String] = []
        let head = Label.trim(ns.substring(to: matches[0].range.location))
        if !head.isEmpty { cases.append(head) }
        for (i, m) in matches.enumerated() {
            let start = m.range.location + m.range.length
            let end = i + 1 < matches.count ? matches[i + 1].range.location : ns.length
            let body = Label.trim(ns.substring(with: NSRange(location: start, length: end - start)))
            if !body.isEmpty { cases.append(body) }
        }
        return cases
    }
}
