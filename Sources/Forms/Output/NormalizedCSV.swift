import Foundation
import XLSX

/// The normalized tables of the output contract (DOMAIN.md): attachment1.csv, clues.csv,
/// clue_persons.csv, and fields.csv, the data dictionary.
public enum NormalizedCSV {
    /// Field ids of the canonical Attachment 1, then those only the known variant has.
    static let attachment1Fields = Templates.attachment1.fields.map(\.id)
    static let variantFields = Templates.attachment1AdminByRank.fields.map(\.id).filter { !attachment1Fields.contains($0) }

    public static func attachment1(_ reports: [(Attachment1Report, sha256: String)]) -> CSVTable {
        CSVTable.whole { attachment1(reports, partRows: .max, $0) }
    }

    /// attachment1.csv made and handed to `part` a part of `partRows` rows at a time
    /// (`CSVTable.endRow(partRows:full:)`); so are the other large tables.
    public static func attachment1(_ reports: [(Attachment1Report, sha256: String)], partRows: Int,
                                   _ part: (CSVTable) throws -> Void) rethrows {
        var t = CSVTable(header: ["period", "district", "source_file", "sha256", "filled_on", "filler", "phone",
                                  "supervisor"] + attachment1Fields + ["remarks", "typical_cases", "layout"] + variantFields,
                         rows: min(partRows, reports.count))
        for (r, sha) in reports {
            let m = r.meta
            t.text(m.period?.description ?? "")
            t.text(m.district ?? "")
            t.text(m.file)
            t.text(sha)
            t.text(m.filledOn?.description ?? m.filledOnText)
            t.text(m.filler)
            t.text(m.phone)
            t.text(m.supervisor)
            for f in attachment1Fields { t.number(r.values[f]) }
            t.text(r.remarks)
            for (i, c) in r.typicalCases.enumerated() {
                if i > 0 { t.put("\n") }
                t.put(i + 1)
                t.put(".")
                t.put(c)
            }
            t.endText()
            t.text(r.layout)
            for f in variantFields { t.number(r.values[f]) }
            try t.endRow(partRows: partRows, full: part)
        }
        try part(t)
    }

    /// `东湖区-2026-11-`: the part of a clue id (`东湖区-2026-11-003`: district, period and 序号,
    /// or the sheet row when 序号 is unreadable) its register's clues share.
    static func clueIDPrefix(_ register: ClueRegister) -> String {
        "\(register.meta.district ?? "未知区")-\(register.meta.period?.description ?? "未知月份")-"
    }

    /// `003`: the part of a clue id its own.
    static func clueNumber(seq: Int?, row: Int) -> String {
        seq.map { $0 < 0 ? String(format: "%03d", $0) : $0 < 10 ? "00\($0)" : $0 < 100 ? "0\($0)" : String($0) } ?? "r\(row)"
    }

    /// A clue's id, `prefix` and its own part (`clueNumber`, a few bytes: a `String` held inline),
    /// as one field of `t`.
    static func clueID(_ prefix: String, seq: Int?, row: Int, in t: inout CSVTable) {
        t.put(prefix)
        t.put(clueNumber(seq: seq, row: row))
        t.endText()
    }

    public static func clues(_ registers: [ClueRegister]) -> CSVTable { CSVTable.whole { clues(registers, partRows: .max, $0) } }

    public static func clues(_ registers: [ClueRegister], partRows: Int, _ part: (CSVTable) throws -> Void) rethrows {
        var t = CSVTable(header: ["period", "district", "clue_id"] + Templates.attachment2.fields.map(\.id)
                                 + ["source_file", "sheet", "row"],
                         rows: min(partRows, registers.reduce(0) { $0 + $1.clues.count }))
        // Registers and clues read field by field in place: `for c in clues` copied each clue
        // here (its strings and arrays retained one by one, then released).
        for r in registers.indices {
            let (period, district, prefix) = registerFields(registers[r])
            let (file, sheet) = (registers[r].meta.file, registers[r].meta.sheet)
            let clues = registers[r].clues
            for j in clues.indices {
                t.text(period)
                t.text(district)
                clueID(prefix, seq: clues[j].seq, row: clues[j].row, in: &t)
                t.number(clues[j].seq)
                t.text(clues[j].sourceChannel)
                t.text(clues[j].place)
                let persons = clues[j].persons
                joined(persons, { $0.name }, in: &t)
                joined(persons, { $0.post }, in: &t)
                joined(persons, { $0.rank }, in: &t)
                t.text(clues[j].summary)
                t.number(clues[j].amountWan)
                t.text(clues[j].disposition)
                t.text(clues[j].rectification)
                t.number(clues[j].recoveredWan)
                t.number(clues[j].accountablePersons)
                t.text(file)
                t.text(sheet)
                t.number(clues[j].row)
                try t.endRow(partRows: partRows, full: part)
            }
        }
        try part(t)
    }

    /// A register's period, district and clue-id prefix, which each of its rows repeats: made once.
    private static func registerFields(_ reg: ClueRegister) -> (period: String, district: String, clueIDPrefix: String) {
        (reg.meta.period?.description ?? "", reg.meta.district ?? "", clueIDPrefix(reg))
    }

    /// The persons' non-empty `field`s joined with `、`, as one field of `t`.
    private static func joined(_ persons: CluePersons, _ field: (CluePerson) -> String, in t: inout CSVTable) {
        var first = true
        for i in persons.indices {
            let f = field(persons[i])
            if f.isEmpty { continue }
            if !first { t.put("、") }
            t.put(f)
            first = false
        }
        t.endText()
    }

    public static func cluePersons(_ registers: [ClueRegister]) -> CSVTable {
        CSVTable.whole { cluePersons(registers, partRows: .max, $0) }
    }

    public static func cluePersons(_ registers: [ClueRegister], partRows: Int, _ part: (CSVTable) throws -> Void) rethrows {
        var t = CSVTable(header: ["period", "district", "clue_id", "person_index", "name", "post", "rank"],
                         rows: min(partRows, registers.reduce(0) { $0 + $1.clues.reduce(0) { $0 + $1.persons.count } }))
        for r in registers.indices {  // in place, as `clues` reads them
            let (period, district, prefix) = registerFields(registers[r])
            let clues = registers[r].clues
            for j in clues.indices {
                let persons = clues[j].persons
                for i in persons.indices {
                    t.text(period)
                    t.text(district)
                    clueID(prefix, seq: clues[j].seq, row: clues[j].row, in: &t)
                    t.number(i + 1)
                    t.text(persons[i].name)
                    t.text(persons[i].post)
                    t.text(persons[i].rank)
                    try t.endRow(partRows: partRows, full: part)
                }
            }
        }
        try part(t)
    }

    /// The data dictionary: every field of every layout, with its Chinese label and header path.
    public static func fields() -> CSVTable {
        var t = CSVTable(header: ["attachment", "layout", "column", "id", "label", "header_path", "type", "unit"],
                         rows: Templates.all.reduce(0) { $0 + $1.fields.count })
        for template in Templates.all {
            for (i, f) in template.fields.enumerated() {
                let type: String
                switch f.type {
                case .count: type = "count"
                case .amount: type = "amount"
                case .text: type = "text"
                case .sequence: type = "sequence"
                case .choice(let id, let multiple): type = "choice:\(id.rawValue)\(multiple ? "*" : "")"
                }
                t.append([.text(template.attachment.label), .text(template.layout),
                          .text(CellAddress.columnLetters(i + 1)), .text(f.id), .text(f.label),
                          .text(f.path.joined(separator: "/")), .text(type), .text(f.unit)])
            }
        }
        return t
    }

    /// The auditors' table: one row per finding, worst first, then by district, file and cell;
    /// `root` names the primary finding (rule id and cell) when one correction resolves several.
    public static func anomalies(_ list: [Anomaly]) -> CSVTable { CSVTable.whole { anomalies(list, partRows: .max, $0) } }

    public static func anomalies(_ list: [Anomaly], partRows: Int, _ part: (CSVTable) throws -> Void) rethrows {
        try anomalies(inReadingOrder: sorted(list), partRows: partRows, part)
    }

    /// The table of findings already in reading order (`sorted`).
    public static func anomalies(inReadingOrder list: [Anomaly], partRows: Int, _ part: (CSVTable) throws -> Void) rethrows {
        var t = CSVTable(header: ["period", "district", "attachment", "file", "sheet", "cell", "rule_id", "category",
                                  "severity", "message", "expected", "actual", "suggestion", "root", "status", "explanation"],
                         rows: min(partRows, list.count))
        for a in list {
            t.text(a.period?.description ?? "")
            t.text(a.district ?? "")
            t.text(a.attachment?.label ?? "")
            t.text(a.file)
            t.text(a.sheet ?? "")
            t.text(a.cell?.a1 ?? "")
            t.text(a.rule.id)
            t.text(a.category.rawValue)
            t.text(a.severity.rawValue)
            t.text(a.message)
            t.text(a.expected)
            t.text(a.actual)
            t.text(a.suggestion)
            t.text(a.root)
            t.text(a.isOpen ? "open" : "explained")
            t.text(a.explanation ?? "")
            try t.endRow(partRows: partRows, full: part)
        }
        try part(t)
    }

    /// Severity, then district, file, sheet, row and column, in the order of `String`'s `<`. A
    /// month's findings (many districts and files) each get their key made once, the text as NFC
    /// bytes, which order alike without a Unicode-aware comparison of Chinese text for every pair;
    /// a district's or a file's few share their strings, which compare at once as they are.
    /// Those of one district or file taken from a list in this order are in this order.
    public static func sorted(_ list: [Anomaly]) -> [Anomaly] {
        let none = CellAddress(row: 0, column: 0)
        guard list.count > 64 else {
            return list.sorted(keyedBy: { a in (a.severity, a.district ?? "", a.file, a.sheet ?? "", a.cell ?? none) }, by: <)
        }
        // `String`'s order is that of the texts' NFC bytes (`TextKey`'s), so their ranks sort alike.
        let (district, file, sheet) = TextRanks.places(list)
        return list.indices.sorted(keyedBy: { i in (list[i].severity, district[i], file[i], sheet[i], list[i].cell ?? none) }, by: <)
            .map { list[$0] }
    }
}
