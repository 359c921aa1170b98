import ArgumentParser
import Forms
import XLSX

/// `weigai template`: the blank template a clerk fills.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write the blank template of Attachment 1 or 2 as .xlsx.")

    @Option(help: "1 (查处整改情况统计表) or 2 (问题线索统计表).")
    var attachment: Int

    @Option(help: "District printed in the title, e.g. 东湖区.")
    var district: String?

    @Option(help: "Month printed in the title, as YYYY-MM.")
    var month: String?

    @Option(name: .shortAndLong, help: "The .xlsx file to write.")
    var output: String

    func validate() throws {
        guard Attachment(rawValue: attachment) != nil else {
            throw ValidationError("--attachment must be 1 or 2")
        }
        if let month, Period(month) == nil { throw ValidationError("--month must be YYYY-MM, e.g. 2026-11") }
    }

    func run() throws {
        var content = TableContent()
        content.district = district
        content.month = month.flatMap(Period.init)?.month
        try TemplateWriter.write(Templates.canonical(Attachment(rawValue: attachment)!), content: content, to: output)
    }
}
