import Foundation
import Testing
import XLSX
@testable import Forms

/// One root cause, one item: findings that suggest the same correction (same cell, same value)
/// are one item in the receipt and `weigai check`; anomalies.csv keeps every row with a `root`.
@Suite struct RootCauseTests {
    /// 涉及金额 typed in 元 (125000 for 12.5 万元): value-amount-in-yuan and x-amount-vs-clues
    /// both suggest 附件1!AH8 → 12.5.
    func yuanForWan() throws -> [Anomaly] {
        try Clean.check([Clean.a1 { $0.rows[0]["amount_wan"] = .number(125000) }, Clean.a2()])
    }

    @Test func findingsSharingACorrectionShareARoot() throws {
        let found = try yuanForWan()
        let amount = try #require(found.first { $0.rule.id == "x-amount-vs-clues" })
        let yuan = try #require(found.first { $0.rule.id == "value-amount-in-yuan" })
        #expect(amount.correction == Correction(place: "附件1!AH8", value: "12.5"))
        #expect(yuan.correction == amount.correction)
        // The error is the primary; both name it.
        #expect(amount.root == "x-amount-vs-clues 附件1!AH8")
        #expect(yuan.root == "x-amount-vs-clues 附件1!AH8")
        #expect(found.filter { $0.rule.id != "x-amount-vs-clues" && $0.rule.id != "value-amount-in-yuan" }.allSatisfy { $0.root.isEmpty })
    }

    @Test func anomaliesCSVKeepsEveryRowWithItsRoot() throws {
        let table = NormalizedCSV.anomalies(try yuanForWan())
        #expect(table.header.suffix(3) == ["root", "status", "explanation"])
        let text = table.text
        let rows = text.split(separator: "\r\n").map(String.init)
        let amount = try #require(rows.first { $0.contains(",x-amount-vs-clues,") })
        let yuan = try #require(rows.first { $0.contains(",value-amount-in-yuan,") })
        #expect(amount.hasSuffix(",x-amount-vs-clues 附件1!AH8,open,"))
        #expect(yuan.hasSuffix(",x-amount-vs-clues 附件1!AH8,open,"))
        // A finding with no shared correction has an empty root.
        let clean = NormalizedCSV.anomalies(try Clean.check([Clean.a1 { $0.rows[0]["amount_wan"] = .number(21.5) }, Clean.a2()])).text
        let alone = try #require(clean.split(separator: "\r\n").first { $0.contains(",x-amount-vs-clues,") })
        #expect(alone.hasSuffix(",,open,"))
    }

    @Test func weigaiCheckShowsOneItemWithTheRelatedChecksBeneath() throws {
        let found = NormalizedCSV.sorted(try yuanForWan())
        let text = Report.terminalTable(found, files: ["东湖区11月.xlsx"])
        #expect(text.components(separatedBy: "(value-amount-in-yuan)").count == 2)   // once, beneath
        let lines = text.split(separator: "\n").map(String.init)
        let primary = try #require(lines.firstIndex { $0.hasPrefix("  - ") && $0.hasSuffix("(x-amount-vs-clues)") })
        let related = try #require(lines.firstIndex { $0.hasSuffix("(value-amount-in-yuan)") })
        #expect(lines[related].hasPrefix("        · [附件1!AH8] "))
        #expect(related > primary && !lines[primary + 1..<related].contains { $0.hasPrefix("  - ") })
        // The warning is not counted again as an item of its own.
        let warnings = found.filter { $0.severity == .warning && $0.root.isEmpty }.count
        #expect(text.contains("提示性问题 \(warnings) 项"))
        #expect(!lines.contains { $0.hasPrefix("  - ") && $0.hasSuffix("(value-amount-in-yuan)") })
    }

    @Test func assignGroupsByFileAndCorrection() {
        let fix = Correction(place: "附件1!E8", value: "1")
        func finding(_ rule: Rule, _ cell: String, file: String = "a.xlsx", correction: Correction? = fix) -> Anomaly {
            Anomaly(rule, file: file, sheet: "附件1", cell: CellAddress(cell), correction: correction)
        }
        let list = RootCause.assign([
            finding(Rules.amountLooksLikeYuan, "E8"),
            finding(Rules.personsVersusForms, "E8"),
            finding(Rules.personsVersusForms, "E8", file: "b.xlsx"),            // another file: alone
            finding(Rules.admonishmentsVersusForm1, "L8", correction: Correction(place: "附件1!E8", value: "2")),
            finding(Rules.sanctionsVersusForms, "H8", correction: nil),
        ])
        #expect(list.map(\.root) == ["a1-persons-vs-forms 附件1!E8", "a1-persons-vs-forms 附件1!E8", "", "", ""])
        let items = RootCause.items(NormalizedCSV.sorted(list))
        #expect(items.count == 4)
        let grouped = items.first { !$0.related.isEmpty }
        #expect(grouped != nil)
        #expect(grouped?.primary.rule.id == "a1-persons-vs-forms" && grouped?.primary.file == "a.xlsx")
        #expect(grouped?.related.map(\.rule.id) == ["value-amount-in-yuan"])
    }
}
