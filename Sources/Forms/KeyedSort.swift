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
