import ArgumentParser
import Forms
import Foundation

/// `weigai extract FILE... -o DIR`: the normalized tables of some workbooks, without the monthly run.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the normalized CSV (attachment1, clues, clue_persons, fields, anomalies) of some workbooks.")

    @Argument(help: "The .xlsx files, or folders: each folder's .xlsx files are read in name order.")
    var files: [String]

    @Option(name: .shortAndLong, help: "The folder to write the CSV files into (created if missing).")
    var output: String

    @Option(help: "A configuration file (YAML); built-in defaults otherwise.")
    var config: String?

    func run() throws {
        let configuration = try loadConfiguration(config)
        let reader = FormReader(knownDistricts: configuration.roster)
        let paths = try Self.workbooks(files)
        let extracted = paths.map { reader.read(path: $0) }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let reports = extracted.flatMap { f in f.attachment1.map { ($0, sha256: f.sha256) } }
        let registers = extracted.flatMap(\.registers)
        let tables: [(String, CSVTable)] = [
            ("attachment1.csv", NormalizedCSV.attachment1(reports)),
            ("clues.csv", NormalizedCSV.clues(registers)),
            ("clue_persons.csv", NormalizedCSV.cluePersons(registers)),
            ("fields.csv", NormalizedCSV.fields()),
            ("anomalies.csv", NormalizedCSV.anomalies(Auditor(config: configuration).check(extracted))),
        ]
        for (name, table) in tables {
            try table.write(to: (output as NSString).appendingPathComponent(name))
        }
        print("wrote \(tables.count) tables for \(paths.count) files to \(output)")
        // Ends here, the extractions taken back by the system whole rather than freed one
        // allocation at a time after their last use (as `weigai run` ends).
        withExtendedLifetime(extracted) { Foundation.exit(0) }
    }

    /// The files named, a folder standing for its `.xlsx` files (a month's inbox is one argument:
    /// ArgumentParser takes time quadratic in the arguments, 0.3 s at 3,000 and 4.7 s at 12,000).
    /// Anything else named is read as given, so a missing file is reported like an unreadable one.
    static func workbooks(_ named: [String]) throws -> [String] {
        try named.flatMap { path -> [String] in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
            return try FileManager.default.contentsOfDirectory(atPath: path)
                .filter { $0.lowercased().hasSuffix(".xlsx") }
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                .map { (path as NSString).appendingPathComponent($0) }
        }
    }
}
