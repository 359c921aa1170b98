import Foundation
import GRDB
import Testing
@testable import Forms
@testable import Pipeline
@testable import Store

/// The README's example queries, run as written against the views of a two-month store, agree
/// with the published CSV files.
struct HistoryStoreQueryTests {
    /// The ```sql blocks of the README's history-store section, in order.
    static func readmeQueries() throws -> [String] {
        let readme = try String(contentsOfFile: Support.repository + "/README.md", encoding: .utf8)
        let section = try #require(readme.range(of: "### Views for auditors"))
        let rest = readme[section.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex
        return rest[..<end].components(separatedBy: "```sql\n").dropFirst().map { String($0.prefix { $0 != "`" }) }
    }

    static func root() throws -> String {
        let root = Support.root()
        let config = Support.config(roster: ["东湖区", "西山区", "南河区"])
        for m in [10, 11] {
            Support.drop(root, "\(m)/东湖区.xlsx", Support.workbook("东湖区", month: m, cluesOf: 10), received: "2026-\(m)-20T10:00:00+08:00")
            Support.drop(root, "\(m)/西山区.xlsx", Support.workbook("西山区", month: m, problemsFound: 5), received: "2026-\(m)-20T10:00:00+08:00")
            _ = try Support.run(root, at: "2026-\(m)-27T10:00:00+08:00", config: config)
        }
        return root
    }

    static func fetch(_ root: String, _ sql: String) throws -> [[String]] {
        try DatabaseQueue(path: root + "/weigai.sqlite").read { db in
            try Row.fetchAll(db, sql: sql).map { $0.databaseValues.map { $0.isNull ? "" : "\($0.storage.value!)" } }
        }
    }

    @Test func readmeQueriesAnswerFromTheViews() throws {
        let queries = try Self.readmeQueries()
        try #require(queries.count == 4)
        let root = try Self.root()
        let csv = { (m: Int, name: String) in Support.rows(root + "/out/2026-\(m)/\(name).csv") }

        // One district's trend: its Attachment 1 figures, month by month.
        let header = Support.text(root + "/out/2026-11/attachment1.csv").components(separatedBy: "\r\n")[0]
            .replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: ",")
        let columns = ["period", "problems_found", "problems_closed", "amount_wan"].map { header.firstIndex(of: $0)! }
        let trend = [10, 11].flatMap { m in csv(m, "attachment1").filter { $0[1] == "东湖区" }.map { row in columns.map { row[$0] } } }
        #expect(try Self.fetch(root, queries[0]) == trend)
        #expect(trend.count == 2)

        // The districts with the most errors: counted from the anomaly files.
        var errors: [String: Int] = [:]
        for m in [10, 11] { for row in csv(m, "anomalies") where row[8] == "error" { errors[row[1], default: 0] += 1 } }
        let ranking = errors.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { [$0.key, String($0.value)] }
        #expect(try Self.fetch(root, queries[1]) == ranking)
        #expect(errors["西山区"] == 2 && errors["南河区"] == 2)  // a figure wrong, and not reported, each month

        // Clues registered in two months: 东湖区's two October clues, again in November.
        let twice = try Self.fetch(root, queries[2])
        #expect(twice.map { [$0[0], $0[1], $0[2], $0[3], $0[4]] } == [
            ["东湖区", "东湖区-2026-10-001", "东湖区-2026-11-001", "2026-10", "2026-11"],
            ["东湖区", "东湖区-2026-10-002", "东湖区-2026-11-002", "2026-10", "2026-11"],
        ])

        // The ledger, one row a clue: as the last month's ledger.csv that lists it says.
        let latest = try Self.fetch(root, queries[3])
        let ledger = [10, 11].flatMap { m in csv(m, "ledger") }
        #expect(!latest.isEmpty && Set(latest.map { $0[1] }).count == latest.count)
        for row in latest {
            let last = try #require(ledger.last { $0[1] == row[0] && $0[2] == row[1] })
            #expect([last[1], last[2], last[3], last[4]] == Array(row.prefix(4)))
        }
    }

    @Test func districtHistoryCountsPerMonth() throws {
        let root = try Self.root()
        let history = try DistrictHistory(path: root + "/weigai.sqlite", district: "西山区", from: Period("2026-11"), to: nil)
        #expect(history.months.map(\.period.description) == ["2026-11"])
        let november = Support.rows(root + "/out/2026-11/anomalies.csv").filter { $0[1] == "西山区" }
        #expect(history.months.first?.errors == november.filter { $0[8] == "error" }.count)
        #expect(history.months.first?.warnings == november.filter { $0[8] == "warning" }.count)
        #expect(history.months.first?.problemsFound == "5")
        #expect(history.months.first?.clues == 2)
        #expect(history.table.contains("当月发现问题数"))
        #expect(history.csv.rowCount == 1)
    }
}
