import Foundation
import Testing
@testable import Forms
@testable import XLSX

/// A district month that passes every check: Attachment 1 agrees with itself and with the two
/// clues of `Fixtures.clueRows` (2 problems, 12.5 万元, one 乡科级 and one 村社干部 handled).
/// The check tests change one thing of it and expect one finding.
enum Clean {
    static let a1Values: [String: Double] = {
        var v: [String: Double] = [:]
        for f in Templates.attachment1.fields { v[f.id] = 0 }
        v["problems_found"] = 2
        v["problems_closed"] = 1
        v["units_self_examination"] = 1
        v["persons_total_township"] = 1
        v["persons_total_below_township"] = 1
        v["party_sanctions_township"] = 1
        v["admonishments"] = 1
        v["form1_village"] = 1
        v["form2_township_and_below"] = 1
        v["amount_wan"] = 12.5
        return v
    }()

    static func a1(district: String? = "东湖区", month: Int? = 11,
                   _ edit: (inout TableContent) -> Void = { _ in }) -> SheetSpec {
        var c = Fixtures.attachment1Content(district: district ?? "", month: month ?? 11)
        c.district = district
        c.month = month
        c.rows = [a1Values.mapValues { .number($0) }]
        edit(&c)
        return TemplateWriter.sheet(Templates.attachment1, name: "附件1", content: c)
    }

    static func a2(district: String? = "东湖区", month: Int? = 11,
                   lists: [DropDownList.ID: DropDownList] = DropDownList.defaults,
                   _ edit: (inout TableContent) -> Void = { _ in }) -> SheetSpec {
        var c = Fixtures.attachment2Content(district: district ?? "", month: month ?? 11)
        c.district = district
        c.month = month
        edit(&c)
        return TemplateWriter.sheet(Templates.attachment2, name: "附件2", content: c, lists: lists)
    }

    /// Writes `sheets` as one workbook named `name` and reads it back.
    static func read(_ sheets: [SheetSpec], name: String = "东湖区11月.xlsx",
                     config: Configuration = Configuration(), limits: ReadLimits = .default) throws -> ExtractedFile {
        let path = Fixtures.temporaryPath(name)
        var w = WorkbookWriter()
        w.sheets = sheets
        try w.write(to: path)
        return FormReader(knownDistricts: config.roster, limits: limits).read(path: path, displayName: name)
    }

    /// A clerk's self-check of one workbook.
    static func check(_ sheets: [SheetSpec], name: String = "东湖区11月.xlsx",
                      config: Configuration = Configuration(), expectedPeriod: Period? = nil) throws -> [Anomaly] {
        Auditor(config: config).check([try read(sheets, name: name, config: config)], expectedPeriod: expectedPeriod)
    }

    static let november = Period(year: 2026, month: 11)!

    /// A moment in Beijing time, `2026-11-25 10:00`.
    static func at(_ text: String) -> Date {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.date(from: text.count == 16 ? text + ":00" : text)!
    }
}

/// The one finding of `id` among `found` (or `count` of them), checked for its category,
/// severity, place (`附件1!F8`, a sheet alone, or "" for none) and figures.
@discardableResult
func expectFinding(_ found: [Anomaly], _ id: String, _ category: Forms.Category, _ severity: Severity, at place: String,
                   expected: String? = nil, actual: String? = nil, count: Int = 1,
                   sourceLocation: SourceLocation = #_sourceLocation) -> Anomaly? {
    let hits = found.filter { $0.rule.id == id }
    #expect(hits.count == count, "\(id): \(hits.count) found; all: \(found.map { "\($0.rule.id)@\($0.place)" })",
            sourceLocation: sourceLocation)
    guard let a = hits.first else { return nil }
    #expect(a.category == category && a.severity == severity, "\(id)", sourceLocation: sourceLocation)
    #expect(a.place == place, "\(id)", sourceLocation: sourceLocation)
    if let expected { #expect(a.expected == expected, "\(id) expected", sourceLocation: sourceLocation) }
    if let actual { #expect(a.actual == actual, "\(id) actual", sourceLocation: sourceLocation) }
    #expect(!a.message.contains("{"), "unfilled placeholder: \(a.message)", sourceLocation: sourceLocation)
    return a
}

/// None of `ids` among `found`.
func expectNone(_ found: [Anomaly], _ ids: String..., sourceLocation: SourceLocation = #_sourceLocation) {
    let hits = found.filter { ids.contains($0.rule.id) }
    #expect(hits.isEmpty, "\(hits.map { "\($0.rule.id)@\($0.place): \($0.message)" })", sourceLocation: sourceLocation)
}

extension SheetSpec {
    /// The same sheet with every cell and merge moved by `move`; a cell, or a merge with a
    /// corner, that it maps to nil is dropped. Validations stay where they were.
    func moving(_ move: (CellAddress) -> CellAddress?) -> SheetSpec {
        var out = self
        for a in cells.keys { out.set(a, nil) }
        for (a, e) in cells { if let b = move(a) { out.set(b, e.value, style: e.style) } }
        out.merges = merges.compactMap { m in
            guard let first = move(m.first), let last = move(m.last) else { return nil }
            return CellRange(first, last)
        }
        return out
    }

    func removingColumn(_ column: Int) -> SheetSpec {
        moving { a in
            a.column == column ? nil : a.column < column ? a : CellAddress(row: a.row, column: a.column - 1)
        }
    }

    func swappingColumns(_ x: Int, _ y: Int) -> SheetSpec {
        moving { a in
            CellAddress(row: a.row, column: a.column == x ? y : a.column == y ? x : a.column)
        }
    }

    func insertingRow(before row: Int) -> SheetSpec {
        moving { a in a.row < row ? a : CellAddress(row: a.row + 1, column: a.column) }
    }
}

/// Rewrites a package part by part, for the files our writer will not produce (a DTD, an
/// Excel error value).
func rewritePackage(_ path: String, _ edit: (_ part: String, _ text: String) -> String) throws {
    let archive = try ZipArchive(path: path)
    let parts = try archive.names.map { ($0, try archive.readAll($0)) }
    let z = try ZipWriter(path: path + ".new")
    for (name, bytes) in parts { try z.add(name, text: edit(name, String(decoding: bytes, as: UTF8.self))) }
    try z.close()
    try FileManager.default.removeItem(atPath: path)
    try FileManager.default.moveItem(atPath: path + ".new", toPath: path)
}
