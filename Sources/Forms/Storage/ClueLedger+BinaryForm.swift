import Foundation

// What the history store keeps of the clue ledger, as bytes (see BinaryForm.swift).

extension ClueAppearance: BinaryStorable {
    public func encode(into w: inout BinaryWriter) {
        w.write(period)
        w.write(clueID)
        w.write(disposition)
        w.write(rectification)
        w.write(closes)
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        self.init(period: try r.read(), clueID: try r.read(), disposition: try r.read(), rectification: try r.read(),
                  closes: try r.read())
    }
}

extension LedgerEntry: BinaryStorable {
    public func encode(into w: inout BinaryWriter) {
        w.write(district)
        w.write(key)
        w.write(summary)
        w.write(persons)
        w.write(appearances)
        w.write(closedIn)
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        self.init(district: try r.read(), key: try r.read(), summary: try r.read(), persons: try r.read(),
                  appearances: try r.read(), closedIn: try r.read())
        guard !appearances.isEmpty else { throw r.malformed("a clue never listed") }
    }
}

/// The ledger at the end of `through` without its retired clues, which a store keeps apart. Its
/// dictionaries go in key order, so the same ledger gives the same bytes.
extension ClueLedger: BinaryStorable {
    public func encode(into w: inout BinaryWriter) { encode(into: &w, clues: nil) }

    /// The ledger as `settle` would leave it (the clues closed at the end of `through` retired,
    /// the others in order), encoded from the ledger as recorded: the same bytes as settling a
    /// copy and encoding that, without the copy (a national month's whole ledger, its index and
    /// its retired clues, beside the one its outputs read).
    public func encodeSettled(into w: inout BinaryWriter) {
        let closed = closedAtEnd
        guard !closed.isEmpty else { return encode(into: &w) }
        var kept: [Int] = []
        kept.reserveCapacity(entries.count - closed.count)
        var next = 0
        for i in entries.indices {
            if next < closed.count, closed[next] == i { next += 1 } else { kept.append(i) }
        }
        encode(into: &w, clues: kept)
    }

    /// The ledger with the clues at `clues` (places in `entries`, in order; nil: all of them).
    private func encode(into w: inout BinaryWriter, clues: [Int]?) {
        w.write(through)
        w.write(followed.sorted())
        let first = firstRegistered.sorted { $0.key < $1.key }
        w.write(first.map(\.key))
        w.write(first.map(\.value))
        let months = openCounts.sorted { $0.key < $1.key }
        w.write(months.map(\.key))
        for (_, counts) in months {
            let sorted = counts.sorted { $0.key < $1.key }
            w.write(sorted.map(\.key))
            w.write(sorted.map(\.value))
        }
        // The clues in parts, each written and read on a core of its own.
        let count = clues?.count ?? entries.count
        let parts = stride(from: 0, to: count, by: Self.part).map { $0..<min($0 + Self.part, count) }
        var written = Parallel.map(parts.count) { i in
            var part = BinaryWriter(capacity: parts[i].count * 512)
            for k in parts[i] { part.write(entries[clues?[k] ?? k]) }
            return part.bytes
        }
        // The whole snapshot's room at once, and each part let go of once copied: the parts and
        // the snapshot are not all held twice (with doubling, a national month's 25 MB took 74).
        w.reserve(written.reduce(10) { $0 + $1.count + 20 })
        w.write(UInt(parts.count))
        for i in parts.indices {
            w.write(UInt(parts[i].count))
            w.write(UInt(written[i].count))
            written[i].withUnsafeBytes { w.write(bytes: $0) }
            written[i] = []
        }
    }

    /// Clues a part.
    static let part = 4096

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        let through: Period? = try r.read()
        let followed: [String] = try r.read()
        let districts: [String] = try r.read(), firsts: [Period] = try r.read()
        guard districts.count == firsts.count else { throw r.malformed("\(districts.count) districts, \(firsts.count) months") }
        var openCounts: [Period: [String: Int]] = [:]
        for p in try r.read([Period].self) {
            let names: [String] = try r.read(), counts: [Int] = try r.read()
            guard names.count == counts.count else { throw r.malformed("\(names.count) districts, \(counts.count) counts") }
            openCounts[p] = Dictionary(zip(names, counts), uniquingKeysWith: { a, _ in a })
        }
        var taken: [(count: Int, bytes: [UInt8])] = []
        for _ in 0..<(try r.count()) {
            let count = try r.count()
            taken.append((count, Array(r.take(try r.count()))))
        }
        let parts = taken
        let read = Parallel.map(parts.count) { i in
            parts[i].bytes.withUnsafeBytes { raw in
                Result { () throws(BinaryReader.Malformed) -> [LedgerEntry] in
                    var part = BinaryReader(raw)
                    var out: [LedgerEntry] = []
                    out.reserveCapacity(parts[i].count)
                    for _ in 0..<parts[i].count { out.append(try part.read()) }
                    guard part.atEnd else { throw part.malformed("bytes left over in part \(i)") }
                    return out
                }
            }
        }
        var entries: [LedgerEntry] = []
        for part in read { entries += try part.get() }
        self.init(through: through, followed: Set(followed),
                  firstRegistered: Dictionary(zip(districts, firsts), uniquingKeysWith: { a, _ in a }),
                  openCounts: openCounts, entries: entries)
    }
}
