import Foundation
import Testing
@testable import Forms
@testable import Pipeline

/// The receipt a district gets: one root cause, one item.
@Suite struct ReceiptTests {
    /// 北岭区 of the samples typed 涉及金额 in 元 (25000 for 2.5 万元): value-amount-in-yuan and
    /// x-amount-vs-clues both suggest 附件1!AH8 → 2.5, and the receipt shows them as one item.
    /// Text for Notepad: a byte-order mark, and every line feed a CR LF (never doubled).
    @Test func windowsTextEndsEveryLineWithCRLF() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(OutputFile.windowsText("") == bom)
        #expect(OutputFile.windowsText("回执\n\na\n") == bom + Array("回执\r\n\r\na\r\n".utf8))
        #expect(OutputFile.windowsText("末行无换行") == bom + Array("末行无换行".utf8))
    }

    @Test func theReceiptShowsOneItemWithTheRelatedChecksBeneath() throws {
        let config = Configuration()
        let path = Support.repository + "/samples/inbox/北岭区.xlsx"
        let found = Auditor(config: config).check([FormReader(knownDistricts: config.roster).read(path: path, displayName: "北岭区.xlsx")])
        let text = Receipt.text(district: "北岭区", period: Period(year: 2026, month: 11)!, records: [], scans: [], anomalies: found,
                                config: config, time: LocalTime(config))
        let lines = text.split(separator: "\n").map(String.init)
        let primary = try #require(lines.firstIndex { $0.contains("附件1涉及金额为 25000 万元") })
        let beneath = try #require(lines.firstIndex { $0.hasPrefix("   - [附件1!AH8] ") && $0.contains("疑似按元填写") })
        #expect(beneath > primary)
        #expect(lines[primary + 1..<beneath].contains("   这一处改正后，以下相关检查也将一并解决："))
        #expect(lines.filter { $0.contains("「涉及金额（万元）」为 25000 万元") }.count == 1)
    }
}
