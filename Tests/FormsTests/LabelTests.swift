import Foundation
import Testing
@testable import Forms

/// `Label` works on bytes for the text forms hold and on Foundation for the rest; both must
/// give what Foundation gives.
@Suite struct LabelTests {
    /// Every scalar the byte path handles, alone and between others, and some it leaves to Foundation.
    static let samples: [String] = {
        var scalars: [Unicode.Scalar] = []
        for range in [0x00...0x7F, 0x80...0xFF, 0x2000...0x206F, 0x3000...0x303F, 0xFE00...0xFFFF, 0x4E00...0x4E20, 0x4FF0...0x5010, 0x7FF0...0x8010, 0x9FF0...0x9FFF,
                      0x3400...0x3410, 0x4DB0...0x4DBF, 0x1680...0x1680, 0x180E...0x180E] {
            scalars += range.compactMap(Unicode.Scalar.init)
        }
        var out = scalars.map { String($0) }
        out += scalars.map { "涉及\(String($0))金额 " }
        out += scalars.map { " \(String($0))" }
        out += ["", " ", "\u{3000}当月发现问题数\u{3000}", "涉及金额\n（万元）", "ＡＢＣ１２３", "e\u{301}", "区\u{301}", "①２",
                "\r\n", "ﾃｽﾄ", "㈱", "𠀀区", "填报时间：2026年11月25日", "\u{FEFF}附件1", "a\u{200B}b", "…"]
        return out
    }()

    @Test func normalizeAgreesWithFoundation() {
        for s in Self.samples {
            #expect(Label.normalize(s) == Label.normalizedByFoundation(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(Array(Label.normalize(s).utf8) == Array(Label.normalizedByFoundation(s).utf8))
            #expect(Label.normalizedKey(s) == TextKey(Label.normalizedByFoundation(s)))
        }
    }

    @Test func firstNormalizedScalar() {
        // Each sample alone, after a kept scalar (where it may compose with it), after a space,
        // and followed by more text (which the scan does not read).
        for s in Self.samples.flatMap({ [$0, "a\($0)", "Ａ\($0)", "涉\($0)", "\u{3000}\($0)", "涉及\($0)", "\($0)区\u{301}"] }) {
            guard let first = Label.firstNormalizedScalar(s) else { continue }
            #expect(first == (Label.normalizedByFoundation(s).unicodeScalars.first?.value ?? 0),
                    "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func normalizedLabelsAreNormalizedAndCompareAsStrings() {
        let texts = Self.samples + ["e\u{301}", "é", "区\u{301}", "e \u{301}", "涉及金额\n（万元）", "涉及金额(万元)"]
        let labels = texts.map(Label.normalizedLabel)
        for (t, l) in zip(texts, labels) { #expect(l.text == Label.normalize(t) && Array(l.text.utf8) == Array(Label.normalize(t).utf8)) }
        for (i, a) in labels.enumerated() {
            for b in labels[i...].prefix(40) + labels.suffix(6) { #expect((a == b) == (a.text == b.text), "\(a.text) \(b.text)") }
        }
    }

    @Test func joinedKeysAgreeWithTheJoinedText() {
        for (i, s) in Self.samples.enumerated() {
            let labels = [s, Self.samples[(i * 7) % Self.samples.count], "涉及金额"]
            for n in 0...labels.count {
                let part = labels.prefix(n).map(Label.normalizedLabel)
                #expect(TextKey(joiningLines: part) == TextKey(part.map(\.text).joined(separator: "\n")))
            }
        }
    }

    @Test func hasPrefixAgreesWithString() {
        let prefixes = ["说明", "当月查处或整改", "填表人", "区", "a", ""]
        for s in Self.samples + ["说明", "说明\u{301}", "说明：见附表", "填表人\u{20DD}", "当月查处或整改情况", "说"] {
            let t = Label.normalize(s)
            for p in prefixes { #expect(Label.hasPrefix(t, p) == t.hasPrefix(p), "\(t.unicodeScalars.map { String($0.value, radix: 16) }) \(p)") }
        }
    }

    @Test func trimAgreesWithFoundation() {
        for s in Self.samples {
            #expect(Array(Label.trim(s).utf8) == Array(Label.trimmedByFoundation(s).utf8),
                    "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}

@Suite struct NumberReadingTests {
    /// Sums and comparisons on the digits must give Foundation's results, to the byte.
    @Test func sumsAndComparisonsAsFoundation() {
        var rng = SystemRandomNumberGenerator()
        func figure() -> Decimal {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: return 0
            case 1: return Decimal(sign: .plus, exponent: Int.random(in: -20...20, using: &rng), significand: Decimal(UInt64.random(in: 0...UInt64.max, using: &rng)))
            case 2: return Decimal(Int.random(in: -5...5, using: &rng)) * Decimal(string: "1.50")!
            default:
                let digits = Int64.random(in: -99_999_999...99_999_999, using: &rng)
                return Decimal(sign: digits < 0 ? .minus : .plus, exponent: -Int.random(in: 0...6, using: &rng), significand: Decimal(digits.magnitude))
            }
        }
        func bytes(_ d: Decimal) -> [UInt8] { withUnsafeBytes(of: d) { Array($0) } }
        var sets: [[Decimal]] = [[], [0], [Decimal(string: "1.5")!, Decimal(string: "-1.5")!], [Decimal(string: "1.25")!, Decimal(string: "2.75")!],
                                 [Decimal(Int64.max), 1], [Decimal(string: "0.000000000000000001")!, Decimal(string: "1e18")!]]
        sets += (0..<3000).map { _ in (0..<Int.random(in: 1...40, using: &rng)).map { _ in figure() } }
        for values in sets {
            let foundation = values.reduce(0, +)
            #expect(bytes(Decimal.sum(values)) == bytes(foundation), "\(values.map(\.description))")
            for (a, b) in zip(values, values.dropFirst() + [0]) {
                #expect(Decimal.isLess(a, than: b) == (a < b), "\(a) < \(b)")
                #expect(Decimal.isLess(b, than: a) == (b < a), "\(b) < \(a)")
            }
        }
    }

    /// Numbers skip Foundation's parsing: the Decimal must be the one parsing gives, to the byte.
    @Test func numbersAsParsed() {
        var values: [Double] = Array(-1000...1000).map(Double.init)
        values += [1e14, 999_999_999_999_999, 123_456_789_012, -98_765_432_100, 1e10, 4_294_967_296, 65_536, 65_535]
        values += (-20000...20000).map { Double($0) / 100 } + (0...3000).map { Double($0) / 1000 + 0.0001 }
        values += [0.1, 0.2, 0.3, 1e-7, 123.456789, 98765.4321, 1e-5, 0.000001, 12345678.9012345, -0.5, -1234.0625]
        for v in values {
            let parsed = Decimal(string: "\(v)", locale: NumberReading.posix)!
            let d = NumberReading.decimal(v)
            #expect(withUnsafeBytes(of: d) { Array($0) } == withUnsafeBytes(of: parsed) { Array($0) }, "\(v)")
        }
    }

    /// `plain` and `isWhole` work on the digits when they fit 64 bits: they must give what Foundation gives.
    @Test func plainAsFoundationWritesIt() {
        var values: [Decimal] = [0, 1, -1, 10, 100, 1_000_000, Decimal(UInt64.max), -Decimal(UInt64.max), Decimal.nan]
        for text in ["0.0", "1.50", "-0.05", "0.000001", "12345678.9012345", "1e3", "1.2e-30", "123456789012345678",
                     "-98765.4321", "100.00", "0.10", "5e40", "3e-41"] {
            values.append(Decimal(string: text, locale: NumberReading.posix)!)
        }
        values += (-2000...2000).map { Decimal($0) / 100 } + (-2000...2000).map { Decimal($0) / 10000 }
        values += (0...1000).map { NumberReading.decimal(Double($0) / 1000 + 0.0001) }
        values += (1...400).map { Decimal(sign: $0 % 2 == 0 ? .minus : .plus, exponent: $0 % 40 - 20, significand: Decimal($0 * 7919)) }
        values += [Decimal(1) / 3, Decimal(2) / 3 * 10000, Decimal(string: "1" + String(repeating: "0", count: 30))!]
        for d in values {
            #expect(d.plain == NSDecimalNumber(decimal: d).stringValue, "\(NSDecimalNumber(decimal: d).stringValue)")
            #expect(d.withPlainUTF8 { Array($0) } == Array(d.plain.utf8))
            var copy = d, rounded = Decimal()
            NSDecimalRound(&rounded, &copy, 0, .plain)
            #expect(d.isWhole == (rounded == d), "\(NSDecimalNumber(decimal: d).stringValue)")
        }
    }
}

extension LabelTests {
    /// `sameBytes` against the bytes themselves, canonically equivalent text of equal length included.
    @Test func sameBytesIsUTF8Equality() {
        let texts = ["", "a", "ab", "\u{212B}", "A\u{30A}", "\u{C5}", "已移送纪检监察机关", "已移送纪检监察机关 ", "e\u{301}", "\u{E9}"]
            + Self.samples
        for a in texts {
            for b in texts {
                #expect(Label.sameBytes(a, b) == (Array(a.utf8) == Array(b.utf8)), "\(Array(a.utf8)) \(Array(b.utf8))")
            }
        }
    }
}
