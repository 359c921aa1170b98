import Forms

/// Each archive entry's digest line — `sha256 ⇥ kind ⇥ name ⇥ received (seconds) ⇥ months` —
/// as bytes: what the months' digests of the archive (each month's inputs, the ledger's chain)
/// are taken over. The digests hash a header, then the chosen lines in `String`'s order, each
/// after a newline. Only the lines a digest takes are made: a run that rebuilds one month makes
/// those of its window, not the archive's (7,200 lines at 24 months).
struct DigestLines: Sendable {
    struct Line: Sendable {
        let bytes: [UInt8]
        /// What `String`'s `<` sorts the line by: it compares NFC scalars, as NFC bytes compare,
        /// and only the name may not be NFC.
        let key: [UInt8]
    }

    private let entries: [ArchiveEntry]

    init(_ entries: [ArchiveEntry]) {
        self.entries = entries
    }

    /// The lines of the entries at `places`, each made once: for digests whose places overlap.
    func lines(_ places: some Sequence<Int>) -> [Int: Line] {
        var made: [Int: Line] = [:]
        for i in places where made[i] == nil { made[i] = Self.line(entries[i]) }
        return made
    }

    private static func line(_ e: ArchiveEntry) -> Line {
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
            append(p, to: &line)
        }
        let nfc = TextKey(e.name).bytes
        guard !nfc.elementsEqual(e.name.utf8) else { return Line(bytes: line, key: line) }
        return Line(bytes: line, key: Array(line[..<name]) + nfc + line[(name + e.name.utf8.count)...])
    }

    /// `Period.description`'s bytes: the year, `-` and the month in two digits (a year of other
    /// than four digits, which only a decoded `Codable` period could hold, as the text has it).
    static func append(_ p: Period, to line: inout [UInt8]) {
        guard p.year >= 1000, p.year <= 9999 else { return line += p.description.utf8 }
        line += [UInt8(ascii: "0") + UInt8(p.year / 1000), UInt8(ascii: "0") + UInt8(p.year / 100 % 10),
                 UInt8(ascii: "0") + UInt8(p.year / 10 % 10), UInt8(ascii: "0") + UInt8(p.year % 10), UInt8(ascii: "-"),
                 UInt8(ascii: "0") + UInt8(p.month / 10), UInt8(ascii: "0") + UInt8(p.month % 10)]
    }

    /// sha256 of `header`, a newline, then the lines at `places` (each once) in order, joined by
    /// newlines; `made` holds them when they were made for several digests.
    func digest(_ header: String, _ places: [Int], _ made: [Int: Line]? = nil) -> String {
        let made = made ?? lines(places)
        let lines = Set(places).map { made[$0]! }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        var text = Array(header.utf8)
        text.reserveCapacity(text.count + 1 + lines.reduce(0) { $0 + $1.bytes.count + 1 })
        text.append(UInt8(ascii: "\n"))
        for (i, line) in lines.enumerated() {
            if i > 0 { text.append(UInt8(ascii: "\n")) }
            text += line.bytes
        }
        return FormReader.sha256(text)
    }
}
