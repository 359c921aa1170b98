import Foundation
import TestScratch
import Testing
@testable import Forms
@testable import Pipeline

/// The archive index and the times in it, read back exactly as written.
struct ArchiveIndexTests {
    @Test(arguments: ["Asia/Shanghai", "America/New_York", "UTC"])
    func timesAreWrittenAndParsedAsFoundationDoes(zone: String) throws {
        let time = LocalTime(timeZone: TimeZone(identifier: zone)!)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        let foundation = ISO8601DateFormatter()
        foundation.timeZone = TimeZone(identifier: zone)!
        // Around the turn of years, leap days and daylight-saving changes, and far apart.
        let starts = [0, 951_782_400, 1_709_164_800, 1_710_054_000, 1_730_613_600, 1_798_732_799, 4_107_542_400]
        for start in starts {
            for step in stride(from: -90_000, through: 90_000, by: 3_601) {
                let d = Date(timeIntervalSince1970: Double(start + step))
                let text = time.iso(d)
                #expect(text == foundation.string(from: d).replacingOccurrences(of: "Z", with: "+00:00"))
                #expect(LocalTime.parse(text) == d)
                let c = calendar.dateComponents([.year, .month, .day], from: d)
                #expect(time.day(d) == SimpleDate(year: c.year!, month: c.month!, day: c.day!))
            }
        }
        #expect(LocalTime.parse("2026-11-26T23:00:00Z") == foundation.date(from: "2026-11-26T23:00:00Z"))
        #expect(LocalTime.parse("2026-11-26T23:00:00-03:30") == foundation.date(from: "2026-11-27T02:30:00Z"))
        #expect(LocalTime.parse("2026-11-26 23:00:00+08:00") == nil)
    }

    @Test func fieldsWithEscapesAndCombiningMarksComeBack() throws {
        let folder = Scratch.path("weigai-index")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/index.tsv"
        let time = LocalTime(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let entries = [
            ArchiveEntry(sha256: String(repeating: "a", count: 64), kind: .archived, path: "archive/a-东湖区.xlsx",
                         source: "东湖区\t11月\\报表.xlsx", name: "\u{301}东湖区.xlsx", receivedAt: Date(timeIntervalSince1970: 1_795_000_000),
                         periods: [Period(year: 2026, month: 10)!, Period(year: 2026, month: 11)!], reason: ""),
            ArchiveEntry(sha256: String(repeating: "b", count: 64), kind: .quarantined, path: "quarantine/b.xlsx",
                         source: "b.xlsx", name: "b.xlsx", receivedAt: Date(timeIntervalSince1970: 1_795_000_061),
                         periods: [], reason: "file-unreadable 第一行\n第二行\r"),
        ]
        try ArchiveIndex(entries: entries).write(path, time: time)
        #expect(try ArchiveIndex.read(path).entries == entries)

        try Data("# weigai archive index v1\nsha256\tkind\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: RunError.self) { try ArchiveIndex.read(path) }
    }

    static func entry(_ n: Int, name: String, kind: ArchiveEntry.Kind = .archived, periods: [Period]) -> ArchiveEntry {
        let sha = String(repeating: String(n % 10), count: 64)
        return ArchiveEntry(sha256: sha, kind: kind, path: "archive/\(n)-" + name, source: name, name: name,
                            receivedAt: Date(timeIntervalSince1970: Double(1_795_000_000 + 3_600 * n)), periods: periods)
    }

    @Test func appendedLinesComeBackAndAnUnfinishedLastLineIsTold() throws {
        let folder = Scratch.path("weigai-index")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/index.tsv"
        let time = LocalTime(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let (nov, dec) = (Period(year: 2026, month: 11)!, Period(year: 2026, month: 12)!)
        let first = [Self.entry(1, name: "东湖区.xlsx", periods: [nov])]
        let more = [Self.entry(2, name: "西山区.xlsx", periods: [nov, dec]), Self.entry(3, name: "x.pdf", kind: .scan, periods: [dec])]
        try ArchiveIndex(entries: first).write(path, time: time)
        try ArchiveIndex.append(more, to: path, time: time)
        var index = try ArchiveIndex.read(path)
        #expect(index.entries == first + more)
        #expect(index.torn == nil)

        // Complete but for its line end: kept, and told.
        let line = try Files.read(path).split(separator: UInt8(ascii: "\n")).last!
        try Files.append(path, Array(line))
        index = try ArchiveIndex.read(path)
        #expect(index.entries == first + more + [more[1]])
        #expect(index.torn?.contains("kept") == true)

        // Cut short: no entry, and told; the same damage inside the file is refused.
        try ArchiveIndex(entries: first + more).write(path, time: time)
        try Files.append(path, Array(line.prefix(70)))
        index = try ArchiveIndex.read(path)
        #expect(index.entries == first + more)
        #expect(index.torn?.contains("dropped") == true)
        try Files.append(path, Array("\n".utf8))
        #expect(throws: RunError.self) { try ArchiveIndex.read(path) }
    }

    /// An index of many lines is parsed a piece a core: its entries come back in order, a bad
    /// line is told by its number in the whole file, and an unfinished last line by its own.
    @Test func aLongIndexIsReadInPiecesAsOne() throws {
        let folder = Scratch.path("weigai-index")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/index.tsv"
        let time = LocalTime(timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let nov = Period(year: 2026, month: 11)!
        let many = (0..<3_000).map { Self.entry($0, name: "东湖区\($0).xlsx", periods: [nov]) }
        try ArchiveIndex(entries: many).write(path, time: time)
        let bytes = try Files.read(path)
        #expect(bytes.count > 1 << 17)
        #expect(try ArchiveIndex.read(path).entries == many)

        // Header and column names are lines 1 and 2: entry k is line k + 3. A bad line near
        // the end, in the last piece, and one near the start.
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for k in [2_500, 10] {
            var bad = lines
            bad[k + 2] = ArraySlice("not an entry".utf8)
            try Files.replace(path, Array(bad.joined(separator: [UInt8(ascii: "\n")])))
            #expect {
                try ArchiveIndex.read(path)
            } throws: { error in
                guard case RunError.indexCorrupt(_, let line, _) = error else { return false }
                return line == k + 3
            }
        }
        // Cut short at the end: the last line's number is the file's.
        lines.removeLast()  // the empty text after the last line end
        try Files.replace(path, Array(lines.joined(separator: [UInt8(ascii: "\n")])) + [UInt8(ascii: "\n")] + Array(lines.last!.prefix(70)))
        let index = try ArchiveIndex.read(path)
        #expect(index.entries == many)
        #expect(index.torn?.hasPrefix("its last line 3003 is cut short") == true)
    }

    /// The digests taken over `DigestLines` are those of their definition: the lines as text,
    /// sorted by `String`'s `<`, each file once, after the header and a newline.
    @Test func digestLinesHashTheirDefinition() {
        let (oct, nov) = (Period(year: 2026, month: 10)!, Period(year: 2026, month: 11)!)
        let entries = [
            Self.entry(7, name: "东湖区.xlsx", periods: [nov]),
            Self.entry(3, name: "Cafe\u{301}.xlsx", periods: [oct, nov]),  // not NFC: sorted as its NFC form
            Self.entry(5, name: "Café.xlsx", kind: .quarantined, periods: [nov]),
            Self.entry(2, name: "西山区.xlsx", kind: .scan, periods: []),
            Self.entry(3, name: "Cafe.xlsx", periods: [Period(year: 1999, month: 1)!]),
        ]
        func text(_ e: ArchiveEntry) -> String {
            [e.sha256, e.kind.rawValue, e.name, String(Int(e.receivedAt.timeIntervalSince1970)),
             e.periods.map(\.description).joined(separator: ",")].joined(separator: "\t")
        }
        let lines = DigestLines(entries)
        for places in [[], [0], [1, 2, 1], [4, 3, 2, 1, 0], Array(entries.indices)] {
            let definition = "head\n" + Set(places).map { text(entries[$0]) }.sorted().joined(separator: "\n")
            #expect(lines.digest("head", places) == FormReader.sha256(Array(definition.utf8)))
        }
    }
}
