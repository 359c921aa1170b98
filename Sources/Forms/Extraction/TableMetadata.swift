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
    public var values: [String: Decimal]
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

/// One row of Attachment 2.
public struct Clue: Sendable, Equatable, Codable {
    public var row: Int
    public var seq: Int?
    public var sourceChannel: String
    public var place: String
    /// The 姓名, 职务 and 级别 cells as written.
    public var personsText: String
    public var postsText: String
    public var ranksText: String
    public var persons: [CluePerson]
    public var summary: String
    public var amountWan: Decimal?
    public var disposition: String
    public var rectification: String
    public var recoveredWan: Decimal?
    /// nil when the cell could not be read (reported).
    public var accountablePersons: Int?
    /// Field id → the cell it was read from.
    public var cells: [String: CellAddress]

    /// Splits a 姓名, 职务 or 级别 cell into its items (、，,;；/ line breaks and spaces).
    public static func split(_ s: String) -> [String] {
        s.split(whereSeparator: { "、，,;；/\n\r\t ".contains($0) || $0 == "\u{3000}" }).map(String.init)
    }

    /// The same clue in any month: place, names and summary, normalized.
    public var fingerprint: String {
        [place, persons.map(\.name).joined(separator: "、"), summary].map(Label.normalize).joined(separator: "|")
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
}
