// Tiny stamped scans for the samples: a one-page PDF and a PNG, each showing a red seal ring,
// valid enough for any viewer and a few hundred bytes long.

enum StampedScan {
    /// A one-page PDF with a red ring (the seal) and `caption` (ASCII) under it.
    static func pdf(caption: String) -> [UInt8] {
        // The ring: a circle of four Bézier arcs, radius 40 around (100, 90).
        let k = 22.09  // 40 × 0.5523
        let ring = "1 0 0 RG 4 w 140 90 m 140 \(90 + k) \(100 + k) 130 100 130 c \(100 - k) 130 60 \(90 + k) 60 90 c "
            + "60 \(90 - k) \(100 - k) 50 100 50 c \(100 + k) 50 140 \(90 - k) 140 90 c S "
            + "BT /F1 10 Tf 0 g 30 25 Td (\(caption)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 150] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(ring.utf8.count) >>\nstream\n\(ring)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { out += String(repeating: "0", count: 10 - String(o).count) + "\(o) 00000 n \n" }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }

    /// A 32×32 two-colour PNG (white, seal red) with a ring; its pixels in a stored deflate block.
    static func png() -> [UInt8] {
        let size = 32
        var raw: [UInt8] = []
        for y in 0..<size {
            raw.append(0)  // filter: none
            for byte in 0..<(size / 8) {
                var bits: UInt8 = 0
                for bit in 0..<8 {
                    let x = byte * 8 + bit
                    let d = Double((x - 16) * (x - 16) + (y - 16) * (y - 16)).squareRoot()
                    if d >= 11 && d <= 14 { bits |= 0x80 >> UInt8(bit) }
                }
                raw.append(bits)
            }
        }
        // zlib: header, one final stored block, Adler-32.
        var a: UInt32 = 1, b: UInt32 = 0
        for v in raw { a = (a + UInt32(v)) % 65521; b = (b + a) % 65521 }
        let n = UInt16(raw.count)
        let zlib: [UInt8] = [0x78, 0x01, 0x01, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8(~n >> 8)] + raw
            + be32(b << 16 | a)
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + chunk("IHDR", be32(UInt32(size)) + be32(UInt32(size)) + [1, 3, 0, 0, 0])  // 1 bit, palette
            + chunk("PLTE", [0xFF, 0xFF, 0xFF, 0xD0, 0x10, 0x10])
            + chunk("IDAT", zlib) + chunk("IEND", [])
    }

    private static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        var crc: UInt32 = 0xFFFF_FFFF
        for v in body {
            crc ^= UInt32(v)
            for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return be32(UInt32(data.count)) + body + be32(~crc)
    }
}
