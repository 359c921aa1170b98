import Foundation
import Forms

/// A month's outputs (DOMAIN.md's contract, the city roll-up, the receipts, the summary),
/// built from its audit alone, in a fixed order: the same archive gives the same bytes.
struct PeriodOutputs {
    let files: [OutputFile]
    let summary: PeriodSummary
    /// The CSV tables among the files, by name without `.csv`: what the history store keeps.
    let tables: [String: CSVTable]

    /// `diffs`: by district, what changed since its previous version (see `ResubmissionDiff`);
    /// `trends`: the months the auditor's report charts.
    init(period: Period, audit: PeriodAudit, entries: [ArchiveEntry], diffs: [String: ResubmissionDiff] = [:],
         trends: Trends = Trends(), config: Configuration, time: LocalTime) {
        let stamped = StampedCopies(period: period, entries: entries, audit: audit, roster: config.roster)
        var audit = audit
        audit.anomalies += stamped.anomalies
        audit = Explanations.apply(audit)
        let summary = PeriodSummary(period: period, audit: audit, stamped: stamped, config: config, time: time)
        let anomalies = Self.canonicalOrder(audit.anomalies)
        var files: [OutputFile] = []
        var tables: [String: CSVTable] = [:]
        func csv(_ name: String, _ table: CSVTable) {
            files.append(OutputFile(name: name, content: .bytes(table.bytes)))
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
        csv("ledger.csv", NormalizedCSV.ledger(audit.ledger, at: period, timeLimitMonths: config.clueTimeLimitMonths))
        csv("submissions.csv", Self.submissions(period, audit.submissions, entries: entries, stamped: stamped, time: time))

        let withA1 = Set(audit.attachment1.compactMap(\.meta.district))
        files.append(OutputFile(name: "attachment1_city.xlsx", content: .workbook(CityRollup.workbook(
            period: period, reports: audit.attachment1, missing: config.roster.filter { !withA1.contains($0) },
            config: config, modified: config.deadline(for: period)))))

        var districts = summary.districts.map(\.district)
        if summary.unattributed.errors + summary.unattributed.warnings > 0 || stamped.arrived("") {
            districts.append(PeriodSummary.noDistrict)
        }
        files += ReceiptFolders.files(period: period, audit: audit, anomalies: anomalies, entries: entries, districts: districts,
                                      stamped: stamped, diffs: diffs, config: config, time: time)
        text("summary.txt", summary.text)
        files.append(OutputFile(name: "report.html", content: .bytes(Array(Self.report(period, summary, anomalies, trends, audit.ledger, config).html.utf8))))
        self.files = files
        self.summary = summary
        self.tables = tables
    }

    /// report.html: the summary's districts, their open and explained findings, the trends.
    static func report(_ period: Period, _ summary: PeriodSummary, _ anomalies: [Anomaly], _ trends: Trends,
                       _ ledger: ClueLedger, _ config: Configuration) -> AuditorReport {
        let explained = Dictionary(grouping: anomalies.filter { !$0.isOpen }) { $0.district ?? "" }
        let rows = summary.districts.map { d in
            AuditorReport.Row(district: d.district, received: d.received, late: d.late, openErrors: d.errors,
                              openWarnings: d.warnings, explained: explained[d.district]?.count ?? 0)
        }
        var report = AuditorReport(city: config.city, period: period, rows: rows, anomalies: anomalies, trends: trends)
        report.ledger = ledger
        report.clueTimeLimitMonths = config.clueTimeLimitMonths
        return report
    }

    /// submissions.csv: every file seen for the month and what became of each of its tables,
    /// each stamped scan (attachment 盖章件), and per district whether its stamped copy arrived.
    static func submissions(_ period: Period, _ records: [SubmissionRecord], entries: [ArchiveEntry], stamped: StampedCopies,
                            time: LocalTime) -> CSVTable {
        let archivedAs = Dictionary(entries.map { ($0.name, $0.path) }, uniquingKeysWith: { a, _ in a })
        var t = CSVTable(header: ["period", "district", "attachment", "file", "sha256", "received_at", "status",
                                  "errors", "warnings", "archived_as", "stamped_copy"])
        typealias Row = (district: String, order: Int, at: Date, file: String, attachment: String, sha256: String,
                         status: String, errors: Int, warnings: Int)
        var rows: [Row] = records.map { r in
            (r.district, r.attachment?.rawValue ?? 0, r.receivedAt, r.file, r.attachment?.label ?? "", r.sha256, r.status.rawValue,
             r.errors, r.warnings)
        }
        for (d, scans) in stamped.byDistrict {
            rows += scans.map { (d, 3, $0.receivedAt, $0.name, "盖章件", $0.sha256, SubmissionRecord.Status.accepted.rawValue, 0, 0) }
        }
        for r in rows.sorted(by: { ($0.district, $0.order, $0.at, $0.file) < ($1.district, $1.order, $1.at, $1.file) }) {
            t.append([.text(period.description), .text(r.district), .text(r.attachment), .text(r.file), .text(r.sha256),
                      .text(time.iso(r.at)), .text(r.status), .number(r.errors), .number(r.warnings),
                      .text(archivedAs[r.file] ?? ""),
                      .text(r.district.isEmpty ? "" : stamped.arrived(r.district) ? "yes" : "no")])
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
