/// The `_xHHHH_` escapes of ECMA-376 (§22.9.2.19 ST_Xstring): a character XML cannot carry,
/// written as its UTF-16 code unit. Decoded in place, left to right, as Excel does.
enum OOXMLEscapes {
    /// Decodes the escapes in `bytes[start...]`.
    static func decode(_ bytes: inout [UInt8], from start: Int) {
        guard bytes.count - start >= 7 else { return }
        let count = bytes.withUnsafeMutableBufferPointer { decode($0.baseAddress! + start, count: $0.count - start) }
        bytes.removeSubrange((start + count)...)
    }

    /// Decodes the escapes in the `count` bytes at `p`, in place: no escape decodes to more
    /// bytes than it takes, so writing never overtakes reading. Returns the decoded length.
    static func decode(_ p: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        guard count >= 7, containsEscape(p, count) else { return count }
        var read = 0
        var written = 0
        var pendingHigh: UInt16?
        func put(_ b: UInt8) { p[written] = b; written += 1 }
        func putReplacement() { put(0xEF); put(0xBF); put(0xBD) }
        func flushHigh() {
            if pendingHigh != nil { putReplacement(); pendingHigh = nil }
        }
        while read < count {
            if let unit = unit(p, count, at: read) {
                read += 7
                if let high = pendingHigh, (0xDC00...0xDFFF).contains(unit) {
                    let scalar: UInt32 = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00)
                    encode(scalar, into: put)
                    pendingHigh = nil
                    continue
                }
                flushHigh()
                if (0xD800...0xDBFF).contains(unit) {
                    pendingHigh = unit
                } else if (0xDC00...0xDFFF).contains(unit) {
                    putReplacement()
                } else {
                    encode(UInt32(unit), into: put)
                }
            } else {
                flushHigh()
                put(p[read])
                read += 1
            }
        }
        flushHigh()
        return written
    }

    private static func containsEscape(_ p: UnsafeMutablePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        while i + 1 < count {
            if p[i] == UInt8(ascii: "_") && p[i + 1] == UInt8(ascii: "x") { return true }
            i += 1
        }
        return false
    }

    private static func unit(_ p: UnsafeMutablePointer<UInt8>, _ count: Int, at i: Int) -> UInt16? {
        guard i + 6 < count, p[i] == UInt8(ascii: "_"), p[i + 1] == UInt8(ascii: "x"),
              p[i + 6] == UInt8(ascii: "_") else { return nil }
        var v: UInt16 = 0
        for k in 2..<6 {
            let c = p[i + k]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: return nil
            }
            v = v << 4 | UInt16(d)
        }
        return v
    }

    private static func encode(_ scalar: UInt32, into put: (UInt8) -> Void) {
        guard let s = Unicode.Scalar(scalar) else { put(0xEF); put(0xBF); put(0xBD); return }
        for b in UTF8.encode(s)! { put(b) }
    }
}
