import ArgumentParser
import Foundation
import XLSX

/// `weigai dump FILE`: the canonical cell dump of a workbook.
struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print every cell of a workbook as CSV: sheet,cell,type,value.")

    @Argument(help: "An .xlsx or .xlsm file.")
    var file: String

    func run() throws {
        do {
            let workbook = try Workbook(path: file)
            let warnings = try CellDump.write(workbook, to: ByteWriter(fileDescriptor: STDOUT_FILENO, name: "stdout"))
            for w in warnings { FileHandle.standardError.write(Data("weigai: warning: \(w)\n".utf8)) }
        } catch let error as XLSXError {
            FileHandle.standardError.write(Data("weigai: \(error.description)\n".utf8))
            throw ExitCode(3)
        }
    }
}
