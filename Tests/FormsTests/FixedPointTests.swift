import Foundation
import Testing
@testable import Forms

/// FixedPoint must write what `String(format: "%.Nf")` writes, ties and signs included.
struct FixedPointTests {
    @Test func tiesRoundHalfToEvenOnTheExactBinaryValue() {
        // 0.25 and 2.5 are exact ties; 0.35 and 0.15 lie just below or above theirs in binary.
        for (v, one, two) in [(0.25, "0.2", "0.25"), (0.35, "0.3", "0.35"), (0.15, "0.1", "0.15"), (2.5, "2.5", "2.50"),
                              (0.05, "0.1", "0.05"), (0.125, "0.1", "0.12"), (0.375, "0.4", "0.38"), (99.95, "100.0", "99.95")] {
            #expect(FixedPoint.text(v, decimals: 1) == one)
            #expect(FixedPoint.text(v, decimals: 2) == two)
        }
        #expect(FixedPoint.text(-0.04, decimals: 1) == "-0.0")
        #expect(FixedPoint.text(-0.0, decimals: 2) == "-0.00")
        #expect(FixedPoint.text(0, decimals: 0) == "0")
    }

    @Test func agreesWithPrintfOnManyValues() {
        var rng = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, .leastNonzeroMagnitude, .leastNormalMagnitude, 1e-300, 0.5, 1.5, -2.5, 999_999_999_999.9, 1e12, 3e15,
                                .infinity, -.infinity]
        for scale in [1e-6, 1e-2, 1, 100, 1e4, 1e9] {
            values += (0..<4_000).map { _ in Double.random(in: -scale...scale, using: &rng) }
            // Values on or next to a tie: k/200 and its neighbours.
            values += (0..<1_000).flatMap { _ -> [Double] in
                let t = Double(Int.random(in: -200_000...200_000, using: &rng)) / 200 * min(scale, 1)
                return [t, t.nextUp, t.nextDown]
            }
        }
        for v in values {
            for d in 0...3 {
                #expect(FixedPoint.text(v, decimals: d) == String(format: "%.\(d)f", v), "\(v) with \(d) decimals")
            }
        }
    }
}
