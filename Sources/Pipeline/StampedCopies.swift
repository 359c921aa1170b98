import Foundation
import Forms

/// Stamped scans (盖章扫描件): which district and month each belongs to, told by its name, and
/// for a month which districts sent one. A scan carries no tables; its file or folder name is
/// all there is to go by.
struct StampedCopies: Sendable {
    /// The month's scans by district; those whose name gives none under `""`.
    let byDistrict: [String: [ArchiveEntry]]
    /// Districts whose workbooks arrived for the month with no scan: warning r-scan-missing.
    let anomalies: [Anomaly]

    init(period: Period, entries: [ArchiveEntry], audit: PeriodAudit, roster: [String]) {
        let scans = entries.filter { $0.kind == .scan && $0.periods.contains(period) }
        byDistrict = Dictionary(grouping: scans) { Self.district($0.source, roster: roster) ?? "" }
        let sent = Set(audit.submissions.filter { $0.attachment != nil }.map(\.district))
        anomalies = sent.subtracting(byDistrict.keys).sorted().map { d in
            var a = Anomaly(Rules.scanMissing, file: "", expected: "盖章扫描件", values: ["district": d, "period": period.chinese])
            a.district = d
            a.period = period
            return a
        }
    }

    func arrived(_ district: String) -> Bool { byDistrict[district] != nil }

    /// The roster name in the file or folder name; nil when there is none, or two different ones.
    static func district(_ source: String, roster: [String]) -> String? {
        let named = roster.filter { source.contains($0) }
        let outermost = named.filter { n in !named.contains { $0 != n && $0.contains(n) } }
        return Set(outermost).count == 1 ? outermost[0] : nil
    }

    /// The month a scan's name gives (`2026年11月`, `2026-11`, `202611`, `11月`), or else the
    /// month it was received in. A month without a year is the latest one not after receipt.
    static func period(_ source: String, received: Period) -> Period {
        let name = (source as NSString).deletingPathExtension
        if let m = match(#"(20\d\d)\s*[年\-_.]?\s*(1[0-2]|0?[1-9])(?!\d)\s*月?|(20\d\d)(0[1-9]|1[0-2])"#, name) {
            let year = Int(m[0] ?? m[2]!)!, month = Int(m[1] ?? m[3]!)!
            if let p = Period(year: year, month: month) { return p }
        }
        if let m = match(#"(?<!\d)(1[0-2]|0?[1-9])\s*月"#, name), let month = Int(m[0]!) {
            let year = month > received.month ? received.year - 1 : received.year
            return Period(year: year, month: month)!
        }
        return received
    }

    /// The capture groups of the first match of `pattern` in `text`, nil for a group not taken.
    private static func match(_ pattern: String, _ text: String) -> [String?]? {
        let regex = try! NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        guard let m = regex.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return (1..<m.numberOfRanges).map { i in m.range(at: i).location == NSNotFound ? nil : ns.substring(with: m.range(at: i)) }
    }
}
