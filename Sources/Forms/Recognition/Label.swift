import Foundation

/// Header and form text as compared: NFKC (full-width digits, letters and brackets folded),
/// with every kind of whitespace and line break removed.
enum Label {
    static func normalize(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.precomposedStringWithCompatibilityMapping.unicodeScalars
        where !u.properties.isWhitespace && u != "\u{200B}" && u != "\u{FEFF}" {
            out.append(u)
        }
        return String(out)
    }

    /// Trims whitespace, including the ideographic space U+3000 clerks leave in template cells.
    static func trim(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}\u{00A0}\u{200B}\u{FEFF}")))
    }
}
