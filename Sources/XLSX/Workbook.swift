import CLibXML2

/// A sheet as the workbook lists it.
public struct SheetInfo: Sendable, Hashable {
    public enum Kind: String, Sendable { case worksheet, chartsheet, dialogsheet, macrosheet, unknown }
    public enum Visibility: String, Sendable { case visible, hidden, veryHidden }

    public let name: String
    public let kind: Kind
    public let visibility: Visibility
    /// The sheet's part in the package (`xl/worksheets/sheet1.xml`); nil if its relationship is missing.
    public let part: String?
    /// Position in workbook order, from 0.
    public let index: Int
}

/// An `.xlsx`/`.xlsm` package opened for reading: its sheets, shared strings, styles and date
/// system. Sheet data is not read until asked for, and then streamed.
public final class Workbook {
    /// The name used in messages (the path, or the name given for in-memory bytes).
    public let file: String
    public let sheets: [SheetInfo]
    /// True for the 1904 date system (old Mac workbooks).
    public let date1904: Bool
    /// A large table is read on a thread of its own while sheets stream (see `SharedStrings`);
    /// an error in it is then thrown by the sheet stream that reaches it, not by `init`.
    public let sharedStrings: SharedStrings
    public let styles: Styles
    /// Workbook-level defined names and what they refer to (`Lists` → `Sheet2!$A$1:$A$8`).
    public let definedNames: [String: String]
    /// Problems the reader worked around (a broken optional part); empty for a clean package.
    public private(set) var warnings: [String] = []
    let archive: ZipArchive
    /// The workbook part (`xl/workbook.xml`).
    let mainPart: String

    /// The worksheets, in workbook order: what the forms read.
    public var worksheets: [SheetInfo] { sheets.filter { $0.kind == .worksheet } }

    /// The sheets whose parts hold cells: worksheets and the macro sheets of an `.xlsm` (read as
    /// worksheets, as openpyxl does), in workbook order. Chart and dialog sheets hold none.
    public var cellSheets: [SheetInfo] { sheets.filter { $0.kind == .worksheet || $0.kind == .macrosheet } }

    public convenience init(path: String, displayName: String? = nil, limits: ReadLimits = .default) throws {
        try self.init(archive: ZipArchive(path: path, displayName: displayName, limits: limits))
    }

    public convenience init(bytes: [UInt8], displayName: String, limits: ReadLimits = .default) throws {
        try self.init(archive: ZipArchive(bytes: bytes, displayName: displayName, limits: limits))
    }

    init(archive: ZipArchive) throws {
        _ = libxml2Ready
        self.archive = archive
        file = archive.file
        let types = try ContentTypes.read(from: archive)
        var root: [Relationship] = []
        do {
            root = try Relationships.read(for: "", in: archive)
        } catch let error as XLSXError {
            guard case .malformedXML = error else { throw error }
            warnings.append("\(error.description); the workbook part was located without it")
        }
        let candidates = [root.first { $0.kind == "officeDocument" }?.target,
                          types.part(endingWith: ".sheet.main+xml"),
                          types.part(endingWith: ".sheet.macroEnabled.main+xml"),
                          types.part(endingWith: ".template.main+xml"),
                          "xl/workbook.xml"]
        guard let workbookPart = candidates.compactMap({ $0 }).first(where: archive.contains) else {
            throw XLSXError.missingPart(file: file, part: "xl/workbook.xml")
        }
        mainPart = workbookPart
        let rels = try Relationships.read(for: workbookPart, in: archive)
        let byID = Dictionary(rels.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        let handler = WorkbookHandler()
        try archive.stream(workbookPart, into: handler)
        date1904 = handler.date1904
        definedNames = handler.definedNames
        sheets = handler.sheets.enumerated().map { i, s in
            let rel = byID[s.relID]
            let kind: SheetInfo.Kind
            switch rel?.kind {
            case "worksheet": kind = .worksheet
            case "chartsheet": kind = .chartsheet
            case "dialogsheet": kind = .dialogsheet
            case "xlMacrosheet", "xlIntlMacrosheet": kind = .macrosheet
            default: kind = .unknown
            }
            return SheetInfo(name: s.name, kind: kind, visibility: s.visibility,
                             part: rel?.target.flatMap { archive.contains($0) ? $0 : nil }, index: i)
        }

        let dir = workbookPart.splitASCII { $0 == UInt8(ascii: "/") }.dropLast().joined(separator: "/")
        func part(_ kind: String, fallback: String) -> String? {
            if let t = rels.first(where: { $0.kind == kind })?.target, archive.contains(t) { return t }
            let guess = dir.isEmpty ? fallback : "\(dir)/\(fallback)"
            return archive.contains(guess) ? guess : nil
        }
        sharedStrings = try part("sharedStrings", fallback: "sharedStrings.xml")
            .map { try SharedStrings.read(from: archive, part: $0) } ?? SharedStrings()
        styles = try part("styles", fallback: "styles.xml")
            .map { try Styles.read(from: archive, part: $0) } ?? Styles()
    }

    /// The sheet named `name` (exact match).
    public func sheet(named name: String) throws -> SheetInfo {
        guard let s = sheets.first(where: { $0.name == name }) else {
            throw XLSXError.noSuchSheet(file: file, sheet: name)
        }
        return s
    }
}

/// `<workbookPr date1904="1"/>` and `<sheets><sheet name sheetId state r:id/></sheets>`.
private final class WorkbookHandler: XMLStreamHandler {
    var date1904 = false
    var sheets: [(name: String, relID: String, visibility: SheetInfo.Visibility)] = []
    var definedNames: [String: String] = [:]
    private var definedName: String?
    private var definedText: [UInt8] = []
    var failure: Error? { nil }

    func start(_ name: XMLName, _ attributes: XMLAttributes) {
        if name.is("sheet") {
            let visibility: SheetInfo.Visibility
            switch attributes.string("state") {
            case "hidden": visibility = .hidden
            case "veryHidden": visibility = .veryHidden
            default: visibility = .visible
            }
            sheets.append((attributes.string("name") ?? "", attributes.string("id") ?? "", visibility))
        } else if name.is("workbookPr"), let v = attributes.string("date1904") {
            date1904 = v == "1" || v.lowercased() == "true"
        } else if name.is("definedName"), attributes.value("localSheetId") == nil {
            definedName = attributes.string("name")
            definedText.removeAll()
        }
    }

    func end(_ name: XMLName) {
        if name.is("definedName"), let n = definedName {
            definedNames[n] = String(decoding: definedText, as: UTF8.self)
            definedName = nil
        }
    }

    func text(_ bytes: UnsafeRawBufferPointer) {
        if definedName != nil { definedText.append(contentsOf: bytes) }
    }
}

/// libxml2 sets up its global state on first use, and that is not thread-safe: done once here
/// (Swift runs a global's initializer exactly once), before any two threads can parse at once.
private let libxml2Ready: Void = xmlInitParser()
