extension StringProtocol {
    /// The pieces between the ASCII bytes `isSeparator` picks, found in the UTF-8. `split` on a
    /// `String` walks grapheme clusters, about 300 instructions a character: a relationship's
    /// type URL cost 35,000 to cut at its last slash. An ASCII byte is a scalar of its own, so the
    /// pieces are the same unless a separator carries a combining mark, which no part name, cell
    /// reference or list of a workbook does.
    func splitASCII(omittingEmpty: Bool = true, where isSeparator: (UInt8) -> Bool) -> [SubSequence] {
        var pieces: [SubSequence] = []
        var start = startIndex
        var i = utf8.startIndex
        while i != utf8.endIndex {
            if isSeparator(utf8[i]) {
                if !omittingEmpty || start != i { pieces.append(self[start..<i]) }
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        if !omittingEmpty || start != endIndex { pieces.append(self[start..<endIndex]) }
        return pieces
    }
}
