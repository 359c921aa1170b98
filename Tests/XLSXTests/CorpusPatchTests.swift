import Foundation
import Testing
@testable import XLSX

/// The patcher over the shared corpus: every workbook the reader reads (written by Excel,
/// LibreOffice, WPS, openpyxl, POI…) is marked on a cell of each worksheet and given a first
/// sheet; the copy must read back with the original sheets' cells unchanged.
@Suite struct CorpusPatchTests {
    @Test func everyReadableCorpusWorkbookPatchesWithoutChangingItsCells() throws {
        let folder = CorpusTests.corpusFolder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            Issue.record("the XLSX corpus folder is missing: \(folder)")
            return
        }
        let dir = try TempDir()
        defer { dir.remove() }
        var patched = 0, refused: [String] = [], misses: [String] = []
        for name in names.sorted() where name.lowercased().hasSuffix(".xlsx") && names.contains("\(name).expected.csv") {
            let path = "\(folder)/\(name)"
            guard let original = try? Workbook(path: path), let before = try? dumpRows(original),
                  !original.worksheets.isEmpty else { continue }
            var marks: [String: [CellAddress: WorkbookPatch.Mark]] = [:]
            for sheet in original.worksheets where sheet.part != nil {
                let first = before.first { $0[0] == sheet.name }.flatMap { CellAddress($0[1]) } ?? CellAddress(row: 1, column: 1)
                marks[sheet.name] = [first: .init(fill: "FFFF8080", note: "检查 \(first.a1)"),
                                     CellAddress(row: first.row + 2, column: first.column + 1): .init(fill: "FFFFFF00")]
            }
            let patch = WorkbookPatch(marks: marks, firstSheet: .init(name: "审核结果", rows: [[.init("位置")], [.init("A1", link: (original.worksheets[0].name, CellAddress(row: 1, column: 1)))]]))
            let out = dir.file("\(patched + refused.count).xlsx")
            do {
                try patch.write(from: path, to: out)
            } catch let error as XLSXError {
                // A package the patcher declines is told so by a typed error; it never half-writes.
                refused.append("\(name): \(error)")
                #expect(!FileManager.default.fileExists(atPath: out))
                continue
            }
            patched += 1
            do {
                let copy = try Workbook(path: out)
                let after = try dumpRows(copy).filter { $0[0] != copy.sheets[0].name }
                if after != before { misses.append("\(name): the cells differ") }
                if copy.sheets.first?.name.hasPrefix("审核结果") != true { misses.append("\(name): the added sheet is not first") }
            } catch {
                misses.append("\(name): the copy does not read: \(error)")
            }
        }
        #expect(patched > 50, "patched \(patched); declined: \(refused)")
        #expect(misses.isEmpty, "\(misses.joined(separator: "\n"))")
        #expect(refused.isEmpty, "declined: \(refused.joined(separator: "\n"))")
    }
}
