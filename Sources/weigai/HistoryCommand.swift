import ArgumentParser
import Forms
import Foundation
import Pipeline
import Store

/// `weigai history --district 东湖区`: a district's months, from the history store.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "A district's key figures and finding counts per published month, from DIR/weigai.sqlite.",
        discussion: "Exit codes: 0 printed, 2 usage error or no history store.")

    enum Format: String, ExpressibleByArgument { case table, csv }

    @Option(help: "The district, as its tables name it (e.g. 东湖区).")
    var district: String

    @Option(help: "The first month, YYYY-MM.")
    var from: String?

    @Option(help: "The last month, YYYY-MM.")
    var to: String?

    @Option(help: "table (aligned, for a terminal) or csv.")
    var format: Format = .table

    @Option(help: "The folder weigai run works in (holding weigai.sqlite).")
    var root: String = "."

    func validate() throws {
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, Period(value) == nil { throw ValidationError("\(name) must be YYYY-MM, e.g. 2026-11") }
        }
    }

    func run() throws {
        let history: DistrictHistory
        do {
            history = try DistrictHistory(path: RunLayout(root: root).store, district: district,
                                          from: from.flatMap(Period.init), to: to.flatMap(Period.init))
        } catch let e as StoreError {
            FileHandle.standardError.write(Data("weigai: \(e.description)\n".utf8))
            throw ExitCode(2)
        }
        print(format == .csv ? history.csv.text : history.table, terminator: "")
    }
}
