import Foundation
import Forms
import XLSX

/// The city's Attachment 1 for the province: every figure summed over the districts whose
/// Attachment 1 was accepted, laid out in the template's own shape.
enum CityRollup {
    /// Field id → the sum. A report in the known variant layout adds its 政务处分 by rank into
    /// the one 政务处分 column; its 受处理处分总人数 has no ranks, so it goes into no rank
    /// column (the remarks say how many persons that leaves out).
    static func totals(_ reports: [Attachment1Report]) -> (values: [String: Decimal], unranked: Decimal) {
        var sum: [String: Decimal] = [:]
        var unranked: Decimal = 0
        for f in Templates.attachment1.fields { sum[f.id] = 0 }
        for r in reports {
            for (id, v) in r.values {
                if sum[id] != nil {
                    sum[id]! += v
                } else if id.hasPrefix("admin_sanctions_") {
                    sum["admin_sanctions"]! += v
                } else if id == "persons_total" {
                    unranked += v
                }
            }
        }
        return (sum, unranked)
    }

    static func workbook(period: Period, reports: [Attachment1Report], missing: [String], config: Configuration,
                         modified: Date) -> WorkbookWriter {
        let (values, unranked) = totals(reports)
        var content = TableContent()
        content.district = config.city
        content.month = period.month
        content.rows = [values.mapValues { .number(NSDecimalNumber(decimal: $0).doubleValue) }]
        let districts = reports.compactMap(\.meta.district).sorted()
        var remarks = "由 \(districts.count) 个区的附件1汇总：\(districts.isEmpty ? "无" : districts.joined(separator: "、"))。"
        remarks += "未报送或未采用：\(missing.isEmpty ? "无" : missing.joined(separator: "、"))。"
        if unranked > 0 {
            remarks += "另有 \(unranked.plain) 人受处理处分总人数未按级别填报（旧版表样），未计入分级人数。"
        }
        content.remarks = remarks
        var w = WorkbookWriter()
        w.sheets = [TemplateWriter.sheet(Templates.attachment1, name: Attachment.one.label, content: content)]
        w.modified = modified
        return w
    }
}
