import Foundation

/// The auditors' page for a month, `report.html`: one self-contained file in Chinese — inline
/// CSS and SVG, nothing loaded from elsewhere, no script. It shows each district's status
/// (received, on time, open 强制性 and 提示性 findings, explained ones), a heat map of open
/// findings by district and check category, each district's last 12 months of key figures as
/// small line charts, and the city's totals over the same months. Built as a value: the same
/// inputs give the same bytes.
public struct AuditorReport: Sendable {
    /// One district's month.
    public struct Row: Sendable, Equatable {
        public var district: String
        public var received: Bool
        public var late: Bool
        public var openErrors: Int
        public var openWarnings: Int
        public var explained: Int
        public init(district: String, received: Bool, late: Bool, openErrors: Int, openWarnings: Int, explained: Int) {
            self.district = district
            self.received = received
            self.late = late
            self.openErrors = openErrors
            self.openWarnings = openWarnings
            self.explained = explained
        }
    }

    public var city: String
    public var period: Period
    public var rows: [Row]
    public var anomalies: [Anomaly]
    public var trends: Trends
    /// How many months the charts span.
    public var months = 12
    /// The clue ledger through the month, and the months a clue may stay open: the 清零 section.
    public var ledger = ClueLedger()
    public var clueTimeLimitMonths = 3

    public init(city: String, period: Period, rows: [Row], anomalies: [Anomaly], trends: Trends) {
        self.city = city
        self.period = period
        self.rows = rows
        self.anomalies = anomalies
        self.trends = trends
    }

    public var html: String { String(decoding: page, as: UTF8.self) }

    /// The page as UTF-8.
    public var page: [UInt8] {
        var out: [UInt8] = []
        write { out += $0 }
        return out
    }

    /// The page as UTF-8, handed to `piece` a section at a time as each is made, and let go of:
    /// a national month's page is some 7 MB, made whole it held twice that while it grew.
    public func write(_ piece: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        let sections: [KeyPath<AuditorReport, String>] = [\.head, \.overview, \.attention, \.statusTable, \.heatMap]
        for section in sections {
            var text = self[keyPath: section]
            try text.withUTF8(piece)
        }
        // The sections with charts are made as bytes and written as such: a chart made a String
        // was validated as UTF-8 and copied again into its section's.
        try ledgerSection.bytes.withUnsafeBufferPointer(piece)
        try cityCharts.bytes.withUnsafeBufferPointer(piece)
        try districtCharts(piece)
        var footer = Self.footer
        try footer.withUTF8(piece)
    }

    // MARK: sections

    private var head: String {
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>\(esc(city))农村危房改造专项治理月报 审核报告 \(period.chinese)</title><style>\(Self.css)</style></head><body>"
            + "<h1>\(esc(city))农村危房改造专项治理月报 审核报告</h1>"
            + "<p class=\"sub\">报表月份：\(period.chinese)　·　区数：\(rows.count)　·　图表跨度：\(window.first!.chinese)—\(period.chinese)</p>"
    }

    private static let footer = "<footer>由 weigai 生成。强制性错误不能以备注说明；提示性问题在备注中说明后计为“已说明”，不再计入待处理。</footer></body></html>\n"

    private var window: [Period] { Trends.window(ending: period, count: months) }

    private var overview: String {
        let received = rows.filter(\.received).count
        let onTime = rows.filter { $0.received && !$0.late }.count
        let cards = [("已报送", "\(received) / \(rows.count)", received == rows.count ? "ok" : "bad"),
                     ("按时报送", "\(onTime) / \(rows.count)", onTime == rows.count ? "ok" : "warn"),
                     ("待改正的强制性错误", String(rows.map(\.openErrors).reduce(0, +)), rows.contains { $0.openErrors > 0 } ? "bad" : "ok"),
                     ("待核实的提示性问题", String(rows.map(\.openWarnings).reduce(0, +)), rows.contains { $0.openWarnings > 0 } ? "warn" : "ok"),
                     ("已在备注说明", String(rows.map(\.explained).reduce(0, +)), "ok")]
        return "<section class=\"cards\">" + cards.map { "<div class=\"card \($0.2)\"><div class=\"n\">\($0.1)</div><div>\($0.0)</div></div>" }.joined() + "</section>"
    }

    /// The districts most in need of a call: not received, then by open errors and warnings.
    private var attention: String {
        let list = rows.filter { !$0.received || $0.openErrors > 0 || $0.late }
            .sorted { ($0.received ? 1 : 0, -$0.openErrors, -$0.openWarnings, $0.district) < ($1.received ? 1 : 0, -$1.openErrors, -$1.openWarnings, $1.district) }
        guard !list.isEmpty else { return "<h2>需要关注</h2><p>各区均已按时报送，且没有待改正的强制性错误。</p>" }
        let items = list.prefix(20).map { r -> String in
            var why: [String] = []
            if !r.received { why.append("未报送") }
            if r.late { why.append("逾期") }
            if r.openErrors > 0 { why.append("强制性错误 \(r.openErrors) 项") }
            if r.openWarnings > 0 { why.append("提示性问题 \(r.openWarnings) 项") }
            return "<li><b>\(esc(r.district))</b>：\(why.joined(separator: "，"))</li>"
        }.joined()
        let more = list.count > 20 ? "<p class=\"sub\">另有 \(list.count - 20) 个区，见下表。</p>" : ""
        return "<h2>需要关注（\(list.count) 个区）</h2><ol class=\"attention\">\(items)</ol>\(more)"
    }

    private var statusTable: String {
        var h = "<h2>各区报送与审核情况</h2><div class=\"scroll\"><table class=\"status\"><thead><tr><th>区</th><th>收到</th><th>时限</th>"
            + "<th>强制性错误（待改正）</th><th>提示性问题（待核实）</th><th>已说明</th></tr></thead><tbody>"
        for r in rows {
            h += "<tr><th>\(esc(r.district))</th>"
            h += r.received ? "<td class=\"ok\">是</td>" : "<td class=\"bad\">未收到</td>"
            h += !r.received ? "<td>—</td>" : r.late ? "<td class=\"warn\">逾期</td>" : "<td class=\"ok\">按时</td>"
            h += "<td class=\"num\(r.openErrors > 0 ? " bad" : "")\">\(r.openErrors)</td>"
            h += "<td class=\"num\(r.openWarnings > 0 ? " warn" : "")\">\(r.openWarnings)</td>"
            h += "<td class=\"num\">\(r.explained)</td></tr>"
        }
        return h + "</tbody></table></div>"
    }

    /// Open findings (强制性 and 提示性) of each district by check category; the shade grows with
    /// the count, red where any is 强制性, amber where all are 提示性.
    private var heatMap: String {
        let categories = Category.allCases
        var counts: [String: [Category: (errors: Int, warnings: Int)]] = [:]
        // By index: most findings of a month of a long ledger are 提示信息, each copied only to be skipped.
        for i in anomalies.indices where anomalies[i].isOpen && anomalies[i].severity != .info {
            let a = anomalies[i], d = a.district ?? ""
            var c = counts[d, default: [:]][a.category, default: (0, 0)]
            if a.severity == .error { c.errors += 1 } else { c.warnings += 1 }
            counts[d, default: [:]][a.category] = c
        }
        let highest = max(1, counts.values.flatMap(\.values).map { $0.errors + $0.warnings }.max() ?? 1)
        var h = "<h2>问题分布（区 × 审核类别，待处理项数）</h2><p class=\"sub\"><span class=\"key e\"></span>含强制性错误　"
            + "<span class=\"key w\"></span>仅提示性问题　颜色越深，项数越多</p><div class=\"scroll\"><table class=\"heat\"><thead><tr><th>区</th>"
        h += categories.map { "<th>\($0.chinese)</th>" }.joined() + "</tr></thead><tbody>"
        for r in rows {
            h += "<tr><th>\(esc(r.district))</th>"
            for c in categories {
                let n = counts[r.district]?[c] ?? (0, 0)
                let total = n.errors + n.warnings
                if total == 0 { h += "<td></td>"; continue }
                let alpha = 0.25 + 0.75 * Double(total) / Double(highest)
                let rgb = n.errors > 0 ? "220,38,38" : "217,150,0"
                h += "<td style=\"background:rgba(\(rgb),\(FixedPoint.text(alpha, decimals: 2)))\" title=\"强制性 \(n.errors)，提示性 \(n.warnings)\">\(total)</td>"
            }
            h += "</tr>"
        }
        return h + "</tbody></table></div>"
    }

    /// Per district: the clues open at the month's end, closed in it, overdue, and the trend of
    /// open clues (清零); then the overdue clues, oldest first, for 重点督办.
    private var ledgerSection: TextBytes {
        let overdue = ledger.overdue(at: period, limit: clueTimeLimitMonths)
        let first = ledger.firstRegistered.values.min()
        let overdueBy = Dictionary(grouping: overdue, by: \.district).mapValues(\.count)
        var h = TextBytes()
        h += "<h2>线索台账（清零进度）</h2><p class=\"sub\">在办：截至月末未销号的线索；久拖未决：在办超过\(clueTimeLimitMonths)个月。</p>"
        h += "<div class=\"scroll\"><table class=\"status\"><thead><tr><th>区</th><th>在办</th><th>本月销号</th><th>久拖未决</th>"
            + "<th>近\(months)个月在办线索</th></tr></thead><tbody>"
        let window = self.window
        for r in rows {
            // From the first month the ledger holds: before it nothing is known.
            let known = window.filter { p in first.map { p >= $0 } ?? false && p <= period }
            let open = Dictionary(uniqueKeysWithValues: known.map { ($0, Decimal(ledger.openCount(at: $0, district: r.district))) })
            let late = overdueBy[r.district] ?? 0
            h += "<tr><td>\(esc(r.district))</td><td>\(ledger.openCount(at: period, district: r.district))</td>"
                + "<td>\(ledger.closedCount(in: period, district: r.district))</td>"
                + "<td\(late > 0 ? " class=\"warn\"" : "")>\(late)</td><td>"
            chart(into: &h, "在办线索", [("在办", "#dc2626", open)], width: 120, height: 28)
            h += "</td></tr>"
        }
        h += "</tbody></table></div>"
        guard !overdue.isEmpty else {
            h += "<p>没有久拖未决的线索。</p>"
            return h
        }
        let shown = overdue.prefix(50)
        h += "<h3>久拖未决线索（重点督办，按登记时间）</h3><ol class=\"attention\">"
        for e in shown {
            h += "<li>\(esc(e.district))　\(esc(e.appearances[0].clueID.description))：\(e.registered.chinese)登记，已\(e.monthsOpen(at: period))个月，"
                + "当前「\(esc(e.current.disposition.isEmpty ? "未填写" : e.current.disposition))」　\(esc(e.summary))</li>"
        }
        h += "</ol>" + (overdue.count > shown.count ? "<p class=\"sub\">另有 \(overdue.count - shown.count) 条，见 ledger.csv。</p>" : "")
        return h
    }

    private var cityCharts: TextBytes {
        var totals: [Period: KeyFigures] = [:]
        for p in window { if let m = trends.months[p], !m.isEmpty { totals[p] = KeyFigures.total(m.values) } }
        var h = TextBytes()
        h += "<h2>全市合计（近\(months)个月）</h2><div class=\"city\">"
        chart(into: &h, "发现与整改问题数", [("发现", "#2563eb", totals.mapValues(\.problemsFound)), ("整改查处", "#16a34a", totals.mapValues(\.problemsClosed))],
                   width: 360, height: 170, axes: true)
        chart(into: &h, "受处理处分人数", [("人数", "#7c3aed", totals.mapValues(\.persons))], width: 360, height: 170, axes: true)
        chart(into: &h, "涉及金额（万元）", [("金额", "#ea580c", totals.mapValues(\.amountWan))], width: 360, height: 170, axes: true)
        h += "</div>"
        return h
    }

    /// The page's largest section, handed to `piece` a district at a time (a national month's
    /// is some 4 MB, and grew to 10 MB made whole).
    private func districtCharts(_ piece: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        var h = TextBytes()
        h += "<h2>各区近\(months)个月关键数据</h2><p class=\"sub\"><span class=\"line b\"></span>发现问题　<span class=\"line g\"></span>整改查处　"
            + "<span class=\"line p\"></span>处理人数　<span class=\"line o\"></span>涉及金额（万元）；空缺为当月无采用的附件1。</p><div class=\"grid\">"
        let window = self.window
        for r in rows {
            var mine: [Period: KeyFigures] = [:]
            for p in window { if let f = trends.months[p]?[r.district] { mine[p] = f } }
            h += "<div class=\"district\"><div class=\"name\">\(esc(r.district))</div>"
            if mine.isEmpty {
                h += "<div class=\"none\">近\(months)个月无数据</div></div>"
            } else {
                chart(into: &h, "问题", [("发现", "#2563eb", mine.mapValues(\.problemsFound)), ("整改", "#16a34a", mine.mapValues(\.problemsClosed))], width: 96, height: 34)
                chart(into: &h, "人数", [("人数", "#7c3aed", mine.mapValues(\.persons))], width: 72, height: 34)
                chart(into: &h, "金额", [("金额", "#ea580c", mine.mapValues(\.amountWan))], width: 72, height: 34)
                h += "</div>"
            }
            try h.bytes.withUnsafeBufferPointer(piece)
            h.bytes.removeAll(keepingCapacity: true)
        }
        h += "</div>"
        try h.bytes.withUnsafeBufferPointer(piece)
    }

    // MARK: charts

    /// A line chart over the window, appended to `svg`; a month without a value breaks the line.
    func chart(into svg: inout TextBytes, _ title: String, _ series: [(name: String, color: String, values: [Period: Decimal])],
               width: Int, height: Int, axes: Bool = false) {
        let left = axes ? 44.0 : 2.0, right = axes ? 14.0 : 3.0, top = axes ? 8.0 : 3.0, bottom = axes ? 22.0 : 3.0
        let w = Double(width) - left - right, hgt = Double(height) - top - bottom
        let window = self.window  // made once: each point asks
        let highest = series.flatMap { $0.values.values }.map { NSDecimalNumber(decimal: $0).doubleValue }.max() ?? 0
        let scale = highest > 0 ? highest : 1
        func x(_ i: Int) -> Double { left + (window.count > 1 ? w * Double(i) / Double(window.count - 1) : w / 2) }
        func y(_ v: Double) -> Double { top + hgt - hgt * v / scale }
        let label = series.map { s in
            let last = window.last.flatMap { s.values[$0] }.map(\.plain) ?? "—"
            return "\(s.name) \(last)"
        }.joined(separator: "，")
        // Made as bytes: a chart is some 180 pieces of a few bytes, each appended to a String for 300 instructions.
        let caption = [esc(title), "：", esc(label)].joined()
        svg += "<figure class=\""
        svg += axes ? "big" : "small"
        svg += "\"><svg xmlns=\"http://www.w3.org/2000/svg\""
        svg.attribute("width", width)
        svg.attribute("height", height)
        svg.attribute("viewBox", "0 0 \(width) \(height)")
        svg.attribute("role", "img")
        svg.attribute("aria-label", caption)
        svg += "><title>"
        svg += caption
        svg += "</title><rect"
        svg.attribute("x", left)
        svg.attribute("y", top)
        svg.attribute("width", w)
        svg.attribute("height", hgt)
        svg += " fill=\"#f8fafc\"/>"
        if axes {
            for (i, p) in window.enumerated() where i % 2 == window.count % 2 || i == window.count - 1 {
                svg += "<text"
                svg.attribute("x", x(i))
                svg.attribute("y", height - 6)
                svg += " class=\"ax\" text-anchor=\"middle\">"
                svg.add(p.month)
                svg += "月</text>"
            }
            svg += "<text"
            svg.attribute("x", left - 4)
            svg.attribute("y", top + 9)
            svg += " class=\"ax\" text-anchor=\"end\">"
            svg += esc(Decimal(highest).rounded2)
            svg += "</text><text"
            svg.attribute("x", left - 4)
            svg.attribute("y", top + hgt)
            svg += " class=\"ax\" text-anchor=\"end\">0</text>"
        }
        for s in series {
            var d = TextBytes()
            var dots = TextBytes()
            var pen = false
            for (i, p) in window.enumerated() {
                guard let v = s.values[p].map({ NSDecimalNumber(decimal: $0).doubleValue }) else { pen = false; continue }
                d += pen ? "L" : "M"
                d.add(x(i))
                d += ","
                d.add(y(v))
                pen = true
                if axes || i == window.count - 1 {
                    dots += "<circle"
                    dots.attribute("cx", x(i))
                    dots.attribute("cy", y(v))
                    dots.attribute("r", axes ? "2.5" : "1.8")
                    dots.attribute("fill", s.color)
                    dots += "/>"
                }
            }
            if !d.bytes.isEmpty {
                svg += "<path d=\""
                svg.bytes += d.bytes
                svg += "\""
                svg.attribute("fill", "none")
                svg.attribute("stroke", s.color)
                svg.attribute("stroke-width", axes ? "2.0" : "1.4")
                svg += "/>"
            }
            svg.bytes += dots.bytes
        }
        svg += "</svg><figcaption>"
        svg += caption
        svg += "</figcaption></figure>"
    }

    private func esc(_ s: String) -> String {
        // Most text has nothing to escape: no walk over its characters then.
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return s }
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }

    static let css = """
    body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;\
    margin:24px;color:#1f2937;background:#fff;font-size:14px}
    h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-left:4px solid #2563eb;padding-left:8px}
    .sub{color:#6b7280;margin:4px 0 8px}
    .cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}
    .card{border:1px solid #e5e7eb;border-radius:8px;padding:10px 16px;min-width:130px;border-top:4px solid #16a34a}
    .card .n{font-size:24px;font-weight:bold}.card.bad{border-top-color:#dc2626}.card.warn{border-top-color:#d99600}
    .attention{columns:3 260px;margin:0;padding-left:24px}
    .scroll{max-height:560px;overflow:auto;border:1px solid #e5e7eb;display:inline-block;max-width:100%}
    table{border-collapse:collapse}th,td{padding:3px 8px;border-bottom:1px solid #f1f5f9;text-align:left;white-space:nowrap}
    thead th{position:sticky;top:0;background:#f1f5f9;z-index:1}tbody th{font-weight:normal}
    td.num{text-align:right}td.ok{color:#15803d}td.bad{color:#b91c1c;font-weight:bold}td.warn{color:#a16207;font-weight:bold}
    table.heat td{text-align:center;min-width:56px;color:#111}
    .key{display:inline-block;width:12px;height:12px;vertical-align:middle;margin-right:4px}.key.e{background:#dc2626}.key.w{background:#d99600}
    .line{display:inline-block;width:16px;height:3px;vertical-align:middle;margin-right:4px}.line.b{background:#2563eb}\
    .line.g{background:#16a34a}.line.p{background:#7c3aed}.line.o{background:#ea580c}
    .city{display:flex;flex-wrap:wrap;gap:16px}
    figure{margin:0}figure.big figcaption{font-size:13px;color:#374151}
    .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(270px,1fr));gap:6px}
    .district{display:flex;align-items:center;gap:4px;border:1px solid #f1f5f9;padding:2px 4px}
    .district .name{width:64px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-size:13px}
    .district figcaption,td figcaption{display:none}.district .none{color:#9ca3af;font-size:12px}
    .ax{font-size:10px;fill:#6b7280}
    footer{margin-top:32px;color:#6b7280;font-size:12px}
    """
}

extension Decimal {
    /// At most two decimals, for an axis label.
    var rounded2: String {
        var v = self, r = Decimal()
        NSDecimalRound(&r, &v, 2, .plain)
        return r.plain
    }
}
