import Foundation
import Testing
import XLSX
@testable import Forms
@testable import Pipeline

/// The receipt a district gets: one root cause, one item.
@Suite struct ReceiptTests {
    /// 北岭区 of the samples typed 涉及金额 in 元 (25000 for 2.5 万元): value-amount-in-yuan and
    /// x-amount-vs-clues both suggest 附件1!AH8 → 2.5, and the receipt shows them as one item.
    /// Findings in their canonical order are in the order their texts give under `String`'s `<`,
    /// field by field, whatever order they came in (and text equal but for its Unicode form ties).
    @Test func canonicalOrderIsStringOrderOfTheFindingsTexts() {
        let texts = ["东湖区", "东湖区 ", "Cafe\u{301}", "Café", "西山区", "", "a", "B", "「提示」", "\u{1F600}"]
        var findings: [Anomaly] = []
        for (i, t) in texts.enumerated() {
            var a = Anomaly(i % 2 == 0 ? Rules.figureJump : Rules.clueProgressed, file: texts[(i * 3) % texts.count] + ".xlsx",
                            sheet: i % 3 == 0 ? nil : "附件1", cell: i % 4 == 0 ? nil : CellAddress(row: i % 3 + 1, column: i % 2),
                            expected: t, actual: texts[(i * 7) % texts.count])
            a.district = texts[(i * 5) % texts.count]
            var twin = a
            (a.explanation, twin.explanation) = ("\(i)a", "\(i)b")  // not compared: tells ties apart
            findings += [a, twin]
        }
        func fields(_ a: Anomaly) -> [String] {
            [a.rule.id, a.district ?? "", a.file, a.sheet ?? "", a.cell?.a1 ?? "", a.message, a.expected, a.actual, a.suggestion]
        }
        for shuffled in [findings, findings.reversed(), findings.shuffled()] {
            let definition = shuffled.enumerated().sorted { x, y in
                let (a, b) = (fields(x.element), fields(y.element))
                return a.lexicographicallyPrecedes(b) || !b.lexicographicallyPrecedes(a) && x.offset < y.offset
            }.map(\.element)
            #expect(PeriodOutputs.canonicalOrder(shuffled).map(\.explanation) == definition.map(\.explanation))
        }
    }

    /// Text for Notepad: a byte-order mark, and every line feed a CR LF (never doubled).
    @Test func windowsTextEndsEveryLineWithCRLF() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(OutputFile.windowsText("") == bom)
        #expect(OutputFile.windowsText("回执\n\na\n") == bom + Array("回执\r\n\r\na\r\n".utf8))
        #expect(OutputFile.windowsText("末行无换行") == bom + Array("末行无换行".utf8))
    }

    /// The summary's tables: columns aligned by the width a terminal gives them (two for Chinese),
    /// each row indented and without the spaces that pad its last cells.
    @Test func summaryColumnsAlignWithoutTrailingSpaces() {
        let table = [["区", "收到", "提示"], ["东湖区（不在名单）", "", "12"], ["西山区", "3", ""]]
        #expect(PeriodSummary.columns(table) == """
              区                  收到  提示
              东湖区（不在名单）        12
              西山区              3

            """)
    }

    @Test func theReceiptShowsOneItemWithTheRelatedChecksBeneath() throws {
        let config = Configuration()
        let path = Support.repository + "/samples/inbox/北岭区.xlsx"
        let found = Auditor(config: config).check([FormReader(knownDistricts: config.roster).read(path: path, displayName: "北岭区.xlsx")])
        let text = Receipt.text(district: "北岭区", period: Period(year: 2026, month: 11)!, records: [], scans: [], findings: NormalizedCSV.sorted(found),
                                config: config, time: LocalTime(config)).string
        let lines = text.split(separator: "\n").map(String.init)
        let primary = try #require(lines.firstIndex { $0.contains("附件1涉及金额为 25000 万元") })
        let beneath = try #require(lines.firstIndex { $0.hasPrefix("   - [附件1!AH8] ") && $0.contains("疑似按元填写") })
        #expect(beneath > primary)
        #expect(lines[primary + 1..<beneath].contains("   这一处改正后，以下相关检查也将一并解决："))
        #expect(lines.filter { $0.contains("「涉及金额（万元）」为 25000 万元") }.count == 1)
    }
}
