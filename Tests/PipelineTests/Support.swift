import Foundation
import TestScratch
import Logging
import XLSX
@testable import Forms
@testable import Pipeline

/// Run roots, district workbooks and snapshots for the pipeline tests, all in temporary folders.
enum Support {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardizedFileURL.path

    static let quiet = Logger(label: "weigai.test") { _ in SwiftLogNoOpLogHandler() }

    /// A new, empty run root.
    static func root() -> String {
        let path = Scratch.path("weigai-run")
        try! FileManager.default.createDirectory(atPath: path + "/inbox", withIntermediateDirectories: true)
        return path
    }

    static func date(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    static func config(roster: [String] = ["东湖区", "西山区", "南河区", "北岭区"]) -> Configuration {
        var c = Configuration()
        c.roster = roster
        return c
    }

    static func run(_ root: String, at now: String, config: Configuration = config(), fault: PublishFault? = nil) throws -> RunOutcome {
        var r = MonthlyRun(root: root, config: config, now: date(now), logger: quiet)
        r.fault = fault
        return try r.run()
    }

    /// Drops `bytes` into the inbox as `name`, received at `received`.
    static func drop(_ root: String, _ name: String, _ bytes: [UInt8], received: String) {
        let path = root + "/inbox/" + name
        try! FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        precondition(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "cannot write \(path)")
        try! FileManager.default.setAttributes([.modificationDate: date(received)], ofItemAtPath: path)
    }

    /// A district's month, both tables in one workbook, consistent within and between them:
    /// `clues` clues of one village cadre each, held accountable and handled in the 1st form.
    /// `problemsFound` overrides 当月发现问题数 (a mistake when it differs from `clues`);
    /// `cluesOf` writes another month's clues again (registered twice).
    /// `dispositions`: each clue's 处置情况 (初步核实 for all when nil).
    static func workbook(_ district: String, month: Int = 11, clues: Int = 2, problemsFound: Int? = nil, cluesOf: Int? = nil,
                         dispositions: [String]? = nil) -> [UInt8] {
        var a1 = TableContent()
        a1.district = district
        a1.month = month
        a1.unit = "\(district)住房和城乡建设局"
        a1.filledOn = .string("2026年\(month)月20日")
        a1.filler = "陈晓"
        a1.phone = "13907910001"
        a1.supervisor = "刘志强"
        var values: [String: WriteValue] = [:]
        for f in Templates.attachment1.fields { values[f.id] = .number(0) }
        for id in ["persons_total_below_township", "form1_village", "admonishments"] { values[id] = .number(Double(clues)) }
        values["problems_found"] = .number(Double(problemsFound ?? clues))
        values["amount_wan"] = .number(Double(clues) * 1.5)
        a1.rows = [values]
        var a2 = a1
        a2.rows = (0..<clues).map { i in
            ["seq": .number(Double(i + 1)), "source_channel": .string("信访举报"), "place": .string("\(district)第\(i + 1)村"),
             "persons": .string("\(district)干部\(i + 1)"), "posts": .string("村主任"), "ranks": .string("村社干部"),
             "summary": .string("反映\(district)第\(i + 1)村危房改造对象认定不实（\(cluesOf ?? month)月第\(i + 1)件）。"),
             "amount_wan": .number(1.5), "disposition": .string(dispositions?[i] ?? "初步核实"), "rectification": .string("正在核实"),
             "recovered_wan": .number(0), "accountable_persons": .number(1)]
        }
        var w = WorkbookWriter()
        w.sheets = [TemplateWriter.sheet(Templates.attachment1, name: "附件1", content: a1),
                    TemplateWriter.sheet(Templates.attachment2, name: "附件2", content: a2)]
        w.modified = date("2026-11-20T09:00:00+08:00")
        let path = Scratch.path("weigai-wb") + ".xlsx"
        try! w.write(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return [UInt8](FileManager.default.contents(atPath: path)!)
    }

    /// Every file under `folder`, relative path → content.
    static func snapshot(_ folder: String) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return out }
        while let relative = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isFolder), !isFolder.boolValue {
                out[relative] = FileManager.default.contents(atPath: folder + "/" + relative)
            }
        }
        return out
    }

    /// The rows of an output CSV (BOM and CRLF removed), split naively: for fields without commas.
    static func rows(_ path: String) -> [[String]] {
        let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
            .replacingOccurrences(of: "\u{FEFF}", with: "")
        return text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.dropFirst().map { $0.components(separatedBy: ",") }
    }

    static func text(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }

    /// The lines of `weigai dump` of a workbook.
    static func dump(_ path: String) throws -> [String] {
        let out = Scratch.path("weigai-dump") + ".csv"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let writer = ByteWriter(fileDescriptor: fd, name: out)
        try CellDump.write(Workbook(path: path), to: writer)
        try writer.flush()
        close(fd)
        return text(out).components(separatedBy: "\n").filter { !$0.isEmpty }
    }

    static func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }
}
