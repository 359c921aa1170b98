import ArgumentParser

@main
struct Weigai: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weigai",
        abstract: "危改: monthly rural-housing integrity returns — read, check and publish.",
        subcommands: [Check.self, Dump.self, Extract.self, RulesCommand.self, TemplateCommand.self])
}
