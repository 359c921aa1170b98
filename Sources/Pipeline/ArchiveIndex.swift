import Crypto
import Foundation
import Forms

/// `archive/index.tsv`, the archive's memory: one line per file taken. A run appends the lines
/// of the files it takes and syncs them *before* it moves those files, so after a crash the
/// index lists every file already moved plus, at worst, files whose move the next run
/// completes (`Archive.recover`). Appending costs the new files, not the archive's age; the
/// index is rewritten whole (through a synced temporary file and a rename) only when it is
/// begun, or when recovery drops lines from it.
struct ArchiveIndex {
    static let header = "# weigai archive index v1"
    static let columns = ["sha256", "kind", "path", "source", "name", "received_at", "periods", "reason"]

    var entries: [ArchiveEntry] = []
    /// The file ended inside a line: an append cut short by a crash. The index is rewritten
    /// before anything is added to it, without that line when it is no entry (the files it
    /// would have added were never moved: the index is synced before the moves).
    var torn: String?
    /// sha256 over the file's bytes as read, to go on with what is appended (`Archive.digests`).
    var hash = SHA256()

    /// The index at `path`; empty when there is none yet. Read on bytes: a tab or a newline byte
    /// is never part of another UTF-8 character, so a field that begins with a combining mark
    /// stays apart from the tab before it; each field is checked to be UTF-8 as it is made.
    static func read(_ path: String) throws -> ArchiveIndex {
        guard Files.exists(path) else { return ArchiveIndex() }
        let bytes = try Files.read(path)
        // The digest and the lines are each a pass over the whole index (1.5 MB at 24 months):
        // the digest on a thread of its own while the lines' pieces spread over both cores
        // (nested in `Parallel.both`, their `map` had one thread); nothing else runs yet when a
        // run reads its archive.
        let (hash, parsed) = Parallel.beside({
            var hash = SHA256()
            hash.update(data: bytes)
            return hash
        }, {
            Result { try parse(bytes, path: path) }
        })
        var index = try parsed.get()
        index.hash = hash
        return index
    }

    /// The entries of the index's bytes, and whether its last line was torn. Cut at line ends
    /// into a piece a core, parsed side by side: the index has a line for every file ever taken
    /// (7,200 at 24 months of 300 districts; a national archive takes some 72,000 a year).
    private static func parse(_ bytes: [UInt8], path: String) throws -> ArchiveIndex {
        let pieces = Self.pieces(of: bytes, count: bytes.count < 1 << 16 ? 1 : ProcessInfo.processInfo.activeProcessorCount)
        let parsed = Parallel.map(pieces.count) { i in Self.parse(bytes, pieces[i]) }
        var index = ArchiveIndex()
        index.entries.reserveCapacity(parsed.reduce(0) { $0 + $1.entries.count })
        var before = 0  // lines in the pieces before
        for piece in parsed {
            if let (n, detail) = piece.bad { throw RunError.indexCorrupt(path: path, line: before + n, detail: detail) }
            index.entries += piece.entries
            if let (n, detail) = piece.torn {
                // An unfinished last line is a torn append: kept when it is an entry, else dropped.
                index.torn = detail.map { "its last line \(before + n) is cut short (\($0)); it is dropped: its files were never moved" }
                    ?? "its last line \(before + n) lacks its line end; it is kept"
            }
            before += piece.lines
        }
        return index
    }

    /// `count` ranges of `bytes` about as long, each but the last ending after a line end.
    private static func pieces(of bytes: [UInt8], count: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for k in 1..<max(1, count) {
            let cut = bytes.count * k / count
            guard cut > start, let end = find(UInt8(ascii: "\n"), in: bytes[cut...]) else { continue }
            out.append(start..<(end + 1))
            start = end + 1
        }
        out.append(start..<bytes.count)
        return out
    }

    /// One piece's entries and lines: the first bad line (its number in the piece, and why),
    /// and an unfinished last line (its number; why it is no entry, nil when it is one).
    private struct Piece {
        var entries: [ArchiveEntry] = []
        var lines = 0
        var bad: (Int, String)?
        var torn: (Int, String?)?
    }

    private static func parse(_ bytes: [UInt8], _ range: Range<Int>) -> Piece {
        let heading = Array(columns.joined(separator: "\t").utf8)
        var piece = Piece()
        var fields: [ArraySlice<UInt8>] = []
        fields.reserveCapacity(columns.count)
        var start = range.lowerBound
        while start < range.upperBound {
            piece.lines += 1
            let end = Self.find(UInt8(ascii: "\n"), in: bytes[start..<range.upperBound])
            let line = bytes[start..<(end ?? range.upperBound)]
            start = (end ?? range.upperBound) + 1
            guard let first = line.first, first != UInt8(ascii: "#"), !line.elementsEqual(heading) else { continue }
            do {
                piece.entries.append(try entry(line, fields: &fields))
                if end == nil { piece.torn = (piece.lines, nil) }
            } catch {
                let detail = (error as? LineError)?.text ?? "\(error)"
                guard end == nil else {
                    piece.bad = (piece.lines, detail)
                    return piece
                }
                piece.torn = (piece.lines, detail)
            }
        }
        return piece
    }

    private struct LineError: Error {
        var text: String
    }

    /// The entry of one line; `fields` is room for its fields, kept from line to line.
    private static func entry(_ line: ArraySlice<UInt8>, fields: inout [ArraySlice<UInt8>]) throws -> ArchiveEntry {
        fields.removeAll(keepingCapacity: true)
        var from = line.startIndex
        while let tab = find(UInt8(ascii: "\t"), in: line[from...]) {
            fields.append(line[from..<tab])
            from = tab + 1
        }
        fields.append(line[from...])
        guard fields.count == columns.count else { throw LineError(text: "\(fields.count) fields, expected \(columns.count)") }
        func text(_ i: Int) throws -> String {
            guard let s = unescape(fields[i]) else { throw LineError(text: "\(columns[i]) is not UTF-8") }
            return s
        }
        let kindText = try text(1)
        guard let kind = ArchiveEntry.Kind(rawValue: kindText) else { throw LineError(text: "unknown kind \(kindText)") }
        let received: Date
        if let seconds = Civil.parse(fields[5]) {
            received = Date(timeIntervalSince1970: Double(seconds))
        } else if let date = LocalTime.parse(try text(5)) {
            received = date
        } else {
            throw LineError(text: "unreadable time \(try text(5))")
        }
        var periods: [Period] = []
        if !fields[6].isEmpty {
            for part in fields[6].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                guard let p = Period(bytes: part) else { throw LineError(text: "unreadable months \(try text(6))") }
                periods.append(p)
            }
        }
        return ArchiveEntry(sha256: try text(0), kind: kind, path: try text(2), source: try text(3), name: try text(4),
                            receivedAt: received, periods: periods, reason: try text(7))
    }

    /// Writes the whole index in place of the old one; returns the sha256 over its bytes.
    @discardableResult
    func write(_ path: String, time: LocalTime) throws -> SHA256 {
        var bytes = Array((Self.header + "\n" + Self.columns.joined(separator: "\t") + "\n").utf8)
        for e in entries { Self.append(e, time: time, to: &bytes) }
        try Files.replace(path, bytes)
        var hash = SHA256()
        hash.update(data: bytes)
        return hash
    }

    /// Adds the lines of `new` to the end of the index at `path`, synced; returns their bytes.
    @discardableResult
    static func append(_ new: [ArchiveEntry], to path: String, time: LocalTime) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for e in new { append(e, time: time, to: &bytes) }
        try Files.append(path, bytes)
        return bytes
    }

    private static func append(_ e: ArchiveEntry, time: LocalTime, to out: inout [UInt8]) {
        let fields = [e.sha256, e.kind.rawValue, e.path, e.source, e.name, time.iso(e.receivedAt),
                      e.periods.map(\.description).joined(separator: ","), e.reason]
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "\t")) }
            escape(f, into: &out)
        }
        out.append(UInt8(ascii: "\n"))
    }

    /// Backslash escapes for the characters that would break a line or a field.
    static func escape(_ s: String, into out: inout [UInt8]) {
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            default: out.append(b)
            }
        }
    }

    /// The place of the first `byte` in `bytes`, found by memchr(3): the index's lines, their
    /// tabs and escapes are some 1.5 MB at 24 months, which `firstIndex(of:)` steps through a
    /// byte at a time.
    static func find(_ byte: UInt8, in bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress, let hit = memchr(base, Int32(byte), b.count) else { return nil }
            return bytes.startIndex + (UnsafeRawPointer(hit) - UnsafeRawPointer(base))
        }
    }

    /// The field's text, its escapes undone; nil when it is not UTF-8.
    static func unescape(_ field: ArraySlice<UInt8>) -> String? {
        guard find(UInt8(ascii: "\\"), in: field) != nil else { return utf8(field) }
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
        return utf8(out[...])
    }

    /// The text of UTF-8 bytes, nil when they are not: decoded (which repairs), then compared
    /// with what it decoded — a third of the cost of `String(validating:as:)` here.
    static func utf8(_ bytes: ArraySlice<UInt8>) -> String? {
        var s = String(decoding: bytes, as: UTF8.self)
        let same = s.withUTF8 { text in
            bytes.withUnsafeBufferPointer { b in text.count == b.count && (b.isEmpty || memcmp(text.baseAddress!, b.baseAddress!, b.count) == 0) }
        }
        return same ? s : nil
    }
}

private extension Period {
    /// `YYYY-MM` read on its bytes; any other form as `init?(_:)` reads it.
    init?(bytes b: ArraySlice<UInt8>) {
        let digit = { (i: Int) -> Int? in
            let d = b[b.startIndex + i] &- UInt8(ascii: "0")
            return d < 10 ? Int(d) : nil
        }
        if b.count == 7, b[b.startIndex + 4] == UInt8(ascii: "-"), let y0 = digit(0), let y1 = digit(1), let y2 = digit(2),
           let y3 = digit(3), let m0 = digit(5), let m1 = digit(6) {
            self.init(year: ((y0 * 10 + y1) * 10 + y2) * 10 + y3, month: m0 * 10 + m1)
        } else {
            guard let text = ArchiveIndex.utf8(b) else { return nil }
            self.init(text)
        }
    }
}
