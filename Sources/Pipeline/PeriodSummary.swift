import Foundation
import Forms

/// One district's month at a glance.
public struct DistrictStatus: Sendable, Equatable {
    public var district: String
    public var onRoster: Bool
    /// Files received from it, accepted or not.
    public var files: Int
    /// The tables accepted for it.
    public var accepted: Set<Attachment>
    /// An accepted table arrived after the deadline.
    public var late: Bool
    public var errors: Int
    public var warnings: Int
    /// Its stamped scan (盖章扫描件) arrived.
    public var stampedCopy = false
    /// Its workbooks came only in a format that could not be read (a legacy .xls unconverted).
    public var formatUnsupported = false

    public var received: Bool { files > 0 }

    /// The 收到 column: 是, 否, 已收到（格式不支持）, or 仅盖章件.
    var receivedText: String {
        if formatUnsupported && accepted.isEmpty { return "已收到（格式不支持）" }
        if received { return "是" }
        return stampedCopy ? "仅盖章件" : "否"
    }
}

/// A month's state for the run's summary and `summary.txt`: per district, whether it was
/// received, on time or late, and its errors and warnings; the missing districts named.
public struct PeriodSummary: Sendable {
    public var period: Period
    public var districts: [DistrictStatus]
    /// Findings that name no district (a file whose district could not be told).
    public var unattributed: (errors: Int, warnings: Int)
    /// Files that are not readable workbooks.
    public var unreadableFiles: Int
    /// Stamped scans whose name gives no roster district.
    public var unattributedScans: Int
    public var errors: Int
    public var warnings: Int
    public var text: String

    /// Placeholder for findings without a district, in the table and the receipts.
    static let noDistrict = "（未识别区）"

    init(period: Period, audit: PeriodAudit, stamped: StampedCopies, config: Configuration, time: LocalTime) {
        self.period = period
        var rows: [String: DistrictStatus] = [:]
        for d in config.roster {
            rows[d] = DistrictStatus(district: d, onRoster: true, files: 0, accepted: [], late: false, errors: 0, warnings: 0)
        }
        let deadline = config.deadline(for: period)
        var filesBy: [String: Set<String>] = [:]
        for s in audit.submissions where !s.district.isEmpty {
            rows[s.district, default: DistrictStatus(district: s.district, onRoster: false, files: 0, accepted: [],
                                                     late: false, errors: 0, warnings: 0)].district = s.district
            filesBy[s.district, default: []].insert(s.file)
            if s.status == .accepted, let a = s.attachment {
                rows[s.district]!.accepted.insert(a)
                if s.receivedAt > deadline { rows[s.district]!.late = true }
            }
        }
        for (d, files) in filesBy { rows[d]!.files = files.count }
        // Once over the findings, not once per district (3,000 districts × every finding).
        let unsupported = Set(audit.anomalies.filter { $0.rule == Rules.legacyFormat }.compactMap(\.district))
        for d in rows.keys {
            rows[d]!.stampedCopy = stamped.arrived(d)
            rows[d]!.formatUnsupported = unsupported.contains(d)
        }
        // The findings come district by district: a district's row is looked up where the
        // district changes, not for each finding (a Chinese name hashed each time), and a
        // finding is read in place, not copied (at 24 months, 6,300 findings, 5,800 提示信息).
        var loose = (errors: 0, warnings: 0), all = (errors: 0, warnings: 0)
        var last: (district: String, row: Dictionary<String, DistrictStatus>.Index?)?
        for i in audit.anomalies.indices {
            let severity = audit.anomalies[i].severity
            let isError = severity == .error
            guard isError || (severity == .warning && audit.anomalies[i].isOpen) else { continue }
            if isError { all.errors += 1 } else { all.warnings += 1 }
            let d = audit.anomalies[i].district ?? ""
            if last?.district != d { last = (d, rows.index(forKey: d)) }
            if let row = last!.row {
                if isError { rows.values[row].errors += 1 } else { rows.values[row].warnings += 1 }
            } else {
                if isError { loose.errors += 1 } else { loose.warnings += 1 }
            }
        }
        districts = config.roster.map { rows[$0]! } + rows.values.filter { !$0.onRoster }.sorted { $0.district < $1.district }
        unattributed = loose
        unattributedScans = stamped.byDistrict[""]?.count ?? 0
        unreadableFiles = Set(audit.submissions.filter { $0.status == .rejected && $0.attachment == nil }.map(\.file)).count
        (errors, warnings) = all
        text = ""
        text = render(city: config.city, deadline: time.display(deadline))
            + LedgerSummary.cityText(audit.ledger, period: period, districts: config.roster, config: config)
    }

    private func render(city: String, deadline: String) -> String {
        var out = "\(city) \(period.chinese) 月报汇总（截止 \(deadline)）\n"
        let header = ["区", "收到", "时限", "附件1", "附件2", "盖章件", "错误", "提示"]
        var table = [header]
        for d in districts {
            table.append([d.district + (d.onRoster ? "" : "（不在名单）"), d.receivedText,
                          d.accepted.isEmpty ? "—" : (d.late ? "逾期" : "按时"),
                          d.accepted.contains(.one) ? "已采用" : "无", d.accepted.contains(.two) ? "已采用" : "无",
                          d.stampedCopy ? "已收到" : "无", String(d.errors), String(d.warnings)])
        }
        if unattributed.errors + unattributed.warnings > 0 || unattributedScans > 0 {
            table.append([Self.noDistrict, "", "", "", "", unattributedScans > 0 ? "\(unattributedScans) 份" : "",
                          String(unattributed.errors), String(unattributed.warnings)])
        }
        out += Self.columns(table)
        let missing = districts.filter { $0.onRoster && !$0.received }.map(\.district)
        let noScan = districts.filter { !$0.accepted.isEmpty && !$0.stampedCopy }.map(\.district)
        out += "未报送：\(missing.isEmpty ? "无" : missing.joined(separator: "、"))\n"
        let late = districts.filter(\.late).map(\.district)
        if !late.isEmpty { out += "逾期报送：\(late.joined(separator: "、"))\n" }
        if !noScan.isEmpty { out += "未报送盖章件：\(noScan.joined(separator: "、"))\n" }
        if unattributedScans > 0 { out += "未能识别所属区的盖章件：\(unattributedScans) 份（见 receipts/\(Self.noDistrict).txt）\n" }
        if unreadableFiles > 0 { out += "无法读取的文件：\(unreadableFiles) 份（已隔离，见 submissions.csv）\n" }
        out += "合计：强制性错误 \(errors) 项，提示性问题 \(warnings) 项\n"
        return out
    }

    /// Rows of cells in aligned columns, indented by two spaces, each without the spaces that
    /// pad its last cells (dropped as bytes: a regular expression's replace was 30 ms of a
    /// national month's publication; no table's last column ends in whitespace of its own).
    static func columns(_ table: [[String]]) -> String {
        let widths = table[0].indices.map { c in table.map { width($0[c]) }.max()! }
        return table.map { row in
            var line = "  " + row.enumerated().map { c, cell in cell + String(repeating: " ", count: widths[c] - width(cell)) }
                .joined(separator: "  ")
            while line.utf8.last == UInt8(ascii: " ") { line.removeLast() }
            return line + "\n"
        }.joined()
    }

    /// Columns a terminal gives the text: two for CJK and full-width characters.
    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, u in
            let v = u.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return n + (wide ? 2 : 1)
        }
    }
}
