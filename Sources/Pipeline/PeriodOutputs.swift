import Foundation
import Forms

/// A month's outputs (DOMAIN.md's contract, the city roll-up, the receipts, the summary),
/// built from its audit alone, in a fixed order: the same archive gives the same bytes.
struct PeriodOutputs {
    let files: [OutputFile]
    let summary: PeriodSummary
    /// The CSV tables among the files, by name without `.csv`: what the history store keeps.
    let tables: [String: CSVTable]

    init(period: Period, audit: PeriodAudit, entries: [ArchiveEntry], config: Configuration, time: LocalTime) {
        let summary = PeriodSummary(period: period, audit: audit, config: config, time: time)
        let anomalies = Self.canonicalOrder(audit.anomalies)
        var files: [OutputFile] = []
        var tables: [String: CSVTable] = [:]
        func csv(_ name: String, _ table: CSVTable) {
            files.append(OutputFile(name: name, content: .bytes(Array(table.text.utf8))))
            tables[String(name.dropLast(4))] = table
        }
        func text(_ name: String, _ body: String) {
            let crlf = body.replacingOccurrences(of: "\n", with: "\r\n")
            files.append(OutputFile(name: name, content: .bytes(Array(("\u{FEFF}" + crlf).utf8))))
        }

        csv("attachment1.csv", NormalizedCSV.attachment1(audit.attachment1.map { ($0, audit.sha256[$0.meta.file] ?? "") }))
        csv("clues.csv", NormalizedCSV.clues(audit.registers))
        csv("clue_persons.csv", NormalizedCSV.cluePersons(audit.registers))
        csv("fields.csv", NormalizedCSV.fields())
        csv("anomalies.csv", NormalizedCSV.anomalies(anomalies))
        csv("submissions.csv", Self.submissions(period, audit.submissions, entries: entries, time: time))

        let withA1 = Set(audit.attachment1.compactMap(\.meta.district))
        files.append(OutputFile(name: "attachment1_city.xlsx", content: .workbook(CityRollup.workbook(
            period: period, reports: audit.attachment1, missing: config.roster.filter { !withA1.contains($0) },
            config: config, modified: config.deadline(for: period)))))

        let records = Dictionary(grouping: audit.submissions, by: \.district)
        let findings = Dictionary(grouping: anomalies) { $0.district ?? "" }
        var districts = summary.districts.map(\.district)
        if summary.unattributed.errors + summary.unattributed.warnings > 0 { districts.append(PeriodSummary.noDistrict) }
        for d in districts {
            let key = d == PeriodSummary.noDistrict ? "" : d
            text("receipts/" + Receipt.fileName(d), Receipt.text(district: d, period: period, records: records[key] ?? [],
                                                                 anomalies: findings[key] ?? [], config: config, time: time))
        }
        text("summary.txt", summary.text)
        self.files = files
        self.summary = summary
        self.tables = tables
    }

    /// submissions.csv: every file seen for the month and what became of each of its tables.
    static func submissions(_ period: Period, _ records: [SubmissionRecord], entries: [ArchiveEntry], time: LocalTime) -> CSVTable {
        let archivedAs = Dictionary(entries.map { ($0.name, $0.path) }, uniquingKeysWith: { a, _ in a })
        var t = CSVTable(header: ["period", "district", "attachment", "file", "sha256", "received_at", "status",
                                  "errors", "warnings", "archived_as"])
        let sorted = records.sorted {
            ($0.district, $0.attachment?.rawValue ?? 0, $0.receivedAt, $0.file) < ($1.district, $1.attachment?.rawValue ?? 0, $1.receivedAt, $1.file)
        }
        for r in sorted {
            t.append([.text(period.description), .text(r.district), .text(r.attachment?.label ?? ""), .text(r.file),
                      .text(r.sha256), .text(time.iso(r.receivedAt)), .text(r.status.rawValue), .number(r.errors),
                      .number(r.warnings), .text(archivedAs[r.file] ?? "")])
        }
        return t
    }

    /// A total order on findings, so their order never depends on how they were gathered;
    /// NormalizedCSV then sorts them for reading (severity, district, file, cell) stably.
    static func canonicalOrder(_ list: [Anomaly]) -> [Anomaly] {
        func key(_ a: Anomaly) -> [String] {
            [a.rule.id, a.district ?? "", a.file, a.sheet ?? "", a.cell?.a1 ?? "", a.message, a.expected, a.actual, a.suggestion]
        }
        return list.sorted { key($0).lexicographicallyPrecedes(key($1)) }
    }
}
