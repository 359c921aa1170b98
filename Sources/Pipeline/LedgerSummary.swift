import Foundation
import Forms

/// The clue ledger's part of the month's summary and of a district's receipt: open clues, clues
/// closed in the month, the trend of open clues, and the overdue ones (久拖未决) for 重点督办.
enum LedgerSummary {
    /// Months shown in the trend of open clues.
    static let trendMonths = 6

    /// Per district (the roster, then any other with clues): open, closed this month, overdue,
    /// the trend; then every overdue clue, oldest first.
    static func cityText(_ ledger: ClueLedger, period: Period, districts: [String], config: Configuration) -> String {
        let withClues = Set(ledger.firstRegistered.keys)
        let shown = districts.filter(withClues.contains) + withClues.subtracting(districts).sorted()
        var out = "\n线索台账（截至\(period.chinese)末）：\n"
        guard !shown.isEmpty else { return out + "  尚无登记的线索\n" }
        var table = [["区", "在办", "本月销号", "久拖未决", "近\(trendMonths)个月在办"]]
        for d in shown {
            table.append([d, String(ledger.openCount(at: period, district: d)),
                          String(ledger.closedCount(in: period, district: d)),
                          String(ledger.overdueCount(at: period, limit: config.clueTimeLimitMonths, district: d)),
                          trend(ledger, period: period, district: d)])
        }
        out += PeriodSummary.columns(table)
        let overdue = ledger.overdue(at: period, limit: config.clueTimeLimitMonths)
        out += "久拖未决线索（在办超过\(config.clueTimeLimitMonths)个月，重点督办，按登记时间）："
        out += overdue.isEmpty ? "无\n" : "\n"
        for (i, e) in overdue.enumerated() { out += "  \(i + 1). " + line(e, period: period) + "\n" }
        return out
    }

    /// The district's own: its open clues and closed this month, its overdue clues listed.
    static func districtText(_ ledger: ClueLedger, period: Period, district: String, config: Configuration) -> String {
        let open = ledger.openCount(at: period, district: district)
        let closed = ledger.closed(in: period, district: district)
        let overdue = ledger.overdue(at: period, limit: config.clueTimeLimitMonths, district: district)
        var out = "\n四、线索台账（截至\(period.chinese)末）\n"
        out += "在办线索 \(open) 条，本月销号 \(closed.count) 条；近\(trendMonths)个月在办：\(trend(ledger, period: period, district: district))\n"
        if !overdue.isEmpty {
            out += "久拖未决（在办超过\(config.clueTimeLimitMonths)个月）\(overdue.count) 条，请加快办理并在下月报表中更新处置情况：\n"
            for (i, e) in overdue.enumerated() { out += "\(i + 1). " + line(e, period: period) + "\n" }
        }
        return out
    }

    /// `东湖区-2026-07-002（东湖区，2026年7月登记，已4个月，当前「初步核实」）摘要`
    private static func line(_ e: LedgerEntry, period: Period) -> String {
        let d = e.current.disposition.isEmpty ? "处置情况未填" : "当前「\(e.current.disposition)」"
        return "\(e.appearances[0].clueID)（\(e.district)，\(e.registered.chinese)登记，已\(e.monthsOpen(at: period))个月，\(d)）\(e.summary)"
    }

    /// Open clues at the end of each of the last months, oldest first: `2→3→3`.
    private static func trend(_ ledger: ClueLedger, period: Period, district: String) -> String {
        var months = [period]
        while months.count < trendMonths { months.insert(months[0].previous, at: 0) }
        let first = ledger.firstRegistered[district] ?? period
        return months.filter { $0 >= first }.map { String(ledger.openCount(at: $0, district: district)) }.joined(separator: "→")
    }
}
