import Foundation

/// A district's key figures for one month, from its accepted Attachment 1.
public struct KeyFigures: Sendable, Equatable {
    public var problemsFound: Decimal
    public var problemsClosed: Decimal
    /// 受处理处分总人数: the three ranks of the canonical layout, or the one column of the variant.
    public var persons: Decimal
    public var amountWan: Decimal

    public init(problemsFound: Decimal = 0, problemsClosed: Decimal = 0, persons: Decimal = 0, amountWan: Decimal = 0) {
        self.problemsFound = problemsFound
        self.problemsClosed = problemsClosed
        self.persons = persons
        self.amountWan = amountWan
    }

    public init(_ r: Attachment1Report) { self.init(PastAttachment1(r)) }

    public init(_ r: PastAttachment1) { self.init(layout: r.layout) { r.values[$0] } }

    /// The fields key figures are made of (`init(layout:value:)` reads no others).
    public static let fieldIDs = ["problems_found", "problems_closed", "persons_total_county", "persons_total_township",
                                  "persons_total_below_township", "persons_total", "amount_wan"]

    /// From a table of layout `layout` whose field `id` holds `value(id)` (nil when it holds none).
    public init(layout: String, value: (String) -> Decimal?) {
        func v(_ id: String) -> Decimal { value(id) ?? 0 }
        self.init(problemsFound: v("problems_found"), problemsClosed: v("problems_closed"),
                  persons: layout == "canonical"
                      ? v("persons_total_county") + v("persons_total_township") + v("persons_total_below_township")
                      : v("persons_total"),
                  amountWan: v("amount_wan"))
    }

    /// Field by field, each by `Decimal.sum`: the city's totals over 12 months of 300 districts
    /// were 14,400 of Foundation's additions, some 4,400 instructions each.
    static func total(_ all: some Collection<KeyFigures>) -> KeyFigures {
        KeyFigures(problemsFound: Decimal.sum(all.map(\.problemsFound)), problemsClosed: Decimal.sum(all.map(\.problemsClosed)),
                   persons: Decimal.sum(all.map(\.persons)), amountWan: Decimal.sum(all.map(\.amountWan)))
    }
}

/// What the auditor's report charts: month → district → key figures. Whoever holds the
/// months builds it — today the run, from the earlier months it reads for the cross-period
/// checks and the month itself; a history store can build the same value.
public struct Trends: Sendable, Equatable {
    public var months: [Period: [String: KeyFigures]]

    public init(months: [Period: [String: KeyFigures]] = [:]) { self.months = months }

    /// From the earlier months' accepted tables and the month's own.
    public init(history: History, current: [Attachment1Report]) {
        var months: [Period: [String: KeyFigures]] = [:]
        for (district, byMonth) in history.attachment1 {
            for (p, r) in byMonth { months[p, default: [:]][district] = KeyFigures(r) }
        }
        for (district, byMonth) in history.charted {
            for (p, k) in byMonth { months[p, default: [:]][district] = k }
        }
        for r in current {
            guard let d = r.meta.district, let p = r.meta.period else { continue }
            months[p, default: [:]][d] = KeyFigures(r)
        }
        self.init(months: months)
    }

    /// The `count` months ending with `last`, oldest first.
    public static func window(ending last: Period, count: Int) -> [Period] {
        var list = [last]
        while list.count < count { list.insert(list[0].previous, at: 0) }
        return list
    }
}
