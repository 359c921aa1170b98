import Foundation
import Testing
@testable import Forms
@testable import XLSX

/// 提示性 findings closed by 备注, the resubmission diff, and the marks for the clerk's workbook.
@Suite struct ExplanationsTests {
    /// 东湖区's month with 涉及金额 typed as 12500 (a 提示性 finding on AH8, and a 强制性 one
    /// against the clues) and `remarks` in 备注.
    func audit(remarks: String) throws -> PeriodAudit {
        let a1 = Clean.a1 { c in
            c.rows[0]["amount_wan"] = .number(12500)
            c.remarks = remarks
        }
        let file = try Clean.read([a1, Clean.a2()])
        return Explanations.apply(Auditor().audit(period: Clean.november, files: [Received(file, receivedAt: Clean.at("2026-11-25 10:00"))]))
    }

    func finding(_ audit: PeriodAudit, _ id: String) throws -> Anomaly {
        try #require(audit.anomalies.first { $0.rule.id == id })
    }

    @Test func remarksNamingTheFieldExplainTheWarningNotTheError() throws {
        let audit = try audit(remarks: "本月无特殊情况。涉及金额12500万元属实，系一起重大挪用案件；其余正常")
        let warning = try finding(audit, "value-amount-in-yuan")
        #expect(warning.explanation == "涉及金额12500万元属实，系一起重大挪用案件")
        #expect(!warning.isOpen)
        let error = try finding(audit, "x-amount-vs-clues")
        #expect(error.cell?.a1 == "AH8" && error.isOpen)
        let csv = NormalizedCSV.anomalies(audit.anomalies).text
        #expect(csv.contains("explained,涉及金额12500万元属实，系一起重大挪用案件"))
        #expect(csv.contains("suggestion,root,status,explanation\r\n"))
    }

    /// `weigai check` marks what 备注 explains as the run does, and says so.
    @Test func theClerksOwnCheckShowsWhatRemarksExplain() throws {
        let a1 = Clean.a1 { c in
            c.rows[0]["amount_wan"] = .number(12500)
            c.remarks = "涉及金额12500万元属实，系一起重大挪用案件"
        }
        let found = Auditor().check([try Clean.read([a1, Clean.a2()])])
        let warning = try #require(found.first { $0.rule.id == "value-amount-in-yuan" })
        #expect(warning.explanation == "涉及金额12500万元属实，系一起重大挪用案件")
        let text = Report.terminalTable(NormalizedCSV.sorted(found), files: ["东湖区.xlsx"])
        #expect(text.contains("已在备注说明：涉及金额12500万元属实，系一起重大挪用案件"))

        // Attachment 1 alone (nothing to compare the amount with): nothing left to do but send it.
        let fixed = Clean.a1 { c in c.rows[0]["amount_wan"] = .number(12500); c.remarks = "AH8 已核实无误" }
        let alone = Auditor().check([try Clean.read([fixed])])
        let table = Report.terminalTable(NormalizedCSV.sorted(alone), files: ["东湖区.xlsx"])
        #expect(table.contains("（其中 1 项已在备注说明）"))
        #expect(table.hasSuffix("没有强制性错误，提示性问题均已在备注中说明，可以报送。\n"))
    }

    @Test func remarksNamingTheCellExplainIt() throws {
        #expect(try !finding(audit(remarks: "AH8 数据已核实无误"), "value-amount-in-yuan").isOpen)
        // Another cell, or a longer reference, or nothing to do with it, leaves it open.
        for remarks in ["AH80 已核实", "BAH8 已核实", "本月无特殊情况", ""] {
            #expect(try finding(audit(remarks: remarks), "value-amount-in-yuan").isOpen, "\(remarks)")
        }
    }

    @Test func aSharedLabelNeedsItsGroup() throws {
        let fields = Templates.attachment1.fields
        let township = try #require(fields.first { $0.id == "party_sanctions_township" })
        #expect(Explanations.explanation(in: "党纪处分中乡科级2人，系上月移交", cell: nil, field: township) == "党纪处分中乡科级2人，系上月移交")
        #expect(Explanations.explanation(in: "乡科级2人，系上月移交", cell: nil, field: township) == nil)
        let found = try #require(fields.first { $0.id == "problems_found" })
        #expect(Explanations.explanation(in: "发现问题数较多是因为开展了专项排查", cell: nil, field: found) != nil)
    }

    @Test func theDiffSaysWhatWasFixedWhatIsStillOpenAndWhatIsNew() throws {
        let before = try Clean.read([Clean.a1 { $0.rows[0]["problems_found"] = .number(5) }, Clean.a2()], name: "东湖区.xlsx")
        let after = try Clean.read([Clean.a1 { $0.rows[0]["amount_wan"] = .number(12500) }, Clean.a2()], name: "东湖区(改).xlsx")
        let diffs = ResubmissionDiff.diffs([Received(before, receivedAt: Clean.at("2026-11-20 10:00")),
                                            Received(after, receivedAt: Clean.at("2026-11-24 10:00"))],
                                           period: Clean.november, auditor: Auditor())
        let diff = try #require(diffs["东湖区"])
        #expect(diff.previousFiles == ["东湖区.xlsx"] && diff.previousReceivedAt == Clean.at("2026-11-20 10:00"))
        #expect(diff.fixed.map(\.rule.id) == ["x-problems-vs-clues"])
        #expect(Set(diff.new.map(\.rule.id)) == ["value-amount-in-yuan", "x-amount-vs-clues"])
        #expect(diff.stillOpen.isEmpty)
        // The same findings again: all still open, by rule and cell, whatever the file is called.
        let again = ResubmissionDiff(previous: diff.new, current: diff.new.map { var a = $0; a.file = "x.xlsx"; return a },
                                     previousFiles: [], previousReceivedAt: Date())
        #expect(again.stillOpen.count == 2 && again.fixed.isEmpty && again.new.isEmpty)
        // One version only: no diff.
        #expect(ResubmissionDiff.diffs([Received(after, receivedAt: Clean.at("2026-11-24 10:00"))], period: Clean.november,
                                       auditor: Auditor()).isEmpty)
    }

    @Test func marksAreRedForErrorsYellowForWarningsWithNotesAndAListFirst() throws {
        let audit = try audit(remarks: "")
        let mine = audit.anomalies.filter { $0.file == "东湖区11月.xlsx" }
        let patch = try #require(Annotation.patch(mine))
        let ah8 = try #require(patch.marks["附件1"]?[CellAddress("AH8")!])
        #expect(ah8.fill == Annotation.errorFill)  // an error and a warning on one cell: red
        #expect(ah8.note?.contains("【强制性错误】") == true && ah8.note?.contains("【提示性问题】") == true)
        let sheet = try #require(patch.firstSheet)
        #expect(sheet.name == "审核结果" && sheet.rows.count == mine.count + 1)
        #expect(sheet.rows.dropFirst().contains { $0[3].text == "附件1!AH8" && $0[3].link?.cell.a1 == "AH8" && $0[3].link?.sheet == "附件1" })
        #expect(Annotation.patch([])?.marks == nil)
    }
}
