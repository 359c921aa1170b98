import Foundation
import XLSX

/// What surrounds a table: title, 填报单位 and 填报时间 above it; 填表人, 联系电话 and
/// 单位分管负责人 below it. Each item keeps the cell it came from.
public struct TableMetadata: Sendable, Equatable, Codable {
    public var file: String
    public var sheet: String
    public var attachment: Attachment
    public var title: String = ""
    public var titleCell: CellAddress?
    public var district: String?
    /// Where the district came from when the title lacks it: `填报单位` or `文件名`.
    public var districtSource: String?
    /// The month of the title's `（M月份）`.
    public var month: Int?
    public var period: Period?
    public var unit: String = ""
    public var filledOn: SimpleDate?
    /// 填报时间 as written, when it is not a readable date.
    public var filledOnText: String = ""
    public var filler: String = ""
    public var phone: String = ""
    public var supervisor: String = ""
    /// The cell of each labelled item (`填报时间`, `填表人`, …), for anomalies.
    public var cells: [String: CellAddress] = [:]
}

/// Attachment 1 of one district and month.
public struct Attachment1Report: Sendable, Equatable, Codable {
    public var meta: TableMetadata
    /// `canonical` or the known variant's name.
    public var layout: String
    /// Field id → value, for every field whose column was found (blank counts read as 0).
    public var values: FieldValues
    /// Field id → the cell it was read from.
    public var cells: [String: CellAddress]
    public var remarks: String = ""
    public var remarksCell: CellAddress?
    public var typicalCases: [String] = []
    public var typicalCasesCell: CellAddress?
    public var row: Int
}

/// One person a clue names, aligned from the 姓名, 职务 and 级别 cells.
public struct CluePerson: Sendable, Equatable, Codable {
    public var name: String
    public var post: String
    public var rank: String
}

extension CluePerson {
    static func sameBytes(_ a: CluePerson, _ b: CluePerson) -> Bool {
        Label.sameBytes(a.name, b.name) && Label.sameBytes(a.post, b.post) && Label.sameBytes(a.rank, b.rank)
    }
}

/// A clue's persons, without an array for the one person most clues name.
public struct CluePersons: RandomAccessCollection, Sendable {
    private let listed: [CluePerson]
    /// The one person, when the cells are it: no `Optional`, whose unwrapping copied it.
    private let cells: CluePerson
    private let areCells: Bool

    init(listed: [CluePerson]) {
        self.listed = listed
        cells = CluePerson(name: "", post: "", rank: "")
        areCells = false
    }

    init(cells: CluePerson) {
        listed = []
        self.cells = cells
        areCells = true
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { areCells ? 1 : listed.count }
    public subscript(i: Int) -> CluePerson { areCells ? cells : listed[i] }
}

/// One row of Attachment 2.
public struct Clue: Sendable, Equatable, Codable {
    /// The row (at most `CellAddress.maxRow`) and which optional figures the clue has, in one
    /// word; each optional figure is kept beside them, zero when absent. Each `Int?` and
    /// `Decimal?` took a word or four bytes more for its flag: 208 bytes a clue, not 232 (2.3 MB
    /// of a national month's peak).
    private var storedRow: Int32
    private var present: Present
    private var storedSeq: Int
    private var storedAccountablePersons: Int
    public var sourceChannel: String
    public var place: String
    /// The 姓名, 职务 and 级别 cells as written.
    public var personsText: String
    public var postsText: String
    public var ranksText: String
    /// The persons, when they are not simply the one person the three cells are (each whole
    /// or blank): nil for nearly every clue (`listing(_:)`). An array of one for every clue was
    /// 7.5 MB of a national month's peak.
    var listedPersons: [CluePerson]?
    public var summary: String
    public var disposition: String
    public var rectification: String
    /// Field id → column: the register's, shared by its clues (a dictionary per clue was a
    /// tenth of a national month's memory).
    var columns: [String: Int]
    private var storedAmountWan: Decimal
    private var storedRecoveredWan: Decimal

    private struct Present: OptionSet, Sendable, Equatable, Codable {
        let rawValue: UInt8
        static let seq = Present(rawValue: 1), amountWan = Present(rawValue: 2), recoveredWan = Present(rawValue: 4)
        static let accountablePersons = Present(rawValue: 8)
    }

    public var row: Int {
        get { Int(storedRow) }
        set { storedRow = Int32(newValue) }
    }

    public var seq: Int? {
        get { present.contains(.seq) ? storedSeq : nil }
        set { storedSeq = set(.seq, newValue, 0) }
    }

    public var amountWan: Decimal? {
        get { present.contains(.amountWan) ? storedAmountWan : nil }
        set { storedAmountWan = set(.amountWan, newValue, 0) }
    }

    public var recoveredWan: Decimal? {
        get { present.contains(.recoveredWan) ? storedRecoveredWan : nil }
        set { storedRecoveredWan = set(.recoveredWan, newValue, 0) }
    }

    /// nil when the cell could not be read (reported).
    public var accountablePersons: Int? {
        get { present.contains(.accountablePersons) ? storedAccountablePersons : nil }
        set { storedAccountablePersons = set(.accountablePersons, newValue, 0) }
    }

    /// Marks whether `value` is there; returns what to keep (`absent` when it is not), so that
    /// equal clues hold equal bytes.
    private mutating func set<T>(_ flag: Present, _ value: T?, _ absent: T) -> T {
        if value == nil { present.remove(flag) } else { present.insert(flag) }
        return value ?? absent
    }

    init(row: Int, seq: Int?, sourceChannel: String, place: String, personsText: String, postsText: String, ranksText: String,
         persons: [CluePerson], summary: String, amountWan: Decimal?, disposition: String, rectification: String,
         recoveredWan: Decimal?, accountablePersons: Int?, columns: [String: Int]) {
        storedRow = Int32(row)
        present = []
        (storedSeq, storedAccountablePersons, storedAmountWan, storedRecoveredWan) = (0, 0, 0, 0)
        self.sourceChannel = sourceChannel
        self.place = place
        self.personsText = personsText
        self.postsText = postsText
        self.ranksText = ranksText
        self.summary = summary
        self.disposition = disposition
        self.rectification = rectification
        self.columns = columns
        self.seq = seq
        self.amountWan = amountWan
        self.recoveredWan = recoveredWan
        self.accountablePersons = accountablePersons
        listedPersons = listing(persons)
    }

    /// `persons` as `listedPersons` holds them: nil when they are the one person the cells are.
    func listing(_ persons: [CluePerson]) -> [CluePerson]? {
        if cellsBlank { return persons.isEmpty ? nil : persons }
        return persons.count == 1 && CluePerson.sameBytes(persons[0], cellsPerson) ? nil : persons
    }

    /// The 姓名, 职务 and 级别 cells all blank: no person, rather than one of blanks.
    private var cellsBlank: Bool { personsText.isEmpty && postsText.isEmpty && ranksText.isEmpty }
    /// The one person the three cells are.
    private var cellsPerson: CluePerson { CluePerson(name: personsText, post: postsText, rank: ranksText) }

    /// The persons the 姓名, 职务 and 级别 cells name, aligned: made at each read (four
    /// references retained), so a caller reading them more than once keeps one. (No `Optional`
    /// on the way: unwrapping one copied the person again, 8 M instructions a 300-district month.)
    public var persons: CluePersons {
        if let listedPersons { return CluePersons(listed: listedPersons) }
        return cellsBlank ? CluePersons(listed: []) : CluePersons(cells: cellsPerson)
    }

    /// Field id → the cell it was read from.
    public var cells: [String: CellAddress] { columns.mapValues { CellAddress(row: row, column: $0) } }

    func cell(_ id: String) -> CellAddress? { columns[id].map { CellAddress(row: row, column: $0) } }

    /// Splits a 姓名, 职务 or 级别 cell into its items (、，,;；/ line breaks and spaces).
    /// An item that is the whole cell (one person, as most clues name) is the cell's own
    /// `String`, sharing its storage rather than copying it for every clue of a month.
    public static func split(_ s: String) -> [String] {
        var items: [String] = []
        var t = s
        let simple = t.withUTF8 { b in
            eachItem(b) { items.append($0.count == b.count ? s : String(decoding: UnsafeBufferPointer(rebasing: b[$0]), as: UTF8.self)) }
        }
        return simple ? items : splitByCharacters(s)
    }

    /// How many items `split` finds, without making them.
    static func itemCount(_ s: String) -> Int {
        var n = 0
        var t = s
        let simple = t.withUTF8 { b in eachItem(b) { _ in n += 1 } }
        return simple ? n : splitByCharacters(s).count
    }

    /// `split` by `Character`: the definition, and the way for text that is not simple.
    static func splitByCharacters(_ s: String) -> [String] { s.split(whereSeparator: isSeparator).map(String.init) }

    private static func isSeparator(_ c: Character) -> Bool { "、，,;；/\n\r\t ".contains(c) || c == "\u{3000}" }

    /// `split` on the bytes of simple text (`Label.isSimple`), checked as it goes: every
    /// separator is one character, except a CR or LF of a CR LF. Returns false, having handed
    /// over only part of the items, at a scalar that is not simple.
    private static func eachItem(_ b: UnsafeBufferPointer<UInt8>, _ item: (Range<Int>) -> Void) -> Bool {
        var start = 0
        var i = 0
        func cut(_ length: Int) {
            if i > start { item(start..<i) }
            i += length
            start = i
        }
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "/"), UInt8(ascii: "\t"), UInt8(ascii: " "): cut(1)
            case 0x0D where i + 1 < b.count && b[i + 1] == 0x0A: i += 2
            case 0x0A, 0x0D: cut(1)
            case 0xE3 where b[i + 1] == 0x80 && (b[i + 2] == 0x81 || b[i + 2] == 0x80): cut(3)  // 、 U+3000
            case 0xEF where b[i + 1] == 0xBC && (b[i + 2] == 0x8C || b[i + 2] == 0x9B): cut(3)  // ， ；
            default:
                guard let length = Label.simpleLength(b, at: i) else { return false }
                i += length
            }
        }
        cut(0)
        return true
    }

    /// The same clue twice in a register: place, names and summary, normalized, as a key. Each
    /// part's NFC bytes are joined by `|`, which combines with nothing: the key of the joined
    /// text, without making it.
    /// The names go in one by one with `、` between them: it combines with nothing either, so
    /// that is the key of the names joined.
    var fingerprintKey: TextKey {
        var bytes: [UInt8] = []
        let persons = self.persons  // made once (see `persons`)
        bytes.reserveCapacity(place.utf8.count + summary.utf8.count + persons.reduce(2) { $0 + $1.name.utf8.count + 3 })
        Label.appendNormalized(place, to: &bytes)
        bytes.append(UInt8(ascii: "|"))
        for (i, p) in persons.enumerated() {
            if i > 0 { bytes += "、".utf8 }
            Label.appendNormalized(p.name, to: &bytes)
        }
        bytes.append(UInt8(ascii: "|"))
        Label.appendNormalized(summary, to: &bytes)
        return TextKey(bytes: bytes)
    }
}

/// Attachment 2 of one district and month.
public struct ClueRegister: Sendable, Equatable, Codable {
    public var meta: TableMetadata
    public var clues: [Clue]
    /// The drop-down lists the workbook itself carries for each list column, when it has them.
    public var workbookLists: [DropDownList.ID: [String]] = [:]
    /// Field id → column, for anomalies about a whole column.
    public var columns: [String: Int]
    /// The row right under the header.
    public var firstDataRow: Int
}

/// Everything read from one file.
public struct ExtractedFile: Sendable, Codable {
    public var file: String
    public var sha256: String
    public var attachment1: [Attachment1Report] = []
    public var registers: [ClueRegister] = []
    public var anomalies: [Anomaly] = []
    /// True when the file could not be read as a workbook at all.
    public var unreadable = false
    /// Why it could not be read, in English with the library's detail: for logs, never for clerks.
    public var readError: String?
}
