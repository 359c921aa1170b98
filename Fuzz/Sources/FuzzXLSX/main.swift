import Foundation
import XLSX

/// Small enough that no input can exhaust memory under ASan, large enough for every corpus file.
private let limits = ReadLimits(maxEntries: 1_000, maxTotalBytes: 32 << 20,
                                maxRatio: 200, ratioFloorBytes: 1 << 20)

/// The dump's output goes nowhere; writing it still runs the number and field formatting.
private let devNull = open("/dev/null", O_WRONLY)

/// Reads the input as a workbook the way `weigai dump` and the forms do. Any thrown error is a
/// correct answer; a crash, a sanitizer report or a leak is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXLSX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let workbook = try Workbook(bytes: bytes, displayName: "fuzz.xlsx", limits: limits)
        var touched = 0
        for info in workbook.cellSheets where info.part != nil {
            let extras = try workbook.streamCells(of: info) { cell in
                touched &+= cell.address.row &+ cell.text.count
                if cell.kind == .sharedString { touched &+= workbook.sharedStrings[cell.sharedIndex].utf8.count }
            }
            touched &+= extras.merges.count
            for validation in extras.validations {
                if case .inline(let items)? = validation.listSource { touched &+= items.count }
            }
        }
        if let first = workbook.worksheets.first(where: { $0.part != nil }) {
            let sheet = try workbook.readSheet(first)
            for validation in sheet.validations {
                touched &+= try workbook.listItems(of: validation, on: sheet)?.count ?? 0
            }
        }
        try CellDump.write(workbook, to: ByteWriter(fileDescriptor: devNull, name: "/dev/null"))
        blackHole(touched)
    } catch {
        // Refusing the input is fine.
    }
    return 0
}

@inline(never)
private func blackHole(_ value: Int) {
    if value == .min { print(value) }
}
