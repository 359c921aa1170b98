import Foundation
import Testing
import XLSX
@testable import Forms

@Suite struct SharedPartsTests {
    /// Files read alike keep every value they were read with once shared, however many share.
    @Test func sharedFilesKeepWhatWasRead() throws {
        let path = try Fixtures.bothTables()
        let read = (0..<3).map { _ in FormReader().read(path: path) }
        let parts = SharedParts()
        for original in read {
            var f = original
            parts.share(&f)
            #expect(f.attachment1 == original.attachment1)
            #expect(f.registers == original.registers)
            let reg = try #require(f.registers.first)
            #expect(!reg.clues.isEmpty && reg.clues.allSatisfy { $0.columns == original.registers[0].columns })
            #expect(reg.workbookLists[.rank] == DropDownList.defaults[.rank]!.items)
        }
    }

    /// Parts that differ are never shared: other columns and cells, and a list whose items are
    /// canonically equivalent but other bytes (é precomposed and decomposed).
    @Test func differentPartsStayApart() throws {
        let path = try Fixtures.bothTables()
        let original = FormReader().read(path: path)
        var precomposed = original, decomposed = original, moved = original
        precomposed.registers[0].workbookLists[.rank] = ["\u{e9}"]
        decomposed.registers[0].workbookLists[.rank] = ["e\u{301}"]
        moved.attachment1[0].cells["amount_wan"] = CellAddress("AI8")
        moved.registers[0].columns["summary"] = 99
        let parts = SharedParts()
        for var f in [original, precomposed, decomposed, moved] {
            let before = f
            parts.share(&f)
            #expect(f.attachment1 == before.attachment1)
            #expect(f.registers[0].columns == before.registers[0].columns)
            #expect(f.registers[0].clues == before.registers[0].clues)
            for (id, items) in before.registers[0].workbookLists {
                #expect(f.registers[0].workbookLists[id]!.map { Array($0.utf8) } == items.map { Array($0.utf8) })
            }
        }
    }
}

extension SharedPartsTests {
    /// A drop-down cell read as the list's option only when it has the option's bytes.
    @Test func dropDownTextIsTheOptionByBytes() {
        let options = DropDownList.defaults[.disposition]!.items + ["\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}"]
        for text in options + ["已移送纪检监察机关 ", "e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}", "", "其他",
                               "日常巡查检查"] {
            #expect(Array(TableExtractor.option(text, among: options).utf8) == Array(text.utf8))
            #expect(Array(TableExtractor.option(text, among: DropDownList.defaults[.sourceChannel]!.items).utf8) == Array(text.utf8))
        }
    }
}
