import Foundation

extension SharedStrings {
    /// The table's storage, filled by one reader and read by any thread. Nothing written is
    /// ever moved or changed, and `published` only grows, under `condition`: a thread that saw
    /// `published > i` under the lock may read string `i` without it. Entries live in pages of
    /// 16,384, found through a two-level directory whose top is allocated once at its largest
    /// (a few hundred bytes for the read limits) and whose parts are made as pages are: nothing a
    /// reader may follow ever moves. The text blocks are the reading thread's alone.
    final class Store: @unchecked Sendable {
        struct Entry {
            var start: UnsafePointer<UInt8>
            var count: Int
        }

        static let blockSize = 1 << 20
        /// 16,384 entries a page, 1,024 pages a part of the directory; tests make them small.
        private let pageShift: Int
        private let pageMask: Int
        private let partShift: Int
        private let partMask: Int

        private let file: String
        private let part: String
        private let condition = NSCondition()
        // Guarded by `condition`.
        private var published = 0
        private var done = false
        private var failure: Error?

        private let directory: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<Entry>?>?>
        private let pageCapacity: Int
        private let blockCapacity: Int

        // The reader's state, touched per SAX event by its one thread: no exclusivity checks.
        @exclusivity(unchecked) private var count = 0
        @exclusivity(unchecked) private var blocks: [UnsafeMutablePointer<UInt8>] = []
        @exclusivity(unchecked) private var stringStart: UnsafeMutablePointer<UInt8>
        @exclusivity(unchecked) private var cursor: UnsafeMutablePointer<UInt8>
        @exclusivity(unchecked) private var blockEnd: UnsafeMutablePointer<UInt8>
        /// Set if the table outgrew what `limits` allow; it stops the reading.
        @exclusivity(unchecked) private(set) var overflow: Error?

        /// Sized for the most a part within `limits` can hold: text is never longer than the
        /// XML it comes from, and the smallest item, `<si/>`, takes five bytes.
        init(limits: ReadLimits, file: String = "", part: String = "", pageShift: Int = 14, partShift: Int = 10) {
            self.file = file
            self.part = part
            self.pageShift = pageShift
            pageMask = (1 << pageShift) - 1
            self.partShift = partShift
            partMask = (1 << partShift) - 1
            let most = Int(clamping: max(limits.maxTotalBytes, 0))
            pageCapacity = (most / 5) >> pageShift + 1
            blockCapacity = 2 * (most / Self.blockSize) + 64
            // calloc: all-zero bits are nil pointers. (A one-level directory sized for the read
            // limits was 420 KB to clear for every workbook.)
            let parts = (pageCapacity + partMask) >> partShift
            directory = calloc(parts, MemoryLayout<UnsafeMutablePointer<UnsafeMutablePointer<Entry>?>?>.stride)!
                .bindMemory(to: UnsafeMutablePointer<UnsafeMutablePointer<Entry>?>?.self, capacity: parts)
            // No block yet: the first text makes one. Zero-length strings never read this address.
            let none = UnsafeMutablePointer<UInt8>(bitPattern: 0x10)!
            stringStart = none
            cursor = none
            blockEnd = none
        }

        deinit {
            // Pages are taken in order as strings are added: only those that hold one are visited.
            let pages = (count + pageMask) >> pageShift
            for p in 0..<pages { directory[p >> partShift]![p & partMask]!.deallocate() }
            for part in 0..<(pages + partMask) >> partShift { free(directory[part]) }
            free(directory)
            for b in blocks { b.deallocate() }
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
            guard blocks.count < blockCapacity else { return fail() }
            let block = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
            block.update(from: stringStart, count: partial)
            blocks.append(block)
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
            let page = count >> pageShift
            guard page < pageCapacity || fail() else { return }
            if count & pageMask == 0 {
                if page & partMask == 0 {
                    directory[page >> partShift] = calloc(1 << partShift, MemoryLayout<UnsafeMutablePointer<Entry>?>.stride)!
                        .bindMemory(to: UnsafeMutablePointer<Entry>?.self, capacity: 1 << partShift)
                }
                directory[page >> partShift]![page & partMask] = .allocate(capacity: 1 << pageShift)
            }
            directory[page >> partShift]![page & partMask]![count & pageMask] = Entry(start: stringStart, count: n)
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

        /// How many strings are read so far, without waiting for more.
        var readCount: Int {
            condition.lock()
            defer { condition.unlock() }
            return published
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
            let page = index >> pageShift
            return directory[page >> partShift]![page & partMask]![index & pageMask]
        }
    }
}
