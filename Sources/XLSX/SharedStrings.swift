import Foundation

/// The shared-string table. Strings are stored compactly — their UTF-8 in large blocks that
/// never move, and a pointer and length each — so a 100,000-string table is a few dozen
/// allocations, not 100,000. A large table is read on a thread of its own while the sheets
/// that use it stream: a reader waits only until the string it needs has been read.
public struct SharedStrings: Sendable {
    let store: Store

    public init() {
        store = Store(limits: ReadLimits(maxTotalBytes: 0))
        store.finish(failure: nil)
    }

    init(store: Store) { self.store = store }

    /// The number of strings; waits for a table still being read.
    public var count: Int { store.waitForAll() }

    /// The string at `index`; waits for it to be read. Out of range is a programming error.
    public subscript(index: Int) -> String {
        precondition((try? store.wait(for: index)).map { index < $0 } ?? false, "shared string \(index) out of range")
        return withBytes(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// The string's UTF-8 bytes, valid during the call. Only for an index already waited for
    /// (a sheet stream hands over no other), so no lock is taken.
    @inline(__always)
    func withBytes<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let e = store.entry(index)
        return try body(UnsafeRawBufferPointer(start: e.start, count: e.count))
    }

    /// Whether the string at `index` is empty; as `withBytes`, for an index already waited for.
    @inline(__always)
    func isEmpty(_ index: Int) -> Bool { store.entry(index).count == 0 }

    /// Reads the table of `part`: here and now when it is small, on a thread of its own when
    /// it is large (with a libzip handle of its own; the archive's is not shared between
    /// threads). Then the errors found past what was read so far come from `Store.wait(for:)`
    /// and `Store.complete()`, which sheet streams call, rather than from here.
    static func read(from archive: ZipArchive, part: String) throws -> SharedStrings {
        let store = Store(limits: archive.limits, file: archive.file, part: part)
        let declared = try archive.checkDeclaredSize(of: part)
        guard declared >= ZipArchive.pipelineThreshold else {
            do {
                try archive.stream(part, into: Handler(store))
            } catch {
                store.finish(failure: error)
                throw error
            }
            store.finish(failure: nil)
            return SharedStrings(store: store)
        }
        let reader = BackgroundRead(archive: try archive.reopened(), part: part, store: store)
        Thread { reader.run() }.start()
        return SharedStrings(store: store)
    }

    /// What the reading thread owns: its archive handle, the part, the store it fills.
    private final class BackgroundRead: @unchecked Sendable {
        let archive: ZipArchive
        let part: String
        let store: Store

        init(archive: ZipArchive, part: String, store: Store) {
            self.archive = archive
            self.part = part
            self.store = store
        }

        func run() {
            do {
                try archive.stream(part, into: Handler(store))
                store.finish(failure: nil)
            } catch {
                store.finish(failure: error)
            }
        }
    }

    /// `<sst><si><t>…</t></si><si><r><t>…</t></r>…<rPh><t>…</t></rPh></si></sst>`:
    /// rich-text runs are joined, phonetic runs skipped; each `<t>` loses its surrounding ASCII
    /// whitespace unless it says `xml:space="preserve"`, as in Excel (`CellTextWhitespace`).
    private final class Handler: XMLStreamHandler {
        let store: Store
        // Touched on every SAX event by this handler's one parser: exempt from the dynamic
        // exclusivity checks, which would cost more than the work.
        @exclusivity(unchecked) var inItem = false
        @exclusivity(unchecked) var inText = false
        @exclusivity(unchecked) var phoneticDepth = 0
        /// Whether the current item's text has a `_`, so it may hold an `_xHHHH_` escape.
        @exclusivity(unchecked) var mayEscape = false
        /// Where the current `<t>` run starts in the string being read, and whether it keeps its whitespace.
        @exclusivity(unchecked) var runStart = 0
        @exclusivity(unchecked) var preserve = false
        var failure: Error? { store.overflow }

        init(_ store: Store) { self.store = store }

        func start(_ name: XMLName, _ attributes: XMLAttributes) {
            if name.is("t") {
                inText = inItem && phoneticDepth == 0
                if inText {
                    runStart = store.pendingCount
                    preserve = CellTextWhitespace.preserves(attributes)
                }
            } else if name.is("si") {
                inItem = true
            } else if name.is("rPh") {
                phoneticDepth += 1
            }
        }

        func end(_ name: XMLName) {
            if name.is("t") {
                if inText && !preserve { store.trimRun(from: runStart) }
                inText = false
            } else if name.is("si") {
                store.endString(decodingEscapes: mayEscape)
                mayEscape = false
                inItem = false
            } else if name.is("rPh") {
                phoneticDepth -= 1
            }
        }

        func text(_ bytes: UnsafeRawBufferPointer) {
            guard inText, let base = bytes.baseAddress else { return }
            store.append(bytes)
            if !mayEscape && memchr(base, Int32(UInt8(ascii: "_")), bytes.count) != nil { mayEscape = true }
        }
    }
}
