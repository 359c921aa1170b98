import Foundation
import Forms
import Logging
import XLSX

/// One file of a month's outputs, relative to `out/YYYY-MM/`.
struct OutputFile: Sendable {
    enum Content: Sendable {
        case bytes([UInt8])
        /// Bytes made when they are written, handed to the writer a piece at a time and let go
        /// of: the report and the receipts, made beforehand, had been held until the whole
        /// publication was written.
        case made(@Sendable (_ write: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Void)
        /// A table made when it is written, a part at a time: each part the maker hands to the
        /// function it gets is written (the first with the header) and then let go of (or handed
        /// to the history store), so a table is never held whole.
        case table(@Sendable (_ part: (CSVTable) throws -> Void) throws -> Void)
        case workbook(WorkbookWriter)
        /// An archived workbook (its path relative to the root), patched; the patch made when the
        /// copy is written.
        case patched(archived: String, @Sendable () -> WorkbookPatch)
    }
    let name: String
    let content: Content

    /// Text as Notepad reads it: UTF-8 with a byte-order mark, every line feed a CR LF.
    static func windowsText(_ body: String) -> [UInt8] {
        var body = body
        return body.withUTF8(windowsText)
    }

    /// Text as Notepad reads it, from UTF-8 bytes (a receipt is made as bytes).
    static func windowsText(_ body: [UInt8]) -> [UInt8] { body.withUnsafeBufferPointer(windowsText) }

    private static func windowsText(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        guard let base = b.baseAddress else { return out }
        out.reserveCapacity(b.count + b.count / 16 + 3)
        // Line by line, each found with memchr and copied whole: a receipt over a long ledger
        // runs to tens of kilobytes.
        var start = 0
        while start < b.count, let found = memchr(base + start, 0x0A, b.count - start) {
            let end = base.distance(to: UnsafePointer(found.assumingMemoryBound(to: UInt8.self)))
            out += UnsafeBufferPointer(rebasing: b[start..<end])
            out.append(0x0D)
            out.append(0x0A)
            start = end + 1
        }
        out += UnsafeBufferPointer(rebasing: b[start...])
        return out
    }
}

/// Where a test stops a publication, as a kill would: the states the swap must survive.
enum PublishFault: CaseIterable {
    /// Half of the new outputs are written, in the temporary folder.
    case midWrite
    /// Every new output is written and synced; the swap has not happened.
    case beforeSwap
    /// The new outputs are in place; the old ones still sit in the temporary folder.
    case afterSwap
}

/// What `out/YYYY-MM/.published` records: the digest of the archive the month was built from
/// (it is rebuilt when that changes) and its totals (for a run that had nothing to rebuild).
struct PublishedMark: Equatable {
    var digest: String
    var errors: Int
    var warnings: Int

    var text: String { "source \(digest)\nerrors \(errors)\nwarnings \(warnings)\n" }

    init(digest: String, errors: Int, warnings: Int) {
        self.digest = digest
        self.errors = errors
        self.warnings = warnings
    }

    init?(text: String) {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        guard let d = fields["source"], let e = fields["errors"].flatMap(Int.init), let w = fields["warnings"].flatMap(Int.init) else { return nil }
        self.init(digest: d, errors: e, warnings: w)
    }
}

/// Publishes a month's outputs whole. Everything is written into `out/.tmp-YYYY-MM-<pid>/` and
/// synced, then swapped with `out/YYYY-MM` in one step:
/// - before the swap, `out/YYYY-MM` is the previous complete outputs (or absent, first time);
/// - the swap is renameat2(RENAME_EXCHANGE): one atomic step after which `out/YYYY-MM` is the
///   new complete outputs and the temporary name holds the old;
/// - after it, only the temporary folder (the old outputs) remains to be removed.
/// A crash at any point leaves `out/YYYY-MM` old-and-complete or new-and-complete, and at worst
/// a `.tmp-*` folder that the next run removes. Where the exchange is not available the swap
/// is two renames (the old aside to `.old-YYYY-MM-<pid>`, the new into place); a crash between
/// them leaves the month absent until the next run, which renames the old back first thing.
struct Publisher {
    let layout: RunLayout
    var fault: PublishFault?

    static let markName = ".published"

    /// How many tables are made at once (the development machine has two cores).
    static let tableLanes = 2

    /// Cleans up after a publication that was killed (see the type's comment).
    func recover(logger: Logger) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: layout.out)) ?? []
        for name in names.sorted() where name.hasPrefix(".old-") {
            let month = String(name.dropFirst(5).prefix(7))
            let target = layout.out + "/" + month
            if Period(month) != nil, !Files.exists(target) {
                logger.warning("publish: \(month) was left half swapped; restoring its previous outputs")
                guard rename(layout.out + "/" + name, target) == 0 else { throw Files.failure(target, "restore") }
                try Files.sync(layout.out)
            } else {
                try Files.removeOwn(layout.out + "/" + name)
            }
        }
        for name in names.sorted() where name.hasPrefix(".tmp-") {
            logger.notice("publish: removing \(name), left by an interrupted run")
            try Files.removeOwn(layout.out + "/" + name)
        }
    }

    /// The mark of the month as published, if it is.
    func mark(_ p: Period) -> PublishedMark? {
        (try? String(contentsOfFile: layout.period(p) + "/" + Self.markName, encoding: .utf8)).flatMap(PublishedMark.init)
    }

    /// Publishes the month's `files`. Each CSV table written is handed to `tables`, a part at a
    /// time, under its name without `.csv`; once every file is written `tables` is finished, and
    /// failed if the publication stops before.
    func publish(_ p: Period, files: [OutputFile], mark: PublishedMark, tables: TableHandoff? = nil) throws {
        defer { tables?.fail() }  // no longer open once finished
        let final = layout.period(p)
        let tmp = layout.out + "/.tmp-\(p)-\(getpid())"
        if Files.exists(tmp) { try Files.removeOwn(tmp) }
        try Files.makeFolder(tmp)
        var folders: Set<String> = [tmp]
        func makeFolders(_ files: [OutputFile]) throws {
            for f in files {
                let folder = Files.folder(of: tmp + "/" + f.name)
                if folders.insert(folder).inserted { try Files.makeFolder(folder) }
            }
        }
        let isTable = { (f: OutputFile) -> Bool in if case .table = f.content { true } else { false } }
        let tableFiles = files.filter(isTable)
        let all = files.filter { !isTable($0) } + [OutputFile(name: Self.markName, content: .bytes(Array(mark.text.utf8)))]
        try makeFolders(tableFiles)
        // The tables on lanes of their own, one part at a time (made, written, handed to the
        // store, let go of), while the other files are written on every core: the store saves
        // each part beside the rest of the publication while a lane makes the next. Making the
        // parts is most of the work, and one lane making every table left the store waiting for
        // it: two lanes, each taking the next table when done with one, keep the store busy
        // (each lane holds two parts at most; a table's parts still come in order, from one lane).
        let queue = TableQueue(count: tableFiles.count)
        let lanes = (0..<Self.tableLanes).map { _ in
            Background { [self] () throws -> [(Int, String)] in
                var done: [(Int, String)] = []
                while let i = queue.next() {
                    let f = tableFiles[i]
                    done.append((i, try self.write(f, to: tmp + "/" + f.name, published: final + "/" + f.name, tables: tables)))
                }
                return done
            }
        }
        func waitForLanes() throws -> [String] {
            let results = lanes.map { lane in Result { try lane.wait().0 } }
            return try results.flatMap { try $0.get() }.sorted { $0.0 < $1.0 }.map(\.1)
        }
        // Written on every core; the first failure, in file order, stops the publication. Nothing
        // is synced file by file: one syncfs(2) before the swap writes the whole folder to disk
        // (a national month is some 9,000 files and folders, and an fsync each was the longest
        // serial wait of the run). Without syncfs each file and folder is synced as it was.
        var written: [String] = []
        func writeAll(_ range: Range<Int>) throws {
            let results = Parallel.map(range.count) { k -> Result<String, Error> in
                let f = all[range.lowerBound + k]
                return Result { try self.write(f, to: tmp + "/" + f.name, published: final + "/" + f.name, tables: tables) }
            }
            for r in results { written.append(try r.get()) }
        }
        do {
            // The other files' folders (a national month's 3,000 receipt folders, one mkdir(2)
            // after another under the folder's lock: 0.15-0.4 s) made while the lanes work.
            try makeFolders(all)
            try writeAll(0..<(all.count / 2))
            if fault == .midWrite { throw injected(tmp) }
            try writeAll((all.count / 2)..<all.count)
        } catch {
            tables?.fail()
            _ = try? waitForLanes()  // nothing left writing into the folder
            throw error
        }
        // What is written so far goes to disk while the lanes finish their tables: the syncfs
        // before the swap then waits for little more than the tables (it waited 160–200 ms for a
        // national month's 300 MB, the cores idle). Its error is the month's: a later syncfs
        // would not report a write-back error this one saw.
        let early = Background { try Files.syncFileSystem(of: tmp) }
        // Waited for once (a second wait never returns); a table that failed fails the store's month on the way out.
        let lanesDone = Result { try waitForLanes() }
        if case .success = lanesDone { tables?.finish() }
        let synced = try early.wait().0
        written += try lanesDone.get()
        if try !synced || !Files.syncFileSystem(of: tmp) {
            for path in written { try Files.sync(path) }
            for folder in folders.sorted(by: >) { try Files.sync(folder) }
        }
        if fault == .beforeSwap { throw injected(tmp) }

        if !Files.exists(final) {
            guard rename(tmp, final) == 0 else { throw Files.failure(tmp, "rename to \(final)") }
            try Files.sync(layout.out)
            if fault == .afterSwap { throw injected(final) }
        } else if Files.exchange(tmp, final) {
            try Files.sync(layout.out)
            if fault == .afterSwap { throw injected(tmp) }
            try Files.removeOwnTree(tmp)
        } else {
            let old = layout.out + "/.old-\(p)-\(getpid())"
            guard rename(final, old) == 0 else { throw Files.failure(final, "rename to \(old)") }
            guard rename(tmp, final) == 0 else { throw Files.failure(tmp, "rename to \(final)") }
            try Files.sync(layout.out)
            if fault == .afterSwap { throw injected(old) }
            try Files.removeOwnTree(old)
        }
    }

    /// Writes one output file; returns the path written (a note beside it, for a workbook the
    /// patcher cannot mark up). A table is handed to `tables` once written. `published` is where
    /// the month's last publication has the file: a marked-up copy made from the same is linked.
    private func write(_ f: OutputFile, to path: String, published: String, tables: TableHandoff?) throws -> String {
        switch f.content {
        case .bytes(let b):
            try Files.create(path, b, synced: false)
        case .made(let make):
            try Files.create(path, synced: false) { try make($0) }
        case .table(let make):
            let name = String(f.name.dropLast(4))
            try Files.create(path, synced: false) { write in
                var first = true
                try make { part in
                    try part.write(header: first, write)
                    first = false
                    tables?.put(name, part)
                }
            }
        case .workbook(let w):
            do { try w.write(to: path) } catch { throw RunError.io(path: path, detail: "\(error)") }
        case .patched(let source, let patch):
            do {
                try PatchedCopy.write(patch(), source: source, sourcePath: layout.path(source), to: path, previous: published)
            } catch let error as XLSXError {
                // A workbook the patcher cannot mark up is told about, not a failed month.
                let note = path + ".未能标注.txt"
                try Files.create(note, Array("未能生成标注副本（could not mark up this workbook）：\(error)\n".utf8), synced: false)
                return note
            }
        }
        return path
    }

    private func injected(_ path: String) -> RunError { .io(path: path, detail: "injected fault \(fault!)") }
}

/// The table files' places, handed to the lanes one at a time, in order.
private final class TableQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = 0
    private let count: Int

    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard taken < count else { return nil }
        taken += 1
        return taken - 1
    }
}
