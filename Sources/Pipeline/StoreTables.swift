import Forms
import Store

/// The published CSV files the store keeps per month, their columns taken from the CSV writers
/// themselves (a column they gain, the store's tables and views gain), and which columns hold
/// numbers: the templates' count, amount and sequence fields, and the few the writers add.
enum StoreTables {
    static let csvNames = ["attachment1", "clues", "clue_persons", "anomalies", "submissions", "ledger"]

    static func all(_ config: Configuration) -> [PublishedTable] {
        let period = Period(year: 2000, month: 1)!
        let headers: [String: [String]] = [
            "attachment1": NormalizedCSV.attachment1([]).header,
            "clues": NormalizedCSV.clues([]).header,
            "clue_persons": NormalizedCSV.cluePersons([]).header,
            "anomalies": NormalizedCSV.anomalies([]).header,
            "submissions": PeriodOutputs.submissions(period, [], entries: [], stamped: StampedCopies(
                period: period, entries: [], audit: PeriodAudit(period: period), roster: []), time: LocalTime(config)).header,
            "ledger": NormalizedCSV.ledger(ClueLedger(), at: period, timeLimitMonths: config.clueTimeLimitMonths).header,
        ]
        var numbers: Set<String> = ["row", "person_index", "errors", "warnings", "months_open"]
        for t in Templates.all {
            for f in t.fields {
                switch f.type {
                case .count, .amount, .sequence: numbers.insert(f.id)
                case .text, .choice: break
                }
            }
        }
        return csvNames.map { PublishedTable(name: $0, columns: headers[$0]!, numbers: numbers) }
    }
}
