import Foundation
import Forms

/// Each district's receipt folder, `receipts/<区>/`: 回执.txt, and a marked-up copy of each
/// accepted workbook of the month that has findings, under the name it was sent with.
enum ReceiptFolders {
    static let receiptName = "回执.txt"

    /// `findings` are the month's, explanations applied, in reading order (`NormalizedCSV.sorted`),
    /// so that each district's and each file's are too; `diffs` by district.
    static func files(period: Period, audit: PeriodAudit, findings month: [Anomaly], entries: [ArchiveEntry],
                      districts: [String], stamped: StampedCopies, diffs: [String: ResubmissionDiff],
                      config: Configuration, time: LocalTime) -> [OutputFile] {
        var files: [OutputFile] = []
        let records = Dictionary(grouping: audit.submissions, by: \.district)
        let findings = runs(month) { $0.district ?? "" }
        let byFile = runs(month, by: \.file)
        let deadline = config.deadline(for: period)
        let received = Dictionary(entries.filter { $0.kind == .archived }.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for d in districts {
            let key = d == PeriodSummary.noDistrict ? "" : d
            let folder = "receipts/" + Receipt.folderName(d) + "/"
            let (ledger, own, scans, found, diff) = (audit.ledger, records[key] ?? [], stamped.byDistrict[key] ?? [],
                                                     findings[key] ?? Runs(), diffs[key])
            files.append(OutputFile(name: folder + receiptName, content: .made { write in
                var body = Receipt.text(district: d, period: period, records: own, scans: scans, findings: found.of(month), diff: diff,
                                        config: config, time: time)
                if !key.isEmpty { body += LedgerSummary.districtText(ledger, period: period, district: d, config: config) }
                try OutputFile.windowsText(body.bytes).withUnsafeBufferPointer(write)
            }))
            // Newest first, so that the latest version keeps the plain name when two share one.
            var taken: Set<String> = [receiptName]
            // The workbooks whose tables count; a superseded version's findings are in the diff.
            let sent = Set((records[key] ?? []).filter { $0.status == .accepted }.map(\.file)).compactMap { received[$0] }.sorted { ($0.receivedAt, $0.name) > ($1.receivedAt, $1.name) }
            for e in sent {
                // A copy for each workbook with findings, its patch made as it is written, on the
                // publication's lanes (300 of them at 24 months, each a few hundred notes).
                guard let mine = byFile[e.name] else { continue }
                var name = Receipt.folderName(FormReader.fileName(e.source))
                if !taken.insert(name).inserted {
                    name = String(e.sha256.prefix(12)) + "-" + name
                    taken.insert(name)
                }
                files.append(OutputFile(name: folder + name, content: .patched(archived: e.path) {
                    Annotation.patch(inReadingOrder: mine.of(month), modified: deadline)!
                }))
            }
        }
        return files
    }

    /// Where a key's findings lie in the month's: its runs, in order.
    struct Runs: Sendable {
        var ranges: [Range<Int>] = []

        /// The findings, copied out of the month's as their receipt or copy is written.
        func of(_ month: [Anomaly]) -> [Anomaly] { ranges.flatMap { month[$0] } }
    }

    /// `Dictionary(grouping:by:)` for a list whose equal keys mostly come together, a key looked
    /// up only where it changes: the month's findings in reading order run by district and file
    /// within each severity, and hashing a Chinese name (NFC-aware) cost some 2,500 instructions
    /// a finding, looked up for each. Places, not copies: a finding copied is a dozen strings
    /// retained, and the month's 6,300 at 24 months were copied twice here, on the main thread.
    private static func runs(_ list: [Anomaly], by key: (Anomaly) -> String) -> [String: Runs] {
        var groups: [String: Runs] = [:]
        var start = 0
        while start < list.count {
            let k = key(list[start])
            var end = start + 1
            while end < list.count, key(list[end]) == k { end += 1 }
            groups[k, default: Runs()].ranges.append(start..<end)
            start = end
        }
        return groups
    }
}
