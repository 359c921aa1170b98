/// Why a package could not be read or written. Every case names the file, and the part or
/// sheet where there is one.
public enum XLSXError: Error, Equatable, CustomStringConvertible {
    /// Not a zip archive, or a truncated or corrupt one.
    case notAZip(file: String, detail: String)
    /// An OLE compound file (`D0 CF 11 E0`): a password-protected workbook or a legacy `.xls`.
    case encrypted(file: String)
    /// Two entries of the zip share a name, or names equal under OPC's case-insensitive
    /// comparison (`xl/worksheets/sheet1.xml`, `xl/worksheets/Sheet1.xml`): readers disagree on
    /// which one they take, so the package is refused. Both entry names, as stored.
    case ambiguousPart(file: String, first: String, second: String)
    /// A part the package needs is absent.
    case missingPart(file: String, part: String)
    /// A part is not well-formed XML.
    case malformedXML(file: String, part: String, line: Int, detail: String)
    /// A part declares a DTD or entities; refused so no entity can expand or be fetched.
    case dtdRefused(file: String, part: String)
    /// A part inflates past the configured limits (a decompression bomb).
    case tooLarge(file: String, part: String, detail: String)
    /// The archive holds more entries than the configured limit.
    case tooManyEntries(file: String, count: Int, limit: Int)
    /// A part could not be inflated (bad CRC, bad deflate stream).
    case corruptPart(file: String, part: String, detail: String)
    /// The file could not be read at all.
    case io(file: String, detail: String)
    /// The file could not be written (a missing folder, a full disk, no permission).
    case unwritable(file: String, detail: String)
    /// A sheet named by the caller is not in the workbook.
    case noSuchSheet(file: String, sheet: String)
    /// A cell whose stored value contradicts its type (a number that is not one, a shared
    /// string index past the table).
    case badCell(file: String, sheet: String, cell: String, detail: String)
    /// A sheet name Excel refuses (empty, over 31 characters, one of `[]:*?/\`, used twice…).
    case invalidSheetName(file: String, sheet: String, detail: String)
    /// Content the writer was given that Excel would refuse or "repair" on opening
    /// (overlapping merges, a cell outside the grid, an inline list over 255 characters…);
    /// `sheet` is nil for a workbook-wide problem.
    case invalidContent(file: String, sheet: String?, detail: String)

    public var file: String {
        switch self {
        case .notAZip(let f, _), .encrypted(let f), .ambiguousPart(let f, _, _), .missingPart(let f, _),
             .malformedXML(let f, _, _, _), .dtdRefused(let f, _), .tooLarge(let f, _, _),
             .tooManyEntries(let f, _, _), .corruptPart(let f, _, _), .io(let f, _), .unwritable(let f, _),
             .noSuchSheet(let f, _), .badCell(let f, _, _, _), .invalidSheetName(let f, _, _),
             .invalidContent(let f, _, _):
            return f
        }
    }

    public var description: String {
        switch self {
        case .notAZip(let f, let d):
            return "\(f): not a valid zip archive (truncated or corrupt): \(d)"
        case .encrypted(let f):
            return "\(f): encrypted workbook: an OLE compound file, not a zip package (remove the password or save as .xlsx)"
        case .ambiguousPart(let f, let a, let b):
            return "\(f): duplicate part name (OPC part names compare case-insensitively): refused: entries \"\(a)\" and \"\(b)\""
        case .missingPart(let f, let p):
            return "\(f): missing part \(p): not a spreadsheet package"
        case .malformedXML(let f, let p, let line, let d):
            return "\(f): \(p) line \(line): malformed XML: \(d)"
        case .dtdRefused(let f, let p):
            return "\(f): \(p): XML part declares a DTD or entities: refused"
        case .tooLarge(let f, let p, let d):
            return "\(f): \(p): part too large (possible decompression bomb): \(d)"
        case .tooManyEntries(let f, let n, let limit):
            return "\(f): too many entries in the package (\(n), limit \(limit))"
        case .corruptPart(let f, let p, let d):
            return "\(f): \(p): corrupt compressed data: \(d)"
        case .io(let f, let d):
            return "\(f): cannot read: \(d)"
        case .unwritable(let f, let d):
            return "\(f): cannot write: \(d)"
        case .noSuchSheet(let f, let s):
            return "\(f): no sheet named \(s)"
        case .badCell(let f, let s, let c, let d):
            return "\(f): sheet \(s) cell \(c): \(d)"
        case .invalidSheetName(let f, let s, let d):
            return "\(f): cannot write sheet name \"\(s)\": \(d)"
        case .invalidContent(let f, let s?, let d):
            return "\(f): cannot write sheet \(s): \(d)"
        case .invalidContent(let f, nil, let d):
            return "\(f): cannot write: \(d)"
        }
    }
}

extension XLSXError {
    /// What went wrong, in Chinese, for the clerk who sent the file (receipts, anomalies,
    /// `weigai check`): no file path and no library's own message; the part, sheet or cell is
    /// named where there is one. `description` stays in English for logs.
    public var chinese: String {
        switch self {
        case .notAZip:
            return "不是有效的 .xlsx 文件（不是 zip 压缩包，或文件不完整、已损坏）"
        case .encrypted:
            return "文件设置了打开密码（已加密），或是旧版 .xls 格式，不是 .xlsx 文件"
        case .ambiguousPart(_, let a, let b):
            return "文件包内有两个同名部件（「\(a)」与「\(b)」），不同软件会读出不同的内容，已拒收"
        case .missingPart(_, let p):
            return "文件缺少必需的内容（\(Self.partInChinese(p))），不是完整的电子表格"
        case .malformedXML(_, let p, let line, _):
            return "文件内部的 XML 数据已损坏（\(Self.partInChinese(p)) 第 \(line) 行）"
        case .dtdRefused(_, let p):
            return "文件内部的 XML（\(Self.partInChinese(p))）声明了 DTD 或实体，出于安全原因拒收"
        case .tooLarge(_, let p, _):
            return "\(Self.partInChinese(p)) 解压后超出读取限制（疑似压缩炸弹）"
        case .tooManyEntries(_, let n, let limit):
            return "文件包内的部件过多（\(n) 个，上限 \(limit) 个）"
        case .corruptPart(_, let p, _):
            return "\(Self.partInChinese(p)) 的压缩数据已损坏，文件可能不完整"
        case .io:
            return "无法打开文件（文件不存在或没有读取权限）"
        case .unwritable:
            return "无法写入文件（文件夹不存在、磁盘已满或没有写入权限）"
        case .noSuchSheet(_, let s):
            return "找不到工作表「\(s)」"
        case .badCell(_, let s, let c, _):
            return "工作表「\(s)」\(c) 单元格保存的值与其类型不符，文件可能已损坏"
        case .invalidSheetName(_, let s, _):
            return "无法写入工作表名「\(s)」：Excel 不允许这个名称"
        case .invalidContent(_, let s?, _):
            return "无法写入工作表「\(s)」：内容不符合 Excel 的要求"
        case .invalidContent(_, nil, _):
            return "无法写入：内容不符合 Excel 的要求"
        }
    }

    /// A part as a clerk can place it: `部件 xl/worksheets/sheet1.xml`, or the sheet's name
    /// where the reader only knew the sheet.
    private static func partInChinese(_ part: String) -> String {
        let sheetPrefix = "the part of sheet "
        if part.hasPrefix(sheetPrefix) { return "工作表「\(part.dropFirst(sheetPrefix.count))」" }
        return "部件 \(part)"
    }
}
