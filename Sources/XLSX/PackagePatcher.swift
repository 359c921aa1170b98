import Foundation

/// Applies a `WorkbookPatch` to one package (see there for what it changes and keeps).
struct PackagePatcher {
    let patch: WorkbookPatch
    let archive: ZipArchive

    private static let worksheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    private static let commentsType = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
    private static let vmlType = "application/vnd.openxmlformats-officedocument.vmlDrawing"
    private static func relType(_ kind: String) -> String { Namespaces.relationships + "/" + kind }

    func write(to path: String) throws {
        let file = archive.file
        let workbook = try Workbook(archive: archive)
        for name in patch.marks.keys.sorted() where !workbook.sheets.contains(where: { $0.name == name }) {
            throw XLSXError.noSuchSheet(file: file, sheet: name)
        }
        let bookRels = try Relationships.read(for: workbook.mainPart, in: archive)
        guard let stylesPart = bookRels.first(where: { $0.kind == "styles" })?.target, archive.contains(stylesPart) else {
            throw XLSXError.missingPart(file: file, part: "xl/styles.xml")
        }
        let counter = StylesCounter()
        try archive.stream(stylesPart, into: counter)
        guard counter.sawFills, counter.sawFormats, counter.formats > 0 else {
            throw XLSXError.invalidContent(file: file, sheet: nil, detail: "\(stylesPart) has no fills or no cell formats to copy")
        }
        let styles = StyleAllocator(formatCount: counter.formats, fillCount: counter.fills)

        var replaced: [String: [UInt8]] = [:]
        var added: [(part: String, bytes: [UInt8])] = []
        var types: [(part: String, type: String)] = []
        var taken = Set(archive.names.map(ZipArchive.key))
        let dir = workbook.mainPart.splitASCII { $0 == UInt8(ascii: "/") }.dropLast().joined(separator: "/")
        func fresh(_ name: (Int) -> String) -> String {
            var n = 1
            while taken.contains(ZipArchive.key(name(n))) { n += 1 }
            taken.insert(ZipArchive.key(name(n)))
            return name(n)
        }
        func within(_ p: String) -> String { dir.isEmpty ? p : dir + "/" + p }

        // The workbook first: it tells which sheet was active.
        var sheetPart: String?
        var sheetRelID = ""
        var active = -1
        if let first = patch.firstSheet {
            let names = Set(workbook.sheets.map { $0.name.lowercased() })
            var name = first.name
            var copy = 2
            while names.contains(name.lowercased()) { name = "\(first.name)(\(copy))"; copy += 1 }
            let part = fresh { within("worksheets/sheet\($0).xml") }
            sheetPart = part
            let ids = Set(bookRels.map(\.id))
            var n = 1
            while ids.contains("rIdWeigai\(n)") { n += 1 }
            sheetRelID = "rIdWeigai\(n)"
            let sheetID = try maxSheetID(workbook.mainPart)
            let relID = sheetRelID
            let inserter = WorkbookSheetInserter { p in
                var x = XMLBuffer()
                x.append("<\(p)sheet xmlns:r=\"\(Namespaces.relationships)\" name=\"")
                x.append(escaping: name, attribute: true)
                x.append("\" sheetId=\"\(sheetID + 1)\" r:id=\"\(relID)\"/>")
                return String(decoding: x.bytes, as: UTF8.self)
            }
            try archive.stream(workbook.mainPart, into: inserter)
            replaced[workbook.mainPart] = inserter.echo.bytes
            active = inserter.activeTab
            replaced[Relationships.relsPart(for: workbook.mainPart)] = try appending(to: Relationships.relsPart(for: workbook.mainPart)) { p in
                "<\(p)Relationship Id=\"\(relID)\" Type=\"\(Self.relType("worksheet"))\" Target=\"/\(part)\"/>"
            }
            types.append((part, Self.worksheetType))
        }

        // The marked sheets, and the one whose tab is no longer the selected one.
        for sheet in workbook.sheets {
            let marks = patch.marks[sheet.name] ?? [:]
            guard !marks.isEmpty || sheet.index == active else { continue }
            // Marks go on worksheets; any kind of sheet (a chart sheet too) may be the one to unselect.
            guard marks.isEmpty || sheet.kind == .worksheet, let part = sheet.part else {
                throw XLSXError.noSuchSheet(file: file, sheet: sheet.name)
            }
            let rels = try Relationships.read(for: part, in: archive)
            // A sheet that has notes or a legacy drawing of its own keeps them; it gets fills only.
            let notes = marks.compactMap { cell, mark in mark.note.map { (cell, $0) } }.sorted { $0.0 < $1.0 }
            let withNotes = !notes.isEmpty && !rels.contains { $0.kind == "comments" || $0.kind == "vmlDrawing" }
            var drawingID: String?
            if withNotes {
                let ids = Set(rels.map(\.id))
                var n = 1
                while ids.contains("rIdWeigai\(n)") || ids.contains("rIdWeigai\(n + 1)") { n += 2 }
                let (commentsID, vmlID) = ("rIdWeigai\(n)", "rIdWeigai\(n + 1)")
                drawingID = vmlID
                let commentsPart = fresh { within("comments\($0).xml") }
                var drawing = 0
                let vmlPart = fresh { drawing = $0; return within("drawings/vmlDrawing\($0).vml") }
                added.append((commentsPart, PatchParts.comments(notes, author: patch.author)))
                added.append((vmlPart, PatchParts.vml(notes, drawing: drawing)))
                types.append((commentsPart, Self.commentsType))
                let relations = { (p: String) in
                    "<\(p)Relationship Id=\"\(commentsID)\" Type=\"\(Self.relType("comments"))\" Target=\"/\(commentsPart)\"/>"
                        + "<\(p)Relationship Id=\"\(vmlID)\" Type=\"\(Self.relType("vmlDrawing"))\" Target=\"/\(vmlPart)\"/>"
                }
                let relsPart = Relationships.relsPart(for: part)
                if archive.contains(relsPart) {
                    replaced[relsPart] = try appending(to: relsPart, relations)
                } else {
                    added.append((relsPart, Array(("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
                        + "<Relationships xmlns=\"\(Namespaces.packageRelationships)\">" + relations("") + "</Relationships>").utf8)))
                }
            }
            let patcher = SheetPatcher(fills: marks.compactMapValues(\.fill), styles: styles, unselect: sheet.index == active,
                                       legacyDrawing: drawingID)
            try archive.stream(part, into: patcher)
            replaced[part] = patcher.echo.bytes
        }
        if let first = patch.firstSheet, let part = sheetPart {
            added.append((part, PatchParts.sheet(first) { styles.index(of: 0, filled: $0) }))
        }

        // The styles last: every format the sheets asked for is known.
        let stylesPatcher = StylesPatcher(styles: styles)
        try archive.stream(stylesPart, into: stylesPatcher)
        replaced[stylesPart] = stylesPatcher.echo.bytes

        if !types.isEmpty {
            let hasVML = try ContentTypes.read(from: archive).defaults["vml"] != nil
            let needsVML = types.contains { $0.type == Self.commentsType } && !hasVML
            replaced[ContentTypes.part] = try appending(to: ContentTypes.part) { p in
                (needsVML ? "<\(p)Default Extension=\"vml\" ContentType=\"\(Self.vmlType)\"/>" : "")
                    + types.map { "<\(p)Override PartName=\"/\($0.part)\" ContentType=\"\($0.type)\"/>" }.joined()
            }
        }

        let writer = try ZipWriter(path: path)
        writer.modified = patch.modified
        var written = Set<String>()
        for name in archive.names where written.insert(ZipArchive.key(name)).inserted {
            if let bytes = replaced.first(where: { ZipArchive.key($0.key) == ZipArchive.key(name) })?.value {
                try writer.add(name, bytes: bytes)
            } else {
                try writer.copy(name, from: archive)
            }
        }
        for (part, bytes) in added { try writer.add(part, bytes: bytes) }
        try writer.close()
    }

    /// `part` echoed with `markup` (given the root's prefix) appended inside its root element.
    private func appending(to part: String, _ markup: @escaping (String) -> String) throws -> [UInt8] {
        let handler = AppendToRoot(markup: markup)
        try archive.stream(part, into: handler)
        return handler.echo.bytes
    }

    /// The highest `sheetId` of the workbook: the new sheet takes the next.
    private func maxSheetID(_ part: String) throws -> Int {
        final class IDs: XMLStreamHandler {
            var highest = 0
            var failure: Error? { nil }
            func start(_ name: XMLName, _ attributes: XMLAttributes) {
                if name.is("sheet"), let id = attributes.string("sheetId").flatMap(Int.init) { highest = max(highest, id) }
            }
            func end(_ name: XMLName) {}
            func text(_ bytes: UnsafeRawBufferPointer) {}
        }
        let ids = IDs()
        try archive.stream(part, into: ids)
        return ids.highest
    }
}
