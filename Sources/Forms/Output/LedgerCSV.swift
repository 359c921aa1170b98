import Foundation

extension NormalizedCSV {
    /// ledger.csv of month `period`: the clues open at its end, then those closed during it, one row
    /// per clue with every month it was listed in. `ledger` must have recorded `period`.
    public static func ledger(_ ledger: ClueLedger, at period: Period, timeLimitMonths: Int) -> CSVTable {
        CSVTable.whole { self.ledger(ledger, at: period, timeLimitMonths: timeLimitMonths, partRows: .max, $0) }
    }

    public static func ledger(_ ledger: ClueLedger, at period: Period, timeLimitMonths: Int, partRows: Int,
                              _ part: (CSVTable) throws -> Void) rethrows {
        let order = ledger.rowOrder(at: period)
        var t = CSVTable(header: ["period", "district", "clue_id", "registered", "status", "closed_in", "months_open",
                                  "overdue", "disposition", "rectification", "latest_clue_id", "persons", "summary",
                                  "history"], rows: min(partRows, order.count))
        let month = period.description
        for i in order {
            try t.append(row(ledger.entries[i], at: period, month: month, timeLimitMonths: timeLimitMonths), partRows: partRows,
                         full: part)
        }
        try part(t)
    }

    /// A clue's row, read where the ledger keeps it.
    private static func row(_ e: LedgerEntry, at period: Period, month: String, timeLimitMonths: Int) -> [CSVValue] {
        let open = e.isOpen(at: period)
        let months = e.monthsOpen(at: period)
        let current = e.current
        return [.text(month), .text(e.district), .text(e.appearances[0].clueID),
                .text(e.registered.description), .text(open ? "open" : "closed"),
                .text(open ? "" : e.closedIn?.description ?? ""), .number(months),
                .text(open && months > timeLimitMonths ? "yes" : "no"), .text(current.disposition),
                .text(current.rectification), .text(current.clueID), .text(e.persons), .text(e.summary),
                .text(history(e.appearances))]
    }

    /// Every month a clue was listed in, one a line: `2026-10 初步核实；整改：已追回资金`. Read
    /// in place and written into one string: a clue of two years has two dozen.
    static func history(_ appearances: [ClueAppearance]) -> String {
        var out = ""
        for i in appearances.indices {
            if i > 0 { out += "\n" }
            out += appearances[i].period.description
            out += " "
            out += appearances[i].disposition.isEmpty ? "（处置情况未填）" : appearances[i].disposition
            if !appearances[i].rectification.isEmpty {
                out += "；整改："
                out += appearances[i].rectification
            }
        }
        return out
    }
}
