import Foundation
import Testing
@testable import Forms
@testable import XLSX

/// report.html: what the auditors' page says, and that it stays one self-contained page.
@Suite struct AuditorReportTests {
    static let rows = [
        AuditorReport.Row(district: "东湖区", received: true, late: false, openErrors: 0, openWarnings: 0, explained: 2),
        AuditorReport.Row(district: "南河区", received: true, late: true, openErrors: 2, openWarnings: 1, explained: 0),
        AuditorReport.Row(district: "北岭区<", received: false, late: false, openErrors: 1, openWarnings: 0, explained: 0),
    ]

    static func anomaly(_ rule: Rule, _ district: String, explained: Bool = false) -> Anomaly {
        var a = Anomaly(rule, file: "x.xlsx", sheet: "附件1", cell: CellAddress("A8"))
        a.district = district
        a.explanation = explained ? "已说明" : nil
        return a
    }

    static let trends = Trends(months: [
        Period("2026-10")!: ["东湖区": KeyFigures(problemsFound: 1, problemsClosed: 1, persons: 2, amountWan: 2.5),
                             "南河区": KeyFigures(problemsFound: 3, problemsClosed: 0, persons: 1, amountWan: 1)],
        Period("2026-11")!: ["东湖区": KeyFigures(problemsFound: 4, problemsClosed: 2, persons: 3, amountWan: 9.3)],
    ])

    func page() -> String {
        AuditorReport(city: "示例市", period: Period("2026-11")!, rows: Self.rows,
                      anomalies: [Self.anomaly(Rules.problemsVersusClues, "南河区"), Self.anomaly(Rules.problemsVersusClues, "南河区"),
                                  Self.anomaly(Rules.amountLooksLikeYuan, "南河区"), Self.anomaly(Rules.amountLooksLikeYuan, "东湖区", explained: true)],
                      trends: Self.trends).html
    }

    @Test func statusPerDistrict() {
        let html = page()
        #expect(html.contains("<tr><th>南河区</th><td class=\"ok\">是</td><td class=\"warn\">逾期</td><td class=\"num bad\">2</td><td class=\"num warn\">1</td><td class=\"num\">0</td></tr>"))
        #expect(html.contains("<tr><th>北岭区&lt;</th><td class=\"bad\">未收到</td><td>—</td>"))
        #expect(html.contains("<div class=\"n\">2 / 3</div><div>已报送</div>"))
        #expect(html.contains("<div class=\"n\">2</div><div>已在备注说明</div>"))
        #expect(html.contains("<li><b>北岭区&lt;</b>：未报送，强制性错误 1 项</li><li><b>南河区</b>：逾期，强制性错误 2 项，提示性问题 1 项</li>"))
    }

    @Test func heatMapCountsOpenFindingsByCategory() {
        let html = page()
        // 南河区: two cross-table errors (the darkest red) and one value warning; 东湖区's is explained.
        #expect(html.contains("<td style=\"background:rgba(220,38,38,1.00)\" title=\"强制性 2，提示性 0\">2</td>"))
        #expect(html.contains("<td style=\"background:rgba(217,150,0,0.62)\" title=\"强制性 0，提示性 1\">1</td>"))
        let donghu = html.components(separatedBy: "<table class=\"heat\">")[1].components(separatedBy: "<tr><th>东湖区</th>")[1]
            .components(separatedBy: "</tr>")[0]
        #expect(donghu == String(repeating: "<td></td>", count: Category.allCases.count))
    }

    @Test func chartsOverTwelveMonths() {
        let html = page()
        #expect(html.contains("图表跨度：2025年12月—2026年11月"))
        // The city: 4 found in November, 4 in October; the line starts at October, the 11th of 12 months.
        #expect(html.contains("<figcaption>发现与整改问题数：发现 4，整改查处 2</figcaption>"))
        #expect(html.contains("<figcaption>涉及金额（万元）：金额 9.3</figcaption>"))
        // 南河区 sent nothing in November: its lines end in October, its last value is a dash.
        #expect(html.contains("aria-label=\"问题：发现 —，整改 —\""))
        #expect(html.contains("<div class=\"name\">北岭区&lt;</div><div class=\"none\">近12个月无数据</div>"))
        let city = html.components(separatedBy: "<div class=\"city\">")[1]
        #expect(city.contains("<path d=\"M318.5,"))  // October, the 11th of 12 months: 44 + 302 × 10/11
    }

    @Test func selfContainedAndReadableWithThreeHundredDistricts() {
        let many = (1...300).map { AuditorReport.Row(district: "第\($0)区", received: $0 % 7 != 0, late: $0 % 5 == 0,
                                                     openErrors: $0 % 3, openWarnings: $0 % 4, explained: 0) }
        let html = AuditorReport(city: "全省", period: Period("2026-11")!, rows: many, anomalies: [], trends: Trends()).html
        for forbidden in ["<script", "https://", "<link", "url(", "<img"] {
            #expect(!html.contains(forbidden), "\(forbidden)")
        }
        // The only address is the SVG namespace, which is never fetched.
        #expect(html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http://") == false)
        #expect(html.components(separatedBy: "<div class=\"district\">").count == 301)
        // The attention list names the worst twenty and says how many more there are.
        #expect(html.contains("<ol class=\"attention\">") && html.contains("另有 "))
        #expect(html.contains(".scroll{max-height:560px;overflow:auto"))
    }

    @Test func trendsFromTheMonthsTheRunReads() throws {
        let october = try Clean.read([Clean.a1(month: 10), Clean.a2(month: 10)], name: "东湖区10月.xlsx")
        let november = try Clean.read([Clean.a1 { $0.rows[0]["problems_found"] = .number(2) }, Clean.a2()])
        let trends = Trends(history: History([Received(october, receivedAt: Clean.at("2026-10-20 10:00"))]),
                            current: november.attachment1)
        #expect(trends.months.keys.sorted() == [Period("2026-10")!, Period("2026-11")!])
        // Clean's figures: 2 found, 1 closed, 2 persons (1 乡科级 + 1 乡科级以下), 12.5 万元.
        #expect(trends.months[Period("2026-11")!]?["东湖区"] == KeyFigures(problemsFound: 2, problemsClosed: 1, persons: 2, amountWan: 12.5))
        #expect(trends.months[Period("2026-10")!]?["东湖区"]?.amountWan == 12.5)
    }
}
