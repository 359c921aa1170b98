import Foundation

/// A regular expression compiled once. `String.range(of:options: .regularExpression)` compiles
/// (or looks up in a cache keyed by a printed description) its pattern on every call, which
/// cost more than the matching on the read path; this is the same ICU engine with the same
/// options, so it matches exactly what that call matched.
public struct Pattern: @unchecked Sendable {
    private let regex: NSRegularExpression

    public init(_ pattern: String) { regex = try! NSRegularExpression(pattern: pattern) }

    /// The first match, as `s.range(of: pattern, options: .regularExpression)` gives it.
    public func firstRange(in s: String) -> Range<String.Index>? {
        let r = regex.rangeOfFirstMatch(in: s, range: NSRange(location: 0, length: s.utf16.count))
        return r.location == NSNotFound ? nil : Range(r, in: s)
    }

    public func matches(_ s: String) -> Bool { firstRange(in: s) != nil }

    public func allMatches(in s: String) -> [NSTextCheckingResult] {
        regex.matches(in: s, range: NSRange(location: 0, length: s.utf16.count))
    }

    /// Every match replaced by `template`, as `s.replacingOccurrences(of: pattern, with:
    /// template, options: .regularExpression)` does.
    public func replacing(in s: String, with template: String) -> String {
        regex.stringByReplacingMatches(in: s, range: NSRange(location: 0, length: s.utf16.count), withTemplate: template)
    }
}
