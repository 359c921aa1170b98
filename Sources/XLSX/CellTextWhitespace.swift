/// Excel's reading of a `<t>` element (shared strings, inline strings, each rich-text run on its
/// own): without `xml:space="preserve"` the leading and trailing ASCII whitespace (space, tab,
/// CR, LF) is dropped; U+3000 and NBSP are not whitespace here; a text made only of whitespace
/// is kept as it is. Works on the bytes in place, so no `String` is made per cell.
enum CellTextWhitespace {
    @inline(__always)
    static func isASCIISpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
    }

    /// Trims the `count` bytes at `p` in place (moving the kept bytes to `p`); returns the new
    /// count. Text made only of whitespace, and text with none to drop, are left as they are.
    @inline(__always)
    static func trim(_ p: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        guard count > 0, isASCIISpace(p[0]) || isASCIISpace(p[count - 1]) else { return count }
        var start = 0
        while start < count && isASCIISpace(p[start]) { start += 1 }
        if start == count { return count }
        var end = count
        while isASCIISpace(p[end - 1]) { end -= 1 }
        if start > 0 { p.update(from: p + start, count: end - start) }
        return end - start
    }

    /// Whether a start tag's `xml:space` attribute says `preserve`.
    @inline(__always)
    static func preserves(_ attributes: XMLAttributes) -> Bool {
        guard let v = attributes.value("space") else { return false }
        return v.elementsEqual("preserve".utf8)
    }
}
