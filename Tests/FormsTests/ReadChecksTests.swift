import Foundation
import Testing
import XLSX
@testable import Forms

/// The findings of reading a file: the package, the template, the values and the labelled items
/// around the tables. Each fires on one file and not on the clean one.
@Suite struct ReadChecksTests {
    func written(_ sheets: [SheetSpec], name: String = "东湖区11月.xlsx") throws -> String {
        let path = Fixtures.temporaryPath(name)
        var w = WorkbookWriter()
        w.sheets = sheets
        try w.write(to: path)
        return path
    }

    func read(_ path: String, limits: ReadLimits = .default) -> ExtractedFile {
        FormReader(knownDistricts: Configuration().roster, limits: limits)
            .read(path: path, displayName: (path as NSString).lastPathComponent)
    }

    @Test func cleanFileReadsWithoutFinding() throws {
        let file = try Clean.read([Clean.a1(), Clean.a2()])
        #expect(file.anomalies.isEmpty && !file.unreadable, "\(file.anomalies.map(\.rule.id))")
    }

    // MARK: file

    @Test func notAZipIsUnreadable() throws {
        let path = Fixtures.temporaryPath("南河区.xlsx")
        try Data("序号,来源渠道\n".utf8).write(to: URL(fileURLWithPath: path))
        let file = read(path)
        #expect(file.unreadable)
        let a = expectFinding(file.anomalies, "file-unreadable", .file, .error, at: "")
        #expect(a?.district == "南河区")
    }

    @Test func encryptedWorkbook() throws {
        let path = Fixtures.temporaryPath("北岭区.xlsx")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504))
            .write(to: URL(fileURLWithPath: path))
        let file = read(path)
        #expect(file.unreadable)
        expectFinding(file.anomalies, "file-encrypted", .file, .error, at: "")
        expectNone(read(try written([Clean.a1()])).anomalies, "file-encrypted", "file-unreadable")
    }

    @Test func decompressionBombIsRefused() throws {
        let path = try written([Clean.a1(), Clean.a2()])
        let bomb = read(path, limits: ReadLimits(maxTotalBytes: 4_000))
        #expect(bomb.unreadable)
        expectFinding(bomb.anomalies, "file-too-large", .file, .error, at: "")
        let entries = read(path, limits: ReadLimits(maxEntries: 3))
        expectFinding(entries.anomalies, "file-too-large", .file, .error, at: "")
        expectNone(read(path).anomalies, "file-too-large")
    }

    @Test func dtdIsRefused() throws {
        let path = try written([Clean.a1()])
        try rewritePackage(path) { part, text in
            part == "xl/workbook.xml"
                ? text.replacingOccurrences(of: "<workbook ", with: "<!DOCTYPE workbook [<!ENTITY x \"x\">]><workbook ")
                : text
        }
        let file = read(path)
        #expect(file.unreadable)
        expectFinding(file.anomalies, "file-unsafe-xml", .file, .error, at: "")
        expectNone(read(try written([Clean.a1()])).anomalies, "file-unsafe-xml")
    }

    // MARK: template

    @Test func noTableFound() throws {
        var s = SheetSpec(name: "Sheet1")
        s.set(CellAddress("A1")!, .string("东湖区11月危改情况"))
        expectFinding(read(try written([s])).anomalies, "table-not-found", .template, .error, at: "")
    }

    @Test func missingColumn() throws {
        let file = read(try written([Clean.a1().removingColumn(34)]))
        let a = expectFinding(file.anomalies, "header-column-missing", .template, .error, at: "附件1")
        #expect(a?.message.contains("涉及金额（万元）") == true)
        #expect(file.attachment1.first?.values["amount_wan"] == nil)
    }

    @Test func extraColumn() throws {
        let sheet = Clean.a2().insertingColumn(before: 7, label: "核查人", headerRow: 4, values: [6: .string("赵某")])
        let file = read(try written([sheet]))
        let a = expectFinding(file.anomalies, "header-column-extra", .template, .warning, at: "附件2!G4")
        #expect(a?.message.contains("第6行「赵某」") == true)
    }

    @Test func renamedColumn() throws {
        let sheet = Clean.a1().replacingText { $0 == "移送司法数" ? "移送司法机关人数" : $0 }
        let file = read(try written([sheet]))
        expectFinding(file.anomalies, "header-column-renamed", .template, .warning, at: "附件1!N4",
                      expected: "执纪问责情况/个人受处分或处理情况/移送司法数",
                      actual: "执纪问责情况/个人受处分或处理情况/移送司法机关人数")
    }

    @Test func movedColumn() throws {
        let file = read(try written([Clean.a2().swappingColumns(2, 3)]))
        expectFinding(file.anomalies, "header-column-moved", .template, .warning, at: "附件2!B4", expected: "C", actual: "B")
        #expect(file.registers.first?.clues.first?.sourceChannel == "信访举报")
        expectNone(file.anomalies, "header-column-renamed", "header-column-missing")
    }

    @Test func knownVariantAndOffsetAreNoted() throws {
        var c = Fixtures.attachment1Content()
        c.rows = [[:]]
        let variant = TemplateWriter.sheet(Templates.attachment1AdminByRank, name: "附件1", content: c)
        let file = read(try written([variant.shifted(rows: 2, columns: 1)]))
        expectFinding(file.anomalies, "header-layout-variant", .template, .info, at: "附件1!B6")
        expectFinding(file.anomalies, "table-offset", .template, .info, at: "附件1!B6", expected: "A4", actual: "B6")
        expectNone(read(try written([Clean.a1()])).anomalies, "header-layout-variant", "table-offset")
    }

    @Test func secondDataRowInAttachment1() throws {
        let sheet = Clean.a1().insertingRow(before: 9).setting("A9", .number(2)).setting("AH9", .number(12.5))
        let file = read(try written([sheet]))
        let a = expectFinding(file.anomalies, "extra-data-row", .template, .warning, at: "附件1!A9")
        #expect(a?.message.contains("第9行") == true)
        #expect(file.attachment1.first?.values["amount_wan"] == 12.5)
    }

    @Test func titleMissingLeavesTheMonthUnknown() throws {
        let file = read(try written([Clean.a1().setting("A2", .string(""))]))
        expectFinding(file.anomalies, "title-missing", .template, .warning, at: "附件1",
                      expected: "＿＿区农村危房改造腐败和作风问题查处整改情况统计表（＊＊月份）")
        expectFinding(file.anomalies, "month-missing", .template, .error, at: "附件1")
        expectNone(read(try written([Clean.a1()])).anomalies, "title-missing", "month-missing")
    }

    @Test func districtFromTitleUnitOrFileName() throws {
        let fromUnit = read(try written([Clean.a1(district: nil)], name: "报表.xlsx"))
        #expect(fromUnit.attachment1.first?.meta.district == nil)
        expectFinding(fromUnit.anomalies, "district-missing", .template, .error, at: "附件1!A2")

        let unit = read(try written([Clean.a1(district: nil) { $0.unit = "西山区住房和城乡建设局" }], name: "报表.xlsx"))
        let a = expectFinding(unit.anomalies, "district-from-fallback", .template, .info, at: "附件1!A2", actual: "西山区")
        #expect(a?.message.contains("填报单位") == true)
        expectNone(unit.anomalies, "district-missing")

        let name = read(try written([Clean.a1(district: nil)], name: "白沙区11月.xlsx"))
        let b = expectFinding(name.anomalies, "district-from-fallback", .template, .info, at: "附件1!A2", actual: "白沙区")
        #expect(b?.message.contains("文件名") == true)

        expectNone(read(try written([Clean.a1()])).anomalies, "district-missing", "district-from-fallback")
    }

    @Test func monthMissingFromTheTitle() throws {
        let file = read(try written([Clean.a1(month: nil)]))
        expectFinding(file.anomalies, "month-missing", .template, .error, at: "附件1!A2")
        #expect(file.attachment1.first?.meta.period == nil)
    }

    // MARK: value

    @Test func valuesThatAreNotCleanNumbers() throws {
        let sheet = Clean.a1()
            .setting("C8", .string("无")).setting("E8", .number(-1)).setting("F8", .number(1.5))
            .setting("A8", .string("２")).setting("AH8", .string("1,000.5"))
        let path = try written([sheet])
        try rewritePackage(path) { part, text in
            part == "xl/worksheets/sheet1.xml"
                ? text.replacingOccurrences(of: #"<c r="D8"( s="\d+")?><v>[^<]*</v></c>"#,
                                            with: #"<c r="D8"$1 t="e"><v>#DIV/0!</v></c>"#, options: .regularExpression)
                : text
        }
        let found = read(path).anomalies
        expectFinding(found, "value-not-number", .value, .error, at: "附件1!C8", actual: "无")
        expectFinding(found, "value-excel-error", .value, .error, at: "附件1!D8", actual: "#DIV/0!")
        expectFinding(found, "value-negative", .value, .error, at: "附件1!E8", actual: "-1")
        expectFinding(found, "value-not-integer", .value, .error, at: "附件1!F8", actual: "1.5")
        let normalized = found.filter { $0.rule.id == "value-normalized" }
        #expect(normalized.map(\.place).sorted() == ["附件1!A8", "附件1!AH8"])
        #expect(normalized.allSatisfy { $0.category == .value && $0.severity == .info })
        #expect(normalized.first { $0.place == "附件1!AH8" }?.expected == "1000.5")

        expectNone(read(try written([Clean.a1()])).anomalies, "value-not-number", "value-excel-error", "value-negative",
                   "value-not-integer", "value-normalized")
    }

    // MARK: metadata

    @Test func labelledItemsMissingOrMalformed() throws {
        let empty = read(try written([Clean.a1 {
            $0.filledOn = nil
            $0.filler = ""
            $0.phone = ""
            $0.supervisor = ""
        }]))
        expectFinding(empty.anomalies, "filled-on-missing", .metadata, .warning, at: "附件1!R3")
        expectFinding(empty.anomalies, "filler-missing", .metadata, .warning, at: "附件1!A12")
        expectFinding(empty.anomalies, "phone-missing", .metadata, .warning, at: "附件1!L12")
        expectFinding(empty.anomalies, "supervisor-missing", .metadata, .warning, at: "附件1!W12")

        let wrong = read(try written([Clean.a2 {
            $0.filledOn = .string("2026年13月")
            $0.phone = "1381234567"
        }]))
        expectFinding(wrong.anomalies, "filled-on-unreadable", .metadata, .warning, at: "附件2!G3", actual: "2026年13月")
        expectFinding(wrong.anomalies, "phone-malformed", .metadata, .warning, at: "附件2!E17", actual: "1381234567")

        expectNone(read(try written([Clean.a1(), Clean.a2()])).anomalies, "filled-on-missing", "filled-on-unreadable",
                   "filler-missing", "phone-missing", "phone-malformed", "supervisor-missing")
    }
}
