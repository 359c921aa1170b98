import Foundation

/// Writes an `.xlsx` workbook from sheet descriptions. It knows nothing of the forms: a caller
/// lays out cells, merges, widths and validations, and gets a package that Excel, WPS and
/// LibreOffice open without repairing it.
public struct WorkbookWriter: Sendable {
    public var sheets: [SheetSpec] = []
    /// Names of sheets written hidden (`state="hidden"`), e.g. one holding drop-down lists.
    public var hiddenSheets: Set<String> = []
    /// The 1904 date system; leave false unless the numbers written assume it.
    public var date1904 = false
    /// The time the package records (docProps/core.xml and every zip entry); nil for the time of
    /// writing. Set it when the same content must give the same bytes, e.g. a rebuilt output.
    public var modified: Date?

    public init() {}

    /// Writes the package to `path`, replacing any file there. libzip writes a temporary file
    /// and renames it, so readers never see half a workbook; on error nothing is written.
    public func write(to path: String) throws {
        try checkSheets(path)
        let active = sheets.firstIndex { !hiddenSheets.contains($0.name) }!
        var styles = StyleTable()
        var strings = SharedStringTable()
        let sheetParts = try sheets.enumerated().map { i, sheet in
            try SheetWriter(sheet: sheet, file: path).part(selected: i == active, styles: &styles, strings: &strings)
        }
        let zip = try ZipWriter(path: path)
        zip.modified = modified
        try zip.add("[Content_Types].xml", bytes: contentTypes().bytes)
        try zip.add("_rels/.rels", bytes: Self.rootRelationships.bytes)
        try zip.add("docProps/app.xml", bytes: Self.appProperties.bytes)
        try zip.add("docProps/core.xml", bytes: Self.coreProperties(modified ?? Date()).bytes)
        try zip.add("xl/workbook.xml", bytes: workbook(active: active).bytes)
        try zip.add("xl/_rels/workbook.xml.rels", bytes: workbookRelationships().bytes)
        try zip.add("xl/styles.xml", bytes: styles.part().bytes)
        try zip.add("xl/sharedStrings.xml", bytes: strings.part().bytes)
        for (i, part) in sheetParts.enumerated() {
            try zip.add("xl/worksheets/sheet\(i + 1).xml", bytes: part.bytes)
        }
        try zip.close()
    }

    /// Refuses names Excel refuses: empty, over 31 characters, one of `[]:*?/\` or a control
    /// character, an apostrophe at either end, or the name of another sheet ignoring case.
    /// A workbook needs a sheet, and a visible one.
    private func checkSheets(_ path: String) throws {
        guard !sheets.isEmpty else { throw XLSXError.invalidContent(file: path, sheet: nil, detail: "a workbook needs at least one sheet") }
        var seen: Set<String> = []
        for sheet in sheets {
            let name = sheet.name
            func refuse(_ detail: String) -> XLSXError { .invalidSheetName(file: path, sheet: name, detail: detail) }
            if name.isEmpty { throw refuse("a sheet name cannot be empty") }
            if name.utf16.count > 31 { throw refuse("a sheet name has at most 31 characters") }
            if let c = name.unicodeScalars.first(where: { "[]:*?/\\".unicodeScalars.contains($0) || $0.value < 0x20 }) {
                throw refuse("a sheet name cannot contain \(c.value < 0x20 ? "a control character" : String(c))")
            }
            if name.hasPrefix("'") || name.hasSuffix("'") { throw refuse("a sheet name cannot begin or end with an apostrophe") }
            if !seen.insert(name.lowercased()).inserted { throw refuse("another sheet has this name (Excel ignores case)") }
        }
        if let unknown = hiddenSheets.first(where: { name in !sheets.contains { $0.name == name } }) {
            throw XLSXError.noSuchSheet(file: path, sheet: unknown)
        }
        if sheets.allSatisfy({ hiddenSheets.contains($0.name) }) {
            throw XLSXError.invalidContent(file: path, sheet: nil, detail: "every sheet is hidden; one must be visible")
        }
    }

    private func contentTypes() -> XMLBuffer {
        let main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        var x = XMLBuffer(declaration: true)
        x.append("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(main).sheet.main+xml\"/>")
        for i in sheets.indices {
            x.append("<Override PartName=\"/xl/worksheets/sheet\(i + 1).xml\" ContentType=\"\(main).worksheet+xml\"/>")
        }
        x.append("<Override PartName=\"/xl/styles.xml\" ContentType=\"\(main).styles+xml\"/>"
            + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(main).sharedStrings+xml\"/>"
            + "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
            + "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
            + "</Types>")
        return x
    }

    private static let rootRelationships: XMLBuffer = {
        let r = "http://schemas.openxmlformats.org"
        var x = XMLBuffer(declaration: true)
        x.append("<Relationships xmlns=\"\(r)/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"\(r)/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\"\(r)/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"\(r)/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
            + "</Relationships>")
        return x
    }()

    private static let appProperties: XMLBuffer = {
        var x = XMLBuffer(declaration: true)
        x.append("<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
            + "<Application>weigai</Application></Properties>")
        return x
    }()

    private static func coreProperties(_ now: Date) -> XMLBuffer {
        let stamp = ISO8601DateFormatter().string(from: now)
        var x = XMLBuffer(declaration: true)
        x.append("<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:creator>weigai</dc:creator>"
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:created>"
            + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:modified></cp:coreProperties>")
        return x
    }

    /// `xl/workbook.xml`; `active` is the tab shown on opening, the first visible one.
    private func workbook(active: Int) -> XMLBuffer {
        var x = XMLBuffer(declaration: true)
        x.append("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
            + " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">")
        x.append(date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>")
        x.append("<bookViews><workbookView activeTab=\"\(active)\"/></bookViews><sheets>")
        for (i, sheet) in sheets.enumerated() {
            x.append("<sheet name=\"")
            x.append(escaping: sheet.name, attribute: true)
            x.append(hiddenSheets.contains(sheet.name) ? "\" sheetId=\"\(i + 1)\" state=\"hidden\"" : "\" sheetId=\"\(i + 1)\"")
            x.append(" r:id=\"rId\(i + 1)\"/>")
        }
        x.append("</sheets></workbook>")
        return x
    }

    /// Sheets are `rId1`…`rIdN`, then styles and shared strings.
    private func workbookRelationships() -> XMLBuffer {
        let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var x = XMLBuffer(declaration: true)
        x.append("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">")
        for i in sheets.indices {
            x.append("<Relationship Id=\"rId\(i + 1)\" Type=\"\(r)/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>")
        }
        let n = sheets.count
        x.append("<Relationship Id=\"rId\(n + 1)\" Type=\"\(r)/styles\" Target=\"styles.xml\"/>"
            + "<Relationship Id=\"rId\(n + 2)\" Type=\"\(r)/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>")
        return x
    }
}
