/// One of the published CSV files as a table of the store: the CSV's own header is the
/// table's columns (one source of truth: a column the CSV writer gains, the table and its view
/// gain on the next run). Auditors query the view (`attachment1`, …), never the table.
public struct PublishedTable: Sendable, Equatable {
    public enum Kind: String, Sendable { case text = "TEXT", number = "NUMERIC" }

    /// The view's name, also the CSV's name without `.csv`.
    public let name: String
    public let columns: [String]
    public let kinds: [Kind]

    public init(name: String, columns: [String], numbers: Set<String>) {
        self.name = name
        self.columns = columns
        kinds = columns.map { numbers.contains($0) ? .number : .text }
    }

    /// The table behind the view.
    var table: String { "month_" + name }

    /// No index: a month's rows are inserted together, so they are one range of rowids, which
    /// `published_rows` records and a rebuild deletes by. An index on `period` made each row's
    /// insert a second b-tree search and insertion: a seventh of what saving a month's tables cost.
    var createSQL: String {
        let cols = zip(columns, kinds).map { "\(quoted($0)) \($1.rawValue)" }.joined(separator: ", ")
        return "CREATE TABLE \(table) (\(cols));\n"
            + "CREATE VIEW \(name) AS SELECT \(columns.map(quoted).joined(separator: ", ")) FROM \(table);"
    }

    func insertSQL(rows: Int) -> String {
        "INSERT INTO \(table) VALUES " + sqlList("(" + sqlList("?", columns.count) + ")", rows)
    }

    /// A line that changes when the table's shape changes.
    var signature: String { name + "(" + zip(columns, kinds).map { "\($0) \($1.rawValue)" }.joined(separator: ",") + ")" }
}

/// `item` `count` times, separated by commas: a statement's parameters, or its rows of them.
func sqlList(_ item: String, _ count: Int) -> String { Array(repeating: item, count: count).joined(separator: ", ") }

func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
