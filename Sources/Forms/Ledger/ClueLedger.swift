import Foundation

/// A clue as one month's accepted Attachment 2 lists it: all the ledger needs of it, light enough
/// for a store to hold every month's.
public struct ClueListing: Sendable, Equatable {
    public var district: String
    public var period: Period
    public var clueID: ClueID
    /// The clue's slot (`Clue.ledgerSlot`: its district and key), as the ledger compares it.
    public var slot: LedgerSlot
    public var persons: String
    public var summary: String
    public var disposition: String
    public var rectification: String

    public init(district: String, period: Period, clueID: String, key: String, persons: String, summary: String,
                disposition: String, rectification: String) {
        self.init(district: district, period: period, clueID: ClueID(clueID), slot: LedgerSlot(district: district, key: key),
                  persons: persons, summary: summary, disposition: disposition, rectification: rectification)
    }

    init(district: String, period: Period, clueID: ClueID, slot: LedgerSlot, persons: String, summary: String,
         disposition: String, rectification: String) {
        self.district = district
        self.period = period
        self.clueID = clueID
        self.slot = slot
        self.persons = persons
        self.summary = summary
        self.disposition = disposition
        self.rectification = rectification
    }

    /// The register's clues, in its order; none when it names no district or month.
    public static func of(_ reg: ClueRegister) -> [ClueListing] {
        let prefix = NormalizedCSV.clueIDPrefix(reg)
        return reg.clues.withUnsafeBufferPointer { clues in
            zip(clues.indices, reg.ledgerSlots).map { j, slot in
                of(clues, j, district: reg.meta.district!, period: reg.meta.period!, prefix: prefix, slot: slot)
            }
        }
    }

    /// Clue `j` of a register naming its `district` and `period`, in its slot; `prefix` is the
    /// register's `NormalizedCSV.clueIDPrefix`. The clue is read where the register keeps it: a
    /// `Clue` (or its register) passed by value was copied, each of its strings retained and
    /// released, for every clue of a month.
    static func of(_ clues: UnsafeBufferPointer<Clue>, _ j: Int, district: String, period: Period, prefix: String,
                   slot: LedgerSlot) -> ClueListing {
        let persons = clues[j].persons
        return ClueListing(district: district, period: period,
                           clueID: ClueID(prefix: prefix, number: NormalizedCSV.clueNumber(seq: clues[j].seq, row: clues[j].row)),
                           slot: slot,
                           persons: persons.count == 1 ? persons[0].name : persons.map(\.name).joined(separator: "、"),
                           summary: clues[j].summary, disposition: clues[j].disposition, rectification: clues[j].rectification)
    }
}

/// One month a clue was listed in, as its district's accepted Attachment 2 said it.
public struct ClueAppearance: Sendable, Equatable {
    public var period: Period
    /// Whether the disposition closes the clue off. (Beside the period, in its word: a word less.)
    public var closes: Bool
    public var clueID: ClueID
    public var disposition: String
    public var rectification: String

    public init(period: Period, clueID: ClueID, disposition: String, rectification: String, closes: Bool) {
        self.period = period
        self.clueID = clueID
        self.disposition = disposition
        self.rectification = rectification
        self.closes = closes
    }
}

/// One clue followed across months (台账): where it was registered, every month it was listed
/// in since, and whether it is closed off (销号).
public struct LedgerEntry: Sendable, Equatable {
    public var district: String
    /// The clue's slot: its identity, as the ledger compares it.
    public private(set) var slot: LedgerSlot
    public var summary: String
    public var persons: String
    /// In period order; the first is the registration.
    public var appearances: [ClueAppearance]
    /// The first month that listed it with a closing disposition, while it is closed.
    public var closedIn: Period?

    public init(district: String, key: String, summary: String, persons: String, appearances: [ClueAppearance],
                closedIn: Period?) {
        self.init(district: district, slot: LedgerSlot(district: district, key: key), summary: summary, persons: persons,
                  appearances: appearances, closedIn: closedIn)
    }

    init(district: String, slot: LedgerSlot, summary: String, persons: String, appearances: [ClueAppearance], closedIn: Period?) {
        self.district = district
        self.slot = slot
        self.summary = summary
        self.persons = persons
        self.appearances = appearances
        self.closedIn = closedIn
    }

    public var registered: Period { appearances[0].period }
    public var current: ClueAppearance { appearances[appearances.count - 1] }

    /// Whether the clue was registered and not closed off at the end of `period`.
    public func isOpen(at period: Period) -> Bool {
        // From the latest month back, in place: most clues were listed in `period` itself.
        var i = appearances.count
        while i > 0 {
            i -= 1
            if appearances[i].period <= period { return !appearances[i].closes }
        }
        return false
    }

    /// Whole months from registration to `period` (or to its closing, when closed by then).
    public func monthsOpen(at period: Period) -> Int {
        (closedIn.map { min($0, period) } ?? period).months(since: registered)
    }
}

/// What a clue listed again says about its progress, against the month it was last listed in.
public enum ClueProgress: Sendable, Equatable {
    /// Listed for the first time.
    case registered
    /// The same 处置情况 and 整改情况: registered again, which the rules forbid.
    case repeated
    /// The disposition moved to a later stage, or to another of the same stage, without going back.
    case progressed
    /// The same disposition, its rectification written or rewritten.
    case rectified
    /// The disposition moved back to an earlier stage: closed and open again, or an open stage undone.
    case regressed
}

/// Which dispositions close a clue, and the order of the open ones: configuration, as data.
public struct DispositionStages: Sendable, Equatable {
    /// Dispositions that close a clue off (销号).
    public var closing: [String] { didSet { ranks = Self.ranks(closing, open) } }
    /// The open dispositions, earliest stage first.
    public var open: [String] { didSet { ranks = Self.ranks(closing, open) } }
    /// Each normalized disposition's rank, made once: the ledger asks for every clue.
    private var ranks: [String: Int]

    public init(closing: [String], open: [String]) {
        self.closing = closing
        self.open = open
        ranks = Self.ranks(closing, open)
    }

    /// 0 for an empty or unknown disposition, then the open stages in order; every closing
    /// disposition ranks after them all.
    public func rank(_ disposition: String) -> Int { ranks[Label.normalize(disposition)] ?? 0 }

    public func closes(_ disposition: String) -> Bool { rank(disposition) == open.count + 1 }

    private static func ranks(_ closing: [String], _ open: [String]) -> [String: Int] {
        var out: [String: Int] = [:]
        for (i, d) in open.enumerated() { out[Label.normalize(d)] = i + 1 }
        for d in closing { out[Label.normalize(d)] = open.count + 1 }
        return out
    }
}

/// The ledger of every district's clues as of the end of a month: built one month at a time, in
/// period order, from each month's accepted registers.
///
/// It follows the clues open at the end of the month and those closed during it. A clue closed
/// in an earlier month is retired (when the next month is recorded, or at once by `settle`):
/// kept apart, and brought back if a register lists it again. So what a month costs is its own
/// clues, not every clue ever registered: a store keeps the settled ledger and the retired
/// clues, and hands back those a month lists (`recall`).
///
/// A national month follows some 100,000 clues, each a handful of strings: the ledger answers
/// its questions by walking `entries` in place, and copies out only the entries it returns.
public struct ClueLedger: Sendable {
    /// How many months of open-clue counts the ledger keeps, for trends.
    public static let trendMonths = 12

    /// The clues followed: open at the end of `through`, or closed during it.
    public private(set) var entries: [LedgerEntry] = []
    /// The latest month recorded.
    public private(set) var through: Period?
    /// The districts whose Attachment 2 the ledger has recorded in some month (clues or none).
    public private(set) var followed: Set<String> = []
    /// Each district's earliest registration, of every clue ever recorded.
    public private(set) var firstRegistered: [String: Period] = [:]
    /// Open clues of each district (absent: none) at the end of each of the latest `trendMonths` months recorded.
    public private(set) var openCounts: [Period: [String: Int]] = [:]
    /// Retired clues by slot: all of them in a ledger replayed from the registers; in one restored
    /// from a store, only those recalled for the month about to be recorded.
    private var retired: [LedgerSlot: RetiredClue] = [:]
    /// The clues retired before the last `record` that it brought back (listed again).
    public private(set) var revivedLast: [LedgerEntry] = []
    /// Each entry's district (its id in `districts`), beside it in `entries`' order: made once,
    /// when it is added. (With each slot beside it too, 2.3 MB of a national month's peak.)
    private var districtIDs: [Int32] = []
    private var index: [LedgerSlot: Int] = [:]
    /// The districts of the entries.
    private var districts = Districts()

    public init() {}

    /// A ledger as a store kept it at the end of `through` (its retired clues apart).
    public init(through: Period?, followed: Set<String>, firstRegistered: [String: Period],
                openCounts: [Period: [String: Int]], entries: [LedgerEntry]) {
        self.through = through
        self.followed = followed
        self.firstRegistered = firstRegistered
        self.openCounts = openCounts
        self.entries = entries
        districtIDs.reserveCapacity(entries.count)
        var run: DistrictRun?
        for i in entries.indices {
            let d = district(entries[i].district, after: &run)
            index[entries[i].slot] = i
            districtIDs.append(Int32(d.id))
        }
        districts.regroup(districtIDs)
    }

    /// A district met by consecutive clues (a register's, or a run of a stored ledger's): its
    /// id, looked up once for them all.
    private struct DistrictRun {
        var name: String
        var id: Int
    }

    /// `name`'s run: `run` when it is that district's, else a new one.
    private mutating func district(_ name: String, after run: inout DistrictRun?) -> DistrictRun {
        if let run, run.name == name { return run }
        let d = DistrictRun(name: name, id: districts.id(name))
        run = d
        return d
    }

    /// The districts of the ledger's entries, each by a small id: its name hashed once a month
    /// or a question, not once a clue; and its entries at hand, so that a district's questions
    /// cost its own clues, not the city's.
    private struct Districts: Sendable {
        /// By `String` equality, as the ledger has always told districts apart.
        private var ids: [String: Int] = [:]
        /// Each district's name, as first met.
        private(set) var names: [String] = []
        /// Each district's entries, in `entries`' order.
        private(set) var members: [[Int]] = []

        mutating func id(_ name: String) -> Int {
            if let id = ids[name] { return id }
            ids[name] = names.count
            names.append(name)
            members.append([])
            return names.count - 1
        }

        func id(of name: String) -> Int? { ids[name] }

        mutating func add(_ entry: Int, to district: Int) { members[district].append(entry) }

        /// Groups the entries anew after some were taken out.
        mutating func regroup(_ ids: [Int32]) {
            for d in members.indices { members[d].removeAll(keepingCapacity: true) }
            for (i, d) in ids.enumerated() { members[Int(d)].append(i) }
        }
    }

    /// The retired clues at hand (see `retired`).
    public var retiredClues: [RetiredClue] { Array(retired.values) }

    /// Hands back retired clues the next month lists (those it still follows are ignored).
    public mutating func recall(_ clues: [RetiredClue]) {
        for c in clues {
            let slot = c.entry.slot
            if index[slot] == nil { retired[slot] = c }
        }
    }

    /// Whether the ledger follows the clue in this slot: open, or closed in the month recorded last.
    public func follows(_ slot: LedgerSlot) -> Bool { index[slot] != nil }

    /// Ends the month recorded last: retires the clues closed at its end, as the next record
    /// would, and returns them. What is left is what a store keeps of the month's ledger; the
    /// returned clues go to its retired ones (retired as of that month).
    public mutating func settle() -> [LedgerEntry] {
        guard let through else { return [] }
        return retire(closedBy: through).entries
    }

    /// The places in `entries` of the clues `settle` would retire, in order: those closed at
    /// the end of the month recorded last. With `encodeSettled`, what a store keeps of the
    /// month, read from the ledger as recorded (whose outputs read it) instead of a settled copy.
    public var closedAtEnd: [Int] { through == nil ? [] : entries.indices.filter { entries[$0].closedIn != nil } }

    /// Lets go of the retired clues once a store keeps them.
    public mutating func forgetRetired() { retired = [:] }

    /// What a listing of a clue in the month means for the ledger.
    public struct Event: Sendable, Equatable {
        /// The listing's place in those recorded.
        public var listing: Int
        /// The month the clue was registered in.
        public var registered: Period
        public var progress: ClueProgress
        /// What a clue listed before was, held apart: the events of clues registered this month,
        /// nearly all of a first month's, hold none (94,000 events of 128 bytes were a national
        /// month's peak, 12 MB, while the ledger recorded it).
        private let earlier: Earlier?

        /// The clue id it was registered under, when it was listed before.
        public var registeredAs: ClueID? { earlier?.registeredAs }
        /// The month it was last listed in before, when it had been.
        public var before: ClueAppearance? { earlier?.before }

        /// A clue registered now.
        init(registered listing: Int, in period: Period) {
            (self.listing, registered, progress, earlier) = (listing, period, .registered, nil)
        }

        /// A clue listed before, registered in `registered` as `registeredAs`.
        init(listing: Int, registered: Period, registeredAs: ClueID, before: ClueAppearance, progress: ClueProgress) {
            (self.listing, self.registered, self.progress) = (listing, registered, progress)
            earlier = Earlier(registeredAs: registeredAs, before: before)
        }

        public static func == (a: Event, b: Event) -> Bool {
            a.listing == b.listing && a.registered == b.registered && a.progress == b.progress
                && a.registeredAs == b.registeredAs && a.before == b.before
        }

        private final class Earlier: Sendable {
            let registeredAs: ClueID
            let before: ClueAppearance

            init(registeredAs: ClueID, before: ClueAppearance) {
                (self.registeredAs, self.before) = (registeredAs, before)
            }
        }
    }

    /// Records month `period` from the clues its accepted registers list (one register per
    /// district; `districts` are those registers', clues or none), and returns what each listing
    /// means, in their order (none for a clue listed twice). Recording a month not after the
    /// last one is a programming error: the ledger only moves forward. The listings are read in
    /// place: the registers' own lists joined, not copied into one (a national month's, 11 MB).
    @discardableResult
    public mutating func record<Listings: Collection<ClueListing>>(_ period: Period, listings: Listings, districts listed: Set<String>,
                                                                    stages: DispositionStages) -> [Event] {
        precondition(through.map { $0 < period } ?? true, "the ledger only moves forward: \(period) after \(through!)")
        // A month no register came in for left the open clues as they were.
        if let last = through, let counts = openCounts[last] {
            var q = last.next
            while q < period { openCounts[q] = counts; q = q.next }
        }
        let previous = through
        through = period
        followed.formUnion(listed)
        // Clues a store did not settle at the month before's end are retired now.
        var retiredNow = Set(previous.map { retire(closedBy: $0).slots } ?? [])
        revivedLast = []
        var events: [Event] = []
        let count = listings.count
        events.reserveCapacity(count)
        // A register's listings come together: its district is looked up once for them all.
        var run: DistrictRun?
        index.reserveCapacity(entries.count + count)
        entries.reserveCapacity(entries.count + count)
        districtIDs.reserveCapacity(entries.count + count)
        // The district whose first registration this month is set: once for its run of listings.
        var registeredIn: Int?
        for (n, c) in listings.enumerated() where c.period == period {
            let d = district(c.district, after: &run).id
            let slot = c.slot
            var found = index[slot]
            if found == nil, !retired.isEmpty, let back = retired.removeValue(forKey: slot) {
                // Retired by this very record: it simply stays followed; otherwise it is brought back.
                if retiredNow.remove(slot) == nil { revivedLast.append(back.entry) }
                found = entries.count
                add(back.entry, slot: slot, district: d)
            }
            let now = ClueAppearance(period: period, clueID: c.clueID, disposition: c.disposition,
                                     rectification: c.rectification, closes: stages.closes(c.disposition))
            guard let i = found else {
                add(LedgerEntry(district: c.district, slot: slot, summary: c.summary, persons: c.persons,
                                appearances: [now], closedIn: now.closes ? period : nil),
                    slot: slot, district: d)
                if registeredIn != d {
                    firstRegistered[c.district] = min(firstRegistered[c.district] ?? period, period)
                    registeredIn = d
                }
                events.append(Event(registered: n, in: period))
                continue
            }
            // A clue listed twice in one register is an intra-table finding, not a ledger event:
            // an entry already listed this month was listed by this record.
            guard entries[i].current.period < period else { continue }
            let before = entries[i].current
            let progress = Self.compare(before, now, stages)
            entries[i].appearances.append(now)
            if !now.closes {
                entries[i].closedIn = nil
            } else if entries[i].closedIn == nil {
                entries[i].closedIn = period
            }
            let first = entries[i].appearances[0]
            events.append(Event(listing: n, registered: first.period, registeredAs: first.clueID, before: before,
                                progress: progress))
        }
        var open: [String: Int] = [:]
        for (d, members) in districts.members.enumerated() {
            let count = members.count { !entries[$0].current.closes }
            if count > 0 { open[districts.names[d], default: 0] += count }
        }
        openCounts[period] = open
        for q in openCounts.keys where period.months(since: q) >= Self.trendMonths { openCounts[q] = nil }
        return events
    }

    /// Moves the clues closed at the end of `last` (the month recorded before) to `retired`, as
    /// of it; returns them and their slots. The others move up in place.
    private mutating func retire(closedBy last: Period) -> (entries: [LedgerEntry], slots: [LedgerSlot]) {
        let count = entries.count { $0.closedIn != nil }
        guard count > 0 else { return ([], []) }
        var closed: [LedgerEntry] = [], slots: [LedgerSlot] = []
        closed.reserveCapacity(count)
        slots.reserveCapacity(count)
        retired.reserveCapacity(retired.count + count)
        var kept = 0
        for i in entries.indices {
            if entries[i].closedIn != nil {
                closed.append(entries[i])
                slots.append(entries[i].slot)
                retired[entries[i].slot] = RetiredClue(entry: entries[i], since: last)
            } else {
                if kept != i {
                    entries.swapAt(kept, i)
                    districtIDs.swapAt(kept, i)
                }
                kept += 1
            }
        }
        entries.removeLast(entries.count - kept)
        districtIDs.removeLast(districtIDs.count - kept)
        // Most clues moved up: indexing them afresh costs less than deleting and moving each.
        index.removeAll(keepingCapacity: true)
        entries.withUnsafeBufferPointer { e in
            for i in e.indices { index[e[i].slot] = i }
        }
        districts.regroup(districtIDs)
        return (closed, slots)
    }

    private mutating func add(_ e: LedgerEntry, slot: LedgerSlot, district: Int) {
        index[slot] = entries.count
        districts.add(entries.count, to: district)
        districtIDs.append(Int32(district))
        entries.append(e)
    }

    static func compare(_ before: ClueAppearance, _ now: ClueAppearance, _ stages: DispositionStages) -> ClueProgress {
        let was = stages.rank(before.disposition), is_ = stages.rank(now.disposition)
        if is_ < was { return .regressed }
        if is_ > was { return .progressed }
        let r0 = Label.normalize(before.rectification), r1 = Label.normalize(now.rectification)
        let sameDisposition = Label.normalize(before.disposition) == Label.normalize(now.disposition)
        // Same stage: the rectification as it was is a repeat, or a move within the stage (one
        // closing disposition for another); erased it is a move back; written or rewritten, progress.
        if r0 == r1 { return sameDisposition ? .repeated : .progressed }
        if r1.isEmpty { return .regressed }
        return sameDisposition ? .rectified : .progressed
    }

    /// The clues open at the end of `period` (the month recorded last), then those closed during it: the month's ledger.csv.
    public func rows(at period: Period) -> [LedgerEntry] { rowOrder(at: period).map { entries[$0] } }

    /// `rows(at:)` as places in `entries`, for a caller that reads them in place.
    func rowOrder(at period: Period) -> [Int] {
        let (open, closed) = entries.withUnsafeBufferPointer { e in  // in place (see `isLate`)
            (e.indices.filter { e[$0].isOpen(at: period) }, e.indices.filter { e[$0].closedIn == period })
        }
        return sorted(open + closed, registeredFirst: false)
    }

    /// Open clues of `district` (every district when nil) older than `limit` months at `period`, oldest first.
    public func overdue(at period: Period, limit: Int, district: String? = nil) -> [LedgerEntry] {
        let late = { i in self.isLate(i, at: period, limit: limit) }
        let found = district.map { members(of: $0).filter(late) } ?? entries.indices.filter(late)
        return sorted(found, registeredFirst: true).map { entries[$0] }
    }

    /// `overdue(at:limit:district:).count`, without copying the entries.
    public func overdueCount(at period: Period, limit: Int, district: String) -> Int {
        members(of: district).count { isLate($0, at: period, limit: limit) }
    }

    /// Whether entry `i` is open at `period` and older than `limit` months, read from the
    /// entries' storage in place: a `LedgerEntry` method called on `entries[i]` copied the entry
    /// (five retains and releases) for every clue of every district asked about.
    private func isLate(_ i: Int, at period: Period, limit: Int) -> Bool {
        entries.withUnsafeBufferPointer { e in e[i].isOpen(at: period) && e[i].monthsOpen(at: period) > limit }
    }

    /// The entries at `places` by district, month registered and clue id (by month registered
    /// first with `registeredFirst`), as `String`'s `<` orders them: their NFC bytes compared,
    /// which is the same order without a Unicode-aware comparison of Chinese text per pair;
    /// entries that tie keep their order. A district's bytes are made once, for its rank among
    /// the districts, and only when the entries are of more than one. A clue id is compared in
    /// place when it is simple text (its own NFC), as nearly all are: a `TextKey` of each (the
    /// national ledger.csv's 94,000) was 9 MB at the run's peak.
    private func sorted(_ places: [Int], registeredFirst: Bool) -> [Int] {
        guard let first = places.first, places.count > 1 else { return places }
        var rank: [Int] = []
        if places.contains(where: { districtIDs[$0] != districtIDs[first] }) {
            // Canonically equivalent names are one district: ranks tie as their bytes would.
            rank = [Int](repeating: 0, count: districts.names.count)
            for (r, d) in districts.names.indices.sorted(keyedBy: { TextKey(districts.names[$0]) }, by: <).enumerated() {
                rank[d] = r
            }
        }
        var nfc: [Int: [UInt8]] = [:]  // the ids that are not simple text, by their place in `places`
        for (n, i) in places.enumerated() where !entries[i].appearances[0].clueID.isSimple {
            nfc[n] = TextKey(entries[i].appearances[0].clueID.description).bytes
        }
        func compareIDs(_ a: Int, _ b: Int) -> Int32 {
            if nfc.isEmpty || (nfc[a] == nil && nfc[b] == nil) {
                return ClueID.compareBytes(entries[places[a]].appearances[0].clueID, entries[places[b]].appearances[0].clueID)
            }
            let (x, y) = (nfc[a] ?? Array(entries[places[a]].appearances[0].clueID.description.utf8),
                          nfc[b] ?? Array(entries[places[b]].appearances[0].clueID.description.utf8))
            return x.lexicographicallyPrecedes(y) ? -1 : x == y ? 0 : 1
        }
        // Twelve bytes an entry (with `Int`s, 24: 2.3 MB while a national ledger.csv is sorted).
        var keyed = places.enumerated().map { n, i in
            (district: Int32(rank.isEmpty ? 0 : rank[Int(districtIDs[i])]), registered: entries[i].registered, place: Int32(n))
        }
        keyed.sort { a, b in
            if registeredFirst, a.registered != b.registered { return a.registered < b.registered }
            if a.district != b.district { return a.district < b.district }
            if a.registered != b.registered { return a.registered < b.registered }
            let order = compareIDs(Int(a.place), Int(b.place))
            return order != 0 ? order < 0 : a.place < b.place
        }
        return keyed.map { places[Int($0.place)] }
    }

    /// Clues of `district` whose closing fell in `period` (the month recorded last).
    public func closed(in period: Period, district: String) -> [LedgerEntry] {
        members(of: district).filter { entries[$0].closedIn == period }.map { entries[$0] }
    }

    /// `closed(in:district:).count`, without copying the entries.
    public func closedCount(in period: Period, district: String) -> Int {
        members(of: district).count { entries[$0].closedIn == period }
    }

    /// How many clues of `district` were open at the end of `period`: one of the latest
    /// `trendMonths` months recorded (0 before the ledger began).
    public func openCount(at period: Period, district: String) -> Int {
        openCounts[period]?[district] ?? 0
    }

    /// The clues of `district` the ledger follows, in the order they were registered or brought back.
    public func of(_ district: String) -> [LedgerEntry] { members(of: district).map { entries[$0] } }

    /// The places in `entries` of `district`'s clues.
    private func members(of district: String) -> [Int] {
        districts.id(of: district).map { districts.members[$0] } ?? []
    }
}

/// Ledgers are equal by what they hold; how they index it follows from that.
extension ClueLedger: Equatable {
    public static func == (a: ClueLedger, b: ClueLedger) -> Bool {
        a.entries == b.entries && a.through == b.through && a.followed == b.followed
            && a.firstRegistered == b.firstRegistered && a.openCounts == b.openCounts && a.retired == b.retired
            && a.revivedLast == b.revivedLast
    }
}

/// A clue closed in an earlier month, kept apart from those the ledger follows.
public struct RetiredClue: Sendable, Equatable {
    public var entry: LedgerEntry
    /// The month as of whose end it was retired: the last month recorded while it was closed.
    public var since: Period

    public init(entry: LedgerEntry, since: Period) {
        self.entry = entry
        self.since = since
    }
}

extension LedgerEntry {
    /// The bytes of a slot (`LedgerSlot`): the NFC bytes of the district, U+001F and the key;
    /// the same for canonically equivalent text. Each part is brought to NFC on its own, which
    /// the text mostly already is (U+001F combines with nothing, so the whole is NFC too).
    static func slotBytes(district: TextKey, _ key: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(district.bytes.count + 1 + key.utf8.count)
        bytes += district.bytes
        bytes.append(0x1F)
        if Label.isSimple(key) { bytes += key.utf8 } else { bytes += TextKey(key).bytes }
        return bytes
    }
}

extension ClueRegister {
    /// Its clues' slots in its district's ledger, in its order; none when it names no district
    /// or month, as the ledger lists none of its clues.
    public var ledgerSlots: [LedgerSlot] {
        guard let d = meta.district, meta.period != nil else { return [] }
        let district = TextKey(d)
        var bytes: [UInt8] = []
        return clues.map { $0.ledgerSlot(district: district, bytes: &bytes) }
    }
}

extension Clue {
    /// The clue's slot in `district`'s ledger (`LedgerSlot(district:key:)` of the district and
    /// the clue's key): the clue's identity across months is its persons' names, in order of
    /// their NFC bytes and joined by `、`, then `|` and its summary, each normalized
    /// (`Label.normalize`). The place is left out: a clerk may refine 涉及地方 as the clue is handled.
    ///
    /// Each part is normalized into the one buffer (`Label.appendNormalized`, NFC bytes), room
    /// the caller keeps from clue to clue: the key's `String` was made and scanned again for
    /// every clue. `、` and `|` combine with nothing, so the parts' NFC joined is the whole's
    /// (LedgerTests compare it with the key made as text).
    func ledgerSlot(district: TextKey, bytes: inout [UInt8]) -> LedgerSlot {
        bytes.removeAll(keepingCapacity: true)
        bytes += district.bytes
        bytes.append(0x1F)
        let persons = self.persons  // made once (see `persons`)
        if persons.count == 1 {
            Label.appendNormalized(persons[0].name, to: &bytes)
        } else {
            var names: [[UInt8]] = []
            for p in persons {
                var name: [UInt8] = []
                Label.appendNormalized(p.name, to: &name)
                if !name.isEmpty { names.append(name) }
            }
            names.sort { $0.lexicographicallyPrecedes($1) }
            for (i, name) in names.enumerated() {
                if i > 0 { bytes += "、".utf8 }
                bytes += name
            }
        }
        bytes.append(UInt8(ascii: "|"))
        Label.appendNormalized(summary, to: &bytes)
        return bytes.withUnsafeBytes { LedgerSlot(hashing: $0) }
    }
}
