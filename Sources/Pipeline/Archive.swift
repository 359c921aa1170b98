import Crypto
import Foundation
import Forms
import Logging

/// The archive and the quarantine, with their index. Files only ever arrive here by a move
/// from the inbox; nothing here is deleted or overwritten.
struct Archive {
    let layout: RunLayout
    let time: LocalTime
    private(set) var entries: [ArchiveEntry]
    /// sha256 → the entry first received with that content (never a duplicate).
    private var bySHA: [String: Int] = [:]

    init(layout: RunLayout, time: LocalTime) throws {
        self.layout = layout
        self.time = time
        for folder in [layout.inbox, layout.archive, layout.duplicates, layout.quarantine, layout.out] {
            try Files.makeFolder(folder)
        }
        let file = try ArchiveIndex.read(layout.index)
        entries = file.entries
        torn = file.torn
        hash = file.hash
        found = hash
        noteOriginals(entries.indices)
    }

    /// Why the index must be rewritten before anything is added to it (`ArchiveIndex.torn`).
    private var torn: String?
    /// sha256 over the index's bytes as they are, and as they were when recovered, before the
    /// run took its files (`digests`).
    private var hash: SHA256
    private var found: SHA256

    /// The archive's digest as the run found it (recovered) and as it is now: sha256 over the
    /// index's bytes, then `trailer` (what else the months' digests depend on). The index is
    /// appended to, so the two cost one pass over it; any change of a line changes them.
    func digests(_ trailer: String) -> (found: String, now: String) {
        func hex(_ h: SHA256) -> String {
            var h = h
            h.update(data: Array(trailer.utf8))
            return FormReader.hex(h.finalize())
        }
        return (hex(found), hex(hash))
    }

    /// Notes the entries at `places` in `bySHA`, where they bring new content.
    private mutating func noteOriginals(_ places: Range<Int>) {
        bySHA.reserveCapacity(bySHA.count + places.count)
        if bySHA.isEmpty {
            // In reverse, so that the first of a content is kept with each sha256 hashed once.
            for i in places.reversed() where entries[i].kind != .duplicate { bySHA[entries[i].sha256] = i }
        } else {
            for i in places where entries[i].kind != .duplicate && bySHA[entries[i].sha256] == nil { bySHA[entries[i].sha256] = i }
        }
    }

    /// The entry that first brought this content.
    func original(sha256: String) -> ArchiveEntry? { bySHA[sha256].map { entries[$0] } }

    /// The latest month any file but a duplicate reports: the month a run usually rebuilds last,
    /// whose files intake and the store keep at hand (those of any other month are decoded again).
    var latestPeriod: Period? { entries.lazy.filter { $0.kind != .duplicate }.compactMap { $0.periods.max() }.max() }

    /// Finishes what a killed run left half done. The index is written before the moves, so an
    /// entry whose file is not in place yet is completed from the inbox when the inbox still
    /// holds that very content; otherwise (someone took the file away) the entry is dropped.
    /// A file in quarantine missing its reason file gets it.
    mutating func recover(logger: Logger) throws {
        // Each folder the entries lie in, listed once.
        var listings: [Substring: Files.Listing] = [:]
        func listing(_ folder: Substring) -> Files.Listing {
            if let l = listings[folder] { return l }
            let l = Files.Listing(layout.path(String(folder)))
            listings[folder] = l
            return l
        }
        // The run's own half-written files: an index never renamed into place, a cross-device
        // copy never completed (its source is still in the inbox).
        for folder in ["archive", "archive/duplicates", "quarantine"] {
            for name in listing(folder[...]).names(where: { Files.begins($0, "index.tsv.tmp-") || Files.contains($0, ".partial-") }) {
                logger.notice("archive: removing \(layout.path(folder))/\(name), left by an interrupted run")
                try Files.removeOwn(layout.path(folder) + "/" + name)
            }
        }
        // A converted workbook never renamed into place (that folder holds only the run's own files).
        let converted = layout.path("archive/converted")
        for name in Files.Listing(converted).names(where: { Files.contains($0, ".tmp-") }) {
            logger.notice("archive: removing \(converted)/\(name), left by an interrupted run")
            try Files.removeOwn(converted + "/" + name)
        }
        // Every entry's file looked up on its path's bytes, in the listing of the folder the
        // entries before it lay in (they come a folder at a time), and nothing copied unless an
        // entry is dropped: the archive's every file, at every run.
        var dropped: Set<Int> = []
        var folder: (bytes: [UInt8], listing: Files.Listing)?
        for (i, e) in entries.enumerated() {
            var path = e.path
            let present = path.withUTF8 { b -> Bool in
                let cut = b.lastIndex(of: UInt8(ascii: "/")) ?? -1
                let (here, name) = (UnsafeBufferPointer(rebasing: b[..<max(cut, 0)]), UnsafeBufferPointer(rebasing: b[(cut + 1)...]))
                if folder.map({ !$0.bytes.elementsEqual(here) }) ?? true {
                    folder = (Array(here), listing(Substring(String(decoding: here, as: UTF8.self))))
                }
                return folder!.listing.contains(name)
            }
            if !present {
                let inboxFile = layout.inbox + "/" + e.source
                guard Files.exists(inboxFile), (try? FormReader.sha256(Files.read(inboxFile))) == e.sha256 else {
                    logger.warning("archive: \(e.path) is listed but missing, and the inbox no longer holds it; dropped from the index")
                    dropped.insert(i)
                    continue
                }
                logger.notice("archive: completing an interrupted move of \(e.source) to \(e.path)")
                try Files.move(inboxFile, to: layout.path(e.path))
            }
        }
        if let torn {
            logger.notice("archive: an interrupted run left the index unfinished: \(torn); rewriting it")
        }
        if !dropped.isEmpty || torn != nil {
            entries = entries.indices.filter { !dropped.contains($0) }.map { entries[$0] }
            bySHA = [:]
            noteOriginals(entries.indices)
            hash = try ArchiveIndex(entries: entries).write(layout.index, time: time)
            torn = nil
        }
        found = hash
        // Only a quarantined file, or a duplicate of one, lies in quarantine.
        for e in entries where e.kind == .quarantined || e.kind == .duplicate { try writeReasonFile(e) }
    }

    /// A new name under `folder` (root-relative) for `name`: the name itself, or `stem-2.ext`,
    /// `stem-3.ext`… — never the name of a file there, or one already promised in this batch.
    func freeName(in folder: String, _ name: String, taken: inout Set<String>) -> String {
        var n = 1
        while true {
            let candidate = folder + "/" + (n == 1 ? name : Self.numbered(name, n))
            let busy = [candidate, candidate + ".reason.txt"].contains { taken.contains($0) || Files.exists(layout.path($0)) }
            if !busy {
                taken.insert(candidate)
                return candidate
            }
            n += 1
        }
    }

    /// `stem-n.ext` of `name` (`stem-n` without an extension): only for a name already taken,
    /// so the NSString calls (some 16,000 instructions each) stay off the usual way.
    private static func numbered(_ name: String, _ n: Int) -> String {
        let ext = (name as NSString).pathExtension
        let stem = (name as NSString).deletingPathExtension
        return "\(stem)-\(n)" + (ext.isEmpty ? "" : ".\(ext)")
    }

    /// Records new entries and makes them durable: added to the end of the index, or the index
    /// written whole when it is new or was left torn.
    mutating func add(_ new: [ArchiveEntry]) throws {
        let start = entries.count
        entries += new
        noteOriginals(start..<entries.count)
        if torn != nil || !Files.exists(layout.index) {
            hash = try ArchiveIndex(entries: entries).write(layout.index, time: time)
            torn = nil
        } else {
            hash.update(data: try ArchiveIndex.append(new, to: layout.index, time: time))
        }
    }

    /// Moves an entry's file from the inbox to its place (the index already lists it).
    func moveIn(_ e: ArchiveEntry) throws {
        try Files.move(layout.inbox + "/" + e.source, to: layout.path(e.path))
        try writeReasonFile(e)
    }

    /// `quarantine/<name>.reason.txt`, once: in Chinese for the clerk, in English for the operator.
    private func writeReasonFile(_ e: ArchiveEntry) throws {
        guard let reasonPath = e.reasonPath.map(layout.path), !Files.exists(reasonPath),
              Files.exists(layout.path(e.path)) else { return }
        var lines = ["文件：\(e.source)", "收到时间：\(time.iso(e.receivedAt))", "sha256：\(e.sha256)"]
        let cause = e.kind == .duplicate ? original(sha256: e.sha256) : e
        if e.kind == .duplicate, let first = cause {
            lines.append("与先前收到的 \(first.source)（\(first.path)）内容完全相同，不再重复处理。")
        }
        let (ruleID, message) = Self.split(reason: cause?.reason ?? "")
        lines.append("隔离原因：\(message)")
        let rule = Rules.all.first { $0.id == ruleID }
        lines.append("Reason (\(ruleID)): \(rule?.description ?? "not a readable workbook")"
                     + (e.kind == .duplicate ? " Same content as \(cause?.path ?? "an earlier file")." : ""))
        lines.append("此文件未删除，也不会再被处理。请改正后重新放入收件箱。")
        try Files.create(reasonPath, Array(("\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n").utf8))
    }

    /// A quarantine reason as the index keeps it: `rule-id message`.
    static func reason(_ a: Anomaly?) -> String {
        guard let a else { return "file-unreadable 文件无法读取" }
        return a.rule.id + " " + a.message
    }

    static func split(reason: String) -> (ruleID: String, message: String) {
        guard let space = reason.firstIndex(of: " ") else { return (reason, reason) }
        return (String(reason[..<space]), String(reason[reason.index(after: space)...]))
    }
}
