import Foundation

/// A month's outputs (DOMAIN.md's contract, the city roll-up, the receipts, the summary),
/// built from its audit alone, in a fixed order: the same archive gives the same bytes. Each
/// file is made when the publisher writes it.
struct PeriodOutputs {
    let files: [OutputFile]
    let summary: PeriodSummary

    init(period: Period, audit: PeriodAudit, entries: [ArchiveEntry], config: Configuration, time: LocalTime) {
        let summary = PeriodSummary(period: period, audit: audit, config: config, time: time)
        let anomalies = Self.canonicalOrder(audit.anomalies)
        func csv(_ name: String, _ table: @escaping @Sendable () -> CSVTable) -> OutputFile {
            OutputFile(name: name) { .bytes(table().bytes) }
        }
        func text(_ name: String, _ body: @escaping @Sendable () -> String) -> OutputFile {
            OutputFile(name: name) { .bytes(Self.crlf(body())) }
        }

        var files: [OutputFile] = [
            csv("attachment1.csv") { NormalizedCSV.attachment1(audit.attachment1.map { ($0, audit.sha256[$0.meta.file] ?? "") }) },
            csv("clues.csv") { NormalizedCSV.clues(audit.registers) },
            csv("clue_persons.csv") { NormalizedCSV.cluePersons(audit.registers) },
            csv("fields.csv") { NormalizedCSV.fields() },
            csv("anomalies.csv") { NormalizedCSV.anomalies(anomalies) },
            csv("submissions.csv") { Self.submissions(period, audit.submissions, entries: entries, time: time) },
        ]
        let withA1 = Set(audit.attachment1.compactMap(\.meta.district))
        files.append(OutputFile(name: "attachment1_city.xlsx") { .workbook(CityRollup.workbook(
            period: period, reports: audit.attachment1, missing: config.roster.filter { !withA1.contains($0) },
            config: config, modified: config.deadline(for: period))) })

        let records = Dictionary(grouping: audit.submissions, by: \.district)
        let findings = Dictionary(grouping: anomalies) { $0.district ?? "" }
        var districts = summary.districts.map(\.district)
        if summary.unattributed.errors + summary.unattributed.warnings > 0 { districts.append(PeriodSummary.noDistrict) }
        for d in districts {
            let key = d == PeriodSummary.noDistrict ? "" : d
            files.append(text("receipts/" + Receipt.fileName(d)) {
                Receipt.text(district: d, period: period, records: records[key] ?? [], anomalies: findings[key] ?? [],
                             config: config, time: time)
            })
        }
        let summaryText = summary.text
        files.append(text("summary.txt") { summaryText })
        self.files = files
        self.summary = summary
    }

    /// A text file: a byte-order mark, then `body` with CR LF line ends. Without a CR in the
    /// body that is every LF made CR LF, done on the bytes; otherwise Foundation decides.
    static func crlf(_ body: String) -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        guard !body.utf8.contains(0x0D) else {
            return out + Array(body.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        }
        out.reserveCapacity(body.utf8.count + 256)
        for b in body.utf8 {
            if b == 0x0A { out.append(0x0D) }
            out.append(b)
        }
        return out
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
