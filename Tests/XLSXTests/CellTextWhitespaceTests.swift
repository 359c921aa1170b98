import Foundation
import Testing
@testable import XLSX

/// Excel's whitespace rule for `<t>`: without `xml:space="preserve"`, leading and trailing ASCII
/// whitespace (space, tab, CR, LF) goes; U+3000 and NBSP stay; whitespace-only text stays; rich
/// runs are judged one by one. Shared strings and inline strings alike.
@Suite struct CellTextWhitespaceTests {
    /// The strings of a table whose `<si>` items are `items`, raw XML.
    func shared(_ items: String) throws -> [String] {
        let (wb, _) = try firstSheet(Fixture.oneSheet("", sharedStrings: Fixture.sharedStringsXML(items)))
        return (0..<wb.sharedStrings.count).map { wb.sharedStrings[$0] }
    }

    /// The text of inline-string cell A1 whose `<is>` holds `runs`, raw XML.
    func inline(_ runs: String) throws -> CellValue? {
        let (_, sheet) = try firstSheet(Fixture.oneSheet(#"<row r="1"><c r="A1" t="inlineStr"><is>\#(runs)</is></c></row>"#))
        return sheet[CellAddress(row: 1, column: 1)]?.value
    }

    @Test func aClerksNameTypedWithATrailingSpaceLosesIt() throws {
        #expect(try shared("<si><t>张三 </t></si><si><t>  李四</t></si><si><t>\t王五\r\n</t></si>") == ["张三", "李四", "王五"])
        #expect(try inline("<t>张三 </t>") == .string("张三"))
    }

    @Test func preserveKeepsEverySpace() throws {
        #expect(try shared(#"<si><t xml:space="preserve"> 张三 </t></si>"#) == [" 张三 "])
        #expect(try inline(#"<t xml:space="preserve">张三 </t>"#) == .string("张三 "))
    }

    @Test func aFullWidthSpaceAndNBSPSurvive() throws {
        #expect(try shared("<si><t>\u{3000}赵六\u{3000}</t></si><si><t>\u{00A0}x\u{00A0}</t></si>")
                == ["\u{3000}赵六\u{3000}", "\u{00A0}x\u{00A0}"])
        // Only the ASCII space around it goes.
        #expect(try shared("<si><t> \u{3000}钱七 </t></si>") == ["\u{3000}钱七"])
        #expect(try inline("<t>\u{3000}孙八 </t>") == .string("\u{3000}孙八"))
    }

    @Test func textMadeOnlyOfWhitespaceIsKept() throws {
        #expect(try shared("<si><t>   </t></si><si><t>\t</t></si>") == ["   ", "\t"])
        #expect(try inline("<t>  </t>") == .string("  "))
    }

    @Test func richTextRunsAreJudgedOneByOne() throws {
        #expect(try shared(#"<si><r><t>周 </t></r><r><t xml:space="preserve"> 九</t></r></si>"#) == ["周 九"])
        #expect(try shared("<si><r><t> a </t></r><r><t> b </t></r></si>") == ["ab"])
        #expect(try shared("<si><r><t>c</t></r><r><t>   </t></r><r><t>d</t></r></si>") == ["c   d"])
        // Phonetic runs are still skipped.
        #expect(try shared("<si><t>吴 </t><rPh sb=\"0\" eb=\"1\"><t> wu </t></rPh></si>") == ["吴"])
        #expect(try inline(#"<r><t>郑 </t></r><r><t xml:space="preserve"> 十 </t></r>"#) == .string("郑 十 "))
        #expect(try inline("<r><t> e </t></r><r><t> f</t></r>") == .string("ef"))
    }

    @Test func theDumpShowsTheTrimmedText() throws {
        let parts = Fixture.oneSheet(
            #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t> 冯 </t></is></c><c r="C1" t="str"><v> f </v></c></row>"#,
            sharedStrings: Fixture.sharedStringsXML("<si><t>陈 </t></si>"))
        let rows = try dumpRows(openWorkbook(parts))
        // A formula's cached text is a <v>, not a <t>: kept as stored.
        #expect(rows == [["Sheet1", "A1", "s", "陈"], ["Sheet1", "B1", "s", "冯"], ["Sheet1", "C1", "s", " f "]])
    }

    @Test func escapesAreDecodedAfterTheTrim() throws {
        // `_x0020_` is an escaped space: it is text, not XML whitespace.
        #expect(try shared("<si><t>_x0020_x </t></si>") == [" x"])
    }

    @Test func trimWorksInPlace() {
        func trimmed(_ s: String) -> String {
            var bytes = Array(s.utf8)
            let n = bytes.withUnsafeMutableBufferPointer { CellTextWhitespace.trim($0.baseAddress!, count: $0.count) }
            return String(decoding: bytes[0..<n], as: UTF8.self)
        }
        #expect(trimmed(" \t\r\nab c\n ") == "ab c")
        #expect(trimmed("abc") == "abc")
        #expect(trimmed(" \n ") == " \n ")
        #expect(trimmed("\u{3000}a ") == "\u{3000}a")
        #expect(trimmed("") == "")
    }
}
