import Foundation
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
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("weigai-index-\(UUID().uuidString)").path
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
}
