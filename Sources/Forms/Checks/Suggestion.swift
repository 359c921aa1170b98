import Foundation
import XLSX

/// One figure of a total that failed: where it is and what it holds.
struct Term {
    let place: String
    let value: Decimal
}

/// Finds the single cell change that would make `Σ lhs == Σ rhs` hold, when the change looks
/// like a typing slip: two digits swapped, a slip of ×10ⁿ (元 typed for 万元 is ×10⁴), or a
/// figure counted twice.
enum Suggestion {
    static func forEquation(lhs: [Term], rhs: [Term]) -> String {
        fix(lhs: lhs, rhs: rhs)?.text ?? ""
    }

    /// The suggestion's text and the correction it names (cell and value), or nil.
    static func fix(lhs: [Term], rhs: [Term]) -> (text: String, correction: Correction)? {
        let diff = lhs.reduce(0) { $0 + $1.value } - rhs.reduce(0) { $0 + $1.value }
        guard diff != 0 else { return nil }
        var slips: [(text: String, correction: Correction)] = []
        var doubles: [(text: String, correction: Correction)] = []
        let candidates = lhs.map { ($0, $0.value - diff) } + rhs.map { ($0, $0.value + diff) }
        for (term, wanted) in candidates where wanted >= 0 {
            if let why = slip(from: term.value, to: wanted) {
                slips.append(("将 \(term.place) 由 \(term.value.plain) 改为 \(wanted.plain)（\(why)）",
                              Correction(place: term.place, value: wanted.plain)))
            }
        }
        let bigger = diff > 0 ? lhs : rhs
        if bigger.count == 1, let total = bigger.first {
            let others = diff > 0 ? rhs : lhs
            if let twice = others.first(where: { $0.value == abs(diff) && $0.value != 0 }) {
                let wanted = total.value - abs(diff)
                doubles.append(("将 \(total.place) 由 \(total.value.plain) 改为 \(wanted.plain)（疑似重复计入了 \(twice.place) 的 \(twice.value.plain)）",
                                Correction(place: total.place, value: wanted.plain)))
            }
        }
        return (slips + doubles).first
    }

    /// Why `typed` may be `meant` mistyped, or nil.
    static func slip(from typed: Decimal, to meant: Decimal) -> String? {
        guard typed != meant else { return nil }
        let a = digits(typed), b = digits(meant)
        if a.count == b.count, a.count >= 2, a.sorted() == b.sorted(),
           zip(a, b).filter({ $0 != $1 }).count == 2 {
            return "疑似两位数字颠倒"
        }
        guard meant != 0, typed != 0 else { return nil }
        for n in 1...4 {
            let p = pow(Decimal(10), n)
            if typed == meant * p { return n == 4 ? "疑似按元填写，应以万元为单位" : "疑似多写了\(n)个0（×\(p.plain)）" }
            if typed * p == meant { return "疑似少写了\(n)个0（÷\(p.plain)）" }
        }
        return nil
    }

    private static func digits(_ d: Decimal) -> [Character] {
        Array(d.plain.filter(\.isNumber))
    }
}
