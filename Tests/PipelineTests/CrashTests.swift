import Foundation
import Testing
@testable import Forms
@testable import Pipeline

/// A run killed at any point leaves the previous complete outputs or the new complete outputs,
/// and the next run produces exactly what an uninterrupted run would have.
struct CrashTests {
    /// The first month's files, then a corrected resubmission that republishes it.
    static func firstDrop(_ root: String) {
        Support.drop(root, "东湖区.xlsx", Support.workbook("东湖区", problemsFound: 4), received: "2026-11-20T10:00:00+08:00")
        Support.drop(root, "西山区.xlsx", Support.workbook("西山区"), received: "2026-11-21T10:00:00+08:00")
    }

    static func secondDrop(_ root: String) {
        Support.drop(root, "东湖区（更正）.xlsx", Support.workbook("东湖区"), received: "2026-11-24T10:00:00+08:00")
        Support.drop(root, "南河区.xlsx", Support.workbook("南河区", clues: 3), received: "2026-11-25T10:00:00+08:00")
    }

    @Test(arguments: PublishFault.allCases, [true, false])
    func killedPublicationIsRecovered(fault: PublishFault, replacing: Bool) throws {
        // The uninterrupted run, for reference.
        let reference = Support.root()
        Self.firstDrop(reference)
        if replacing { _ = try Support.run(reference, at: "2026-11-23T10:00:00+08:00") }
        let old = Support.snapshot(reference + "/out/2026-11")
        Self.secondDrop(reference)
        _ = try Support.run(reference, at: "2026-11-26T10:00:00+08:00")
        let new = Support.snapshot(reference + "/out/2026-11")
        #expect(old != new)

        let root = Support.root()
        Self.firstDrop(root)
        if replacing { _ = try Support.run(root, at: "2026-11-23T10:00:00+08:00") }
        Self.secondDrop(root)
        #expect(throws: RunError.self) { try Support.run(root, at: "2026-11-26T10:00:00+08:00", fault: fault) }
        let left = Support.snapshot(root + "/out/2026-11")
        switch fault {
        case .midWrite, .beforeSwap: #expect(left == old)  // empty when there was nothing before
        case .afterSwap: #expect(left == new)
        }
        let firstInPlace = fault == .afterSwap && !replacing  // renamed into place: nothing left over
        #expect(Support.files(in: root + "/out").contains { $0.hasPrefix(".tmp-") } == !firstInPlace)

        let after = try Support.run(root, at: "2026-11-26T10:00:00+08:00")
        // Stopped before the swap, the month is built again (the same bytes). Stopped after it, the
        // month is published, and its tables, stored beside the publication, are in the history
        // store (a real kill before their commit leaves them out, and the month is built again,
        // as `killDuringStoreWritesThenARunGivesTheUninterruptedOutputs` shows). A first run's
        // store, begun anew, is put in place when the run ends: killed, the month is built again.
        #expect(after.reports.first?.rebuilt == (fault != .afterSwap || !replacing))
        #expect(Support.snapshot(root + "/out") == Support.snapshot(reference + "/out"))
        #expect(Support.snapshot(root + "/archive") == Support.snapshot(reference + "/archive"))
    }

    /// Killed after the index was written and before the moves: the next run completes them.
    @Test func interruptedIntakeIsCompleted() throws {
        let reference = Support.root()
        Self.firstDrop(reference)
        _ = try Support.run(reference, at: "2026-11-23T10:00:00+08:00")

        let root = Support.root()
        Self.firstDrop(root)
        _ = try Support.run(root, at: "2026-11-23T10:00:00+08:00")
        // Put one file back where the kill would have left it, and the outputs never published.
        let entry = try ArchiveIndex.read(root + "/archive/index.tsv").entries[1]
        try Files.move(root + "/" + entry.path, to: root + "/inbox/" + entry.source)
        try FileManager.default.removeItem(atPath: root + "/out/2026-11")
        // And the index a killed process was writing, never renamed into place.
        try Files.create(root + "/archive/index.tsv.tmp-99999", Array("# weigai archive index v1\n".utf8))

        let after = try Support.run(root, at: "2026-11-23T10:00:00+08:00")
        #expect(after.intake.taken.isEmpty)
        #expect(Support.files(in: root + "/inbox").isEmpty)
        #expect(Support.snapshot(root + "/out") == Support.snapshot(reference + "/out"))
        #expect(Support.snapshot(root + "/archive") == Support.snapshot(reference + "/archive"))
    }

    /// Killed while adding lines to the index, before any move: an unfinished last line is
    /// dropped, one complete but for its line end is kept and its move completed, and the next
    /// run leaves what an uninterrupted run would have.
    @Test(arguments: [false, true])
    func tornIndexAppendIsRecovered(wholeLine: Bool) throws {
        let reference = Support.root()
        Self.firstDrop(reference)
        _ = try Support.run(reference, at: "2026-11-23T10:00:00+08:00")
        Self.secondDrop(reference)
        _ = try Support.run(reference, at: "2026-11-26T10:00:00+08:00")

        let root = Support.root()
        Self.firstDrop(root)
        _ = try Support.run(root, at: "2026-11-23T10:00:00+08:00")
        Self.secondDrop(root)
        // The first line the second run added, as far as a killed append wrote it.
        let line = try Files.read(reference + "/archive/index.tsv").split(separator: UInt8(ascii: "\n"))[4]
        try Files.append(root + "/archive/index.tsv", Array(wholeLine ? line : line.prefix(70)))

        _ = try Support.run(root, at: "2026-11-26T10:00:00+08:00")
        #expect(Support.files(in: root + "/inbox").isEmpty)
        #expect(Support.snapshot(root + "/out") == Support.snapshot(reference + "/out"))
        #expect(Support.snapshot(root + "/archive") == Support.snapshot(reference + "/archive"))
    }

    /// A rebuild over the same archive writes the same bytes.
    @Test func rebuildIsByteIdentical() throws {
        let root = Support.root()
        Self.firstDrop(root)
        Self.secondDrop(root)
        _ = try Support.run(root, at: "2026-11-26T10:00:00+08:00")
        let before = Support.snapshot(root + "/out")
        var rebuild = MonthlyRun(root: root, config: Support.config(), now: Support.date("2026-11-27T10:00:00+08:00"),
                                 logger: Support.quiet)
        rebuild.rebuildAll = true
        #expect(try rebuild.run().reports.map(\.rebuilt) == [true])
        #expect(Support.snapshot(root + "/out") == before)
    }
}
