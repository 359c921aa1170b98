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
        // Each entry read in place: `ledger.entries[i]` passed on was a copy of it a row.
        try ledger.entries.withUnsafeBufferPointer { entries in
            for i in order {
                row(entries[i], at: period, month: month, timeLimitMonths: timeLimitMonths, in: &t)
                try t.endRow(partRows: partRows, full: part)
            }
        }
        try part(t)
    }

    /// A clue's row, read where the ledger keeps it.
    private static func row(_ e: LedgerEntry, at period: Period, month: String, timeLimitMonths: Int, in t: inout CSVTable) {
        let open = e.isOpen(at: period)
        let months = e.monthsOpen(at: period)
        let current = e.current
        t.text(month)
        t.text(e.district)
        e.appearances[0].clueID.write(into: &t)
        t.text(e.registered.description)
        t.text(open ? "open" : "closed")
        t.text(open ? "" : e.closedIn?.description ?? "")
        t.number(months)
        t.text(open && months > timeLimitMonths ? "yes" : "no")
        t.text(current.disposition)
        t.text(current.rectification)
        current.clueID.write(into: &t)
        t.text(e.persons)
        t.text(e.summary)
        history(e.appearances, in: &t)
    }

    /// Every month a clue was listed in, one a line: `2026-10 初步核实；整改：已追回资金`, as one
    /// field of `t`, read in place (a clue of two years has two dozen, some five pieces each).
    static func history(_ appearances: [ClueAppearance], in t: inout CSVTable) {
        for i in appearances.indices {
            if i > 0 { t.put("\n") }
            t.put(appearances[i].period.description)
            t.put(" ")
            t.put(appearances[i].disposition.isEmpty ? "（处置情况未填）" : appearances[i].disposition)
            if !appearances[i].rectification.isEmpty {
                t.put("；整改：")
                t.put(appearances[i].rectification)
            }
        }
        t.endText()
    }
}
