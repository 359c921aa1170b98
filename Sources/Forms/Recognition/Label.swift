import Foundation

/// Header and form text as compared: NFKC (full-width digits, letters and brackets folded),
/// with every kind of whitespace and line break removed.
///
/// Both run on every cell, so the text forms hold — ASCII, CJK ideographs and punctuation,
/// full-width ASCII, spaces — is done on its UTF-8 bytes, and anything else goes through
/// Foundation, which stays the definition (LabelTests hold the two equal).
enum Label {
    static func normalize(_ s: String) -> String { normalizedLabel(s).text }

    /// `normalize(s)`, and whether the byte path made it.
    static func normalizedLabel(_ s: String) -> NormalizedLabel {
        var t = s
        // Text already in its normalized form (most labels) is returned as it is, not copied.
        if t.withUTF8(isNormalized) { return NormalizedLabel(text: s, simple: true) }
        if let folded = t.withUTF8(fold) { return NormalizedLabel(text: folded, simple: true) }
        return NormalizedLabel(text: normalizedByFoundation(s), simple: false)
    }

    /// A normalized header label, compared as `String`s compare: on its bytes when the byte path
    /// made both (their scalars are simple, so the text is NFC and equal text is equal bytes).
    /// `String`'s == normalizes text beyond ASCII on every comparison.
    struct NormalizedLabel: Equatable {
        let text: String
        let simple: Bool

        var isEmpty: Bool { text.isEmpty }

        static func == (a: NormalizedLabel, b: NormalizedLabel) -> Bool {
            a.simple && b.simple ? Label.sameBytes(a.text, b.text) : a.text == b.text
        }
    }

    /// Whether two strings hold the same UTF-8 bytes (`String`'s == asks only for canonically
    /// equivalent text, and normalizes text beyond ASCII to find out).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        let (x, y) = (a.utf8, b.utf8)
        guard x.count == y.count else { return false }
        return x.withContiguousStorageIfAvailable { p in
            y.withContiguousStorageIfAvailable { q in p.isEmpty || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0 }
        }.flatMap { $0 } ?? x.elementsEqual(y)
    }

    /// `s.hasPrefix(prefix)` for normalized text (NFC) and a prefix of ideographs and ASCII,
    /// whose scalars compose with nothing: unless the bytes agree the characters differ; when
    /// they agree `String` decides (a combining mark may follow the prefix's last scalar).
    static func hasPrefix(_ s: String, _ prefix: String) -> Bool {
        var s = s, prefix = prefix
        let bytesAgree = s.withUTF8 { b in
            prefix.withUTF8 { p in p.isEmpty || (p.count <= b.count && memcmp(b.baseAddress!, p.baseAddress!, p.count) == 0) }
        }
        return bytesAgree && s.hasPrefix(prefix)
    }

    /// Whether every scalar is one `fold` keeps as it is: then the text is its own normal form.
    static func isNormalized(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            if b[i] >= 0x21 && b[i] <= 0x7E { i += 1; continue }
            let (k, length) = kind(b, at: i)
            guard k == .keep else { return false }
            i += length
        }
        return true
    }

    static func normalizedByFoundation(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.precomposedStringWithCompatibilityMapping.unicodeScalars
        where !u.properties.isWhitespace && u != "\u{200B}" && u != "\u{FEFF}" {
            out.append(u)
        }
        return String(out)
    }

    /// Trims whitespace, including the ideographic space U+3000 clerks leave in template cells.
    /// On the bytes when the spaces at the edges are ASCII, U+00A0, U+200B, U+3000 or U+FEFF
    /// and what they leave begins and ends with a scalar `trim` certainly keeps.
    static func trim(_ s: String) -> String {
        var s = s
        // Most cells begin and end with printable ASCII or an ideograph of U+4000–U+9FFF (a
        // three-byte scalar led by E4–E9): nothing to take off, told from three bytes a side.
        let plainEdges = s.withUTF8 { b -> Bool in
            guard let first = b.first, let last = b.last else { return false }
            let n = b.count
            let firstKept = (first > 0x20 && first < 0x7F) || (first >= 0xE4 && first <= 0xE9)
            let lastKept = (last > 0x20 && last < 0x7F) || (n >= 3 && b[n - 3] >= 0xE4 && b[n - 3] <= 0xE9)
            return firstKept && lastKept
        }
        if plainEdges { return s }
        let kept: Range<Int>?? = s.withUTF8 { b in
            var lo = 0, hi = b.count
            while lo < hi, let n = spaceLength(b, from: lo) { lo += n }
            while hi > lo, let n = spaceLength(b, before: hi) { hi -= n }
            guard lo < hi else { return .some(nil) }
            let rest = UnsafeBufferPointer(rebasing: b[lo..<hi])
            return keptAtEdge(rest, first: true) && keptAtEdge(rest, first: false) ? .some(lo..<hi) : nil
        }
        switch kept {
        case .some(.some(let r)) where r.count == s.utf8.count: return s
        case .some(.some(let r)): return s.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[r]), as: UTF8.self) }
        case .some(.none): return ""
        case .none: return trimmedByFoundation(s)
        }
    }

    /// The length of the space `trim` takes off at `i` (ASCII whitespace, U+00A0, U+200B,
    /// U+3000, U+FEFF), or nil.
    private static func spaceLength(_ b: UnsafeBufferPointer<UInt8>, from i: Int) -> Int? {
        switch b[i] {
        case 0x20, 0x09...0x0D: return 1
        case 0xC2 where b[i + 1] == 0xA0: return 2
        case 0xE3 where b[i + 1] == 0x80 && b[i + 2] == 0x80, 0xE2 where b[i + 1] == 0x80 && b[i + 2] == 0x8B,
             0xEF where b[i + 1] == 0xBB && b[i + 2] == 0xBF: return 3
        default: return nil
        }
    }

    /// The same for the scalar that ends at `end`.
    private static func spaceLength(_ b: UnsafeBufferPointer<UInt8>, before end: Int) -> Int? {
        if b[end - 1] < 0x80 { return spaceLength(b, from: end - 1) }
        if end >= 2, b[end - 2] == 0xC2 { return spaceLength(b, from: end - 2) }
        if end >= 3, b[end - 3] >= 0xE0, b[end - 3] < 0xF0 { return spaceLength(b, from: end - 3) }
        return nil
    }

    static func trimmedByFoundation(_ s: String) -> String { s.trimmingCharacters(in: trimmed) }

    private static let trimmed = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}\u{00A0}\u{200B}\u{FEFF}"))

    /// Whether the first (or last) scalar is one `trim` certainly keeps: printable ASCII or a
    /// scalar from U+3001 on other than U+FEFF (no whitespace lies there).
    private static func keptAtEdge(_ b: UnsafeBufferPointer<UInt8>, first: Bool) -> Bool {
        var i = first ? 0 : b.count - 1
        if !first { while i > 0 && b[i] & 0xC0 == 0x80 { i -= 1 } }
        guard b[i] >= 0x80 else { return b[i] > 0x20 && b[i] < 0x7F }
        guard let (u, _) = scalar(b, at: i) else { return true }  // four bytes: beyond U+FFFF
        return u >= 0x3001 && u != 0xFEFF
    }

    /// The normalized text when every scalar is one whose NFKC form is known here, else nil.
    private static func fold(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        var known = true
        let folded = String(unsafeUninitializedCapacity: b.count) { out in
            guard let n = fold(b, into: out) else { known = false; return 0 }
            return n
        }
        return known ? folded : nil
    }

    /// Appends `normalizedKey(s)`'s bytes to `out`: one buffer for a key of several texts.
    static func appendNormalized(_ s: String, to out: inout [UInt8]) {
        var s = s
        let known: Bool = s.withUTF8 { b in
            let start = out.count
            out.append(contentsOf: repeatElement(0, count: b.count))
            let n = out.withUnsafeMutableBufferPointer { fold(b, into: UnsafeMutableBufferPointer(rebasing: $0[start...])) }
            out.removeLast(b.count - (n ?? 0))
            return n != nil
        }
        if !known { out += normalizedKey(s).bytes }
    }

    /// `TextKey(normalize(s))`, its bytes written straight from the byte path, whose text is
    /// NFC (it holds only simple scalars).
    static func normalizedKey(_ s: String) -> TextKey {
        var s = s
        let bytes: [UInt8]? = s.withUTF8 { b in
            var known = true
            let folded = [UInt8](unsafeUninitializedCapacity: b.count) { out, count in
                if let n = fold(b, into: out) { count = n } else { known = false; count = 0 }
            }
            return known ? folded : nil
        }
        return bytes.map(TextKey.init(bytes:)) ?? TextKey(normalizedByFoundation(s))
    }

    /// Writes the normalized bytes into `out` (room for as many as `b` has) and returns their
    /// count, or nil when a scalar is not one whose NFKC form is known here. None of those
    /// scalars composes with a neighbour, so each folds on its own: ASCII and the CJK
    /// ideographs and punctuation stay, full-width ASCII (U+FF01–FF5E) becomes ASCII,
    /// whitespace, U+200B and U+FEFF go. One pass: the text is written as it is checked.
    private static func fold(_ b: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        var n = 0
        var i = 0
        while i < b.count {
            let c = b[i]
            if c >= 0x21 && c <= 0x7E {  // printable ASCII, most of a form's text
                out[n] = c
                n += 1
                i += 1
                continue
            }
            if c >= 0xE5 && c <= 0xE9 {  // U+5000–U+9FFF, CJK ideographs all: the rest of Chinese text
                out[n] = c
                out[n + 1] = b[i + 1]
                out[n + 2] = b[i + 2]
                n += 3
                i += 3
                continue
            }
            let (k, length) = kind(b, at: i)
            switch k {
            case .keep:
                for j in i..<(i + length) { out[n] = b[j]; n += 1 }
            case .fold:  // EF BC 81…EF BD 9E → 21…7E
                out[n] = b[i + 1] == 0xBC ? b[i + 2] - 0x60 : b[i + 2] - 0x20
                n += 1
            case .drop: break
            case .unknown: return nil
            }
            i += length
        }
        return n
    }

    /// Whether every scalar is one the byte path keeps or folds (no whitespace): such text has
    /// no combining sequences, so matching its bytes is matching its characters.
    static func isPlain(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in
            var i = 0
            while i < b.count {
                let (k, length) = kind(b, at: i)
                guard k == .keep || k == .fold else { return false }
                i += length
            }
            return true
        }
    }

    /// The first scalar of `normalize(s)`, 0 when that is empty, found without normalizing;
    /// nil when the text is not one the byte path knows. The scan stops past the first kept
    /// scalar: a scalar the byte path does not know can change it only by composing with it, so
    /// only when it comes first or right after it (the scalars known here compose with nothing,
    /// and those dropped are starters nothing composes with).
    static func firstNormalizedScalar(_ s: String) -> UInt32? {
        var s = s
        return s.withUTF8 { b in
            var i = 0
            while i < b.count {
                let (k, length) = kind(b, at: i)
                let first: UInt32
                switch k {
                case .keep: first = length == 1 ? UInt32(b[i]) : scalar(b, at: i)!.0
                case .fold: first = scalar(b, at: i)!.0 - 0xFEE0
                case .drop: i += length; continue
                case .unknown: return nil
                }
                i += length
                return i < b.count && kind(b, at: i).0 == .unknown ? nil : first
            }
            return 0
        }
    }

    /// Whether every scalar is one the byte path knows, other than U+2000 and U+2001 (which
    /// are canonically U+2002 and U+2003). Such text is NFC, so equal text is equal bytes, and
    /// its only character of more than one scalar is CR LF.
    static func isSimple(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in
            var i = 0
            while i < b.count {
                guard let length = simpleLength(b, at: i) else { return false }
                i += length
            }
            return true
        }
    }

    /// The length of the scalar at `i` when it is one simple text may hold, else nil.
    @inline(__always) static func simpleLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let (k, length) = kind(b, at: i)
        guard k != .unknown, !(length == 3 && b[i] == 0xE2 && b[i + 1] == 0x80 && b[i + 2] <= 0x81) else { return nil }
        return length
    }

    /// `s.count`, the characters, counted on the bytes when the text is simple.
    static func characterCount(_ s: String) -> Int {
        var s = s
        return s.withUTF8 { b in
            var n = 0
            var i = 0
            while i < b.count {
                guard let length = simpleLength(b, at: i) else { return nil }
                if !(b[i] == 0x0A && i > 0 && b[i - 1] == 0x0D) { n += 1 }
                i += length
            }
            return n
        } ?? s.count
    }

    /// `s.range(of: needle)` (Foundation's, non-literal): on bytes when the needle is plain and
    /// the text holds nothing but plain scalars and ordinary spaces.
    static func range(of needle: String, in s: Substring) -> Range<String.Index>? {
        guard isPlain(needle), !needle.isEmpty else { return s.range(of: needle) }
        var s = s
        let offset: Int?? = s.withUTF8 { b in plainOrSpaces(b) ? .some(firstOffset(of: needle, in: b)) : nil }
        guard let found = offset else { return s.range(of: needle) }
        return found.map { range(at: $0, of: needle, in: s) }
    }

    static func range(of needle: String, in s: String) -> Range<String.Index>? { range(of: needle, in: s[...]) }

    /// Which of `needles` occurs first in `s` (its index), and where: the earliest of
    /// `range(of:in:)` for each, the first needle listed on a tie; the text is checked once
    /// for all of them. The needles are plain.
    static func firstRange(ofAny needles: [String], in s: Substring) -> (Int, Range<String.Index>)? {
        var t = s
        let offsets: [Int?]? = t.withUTF8 { b in plainOrSpaces(b) ? needles.map { firstOffset(of: $0, in: b) } : nil }
        guard let offsets else {
            return needles.indices.compactMap { k in s.range(of: needles[k]).map { (k, $0) } }.min { $0.1.lowerBound < $1.1.lowerBound }
        }
        var best: (index: Int, offset: Int)?
        for (k, offset) in offsets.enumerated() {
            if let offset, offset < best?.offset ?? .max { best = (k, offset) }
        }
        return best.map { ($0.index, range(at: $0.offset, of: needles[$0.index], in: s)) }
    }

    private static func range(at offset: Int, of needle: String, in s: Substring) -> Range<String.Index> {
        let lower = s.utf8.index(s.startIndex, offsetBy: offset)
        return lower..<s.utf8.index(lower, offsetBy: needle.utf8.count)
    }

    /// Whether the text holds nothing but plain scalars and ordinary spaces, where finding a
    /// plain needle's bytes is finding its characters.
    private static func plainOrSpaces(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            let (k, length) = kind(b, at: i)
            guard k == .keep || k == .fold || b[i] == 0x20 || (0x09...0x0D).contains(b[i]) || (b[i] == 0xE3 && length == 3 && b[i + 1] == 0x80 && b[i + 2] == 0x80)
            else { return false }
            i += length
        }
        return true
    }

    private static func firstOffset(of needle: String, in b: UnsafeBufferPointer<UInt8>) -> Int? {
        var needle = needle
        return needle.withUTF8 { n -> Int? in
            guard n.count <= b.count else { return nil }
            let base = UnsafeRawPointer(b.baseAddress!)
            let last = b.count - n.count
            var i = 0
            // memchr to each candidate first byte, then the rest compared in one go.
            while i <= last, let hit = memchr(base + i, Int32(n[0]), last - i + 1) {
                let j = UnsafeRawPointer(hit) - base
                if memcmp(base + j, n.baseAddress!, n.count) == 0 { return j }
                i = j + 1
            }
            return nil
        }
    }

    /// `s` with each run of whitespace made one space (the regex `\s+`), when it has any other
    /// than single spaces between plain text.
    static func collapsingWhitespace(_ s: String) -> String {
        var t = s
        let plain = t.withUTF8 { b in
            var i = 0
            while i < b.count {
                let (k, length) = kind(b, at: i)
                if !(k == .keep || k == .fold || (b[i] == 0x20 && (i + 1 == b.count || b[i + 1] != 0x20))) { return false }
                i += length
            }
            return true
        }
        return plain ? s : whitespaceRun.replacing(in: s, with: " ")
    }

    private static let whitespaceRun = Pattern(#"\s+"#)

    private enum Kind { case keep, drop, fold, unknown }

    @inline(__always) private static func kind(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Kind, Int) {
        let c = b[i]
        if c < 0x80 {
            switch c {
            case 0x21...0x7E: return (.keep, 1)
            case 0x20, 0x09...0x0D: return (.drop, 1)
            default: return (.unknown, 1)
            }
        }
        guard let (u, length) = scalar(b, at: i) else { return (.unknown, 4) }
        switch u {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF,          // CJK ideographs
             0x3001...0x3002, 0x3008...0x3011,          // 、。〈〉《》「」『』【】
             0x2014, 0x2018...0x2019, 0x201C...0x201D:  // — ‘’ “”
            return (.keep, length)
        case 0xFF01...0xFF5E:                            // full-width ASCII
            return (.fold, length)
        case 0x0085, 0x00A0, 0x2000...0x200B, 0x2028...0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            return (.drop, length)
        default:
            return (.unknown, length)
        }
    }

    /// The scalar of two or three bytes at `i` of valid UTF-8 (as a String's always is), with
    /// its length; nil for four bytes.
    @inline(__always) static func scalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
        let c = b[i]
        if c < 0xE0 { return ((UInt32(c & 0x1F) << 6) | UInt32(b[i + 1] & 0x3F), 2) }
        if c < 0xF0 { return ((UInt32(c & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F), 3) }
        return nil
    }
}

/// Text as a dictionary key or in a list lookup, equal exactly when the texts are `==`
/// (canonically equivalent): the bytes of its NFC form, which simple text already is, hashed
/// in one go rather than scalar by scalar as `String` hashes text beyond ASCII. Its bytes in
/// lexicographic order are `String`'s order (NFC scalars compared, and UTF-8 keeps scalar order).
public struct TextKey: Hashable, Comparable, Sendable {
    public let bytes: [UInt8]

    public init(_ s: String) {
        bytes = Array((Label.isSimple(s) ? s : s.precomposedStringWithCanonicalMapping).utf8)
    }

    /// NFC bytes made by the caller (parts in NFC joined by a character that combines with nothing).
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// `TextKey` of the labels' texts joined by a line feed: labels the byte path made are
    /// simple, and so is their text joined by a line feed, so their bytes are the key, written
    /// without making the joined `String`.
    init(joiningLines labels: [Label.NormalizedLabel]) {
        guard labels.allSatisfy(\.simple) else {
            self.init(labels.map(\.text).joined(separator: "\n"))
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(labels.reduce(labels.count) { $0 + $1.text.utf8.count })
        for (i, l) in labels.enumerated() {
            if i > 0 { bytes.append(0x0A) }
            bytes.append(contentsOf: l.text.utf8)
        }
        self.init(bytes: bytes)
    }

    public func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }

    public static func < (a: TextKey, b: TextKey) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}
