import Foundation

/// `p-figure-jump`'s arithmetic, for one figure of Attachment 1 against the same figure in the
/// district's earlier months of the window (`history_months`). Robust: the median and the
/// median absolute deviation (MAD) move little for one odd month, where a mean or a minimum would.
///
/// With m the median of the earlier figures and MAD the median of abs(x − m), the limit is the
/// largest of: `jump_factor` × m (a jump is several times the usual month); m + `jump_factor` ×
/// 1.4826 × MAD (several standard deviations, as the MAD estimates one, for a district whose
/// figures vary); and the highest earlier figure (a figure the district has already reported is
/// not outside its history). A figure v is a jump when v > limit and v ≥ `jump_minimum`, the floor
/// for small figures (a district at 0 reporting 3). With fewer than three earlier months there is
/// no baseline, and nothing is said.
struct FigureJump {
    static let minimumMonths = 3
    /// The MAD of normally distributed figures times this is their standard deviation.
    static let madToStandardDeviation = Decimal(string: "1.4826")!

    let median: Decimal
    let deviation: Decimal
    /// The highest figure that is not a jump.
    let limit: Decimal
    let minimum: Decimal

    /// Nil when `history` has fewer than `minimumMonths` figures.
    init?(history: [Decimal], config: Configuration) {
        guard history.count >= Self.minimumMonths, let highest = history.max() else { return nil }
        let m = Self.median(history)
        let mad = Self.median(history.map { abs($0 - m) })
        median = m
        deviation = mad
        limit = max(config.jumpFactor * m, m + config.jumpFactor * Self.madToStandardDeviation * mad, highest)
        minimum = config.jumpMinimum
    }

    func isJump(_ value: Decimal) -> Bool { value >= minimum && value > limit }

    /// The baseline `value` jumps from, or nil when it does not. A jump is above the floor and
    /// above every earlier figure (the limit is at least the highest), so most figures are
    /// cleared by those two comparisons, before any median is taken.
    static func jump(_ value: Decimal, history: [Decimal], config: Configuration) -> FigureJump? {
        guard value >= config.jumpMinimum, let highest = history.max(), value > highest,
              let jump = FigureJump(history: history, config: config), jump.isJump(value) else { return nil }
        return jump
    }

    static func median(_ values: [Decimal]) -> Decimal {
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
