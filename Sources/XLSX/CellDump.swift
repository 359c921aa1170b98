import Foundation

/// The canonical cell dump: CSV `sheet,cell,type,value`, worksheets and macro sheets in workbook
/// order under their names (hidden ones included; chart and dialog sheets hold no cells), only
/// cells that hold a value.
/// Numbers print as stored, shortest round-trip, integral values below 1e15 without `.0`;
/// date-formatted numbers stay serials; a formula cell gives its cached value.
public enum CellDump {
    /// Writes the dump; returns what a reader should be told besides (sheets not read, parts worked around).
    @discardableResult
    public static func write(_ workbook: Workbook, to out: ByteWriter) throws -> [String] {
        var warnings = workbook.warnings
        try out.write("sheet,cell,type,value\n")
        let strings = workbook.sharedStrings
        // A raw buffer, not an array captured by the per-cell closure: no exclusivity check per use.
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 32, alignment: 8)
        defer { scratch.deallocate() }
        for sheet in workbook.cellSheets where sheet.part != nil {
            // The sheet's field and its comma, quoted once here rather than per cell.
            var prefix = Array(sheet.name.utf8)
            if prefix.withUnsafeBytes(ByteWriter.needsQuotes) {
                prefix = [0x22] + prefix.flatMap { $0 == 0x22 ? [0x22, 0x22] : [$0] } + [0x22]
            }
            prefix.append(0x2C)
            let extras = try prefix.withUnsafeBytes { prefix in
                try workbook.streamCells(of: sheet) { cell in
                    if cell.kind == .sharedString && strings.isEmpty(cell.sharedIndex) { return }
                    try out.write(prefix)
                    try out.write(UnsafeRawBufferPointer(rebasing: scratch[0..<reference(cell.address, into: scratch)]))
                    out.write(byte: 0x2C)
                    switch cell.kind {
                    case .sharedString:
                        out.write(byte: UInt8(ascii: "s")); out.write(byte: 0x2C)
                        try strings.withBytes(cell.sharedIndex) { try out.writeField($0) }
                    case .number:
                        out.write(byte: UInt8(ascii: "n")); out.write(byte: 0x2C)
                        try writeNumber(cell.number, to: out, scratch: scratch)
                    case .boolean:
                        try out.write(cell.number != 0 ? "b,TRUE" : "b,FALSE")
                    case .error:
                        out.write(byte: UInt8(ascii: "e")); out.write(byte: 0x2C)
                        try out.writeField(cell.text)
                    case .inlineString, .formulaString:
                        out.write(byte: UInt8(ascii: "s")); out.write(byte: 0x2C)
                        try out.writeField(cell.text)
                    case .isoDate:
                        out.write(byte: UInt8(ascii: "d")); out.write(byte: 0x2C)
                        try out.writeField(cell.text)
                    }
                    out.write(byte: 0x0A)
                }
            }
            if let ns = extras.foreignNamespace {
                warnings.append("\(workbook.file): sheet \(sheet.name) is not SpreadsheetML (namespace \(ns.isEmpty ? "none" : ns)): its cells were not read")
            }
        }
        for sheet in workbook.cellSheets where sheet.part == nil {
            warnings.append("\(workbook.file): sheet \(sheet.name) has no part in the package: skipped")
        }
        try out.flush()
        return warnings
    }

    /// Writes `A1`-style text for `a` into `s`; returns its length.
    @inline(__always)
    static func reference(_ a: CellAddress, into s: UnsafeMutableRawBufferPointer) -> Int {
        var letters: (UInt8, UInt8, UInt8) = (0, 0, 0)
        var count = 0
        var c = a.column
        while c > 0 && count < 3 {
            let r = UInt8((c - 1) % 26) + 65
            switch count { case 0: letters.0 = r; case 1: letters.1 = r; default: letters.2 = r }
            count += 1
            c = (c - 1) / 26
        }
        var i = 0
        if count > 2 { s[i] = letters.2; i += 1 }
        if count > 1 { s[i] = letters.1; i += 1 }
        s[i] = letters.0; i += 1
        return i + digits(UInt64(a.row), into: UnsafeMutableRawBufferPointer(rebasing: s[i...]))
    }

    @inline(__always)
    static func digits(_ value: UInt64, into s: UnsafeMutableRawBufferPointer) -> Int {
        var v = value
        var n = 0
        repeat { n += 1; v /= 10 } while v > 0
        v = value
        var i = n
        repeat { i -= 1; s[i] = UInt8(v % 10) + 48; v /= 10 } while v > 0
        return n
    }

    /// Shortest round-trip text, as Python's `repr(float)` gives it; integral values below
    /// 1e15 as integers.
    static func writeNumber(_ v: Double, to out: ByteWriter, scratch: UnsafeMutableRawBufferPointer) throws {
        if v == v.rounded(.towardZero) && abs(v) < 1e15 {
            let i = Int64(v)
            if i < 0 { out.write(byte: UInt8(ascii: "-")) }
            let n = digits(i.magnitude, into: scratch)
            try out.write(UnsafeRawBufferPointer(rebasing: scratch[0..<n]))
        } else {
            // Only an exponent form needs pythonRepr's rewriting; a byte scan spares the rest.
            let d = v.description
            try out.write(d.utf8.contains(UInt8(ascii: "e")) ? pythonRepr(v) : d)
        }
    }

    /// Swift prints the same shortest digits as Python; only where it switches to an exponent differs.
    static func pythonRepr(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf") }
        let d = v.description
        // Swift switches to an exponent at 2^53, Python at 1e16: expand the values between.
        // Below 1e-4 both use one, alike.
        guard abs(v) < 1e16, abs(v) >= 1, let e = d.firstIndex(of: "e") else { return d }
        let mantissa = d[..<e]
        let exponent = Int(d[d.index(after: e)...]) ?? 0
        var negative = false
        var digits = mantissa.filter { $0 != "." }
        if digits.hasPrefix("-") { negative = true; digits.removeFirst() }
        let pointAt = 1 + exponent
        if pointAt >= digits.count {
            digits += String(repeating: "0", count: pointAt - digits.count) + ".0"
        } else if pointAt > 0 {
            digits.insert(".", at: digits.index(digits.startIndex, offsetBy: pointAt))
        } else {
            digits = "0." + String(repeating: "0", count: -pointAt) + digits
        }
        return (negative ? "-" : "") + digits
    }
}
