import Foundation
import Forms

/// A month's outputs (DOMAIN.md's contract, the city roll-up, the receipts, the summary),
/// built from its audit alone, in a fixed order: the same archive gives the same bytes.
struct PeriodOutputs {
    /// The CSV tables among them are made as they are written (see `OutputFile.Content.table`).
    let files: [OutputFile]
    let summary: PeriodSummary

    /// `diffs`: by district, what changed since its previous version (see `ResubmissionDiff`);
    /// `history`: the earlier months the checks read, whose trends the auditor's report charts.
    init(period: Period, audit: PeriodAudit, entries: [ArchiveEntry], diffs: [String: ResubmissionDiff] = [:],
         history: History = History(), config: Configuration, time: LocalTime) {
        let stamped = StampedCopies(period: period, entries: entries, audit: audit, roster: config.roster)
        var withScans = audit
        withScans.anomalies += stamped.anomalies
        let month = Explanations.apply(withScans)
        // The outputs are independent of each other, so they are built on both cores: the findings
        // put in order (canonical, then for reading: anomalies.csv, and each receipt and marked-up
        // copy its part of it) beside the summary, the city roll-up and the trends; what the summary
        // decides (the receipts, the report) is made as the publisher writes it.
        let ((anomalies, reading), (summary, city, trends)) = Parallel.both({
            let anomalies = Self.canonicalOrder(month.anomalies)
            return (anomalies, NormalizedCSV.sorted(anomalies))
        }, {
            let summary = PeriodSummary(period: period, audit: month, stamped: stamped, config: config, time: time)
            let withA1 = Set(month.attachment1.compactMap(\.meta.district))
            let city = OutputFile(name: "attachment1_city.xlsx", content: .workbook(CityRollup.workbook(
                period: period, reports: month.attachment1, missing: config.roster.filter { !withA1.contains($0) },
                config: config, modified: config.deadline(for: period))))
            return (summary, city, Trends(history: history, current: audit.attachment1))
        })
        func csv(_ name: String, _ table: @escaping @Sendable (_ part: (CSVTable) throws -> Void) throws -> Void) -> OutputFile {
            OutputFile(name: name, content: .table(table))
        }
        let rows = Self.partRows
        func text(_ name: String, _ body: String) -> OutputFile {
            OutputFile(name: name, content: .bytes(OutputFile.windowsText(body)))
        }
        var files = [
            csv("attachment1.csv") {
                try NormalizedCSV.attachment1(month.attachment1.map { ($0, month.sha256[$0.meta.file] ?? "") }, partRows: rows, $0)
            },
            csv("clues.csv") { try NormalizedCSV.clues(month.registers, partRows: rows, $0) },
            csv("clue_persons.csv") { try NormalizedCSV.cluePersons(month.registers, partRows: rows, $0) },
            csv("fields.csv") { try $0(NormalizedCSV.fields()) },
            csv("anomalies.csv") { try NormalizedCSV.anomalies(inReadingOrder: reading, partRows: rows, $0) },
            csv("ledger.csv") {
                try NormalizedCSV.ledger(month.ledger, at: period, timeLimitMonths: config.clueTimeLimitMonths, partRows: rows, $0)
            },
            csv("submissions.csv") { try $0(Self.submissions(period, month.submissions, entries: entries, stamped: stamped, time: time)) },
            city,
        ]

        var districts = summary.districts.map(\.district)
        if summary.unattributed.errors + summary.unattributed.warnings > 0 || stamped.arrived("") {
            districts.append(PeriodSummary.noDistrict)
        }
        files += ReceiptFolders.files(period: period, audit: month, findings: reading, entries: entries, districts: districts,
                                      stamped: stamped, diffs: diffs, config: config, time: time)
        files.append(text("summary.txt", summary.text))
        files.append(OutputFile(name: "report.html", content: .made { write in
            try Self.report(period, summary, anomalies, trends, month.ledger, config).write(write)
        }))
        self.files = files
        self.summary = summary
    }

    /// Rows a part of the large tables: a part of clues.csv is about 0.5 MB with its field ends.
    /// Each table lane holds two parts, and a national month's peak is at the publication's start:
    /// parts of 4,096 rows held 2.6 MiB more of it, and were no faster (stop 23).
    static let partRows = 1024

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
        // By district, table, time and file; the text as NFC bytes (String's order).
        for r in rows.sorted(keyedBy: { (TextKey($0.district), $0.order, $0.at, TextKey($0.file)) }, by: <) {
            t.append([.text(period.description), .text(r.district), .text(r.attachment), .text(r.file), .text(r.sha256),
                      .text(time.iso(r.at)), .text(r.status), .number(r.errors), .number(r.warnings),
                      .text(archivedAs[r.file] ?? ""),
                      .text(r.district.isEmpty ? "" : stamped.arrived(r.district) ? "yes" : "no")])
        }
        return t
    }

    /// A total order on findings, so their order never depends on how they were gathered;
    /// NormalizedCSV then sorts them for reading (severity, district, file, cell) stably.
    /// Their texts compare field by field — rule id, district, file, sheet, cell, message,
    /// expected, actual, suggestion — under `String`'s `<`, ties in the order given.
    static func canonicalOrder(_ list: [Anomaly]) -> [Anomaly] {
        // District, file and sheet compare by their ranks among the month's (`TextRanks`), the
        // other texts as Strings: most of them are the very same strings, which compare at once.
        // Each pair only as far as the first field that differs, the keys sorted in place with
        // their places.
        let (district, file, sheet) = TextRanks.places(list)
        var keyed = list.indices.map { i in (key: CanonicalKey(list[i], district[i], file[i], sheet[i]), place: i) }
        keyed.sort { a, b in a.key.precedes(b.key) ?? (a.place < b.place) }
        return keyed.map { list[$0.place] }
    }

    /// The texts of a finding the canonical order compares: district, file and sheet by their ranks.
    struct CanonicalKey {
        let rule: String, district: Int, file: Int, sheet: Int, cell: String
        let message: String, expected: String, actual: String, suggestion: String

        init(_ a: Anomaly, _ district: Int, _ file: Int, _ sheet: Int) {
            (rule, cell) = (a.rule.id, a.cell?.a1 ?? "")
            (self.district, self.file, self.sheet) = (district, file, sheet)
            (message, expected, actual, suggestion) = (a.message, a.expected, a.actual, a.suggestion)
        }

        /// Whether this comes first; nil when the texts are the same.
        func precedes(_ b: CanonicalKey) -> Bool? {
            func field<T: Comparable>(_ x: T, _ y: T) -> Bool? { x < y ? true : y < x ? false : nil }
            return field(rule, b.rule) ?? field(district, b.district) ?? field(file, b.file) ?? field(sheet, b.sheet)
                ?? field(cell, b.cell) ?? field(message, b.message) ?? field(expected, b.expected) ?? field(actual, b.actual)
                ?? field(suggestion, b.suggestion)
        }
    }
}
