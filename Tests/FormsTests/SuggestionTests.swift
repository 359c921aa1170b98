import Foundation
import Testing
@testable import Forms

/// Where one cell change makes a failing total agree, the finding says which cell and what value.
@Suite struct SuggestionTests {
    func t(_ place: String, _ value: Decimal) -> Term { Term(place: place, value: value) }

    @Test func digitTransposition() {
        #expect(Suggestion.forEquation(lhs: [t("附件1!E8", 21)], rhs: [t("附件1!O8", 12)])
                == "将 附件1!E8 由 21 改为 12（疑似两位数字颠倒）")
        #expect(Suggestion.slip(from: Decimal(string: "13.52")!, to: Decimal(string: "15.32")!) == "疑似两位数字颠倒")
        #expect(Suggestion.slip(from: 123, to: 312) == nil)   // three digits moved is not one slip
    }

    @Test func slipsOfPowersOfTen() {
        #expect(Suggestion.forEquation(lhs: [t("附件1!F8", 30), t("附件1!G8", 0)], rhs: [t("附件1!P8", 3)])
                == "将 附件1!F8 由 30 改为 3（疑似多写了1个0（×10））")
        #expect(Suggestion.slip(from: 500, to: 5) == "疑似多写了2个0（×100）")
        #expect(Suggestion.slip(from: 3, to: 3000) == "疑似少写了3个0（÷1000）")
        #expect(Suggestion.forEquation(lhs: [t("A", 3)], rhs: [t("B", 30)]) == "将 A 由 3 改为 30（疑似少写了1个0（÷10））")
    }

    @Test func yuanTypedForWan() {
        let total = t("附件1!AH8", 25000)
        #expect(Suggestion.forEquation(lhs: [total], rhs: [t("附件2!H6", Decimal(string: "2.5")!)])
                == "将 附件1!AH8 由 25000 改为 2.5（疑似按元填写，应以万元为单位）")
        #expect(Suggestion.slip(from: 68000, to: Decimal(string: "6.8")!) == "疑似按元填写，应以万元为单位")
    }

    @Test func figureCountedTwice() {
        #expect(Suggestion.forEquation(lhs: [t("附件1!AH8", 7)], rhs: [t("附件2!H6", 2), t("附件2!H7", 3)])
                == "将 附件1!AH8 由 7 改为 5（疑似重复计入了 附件2!H6 的 2）")
    }

    @Test func noSuggestionWhenNoSingleSlipFits() {
        #expect(Suggestion.forEquation(lhs: [t("A", 9)], rhs: [t("B", 2), t("C", 3)]) == "")
        #expect(Suggestion.forEquation(lhs: [t("A", 5)], rhs: [t("B", 2), t("C", 3)]) == "")
        #expect(Suggestion.forEquation(lhs: [t("A", 1)], rhs: [t("B", 0)]) == "")
        #expect(Suggestion.slip(from: 7, to: 7) == nil)
        #expect(Suggestion.slip(from: 0, to: 10) == nil)
    }

    @Test func aFindingCarriesItsSuggestion() throws {
        let found = try Clean.check([Clean.a1 { $0.rows[0]["amount_wan"] = .number(125000) }, Clean.a2()])
        let a = try #require(found.first { $0.rule.id == "x-amount-vs-clues" })
        #expect(a.suggestion == "将 附件1!AH8 由 125000 改为 12.5（疑似按元填写，应以万元为单位）")
        let none = try Clean.check([Clean.a1 { $0.rows[0]["amount_wan"] = .number(13) }, Clean.a2()])
        #expect(none.first { $0.rule.id == "x-amount-vs-clues" }?.suggestion == "")
    }
}
