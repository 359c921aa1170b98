import Forms

/// Each archive entry's digest line — `sha256 ⇥ kind ⇥ name ⇥ received (seconds) ⇥ months` —
/// as bytes, made once a run, with the lines' order: what the months' digests of the archive
/// (each month's inputs, the ledger's chain) are taken over. The digests hash a
/// header, then the chosen lines in `String`'s order, each after a newline.
struct DigestLines: Sendable {
    let lines: [[UInt8]]
    /// Each line's place in the lines sorted as `String`'s `<` sorts them.
    private let rank: [Int]

    init(_ entries: [ArchiveEntry]) {
        var keys: [[UInt8]] = []
        keys.reserveCapacity(entries.count)
        lines = entries.map { e in
            var line = Array(e.sha256.utf8)
            line.append(UInt8(ascii: "\t"))
            line += e.kind.rawValue.utf8
            line.append(UInt8(ascii: "\t"))
            let name = line.count
            line += e.name.utf8
            line.append(UInt8(ascii: "\t"))
            line += String(Int(e.receivedAt.timeIntervalSince1970)).utf8
            line.append(UInt8(ascii: "\t"))
            for (i, p) in e.periods.enumerated() {
                if i > 0 { line.append(UInt8(ascii: ",")) }
                Self.append(p, to: &line)
            }
            // `String`'s `<` compares NFC scalars, as NFC bytes compare; only the name may not be NFC.
            let nfc = TextKey(e.name).bytes
            if nfc.elementsEqual(e.name.utf8) {
                keys.append(line)
            } else {
                keys.append(Array(line[..<name]) + nfc + line[(name + e.name.utf8.count)...])
            }
            return line
        }
        var rank = [Int](repeating: 0, count: lines.count)
        for (r, i) in keys.indices.sorted(by: { keys[$0].lexicographicallyPrecedes(keys[$1]) }).enumerated() { rank[i] = r }
        self.rank = rank
    }

    /// `Period.description`'s bytes: the year, `-` and the month in two digits (a year of other
    /// than four digits, which only a decoded `Codable` period could hold, as the text has it).
    static func append(_ p: Period, to line: inout [UInt8]) {
        guard p.year >= 1000, p.year <= 9999 else { return line += p.description.utf8 }
        line += [UInt8(ascii: "0") + UInt8(p.year / 1000), UInt8(ascii: "0") + UInt8(p.year / 100 % 10),
                 UInt8(ascii: "0") + UInt8(p.year / 10 % 10), UInt8(ascii: "0") + UInt8(p.year % 10), UInt8(ascii: "-"),
                 UInt8(ascii: "0") + UInt8(p.month / 10), UInt8(ascii: "0") + UInt8(p.month % 10)]
    }

    /// sha256 of `header`, a newline, then the lines at `places` (each once) in order, joined by newlines.
    func digest(_ header: String, _ places: [Int]) -> String {
        let order = places.sorted { rank[$0] < rank[$1] }
        var text = Array(header.utf8)
        text.reserveCapacity(text.count + 1 + order.reduce(0) { $0 + lines[$1].count + 1 })
        text.append(UInt8(ascii: "\n"))
        var last: Int?
        for i in order where i != last {
            if last != nil { text.append(UInt8(ascii: "\n")) }
            text += lines[i]
            last = i
        }
        return FormReader.sha256(text)
    }
}
