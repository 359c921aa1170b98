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

    /// A chart, made as bytes, is the text the String-built chart made, piece for piece.
    @Test func chartsAreTheTextTheirPiecesMakeAsStrings() {
        let report = AuditorReport(city: "示例市", period: Period("2026-11")!, rows: Self.rows, anomalies: [], trends: Self.trends)
        let window = Trends.window(ending: Period("2026-11")!, count: 12)
        var gaps: [Period: Decimal] = [:]
        for (i, p) in window.enumerated() where i % 3 != 1 { gaps[p] = Decimal(i * 7) / 3 - 4 }
        let cases: [(String, [(name: String, color: String, values: [Period: Decimal])])] = [
            ("问题", [("发现", "#2563eb", gaps), ("整改", "#16a34a", [window[11]: 2.5])]),
            ("<金额&\"", [("金额>", "#ea580c", [window[0]: 12345.678, window[5]: 0])]),
            ("人数", [("人数", "#7c3aed", [:])]),
            ("全年", [("一", "#000", Dictionary(uniqueKeysWithValues: window.map { ($0, Decimal(1)) }))]),
        ]
        for (title, series) in cases {
            for (width, height, axes) in [(96, 34, false), (360, 140, true)] {
                var chart = TextBytes()
                report.chart(into: &chart, title, series, width: width, height: height, axes: axes)
                #expect(chart.string == Self.stringChart(title, series, window: window, width: width, height: height, axes: axes))
            }
        }
    }

    /// The chart as it was made before, appending Strings: the definition the bytes must meet.
    static func stringChart(_ title: String, _ series: [(name: String, color: String, values: [Period: Decimal])], window: [Period],
                            width: Int, height: Int, axes: Bool) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        let left = axes ? 44.0 : 2.0, right = axes ? 14.0 : 3.0, top = axes ? 8.0 : 3.0, bottom = axes ? 22.0 : 3.0
        let w = Double(width) - left - right, hgt = Double(height) - top - bottom
        let highest = series.flatMap { $0.values.values }.map { NSDecimalNumber(decimal: $0).doubleValue }.max() ?? 0
        let scale = highest > 0 ? highest : 1
        func x(_ i: Int) -> Double { left + (window.count > 1 ? w * Double(i) / Double(window.count - 1) : w / 2) }
        func y(_ v: Double) -> Double { top + hgt - hgt * v / scale }
        let label = series.map { s in
            let last = window.last.flatMap { s.values[$0] }.map(\.plain) ?? "—"
            return "\(s.name) \(last)"
        }.joined(separator: "，")
        var svg = "<figure class=\"\(axes ? "big" : "small")\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(esc(title))：\(esc(label))\"><title>\(esc(title))：\(esc(label))</title>"
        svg += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(w))\" height=\"\(f(hgt))\" fill=\"#f8fafc\"/>"
        if axes {
            for (i, p) in window.enumerated() where i % 2 == window.count % 2 || i == window.count - 1 {
                svg += "<text x=\"\(f(x(i)))\" y=\"\(height - 6)\" class=\"ax\" text-anchor=\"middle\">\(p.month)月</text>"
            }
            svg += "<text x=\"\(f(left - 4))\" y=\"\(f(top + 9))\" class=\"ax\" text-anchor=\"end\">\(esc(Decimal(highest).rounded2))</text>"
            svg += "<text x=\"\(f(left - 4))\" y=\"\(f(top + hgt))\" class=\"ax\" text-anchor=\"end\">0</text>"
        }
        for s in series {
            var d = ""
            var pen = false
            var dots = ""
            for (i, p) in window.enumerated() {
                guard let v = s.values[p].map({ NSDecimalNumber(decimal: $0).doubleValue }) else { pen = false; continue }
                d += (pen ? "L" : "M") + "\(f(x(i))),\(f(y(v)))"
                pen = true
                if axes || i == window.count - 1 {
                    dots += "<circle cx=\"\(f(x(i)))\" cy=\"\(f(y(v)))\" r=\"\(axes ? 2.5 : 1.8)\" fill=\"\(s.color)\"/>"
                }
            }
            if !d.isEmpty { svg += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"\(axes ? 2 : 1.4)\"/>" }
            svg += dots
        }
        svg += "</svg><figcaption>\(esc(title))：\(esc(label))</figcaption></figure>"
        return svg
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
        // A month before the checks' window is charted from its key figures alone.
        var history = History([Received(october, receivedAt: Clean.at("2026-10-20 10:00"))])
        let september = KeyFigures(problemsFound: 5, problemsClosed: 3, persons: 1, amountWan: 0.5)
        history.charted["东湖区"] = [Period("2026-09")!: september]
        let withSeptember = Trends(history: history, current: november.attachment1)
        #expect(withSeptember.months.keys.sorted() == [Period("2026-09")!, Period("2026-10")!, Period("2026-11")!])
        #expect(withSeptember.months[Period("2026-09")!]?["东湖区"] == september)
    }
}
