import Foundation

extension SharedStrings {
    /// The table's storage, filled by one reader and read by any thread. Nothing written is
    /// ever moved or changed, and `published` only grows, under `condition`: a thread that saw
    /// `published > i` under the lock may read string `i` without it. The directories of
    /// blocks and entry pages are allocated once at their largest, so they never move either.
    final class Store: @unchecked Sendable {
        struct Entry {
            var start: UnsafePointer<UInt8>
            var count: Int
        }

        static let blockSize = 1 << 20
        static let pageShift = 14
        static let pageMask = (1 << pageShift) - 1

        private let file: String
        private let part: String
        private let condition = NSCondition()
        // Guarded by `condition`.
        private var published = 0
        private var done = false
        private var failure: Error?

        private let pages: UnsafeMutablePointer<UnsafeMutablePointer<Entry>?>
        private let pageCapacity: Int
        private let blocks: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>
        private let blockCapacity: Int

        // The reader's state, touched per SAX event by its one thread: no exclusivity checks.
        @exclusivity(unchecked) private var count = 0
        @exclusivity(unchecked) private var blockCount = 0
        @exclusivity(unchecked) private var stringStart: UnsafeMutablePointer<UInt8>
        @exclusivity(unchecked) private var cursor: UnsafeMutablePointer<UInt8>
        @exclusivity(unchecked) private var blockEnd: UnsafeMutablePointer<UInt8>
        /// Set if the table outgrew what `limits` allow; it stops the reading.
        @exclusivity(unchecked) private(set) var overflow: Error?

        /// Sized for the most a part within `limits` can hold: text is never longer than the
        /// XML it comes from, and the smallest item, `<si/>`, takes five bytes.
        init(limits: ReadLimits, file: String = "", part: String = "") {
            self.file = file
            self.part = part
            let most = Int(clamping: max(limits.maxTotalBytes, 0))
            pageCapacity = (most / 5) >> Self.pageShift + 1
            blockCapacity = 2 * (most / Self.blockSize) + 64
            // calloc: all-zero bits are nil pointers, and pages never written are never touched.
            pages = calloc(pageCapacity, MemoryLayout<UnsafeMutablePointer<Entry>?>.stride)!
                .bindMemory(to: UnsafeMutablePointer<Entry>?.self, capacity: pageCapacity)
            blocks = calloc(blockCapacity, MemoryLayout<UnsafeMutablePointer<UInt8>?>.stride)!
                .bindMemory(to: UnsafeMutablePointer<UInt8>?.self, capacity: blockCapacity)
            // No block yet: the first text makes one. Zero-length strings never read this address.
            let none = UnsafeMutablePointer<UInt8>(bitPattern: 0x10)!
            stringStart = none
            cursor = none
            blockEnd = none
        }

        deinit {
            // Pages are taken in order as strings are added: only those that hold one are
            // visited (the directory is sized for the read limits, 52,000 pages, mostly never touched).
            for p in 0..<min(pageCapacity, (count + Self.pageMask) >> Self.pageShift) { pages[p]?.deallocate() }
            for b in 0..<blockCount { blocks[b]?.deallocate() }
            free(pages)
            free(blocks)
        }

        // MARK: Reading side (one thread)

        /// Adds text to the string being read.
        @inline(__always)
        func append(_ bytes: UnsafeRawBufferPointer) {
            let n = bytes.count
            if blockEnd - cursor < n && !newBlock(forMore: n) { return }
            cursor.update(from: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: n)
            cursor += n
        }

        /// How many bytes the string being read holds so far.
        @inline(__always)
        var pendingCount: Int { cursor - stringStart }

        /// Applies Excel's whitespace rule (`CellTextWhitespace`) to the string being read from
        /// byte `offset` on: one `<t>` run without `xml:space="preserve"`.
        @inline(__always)
        func trimRun(from offset: Int) {
            let run = stringStart + offset
            cursor = run + CellTextWhitespace.trim(run, count: cursor - run)
        }

        /// Moves the string being read to a new block with room for `n` more bytes; it grows
        /// past the block size (doubling) only for a string longer than a block.
        private func newBlock(forMore n: Int) -> Bool {
            let partial = cursor - stringStart
            let size = partial + n <= Self.blockSize ? Self.blockSize : 2 * (partial + n)
            guard blockCount < blockCapacity else { return fail() }
            let block = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
            block.update(from: stringStart, count: partial)
            blocks[blockCount] = block
            blockCount += 1
            stringStart = block
            cursor = block + partial
            blockEnd = block + size
            return true
        }

        /// Ends the string being read: its escapes decoded in place, then it gets the next index.
        func endString(decodingEscapes: Bool) {
            var n = cursor - stringStart
            if decodingEscapes {
                n = OOXMLEscapes.decode(stringStart, count: n)
                cursor = stringStart + n
            }
            let page = count >> Self.pageShift
            guard page < pageCapacity || fail() else { return }
            if pages[page] == nil { pages[page] = .allocate(capacity: 1 << Self.pageShift) }
            pages[page]![count & Self.pageMask] = Entry(start: stringStart, count: n)
            count += 1
            stringStart = cursor
            // Readers waiting for an index are let through in batches, not per string.
            if count & 255 == 0 { publish() }
        }

        private func fail() -> Bool {
            overflow = overflow ?? XLSXError.tooLarge(file: file, part: part,
                                                      detail: "more shared strings than the read limits allow")
            return false
        }

        private func publish() {
            condition.lock()
            published = count
            condition.broadcast()
            condition.unlock()
        }

        /// The table is complete, or reading it stopped at `failure`.
        func finish(failure: Error?) {
            condition.lock()
            published = count
            done = true
            self.failure = failure
            condition.broadcast()
            condition.unlock()
        }

        // MARK: Using side (any thread)

        /// Waits until string `index` is read or the table ends. Returns how many strings are
        /// read (more than `index` when it exists); throws what stopped the reading short of it.
        func wait(for index: Int) throws -> Int {
            condition.lock()
            while index >= published && !done { condition.wait() }
            let available = published
            let failure = index >= available ? failure : nil
            condition.unlock()
            if let failure { throw failure }
            return available
        }

        /// Waits for the whole table; returns its size.
        @discardableResult
        func waitForAll() -> Int {
            condition.lock()
            while !done { condition.wait() }
            let available = published
            condition.unlock()
            return available
        }

        /// Waits for the whole table; throws what stopped its reading, if anything did.
        func complete() throws {
            condition.lock()
            while !done { condition.wait() }
            let failure = failure
            condition.unlock()
            if let failure { throw failure }
        }

        /// String `index`, which the caller has waited for.
        @inline(__always)
        func entry(_ index: Int) -> Entry {
            pages[index >> Self.pageShift]![index & Self.pageMask]
        }
    }
}
