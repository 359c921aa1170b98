import Foundation
import Testing
@testable import Forms
@testable import Pipeline

/// Issue 14: every file a clerk drops gets an outcome — read, converted, archived as a stamped
/// scan, or quarantined with a reason — and only files still being written stay in the inbox.
struct InboxOutcomeTests {
    static let pdf = Array("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16] + Array("JFIF".utf8)
    static let legacy = [UInt8](FileManager.default.contents(atPath: Support.repository + "/Tests/PipelineTests/Fixtures/beiling.xls")!)
    static let soffice = LegacyConverter(config: Configuration()).soffice

    static func config(convert: Bool = false) -> Configuration {
        var c = Support.config()
        c.convertLegacy = convert
        return c
    }

    static func reason(_ root: String, _ entry: ArchiveEntry) -> String { Support.text(root + "/" + entry.path + ".reason.txt") }

    @Test func everyFileGetsAnOutcome() throws {
        let root = Support.root()
        let at = "2026-11-20T10:00:00+08:00"
        Support.drop(root, "东湖区.xlsx", Support.workbook("东湖区"), received: at)
        Support.drop(root, "东湖区盖章扫描件.pdf", Self.pdf, received: at)
        Support.drop(root, "西山区.xlsx", Support.workbook("西山区"), received: at)
        Support.drop(root, "西山区/盖章件.jpg", Self.jpeg, received: at)
        Support.drop(root, "北岭区.xls", Self.legacy, received: at)
        Support.drop(root, "南河区说明.docx", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], received: at)
        Support.drop(root, "~$东湖区.xlsx", [0x01, 0x02], received: at)
        Support.drop(root, "南河区报表", Array("附件1 附件2".utf8), received: at)
        Support.drop(root, ".DS_Store", [0x00, 0x00, 0x00, 0x01], received: at)
        Support.drop(root, "南河区盖章件.pdf", Array("这不是 PDF".utf8), received: at)
        let outcome = try Support.run(root, at: "2026-11-23T10:00:00+08:00", config: Self.config())

        #expect(Support.snapshot(root + "/inbox").isEmpty, "left behind: \(Support.snapshot(root + "/inbox").keys.sorted())")
        let kinds = Dictionary(uniqueKeysWithValues: outcome.intake.taken.map { ($0.source, $0.kind) })
        #expect(kinds == ["东湖区.xlsx": .archived, "西山区.xlsx": .archived, "东湖区盖章扫描件.pdf": .scan, "西山区/盖章件.jpg": .scan,
                          "北岭区.xls": .quarantined, "南河区说明.docx": .quarantined, "~$东湖区.xlsx": .quarantined,
                          "南河区报表": .quarantined, ".DS_Store": .quarantined, "南河区盖章件.pdf": .quarantined])
        let entries = Dictionary(uniqueKeysWithValues: outcome.intake.taken.map { ($0.source, $0) })
        #expect(Self.reason(root, entries["北岭区.xls"]!).contains("请用 Excel 或 WPS 另存为 .xlsx 后重新报送"))
        #expect(Self.reason(root, entries["~$东湖区.xlsx"]!).contains("锁定文件"))
        #expect(Self.reason(root, entries["南河区说明.docx"]!).contains("不是报表或盖章扫描件（.docx 文件）"))
        #expect(Self.reason(root, entries["南河区报表"]!).contains("文件名没有扩展名"))
        #expect(Self.reason(root, entries[".DS_Store"]!).contains("隐藏文件"))
        #expect(Self.reason(root, entries["南河区盖章件.pdf"]!).contains("内容不是 PDF、OFD 或图片"))
        #expect(entries["东湖区盖章扫描件.pdf"]!.path.hasPrefix("archive/") && entries["东湖区盖章扫描件.pdf"]!.periods == [Period("2026-11")!])

        // Each outcome is in submissions.csv and in the district's receipt.
        let out = root + "/out/2026-11"
        let submissions = Support.rows(out + "/submissions.csv")
        for source in entries.keys {
            #expect(submissions.contains { $0[3] == source }, "\(source) missing from submissions.csv")
        }
        #expect(submissions.contains { $0[1] == "东湖区" && $0[2] == "盖章件" && $0[3] == "东湖区盖章扫描件.pdf" && $0[10] == "yes" })
        #expect(submissions.contains { $0[1] == "北岭区" && $0[3] == "北岭区.xls" && $0[6] == "rejected" && $0[10] == "no" })
        let donghu = Support.text(out + "/receipts/东湖区/回执.txt")
        #expect(donghu.contains("东湖区盖章扫描件.pdf") && donghu.contains("盖章扫描件：已收到") && donghu.contains("~$东湖区.xlsx"))
        #expect(Support.text(out + "/receipts/南河区/回执.txt").contains("南河区说明.docx"))
        let beiling = Support.text(out + "/receipts/北岭区/回执.txt")
        #expect(beiling.contains("北岭区.xls") && beiling.contains("请用 Excel 或 WPS 另存为 .xlsx 后重新报送"))
        let summary = outcome.reports[0].summary
        #expect(summary.components(separatedBy: "\n").contains { $0.hasPrefix("  北岭区") && $0.contains("已收到（格式不支持）") })
        let missing = summary.components(separatedBy: "\n").first { $0.hasPrefix("未报送：") } ?? ""
        #expect(!missing.contains("北岭区"), "\(summary)")
        let anomalies = Support.rows(out + "/anomalies.csv")
        #expect(!anomalies.contains { $0[1] == "北岭区" && $0[6] == "r-not-reported" })
        #expect(anomalies.contains { $0[1] == "北岭区" && $0[6] == "file-legacy-format" })
        #expect(anomalies.contains { $0[1] == "南河区" && $0[6] == "r-not-reported" })
        #expect(anomalies.contains { $0[1] == "" && $0[6] == "file-not-a-report" })  // .DS_Store names no district

        // Nothing new: nothing moves, nothing is rebuilt.
        let again = try Support.run(root, at: "2026-11-24T10:00:00+08:00", config: Self.config())
        #expect(again.intake.taken.isEmpty && again.reports.map(\.rebuilt) == [false])
    }

    @Test func freshLockFileHoldsBackItsWorkbook() throws {
        let root = Support.root()
        Support.drop(root, "东湖区.xlsx", Support.workbook("东湖区"), received: "2026-11-20T10:00:00+08:00")
        Support.drop(root, "~$东湖区.xlsx", [0x01], received: "2026-11-23T09:59:50+08:00")
        Support.drop(root, "二月/西山区11月报表.xlsx", Support.workbook("西山区"), received: "2026-11-20T10:00:00+08:00")
        Support.drop(root, "二月/.~lock.西山区11月报表.xlsx#", Array("陈晓,pc,23.11.2026".utf8), received: "2026-11-23T09:59:30+08:00")
        // Excel names the lock of a long name after its last characters.
        Support.drop(root, "南河区11月危改报表.xlsx", Support.workbook("南河区"), received: "2026-11-20T10:00:00+08:00")
        Support.drop(root, "~$区11月危改报表.xlsx", [0x02], received: "2026-11-23T09:59:50+08:00")
        Support.drop(root, "北岭区.xlsx", Support.workbook("北岭区"), received: "2026-11-20T10:00:00+08:00")
        let first = try Support.run(root, at: "2026-11-23T10:00:00+08:00")
        #expect(first.intake.taken.map(\.source) == ["北岭区.xlsx"])
        #expect(Set(first.intake.settling) == ["东湖区.xlsx", "~$东湖区.xlsx", "二月/西山区11月报表.xlsx",
                                               "二月/.~lock.西山区11月报表.xlsx#", "南河区11月危改报表.xlsx", "~$区11月危改报表.xlsx"])

        // Closed and left alone: the stale lock files are quarantined, the workbooks read.
        let second = try Support.run(root, at: "2026-11-23T10:05:00+08:00")
        #expect(Support.snapshot(root + "/inbox").isEmpty)
        let kinds = Dictionary(uniqueKeysWithValues: second.intake.taken.map { ($0.source, $0.kind) })
        #expect(kinds == ["东湖区.xlsx": .archived, "~$东湖区.xlsx": .quarantined, "二月/西山区11月报表.xlsx": .archived,
                          "二月/.~lock.西山区11月报表.xlsx#": .quarantined, "南河区11月危改报表.xlsx": .archived, "~$区11月危改报表.xlsx": .quarantined])
    }

    @Test func workbookAndScanWorkbookOnlyScanOnly() throws {
        let root = Support.root()
        let at = "2026-11-20T10:00:00+08:00"
        Support.drop(root, "东湖区.xlsx", Support.workbook("东湖区"), received: at)
        Support.drop(root, "东湖区11月报表盖章扫描件.png", Self.png, received: at)
        Support.drop(root, "西山区.xlsx", Support.workbook("西山区"), received: at)
        Support.drop(root, "南河区/2026年11月盖章件.pdf", Self.pdf, received: at)
        Support.drop(root, "扫描0001.jpg", Self.jpeg, received: at)
        Support.drop(root, "东湖区10月盖章件.pdf", Self.pdf + Array("% 10月\n".utf8), received: at)
        let outcome = try Support.run(root, at: "2026-11-23T10:00:00+08:00")
        #expect(outcome.intake.taken.filter { $0.kind == .scan }.count == 4)
        #expect(outcome.reports.map(\.period.description) == ["2026-10", "2026-11"])

        let out = root + "/out/2026-11"
        let summary = Support.text(out + "/summary.txt")
        let line = { (d: String) in summary.components(separatedBy: "\r\n").first { $0.hasPrefix("  " + d) } ?? "" }
        #expect(line("区").contains("盖章件"))
        #expect(line("东湖区").contains("已采用  已收到"), "\(summary)")
        #expect(line("西山区").contains("已采用  无"))
        #expect(line("南河区").contains("仅盖章件") && line("南河区").contains("已收到"))
        #expect(line("（未识别区）").contains("1 份"))
        #expect(summary.contains("未报送盖章件：西山区") && summary.contains("未报送：南河区、北岭区"))

        let anomalies = Support.rows(out + "/anomalies.csv").filter { $0[6] == "r-scan-missing" }
        #expect(anomalies.map(\.[1]) == ["西山区"] && anomalies[0][8] == "warning")
        #expect(Support.text(out + "/receipts/西山区/回执.txt").contains("未收到盖章扫描件"))
        #expect(Support.text(out + "/receipts/（未识别区）/回执.txt").contains("扫描0001.jpg"))
        let stamped = Dictionary(Support.rows(out + "/submissions.csv").map { ($0[1], $0[10]) }, uniquingKeysWith: { a, _ in a })
        #expect(stamped == ["东湖区": "yes", "西山区": "no", "南河区": "yes", "": ""])
        #expect(Support.rows(root + "/out/2026-10/submissions.csv").map { [$0[1], $0[2], $0[3]] } == [["东湖区", "盖章件", "东湖区10月盖章件.pdf"]])
    }

    @Test(.enabled(if: soffice != nil, "LibreOffice (soffice) is not installed: the .xls conversion is not tested here"))
    func legacyWorkbookConvertedAndRead() throws {
        let root = Support.root()
        Support.drop(root, "北岭区.xls", Self.legacy, received: "2026-11-20T10:00:00+08:00")
        let outcome = try Support.run(root, at: "2026-11-23T10:00:00+08:00", config: Self.config(convert: true))
        let entry = try #require(outcome.intake.taken.first)
        #expect(entry.kind == .archived && entry.sha256 == FormReader.sha256(Self.legacy))
        #expect(try Files.read(root + "/" + entry.path) == Self.legacy, "the original is archived as received")
        #expect(Files.exists(root + "/" + SubmissionReader.convertedPath(entry.sha256)))

        let out = root + "/out/2026-11"
        let a1 = Support.rows(out + "/attachment1.csv")
        #expect(a1.count == 1 && a1[0][1] == "北岭区" && a1[0][2] == "北岭区.xls" && a1[0][3] == entry.sha256)
        #expect(Support.rows(out + "/submissions.csv").filter { $0[3] == "北岭区.xls" }.map(\.[6]) == ["accepted", "accepted"])
        #expect(Support.rows(out + "/anomalies.csv").filter { $0[1] == "北岭区" }.allSatisfy { $0[3] == "北岭区.xls" || $0[3].isEmpty })

        // Rebuilt from the archive with LibreOffice gone: the converted copy is read, same bytes.
        let before = Support.snapshot(out)
        var noSoffice = Self.config(convert: true)
        noSoffice.sofficePath = "/nonexistent/soffice"
        var run = MonthlyRun(root: root, config: noSoffice, now: Support.date("2026-11-24T10:00:00+08:00"), logger: Support.quiet)
        run.rebuildAll = true
        _ = try run.run()
        #expect(Support.snapshot(out) == before)
    }

    @Test func legacyWorkbookQuarantinedWithoutConversion() throws {
        var missing = Self.config(convert: true)
        missing.sofficePath = "/nonexistent/soffice"
        for config in [Self.config(convert: false), missing] {
            let root = Support.root()
            Support.drop(root, "北岭区.xls", Self.legacy, received: "2026-11-20T10:00:00+08:00")
            let outcome = try Support.run(root, at: "2026-11-23T10:00:00+08:00", config: config)
            let entry = try #require(outcome.intake.taken.first)
            #expect(entry.kind == .quarantined && entry.path == "quarantine/北岭区.xls")
            #expect(Self.reason(root, entry).contains("请用 Excel 或 WPS 另存为 .xlsx 后重新报送"))
            #expect(outcome.reports[0].summary.contains("已收到（格式不支持）"))
            #expect(!Support.text(root + "/out/2026-11/receipts/北岭区/回执.txt").contains("未收到"))

            // Rebuilt later, LibreOffice or not: the quarantined file stays refused, the same bytes.
            let before = Support.snapshot(root + "/out")
            var rebuild = MonthlyRun(root: root, config: Self.config(convert: true), now: Support.date("2026-11-24T10:00:00+08:00"),
                                     logger: Support.quiet)
            rebuild.rebuildAll = true
            #expect(try rebuild.run().reports.map(\.rebuilt) == [true])
            #expect(Support.snapshot(root + "/out") == before)
        }
    }

    /// A converter that fails (here a stand-in soffice that exits 1) quarantines with the reason.
    @Test func failedConversionIsQuarantined() throws {
        let root = Support.root()
        let fake = root + "/fake-soffice"
        try "#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n".write(toFile: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        var config = Self.config(convert: true)
        config.sofficePath = fake
        Support.drop(root, "北岭区.xls", Self.legacy, received: "2026-11-20T10:00:00+08:00")
        let outcome = try Support.run(root, at: "2026-11-23T10:00:00+08:00", config: config)
        let entry = try #require(outcome.intake.taken.first)
        #expect(entry.kind == .quarantined && entry.reason.contains("自动转换失败"))
        #expect(throws: ConversionError.self) { try LegacyConverter(config: config).convert(Self.legacy, file: "北岭区.xls") }
    }

    /// `weigai check` takes an .xls as the run does, and says so when it cannot.
    @Test(.enabled(if: BuiltBinary.path != nil, "weigai is not built beside the tests"))
    func checkLegacyWorkbook() throws {
        let root = Support.root()
        let file = root + "/北岭区.xls", config = root + "/off.yaml"
        try Data(Self.legacy).write(to: URL(fileURLWithPath: file))
        try "intake:\n  convert_legacy: false\n".write(toFile: config, atomically: true, encoding: .utf8)
        let off = try BuiltBinary.run(["check", file, "--config", config])
        #expect(off.status == 1 && off.stderr.contains("未安装 LibreOffice 或未开启转换"), "\(off.stderr)")
        #expect(off.stdout.contains("请用 Excel 或 WPS 另存为 .xlsx 后重新报送"))
        if Self.soffice != nil {
            let on = try BuiltBinary.run(["check", file])
            #expect(on.stderr.isEmpty && on.stdout.contains("AH8") && !on.stdout.contains("另存为"), "\(on.stdout)\(on.stderr)")
        }
    }

    @Test func scansAreJudgedByContent() {
        let ofd = InboxOutcomeTests.zip(["OFD.xml", "Doc_0/Document.xml"])
        #expect(InboxFile.classify(name: "盖章.ofd", bytes: ofd) == .scan(.ofd))
        #expect(InboxFile.classify(name: "盖章.ofd", bytes: InboxOutcomeTests.zip(["word/document.xml"])) == .fakeScan)
        #expect(InboxFile.classify(name: "说明.docx", bytes: InboxOutcomeTests.zip(["word/document.xml"])) == .other)
        #expect(InboxFile.classify(name: "a.tif", bytes: [0x49, 0x49, 0x2A, 0x00, 8]) == .scan(.tiff))
        #expect(InboxFile.classify(name: "a.TIF", bytes: [0x4D, 0x4D, 0x00, 0x2A, 8]) == .scan(.tiff))
        #expect(InboxFile.classify(name: "a.jpg", bytes: Self.png) == .scan(.png))
        #expect(InboxFile.classify(name: "扫描件", bytes: Self.pdf) == .scan(.pdf))
        #expect(InboxFile.classify(name: "a.pdf", bytes: Array("%PD".utf8)) == .fakeScan)
        #expect(InboxFile.classify(name: "A.XLS", bytes: Self.legacy) == .legacyWorkbook)
        #expect(InboxFile.classify(name: "a.et", bytes: Self.legacy) == .legacyWorkbook)
        #expect(InboxFile.classify(name: ".~lock.a.xlsx#", bytes: []) == .lockFile(owner: "a.xlsx"))

        let p = Period("2026-11")!
        #expect(StampedCopies.period("东湖区11月盖章件.pdf", received: p) == p)
        #expect(StampedCopies.period("东湖区/2026年10月.pdf", received: p) == Period("2026-10"))
        #expect(StampedCopies.period("东湖区20261024.pdf", received: p) == Period("2026-10"))
        #expect(StampedCopies.period("东湖区12月.pdf", received: Period("2027-01")!) == Period("2026-12"))
        #expect(StampedCopies.period("扫描0001.jpg", received: p) == p)
        #expect(StampedCopies.district("东湖区/扫描.jpg", roster: ["东湖区", "西山区"]) == "东湖区")
        #expect(StampedCopies.district("东湖区西山区.jpg", roster: ["东湖区", "西山区"]) == nil)
        #expect(StampedCopies.district("扫描.jpg", roster: ["东湖区"]) == nil)
    }

    /// A stored zip package holding empty entries with these names.
    static func zip(_ names: [String]) -> [UInt8] {
        var local: [UInt8] = [], central: [UInt8] = []
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16) }
        for n in names {
            let name = Array(n.utf8)
            central += u32(0x0201_4B50) + u16(20) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(0) + u32(0)
                + u16(name.count) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(local.count) + name
            local += u32(0x0403_4B50) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(0) + u32(0)
                + u16(name.count) + u16(0) + name
        }
        return local + central + u32(0x0605_4B50) + u16(0) + u16(0) + u16(names.count) + u16(names.count)
            + u32(central.count) + u32(local.count) + u16(0)
    }
}
