import ArgumentParser
import Forms
import Foundation
import Pipeline

/// `weigai check FILE...`: a clerk's check before sending.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check workbooks before sending them: prints the findings; exits 1 when any is an error.",
        discussion: "Exit codes: 0 no error, 1 errors found, 2 usage or configuration error.")

    enum Format: String, ExpressibleByArgument { case table, csv }

    @Argument(help: "The .xlsx files to check (Attachment 1 and 2, in one workbook or two); .xls and .et through LibreOffice.")
    var files: [String]

    @Option(help: "table (readable, grouped by severity) or csv (the auditors' anomaly CSV).")
    var format: Format = .table

    @Option(help: "The month being reported, YYYY-MM; a table titled with another month is flagged.")
    var month: String?

    @Option(help: "A configuration file (YAML); built-in defaults otherwise.")
    var config: String?

    func validate() throws {
        if let month, Period(month) == nil { throw ValidationError("--month must be YYYY-MM, e.g. 2026-11") }
    }

    func run() throws {
        let configuration = try loadConfiguration(config)
        let reader = CheckReader(config: configuration)
        if let why = reader.conversionUnavailable, files.contains(where: CheckReader.isLegacy) {
            FileHandle.standardError.write(Data("weigai: 无法读取旧版 .xls/.et 文件：未安装 LibreOffice 或未开启转换，请用 Excel 或 WPS 另存为 .xlsx 后再检查 (\(why))\n".utf8))
        }
        var seen = Set<String>()
        let extracted = files.filter { seen.insert($0).inserted }.map { reader.read(path: $0) }
        let anomalies = NormalizedCSV.sorted(Auditor(config: configuration)
            .check(extracted, expectedPeriod: month.flatMap(Period.init)))
        switch format {
        case .csv: print(NormalizedCSV.anomalies(anomalies).text, terminator: "")
        case .table: print(Report.terminalTable(anomalies, files: files), terminator: "")
        }
        if anomalies.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}

/// Loads `path` or the defaults; a bad file exits 2 with a message that names the key.
func loadConfiguration(_ path: String?) throws -> Configuration {
    guard let path else { return Configuration() }
    do {
        return try Configuration.load(path: path)
    } catch let e as ConfigurationError {
        FileHandle.standardError.write(Data("weigai: \(e.description)\n".utf8))
        throw ExitCode(2)
    }
}
