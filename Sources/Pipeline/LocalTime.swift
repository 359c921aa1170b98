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

    /// `d` on the wall clock of the time zone. Civil-calendar arithmetic (H. Hinnant's
    /// days-from-civil), not `Calendar`: the index's thousands of times made that costly.
    private func parts(_ d: Date) -> Civil {
        Civil(seconds: Int(d.timeIntervalSince1970.rounded(.down)) + calendar.timeZone.secondsFromGMT(for: d))
    }

    /// `2026-11-24T10:12:00+08:00`.
    func iso(_ d: Date) -> String {
        let offset = calendar.timeZone.secondsFromGMT(for: d)
        let minutes = abs(offset) / 60
        return parts(d).text(separator: "T") + (offset < 0 ? "-" : "+") + SimpleDate.padded(minutes / 60, 2) + ":" + SimpleDate.padded(minutes % 60, 2)
    }

    /// `2026-11-24 10:12:00`.
    func display(_ d: Date) -> String { parts(d).text(separator: " ") }

    func day(_ d: Date) -> SimpleDate {
        let c = parts(d)
        return SimpleDate(year: c.year, month: c.month, day: c.day)!
    }

    /// The month `d` falls in.
    func period(_ d: Date) -> Period {
        let c = parts(d)
        return Period(year: c.year, month: c.month)!
    }

    /// Parses ISO 8601 with an offset (`2026-11-26T23:00:00+08:00`, or `Z`): the index's form by
    /// hand, any other through Foundation's parser.
    static func parse(_ text: String) -> Date? {
        if let seconds = Civil.parse(Array(text.utf8)[...]) { return Date(timeIntervalSince1970: Double(seconds)) }
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

/// A wall-clock time to the second, in the proleptic Gregorian calendar.
struct Civil {
    var year, month, day, hour, minute, second: Int

    /// From seconds since 1970 on the wall clock.
    init(seconds: Int) {
        let days = (seconds >= 0 ? seconds : seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        hour = rest / 3600
        minute = rest % 3600 / 60
        second = rest % 60
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Seconds since 1970 of this wall-clock time.
    var seconds: Int {
        let y = year - (month <= 2 ? 1 : 0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return (era * 146_097 + doe - 719_468) * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// `2026-11-24T10:12:00` with `separator` between the date and the time.
    func text(separator: String) -> String {
        SimpleDate.padded(year, 4) + "-" + SimpleDate.padded(month, 2) + "-" + SimpleDate.padded(day, 2) + separator
            + SimpleDate.padded(hour, 2) + ":" + SimpleDate.padded(minute, 2) + ":" + SimpleDate.padded(second, 2)
    }

    /// Seconds since 1970 of `YYYY-MM-DDTHH:MM:SS` followed by `Z` or `±HH:MM`; nil for anything else.
    static func parse(_ text: ArraySlice<UInt8>) -> Int? {
        text.withUnsafeBufferPointer(parse)
    }

    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard b.count == 20 || b.count == 25 else { return nil }
        func number(_ at: Int, _ width: Int) -> Int? {
            var n = 0
            for i in at..<at + width {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[i]) else { return nil }
                n = n * 10 + Int(b[i] - UInt8(ascii: "0"))
            }
            return n
        }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }
        let civil = Civil(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        // A day past the month's end (2026-02-30) is no date.
        guard Civil(seconds: civil.seconds).day == day else { return nil }
        var offset = 0
        if b.count == 20 {
            guard b[19] == UInt8(ascii: "Z") else { return nil }
        } else {
            guard b[19] == UInt8(ascii: "+") || b[19] == UInt8(ascii: "-"), b[22] == UInt8(ascii: ":"),
                  let h = number(20, 2), let m = number(23, 2), h < 24, m < 60 else { return nil }
            offset = (h * 3600 + m * 60) * (b[19] == UInt8(ascii: "-") ? -1 : 1)
        }
        return civil.seconds - offset
    }

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
    }
}
