/// A clue's identity in the ledger across the city: the NFC bytes of its district, U+001F and its
/// key (`Clue.ledgerSlot`), kept as their 128-bit SipHash-2-4 rather than as the bytes. A slot is
/// compared, hashed and stored, never read back as text, and a national month holds one for
/// every clue listed and every clue followed: as bytes (a summary each) they were 20 MB of the
/// run's peak. Two distinct slots share a digest with a chance of about n²/2¹²⁹ — for the
/// 10⁶ clues of a decade of national months, 10⁻²⁷.
public struct LedgerSlot: Hashable, Sendable {
    let low: UInt64
    let high: UInt64

    /// The slot whose bytes these are.
    init(hashing bytes: UnsafeRawBufferPointer) {
        (low, high) = SipHash.hash128(bytes, key: Self.key)
    }

    init(low: UInt64, high: UInt64) {
        (self.low, self.high) = (low, high)
    }

    /// The slot of a clue of `district` with `key` (its persons' names and summary, normalized,
    /// as `Clue.ledgerSlot` writes them).
    public init(district: String, key: String) {
        self = LedgerEntry.slotBytes(district: TextKey(district), key).withUnsafeBytes { Self(hashing: $0) }
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(low) }

    /// What a store indexes a retired clue by (64 of the digest's bits; the row holds the slot).
    public var storeKey: Int64 { Int64(bitPattern: low) }

    /// The hash's key: fixed, so that a slot is the same in every run and in the store.
    private static let key: (UInt64, UInt64) = (0x7765_6967_6169_2d6c, 0x6564_6765_722d_736c)  // "weigai-l", "edger-sl"
}

extension LedgerSlot: BinaryStorable {
    public func encode(into w: inout BinaryWriter) {
        withUnsafeBytes(of: (low.littleEndian, high.littleEndian)) { w.write(bytes: $0) }
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        let b = try r.fixed(16)
        self.init(low: UInt64(littleEndian: b.loadUnaligned(as: UInt64.self)),
                  high: UInt64(littleEndian: b.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }
}

/// SipHash-2-4 (Aumasson and Bernstein), its 128-bit output: a keyed hash of short input, the same
/// in every process (Swift's `Hasher` is seeded afresh in each), for identities that are compared
/// and kept but never read back: ledger slots, and what a marked-up copy was made from.
public enum SipHash {
    public static func hash128(_ m: UnsafeRawBufferPointer, key: (UInt64, UInt64)) -> (UInt64, UInt64) {
        var v0 = key.0 ^ 0x736f_6d65_7073_6575, v1 = key.1 ^ 0x646f_7261_6e64_6f6d ^ 0xee
        var v2 = key.0 ^ 0x6c79_6765_6e65_7261, v3 = key.1 ^ 0x7465_6462_7974_6573
        func round() {
            v0 &+= v1; v1 = v1.rotl(13); v1 ^= v0; v0 = v0.rotl(32)
            v2 &+= v3; v3 = v3.rotl(16); v3 ^= v2
            v0 &+= v3; v3 = v3.rotl(21); v3 ^= v0
            v2 &+= v1; v1 = v1.rotl(17); v1 ^= v2; v2 = v2.rotl(32)
        }
        func compress(_ word: UInt64) {
            v3 ^= word
            round(); round()
            v0 ^= word
        }
        let whole = m.count & ~7
        var i = 0
        while i < whole {
            compress(UInt64(littleEndian: m.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        var last = UInt64(truncatingIfNeeded: m.count) << 56
        for k in 0..<(m.count - whole) { last |= UInt64(m[whole + k]) << (8 * k) }
        compress(last)
        v2 ^= 0xee
        round(); round(); round(); round()
        let low = v0 ^ v1 ^ v2 ^ v3
        v1 ^= 0xdd
        round(); round(); round(); round()
        return (low, v0 ^ v1 ^ v2 ^ v3)
    }
}

private extension UInt64 {
    func rotl(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
