import Foundation
import Forms
import GRDB

/// `weigai history`: one district's key figures and finding counts, month by month, read from
/// the store's views (the same figures as the published CSV files).
public struct DistrictHistory: Sendable {
    public struct Month: Sendable, Equatable {
        public var period: Period
        /// Files received for the month (accepted, superseded or rejected).
        public var files: Int
        /// Attachment 1's 当月发现问题数, 当月完成整改和查处问题数 and 涉及金额（万元）; nil without an accepted Attachment 1.
        public var problemsFound: String?
        public var problemsClosed: String?
        public var amountWan: String?
        public var clues: Int
        public var errors: Int
        public var warnings: Int
    }

    public var district: String
    public var months: [Month]

    static let header = ["月份", "收到文件", "当月发现问题数", "完成整改和查处数", "涉及金额（万元）", "线索数", "强制性错误", "提示性问题"]

    /// The published months between `from` and `to` (inclusive, either open), from the store at `path`, read only.
    public init(path: String, district: String, from: Period?, to: Period?) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.database(path: path, operation: "open", detail: "no history store; run weigai run first")
        }
        var config = GRDB.Configuration()
        config.readonly = true
        let lo = from?.description ?? "0000-00", hi = to?.description ?? "9999-99"
        do {
            let db = try DatabaseQueue(path: path, configuration: config)
            months = try db.read { db in
                func counts(_ sql: String) throws -> [String: Row] {
                    Dictionary(try Row.fetchAll(db, sql: sql, arguments: [district, lo, hi]).map { ($0[0] as String, $0) },
                               uniquingKeysWith: { a, _ in a })
                }
                let periods = try String.fetchAll(db, sql: "SELECT period FROM published_month WHERE period BETWEEN ? AND ? ORDER BY period",
                                                  arguments: [lo, hi])
                let a1 = try counts("""
                    SELECT period, CAST(problems_found AS TEXT), CAST(problems_closed AS TEXT), CAST(amount_wan AS TEXT)
                    FROM attachment1 WHERE district = ? AND period BETWEEN ? AND ?
                    """)
                let clues = try counts("SELECT period, COUNT(*) FROM clues WHERE district = ? AND period BETWEEN ? AND ? GROUP BY period")
                let findings = try counts("""
                    SELECT period, SUM(CASE WHEN severity = 'error' THEN 1 ELSE 0 END), SUM(CASE WHEN severity = 'warning' THEN 1 ELSE 0 END)
                    FROM anomalies WHERE district = ? AND period BETWEEN ? AND ? GROUP BY period
                    """)
                let files = try counts("""
                    SELECT period, COUNT(DISTINCT file) FROM submissions WHERE district = ? AND period BETWEEN ? AND ? GROUP BY period
                    """)
                func int(_ row: Row?, _ i: Int) -> Int { row.flatMap { $0[i] as Int? } ?? 0 }
                func text(_ row: Row?, _ i: Int) -> String? { row.flatMap { $0[i] as String? } }
                return periods.compactMap { p -> Month? in
                    guard let period = Period(p) else { return nil }
                    return Month(period: period, files: int(files[p], 1), problemsFound: text(a1[p], 1), problemsClosed: text(a1[p], 2),
                                 amountWan: text(a1[p], 3), clues: int(clues[p], 1), errors: int(findings[p], 1),
                                 warnings: int(findings[p], 2))
                }
            }
        } catch let e as DatabaseError {
            throw StoreError.database(path: path, operation: "read history of \(district)", detail: e.message ?? "\(e)")
        }
        self.district = district
    }

    private var cells: [[String]] {
        months.map { m in
            [m.period.description, String(m.files), m.problemsFound ?? "—", m.problemsClosed ?? "—", m.amountWan ?? "—",
             String(m.clues), String(m.errors), String(m.warnings)]
        }
    }

    public var csv: CSVTable {
        var t = CSVTable(header: ["district"] + Self.header)
        for row in cells { t.append([.text(district)] + row.enumerated().map { $0 == 0 ? .text($1) : .number($1 == "—" ? "" : $1) }) }
        return t
    }

    /// Aligned columns for a terminal (a Chinese character is two columns wide).
    public var table: String {
        guard !months.isEmpty else { return "\(district)：所选期间没有已发布的月份。\n" }
        let rows = [Self.header] + cells
        let widths = Self.header.indices.map { i in rows.map { Self.width($0[i]) }.max()! }
        var out = "\(district) 各月情况（未收到附件1的月份以 — 表示）\n"
        for row in rows {
            out += row.enumerated().map { i, s in
                let pad = String(repeating: " ", count: widths[i] - Self.width(s))
                return i == 0 ? s + pad : pad + s
            }.joined(separator: "  ") + "\n"
        }
        return out
    }

    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 && ($1.value <= 0x115F || (0x2E80...0xFFEF).contains($1.value)) ? 2 : 1) }
    }
}
