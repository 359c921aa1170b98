import Foundation

extension NormalizedCSV {
    /// ledger.csv of month `period`: the clues open at its end, then those closed during it, one row
    /// per clue with every month it was listed in. `ledger` must have recorded `period`.
    public static func ledger(_ ledger: ClueLedger, at period: Period, timeLimitMonths: Int) -> CSVTable {
        var t = CSVTable(header: ["period", "district", "clue_id", "registered", "status", "closed_in", "months_open",
                                  "overdue", "disposition", "rectification", "latest_clue_id", "persons", "summary",
                                  "history"])
        let month = period.description
        for i in ledger.rowOrder(at: period) {
            t.append(row(ledger.entries[i], at: period, month: month, timeLimitMonths: timeLimitMonths))
        }
        return t
    }

    /// A clue's row, read where the ledger keeps it.
    private static func row(_ e: LedgerEntry, at period: Period, month: String, timeLimitMonths: Int) -> [CSVValue] {
        let open = e.isOpen(at: period)
        let months = e.monthsOpen(at: period)
        let current = e.current
        var history = ""
        for (n, a) in e.appearances.enumerated() {
            if n > 0 { history += "\n" }
            history += listing(a)
        }
        return [.text(month), .text(e.district), .text(e.appearances[0].clueID),
                .text(e.registered.description), .text(open ? "open" : "closed"),
                .text(open ? "" : e.closedIn?.description ?? ""), .number(months),
                .text(open && months > timeLimitMonths ? "yes" : "no"), .text(current.disposition),
                .text(current.rectification), .text(current.clueID), .text(e.persons), .text(e.summary),
                .text(history)]
    }

    /// `2026-10 初步核实；整改：已追回资金` — one month of a clue's history.
    static func listing(_ a: ClueAppearance) -> String {
        "\(a.period) \(a.disposition.isEmpty ? "（处置情况未填）" : a.disposition)"
            + (a.rectification.isEmpty ? "" : "；整改：\(a.rectification)")
    }
}
