import Foundation
import Synchronization
import Testing
@testable import Forms
@testable import Pipeline

/// One run at a time, and files that are not workbooks.
struct IntakeSafetyTests {
    /// The intake's readings share their parts with those read before: two districts' registers,
    /// read alike, hold one column map, which their clues hold too.
    @Test func readingsShareTheirPartsWithThoseBefore() throws {
        let config = Support.config()
        let reader = SubmissionReader(reader: FormReader(knownDistricts: config.roster), converter: LegacyConverter(config: config),
                                      logger: Support.quiet)
        let parts = SharedParts()
        let read = ["东湖区", "西山区"].map { d -> ExtractedFile? in
            guard case .workbook(let f, _) = reader.read(Support.workbook(d, clues: 3), name: "\(d).xlsx", displayName: "\(d).xlsx",
                                                           received: nil, sharing: parts) else { return nil }
            return f
        }
        let registers = try read.map { try #require($0?.registers.first) }
        func storage(_ columns: [String: Int]) -> UInt { unsafeBitCast(columns, to: UInt.self) }
        #expect(registers.map(\.meta.district) == ["东湖区", "西山区"] && registers.allSatisfy { $0.clues.count == 3 })
        #expect(storage(registers[0].columns) == storage(registers[1].columns))
        #expect(registers.allSatisfy { r in r.clues.allSatisfy { storage($0.columns) == storage(r.columns) } })
    }

    /// A backlog is taken a chunk at a time, in the order received: each chunk indexed, then moved
    /// while it is handed over to be stored, before the next is read, a file of an earlier chunk's content
    /// known as its duplicate, and only the latest month's extractions kept at hand.
    @Test func aBacklogIsTakenAChunkAtATime() throws {
        let root = Support.root()
        for (m, d, day) in [(10, "西山区", 21), (9, "东湖区", 20), (11, "东湖区", 20), (9, "西山区", 21), (10, "东湖区", 20)] {
            Support.drop(root, "\(m)/\(d).xlsx", Support.workbook(d, month: m), received: "2026-\(m)-\(day)T10:00:00+08:00")
        }
        Support.drop(root, "副本/东湖区.xlsx", Support.workbook("东湖区", month: 9), received: "2026-11-22T10:00:00+08:00")
        let config = Support.config(), layout = RunLayout(root: root), time = LocalTime(config)
        var archive = try Archive(layout: layout, time: time)
        let reader = SubmissionReader(reader: FormReader(knownDistricts: config.roster), converter: LegacyConverter(config: config),
                                      logger: Support.quiet)
        var intake = Intake(layout: layout, config: config, time: time, reader: reader, now: Support.date("2026-11-26T10:00:00+08:00"),
                            logger: Support.quiet, progress: nil)
        intake.chunk = 2
        let handed = Mutex<[[String]]>([])
        let (report, kept) = try intake.run(into: &archive) { taken, read in
            #expect(Set(read.keys) == Set(taken.filter { $0.kind != .duplicate }.map(\.path)))
            // Handed over once indexed (the files move meanwhile).
            let indexed = Set(((try? Archive(layout: layout, time: time).entries) ?? []).map(\.path))
            #expect(taken.allSatisfy { indexed.contains($0.path) })
            handed.withLock { $0.append(taken.map(\.source)) }
        }
        let handedOver = handed.withLock { $0 }
        let received = ["9/东湖区.xlsx", "9/西山区.xlsx", "10/东湖区.xlsx", "10/西山区.xlsx", "11/东湖区.xlsx", "副本/东湖区.xlsx"]
        #expect(handedOver.map(\.count) == [2, 2, 2] && Array(handedOver.joined()) == received)
        #expect(report.taken.map(\.source) == received && report.settling.isEmpty)
        #expect(report.taken.map(\.kind) == [.archived, .archived, .archived, .archived, .archived, .duplicate])
        #expect(try Archive(layout: layout, time: time).entries.map(\.source) == received)
        #expect(Array(kept.keys) == report.taken.filter { $0.periods == [Period(year: 2026, month: 11)!] }.map(\.path))
    }

    @Test func secondConcurrentRunIsRefused() throws {
        let root = Support.root()
        Support.drop(root, "东湖区.xlsx", Support.workbook("东湖区"), received: "2026-11-20T10:00:00+08:00")
        let held = try RunLock(path: RunLayout(root: root).lock, startedAt: "2026-11-26T23:00:00+08:00")
        #expect {
            try Support.run(root, at: "2026-11-23T10:00:00+08:00")
        } throws: { error in
            guard case RunError.lockHeld(_, let holder) = error else { return false }
            return holder.contains("pid \(getpid())") && "\(error)".contains("另一个 weigai run 正在处理这个目录")
        }
        #expect(Support.files(in: root + "/inbox") == ["东湖区.xlsx"])
        held.release()
        #expect(try Support.run(root, at: "2026-11-23T10:00:00+08:00").intake.taken.count == 1)
    }

    /// 200 garbage files: random bytes, empty files, truncated zips, CSV renamed `.xlsx`.
    @Test func garbageIsQuarantinedWhileGoodFilesPublish() throws {
        let root = Support.root()
        var rng = SystemRandomNumberGenerator()
        let good = Support.workbook("西山区")
        for i in 0..<50 {
            let at = "2026-11-20T10:00:00+08:00"
            Support.drop(root, "random-\(i).xlsx", (0..<(64 + i)).map { _ in UInt8.random(in: 0...255, using: &rng) }, received: at)
            Support.drop(root, "empty/东湖区-\(i).xlsx", [], received: at)
            Support.drop(root, "truncated-\(i).xlsx", Array(good.prefix(100 + 37 * i)), received: at)
            Support.drop(root, "csv-\(i).xlsx", Array("区,数量\r\n南河区,\(i)\r\n".utf8), received: at)
        }
        Support.drop(root, "西山区.xlsx", good, received: "2026-11-21T10:00:00+08:00")
        Support.drop(root, "东湖区.xlsx", Support.workbook("东湖区"), received: "2026-11-21T10:00:00+08:00")

        let outcome = try Support.run(root, at: "2026-11-23T10:00:00+08:00")
        #expect(Support.files(in: root + "/inbox") == ["empty"])
        let quarantine = Support.files(in: root + "/quarantine")
        #expect(quarantine.filter { $0.hasSuffix(".xlsx") }.count == 200)
        #expect(quarantine.filter { $0.hasSuffix(".xlsx.reason.txt") }.count == 200)
        for name in quarantine where name.hasSuffix(".reason.txt") {
            let reason = Support.text(root + "/quarantine/" + name)
            #expect(reason.contains("隔离原因：") && reason.contains("Reason (file-"), "\(name)")
            // In Chinese: no library's message reaches the clerk.
            let clerks = reason.split(separator: "\r\n").first { $0.hasPrefix("隔离原因：") } ?? ""
            #expect(clerks.hasPrefix("隔离原因：文件无法读取：不是有效的 .xlsx 文件"), "\(name): \(clerks)")
            #expect(!clerks.lowercased().contains("zip archive"), "\(name): \(clerks)")
        }
        let kinds = outcome.intake.taken.map(\.kind)
        #expect(kinds.filter { $0 == .quarantined }.count == 151 && kinds.filter { $0 == .duplicate }.count == 49)
        #expect(kinds.filter { $0 == .archived }.count == 2)

        let submissions = Support.rows(root + "/out/2026-11/submissions.csv")
        #expect(submissions.filter { $0[6] == "rejected" }.count == 151)
        #expect(submissions.filter { $0[6] == "accepted" }.map(\.[1]).sorted() == ["东湖区", "东湖区", "西山区", "西山区"])
        #expect(outcome.reports[0].summary.contains("无法读取的文件：151 份"))
    }

    /// Two zip entries whose names differ only by case: readers disagree on which they take.
    @Test func anAmbiguousPackageIsQuarantinedWithAChineseReason() throws {
        let root = Support.root()
        var bytes = Support.workbook("南河区")
        let from = Array("worksheets/sheet2.xml".utf8), to = Array("worksheets/Sheet1.xml".utf8)
        var renamed = 0
        var i = 0
        while i + from.count <= bytes.count {
            if Array(bytes[i..<i + from.count]) == from {
                bytes.replaceSubrange(i..<i + from.count, with: to)
                renamed += 1
            }
            i += 1
        }
        #expect(renamed >= 2)
        Support.drop(root, "南河区.xlsx", bytes, received: "2026-11-20T10:00:00+08:00")
        let outcome = try Support.run(root, at: "2026-11-23T10:00:00+08:00")
        #expect(outcome.intake.taken.map(\.kind) == [.quarantined])
        let reason = Support.text(root + "/quarantine/南河区.xlsx.reason.txt")
        #expect(reason.contains("隔离原因：文件无法读取：文件包内有两个同名部件（「xl/worksheets/sheet1.xml」与「xl/worksheets/Sheet1.xml」）"), "\(reason)")
        #expect(reason.contains("Reason (file-unreadable)"))
    }
}
