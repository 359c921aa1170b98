/// One root cause, one item: findings of one file that suggest the same correction (the same
/// cell, the same value) are one mistake seen by several checks. The primary finding is the most
/// severe, then the first in reading order (`NormalizedCSV.sorted`); every finding of such a group
/// carries the primary's rule id and cell in `root` (`a1-persons-vs-forms 附件1!E8`), and the
/// receipt and `weigai check` show the group as one item with the related checks beneath it.
public enum RootCause {
    /// A primary finding with the findings that share its correction.
    public struct Item: Sendable {
        public let primary: Anomaly
        public let related: [Anomaly]
    }

    /// `a`'s own rule id and cell, as `root` names a primary finding.
    public static func key(of a: Anomaly) -> String {
        a.place.isEmpty ? a.rule.id : "\(a.rule.id) \(a.place)"
    }

    /// Sets `root` on every finding whose correction another finding of the same file suggests
    /// too; clears it on the rest. The order of `list` is kept.
    public static func assign(_ list: consuming [Anomaly]) -> [Anomaly] {
        struct Group: Hashable {
            let file: String, district: String?, period: Period?, correction: Correction
        }
        // In place: a month's findings are thousands, and most have no correction and no root.
        var out = list
        var groups: [Group: [Int]] = [:]
        for (i, a) in out.enumerated() {
            guard let c = a.correction else { continue }
            groups[Group(file: a.file, district: a.district, period: a.period, correction: c), default: []].append(i)
        }
        for i in out.indices where !out[i].root.isEmpty { out[i].root = "" }
        for members in groups.values where members.count > 1 {
            let ordered = NormalizedCSV.sorted(members.map { out[$0] })
            let root = key(of: ordered[0])
            for i in members { out[i].root = root }
        }
        return out
    }

    /// `sorted` (already in reading order) as items: each finding that is no group's primary
    /// moves beneath its primary, which keeps its place.
    public static func items(_ sorted: [Anomaly]) -> [Item] {
        // A root names a finding within its file: two files may have the same one.
        func group(_ a: Anomaly) -> String { a.file + "\u{0}" + a.root }
        func isPrimary(_ a: Anomaly) -> Bool { !a.root.isEmpty && a.root == key(of: a) }
        // Only a finding with a root is in a group: the rest (most) cost nothing more.
        func grouped(_ a: Anomaly) -> Bool { !a.root.isEmpty && primaries.contains(group(a)) }
        let primaries = Set(sorted.filter(isPrimary).map(group))
        guard !primaries.isEmpty else { return sorted.map { Item(primary: $0, related: []) } }
        var related: [String: [Anomaly]] = [:]
        var shown = Set<String>()
        for a in sorted where grouped(a) {
            if isPrimary(a) && shown.insert(group(a)).inserted { continue }
            related[group(a), default: []].append(a)
        }
        shown.removeAll()
        return sorted.compactMap { a in
            guard grouped(a) else { return Item(primary: a, related: []) }
            guard isPrimary(a), shown.insert(group(a)).inserted else { return nil }
            return Item(primary: a, related: related[group(a)] ?? [])
        }
    }
}
