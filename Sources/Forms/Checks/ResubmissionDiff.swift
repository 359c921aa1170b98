import Foundation
import XLSX

/// What changed between a district's previous version of a table and the one it sent after:
/// findings fixed, still open and new. A finding is the same in both when its rule, table and
/// cell (or, for one without a cell, its rule, table and field or figures) are.
public struct ResubmissionDiff: Sendable, Equatable {
    public var previousFiles: [String]
    public var previousReceivedAt: Date
    public var fixed: [Anomaly] = []
    public var stillOpen: [Anomaly] = []
    public var new: [Anomaly] = []

    /// What identifies a finding across versions: not the file or the sheet's name, which a clerk may change.
    public static func key(_ a: Anomaly) -> String {
        [a.rule.id, a.attachment?.label ?? "", a.cell?.a1 ?? (a.expected + "|" + a.actual)].joined(separator: "|")
    }

    public init(previous: [Anomaly], current: [Anomaly], previousFiles: [String], previousReceivedAt: Date) {
        self.previousFiles = previousFiles
        self.previousReceivedAt = previousReceivedAt
        let before = Set(previous.map(Self.key)), after = Set(current.map(Self.key))
        func once(_ list: [Anomaly]) -> [Anomaly] {
            var seen = Set<String>()
            return list.filter { seen.insert(Self.key($0)).inserted }
        }
        fixed = once(previous.filter { !after.contains(Self.key($0)) })
        stillOpen = once(current.filter { before.contains(Self.key($0)) })
        new = once(current.filter { !before.contains(Self.key($0)) })
    }

    /// For each district that sent a table of `period` again, the diff of its latest version
    /// against the one before. Both versions get the same checks (a clerk's self-check: the
    /// tables and the pair), so the comparison is fair whatever the history holds.
    public static func diffs(_ files: [Received], period: Period, auditor: Auditor) -> [String: ResubmissionDiff] {
        var versions: [String: [Attachment: [Received]]] = [:]
        for r in files.sorted(by: { ($0.receivedAt, $0.extracted.file) < ($1.receivedAt, $1.extracted.file) }) {
            let metas = r.extracted.attachment1.map(\.meta) + r.extracted.registers.map(\.meta)
            for m in metas where m.period == period {
                let d = m.district ?? "未知区"
                var list = versions[d, default: [:]][m.attachment, default: []]
                if list.last?.extracted.sha256 != r.extracted.sha256 { list.append(r) }
                versions[d, default: [:]][m.attachment] = list
            }
        }
        var out: [String: ResubmissionDiff] = [:]
        for (d, byTable) in versions {
            var previous: [Anomaly] = [], current: [Anomaly] = []
            var files: [String] = [], at: Date?
            for (attachment, list) in byTable where list.count >= 2 {
                let (before, after) = (list[list.count - 2], list[list.count - 1])
                let mine = { (r: Received) in
                    auditor.check([r.extracted]).filter { $0.attachment == attachment || $0.attachment == nil }
                }
                previous += mine(before)
                current += mine(after)
                if !files.contains(before.extracted.file) { files.append(before.extracted.file) }
                at = max(at ?? before.receivedAt, before.receivedAt)
            }
            if let at { out[d] = ResubmissionDiff(previous: previous, current: current, previousFiles: files, previousReceivedAt: at) }
        }
        return out
    }
}
