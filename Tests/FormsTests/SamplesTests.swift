import Foundation
import Testing
@testable import Forms

/// samples/: November of 示例市 as scripts/make-samples.sh writes it. The clean districts pass;
/// every planted mistake is found at its cell, in its category.
@Suite struct SamplesTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../samples").standardizedFileURL

    /// The month's audit of samples/inbox, each file received when samples/received.tsv says.
    let result: PeriodAudit

    init() throws {
        let config = Configuration()
        let tsv = try String(contentsOf: Self.samples.appendingPathComponent("received.tsv"), encoding: .utf8)
        var receivedAt: [String: Date] = [:]
        for line in tsv.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: "\t").map(String.init)
            let date = ISO8601DateFormatter().date(from: parts[1])
            #expect(date != nil, "\(line)")
            receivedAt[parts[0]] = date
        }
        let inbox = Self.samples.appendingPathComponent("inbox")
        let names = try FileManager.default.contentsOfDirectory(atPath: inbox.path).filter { $0.hasSuffix(".xlsx") }
        try #require(Set(names) == Set(receivedAt.keys.filter { $0.hasSuffix(".xlsx") }), "samples/inbox and received.tsv disagree")
        let reader = FormReader(knownDistricts: config.roster)
        let files = names.map { Received(reader.read(path: inbox.appendingPathComponent($0).path, displayName: $0),
                                         receivedAt: receivedAt[$0]!) }
        result = Auditor(config: config).audit(period: Clean.november, files: files)
    }

    func findings(_ district: String) -> [Anomaly] { result.anomalies.filter { $0.district == district } }

    @Test(arguments: ["东湖区", "西山区"])
    func cleanDistrictHasNoErrorOrOpenWarning(_ district: String) {
        // 西山区's large amount is right, and 备注 says so.
        let serious = Explanations.apply(result).anomalies.filter { $0.district == district && $0.severity != .info && $0.isOpen }
        #expect(serious.isEmpty, "\(serious.map { "\($0.rule.id)@\($0.place): \($0.message)" })")
        #expect(result.attachment1.contains { $0.meta.district == district })
        #expect(result.registers.contains { $0.meta.district == district })
    }

    @Test func nanheTypedTenTimesThePersons() {
        let a = expectFinding(findings("南河区"), "a1-persons-vs-forms", .intraTable, .error, at: "附件1!F8",
                              expected: "3", actual: "30")
        #expect(a?.file == "南河区11月报表.xlsx")
        #expect(a?.suggestion == "将 附件1!F8 由 30 改为 3（疑似多写了1个0（×10））")
    }

    @Test func beilingTypedTheAmountInYuan() {
        let found = findings("北岭区")
        let a = expectFinding(found, "x-amount-vs-clues", .crossTable, .error, at: "附件1!AH8", expected: "2.5", actual: "25000")
        #expect(a?.suggestion == "将 附件1!AH8 由 25000 改为 2.5（疑似按元填写，应以万元为单位）")
        expectFinding(found, "value-amount-in-yuan", .value, .warning, at: "附件1!AH8", expected: "2.5", actual: "25000")
    }

    @Test func qingshiTypedARankOutsideTheList() {
        let a = expectFinding(findings("青石区"), "a2-choice-not-in-list", .intraTable, .error, at: "附件2!F6", actual: "科员")
        #expect(a?.file == "青石区附件2(1).xlsx")
    }

    @Test func baishaReportedLate() {
        let found = findings("白沙区")
        #expect(found.filter { $0.rule.id == "r-late" }.compactMap(\.attachment) == [.one, .two])
        expectFinding(found.filter { $0.attachment == .one }, "r-late", .roster, .warning, at: "",
                      expected: "2026-11-26 23:59", actual: "2026-11-28 08:40")
        #expect(found.filter { $0.rule.id == "m-filled-after-deadline" }.map(\.place) == ["附件1!R3", "附件2!G3"])
        expectFinding(found.filter { $0.attachment == .one }, "m-filled-after-deadline", .metadata, .warning,
                      at: "附件1!R3", expected: "2026年11月26日", actual: "2026-11-28")
    }

    @Test func everyDistrictReported() {
        expectNone(result.anomalies, "r-not-reported")
        #expect(Set(result.attachment1.compactMap(\.meta.district)) == Set(Configuration().roster))
        #expect(result.submissions.filter { $0.status != .accepted }.map(\.file) == ["南河区11月报表（初稿）.xlsx", "南河区11月报表（初稿）.xlsx"])
    }
}
