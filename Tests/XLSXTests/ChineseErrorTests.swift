import Foundation
import Testing
@testable import XLSX

/// Every reading error has a Chinese description for clerks, with no library message and no path.
@Suite struct ChineseErrorTests {
    static let detail = "LIBRARY-SAYS: Not a zip archive"

    static let all: [XLSXError] = [
        .notAZip(file: "/in/f.xlsx", detail: detail),
        .encrypted(file: "/in/f.xlsx"),
        .ambiguousPart(file: "/in/f.xlsx", first: "xl/a.xml", second: "xl/A.xml"),
        .missingPart(file: "/in/f.xlsx", part: "xl/workbook.xml"),
        .missingPart(file: "/in/f.xlsx", part: "the part of sheet 附件1"),
        .malformedXML(file: "/in/f.xlsx", part: "xl/p.xml", line: 3, detail: detail),
        .dtdRefused(file: "/in/f.xlsx", part: "xl/p.xml"),
        .tooLarge(file: "/in/f.xlsx", part: "xl/p.xml", detail: detail),
        .tooManyEntries(file: "/in/f.xlsx", count: 2, limit: 1),
        .corruptPart(file: "/in/f.xlsx", part: "xl/p.xml", detail: detail),
        .io(file: "/in/f.xlsx", detail: detail),
        .noSuchSheet(file: "/in/f.xlsx", sheet: "附件9"),
        .badCell(file: "/in/f.xlsx", sheet: "附件1", cell: "B8", detail: detail),
        .invalidSheetName(file: "/in/f.xlsx", sheet: "a/b", detail: detail),
        .invalidContent(file: "/in/f.xlsx", sheet: "s", detail: detail),
        .invalidContent(file: "/in/f.xlsx", sheet: nil, detail: detail),
    ]

    @Test func chineseWithoutTheLibrarysMessageOrThePath() {
        for e in Self.all { check(e) }
    }

    func check(_ e: XLSXError) {
        let text = e.chinese
        #expect(!text.contains("LIBRARY"), "\(text)")
        #expect(!text.contains("zip archive"), "\(text)")
        #expect(!text.contains("/in/"), "\(text)")
        #expect(!text.contains("the part of"), "\(text)")
        #expect(text.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }.count >= 4, "\(text)")
        // The English stays for logs.
        #expect(e.description.hasPrefix("/in/f.xlsx: "))
    }

    @Test func placesAreNamed() {
        #expect(XLSXError.malformedXML(file: "f", part: "xl/p.xml", line: 3, detail: "x").chinese
                == "文件内部的 XML 数据已损坏（部件 xl/p.xml 第 3 行）")
        #expect(XLSXError.missingPart(file: "f", part: "the part of sheet 附件1").chinese
                == "文件缺少必需的内容（工作表「附件1」），不是完整的电子表格")
        #expect(XLSXError.badCell(file: "f", sheet: "附件1", cell: "B8", detail: "x").chinese.contains("工作表「附件1」B8"))
    }

    @Test func realRefusalsReadInChinese() throws {
        let random = xlsxError { _ = try Workbook(bytes: Array("sheet,cell\n1,2\n".utf8), displayName: "a.xlsx") }
        #expect(random?.chinese == "不是有效的 .xlsx 文件（不是 zip 压缩包，或文件不完整、已损坏）")
        let wb = try openWorkbook(Fixture.oneSheet("<row><c>"))
        let bad = xlsxError { _ = try wb.readSheet(wb.worksheets[0]) }
        #expect(bad?.chinese.hasPrefix("文件内部的 XML 数据已损坏（部件 xl/worksheets/sheet1.xml 第 ") == true)
    }
}

