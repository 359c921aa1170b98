import Testing
import XLSX
@testable import Forms

@Suite struct TemplatesTests {
    /// A period's texts are written byte by byte: they must be what interpolation writes, and parse back.
    @Test func periodsWriteAsYearDashMonth() {
        for year in [1900, 1999, 2000, 2026, 9999] {
            for month in 1...12 {
                let p = Period(year: year, month: month)!
                #expect(p.description == "\(year)-\(month < 10 ? "0" : "")\(month)")
                #expect(p.chinese == "\(year)年\(month)月")
                #expect(Period(p.description) == p)
            }
        }
    }

    @Test func attachment1HasThe34FieldsInColumnOrder() {
        let ids = Templates.attachment1.fields.map(\.id)
        #expect(ids.count == 34)
        #expect(ids.first == "problems_found")
        #expect(ids[2] == "units_self_examination")
        #expect(ids[4] == "persons_total_county")
        #expect(ids[10] == "admin_sanctions")
        #expect(ids[14] == "form1_county")
        #expect(ids[30] == "exposure_times")
        #expect(ids.last == "amount_wan")
        #expect(Templates.attachment1.depth == 4)
    }

    @Test func attachment1HeaderMergesMatchTheDomainBrief() {
        let ranges = Set(Templates.attachment1.headerCells(origin: CellAddress(row: 4, column: 1))
            .map(\.range.a1))
        for expected in ["A4:A7", "B4:B7", "C4:AD4", "AE4:AG6", "AH4:AH7", "C5:D5", "E5:AD5",
                         "C6:C7", "D6:D7", "E6:G6", "H6:J6", "K6:K7", "N6:N7", "O6:R6", "AA6:AD6", "AE7", "E7"] {
            #expect(ranges.contains(expected), "missing \(expected)")
        }
    }

    @Test func attachment2HeaderMergesMatchTheDomainBrief() {
        let ranges = Set(Templates.attachment2.headerCells(origin: CellAddress(row: 4, column: 1)).map(\.range.a1))
        #expect(ranges == ["A4:A5", "B4:B5", "C4:C5", "D4:F4", "D5", "E5", "F5", "G4:G5", "H4:H5", "I4:I5",
                           "J4:L4", "J5", "K5", "L5"])
        #expect(Templates.attachment2.fields.map(\.id) == [
            "seq", "source_channel", "place", "persons", "posts", "ranks", "summary", "amount_wan",
            "disposition", "rectification", "recovered_wan", "accountable_persons"])
    }

    @Test func variantHasTheSameWidth() {
        #expect(Templates.attachment1AdminByRank.fields.count == 34)
        #expect(Templates.attachment1AdminByRank.field("persons_total") != nil)
        #expect(Templates.attachment1AdminByRank.field("admin_sanctions_county") != nil)
    }

    @Test func rulesHaveUniqueIDs() {
        #expect(Set(Rules.all.map(\.id)).count == Rules.all.count)
        #expect(Rules.notNumber.render { ["cell": "B8", "field": "检查", "actual": "无"][$0] } == "B8「检查」应填数字，实际为「无」")
    }

    /// Placeholders are filled; the unknown ones, and a brace never closed, stay as written.
    @Test func messagesRenderTheirPlaceholders() {
        let rule = Rule(id: "t", category: .file, severity: .info, message: "{a}{b}「{未知}」{a} 第{n}行{ 未闭合 {a", description: "")
        #expect(rule.render { ["a": "甲", "b": "", "n": "1{a}"][$0] } == "甲「{未知}」甲 第1{a}行{ 未闭合 {a")
        #expect(rule.render { _ in nil } == "{a}{b}「{未知}」{a} 第{n}行{ 未闭合 {a")
        #expect(Rule(id: "t", category: .file, severity: .info, message: "", description: "").render { _ in "x" }.isEmpty)
    }

    /// Every message of the catalog renders as written with nothing filled, and with each `{name}`
    /// replaced by its value when filled.
    @Test func everyCatalogMessageRenders() throws {
        let placeholder = try Regex(#"\{([^{}]*)\}"#)
        for rule in Rules.all {
            #expect(rule.render { _ in nil } == rule.message, "\(rule.id)")
            let filled = rule.message.replacing(placeholder) { "<" + String($0.output[1].substring!) + ">" }
            #expect(rule.render { "<\($0)>" } == filled, "\(rule.id)")
        }
    }
}
