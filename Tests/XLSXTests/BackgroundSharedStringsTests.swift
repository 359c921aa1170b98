import Foundation
import Testing
@testable import XLSX

/// A shared-string table past `ZipArchive.pipelineThreshold` is read on a thread of its own while
/// the sheet streams; the results must be those of reading it first.
@Suite struct BackgroundSharedStringsTests {
    /// Enough strings, long enough, that the table declares more than the threshold.
    static let strings = (0..<40_000).map { "第\($0)条线索：群众反映某村危房改造补助资金被截留_x0041_" }

    /// A sheet that uses the strings in reverse, so the first cell waits for the last string.
    static func parts(sharedStrings: String? = nil, extraIndex: Int? = nil) -> Parts {
        var rows = stride(from: strings.count - 1, through: 0, by: -97).enumerated().map { row, i in
            #"<row r="\#(row + 1)"><c r="A\#(row + 1)" t="s"><v>\#(i)</v></c></row>"#
        }
        if let extraIndex { rows.append(#"<row r="999"><c r="A999" t="s"><v>\#(extraIndex)</v></c></row>"#) }
        return Fixture.oneSheet(rows.joined(), sharedStrings: sharedStrings ?? Fixture.sharedStrings(strings))
    }

    /// Pages of four entries, two pages a part of the directory: a thousand strings make 125
    /// parts, read by another thread while they are written, and each string stays where it was.
    @Test func theDirectoryGrowsWithoutMovingWhatAReaderFollows() throws {
        let store = SharedStrings.Store(limits: .default, pageShift: 2, partShift: 1)
        let texts = (0..<1_000).map { "第\($0)条" + String(repeating: "线索", count: $0 % 7) }
        let reader = Thread {
            for i in stride(from: 0, to: texts.count, by: 37) {
                guard let available = try? store.wait(for: i), available > i else { return }
                let e = store.entry(i)
                _ = String(decoding: UnsafeBufferPointer(start: e.start, count: e.count), as: UTF8.self)
            }
        }
        reader.start()
        for t in texts {
            var t = t
            t.withUTF8 { store.append(UnsafeRawBufferPointer($0)) }
            store.endString(decodingEscapes: false)
        }
        store.finish(failure: nil)
        #expect(try store.wait(for: texts.count - 1) == texts.count)
        for (i, t) in texts.enumerated() {
            let e = store.entry(i)
            #expect(String(decoding: UnsafeBufferPointer(start: e.start, count: e.count), as: UTF8.self) == t)
        }
    }

    @Test func theTableIsLargeEnoughToBeReadInTheBackground() {
        let sst = Self.parts().first { $0.name == "xl/sharedStrings.xml" }!
        #expect(Int64(sst.text.utf8.count) > ZipArchive.pipelineThreshold)
    }

    @Test func cellsGetTheirStringsWhateverTheOrder() throws {
        let (wb, sheet) = try firstSheet(Self.parts())
        #expect(wb.sharedStrings.count == Self.strings.count)
        let want = stride(from: Self.strings.count - 1, through: 0, by: -97).map {
            Self.strings[$0].replacingOccurrences(of: "_x0041_", with: "A")
        }
        #expect(sheet.cells.map(\.value) == want.map { .string($0) })
        #expect(wb.sharedStrings[12_345] == "第12345条线索：群众反映某村危房改造补助资金被截留A")
    }

    @Test func anIndexPastTheTableIsABadCell() throws {
        let wb = try openWorkbook(Self.parts(extraIndex: Self.strings.count), name: "past.xlsx")
        let e = xlsxError { _ = try wb.readSheet(wb.worksheets[0]) }
        #expect(e == .badCell(file: "past.xlsx", sheet: "Sheet1", cell: "A999",
                              detail: "shared string index \(Self.strings.count) is not in the table of \(Self.strings.count)"))
    }

    /// The table breaks after its strings: the workbook opens, and reading a sheet reports the
    /// table's error, even when the sheet needed none of the strings past the break.
    @Test func aBrokenTableFailsTheSheetThatReadsIt() throws {
        let items = Self.strings.map { "<si><t>\(Fixture.escape($0))</t></si>" }.joined()
        let broken = Fixture.sharedStringsXML(items).replacingOccurrences(of: "</sst>", with: "<si><t>x</sst>")
        let wb = try openWorkbook(Self.parts(sharedStrings: broken), name: "broken.xlsx")
        let e = xlsxError { _ = try wb.readSheet(wb.worksheets[0]) }
        guard case .malformedXML(let file, let part, _, _)? = e else {
            Issue.record("expected malformed XML, got \(String(describing: e))")
            return
        }
        #expect(file == "broken.xlsx" && part == "xl/sharedStrings.xml")
    }

    @Test func aWorkbookDroppedWhileItsTableIsReadIsFine() throws {
        for _ in 0..<5 { _ = try openWorkbook(Self.parts(), name: "dropped.xlsx") }
    }
}
