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
        w.write(slot)
        w.write(summary)
        w.write(persons)
        w.write(appearances)
        w.write(closedIn)
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        self.init(district: try r.read(), slot: try r.read(), summary: try r.read(), persons: try r.read(),
                  appearances: try r.read(), closedIn: try r.read())
        guard !appearances.isEmpty else { throw r.malformed("a clue never listed") }
    }
}

/// The ledger at the end of `through` without its retired clues, which a store keeps apart. Its
/// dictionaries go in key order, so the same ledger gives the same bytes.
extension ClueLedger: BinaryStorable {
    public func encode(into w: inout BinaryWriter) { Snapshot(self, clues: nil).write(into: &w) }

    /// The ledger as `settle` would leave it (the clues closed at the end of `through` retired,
    /// the others in order), encoded from the ledger as recorded: the same bytes as settling a
    /// copy and encoding that, without the copy (a national month's whole ledger, its index and
    /// its retired clues, beside the one its outputs read).
    public func encodeSettled(into w: inout BinaryWriter) { settledSnapshot().write(into: &w) }

    /// `encodeSettled`'s bytes, to be made as they are written.
    public func settledSnapshot() -> Snapshot {
        let closed = closedAtEnd
        guard !closed.isEmpty else { return Snapshot(self, clues: nil) }
        var kept: [Int] = []
        kept.reserveCapacity(entries.count - closed.count)
        var next = 0
        for i in entries.indices {
            if next < closed.count, closed[next] == i { next += 1 } else { kept.append(i) }
        }
        return Snapshot(self, clues: kept)
    }

    /// A ledger's encoding, made a few parts at a time as it is written: its size is known first
    /// (each part encoded once to count its bytes, and let go of), so that a store can make room
    /// for the whole and fill it. Made whole, a national month's snapshot (25 MB) and the parts
    /// it was copied from were held together at the run's peak.
    public struct Snapshot {
        private let ledger: ClueLedger
        /// Places in `entries` of the clues it holds, in order; nil: all of them.
        private let clues: [Int]?
        /// Every field but the clues, and the count of parts.
        private let head: [UInt8]
        /// Each part's clues (as places in `clues`) and its encoding's length.
        private let parts: [(clues: Range<Int>, bytes: Int)]
        /// The encoding's length.
        public let count: Int

        init(_ ledger: ClueLedger, clues: [Int]?) {
            var head = BinaryWriter()
            head.write(ledger.through)
            head.write(ledger.followed.sorted())
            let first = ledger.firstRegistered.sorted { $0.key < $1.key }
            head.write(first.map(\.key))
            head.write(first.map(\.value))
            let months = ledger.openCounts.sorted { $0.key < $1.key }
            head.write(months.map(\.key))
            for (_, counts) in months {
                let sorted = counts.sorted { $0.key < $1.key }
                head.write(sorted.map(\.key))
                head.write(sorted.map(\.value))
            }
            let count = clues?.count ?? ledger.entries.count
            let ranges = stride(from: 0, to: count, by: ClueLedger.part).map { $0..<min($0 + ClueLedger.part, count) }
            head.write(UInt(ranges.count))
            self.ledger = ledger
            self.clues = clues
            self.head = head.bytes
            let sizes = Parallel.map(ranges.count) { [ledger] i in Self.encode(ledger, clues, ranges[i], capacity: ranges[i].count * 512).count }
            parts = Array(zip(ranges, sizes))
            self.count = head.bytes.count + parts.reduce(0) { $0 + Self.counts($1).count + $1.bytes }
        }

        /// The clues of one part, encoded (`capacity`: room for them, their length when known).
        private static func encode(_ ledger: ClueLedger, _ clues: [Int]?, _ range: Range<Int>, capacity: Int) -> [UInt8] {
            var w = BinaryWriter(capacity: capacity)
            for k in range { w.write(ledger.entries[clues?[k] ?? k]) }
            return w.bytes
        }

        /// What comes before a part: its count of clues and of bytes.
        private static func counts(_ part: (clues: Range<Int>, bytes: Int)) -> [UInt8] {
            var w = BinaryWriter(capacity: 20)
            w.write(UInt(part.clues.count))
            w.write(UInt(part.bytes))
            return w.bytes
        }

        /// Hands the encoding to `sink` a piece at a time, in order: its parts encoded as many
        /// at once as there are cores, each let go of once handed on.
        public func write(_ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
            try head.withUnsafeBytes(sink)
            let atOnce = max(1, ProcessInfo.processInfo.activeProcessorCount)
            for start in stride(from: 0, to: parts.count, by: atOnce) {
                let batch = Array(parts[start..<min(start + atOnce, parts.count)])
                let (ledger, clues) = (self.ledger, self.clues)
                var encoded = Parallel.map(batch.count) { i in Self.encode(ledger, clues, batch[i].clues, capacity: batch[i].bytes) }
                for i in batch.indices {
                    precondition(encoded[i].count == batch[i].bytes, "a ledger part encoded to \(encoded[i].count) bytes, then \(batch[i].bytes)")
                    try Self.counts(batch[i]).withUnsafeBytes(sink)
                    try encoded[i].withUnsafeBytes(sink)
                    encoded[i] = []
                }
            }
        }

        func write(into w: inout BinaryWriter) {
            w.reserve(count)
            write { w.write(bytes: $0) }
        }
    }

    /// Clues a part: some 270 KB of a national month's ledger. Two parts are made at once while
    /// the month's publication begins, its peak (parts of 4,096 clues held 4 MB of it).
    static let part = 1024

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
