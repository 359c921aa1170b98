import Foundation
import Testing
import XLSX
@testable import Forms
@testable import Pipeline

/// The monthly run end to end, over temporary run roots.
struct MonthlyRunTests {
    /// Drops the samples received in `month` (`2026-11`) into `root`'s inbox.
    func dropSamples(_ root: String, month: String) {
        let received = Support.text(Support.repository + "/samples/received.tsv").split(separator: "\n").dropFirst()
        for line in received {
            let parts = line.split(separator: "\t").map(String.init)
            guard parts[1].hasPrefix(month) else { continue }
            let bytes = [UInt8](FileManager.default.contents(atPath: Support.repository + "/samples/inbox/" + parts[0])!)
            Support.drop(root, parts[0], bytes, received: parts[1])
        }
    }

    @Test func samplesMonth() throws {
        let root = Support.root()
        dropSamples(root, month: "2026-10")
        dropSamples(root, month: "2026-11")
        let outcome = try Support.run(root, at: "2026-11-28T12:00:00+08:00", config: Configuration())
        #expect(outcome.hasErrors)
        #expect(outcome.intake.taken.filter { $0.kind == .archived }.count == 15)
        #expect(outcome.intake.taken.filter { $0.kind == .scan }.count == 3 && outcome.intake.taken.count == 18)
        #expect(outcome.reports.map(\.period.description) == ["2026-10", "2026-11"])
        #expect(Support.files(in: root + "/inbox").isEmpty)

        let out = root + "/out/2026-11"
        for name in ["attachment1.csv", "clues.csv", "clue_persons.csv", "fields.csv", "anomalies.csv", "submissions.csv",
                     "attachment1_city.xlsx", "summary.txt"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name)")
        }
        #expect(Support.files(in: out + "/receipts") == Configuration().roster.sorted())
        #expect(Support.files(in: out + "/receipts/东湖区") == ["回执.txt"])
        #expect(Support.files(in: out + "/receipts/南河区") == ["南河区11月报表.xlsx", "回执.txt"])
        // The clerk's own workbook marked up: its sheets dump as sent, 审核结果 comes first, the
        // flagged cells carry their notes.
        let copy = try Workbook(path: out + "/receipts/南河区/南河区11月报表.xlsx")
        #expect(copy.sheets.map(\.name) == ["审核结果", "附件1", "附件2"])
        #expect(try Support.dump(out + "/receipts/南河区/南河区11月报表.xlsx").filter { !$0.hasPrefix("审核结果,") }
                == Support.dump(Support.repository + "/samples/inbox/南河区11月报表.xlsx"))
        let summarySheet = try copy.readSheet(copy.sheets[0])
        #expect(summarySheet.cells.contains { $0.value == .string("附件1!F8") })
        let submissions = Support.rows(out + "/submissions.csv")
        #expect(submissions.count == 17 && submissions.filter { $0[6] != "accepted" }.map(\.[3]) == ["南河区11月报表（初稿）.xlsx", "南河区11月报表（初稿）.xlsx"])
        #expect(submissions.filter { $0[2] == "盖章件" }.map(\.[1]) == ["东湖区", "西山区", "青石区"])
        #expect(Set(submissions.filter { $0[10] == "no" }.map(\.[1])) == ["南河区", "北岭区", "白沙区"])
        #expect(outcome.reports.last?.summary.contains("未报送盖章件：南河区、北岭区、白沙区") == true)
        // The draft's fixed mistake opens 南河区's receipt; 西山区's large amount is explained in 备注.
        #expect(Support.text(out + "/receipts/南河区/回执.txt").contains("已改正 1 项，仍未改正 2 项，新出现 0 项"))
        let anomalies = Support.rows(out + "/anomalies.csv")
        #expect(anomalies.filter { $0[1] == "西山区" && $0[8] == "warning" }.map(\.[14]) == ["explained", "explained"])
        #expect(Support.text(out + "/receipts/西山区/回执.txt").contains("另有 2 项提示性问题已在备注中说明"))
        #expect(Support.text(out + "/report.html").contains("<h2>各区报送与审核情况</h2>"))
        #expect(submissions.contains { $0[1] == "东湖区" && $0[5] == "2026-11-24T10:12:00+08:00" })
        #expect(Support.text(out + "/receipts/白沙区/回执.txt").contains("逾期"))
        #expect(Support.text(out + "/receipts/南河区/回执.txt").contains("附件1!F8"))
        #expect(outcome.reports.last?.summary.contains("逾期报送：白沙区") == true)

        // The roll-up sums the six districts' problems found: 2 + 1 + 3 + 1 + 1 + 0.
        let city = try Workbook(path: out + "/attachment1_city.xlsx")
        let sheet = try city.readSheet(city.worksheets[0])
        #expect(sheet.cells.contains { $0.address.a1 == "A8" && $0.value == .number(8) })
        let extracted = FormReader(knownDistricts: []).read(path: out + "/attachment1_city.xlsx",
                                                            received: SimpleDate(year: 2026, month: 11, day: 30))
        #expect(extracted.attachment1.first?.meta.district == "示例市")
        #expect(extracted.attachment1.first?.meta.period == Period("2026-11"))

        // Nothing new: nothing rebuilt, the same bytes.
        let before = Support.snapshot(root + "/out")
        let again = try Support.run(root, at: "2026-11-29T12:00:00+08:00", config: Configuration())
        #expect(again.reports.map(\.rebuilt) == [false] && again.hasErrors)
        #expect(again.text.contains("2026年11月结果未变（强制性错误 3 项，提示性问题 11 项）"))
        #expect(Support.snapshot(root + "/out") == before)
    }

    /// The samples' December moves the clue ledger: 东湖区 closes a clue and registers one, 南河区's
    /// first clue progresses. The ledger is a function of the archive: rebuilt, it is the same.
    @Test func samplesSecondMonthMovesTheLedger() throws {
        let root = Support.root()
        dropSamples(root, month: "2026-10")
        dropSamples(root, month: "2026-11")
        _ = try Support.run(root, at: "2026-11-28T12:00:00+08:00", config: Configuration())
        dropSamples(root, month: "2026-12")
        let december = try Support.run(root, at: "2026-12-28T12:00:00+08:00", config: Configuration())
        #expect(december.reports.map(\.period.description) == ["2026-12"])

        let out = root + "/out/2026-12"
        let ledger = Support.rows(out + "/ledger.csv")
        let closed = ledger.filter { $0[4] == "closed" }
        #expect(closed.map { [$0[1], $0[2], $0[5], $0[8]] } == [["东湖区", "东湖区-2026-11-002", "2026-12", "已办结"]])
        #expect(ledger.filter { $0[1] == "东湖区" && $0[4] == "open" }.map(\.[2]) == ["东湖区-2026-12-002"])
        #expect(ledger.filter { $0[1] == "南河区" && $0[4] == "open" }.map { [$0[2], $0[8]] }
                == [["南河区-2026-11-001", "谈话函询"], ["南河区-2026-11-002", "初步核实"], ["南河区-2026-11-003", "初步核实"]])
        // 东湖区's November clue closed in November is not in December's ledger.
        #expect(!ledger.contains { $0[2] == "东湖区-2026-11-001" })

        let anomalies = Support.rows(out + "/anomalies.csv")
        #expect(anomalies.filter { $0[6] == "p-clue-progressed" }.map(\.[1]).sorted() == ["东湖区", "南河区"])
        expectNoneOf(anomalies, ["p-clue-registered-again", "p-clue-regressed", "x-closed-vs-ledger", "x-problems-vs-clues",
                                 "x-amount-vs-clues"])
        let summary = december.reports[0].summary
        #expect(summary.contains("线索台账（截至2026年12月末）") && summary.contains("久拖未决线索"))
        #expect(Support.text(out + "/receipts/东湖区/回执.txt").contains("在办线索 1 条，本月销号 1 条"))
        let report = Support.text(out + "/report.html")
        #expect(report.contains("<h2>线索台账（清零进度）</h2>") && report.contains("没有久拖未决的线索。"))
        #expect(report.contains("<tr><td>东湖区</td><td>1</td><td>1</td><td>0</td>"))

        // Rebuilt from the archive, whole or after losing the published months: the same bytes.
        let before = Support.snapshot(root + "/out")
        var rebuild = MonthlyRun(root: root, config: Configuration(), now: Support.date("2026-12-28T13:00:00+08:00"),
                                 logger: Support.quiet)
        rebuild.rebuildAll = true
        #expect(try rebuild.run().reports.map(\.period.description) == ["2026-10", "2026-11", "2026-12"])
        #expect(Support.snapshot(root + "/out") == before)
        try FileManager.default.removeItem(atPath: root + "/out")
        _ = try Support.run(root, at: "2026-12-28T14:00:00+08:00", config: Configuration())
        #expect(Support.snapshot(root + "/out") == before)
    }

    func expectNoneOf(_ rows: [[String]], _ rules: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let hits = rows.filter { rules.contains($0[6]) }
        #expect(hits.isEmpty, "\(hits.map { $0[1] + " " + $0[6] })", sourceLocation: sourceLocation)
    }

    /// A resubmission, a late file, a missing district, a duplicate drop and a file still being written.
    @Test func resubmissionLateMissingDuplicateAndSettling() throws {
        let root = Support.root()
        let config = Support.config()
        let xishan = Support.workbook("西山区")
        Support.drop(root, "东湖区.xlsx", Support.workbook("东湖区", problemsFound: 5), received: "2026-11-20T10:00:00+08:00")
        Support.drop(root, "西山区.xlsx", xishan, received: "2026-11-21T10:00:00+08:00")
        Support.drop(root, "转发/西山区(1).xlsx", xishan, received: "2026-11-22T10:00:00+08:00")
        let first = try Support.run(root, at: "2026-11-23T10:00:00+08:00", config: config)
        #expect(first.intake.taken.map(\.kind) == [.archived, .archived, .duplicate])
        #expect(FileManager.default.fileExists(atPath: root + "/archive/duplicates/西山区(1).xlsx"))
        #expect(first.hasErrors)

        // The corrected 东湖区 under the same name, on time; 北岭区 late; 南河区 never reports;
        // a file modified 10 s before the run is still being copied.
        Support.drop(root, "东湖区.xlsx", Support.workbook("东湖区"), received: "2026-11-25T10:00:00+08:00")
        Support.drop(root, "北岭区.xlsx", Support.workbook("北岭区"), received: "2026-11-27T09:00:00+08:00")
        Support.drop(root, "copying.xlsx", Support.workbook("南河区", month: 10), received: "2026-11-27T09:59:50+08:00")
        let second = try Support.run(root, at: "2026-11-27T10:00:00+08:00", config: config)
        #expect(second.intake.settling == ["copying.xlsx"])
        #expect(Support.files(in: root + "/inbox").contains("copying.xlsx"))

        let out = root + "/out/2026-11"
        let submissions = Support.rows(out + "/submissions.csv")
        let donghu = submissions.filter { $0[1] == "东湖区" }
        #expect(donghu.filter { $0[6] == "superseded" }.map(\.[3]) == ["东湖区.xlsx", "东湖区.xlsx"])
        #expect(donghu.filter { $0[6] == "accepted" }.allSatisfy { $0[3].hasPrefix("东湖区.xlsx#") && $0[7] == "0" })
        #expect(submissions.filter { $0[1] == "西山区" }.count == 2)
        let anomalies = Support.rows(out + "/anomalies.csv")
        #expect(anomalies.contains { $0[1] == "北岭区" && $0[6] == "r-late" })
        #expect(anomalies.contains { $0[1] == "南河区" && $0[6] == "r-not-reported" })
        #expect(!anomalies.contains { $0[1] == "东湖区" && $0[8] == "error" })
        #expect(Support.text(out + "/receipts/南河区/回执.txt").contains("未收到贵区2026年11月的报表"))
        // 东湖区's receipt opens with what its corrected version fixed; the corrected workbook is
        // marked up under the name it was sent with (its one finding: an earlier, different version).
        let receipt = Support.text(out + "/receipts/东湖区/回执.txt")
        #expect(receipt.contains("〇、与上一版相比（上一版：东湖区.xlsx") && receipt.contains("已改正 1 项，仍未改正 0 项，新出现 0 项"))
        #expect(receipt.contains("[附件1 A8] 附件1当月发现问题数为 5，附件2登记线索 2 条"))
        #expect(Support.files(in: out + "/receipts/东湖区") == ["东湖区.xlsx", "回执.txt"])
        #expect(!Support.text(out + "/receipts/西山区/回执.txt").contains("与上一版相比"))
        let summary = second.reports[0]
        #expect(summary.summary.contains("未报送：南河区") && summary.summary.contains("逾期报送：北岭区"))
        #expect(summary.errors == 1)  // 南河区 missing

        // Once settled it is taken: a late October return, which rebuilds October and November.
        let third = try Support.run(root, at: "2026-11-28T10:00:00+08:00", config: config)
        #expect(third.intake.taken.map(\.source) == ["copying.xlsx"])
        #expect(third.reports.map(\.period.description) == ["2026-10", "2026-11"])
        #expect(Support.rows(root + "/out/2026-10/submissions.csv").map(\.[1]) == ["南河区", "南河区"])
    }

    @Test func receiptsAreCopiedToTheSharedFolder() throws {
        let root = Support.root()
        var config = Support.config()
        config.receiptsDir = root + "/shared"
        Support.drop(root, "东湖区.xlsx", Support.workbook("东湖区", problemsFound: 5), received: "2026-11-20T10:00:00+08:00")
        _ = try Support.run(root, at: "2026-11-23T10:00:00+08:00", config: config)
        #expect(Support.files(in: root + "/shared") == config.roster.sorted())
        #expect(Support.files(in: root + "/shared/东湖区/2026-11") == ["东湖区.xlsx", "回执.txt"])
        #expect(Support.text(root + "/shared/东湖区/2026-11/回执.txt") == Support.text(root + "/out/2026-11/receipts/东湖区/回执.txt"))
        // Copied again when the month is rebuilt: the corrected workbook has nothing to mark up.
        Support.drop(root, "东湖区.xlsx", Support.workbook("东湖区"), received: "2026-11-24T10:00:00+08:00")
        Support.drop(root, "西山区.xlsx", Support.workbook("西山区"), received: "2026-11-24T10:00:00+08:00")
        _ = try Support.run(root, at: "2026-11-25T10:00:00+08:00", config: config)
        #expect(Support.text(root + "/shared/东湖区/2026-11/回执.txt").contains("已改正 1 项"))
        #expect(Support.files(in: root + "/shared/东湖区").filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func subfoldersOfficeOwnerFilesAndOtherExtensions() throws {
        let root = Support.root()
        Support.drop(root, "二月/东湖区.xlsx", Support.workbook("东湖区"), received: "2026-11-20T10:00:00+08:00")
        Support.drop(root, "~$东湖区.xlsx", [0x01, 0x02], received: "2026-11-20T10:00:00+08:00")
        Support.drop(root, "说明.docx", [0x01], received: "2026-11-20T10:00:00+08:00")
        let outcome = try Support.run(root, at: "2026-11-23T10:00:00+08:00")
        // Lock files and other extensions are quarantined (InboxOutcomeTests); only the emptied folder stays.
        #expect(outcome.intake.taken.map(\.source).sorted() == ["~$东湖区.xlsx", "二月/东湖区.xlsx", "说明.docx"].sorted())
        #expect(Support.files(in: root + "/inbox") == ["二月"] && Support.files(in: root + "/inbox/二月").isEmpty)
        let entry = try #require(try ArchiveIndex.read(root + "/archive/index.tsv").entries.first { $0.source == "二月/东湖区.xlsx" })
        #expect(entry.receivedAt == Support.date("2026-11-20T10:00:00+08:00"))
        #expect(try Files.modificationTime(root + "/" + entry.path) == entry.receivedAt)
    }
}
