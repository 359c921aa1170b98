import Foundation
import Testing
@testable import XLSX

/// The writer, checked by reading its output back with the project's reader.
@Suite struct WorkbookWriterTests {
    static let ranks = ["县处级", "乡科级", "乡科级以下", "村社干部", "其他人员"]
    static let channels = ["信访举报", "巡视督查", "审计发现", "纪检监察", "日常巡查检查", "上级交办", "媒体曝光", "其他"]

    private func a(_ text: String) -> CellAddress { CellAddress(text)! }
    private func r(_ text: String) -> CellRange { CellRange(text)! }

    /// Where a test writes; `XLSX_WRITER_KEEP=dir` keeps the files there (for scripts/validate-xlsx.sh).
    private func output(_ name: String) throws -> (path: String, cleanup: () -> Void) {
        if let dir = ProcessInfo.processInfo.environment["XLSX_WRITER_KEEP"] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            return ("\(dir)/\(name)", {})
        }
        let dir = try TempDir()
        return (dir.file(name), dir.remove)
    }

    /// A layout like Attachment 2: title, two-row merged header, data, drop-downs, a hidden list sheet.
    private func sampleWorkbook() -> WorkbookWriter {
        let header = CellStyle(bold: true, horizontal: .center, wrap: true, border: true)
        let body = CellStyle(border: true)
        var sheet = SheetSpec(name: "附件2")
        sheet.set(a("A1"), .string("附件2"))
        sheet.set(a("A2"), .string("＿＿区农村危房改造专项治理问题线索统计表（＊＊月份）"),
                  style: CellStyle(bold: true, fontSize: 16, fontName: "方正小标宋简体", horizontal: .center))
        sheet.merges.append(r("A2:L2"))
        sheet.set(a("A4"), .string("序号"), style: header)
        sheet.set(a("A5"), nil, style: header)
        sheet.merges.append(r("A4:A5"))
        sheet.set(a("D4"), .string("被反映主要对象"), style: header)
        sheet.set(a("E4"), nil, style: header)
        sheet.set(a("F4"), nil, style: header)
        sheet.merges.append(r("D4:F4"))
        for (i, t) in ["姓名", "职务", "级别"].enumerated() {
            sheet.set(CellAddress(row: 5, column: 4 + i), .string(t), style: header)
        }
        sheet.set(a("A6"), .number(1), style: body)
        sheet.set(a("B6"), .string("信访举报"), style: body)
        sheet.set(a("D6"), .string("张三\n李四"), style: CellStyle(wrap: true, border: true))
        sheet.set(a("H6"), .number(12.5), style: CellStyle(border: true, numberFormat: "0.00"))
        sheet.set(a("I6"), .bool(true))
        sheet.set(a("J6"), .bool(false))
        sheet.set(a("K6"), .number(0.1))
        sheet.set(a("L6"), .number(-3))
        sheet.set(a("M6"), .number(1e-7))
        sheet.set(a("N6"), .number(123_456_789.123_456_78))
        sheet.set(a("O6"), .number(46_351), style: CellStyle(numberFormat: "yyyy-mm-dd"))
        sheet.columnWidths = [1: 6, 7: 40.5]
        sheet.rowHeights = [2: 30, 20: 18]
        sheet.freezeRows = 5
        sheet.validations = [
            .list(Self.ranks, on: [r("F6:F100")]),
            .list(from: r("A1:A8"), onSheet: "Lists", on: [r("B6:B100")]),
            DataValidation(type: "custom", ranges: [r("L6:L100"), r("A6:A100")], formula1: "=AND(ISNUMBER(L6),L6>=0)"),
        ]
        sheet.validationMessage = "请从下拉列表中选择"
        var lists = SheetSpec(name: "Lists")
        for (i, c) in Self.channels.enumerated() { lists.set(CellAddress(row: i + 1, column: 1), .string(c)) }
        var writer = WorkbookWriter()
        writer.sheets = [sheet, lists]
        writer.hiddenSheets = ["Lists"]
        return writer
    }

    @Test func aWriteThatFailsSaysWriteNotRead() throws {
        let path = "/nonexistent-\(UUID().uuidString)/book.xlsx"
        let e = xlsxError { try sampleWorkbook().write(to: path) }
        guard case .unwritable(let file, let detail)? = e else {
            Issue.record("expected unwritable, got \(String(describing: e))")
            return
        }
        #expect(file == path)
        #expect(!detail.isEmpty)
        #expect(e!.description.hasPrefix("\(path): cannot write: "))
    }

    @Test func roundTripsThroughTheReader() throws {
        let (path, cleanup) = try output("sample.xlsx")
        defer { cleanup() }
        try sampleWorkbook().write(to: path)

        let book = try Workbook(path: path)
        #expect(book.warnings.isEmpty)
        #expect(!book.date1904)
        #expect(book.sheets.map(\.name) == ["附件2", "Lists"])
        #expect(book.sheets.map(\.visibility) == [.visible, .hidden])
        let sheet = try book.readSheet(book.sheet(named: "附件2"))
        let expected: [String: CellValue] = [
            "A1": .string("附件2"), "A2": .string("＿＿区农村危房改造专项治理问题线索统计表（＊＊月份）"),
            "A4": .string("序号"), "D4": .string("被反映主要对象"), "D5": .string("姓名"), "E5": .string("职务"),
            "F5": .string("级别"), "A6": .number(1), "B6": .string("信访举报"), "D6": .string("张三\n李四"),
            "H6": .number(12.5), "I6": .bool(true), "J6": .bool(false), "K6": .number(0.1), "L6": .number(-3),
            "M6": .number(1e-7), "N6": .number(123_456_789.123_456_78), "O6": .number(46_351),
        ]
        #expect(sheet.cells.count == expected.count)
        for (ref, value) in expected { #expect(sheet[a(ref)]?.value == value, "\(ref)") }
        #expect(sheet.cells.map(\.address) == sheet.cells.map(\.address).sorted())
        #expect(sheet[a("O6")]?.isDateFormatted == true)
        #expect(sheet[a("H6")]?.isDateFormatted == false)
        #expect(sheet.merges == [r("A2:L2"), r("A4:A5"), r("D4:F4")])

        #expect(sheet.validations.map(\.type) == ["list", "list", "custom"])
        #expect(sheet.validations.map(\.ranges) == [[r("F6:F100")], [r("B6:B100")], [r("L6:L100"), r("A6:A100")]])
        #expect(sheet.validations[1].formula1 == "'Lists'!$A$1:$A$8")
        #expect(sheet.validations[2].formula1 == "AND(ISNUMBER(L6),L6>=0)")  // stored without its "="
        #expect(try book.listItems(of: sheet.validations[0], on: sheet) == Self.ranks)
        #expect(try book.listItems(of: sheet.validations[1], on: sheet) == Self.channels)

        let xml = String(decoding: try ZipArchive(path: path).readAll("xl/worksheets/sheet1.xml"), as: UTF8.self)
        #expect(xml.contains("<col min=\"1\" max=\"1\" width=\"6\" customWidth=\"1\"/><col min=\"7\" max=\"7\" width=\"40.5\" customWidth=\"1\"/>"))
        #expect(xml.contains("<row r=\"2\" ht=\"30\" customHeight=\"1\">"))
        #expect(xml.contains("<row r=\"20\" ht=\"18\" customHeight=\"1\"/>"))
        #expect(xml.contains("<pane ySplit=\"5\" topLeftCell=\"A6\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(xml.contains("<dimension ref=\"A1:O6\"/>"))
        #expect(xml.contains("error=\"请从下拉列表中选择\""))
        #expect(!xml.contains("showDropDown"))
    }

    @Test func dateCellStyleIsADateFormat() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var sheet = SheetSpec(name: "S")
        sheet.set(a("A1"), .number(46_351), style: CellStyle(numberFormat: "yyyy-mm-dd"))
        sheet.set(a("A2"), .number(46_351), style: CellStyle(numberFormat: "0.00"))
        var writer = WorkbookWriter()
        writer.sheets = [sheet]
        writer.date1904 = true
        try writer.write(to: dir.file("d.xlsx"))
        let book = try Workbook(path: dir.file("d.xlsx"))
        #expect(book.date1904)
        var styleOf: [CellAddress: Int] = [:]
        try book.streamCells(of: book.sheets[0]) { styleOf[$0.address] = $0.styleIndex }
        #expect(book.styles.isDate(styleIndex: styleOf[a("A1")]!))
        #expect(!book.styles.isDate(styleIndex: styleOf[a("A2")]!))
    }

    static let awkwardTexts = [
        "=SUM(1)", "_x000D_", "_x005F_", "_xZZZZ_", "a_x0041_b", "a\tb", "line1\nline2", "cr\r\nlf",
        "  leading", "trailing  ", " ", "&<>\"'", "\u{1}\u{8}\u{B}\u{1F}", "\u{FFFE}\u{FFFF}", "😀 emoji",
        "é", "e\u{301}", "]]>", "-1", "+86 123", "@x",
    ]

    @Test func awkwardTextRoundTripsByteForByte() throws {
        let (path, cleanup) = try output("escapes.xlsx")
        defer { cleanup() }
        var sheet = SheetSpec(name: "A & <B>")
        for (i, t) in Self.awkwardTexts.enumerated() { sheet.set(CellAddress(row: i + 1, column: 1), .string(t)) }
        sheet.validations = [.list(["x\"y", "_x0041_", "a&b"], on: [r("B1")])]
        var writer = WorkbookWriter()
        writer.sheets = [sheet]
        try writer.write(to: path)

        let book = try Workbook(path: path)
        #expect(book.sheets.map(\.name) == ["A & <B>"])
        // "é" and "e" + U+0301 are equal as Strings but distinct texts: both are kept.
        #expect(book.sharedStrings.count == Self.awkwardTexts.count)
        let read = try book.readSheet(book.sheets[0])
        for (i, t) in Self.awkwardTexts.enumerated() {
            guard case .string(let s)? = read[i + 1, 1]?.value else {
                Issue.record("row \(i + 1): not a string")
                continue
            }
            #expect(Array(s.utf8) == Array(t.utf8), "row \(i + 1): \(t.debugDescription) read as \(s.debugDescription)")
        }
        #expect(try book.listItems(of: read.validations[0], on: read) == ["x\"y", "_x0041_", "a&b"])
    }

    @Test func escapesForXML() {
        var x = XMLBuffer()
        x.append(escaping: "a&b<c>\"_x0041_\u{1}\r\n\t")
        #expect(String(decoding: x.bytes, as: UTF8.self) == "a&amp;b&lt;c&gt;&quot;_x005F_x0041__x0001_&#13;\n\t")
        var attribute = XMLBuffer()
        attribute.append(escaping: "x\ty\nz", attribute: true)
        #expect(String(decoding: attribute.bytes, as: UTF8.self) == "x&#9;y&#10;z")
        #expect(XMLBuffer.needsPreserve(" a") && XMLBuffer.needsPreserve("a\nb") && !XMLBuffer.needsPreserve("a b"))
        #expect([3, 0.1, -0.0, 1e-7, 1e20, 0.1 + 0.2].map(XMLBuffer.number) == ["3", "0.1", "0", "1e-07", "1e+20", "0.30000000000000004"])
    }

    @Test(arguments: ["", String(repeating: "表", count: 32), "a[b", "a]b", "a:b", "a*b", "a?b", "a/b", "a\\b",
                      "'quoted", "quoted'", "tab\there", "Lists"])
    func refusesBadSheetNames(_ name: String) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var writer = WorkbookWriter()
        writer.sheets = [SheetSpec(name: "lists"), SheetSpec(name: name)]
        let error = #expect(throws: XLSXError.self) { try writer.write(to: dir.file("n.xlsx")) }
        guard case .invalidSheetName(_, let sheet, _)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(sheet == name)
        #expect(!FileManager.default.fileExists(atPath: dir.file("n.xlsx")))
    }

    @Test func acceptsAThirtyOneCharacterChineseName() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let name = String(repeating: "表", count: 31)
        var writer = WorkbookWriter()
        writer.sheets = [SheetSpec(name: name)]
        try writer.write(to: dir.file("ok.xlsx"))
        #expect(try Workbook(path: dir.file("ok.xlsx")).sheets.map(\.name) == [name])
    }

    @Test func refusesWorkbooksExcelWouldRepair() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        func failure(_ build: (inout WorkbookWriter) -> Void) -> XLSXError? {
            var writer = WorkbookWriter()
            writer.sheets = [SheetSpec(name: "S")]
            build(&writer)
            do {
                try writer.write(to: dir.file("bad.xlsx"))
                return nil
            } catch {
                return error as? XLSXError
            }
        }
        func isContent(_ e: XLSXError?, _ sheet: String?) -> Bool {
            guard case .invalidContent(_, let s, _)? = e else { return false }
            return s == sheet
        }
        #expect(isContent(failure { $0.sheets = [] }, nil))
        #expect(isContent(failure { $0.hiddenSheets = ["S"] }, nil))
        #expect(failure { $0.hiddenSheets = ["T"] } == .noSuchSheet(file: dir.file("bad.xlsx"), sheet: "T"))
        #expect(isContent(failure { $0.sheets[0].merges = [r("A1:B2"), r("B2:C3")] }, "S"))
        #expect(isContent(failure { $0.sheets[0].set(a("A1"), .number(.nan)) }, "S"))
        #expect(isContent(failure { $0.sheets[0].set(CellAddress(row: 0, column: 1), .number(1)) }, "S"))
        #expect(isContent(failure { $0.sheets[0].columnWidths[1] = 300 }, "S"))
        #expect(isContent(failure { $0.sheets[0].rowHeights[1] = 500 }, "S"))
        #expect(isContent(failure { $0.sheets[0].set(a("A1"), .number(1), style: CellStyle(fontSize: 0)) }, "S"))
        #expect(isContent(failure { $0.sheets[0].set(a("A1"), .string(String(repeating: "字", count: 32_768))) }, "S"))
        #expect(isContent(failure {
            $0.sheets[0].validations = [.list((0..<100).map { "item\($0)" }, on: [r("A1")])]
        }, "S"))
        #expect(isContent(failure {
            $0.sheets[0].validations = [DataValidation(type: "whole", ranges: [r("A1")], formula1: "0")]
        }, "S"))
        #expect(isContent(failure { $0.sheets[0].validations = [.list(["a\u{1}"], on: [r("A1")])] }, "S"))
        // Touching merges, a one-cell "merge" and a 255-character list are fine.
        #expect(failure {
            $0.sheets[0].merges = [r("A1:B2"), r("C1:C2"), r("A3:C3"), r("D4")]
            $0.sheets[0].validations = [.list([String(repeating: "x", count: 255)], on: [r("A1")])]
        } == nil)
    }

    @Test func deduplicatesStylesAndStrings() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var sheet = SheetSpec(name: "S")
        for row in 1...50 {
            sheet.set(CellAddress(row: row, column: 1), .string(row % 2 == 0 ? "偶" : "奇"), style: CellStyle(border: true))
            sheet.set(CellAddress(row: row, column: 2), .number(Double(row)), style: CellStyle(bold: true, numberFormat: "0.00"))
            sheet.set(CellAddress(row: row, column: 3), .number(Double(row)), style: CellStyle(numberFormat: "0.00"))
            sheet.set(CellAddress(row: row, column: 4), .string("奇"), style: CellStyle())
        }
        var writer = WorkbookWriter()
        writer.sheets = [sheet, sheet]
        writer.sheets[1].name = "T"
        try writer.write(to: dir.file("dd.xlsx"))

        let book = try Workbook(path: dir.file("dd.xlsx"))
        #expect(book.sharedStrings.count == 2)
        let archive = try ZipArchive(path: dir.file("dd.xlsx"))
        let styles = String(decoding: try archive.readAll("xl/styles.xml"), as: UTF8.self)
        #expect(styles.contains("<cellXfs count=\"4\">"))  // default, border, bold 0.00, plain 0.00
        #expect(styles.contains("<fonts count=\"2\">"))
        #expect(styles.contains("<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"0.00\"/></numFmts>"))
        let strings = String(decoding: try archive.readAll("xl/sharedStrings.xml"), as: UTF8.self)
        #expect(strings.contains("count=\"200\" uniqueCount=\"2\""))
        let cells = String(decoding: try archive.readAll("xl/worksheets/sheet1.xml"), as: UTF8.self)
        #expect(cells.contains("<c r=\"D1\" t=\"s\"><v>0</v></c>"))  // the default style needs no s
    }

    @Test func writesALargeSheet() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        var sheet = SheetSpec(name: "Big")
        for row in stride(from: 10_000, through: 1, by: -1) {
            for column in 1...10 {
                let value: WriteValue = column == 1 ? .string("行\(row % 100)") : .number(Double(row * column) / 4)
                sheet.set(CellAddress(row: row, column: column), value, style: column == 2 ? CellStyle(border: true) : nil)
            }
        }
        var writer = WorkbookWriter()
        writer.sheets = [sheet]
        let start = ContinuousClock.now
        try writer.write(to: dir.file("big.xlsx"))
        let elapsed = ContinuousClock.now - start
        let book = try Workbook(path: dir.file("big.xlsx"))
        var count = 0
        var ordered = true
        var last = CellAddress(row: 0, column: 0)
        try book.streamCells(of: book.sheets[0]) { e in
            ordered = ordered && last < e.address
            last = e.address
            count += 1
        }
        #expect(count == 100_000 && ordered)
        #expect(book.sharedStrings.count == 100)
        #expect(elapsed < .seconds(10), "100,000 cells took \(elapsed)")  // debug build; release is far faster
    }
}
