import Foundation
import Testing
@testable import Forms

/// The catalog and its tests stay in step: a rule added without a test that fires it fails
/// here, and docs/rules.md is what `weigai rules --format markdown` prints.
@Suite struct RulesCatalogTests {
    /// Every rule some test fires, with where. Add a rule's id here only with its firing test.
    static let firedByTests: Set<String> = [
        // ReadChecksTests
        "file-unreadable", "file-encrypted", "file-too-large", "file-unsafe-xml",
        "table-not-found", "header-column-missing", "header-column-extra", "header-column-renamed",
        "header-column-moved", "header-layout-variant", "table-offset", "extra-data-row",
        "title-missing", "district-missing", "district-from-fallback", "month-missing",
        "value-not-number", "value-negative", "value-not-integer", "value-normalized", "value-excel-error",
        "filled-on-missing", "filled-on-unreadable", "filler-missing", "phone-missing", "phone-malformed",
        "supervisor-missing",
        // TableChecksTests
        "value-amount-in-yuan",
        "a1-persons-vs-forms", "a1-admonishments-vs-form1", "a1-judicial-vs-form4", "a1-sanctions-vs-forms",
        "a1-exposure-without-times", "a1-too-many-cases", "a1-case-too-long",
        "a2-choice-not-in-list", "a2-person-count", "a2-persons-misaligned", "a2-summary-missing",
        "a2-summary-too-long", "a2-recovered-exceeds-involved", "a2-sequence", "a2-duplicate-clue", "a2-list-edited",
        // CrossChecksTests
        "x-problems-vs-clues", "x-amount-vs-clues", "x-accountable-vs-persons", "x-partner-missing", "x-titles-disagree",
        "p-copied-from-last-month", "p-clue-registered-again", "p-figure-jump",
        // LedgerTests
        "p-clue-progressed", "p-clue-rectified", "p-clue-regressed", "p-clue-overdue", "x-closed-vs-ledger",
        "r-not-reported", "r-late", "r-superseded", "r-conflicting", "r-unknown-district",
        "m-filled-after-deadline", "m-unexpected-month",
        // PipelineTests/InboxOutcomeTests (what the run does with files that are not .xlsx)
        "file-legacy-format", "file-lock", "file-scan-invalid", "file-not-a-report", "r-scan-missing",
    ]

    @Test func everyRuleHasAFiringTest() {
        let catalog = Set(Rules.all.map(\.id))
        #expect(catalog.subtracting(Self.firedByTests).isEmpty, "rules without a test: \(catalog.subtracting(Self.firedByTests).sorted())")
        #expect(Self.firedByTests.subtracting(catalog).isEmpty, "not in the catalog: \(Self.firedByTests.subtracting(catalog).sorted())")
    }

    @Test func everyRuleIsInTheCatalogOnce() {
        #expect(Set(Rules.all.map(\.id)).count == Rules.all.count)
        #expect(Set(Rules.all.map(\.category)) == Set(Category.allCases))
        #expect(Rules.all.allSatisfy { !$0.message.isEmpty && !$0.description.isEmpty })
    }

    @Test func docsRulesIsGeneratedFromTheCatalog() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/rules.md")
        let doc = try String(contentsOf: path, encoding: .utf8)
        #expect(doc == Report.rulesMarkdown(), "docs/rules.md is stale: weigai rules --format markdown > docs/rules.md")
    }
}
