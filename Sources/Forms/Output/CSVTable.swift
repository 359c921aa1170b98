import Foundation

/// A CSV cell: text a person typed, which must never run as a formula in Excel, or a number,
/// which must stay a number (a negative one starts with `-`).
public enum CSVValue: Sendable, Equatable, ExpressibleByStringLiteral {
    case text(String)
    case number(String)

    public init(stringLiteral s: String) { self = .text(s) }

    public static func number(_ d: Decimal?) -> CSVValue { .number(d?.plain ?? "") }
    public static func number(_ i: Int?) -> CSVValue { .number(i.map(String.init) ?? "") }
}

/// An RFC 4180 table: UTF-8 with a byte-order mark (so Excel reads the Chinese right), CRLF
/// line ends, fields quoted only when they must be.
///
/// A national month's tables are millions of fields, so a table holds each field's value once,
/// as UTF-8 bytes one after another, with where it ends and whether it is a number (a `String`
/// per field, and the CSV bytes beside them, were most of the run's memory). The bytes go into
/// blocks of 2 MB, each allocated once, a value never split between two: one growing array
/// was, while it grew, itself and its copy twice as large (100 MB for the ledger's 35 MB at the
/// run's peak). The CSV is written from them, a chunk at a time.
///
/// A table can also be made a part at a time (`endRow(partRows:full:)`, or
/// `append(_:partRows:full:)` for a row of values): each part has the header and the next rows,
/// and is written and stored before the next is made, so a national month's clues.csv is a few
/// MB at a time instead of 60 held whole.
///
/// Sendable though it holds a pointer: `last` points into the table's last block, which the
/// table writes to only once it holds that block alone (see `ownLast`).
public struct CSVTable: @unchecked Sendable {
    public let header: [String]
    private let blockSize: Int
    private var blocks: [Block] = []
    private var fields: [Field] = []
    /// The last block's bytes, and how many of them hold values: kept here, not read from the
    /// block, so that appending a value retains and releases nothing (the block's reference
    /// count, taken for every field, was a tenth of the instructions making clues.csv).
    private var last: UnsafeMutablePointer<UInt8>?
    private var lastCapacity = 0
    private var lastUsed = 0
    /// Where the field being written begins in the last block; how many fields of the row are written.
    private var fieldStart = 0
    private var inField = false
    private var rowFields = 0

    /// A block of values, never moved. Only the table's last block is appended to, and only after
    /// the table made it its own (see `ownLast`); a shared block is only read.
    private final class Block: @unchecked Sendable {
        let base: UnsafeMutablePointer<UInt8>
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: max(capacity, 1))
        }

        /// A copy of the first `count` bytes of `other`.
        convenience init(copying other: Block, count: Int) {
            self.init(capacity: other.capacity)
            base.initialize(from: other.base, count: count)
        }

        deinit { base.deallocate() }
    }

    /// Which block a value is in, where in it the value ends (it starts where the one before it
    /// ends, or at the block's start when that one is in an earlier block), and in the top bit
    /// whether it is a number: eight bytes a field. (Four bytes held a block of 4 MB at most, and
    /// a workbook's cell can be longer than that: the run stopped on it.)
    fileprivate struct Field: Sendable {
        private static let number: UInt64 = 1 << 63
        /// A block's bytes: up to 1 TB; the rest of the bits count blocks.
        static let endBits = 40
        private let bits: UInt64
        init(block: Int, end: Int, isNumber: Bool) {
            bits = UInt64(block) << Self.endBits | UInt64(end) | (isNumber ? Self.number : 0)
        }
        var block: Int { Int((bits & ~Self.number) >> Self.endBits) }
        var end: Int { Int(bits & (1 << Self.endBits - 1)) }
        var isNumber: Bool { bits & Self.number != 0 }
    }

    /// With room for the ends of `rows` rows' fields: a table whose rows are counted beforehand
    /// never grows them by doubling, nor holds the room it doubled into.
    public init(header: [String], rows: Int = 0) {
        self.init(header: header, blockSize: 2 << 20, rows: rows)
    }

    /// Blocks of `blockSize` bytes (tests use small ones).
    init(header: [String], blockSize: Int, rows: Int = 0) {
        self.header = header
        self.blockSize = blockSize
        fields.reserveCapacity(rows * header.count)
    }

    public var rowCount: Int { fields.count / header.count }

    /// Appends `row` to a table made a part at a time, `partRows` rows a part: once full, the
    /// table is handed to `full` and begins afresh, empty, with room for another part. The maker
    /// hands the last part on itself, rows or none, so that every table has a part.
    public mutating func append(_ row: [CSVValue], partRows: Int, full: (CSVTable) throws -> Void) rethrows {
        append(row)
        try endPart(partRows: partRows, full: full)
    }

    /// The one part of a table made a part at a time with parts too large ever to fill.
    static func whole(_ make: ((CSVTable) -> Void) -> Void) -> CSVTable {
        var parts: [CSVTable] = []
        make { parts.append($0) }
        precondition(parts.count == 1, "a table made whole came in \(parts.count) parts")
        return parts[0]
    }

    public mutating func append(_ row: [CSVValue]) {
        precondition(row.count == header.count, "CSV row has \(row.count) fields, header \(header.count)")
        for value in row {
            switch value {
            case .text(let t): text(t)
            case .number(let n): number(n)
            }
        }
        endRow()
    }

    // A row can also be appended a field at a time, as the large tables' are: no array of values,
    // no `String` made for a number, nor for a field made of pieces (a clue's id, its persons'
    // names joined), each written where the table keeps it.

    /// A text field.
    public mutating func text(_ s: String) {
        put(s)
        endField(isNumber: false)
    }

    /// A number field, written as `digits` (blank when empty).
    public mutating func number(_ digits: String) {
        put(digits)
        endField(isNumber: true)
    }

    /// A number field: `String(i)`, blank for nil.
    public mutating func number(_ i: Int?) {
        if let i { put(i) }
        endField(isNumber: true)
    }

    /// A number field: `Decimal.plain`, blank for nil.
    public mutating func number(_ d: Decimal?) {
        d?.withPlainUTF8 { put($0) }
        endField(isNumber: true)
    }

    /// Part of a text field, which `endText` ends.
    public mutating func put(_ s: String) {
        // Through the string's own buffer (its UTF8View goes byte by byte), without a copy of the
        // `String` to call `withUTF8` on.
        if s.utf8.withContiguousStorageIfAvailable({ put($0) }) == nil {
            var s = s
            s.withUTF8 { put($0) }
        }
    }

    /// `String(i)` as part of a field.
    public mutating func put(_ i: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { out in
            var n = i.magnitude, at = out.count
            repeat {
                at -= 1
                out[at] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            } while n > 0
            if i < 0 { at -= 1; out[at] = UInt8(ascii: "-") }
            put(UnsafeBufferPointer(rebasing: out[at...]))
        }
    }

    /// Ends a text field made of pieces.
    public mutating func endText() { endField(isNumber: false) }

    /// Ends a row appended a field at a time.
    public mutating func endRow() {
        precondition(rowFields == header.count, "CSV row has \(rowFields) fields, header \(header.count)")
        rowFields = 0
    }

    /// Ends a row of a table made a part at a time: once it holds `partRows` rows it is handed to
    /// `full` and begins afresh (see `append(_:partRows:full:)`).
    public mutating func endRow(partRows: Int, full: (CSVTable) throws -> Void) rethrows {
        endRow()
        try endPart(partRows: partRows, full: full)
    }

    private mutating func endPart(partRows: Int, full: (CSVTable) throws -> Void) rethrows {
        guard rowCount >= partRows else { return }
        try full(self)
        self = CSVTable(header: header, blockSize: blockSize, rows: partRows)
    }

    private mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        if inField { ownLast() } else { beginField() }
        if lastCapacity - lastUsed < bytes.count {
            // A value is never split between two blocks: what the field has so far moves with it.
            let sofar = lastUsed - fieldStart
            let block = Block(capacity: max(blockSize, sofar + bytes.count))
            if sofar > 0 { block.base.initialize(from: last! + fieldStart, count: sofar) }
            blocks.append(block)
            (last, lastCapacity, lastUsed, fieldStart) = (block.base, block.capacity, sofar, 0)
        }
        if let start = bytes.baseAddress { (last! + lastUsed).initialize(from: start, count: bytes.count) }
        lastUsed += bytes.count
    }

    /// A copy of the table shares its blocks: the last one is copied before it is written to (a
    /// field's first bytes included, were the copy made in the middle of one).
    private mutating func ownLast() {
        if let n = blocks.indices.last, !isKnownUniquelyReferenced(&blocks[n]) {
            blocks[n] = Block(copying: blocks[n], count: lastUsed)
            last = blocks[n].base
        }
    }

    private mutating func beginField() {
        ownLast()
        if last == nil {
            let block = Block(capacity: blockSize)
            blocks.append(block)
            (last, lastCapacity, lastUsed) = (block.base, block.capacity, 0)
        }
        fieldStart = lastUsed
        inField = true
    }

    private mutating func endField(isNumber: Bool) {
        if !inField { beginField() }
        fields.append(Field(block: blocks.count - 1, end: lastUsed, isNumber: isNumber))
        inField = false
        rowFields += 1
    }

    /// The table's values where they lie, field after field, row after row: what the history
    /// store binds, without a copy. Valid only inside `withFields`.
    public struct Fields {
        fileprivate let blocks: [UnsafePointer<UInt8>]
        fileprivate let ends: [Field]

        public var count: Int { ends.count }

        /// Field `i`'s UTF-8 bytes as typed: a text's text, a number's digits (nil when blank).
        public subscript(i: Int) -> UnsafeBufferPointer<UInt8>? {
            let f = ends[i], start = i > 0 && ends[i - 1].block == f.block ? ends[i - 1].end : 0
            return f.isNumber && start == f.end ? nil : UnsafeBufferPointer(start: blocks[f.block] + start, count: f.end - start)
        }
    }

    public func withFields<R>(_ body: (Fields) throws -> R) rethrows -> R {
        try withExtendedLifetime(blocks) { try body(Fields(blocks: blocks.map { UnsafePointer($0.base) }, ends: fields)) }
    }

    /// The table as written, in chunks of about `chunk` bytes: byte-order mark, header, rows;
    /// the rows alone without `header` (a part after a table's first).
    public func write(chunk: Int = 1 << 20, header withHeader: Bool = true, _ sink: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        var out: [UInt8] = []
        // Room for a chunk, or for the table when it is smaller (a part of a month's table is
        // about half a MB): its values, a quote pair and a separator a field, and the header.
        let values = blocks.isEmpty ? 0 : (blocks.count - 1) * blockSize + lastUsed
        out.reserveCapacity(min(chunk, values + values / 8 + 3 * fields.count + 64 * header.count) + 4096)
        if withHeader {
            out += [0xEF, 0xBB, 0xBF]
            for (i, h) in header.enumerated() {
                var h = h
                h.withUTF8 { Self.append(field: $0, guardFormula: false, first: i == 0, to: &out) }
            }
            out += [0x0D, 0x0A]
        }
        try withFields { values in
            for i in 0..<values.count {
                let f = fields[i], column = i % header.count
                let v = values[i] ?? UnsafeBufferPointer(start: nil, count: 0)
                Self.append(field: v, guardFormula: !f.isNumber, first: column == 0, to: &out)
                if column == header.count - 1 {
                    out += [0x0D, 0x0A]
                    if out.count >= chunk {
                        try out.withUnsafeBufferPointer(sink)
                        out.removeAll(keepingCapacity: true)
                    }
                }
            }
        }
        try out.withUnsafeBufferPointer(sink)
    }

    /// The whole table as written.
    public var bytes: [UInt8] {
        var all: [UInt8] = []
        write { all += $0 }
        return all
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Writes the table beside `path` and renames it into place, so a reader never sees half a
    /// table. (Foundation's `.atomic` write leaves a `TemporaryDirectory.*` in /tmp on Linux.)
    public func write(to path: String) throws {
        let temporary = path + ".partial"
        guard let file = fopen(temporary, "wb") else { throw CSVWriteError(path: path, errno: errno) }
        var failed = false
        write { chunk in
            if !failed, fwrite(chunk.baseAddress, 1, chunk.count, file) != chunk.count { failed = true }
        }
        if fclose(file) != 0 || failed {
            let code = errno
            unlink(temporary)
            throw CSVWriteError(path: path, errno: code)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw CSVWriteError(path: path, errno: code)
        }
    }

    /// One field. With `guardFormula` (a text cell), text that Excel would read as a formula (`=`,
    /// `+`, `-`, `@`, or a leading tab or carriage return) gets a leading apostrophe. A field
    /// holding a comma, a quote, a CR or an LF is quoted, its quotes doubled.
    private static func append(field b: UnsafeBufferPointer<UInt8>, guardFormula: Bool, first: Bool, to out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        let quoted = mustQuote(b)
        if quoted { out.append(UInt8(ascii: "\"")) }
        if guardFormula, let c = b.first, c == UInt8(ascii: "=") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
            || c == UInt8(ascii: "@") || c == 0x09 || c == 0x0D {
            out.append(UInt8(ascii: "'"))
        }
        if quoted {
            // A run at a time up to each quote, which is doubled: a clue's history in ledger.csv is
            // lines of it, and went byte by byte.
            var start = b.startIndex
            while let q = b[start...].firstIndex(of: UInt8(ascii: "\"")) {
                out += UnsafeBufferPointer(rebasing: b[start...q])
                out.append(UInt8(ascii: "\""))
                start = q + 1
            }
            out += UnsafeBufferPointer(rebasing: b[start...])
            out.append(UInt8(ascii: "\""))
        } else {
            out += b
        }
    }
}

extension CSVTable {
    /// Whether a field holds a comma, a quote, a CR or an LF. Eight bytes at a time: those four
    /// are below `-` (0x2D), and a chunk with no byte below it (Chinese text's bytes are all
    /// 0x80 and above) holds none of them; a chunk with one is looked at byte by byte.
    static func mustQuote(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        func special(_ c: UInt8) -> Bool {
            c == UInt8(ascii: ",") || c == UInt8(ascii: "\"") || c == 0x0A || c == 0x0D
        }
        guard let base = b.baseAddress else { return false }
        var i = 0
        while i + 8 <= b.count {
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            // Some byte below 0x2D (exact for a bound under 0x80: a byte with its top bit set never counts).
            if (x &- 0x2D2D_2D2D_2D2D_2D2D) & ~x & 0x8080_8080_8080_8080 != 0 {
                for k in i..<(i + 8) where special(base[k]) { return true }
            }
            i += 8
        }
        while i < b.count {
            if special(base[i]) { return true }
            i += 1
        }
        return false
    }
}

/// A table that could not be written, with the system's reason.
public struct CSVWriteError: Error, CustomStringConvertible {
    public let path: String
    public let errno: Int32
    public var description: String { "\(path): cannot write (\(String(cString: strerror(errno))))" }
}
