/// The shared-string table being written: each distinct string once, in order of first use.
struct SharedStringTable {
    /// Keyed by UTF-8 bytes, not `String`: `String` equality is canonical equivalence, which
    /// would merge `é` and `e` + U+0301 and so change what a clerk typed.
    private var index: [[UInt8]: Int] = [:]
    /// The `<si>` items so far.
    private var items = XMLBuffer()
    /// Cells that refer to the table (`count`), as opposed to distinct strings (`uniqueCount`).
    private var references = 0

    /// The index of `text` in the table, adding it on first use.
    mutating func index(of text: String) -> Int {
        references += 1
        let key = Array(text.utf8)
        if let i = index[key] { return i }
        let i = index.count
        index[key] = i
        items.append(XMLBuffer.needsPreserve(text) ? "<si><t xml:space=\"preserve\">" : "<si><t>")
        items.append(escaping: text)
        items.append("</t></si>")
        return i
    }

    /// `xl/sharedStrings.xml`.
    func part() -> XMLBuffer {
        var x = XMLBuffer(declaration: true)
        x.append("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(references)\" uniqueCount=\"\(index.count)\">")
        x.append(items)
        x.append("</sst>")
        return x
    }
}
