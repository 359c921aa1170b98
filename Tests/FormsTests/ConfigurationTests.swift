import Foundation
import Testing
import XLSX
@testable import Forms

/// The configuration: built-in defaults, a file that overrides only the keys it names, and a
/// refusal that names the key when a file is wrong.
@Suite struct ConfigurationTests {
    func parse(_ yaml: String) throws -> Configuration { try Configuration.parse(yaml, file: "weigai.yaml") }

    func refusal(_ yaml: String) -> ConfigurationError? {
        do {
            _ = try parse(yaml)
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    @Test func defaults() throws {
        let c = Configuration()
        #expect(c.roster == ["东湖区", "西山区", "南河区", "北岭区", "青石区", "白沙区"])
        #expect(c.deadlineDay == 26 && c.deadlineTime == "23:59:59" && c.timeZone == "Asia/Shanghai")
        #expect(c.maxCases == 3 && c.summaryMaxCharacters == 300 && c.yuanSuspectWan == 1000)
        #expect(c.dropDownLists[.rank]?.items == DropDownList.defaults[.rank]?.items)
        #expect(c.deadline(for: Clean.november) == Clean.at("2026-11-26 23:59:59"))
        // The documented defaults file says what the built-in defaults are; an empty file changes nothing.
        #expect(try parse(Configuration.defaultsYAML) == c)
        #expect(try parse("") == c)
        #expect(c.receiptsDir == nil)
        #expect(try parse("outputs:\n  receipts_dir: /srv/share\n").receiptsDir == "/srv/share")
        #expect(throws: ConfigurationError.self) { try parse("outputs:\n  receipts: /srv\n") }
    }

    @Test func aFileOverridesOnlyTheKeysItNames() throws {
        let c = try parse("""
        roster: [甲区, 乙区]
        deadline:
          day: 20
          time: "18:00"
        thresholds:
          max_cases: 5
          yuan_suspect_wan: 500.5
        tolerances:
          amount_wan: 0.01
        """)
        #expect(c.roster == ["甲区", "乙区"])
        #expect(c.deadlineDay == 20 && c.deadlineTime == "18:00")
        #expect(c.deadline(for: Clean.november) == Clean.at("2026-11-20 18:00"))
        #expect(c.maxCases == 5 && c.yuanSuspectWan == Decimal(string: "500.5"))
        #expect(c.amountTolerance == Decimal(string: "0.01"))
        #expect(c.summaryMaxCharacters == 300 && c.timeZone == "Asia/Shanghai" && c.city == "示例市")
        #expect(c.convertLegacy && c.sofficePath == nil)
    }

    @Test func legacyConversionKeys() throws {
        let off = try parse("intake:\n  convert_legacy: false\n")
        #expect(!off.convertLegacy && off.settleSeconds == 60)
        let path = try parse("intake:\n  soffice: /opt/libreoffice/program/soffice\n")
        #expect(path.convertLegacy && path.sofficePath == "/opt/libreoffice/program/soffice")
        #expect(refusal("intake:\n  convert_legacy: sometimes\n")
                == .badValue(file: "weigai.yaml", key: "intake.convert_legacy", detail: "must be true or false"))
        #expect(refusal("intake:\n  soffice: \"\"\n") == .badValue(file: "weigai.yaml", key: "intake.soffice", detail: "must be a non-empty text"))
    }

    @Test func unknownKeysAreNamed() {
        #expect(refusal("deadline:\n  tiem: \"18:00\"\n") == .unknownKey(file: "weigai.yaml", key: "deadline.tiem"))
        #expect(refusal("rooster: [甲区]\n") == .unknownKey(file: "weigai.yaml", key: "rooster"))
        #expect(refusal("thresholds:\n  max_case: 2\n") == .unknownKey(file: "weigai.yaml", key: "thresholds.max_case"))
        #expect(refusal("lists:\n  ranks: [县处级]\n") == .unknownKey(file: "weigai.yaml", key: "lists.ranks"))
        #expect(refusal("deadline:\n  tiem: 1\n")?.description == "weigai.yaml: unknown key deadline.tiem")
    }

    @Test func badValuesAreNamed() {
        func key(_ yaml: String) -> String? {
            if case .badValue(_, let key, _)? = refusal(yaml) { return key }
            return nil
        }
        #expect(key("thresholds:\n  max_cases: -1\n") == "thresholds.max_cases")
        #expect(key("thresholds:\n  yuan_suspect_wan: 一千\n") == "thresholds.yuan_suspect_wan")
        #expect(key("deadline:\n  day: 31\n") == "deadline.day")
        #expect(key("deadline:\n  time: \"25:00\"\n") == "deadline.time")
        #expect(key("deadline:\n  time_zone: Mars/Olympus\n") == "deadline.time_zone")
        #expect(key("roster: 东湖区\n") == "roster")
        #expect(key("deadline: 26\n") == "deadline")
        #expect(refusal("thresholds:\n  max_cases: -1\n")?.description.hasPrefix("weigai.yaml: thresholds.max_cases: ") == true)
        if case .unreadable? = refusal("roster: [东湖区\n") {} else { Issue.record("malformed YAML is unreadable") }
        #expect(throws: ConfigurationError.self) { try Configuration.load(path: "/nonexistent/weigai.yaml") }
    }

    @Test func emptyRosterIsRefused() {
        #expect(refusal("roster: []\n") == .badValue(file: "weigai.yaml", key: "roster", detail: "the roster is empty"))
        #expect(refusal("lists:\n  rank: []\n") == .badValue(file: "weigai.yaml", key: "lists.rank", detail: "a drop-down list cannot be empty"))
    }

    @Test func listsOverrideTheDropDownChecks() throws {
        let sheet = Clean.a2 { $0.rows[1]["ranks"] = .string("科员") }
        let byDefault = try Clean.check([sheet])
        expectFinding(byDefault, "a2-choice-not-in-list", .intraTable, .error, at: "附件2!F7", actual: "科员")

        let widened = try parse("lists:\n  rank: [县处级, 乡科级, 乡科级以下, 科员, 村社干部, 其他人员]\n")
        let found = try Clean.check([sheet], config: widened)
        expectNone(found, "a2-choice-not-in-list")
        // The workbook still carries the old list: its clerk did not see 科员 offered.
        expectFinding(found, "a2-list-edited", .template, .warning, at: "附件2!F6", actual: "删去了「科员」")

        let narrowed = try parse("lists:\n  source_channel: [信访举报]\n")
        let b = try Clean.check([Clean.a2()], config: narrowed)
        expectFinding(b, "a2-choice-not-in-list", .intraTable, .error, at: "附件2!B7", expected: "信访举报", actual: "审计发现")
    }

    @Test func thresholdsChangeTheChecks() throws {
        let strict = try parse("thresholds:\n  max_cases: 1\n  summary_max_characters: 10\n  yuan_suspect_wan: 10\n")
        let found = try Clean.check([Clean.a1(), Clean.a2()], config: strict)
        expectFinding(found, "a1-too-many-cases", .intraTable, .warning, at: "附件1!B10", expected: "1", actual: "2")
        expectFinding(found, "a2-summary-too-long", .intraTable, .warning, at: "附件2!G6", expected: "10", count: 2)
        expectFinding(found, "value-amount-in-yuan", .value, .warning, at: "附件1!AH8", count: 2)
        #expect(try Clean.check([Clean.a1(), Clean.a2()]).isEmpty)
    }
}
