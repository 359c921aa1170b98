import ArgumentParser
import Foundation

@main
struct Weigai: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weigai",
        abstract: "危改: monthly rural-housing integrity returns — read, check and publish.",
        subcommands: [Check.self, Dump.self, Extract.self, HistoryCommand.self, RulesCommand.self, Run.self, TemplateCommand.self])

    /// As ArgumentParser's main, except that a usage error exits 2, as the commands document
    /// (ArgumentParser's own code for it is 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
