import Foundation

/// A `Double` in decimal with a fixed number of decimals, as C's `printf("%.Nf")` writes it: the
/// exact binary value rounded half to even. Written from the value's bits: `String(format:)`
/// (an `NSString` and a C variadic call per number) was most of the time of report.html's charts.
enum FixedPoint {
    static func text(_ v: Double, decimals: Int) -> String {
        var out: [UInt8] = []
        append(v, decimals: decimals, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `text`'s bytes, appended: a chart writes thousands of numbers into its markup.
    static func append(_ v: Double, decimals: Int, to out: inout [UInt8]) {
        precondition((0...3).contains(decimals), "FixedPoint writes 0 to 3 decimals")
        let scale = scales[decimals]
        // Beyond this the product below could overflow; no chart or shade comes near it.
        guard v.isFinite, v.magnitude < 1e12 else { return out += String(format: "%.\(decimals)f", v).utf8 }
        // v = m · 2^-k exactly, k > 12 under 1e12 (< 2^40, and m ≥ 2^52 for a normal value).
        let subnormal = v.exponentBitPattern == 0
        let m = v.significandBitPattern | (subnormal ? 0 : 1 << 52)
        let k = subnormal ? 1074 : 1075 - Int(v.exponentBitPattern)
        let p = m * scale
        var q: UInt64 = 0  // when k ≥ 64: p < 2^63 is under half a unit of the last decimal
        if k < 64 {
            q = p >> k
            let rest = p & ((1 << k) - 1), half: UInt64 = 1 << (k - 1)
            if rest > half || (rest == half && q & 1 == 1) { q += 1 }
        }
        // The digits from the last, in a buffer on the stack.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var at = buffer.count
            func put(_ b: UInt8) { at -= 1; buffer[at] = b }
            var n = q
            for _ in 0..<decimals {
                put(UInt8(ascii: "0") + UInt8(n % 10))
                n /= 10
            }
            if decimals > 0 { put(UInt8(ascii: ".")) }
            repeat {
                put(UInt8(ascii: "0") + UInt8(n % 10))
                n /= 10
            } while n > 0
            if v.sign == .minus { put(UInt8(ascii: "-")) }
            out += UnsafeBufferPointer(rebasing: buffer[at...])
        }
    }

    private static let scales: [UInt64] = [1, 10, 100, 1000]
}
