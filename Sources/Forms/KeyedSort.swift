extension Sequence {
    /// The elements ordered by a key made once for each (not twice per comparison, as a
    /// comparator computing it would); elements whose keys tie keep their order. The keys are
    /// sorted in place with their elements' places: a comparison borrows them where one of
    /// elements or keys read through their indices copied each (a retain per string it holds).
    @inlinable
    public func sorted<Key>(keyedBy key: (Element) throws -> Key, by less: (Key, Key) throws -> Bool) rethrows -> [Element] {
        let elements = Array(self)
        var keyed = try elements.indices.map { i in (key: try key(elements[i]), place: i) }
        try keyed.sort { a, b in
            if try less(a.key, b.key) { return true }
            if try less(b.key, a.key) { return false }
            return a.place < b.place
        }
        return keyed.map { elements[$0.place] }
    }
}

/// Each text's place among the distinct texts given, in `String`'s order (canonically equivalent
/// texts have one place): a month's thousands of findings sorted by district, file and sheet
/// compare integers, not the same Chinese names again and again. A Chinese name costs a
/// thousand instructions and more to hash; findings come district by district, so a run of one
/// text is hashed once, where it begins.
public struct TextRanks: Sendable {
    private let places: [String: Int]

    private init(_ texts: some Sequence<String>) {
        var distinct = Set<String>()
        var last: String?
        for t in texts where t != last {
            distinct.insert(t)
            last = t
        }
        places = Dictionary(uniqueKeysWithValues: distinct.sorted().enumerated().map { ($1, $0) })
    }

    /// The places of the findings' districts, files and sheets among all of theirs.
    public static func places(_ list: [Anomaly]) -> (district: [Int], file: [Int], sheet: [Int]) {
        let (districts, files, sheets) = (list.map { $0.district ?? "" }, list.map(\.file), list.map { $0.sheet ?? "" })
        let ranks = TextRanks(districts + files + sheets)
        return (ranks.places(districts), ranks.places(files), ranks.places(sheets))
    }

    /// The places of `texts`, each one of those given, in order.
    private func places(_ texts: [String]) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(texts.count)
        var last: (text: String, place: Int)?
        for t in texts {
            if last?.text != t { last = (t, places[t]!) }
            out.append(last!.place)
        }
        return out
    }
}
