import Foundation
import Forms

/// Times as the commission reads them: in the configured time zone, to the second. Written by
/// hand from calendar components, so it is Sendable and its text never depends on a locale.
struct LocalTime: Sendable {
    let calendar: Calendar

    init(timeZone: TimeZone) {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        calendar = c
    }

    init(_ config: Configuration) { self.init(timeZone: TimeZone(identifier: config.timeZone)!) }

    private func parts(_ d: Date) -> DateComponents {
        calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: d)
    }

    /// `2026-11-24T10:12:00+08:00`.
    func iso(_ d: Date) -> String {
        let offset = calendar.timeZone.secondsFromGMT(for: d)
        let minutes = abs(offset) / 60
        return text(d, separator: "T") + (offset < 0 ? "-" : "+") + SimpleDate.padded(minutes / 60, 2) + ":"
            + SimpleDate.padded(minutes % 60, 2)
    }

    /// `2026-11-24 10:12:00`.
    func display(_ d: Date) -> String { text(d, separator: " ") }

    /// Written digit by digit, as `%04d-%02d-%02d %02d:%02d:%02d` would (a receipt, a row of
    /// submissions.csv and an index line each take several; `String(format:)` cost more than
    /// the calendar).
    private func text(_ d: Date, separator: String) -> String {
        let c = parts(d)
        return SimpleDate.padded(c.year!, 4) + "-" + SimpleDate.padded(c.month!, 2) + "-" + SimpleDate.padded(c.day!, 2)
            + separator + SimpleDate.padded(c.hour!, 2) + ":" + SimpleDate.padded(c.minute!, 2) + ":" + SimpleDate.padded(c.second!, 2)
    }

    func day(_ d: Date) -> SimpleDate {
        let c = parts(d)
        return SimpleDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    /// The month `d` falls in.
    func period(_ d: Date) -> Period {
        let c = parts(d)
        return Period(year: c.year!, month: c.month!)!
    }

    /// Parses ISO 8601 with an offset (`2026-11-26T23:00:00+08:00`, or `Z`).
    static func parse(_ text: String) -> Date? {
        parserLock.lock()
        defer { parserLock.unlock() }
        return parser.date(from: text)
    }

    /// One parser, under a lock: creating one costs more than parsing (it was most of a
    /// corrected-file run over a two-year archive, reading the index).
    nonisolated(unsafe) private static let parser = ISO8601DateFormatter()
    private static let parserLock = NSLock()

    /// Whole seconds: what the index keeps, so a time read back compares equal.
    static func truncated(_ d: Date) -> Date {
        Date(timeIntervalSince1970: d.timeIntervalSince1970.rounded(.down))
    }
}
