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
             .tooManyEntries(let f, _, _), .corruptPart(let f, _, _), .io(let f, _),
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
