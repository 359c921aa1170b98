import ArgumentParser
import Forms

/// `weigai rules`: the check catalog.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "Print the check catalog.")

    enum Format: String, ExpressibleByArgument { case table, markdown, csv }

    @Option(help: "table, markdown (docs/rules.md) or csv.")
    var format: Format = .table

    func run() {
        switch format {
        case .markdown: print(Report.rulesMarkdown(), terminator: "")
        case .csv:
            var t = CSVTable(header: ["id", "category", "severity", "message", "description"])
            for r in Rules.all {
                t.append([.text(r.id), .text(r.category.rawValue), .text(r.severity.rawValue), .text(r.message), .text(r.description)])
            }
            print(t.text, terminator: "")
        case .table:
            for r in Rules.all {
                print("\(r.id)\t\(r.category.rawValue)\t\(r.severity.rawValue)\t\(r.message)")
            }
        }
    }
}
