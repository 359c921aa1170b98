import Foundation

/// The shared-string table, stored compactly: all strings in one UTF-8 buffer and their end
/// offsets, so a 100,000-string table is two allocations, not 100,000.
public struct SharedStrings: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []

    public init() {}

    public var count: Int { ends.count }

    public subscript(index: Int) -> String {
        withBytes(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// The string's UTF-8 bytes, valid during the call.
    @inline(__always)
    func withBytes<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let start = index == 0 ? 0 : ends[index - 1]
        return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<ends[index]])) }
    }

    /// Whether the string at `index` is empty.
    func isEmpty(_ index: Int) -> Bool { ends[index] == (index == 0 ? 0 : ends[index - 1]) }

    static func read(from archive: ZipArchive, part: String) throws -> SharedStrings {
        let handler = Handler()
        try archive.stream(part, into: handler)
        return handler.table
    }

    /// `<sst><si><t>…</t></si><si><r><t>…</t></r>…<rPh><t>…</t></rPh></si></sst>`:
    /// rich-text runs are joined, phonetic runs skipped.
    private final class Handler: XMLStreamHandler {
        // Touched on every SAX event by this handler's one parser: exempt from the dynamic
        // exclusivity checks, which would cost more than the work.
        @exclusivity(unchecked) var table = SharedStrings()
        @exclusivity(unchecked) var start = 0
        @exclusivity(unchecked) var inItem = false
        @exclusivity(unchecked) var inText = false
        @exclusivity(unchecked) var phoneticDepth = 0
        /// Whether the current item's text has a `_`, so it may hold an `_xHHHH_` escape.
        @exclusivity(unchecked) var mayEscape = false
        var failure: Error? { nil }

        func start(_ name: XMLName, _ attributes: XMLAttributes) {
            if name.is("t") {
                inText = inItem && phoneticDepth == 0
            } else if name.is("si") {
                inItem = true
                start = table.bytes.count
            } else if name.is("rPh") {
                phoneticDepth += 1
            } else if name.is("sst"), let n = attributes.value("uniqueCount") ?? attributes.value("count") {
                let count = Int(String(decoding: n, as: UTF8.self)) ?? 0
                table.ends.reserveCapacity(min(count, 1 << 22))
            }
        }

        func end(_ name: XMLName) {
            if name.is("t") {
                inText = false
            } else if name.is("si") {
                if mayEscape { OOXMLEscapes.decode(&table.bytes, from: start) }
                mayEscape = false
                table.ends.append(table.bytes.count)
                inItem = false
            } else if name.is("rPh") {
                phoneticDepth -= 1
            }
        }

        func text(_ bytes: UnsafeRawBufferPointer) {
            guard inText, let base = bytes.baseAddress else { return }
            table.bytes.append(contentsOf: bytes)
            if !mayEscape && memchr(base, Int32(UInt8(ascii: "_")), bytes.count) != nil { mayEscape = true }
        }
    }
}
