/// Renders one `SheetSpec` as a worksheet part. What Excel would "repair" on opening
/// (overlapping merges, a cell off the grid, a list too long for it) is refused instead.
struct SheetWriter {
    let sheet: SheetSpec
    /// The file being written, for errors.
    let file: String

    /// The part's XML, its elements in the order the schema requires. `selected` marks the tab
    /// shown when the workbook opens.
    func part(selected: Bool, styles: inout StyleTable, strings: inout SharedStringTable) throws -> XMLBuffer {
        try checkLayout()
        let merges = try checkedMerges()
        let cells = sheet.cells.sorted { $0.key < $1.key }
        var x = XMLBuffer(declaration: true)
        x.append("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
            + " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">")
        appendDimension(cells, to: &x)
        appendView(selected: selected, to: &x)
        appendColumns(to: &x)
        try appendData(cells, styles: &styles, strings: &strings, to: &x)
        if !merges.isEmpty {
            x.append("<mergeCells count=\"\(merges.count)\">")
            for m in merges { x.append("<mergeCell ref=\"\(m.a1)\"/>") }
            x.append("</mergeCells>")
        }
        try appendValidations(to: &x)
        x.append("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>")
        x.append("</worksheet>")
        return x
    }

    private func fail(_ detail: String) -> XLSXError {
        .invalidContent(file: file, sheet: sheet.name, detail: detail)
    }

    private static func inGrid(_ a: CellAddress) -> Bool {
        (1...CellAddress.maxRow).contains(a.row) && (1...CellAddress.maxColumn).contains(a.column)
    }

    private static func inGrid(_ r: CellRange) -> Bool { inGrid(r.first) && inGrid(r.last) }

    private func checkLayout() throws {
        for (column, width) in sheet.columnWidths {
            guard (1...CellAddress.maxColumn).contains(column) else { throw fail("column \(column) is outside the grid") }
            guard width > 0 && width <= 255 else { throw fail("column \(column) width \(width) is outside (0, 255]") }
        }
        for (row, height) in sheet.rowHeights {
            guard (1...CellAddress.maxRow).contains(row) else { throw fail("row \(row) is outside the grid") }
            guard height > 0 && height <= 409 else { throw fail("row \(row) height \(height) is outside (0, 409]") }
        }
        if let n = sheet.freezeRows, !(0..<CellAddress.maxRow).contains(n) {
            throw fail("cannot freeze \(n) rows")
        }
        if let m = sheet.validationMessage, m.utf16.count > 255 {
            throw fail("the validation message is over 255 characters")
        }
    }

    /// The merges to write: one-cell ranges are no merge and are left out; overlapping ones
    /// are refused. Sorted by first row, so only ranges whose rows meet are compared.
    private func checkedMerges() throws -> [CellRange] {
        let merges = sheet.merges.filter { !$0.isSingleCell }.sorted { $0.first < $1.first }
        for (i, m) in merges.enumerated() {
            guard Self.inGrid(m) else { throw fail("merge \(m.a1) is outside the grid") }
            for n in merges[(i + 1)...] {
                if n.first.row > m.last.row { break }
                if n.first.column <= m.last.column && m.first.column <= n.last.column {
                    throw fail("merges \(m.a1) and \(n.a1) overlap")
                }
            }
        }
        return merges
    }

    private func appendDimension(_ cells: [(key: CellAddress, value: SheetSpec.Entry)], to x: inout XMLBuffer) {
        guard let first = cells.first?.key, let last = cells.last?.key else { return x.append("<dimension ref=\"A1\"/>") }
        var low = first.column, high = first.column
        for (a, _) in cells {
            low = min(low, a.column)
            high = max(high, a.column)
        }
        let range = CellRange(CellAddress(row: first.row, column: low), CellAddress(row: last.row, column: high))
        x.append("<dimension ref=\"\(range.a1)\"/>")
    }

    private func appendView(selected: Bool, to x: inout XMLBuffer) {
        x.append(selected ? "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"" : "<sheetViews><sheetView workbookViewId=\"0\"")
        guard let n = sheet.freezeRows, n > 0 else { return x.append("/></sheetViews>") }
        let topLeft = CellAddress(row: n + 1, column: 1).a1
        x.append("><pane ySplit=\"\(n)\" topLeftCell=\"\(topLeft)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            + "<selection pane=\"bottomLeft\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/></sheetView></sheetViews>")
    }

    private func appendColumns(to x: inout XMLBuffer) {
        guard !sheet.columnWidths.isEmpty else { return }
        x.append("<cols>")
        for (column, width) in sheet.columnWidths.sorted(by: { $0.key < $1.key }) {
            x.append("<col min=\"\(column)\" max=\"\(column)\" width=\"")
            x.append(width)
            x.append("\" customWidth=\"1\"/>")
        }
        x.append("</cols>")
    }

    /// `<sheetData>`: rows that hold cells or have a height, cells in row then column order.
    private func appendData(_ cells: [(key: CellAddress, value: SheetSpec.Entry)], styles: inout StyleTable,
                            strings: inout SharedStringTable, to x: inout XMLBuffer) throws {
        let heightRows = sheet.rowHeights.keys.sorted()
        var h = 0, c = 0
        x.append("<sheetData>")
        while c < cells.count || h < heightRows.count {
            let row = min(c < cells.count ? cells[c].key.row : .max, h < heightRows.count ? heightRows[h] : .max)
            if h < heightRows.count && heightRows[h] == row { h += 1 }
            x.append("<row r=\"")
            x.append(row)
            if let height = sheet.rowHeights[row] {
                x.append("\" ht=\"")
                x.append(height)
                x.append("\" customHeight=\"1")
            }
            guard c < cells.count && cells[c].key.row == row else {
                x.append("\"/>")
                continue
            }
            x.append("\">")
            while c < cells.count && cells[c].key.row == row {
                try appendCell(cells[c].key, cells[c].value, styles: &styles, strings: &strings, to: &x)
                c += 1
            }
            x.append("</row>")
        }
        x.append("</sheetData>")
    }

    private func appendCell(_ a: CellAddress, _ entry: SheetSpec.Entry, styles: inout StyleTable,
                            strings: inout SharedStringTable, to x: inout XMLBuffer) throws {
        guard Self.inGrid(a) else { throw fail("cell R\(a.row)C\(a.column) is outside the grid") }
        x.append("<c r=\"")
        x.append(a)
        x.append("\"")
        if let style = entry.style {
            let s: Int
            do { s = try styles.index(of: style) } catch { throw fail("cell \(a.a1): \(error.detail)") }
            if s != 0 {
                x.append(" s=\"")
                x.append(s)
                x.append("\"")
            }
        }
        switch entry.value {
        case nil:
            x.append("/>")
        case .string(let text)?:
            // Excel's limit on a cell's text; UTF-8 is never shorter than UTF-16, so count only when it may be over.
            if text.utf8.count > 32_767 && text.utf16.count > 32_767 {
                throw fail("cell \(a.a1): text is over 32,767 characters")
            }
            x.append(" t=\"s\"><v>")
            x.append(strings.index(of: text))
            x.append("</v></c>")
        case .number(let v)?:
            guard v.isFinite else { throw fail("cell \(a.a1): \(v) is not a number Excel can store") }
            x.append("><v>")
            x.append(v)
            x.append("</v></c>")
        case .bool(let b)?:
            x.append(b ? " t=\"b\"><v>1</v></c>" : " t=\"b\"><v>0</v></c>")
        }
    }

    private func appendValidations(to x: inout XMLBuffer) throws {
        guard !sheet.validations.isEmpty else { return }
        x.append("<dataValidations count=\"\(sheet.validations.count)\">")
        for v in sheet.validations {
            var formula = Substring(v.formula1.trimmingCharacters(in: .whitespaces))
            if formula.hasPrefix("=") { formula = formula.dropFirst() }  // as typed in Excel; the file form has none
            guard v.type == "list" || v.type == "custom" else {
                throw fail("validation type \(v.type) needs an operator the writer does not take")
            }
            guard !v.ranges.isEmpty, v.ranges.allSatisfy(Self.inGrid) else {
                throw fail("validation \(v.formula1) has no ranges or one outside the grid")
            }
            guard !formula.isEmpty else { throw fail("validation on \(v.ranges[0].a1) has no formula") }
            // A formula is no xstring: nothing would decode an _xHHHH_ escape of a control character.
            guard !formula.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0xFFFE || $0.value == 0xFFFF }) else {
                throw fail("validation on \(v.ranges[0].a1) has a control character in its formula")
            }
            if v.type == "list", formula.hasPrefix("\""), formula.utf16.count - 2 > 255 {
                throw fail("inline list on \(v.ranges[0].a1) is over 255 characters; put the items on a sheet")
            }
            // showDropDown is left out: its "1" would hide the arrow.
            x.append("<dataValidation type=\"\(v.type)\" allowBlank=\"1\" showErrorMessage=\"1\"")
            if v.errorStyle != .stop { x.append(" errorStyle=\"\(v.errorStyle.rawValue)\"") }
            if let message = sheet.validationMessage {
                x.append(" error=\"")
                x.append(escaping: message, attribute: true)
                x.append("\"")
            }
            x.append(" sqref=\"\(v.ranges.map(\.a1).joined(separator: " "))\"><formula1>")
            x.append(escaping: String(formula), xstring: false)
            x.append("</formula1></dataValidation>")
        }
        x.append("</dataValidations>")
    }
}
