import Foundation
import Testing
import XLSX
@testable import Forms

/// The checks between the two tables, against earlier months, against the roster and the
/// deadline: the monthly audit (`Auditor.audit`) and the clerk's self-check (`Auditor.check`).
@Suite struct CrossChecksTests {
    static let onlyDonghu: Configuration = {
        var c = Configuration()
        c.roster = ["东湖区"]
        return c
    }()

    func received(_ sheets: [SheetSpec], name: String = "东湖区11月.xlsx", at time: String = "2026-11-25 10:00") throws -> Received {
        Received(try Clean.read(sheets, name: name), receivedAt: Clean.at(time))
    }

    func audit(_ files: [Received], history: History = History(),
               config: Configuration = CrossChecksTests.onlyDonghu) -> PeriodAudit {
        Auditor(config: config).audit(period: Clean.november, files: files, history: history)
    }

    /// October's tables of 东湖区, as history.
    func october(_ edit: (inout TableContent) -> Void = { _ in }) throws -> Received {
        let dated: (inout TableContent) -> Void = { $0.filledOn = .string("2026年10月25日"); edit(&$0) }
        return try received([Clean.a1(month: 10, dated), Clean.a2(month: 10, dated)], name: "东湖区10月.xlsx",
                            at: "2026-10-25 10:00")
    }

    @Test func cleanMonthAuditsWithoutFinding() throws {
        let october = try received([Clean.a1(month: 10) {
            $0.filledOn = .string("2026年10月25日")
            $0.rows[0]["problems_closed"] = .number(0)
        }], name: "东湖区10月.xlsx", at: "2026-10-25 10:00")
        let result = audit([try received([Clean.a1(), Clean.a2()])], history: History([october]))
        #expect(result.anomalies.isEmpty, "\(result.anomalies.map { "\($0.rule.id)@\($0.place)" })")
        #expect(result.submissions.map(\.status) == [.accepted, .accepted])
        #expect(result.attachment1.count == 1 && result.registers.count == 1)
    }

    // MARK: cross_table

    @Test func problemsFoundAgainstClues() throws {
        let found = try Clean.check([Clean.a1 { $0.rows[0]["problems_found"] = .number(3) }, Clean.a2()])
        let a = expectFinding(found, "x-problems-vs-clues", .crossTable, .error, at: "附件1!A8", expected: "2", actual: "3")
        #expect(a?.suggestion == "将 附件1!A8 改为 2，或补登附件2的线索")
        // The pair is checked across two files too.
        let twoFiles = audit([try received([Clean.a1 { $0.rows[0]["problems_found"] = .number(3) }], name: "东湖区附件1.xlsx"),
                              try received([Clean.a2()], name: "东湖区附件2.xlsx")])
        expectFinding(twoFiles.anomalies, "x-problems-vs-clues", .crossTable, .error, at: "附件1!A8")
        expectNone(try Clean.check([Clean.a1(), Clean.a2()]), "x-problems-vs-clues")
    }

    @Test func amountAgainstTheCluesSum() throws {
        let found = try Clean.check([Clean.a1 { $0.rows[0]["amount_wan"] = .number(21.5) }, Clean.a2()])
        let a = expectFinding(found, "x-amount-vs-clues", .crossTable, .error, at: "附件1!AH8", expected: "12.5", actual: "21.5")
        #expect(a?.suggestion == "将 附件1!AH8 由 21.5 改为 12.5（疑似两位数字颠倒）")
        let withinACent = try Clean.check([Clean.a1 { $0.rows[0]["amount_wan"] = .number(12.5000001) }, Clean.a2()])
        expectNone(withinACent, "x-amount-vs-clues")
    }

    @Test func accountableAgainstPersonsHandled() throws {
        let found = try Clean.check([Clean.a1(), Clean.a2 { $0.rows[1]["accountable_persons"] = .number(1) }])
        expectFinding(found, "x-accountable-vs-persons", .crossTable, .warning, at: "附件1!E8", expected: "3", actual: "2")
        expectNone(try Clean.check([Clean.a1(), Clean.a2()]), "x-accountable-vs-persons")
    }

    @Test func partnerTableMissing() throws {
        let onlyA1 = audit([try received([Clean.a1()])])
        expectFinding(onlyA1.anomalies, "x-partner-missing", .crossTable, .error, at: "附件1",
                      expected: "附件2（问题线索统计表）", actual: "附件1")
        let onlyA2 = audit([try received([Clean.a2()])])
        expectFinding(onlyA2.anomalies, "x-partner-missing", .crossTable, .error, at: "附件2",
                      expected: "附件1（查处整改情况统计表）", actual: "附件2")
        let twoFiles = audit([try received([Clean.a1()], name: "东湖区附件1.xlsx"),
                              try received([Clean.a2()], name: "东湖区附件2.xlsx")])
        #expect(twoFiles.anomalies.isEmpty, "\(twoFiles.anomalies.map(\.rule.id))")
    }

    @Test func titlesOfOneWorkbookDisagree() throws {
        let found = try Clean.check([Clean.a1(), Clean.a2(district: "西山区")])
        expectFinding(found, "x-titles-disagree", .crossTable, .error, at: "附件2!A2",
                      expected: "东湖区农村危房改造腐败和作风问题查处整改情况统计表（11月份）",
                      actual: "西山区农村危房改造专项治理问题线索统计表（11月份）")
        let result = audit([try received([Clean.a1(), Clean.a2(month: 10)])])
        expectFinding(result.anomalies, "x-titles-disagree", .crossTable, .error, at: "附件2!A2")
        expectNone(try Clean.check([Clean.a1(), Clean.a2()]), "x-titles-disagree")
    }

    // MARK: cross_period

    @Test func copiedFromLastMonth() throws {
        let history = History([try october()])
        let copied = audit([try received([Clean.a1(), Clean.a2()])], history: history)
        expectFinding(copied.anomalies, "p-copied-from-last-month", .crossPeriod, .warning, at: "附件1!A8",
                      expected: "2026年10月")
        let changed = audit([try received([Clean.a1 { $0.rows[0]["problems_closed"] = .number(2) }, Clean.a2()])],
                            history: history)
        expectNone(changed.anomalies, "p-copied-from-last-month")
    }

    @Test func clueRegisteredAgainInALaterMonth() throws {
        let history = History([try october()])
        let again = audit([try received([Clean.a1(), Clean.a2()])], history: history)
        let clues = again.anomalies.filter { $0.rule.id == "p-clue-registered-again" }
        #expect(clues.map(\.place) == ["附件2!G6", "附件2!G7"])
        expectFinding([clues[0]], "p-clue-registered-again", .crossPeriod, .warning, at: "附件2!G6",
                      expected: "2026年10月", actual: "东湖区-2026-10-001")

        // A history that holds this month's own files (a re-run) does not count them as earlier.
        let november = try received([Clean.a1(), Clean.a2()])
        let rerun = audit([november], history: History([try october { $0.rows = [] }, november]))
        expectNone(rerun.anomalies, "p-clue-registered-again")
    }

    /// November's audit with 单位检查 (C8) at `units`, after earlier months of 东湖区 holding `history` (month → C8).
    func november(_ units: Double, after history: [Int: Double]) throws -> [Anomaly] {
        let earlier = try history.sorted { $0.key < $1.key }.map { month, value in
            try received([Clean.a1(month: month) {
                $0.filledOn = .string("2026年\(month)月25日")
                $0.rows[0]["units_self_examination"] = .number(value)
            }], name: "东湖区\(month)月.xlsx", at: "2026-\(String(format: "%02d", month))-25 10:00")
        }
        let now = try received([Clean.a1 { $0.rows[0]["units_self_examination"] = .number(units) }, Clean.a2()])
        return audit([now], history: History(earlier)).anomalies
    }

    @Test func figureFarOutsideTheDistrictsHistory() throws {
        // Median 1, MAD 0: the limit is max(5 × 1, 1 + 0, 2) = 5.
        let jump = try november(10, after: [8: 1, 9: 2, 10: 1])
        let a = expectFinding(jump, "p-figure-jump", .crossPeriod, .warning, at: "附件1!C8", expected: "5", actual: "10")
        #expect(a?.message.contains("近6个月") == true)
        #expect(a?.message.contains("中位数 1") == true)
        // Median 5, MAD 1: the limit is max(25, 5 + 5 × 1.4826, 6) = 25.
        expectFinding(try november(60, after: [8: 4, 9: 5, 10: 6]), "p-figure-jump", .crossPeriod, .warning,
                      at: "附件1!C8", expected: "25", actual: "60")
        expectNone(try november(25, after: [8: 4, 9: 5, 10: 6]), "p-figure-jump")  // not above the limit
        expectNone(try november(9, after: [8: 1, 9: 1, 10: 1]), "p-figure-jump")   // under the minimum of 10
        // April and earlier are outside the 6 months.
        expectNone(try november(100, after: [2: 1, 3: 1, 4: 1]), "p-figure-jump")
    }

    @Test func figureJumpIsSilentWithFewerThanThreeEarlierMonths() throws {
        expectNone(try november(100, after: [10: 1]), "p-figure-jump")
        expectNone(try november(100, after: [9: 1, 10: 1]), "p-figure-jump")
        expectFinding(try november(100, after: [8: 1, 9: 1, 10: 1]), "p-figure-jump", .crossPeriod, .warning, at: "附件1!C8")
    }

    @Test func oneSmallEarlierMonthDoesNotMakeAnOrdinaryFigureAJump() throws {
        expectNone(try november(24, after: [8: 20, 9: 1, 10: 22]), "p-figure-jump")
        expectNone(try november(30, after: [5: 20, 6: 22, 7: 25, 8: 21, 9: 24, 10: 1]), "p-figure-jump")
        expectNone(try november(12, after: [5: 0, 6: 11, 7: 9, 8: 10, 9: 12, 10: 8]), "p-figure-jump")
    }

    @Test func figureJumpArithmetic() {
        let config = Configuration()
        #expect(FigureJump(history: [1, 2], config: config) == nil)
        let j = FigureJump(history: [20, 1, 22], config: config)!
        #expect(j.median == 20 && j.deviation == 2 && j.limit == 100)
        let even = FigureJump(history: [1, 20, 21, 22, 24, 25], config: config)!
        #expect(even.median == Decimal(string: "21.5")! && even.deviation == 2 && even.limit == Decimal(string: "107.5")!)
        // A district always at 0: only the minimum of 10 holds.
        let zero = FigureJump(history: [0, 0, 0], config: config)!
        #expect(zero.limit == 0 && !zero.isJump(9) && zero.isJump(10))
        // Mostly 0 with two large months: what it has reported before is no jump.
        let sparse = FigureJump(history: [0, 0, 0, 40, 50], config: config)!
        #expect(sparse.median == 0 && sparse.limit == 50 && !sparse.isJump(50) && sparse.isJump(51))
        // Varying figures: the MAD sets the limit, 40 + 5 × 1.4826 × 20 = 188.26.
        let spread = FigureJump(history: [2, 40, 3, 50, 60], config: config)!
        #expect(spread.median == 40 && spread.deviation == 20 && spread.limit == 200)
        let wide = FigureJump(history: [10, 40, 12, 70, 75], config: config)!
        #expect(wide.median == 40 && wide.deviation == 30 && wide.limit == Decimal(string: "262.39")!)
        // The quick path agrees: nothing at or under the highest earlier figure or the floor.
        #expect(FigureJump.jump(50, history: [0, 0, 0, 40, 50], config: config) == nil)
        #expect(FigureJump.jump(51, history: [0, 0, 0, 40, 50], config: config)?.limit == 50)
        #expect(FigureJump.jump(9, history: [0, 0, 0], config: config) == nil)
        #expect(FigureJump.jump(263, history: [10, 40, 12, 70, 75], config: config) != nil)
        #expect(FigureJump.jump(262, history: [10, 40, 12, 70, 75], config: config) == nil)
    }

    // MARK: roster

    @Test func rosterDistrictNotReported() throws {
        let result = audit([try received([Clean.a1(), Clean.a2()])], config: Configuration())
        let missing = result.anomalies.filter { $0.rule.id == "r-not-reported" }
        #expect(missing.compactMap(\.district) == ["西山区", "南河区", "北岭区", "青石区", "白沙区"])
        let a = expectFinding([missing[0]], "r-not-reported", .roster, .error, at: "")
        #expect(a?.message == "西山区未报送2026年11月的附件1和附件2")
        #expect(a?.period == Clean.november)
    }

    @Test func lateAfterTheDeadline() throws {
        let late = audit([try received([Clean.a1(), Clean.a2()], at: "2026-11-27 00:00:30")])
        let hits = late.anomalies.filter { $0.rule.id == "r-late" }
        #expect(hits.compactMap(\.attachment) == [.one, .two])
        expectFinding([hits[0]], "r-late", .roster, .warning, at: "", expected: "2026-11-26 23:59", actual: "2026-11-27 00:00")
        expectNone(audit([try received([Clean.a1(), Clean.a2()], at: "2026-11-26 23:59:00")]).anomalies, "r-late")
    }

    @Test func lateCopyOfAReportSentOnTimeIsNotLate() throws {
        let onTime = try received([Clean.a1(), Clean.a2()], name: "东湖区.xlsx", at: "2026-11-24 10:00")
        let copy = try received([Clean.a1(), Clean.a2()], name: "东湖区(1).xlsx", at: "2026-11-28 09:00")
        expectNone(audit([onTime, copy]).anomalies, "r-late")
        let corrected = try received([Clean.a1 { $0.remarks = "更正了备注" }, Clean.a2()], name: "东湖区(1).xlsx",
                                     at: "2026-11-28 09:00")
        expectFinding(audit([onTime, corrected]).anomalies, "r-late", .roster, .warning, at: "",
                      expected: "2026-11-26 23:59", actual: "2026-11-28 09:00")
    }

    @Test func laterSubmissionSupersedes() throws {
        let first = try received([Clean.a1(), Clean.a2()], name: "东湖区.xlsx", at: "2026-11-24 10:00")
        let second = try received([Clean.a1 { $0.remarks = "更正了备注" }, Clean.a2()], name: "东湖区(1).xlsx",
                                  at: "2026-11-25 10:00")
        let result = audit([second, first])
        let superseded = result.anomalies.filter { $0.rule.id == "r-superseded" }
        #expect(superseded.count == 2 && superseded.allSatisfy { $0.file == "东湖区.xlsx" })
        expectFinding([superseded[0]], "r-superseded", .roster, .info, at: "附件1", expected: "东湖区(1).xlsx", actual: "东湖区.xlsx")
        #expect(result.submissions.filter { $0.status == .accepted }.map(\.file) == ["东湖区(1).xlsx", "东湖区(1).xlsx"])
        #expect(result.submissions.filter { $0.status == .superseded }.map(\.file) == ["东湖区.xlsx", "东湖区.xlsx"])
        #expect(result.attachment1.first?.remarks == "更正了备注")

        // Only Attachment 1 changed: the two Attachment 2 are the same report, whatever the files.
        expectFinding(result.anomalies, "r-conflicting", .roster, .warning, at: "附件1", expected: "东湖区(1).xlsx", actual: "2")
    }

    @Test func identicalResendIsSupersededWithoutConflict() throws {
        let path = Fixtures.temporaryPath("东湖区.xlsx")
        var w = WorkbookWriter()
        w.sheets = [Clean.a1(), Clean.a2()]
        try w.write(to: path)
        let reader = FormReader(knownDistricts: ["东湖区"])
        let result = audit([Received(reader.read(path: path, displayName: "东湖区.xlsx"), receivedAt: Clean.at("2026-11-24 10:00")),
                            Received(reader.read(path: path, displayName: "东湖区(1).xlsx"), receivedAt: Clean.at("2026-11-25 10:00"))])
        #expect(result.anomalies.filter { $0.rule.id == "r-superseded" }.count == 2)
        expectNone(result.anomalies, "r-conflicting")
        expectNone(audit([try received([Clean.a1(), Clean.a2()])]).anomalies, "r-superseded", "r-conflicting")
    }

    @Test func districtNotOnTheRoster() throws {
        let sheets = [Clean.a1(district: "东山区"), Clean.a2(district: "东山区")]
        let result = audit([try received(sheets, name: "东山区.xlsx")])
        let hits = result.anomalies.filter { $0.rule.id == "r-unknown-district" }
        #expect(hits.map(\.place) == ["附件1!A2"])
        expectFinding(hits, "r-unknown-district", .roster, .error, at: "附件1!A2", expected: "东湖区", actual: "东山区")
        let checked = try Clean.check(sheets, name: "东山区.xlsx")
        #expect(checked.filter { $0.rule.id == "r-unknown-district" }.map(\.place) == ["附件1!A2", "附件2!A2"])
        expectNone(audit([try received([Clean.a1(), Clean.a2()])]).anomalies, "r-unknown-district")
    }

    // MARK: metadata

    @Test func filledAfterTheDeadline() throws {
        let late: (inout TableContent) -> Void = { $0.filledOn = .string("2026年11月27日") }
        let result = audit([try received([Clean.a1(late), Clean.a2(late)])])
        let hits = result.anomalies.filter { $0.rule.id == "m-filled-after-deadline" }
        #expect(hits.map(\.place) == ["附件1!R3", "附件2!G3"])
        expectFinding([hits[0]], "m-filled-after-deadline", .metadata, .warning, at: "附件1!R3",
                      expected: "2026年11月26日", actual: "2026-11-27")
        let onTime: (inout TableContent) -> Void = { $0.filledOn = .string("2026年11月26日") }
        expectNone(audit([try received([Clean.a1(onTime), Clean.a2(onTime)])]).anomalies, "m-filled-after-deadline")
    }

    @Test func titleMonthIsNotTheMonthCollected() throws {
        let found = try Clean.check([Clean.a1(), Clean.a2()], expectedPeriod: Period(year: 2026, month: 12))
        #expect(found.filter { $0.rule.id == "m-unexpected-month" }.map(\.place) == ["附件1!A2", "附件2!A2"])
        expectFinding(found.filter { $0.attachment == .one }, "m-unexpected-month", .metadata, .warning, at: "附件1!A2",
                      expected: "2026年12月", actual: "2026年11月")
        expectNone(try Clean.check([Clean.a1(), Clean.a2()], expectedPeriod: Clean.november), "m-unexpected-month")
    }
}
