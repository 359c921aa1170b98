import Foundation

/// The roster's district names, to be found in a title, a unit or a file name. A national
/// roster has thousands, so the names are indexed by their first scalar and matched as UTF-8.
/// A class: every table's reading context holds it, and it never changes.
final class DistrictNames: Sendable {
    let names: [String]
    private let bytes: [[UInt8]]
    /// Characters in each name: the longest name found wins.
    private let lengths: [Int]
    /// Names whose text `Label` handles as bytes, by their first scalar's bytes.
    private let byFirst: [UInt32: [Int]]
    /// Names matched as Foundation matches them (text outside what `Label` handles as bytes).
    private let others: [Int]

    init(_ names: [String]) {
        self.names = names
        bytes = names.map { Array($0.utf8) }
        lengths = names.map(\.count)
        var byFirst: [UInt32: [Int]] = [:], others: [Int] = []
        for (i, b) in bytes.enumerated() {
            if !b.isEmpty, Label.isPlain(names[i]) {
                byFirst[b.withUnsafeBufferPointer { Self.key($0, at: 0) }, default: []].append(i)
            } else {
                others.append(i)
            }
        }
        self.byFirst = byFirst
        self.others = others
    }

    /// The bytes of the scalar at `i`, packed.
    private static func key(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt32 {
        let c = b[i]
        let length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4
        var k: UInt32 = 0
        for j in i..<min(i + length, b.count) { k = k << 8 | UInt32(b[j]) }
        return k
    }

    /// The longest name (the first of equals, in roster order) that `text`, normalized, contains.
    func longest(in normalized: String) -> String? {
        var found: [Int] = others.filter { !bytes[$0].isEmpty && normalized.contains(names[$0]) }
        if Label.isPlain(normalized) {
            var t = normalized
            t.withUTF8 { b in
                var i = 0
                while i < b.count {
                    for n in byFirst[Self.key(b, at: i)] ?? [] where b.count - i >= bytes[n].count {
                        if bytes[n].withUnsafeBufferPointer({ name in memcmp(name.baseAddress!, b.baseAddress! + i, name.count) == 0 }) {
                            found.append(n)
                        }
                    }
                    i += 1
                    while i < b.count && b[i] & 0xC0 == 0x80 { i += 1 }
                }
            }
        } else {
            found += byFirst.values.joined().filter { normalized.contains(names[$0]) }
        }
        return found.sorted().max { lengths[$0] < lengths[$1] }.map { names[$0] }
    }
}
