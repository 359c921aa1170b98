import Foundation
import Forms

/// `archive/index.tsv`, the archive's memory: one line per file taken. It is rewritten whole
/// through a synced temporary file and a rename, and always *before* the files it adds are
/// moved, so after a crash it lists every file already moved plus, at worst, files whose move
/// the next run completes (`Archive.recover`).
struct ArchiveIndex {
    static let header = "# weigai archive index v1"
    static let columns = ["sha256", "kind", "path", "source", "name", "received_at", "periods", "reason"]

    var entries: [ArchiveEntry] = []

    /// The index at `path`; empty when there is none yet. Split on bytes: a tab or a newline
    /// byte is never part of another UTF-8 character, so a field that begins with a combining
    /// mark stays apart from the tab before it.
    static func read(_ path: String) throws -> ArchiveIndex {
        guard Files.exists(path) else { return ArchiveIndex() }
        guard let data = FileManager.default.contents(atPath: path), String(validating: data, as: UTF8.self) != nil else {
            throw RunError.indexCorrupt(path: path, line: 0, detail: "cannot read it as UTF-8")
        }
        let bytes = [UInt8](data)
        let heading = Array(columns.joined(separator: "\t").utf8)
        var index = ArchiveIndex()
        for (i, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard let first = line.first, first != UInt8(ascii: "#"), !line.elementsEqual(heading) else { continue }
            let f = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map(unescape)
            func bad(_ detail: String) -> RunError { .indexCorrupt(path: path, line: i + 1, detail: detail) }
            guard f.count == columns.count else { throw bad("\(f.count) fields, expected \(columns.count)") }
            guard let kind = ArchiveEntry.Kind(rawValue: f[1]) else { throw bad("unknown kind \(f[1])") }
            guard let received = LocalTime.parse(f[5]) else { throw bad("unreadable time \(f[5])") }
            let periods = f[6].split(separator: ",").map { Period(String($0)) }
            guard !periods.contains(where: { $0 == nil }) else { throw bad("unreadable months \(f[6])") }
            index.entries.append(ArchiveEntry(sha256: f[0], kind: kind, path: f[2], source: f[3], name: f[4],
                                              receivedAt: received, periods: periods.map { $0! }, reason: f[7]))
        }
        return index
    }

    func write(_ path: String, time: LocalTime) throws {
        var text = Self.header + "\n" + Self.columns.joined(separator: "\t") + "\n"
        for e in entries {
            let fields = [e.sha256, e.kind.rawValue, e.path, e.source, e.name, time.iso(e.receivedAt),
                          e.periods.map(\.description).joined(separator: ","), e.reason]
            text += fields.map(Self.escape).joined(separator: "\t") + "\n"
        }
        try Files.replace(path, Array(text.utf8))
    }

    /// Backslash escapes for the characters that would break a line or a field.
    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") })
        else { return s }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\".unicodeScalars
            case "\t": out += "\\t".unicodeScalars
            case "\n": out += "\\n".unicodeScalars
            case "\r": out += "\\r".unicodeScalars
            default: out.append(c)
            }
        }
        return String(out)
    }

    static func unescape(_ field: ArraySlice<UInt8>) -> String {
        guard field.contains(UInt8(ascii: "\\")) else { return String(decoding: field, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(field.count)
        var escaped = false
        for b in field {
            if escaped {
                switch b {
                case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r"))
                default: out.append(b)
                }
                escaped = false
            } else if b == UInt8(ascii: "\\") {
                escaped = true
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
