extension Sequence {
    /// The elements ordered by a key made once for each (not twice per comparison, as a
    /// comparator computing it would); elements whose keys tie keep their order.
    public func sorted<Key>(keyedBy key: (Element) throws -> Key, by less: (Key, Key) throws -> Bool) rethrows -> [Element] {
        let elements = Array(self)
        let keys = try elements.map(key)
        return try elements.indices.sorted { i, j in
            if try less(keys[i], keys[j]) { return true }
            if try less(keys[j], keys[i]) { return false }
            return i < j
        }.map { elements[$0] }
    }
}
