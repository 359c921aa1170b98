/// The `_xHHHH_` escapes of ECMA-376 (§22.9.2.19 ST_Xstring): a character XML cannot carry,
/// written as its UTF-16 code unit. Decoded in place, left to right, as Excel does.
enum OOXMLEscapes {
    /// Decodes the escapes in `bytes[start...]`.
    static func decode(_ bytes: inout [UInt8], from start: Int) {
        guard bytes.count - start >= 7, containsEscape(bytes, from: start) else { return }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count - start)
        var i = start
        var pendingHigh: UInt16?
        func flushHigh() {
            if pendingHigh != nil { out.append(contentsOf: [0xEF, 0xBF, 0xBD]); pendingHigh = nil }
        }
        while i < bytes.count {
            if let unit = unit(bytes, at: i) {
                i += 7
                if let high = pendingHigh, (0xDC00...0xDFFF).contains(unit) {
                    let scalar = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00)
                    appendUTF8(&out, scalar)
                    pendingHigh = nil
                    continue
                }
                flushHigh()
                if (0xD800...0xDBFF).contains(unit) {
                    pendingHigh = unit
                } else if (0xDC00...0xDFFF).contains(unit) {
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                } else {
                    appendUTF8(&out, UInt32(unit))
                }
            } else {
                flushHigh()
                out.append(bytes[i])
                i += 1
            }
        }
        flushHigh()
        bytes.replaceSubrange(start..., with: out)
    }

    private static func containsEscape(_ bytes: [UInt8], from start: Int) -> Bool {
        var i = start
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "_") && bytes[i + 1] == UInt8(ascii: "x") { return true }
            i += 1
        }
        return false
    }

    private static func unit(_ b: [UInt8], at i: Int) -> UInt16? {
        guard i + 6 < b.count, b[i] == UInt8(ascii: "_"), b[i + 1] == UInt8(ascii: "x"),
              b[i + 6] == UInt8(ascii: "_") else { return nil }
        var v: UInt16 = 0
        for k in 2..<6 {
            let c = b[i + k]
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

    private static func appendUTF8(_ out: inout [UInt8], _ scalar: UInt32) {
        guard let s = Unicode.Scalar(scalar) else { out.append(contentsOf: [0xEF, 0xBF, 0xBD]); return }
        out.append(contentsOf: UTF8.encode(s)!)
    }
}
