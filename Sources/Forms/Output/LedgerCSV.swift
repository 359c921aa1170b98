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
    /// in place and written into a string made once at its length: a clue of two years has two
    /// dozen, some five pieces each, and a piece appended to a String cost some 430 instructions.
    static func history(_ appearances: [ClueAppearance]) -> String {
        let unfilled = "（处置情况未填）", rectified = "；整改："
        var count = 0
        for i in appearances.indices {
            let disposition = appearances[i].disposition.utf8.count, rectification = appearances[i].rectification.utf8.count
            count += (i > 0 ? 1 : 0) + 8 + (disposition == 0 ? unfilled.utf8.count : disposition)
            if rectification > 0 { count += rectified.utf8.count + rectification }
        }
        return String(unsafeUninitializedCapacity: count) { b in
            var at = 0
            func put(_ s: String) { at = UnsafeMutableBufferPointer(rebasing: b[at...]).initialize(from: s.utf8).1 + at }
            for i in appearances.indices {
                if i > 0 { put("\n") }
                put(appearances[i].period.description)
                put(" ")
                put(appearances[i].disposition.isEmpty ? unfilled : appearances[i].disposition)
                if !appearances[i].rectification.isEmpty {
                    put(rectified)
                    put(appearances[i].rectification)
                }
            }
            return at
        }
    }
}
