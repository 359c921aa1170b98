import Foundation
import XLSX

/// A file as it reached the inbox.
public struct Received: Sendable {
    public var extracted: ExtractedFile
    /// When it arrived (the file's modification time).
    public var receivedAt: Date
    /// Each register's `ledgerSlots`, when whoever holds the file made them already (the run,
    /// for the recall of retired clues): the audit's listings take them rather than make them again.
    public var ledgerSlots: [[LedgerSlot]]?

    public init(_ extracted: ExtractedFile, receivedAt: Date, ledgerSlots: [[LedgerSlot]]? = nil) {
        self.extracted = extracted
        self.receivedAt = receivedAt
        self.ledgerSlots = ledgerSlots
    }

    /// Register `j`'s slots as made beforehand, when they are there and fit it.
    func ledgerSlots(of j: Int) -> [LedgerSlot]? {
        guard let all = ledgerSlots, all.count == extracted.registers.count, all[j].count == extracted.registers[j].clues.count
        else { return nil }
        return all[j]
    }
}

/// One table of one file, and what became of it.
public struct SubmissionRecord: Sendable, Equatable {
    public enum Status: String, Sendable { case accepted, superseded, rejected }
    public var district: String
    public var attachment: Attachment?
    public var file: String
    public var sha256: String
    public var receivedAt: Date
    public var status: Status
    public var errors = 0
    public var warnings = 0
}

/// An earlier month's accepted Attachment 1 as the cross-period checks and the trends read it:
/// its layout and figures (a store need not decode its cells, remarks and metadata for them).
public struct PastAttachment1: Sendable, Equatable {
    /// `canonical` or the known variant's name.
    public var layout: String
    /// Field id → value, as `Attachment1Report.values`.
    public var values: FieldValues

    public init(layout: String, values: FieldValues) {
        self.layout = layout
        self.values = values
    }

    public init(_ r: Attachment1Report) { self.init(layout: r.layout, values: r.values) }
}

/// A district's accepted tables of earlier months: for the cross-period checks and the clue ledger.
public struct History: Sendable {
    public var attachment1: [String: [Period: PastAttachment1]] = [:]
    /// The key figures of months the report's trends chart but the checks do not read (before
    /// their window): a table's key figures cost a seventh of its values.
    public var charted: [String: [Period: KeyFigures]] = [:]
    /// The clues each district's accepted Attachment 2 listed, per month.
    public var clues: [String: [Period: [ClueListing]]] = [:]
    /// The clue ledger through an earlier month, when it is at hand (the month rebuilt just
    /// before): then `clues` need not hold every earlier month.
    public var ledger: ClueLedger?

    public init() {}

    /// The latest received table of each district and earlier month.
    public init(_ files: [Received]) {
        for r in files.sorted(by: { $0.receivedAt < $1.receivedAt }) {
            for a in r.extracted.attachment1 {
                guard let d = a.meta.district, let p = a.meta.period else { continue }
                attachment1[d, default: [:]][p] = PastAttachment1(a)
            }
            for reg in r.extracted.registers {
                guard let d = reg.meta.district, let p = reg.meta.period else { continue }
                clues[d, default: [:]][p] = ClueListing.of(reg)
            }
        }
    }

    /// The clue ledger through the month before `period`, replayed month by month.
    public func ledger(before period: Period, stages: DispositionStages) -> ClueLedger {
        if let ledger, ledger.through.map({ $0 < period }) ?? true { return ledger }
        var byPeriod: [Period: (listings: [ClueListing], districts: Set<String>)] = [:]
        for (d, months) in clues.sorted(by: { $0.key < $1.key }) {
            for (p, list) in months where p < period {
                byPeriod[p, default: ([], [])].listings += list
                byPeriod[p, default: ([], [])].districts.insert(d)
            }
        }
        var ledger = ClueLedger()
        for (p, month) in byPeriod.sorted(by: { $0.key < $1.key }) {
            ledger.record(p, listings: month.listings, districts: month.districts, stages: stages)
        }
        return ledger
    }
}

/// The month's result: which tables were accepted, what became of every file, and every finding.
public struct PeriodAudit: Sendable {
    public var period: Period
    public var attachment1: [Attachment1Report] = []
    public var registers: [ClueRegister] = []
    public var submissions: [SubmissionRecord] = []
    public var anomalies: [Anomaly] = []
    /// sha256 of each accepted table's file, by file name.
    public var sha256: [String: String] = [:]
    /// The clue ledger through this month.
    public var ledger = ClueLedger()

    public init(period: Period) { self.period = period }
}

/// Runs the checks: inside each table, between the two tables of a district, against the
/// district's earlier months, and against the roster and the deadline.
public struct Auditor: Sendable {
    public var config: Configuration

    public init(config: Configuration = Configuration()) { self.config = config }

    /// A clerk's self-check of the given files: their own findings, the checks inside each
    /// table, and between Attachment 1 and 2 when both are given, with the warnings their 备注
    /// explains marked as the run marks them. No history.
    public func check(_ files: [ExtractedFile], expectedPeriod: Period? = nil) -> [Anomaly] {
        var out = files.flatMap(\.anomalies)
        let tables = TableChecks(config: config)
        for f in files {
            out += f.attachment1.flatMap { stamp(tables.check($0), $0.meta) }
            out += f.registers.flatMap { stamp(tables.check($0), $0.meta) }
            out += titlesDisagree(f)
        }
        let a1 = files.flatMap(\.attachment1), regs = files.flatMap(\.registers)
        // The first register of each district and month, found by key rather than searched
        // for each Attachment 1 (3,000 of each made that search quadratic).
        var firstRegister: [DistrictMonth: Int] = [:]
        for (i, reg) in regs.enumerated() where firstRegister[DistrictMonth(reg.meta)] == nil {
            firstRegister[DistrictMonth(reg.meta)] = i
        }
        for r in a1 {
            if let i = firstRegister[DistrictMonth(r.meta)] {
                out += pair(r, regs[i])
            }
        }
        if let expectedPeriod {
            for m in a1.map(\.meta) + regs.map(\.meta) where m.period != nil && m.period != expectedPeriod {
                out.append(stamp1(Anomaly(Rules.unexpectedMonth, file: m.file, sheet: m.sheet, cell: m.titleCell,
                                          attachment: m.attachment, expected: expectedPeriod.chinese,
                                          actual: m.period!.chinese), m))
            }
        }
        let roster = Set(config.roster.map(TextKey.init))
        for m in a1.map(\.meta) + regs.map(\.meta) {
            if let d = m.district, !roster.contains(TextKey(d)) {
                out.append(stamp1(Anomaly(Rules.unknownDistrict, file: m.file, sheet: m.sheet, cell: m.titleCell,
                                          attachment: m.attachment, expected: config.roster.joined(separator: "、"), actual: d), m))
            }
        }
        return Explanations.apply(RootCause.assign(out), attachment1: a1, registers: regs)
    }

    /// A table's district and month, as `check` pairs the two tables.
    private struct DistrictMonth: Hashable {
        let district: String?
        let period: Period?
        init(_ meta: TableMetadata) { (district, period) = (meta.district, meta.period) }
    }

    /// The month's audit over every file received for it. For each district and attachment the
    /// latest received table is accepted and the others superseded.
    public func audit(period: Period, files: [Received], history: History = History()) -> PeriodAudit {
        var result = PeriodAudit(period: period)
        var anomalies: [Anomaly] = []
        let tables = TableChecks(config: config)
        let deadline = config.deadline(for: period)
        let byTime = files.sorted { ($0.receivedAt, $0.extracted.file) < ($1.receivedAt, $1.extracted.file) }

        var latest1: [String: (Attachment1Report, Received)] = [:]
        var latest2: [String: (ClueRegister, Received)] = [:]
        var latestSlots: [String: [LedgerSlot]] = [:]
        var all1: [String: [(Attachment1Report, Received)]] = [:]
        var all2: [String: [(ClueRegister, Received)]] = [:]
        for r in byTime {
            let f = r.extracted
            if f.unreadable || (f.attachment1.isEmpty && f.registers.isEmpty) {
                let district = f.anomalies.first?.district ?? ""
                result.submissions.append(SubmissionRecord(district: district, attachment: nil, file: f.file, sha256: f.sha256,
                                                           receivedAt: r.receivedAt, status: .rejected,
                                                           errors: f.anomalies.filter { $0.severity == .error }.count,
                                                           warnings: f.anomalies.filter { $0.severity == .warning }.count))
                anomalies += f.anomalies.map { var a = $0; a.period = period; return a }
                continue
            }
            for a in f.attachment1 where a.meta.period == period {
                let d = a.meta.district ?? "未知区"
                latest1[d] = (a, r)
                all1[d, default: []].append((a, r))
            }
            for (j, reg) in f.registers.enumerated() where reg.meta.period == period {
                let d = reg.meta.district ?? "未知区"
                latest2[d] = (reg, r)
                latestSlots[d] = r.ledgerSlots(of: j)
                all2[d, default: []].append((reg, r))
            }
        }

        var fileLevelTaken = Set<String>()
        /// The table's own findings, and once per file those that belong to no table (a sheet that could not be read).
        func findings(of r: Received, _ meta: TableMetadata) -> [Anomaly] {
            let own = r.extracted.anomalies.filter { $0.attachment == meta.attachment && $0.sheet == meta.sheet }
            guard fileLevelTaken.insert(r.extracted.file).inserted else { return own }
            return own + r.extracted.anomalies.filter { $0.attachment == nil }
        }
        func record(_ r: Received, _ meta: TableMetadata, _ status: SubmissionRecord.Status) {
            result.submissions.append(SubmissionRecord(district: meta.district ?? "未知区", attachment: meta.attachment,
                                                       file: r.extracted.file, sha256: r.extracted.sha256,
                                                       receivedAt: r.receivedAt, status: status))
        }
        /// When each accepted table, as it reads now, first arrived: an unchanged copy sent again
        /// after the deadline (a `(1)` copy) does not make the district late.
        var firstSent: [String: Date] = [:]
        func supersede<T: Equatable>(_ list: [(T, Received)], _ meta: WritableKeyPath<T, TableMetadata>, accepted: Received) {
            // Reports differ by what they say, not by their file: a workbook re-sent with one
            // table corrected repeats the other one unchanged.
            func said(_ t: T) -> T {
                var s = t
                s[keyPath: meta].file = ""
                s[keyPath: meta].sheet = ""
                return s
            }
            var reports: [T] = []
            for (t, _) in list where !reports.contains(said(t)) { reports.append(said(t)) }
            let distinct = reports.count
            if let last = list.last?.0, let first = list.first(where: { said($0.0) == said(last) }) {
                let m = last[keyPath: meta]
                firstSent["\(m.district ?? "未知区")|\(m.attachment)"] = first.1.receivedAt
            }
            for (t, r) in list.dropLast() {
                let m = t[keyPath: meta]
                record(r, m, .superseded)
                anomalies.append(stamp1(Anomaly(Rules.superseded, file: r.extracted.file, sheet: m.sheet, attachment: m.attachment,
                                                expected: accepted.extracted.file, actual: r.extracted.file,
                                                values: values(m)), m))
            }
            if distinct > 1, let m = list.last?.0[keyPath: meta] {
                anomalies.append(stamp1(Anomaly(Rules.conflicting, file: accepted.extracted.file, sheet: m.sheet,
                                                attachment: m.attachment, expected: accepted.extracted.file,
                                                actual: String(distinct), values: values(m)), m))
            }
        }

        // Each accepted table's own checks are independent of the others': both cores.
        let accepted1 = latest1.sorted(by: { $0.key < $1.key }), accepted2 = latest2.sorted(by: { $0.key < $1.key })
        // The clue ledger moves to this month beside them (its record is serial): what each
        // listed clue means, and what is open.
        let registers = accepted2.map(\.value.0), madeSlots = accepted2.map { latestSlots[$0.key] }
        let before = history.ledger(before: period, stages: config.dispositionStages)
        let followed = before.followed
        let stages = config.dispositionStages
        let ((ledger, recorded), (checked1, checked2)) = Parallel.beside({
            var ledger = before
            let listings = MonthListings(registers, slots: madeSlots)
            let events = ledger.record(period, listings: listings, districts: Set(registers.compactMap(\.meta.district)),
                                       stages: stages)
            return (ledger, Self.clueEvents(events, registers: registers, listed: listings.slots.map(\.count)))
        }, {
            (Parallel.map(accepted1.count) { tables.check(accepted1[$0].value.0) },
             Parallel.map(accepted2.count) { tables.check(accepted2[$0].value.0) })
        })
        for (i, (d, (a, r))) in accepted1.enumerated() {
            result.attachment1.append(a)
            result.sha256[r.extracted.file] = r.extracted.sha256
            record(r, a.meta, .accepted)
            anomalies += stamp(findings(of: r, a.meta) + checked1[i], a.meta)
            supersede(all1[d]!, \.meta, accepted: r)
        }
        for (i, (d, (reg, r))) in accepted2.enumerated() {
            result.registers.append(reg)
            result.sha256[r.extracted.file] = r.extracted.sha256
            record(r, reg.meta, .accepted)
            anomalies += stamp(findings(of: r, reg.meta) + checked2[i], reg.meta)
            supersede(all2[d]!, \.meta, accepted: r)
        }
        var lastOfFile: [String: Received] = [:]
        for r in byTime { lastOfFile[r.extracted.file] = r }
        for r in lastOfFile.values { anomalies += titlesDisagree(r.extracted) }

        let events = Dictionary(uniqueKeysWithValues: zip(accepted2.map(\.key), recorded))
        result.ledger = ledger

        // Between the tables, against history, against the roster and the deadline.
        let districts = Set(latest1.keys).union(latest2.keys)
        let roster = Set(config.roster.map(TextKey.init))
        // Each district's checks read the month and the ledger and write nothing: both cores.
        let order = districts.sorted()
        let (accepted1ByDistrict, accepted2ByDistrict, sentFirst, closedLedger) = (latest1, latest2, firstSent, ledger)
        let byDistrict = Parallel.map(order.count) { i -> [Anomaly] in
            districtFindings(order[i], accepted1ByDistrict[order[i]], accepted2ByDistrict[order[i]], period: period,
                             ledger: closedLedger, followed: followed, events: events[order[i]] ?? RegisterEvents(), history: history,
                             roster: roster, firstSent: sentFirst, deadline: deadline)
        }
        anomalies.reserveCapacity(anomalies.count + byDistrict.reduce(0) { $0 + $1.count })
        for list in byDistrict { anomalies += list }
        // A district whose workbook came in a format that could not be read did send it: its
        // file's own error says what to do, and the roster says 已收到（格式不支持）.
        let unsupported = Set(byTime.flatMap(\.extracted.anomalies).filter { $0.rule == Rules.legacyFormat }.compactMap(\.district))
        for d in config.roster where !districts.contains(d) && !unsupported.contains(d) {
            var a = Anomaly(Rules.notReported, file: "", expected: "附件1和附件2",
                            values: ["district": d, "period": period.chinese])
            a.district = d
            a.period = period
            anomalies.append(a)
            anomalies += overdue(ledger, district: d, period: period, at: nil)
        }

        // A submission counts its table's findings and its file's own (of no table): counted once
        // a file, errors then warnings of no table, 附件1 and 附件2, not a month's findings grouped.
        var counts: [String: [Int]] = [:]
        for a in anomalies where a.severity != .info {
            counts[a.file, default: [0, 0, 0, 0, 0, 0]][(a.attachment?.rawValue ?? 0) * 2 + (a.severity == .error ? 0 : 1)] += 1
        }
        for i in result.submissions.indices {
            let s = result.submissions[i]
            let c = counts[s.file] ?? [0, 0, 0, 0, 0, 0]
            result.submissions[i].errors = c[0] + (s.attachment.map { c[$0.rawValue * 2] } ?? 0)
            result.submissions[i].warnings = c[1] + (s.attachment.map { c[$0.rawValue * 2 + 1] } ?? 0)
        }
        for i in anomalies.indices where anomalies[i].period == nil { anomalies[i].period = period }
        result.anomalies = RootCause.assign(anomalies)
        return result
    }

    // MARK: between the tables

    /// One district's findings between its tables, against its earlier months, the ledger, the
    /// roster and the deadline.
    private func districtFindings(_ d: String, _ a: (Attachment1Report, Received)?, _ reg: (ClueRegister, Received)?,
                                  period: Period, ledger: ClueLedger, followed: Set<String>,
                                  events: RegisterEvents, history: History, roster: Set<TextKey>,
                                  firstSent: [String: Date], deadline: Date) -> [Anomaly] {
        var anomalies: [Anomaly] = []
        if let a, let reg {
            let registered = zip(reg.0.clues.indices, events).filter { ($1?.progress ?? .registered) == .registered }.map(\.0)
            anomalies += pair(a.0, reg.0, newClues: registered)
            // The ledger can tell only for a district it has followed since an earlier month:
            // in its first month, clues registered before the archive began are unknown.
            if followed.contains(d) {
                anomalies += closedVersusLedger(a.0, closed: ledger.closedCount(in: period, district: d))
            }
        }
        if a == nil || reg == nil {
            let have = (a?.0.meta ?? reg!.0.meta)
            anomalies.append(stamp1(Anomaly(Rules.partnerMissing, file: have.file, sheet: have.sheet,
                                            attachment: have.attachment,
                                            expected: a == nil ? "附件1（查处整改情况统计表）" : "附件2（问题线索统计表）",
                                            actual: have.attachment.label, values: values(have)), have))
        }
        if let a { anomalies += crossPeriod(a.0, history: history) }
        if let reg { anomalies += crossPeriod(reg.0, events: events) }
        anomalies += overdue(ledger, district: d, period: period, at: reg?.0.meta ?? a?.0.meta)
        if !roster.contains(TextKey(d)) {
            let m = (a?.0.meta ?? reg!.0.meta)
            anomalies.append(stamp1(Anomaly(Rules.unknownDistrict, file: m.file, sheet: m.sheet, cell: m.titleCell,
                                            attachment: m.attachment, expected: config.roster.joined(separator: "、"),
                                            actual: d), m))
        }
        for (m, r) in [a.map { ($0.0.meta, $0.1) }, reg.map { ($0.0.meta, $0.1) }].compactMap({ $0 }) {
            let sent = firstSent["\(d)|\(m.attachment)"] ?? r.receivedAt
            if sent > deadline {
                anomalies.append(stamp1(Anomaly(Rules.late, file: m.file, attachment: m.attachment,
                                                expected: timestamp(deadline), actual: timestamp(sent),
                                                values: values(m)), m))
            }
            if let filled = m.filledOn, filled > SimpleDate(year: period.year, month: period.month, day: config.deadlineDay)! {
                anomalies.append(stamp1(Anomaly(Rules.filledAfterDeadline, file: m.file, sheet: m.sheet,
                                                cell: m.cells["填报时间"], attachment: m.attachment,
                                                expected: "\(period.year)年\(period.month)月\(config.deadlineDay)日",
                                                actual: filled.description), m))
            }
        }
        return anomalies
    }

    /// `newClues`: the places of the register's clues registered this month, which 当月发现问题数
    /// and 涉及金额 count (the others are the ledger's progress updates of earlier clues); all of
    /// them when there is no history. Places in the register, not a copy of its clues.
    private func pair(_ a: Attachment1Report, _ reg: ClueRegister, newClues: [Int]? = nil) -> [Anomaly] {
        var out: [Anomaly] = []
        let m = a.meta
        func v(_ id: String) -> Decimal { a.values[id] ?? 0 }
        let found = newClues ?? Array(reg.clues.indices)
        let count = Decimal(found.count)
        if let found = a.values["problems_found"], found != count {
            out.append(Anomaly(Rules.problemsVersusClues, file: m.file, sheet: m.sheet, cell: a.cells["problems_found"],
                               attachment: .one, expected: count.plain, actual: found.plain,
                               suggestion: "将 \(m.sheet)!\(a.cells["problems_found"]?.a1 ?? "") 改为 \(count.plain)，或补登附件2的线索",
                               correction: a.cells["problems_found"].map { Correction(place: "\(m.sheet)!\($0.a1)", value: count.plain) }))
        }
        let sum = Decimal.sum(found.compactMap { reg.clues[$0].amountWan })
        if let amount = a.values["amount_wan"], abs(amount - sum) >= config.amountTolerance {
            // Each clue's amount with its cell, named only for a finding (most months have none).
            let clueTerms = found.compactMap { j in
                reg.clues[j].amountWan.map { Term(place: "\(reg.meta.sheet)!\(reg.clues[j].cell("amount_wan")?.a1 ?? "")", value: $0) }
            }
            let total = Term(place: "\(m.sheet)!\(a.cells["amount_wan"]?.a1 ?? "")", value: amount)
            let fix = Suggestion.fix(lhs: [total], rhs: clueTerms)
            out.append(Anomaly(Rules.amountVersusClues, file: m.file, sheet: m.sheet, cell: a.cells["amount_wan"],
                               attachment: .one, expected: sum.plain, actual: amount.plain,
                               suggestion: fix?.text ?? "", correction: fix?.correction))
        }
        let accountable = Decimal(reg.clues.indices.reduce(0) { $0 + (reg.clues[$1].accountablePersons ?? 0) })
        let persons = a.layout == "canonical"
            ? v("persons_total_county") + v("persons_total_township") + v("persons_total_below_township")
            : v("persons_total")
        if accountable != persons {
            out.append(Anomaly(Rules.accountableVersusPersons, file: m.file, sheet: m.sheet,
                               cell: a.cells["persons_total_county"] ?? a.cells["persons_total"], attachment: .one,
                               expected: accountable.plain, actual: persons.plain))
        }
        return stamp(out, m)
    }

    private func titlesDisagree(_ f: ExtractedFile) -> [Anomaly] {
        guard let a = f.attachment1.first, let reg = f.registers.first,
              a.meta.district != reg.meta.district || a.meta.period != reg.meta.period else { return [] }
        return [stamp1(Anomaly(Rules.titlesDisagree, file: f.file, sheet: reg.meta.sheet, cell: reg.meta.titleCell,
                               attachment: .two, expected: a.meta.title, actual: reg.meta.title), reg.meta)]
    }

    // MARK: against earlier months

    private func crossPeriod(_ a: Attachment1Report, history: History) -> [Anomaly] {
        guard let d = a.meta.district, let p = a.meta.period, let past = history.attachment1[d] else { return [] }
        var out: [Anomaly] = []
        let m = a.meta
        if let last = past[p.previous], last.values == a.values, a.values.values.contains(where: { $0 != 0 }) {
            out.append(Anomaly(Rules.copiedFromLastMonth, file: m.file, sheet: m.sheet, cell: a.cells["problems_found"],
                               attachment: .one, expected: p.previous.chinese))
        }
        // The months' figures, not their whole tables: each field reads every month.
        var window: [FieldValues] = []
        var q = p
        for _ in 0..<config.historyMonths {
            q = q.previous
            if let r = past[q] { window.append(r.values) }
        }
        for f in Templates.attachment1.fields {
            // Below the floor no figure jumps (`FigureJump.jump`'s first test): most are, and their
            // months are not looked up.
            guard let value = a.values[f.id], value >= config.jumpMinimum,
                  let jump = FigureJump.jump(value, history: window.compactMap { $0[f.id] }, config: config)
            else { continue }
            out.append(Anomaly(Rules.figureJump, file: m.file, sheet: m.sheet, cell: a.cells[f.id], attachment: .one,
                               expected: jump.limit.plain, actual: value.plain,
                               values: ["field": f.path.joined(separator: "/"), "months": String(config.historyMonths),
                                        "median": jump.median.plain]))
        }
        return stamp(out, m)
    }

    /// Each register's clues' ledger events (`record`'s, of the registers' listings: `listed`
    /// of each), in its order. A clue's is the first of its register's events under its clue id:
    /// a 序号 given twice shares the first's, and a clue listed twice has only the first listing's.
    static func clueEvents(_ events: [ClueLedger.Event], registers: [ClueRegister],
                           listed: [Int]) -> [RegisterEvents] {
        var ofListing = [Int?](repeating: nil, count: listed.reduce(0, +))
        for (k, e) in events.enumerated() { ofListing[e.listing] = k }
        var offset = 0
        return registers.indices.map { r in
            let clues = registers[r].clues
            defer { offset += listed[r] }
            // Listed clue by clue, or not at all (no district or month).
            guard listed[r] == clues.count else { return RegisterEvents(month: events, places: [Int?](repeating: nil, count: clues.count)) }
            var first: [ClueNumber: Int] = [:]
            // Each clue's number read in place (`enumerated` and `map` copied each clue).
            let numbers = clues.indices.map { ClueNumber(seq: clues[$0].seq, row: clues[$0].row) }
            for (j, n) in numbers.enumerated() where first[n] == nil {
                if let k = ofListing[offset + j] { first[n] = k }
            }
            return RegisterEvents(month: events, places: numbers.map { first[$0] })
        }
    }

    /// The month's listings, `ClueListing.of` of each register joined, each made as the ledger
    /// records it: the slots, the costly part (each clue's summary normalized), are made
    /// beforehand on every core, and the listings are never held all at once (a national
    /// month's, 11 MB, beside the ledger growing).
    struct MonthListings: RandomAccessCollection {
        let registers: [ClueRegister]
        /// Each register's clues' slots; none for a register naming no district or month.
        let slots: [[LedgerSlot]]
        private let prefixes: [String]
        /// Each register's district and month (those of a register with slots).
        private let districts: [String], periods: [Period?]
        /// Where each register's listings start.
        private let starts: [Int]
        let endIndex: Int
        var startIndex: Int { 0 }

        /// `made`: each register's slots where they were made beforehand.
        init(_ registers: [ClueRegister], slots made: [[LedgerSlot]?] = []) {
            self.registers = registers
            slots = Parallel.map(registers.count) { i in (i < made.count ? made[i] : nil) ?? registers[i].ledgerSlots }
            prefixes = registers.map(NormalizedCSV.clueIDPrefix)
            (districts, periods) = (registers.map { $0.meta.district ?? "" }, registers.map(\.meta.period))
            var start = 0
            starts = slots.map { s in defer { start += s.count }; return start }
            endIndex = start
        }

        subscript(n: Int) -> ClueListing {
            // The register listing it: the last to start at or before it.
            var (low, high) = (0, starts.count - 1)
            while low < high {
                let mid = (low + high + 1) / 2
                if starts[mid] <= n { low = mid } else { high = mid - 1 }
            }
            let j = n - starts[low]
            return registers[low].clues.withUnsafeBufferPointer { clues in
                ClueListing.of(clues, j, district: districts[low], period: periods[low]!, prefix: prefixes[low], slot: slots[low][j])
            }
        }
    }

    /// One register's clues' ledger events, in its order: places in the month's events, which
    /// every register shares (a copy of each register's events was the month's again, 10 MB).
    struct RegisterEvents: RandomAccessCollection {
        var month: [ClueLedger.Event] = []
        var places: [Int?] = []

        var startIndex: Int { 0 }
        var endIndex: Int { places.count }
        subscript(i: Int) -> ClueLedger.Event? { places[i].map { month[$0] } }
    }

    /// What tells one register's clue ids apart (`NormalizedCSV.clueIDPrefix`: the district and month,
    /// then this): the clue's 序号, or its row when 序号 is unreadable.
    enum ClueNumber: Hashable {
        case seq(Int), row(Int)
        init(seq: Int?, row: Int) { self = seq.map(ClueNumber.seq) ?? .row(row) }
    }

    /// A clue listed again: registered twice, a progress update, or a move back (`events`: the
    /// ledger's, of the register's clues in order).
    private func crossPeriod(_ reg: ClueRegister, events: RegisterEvents) -> [Anomaly] {
        let out = zip(reg.clues, events).compactMap { c, e -> Anomaly? in
            guard let e, let before = e.before, let registeredAs = e.registeredAs else { return nil }
            let registered = e.registered.chinese
            let values = ["registered": registered, "before": before.disposition, "now": c.disposition]
            // The rule, and the cell a clerk looks at: what the listing repeats or changed.
            let (rule, field): (Rule, String)
            switch e.progress {
            case .registered: return nil
            case .repeated: (rule, field) = (Rules.clueRegisteredAgain, "summary")
            case .progressed: (rule, field) = (Rules.clueProgressed, "disposition")
            case .rectified: (rule, field) = (Rules.clueRectified, "rectification")
            case .regressed:
                return Anomaly(Rules.clueRegressed, file: reg.meta.file, sheet: reg.meta.sheet, cell: c.cell("disposition"),
                               attachment: .two, expected: before.period.chinese, actual: registeredAs.description, values: values)
            }
            return Anomaly(rule, file: reg.meta.file, sheet: reg.meta.sheet, cell: c.cell(field),
                           attachment: .two, expected: registered, actual: registeredAs.description, values: values)
        }
        return stamp(out, reg.meta)
    }

    /// The district's clues open past the time limit (久拖未决), on its month's register (or Attachment 1).
    private func overdue(_ ledger: ClueLedger, district: String, period: Period, at m: TableMetadata?) -> [Anomaly] {
        ledger.overdue(at: period, limit: config.clueTimeLimitMonths, district: district).map { e in
            var a = Anomaly(Rules.clueOverdue, file: m?.file ?? "", sheet: m?.sheet, attachment: m?.attachment,
                            expected: e.registered.chinese, actual: e.appearances[0].clueID.description,
                            values: ["disposition": e.current.disposition.isEmpty ? "未填写" : e.current.disposition,
                                     "months": String(e.monthsOpen(at: period)), "limit": String(config.clueTimeLimitMonths)])
            a.district = district
            a.period = period
            return a
        }
    }

    /// 当月完成整改和查处问题数 against the clues the ledger closed in the month.
    private func closedVersusLedger(_ a: Attachment1Report, closed: Int) -> [Anomaly] {
        guard let stated = a.values["problems_closed"], stated != Decimal(closed) else { return [] }
        return [stamp1(Anomaly(Rules.closedVersusLedger, file: a.meta.file, sheet: a.meta.sheet, cell: a.cells["problems_closed"],
                               attachment: .one, expected: String(closed), actual: stated.plain), a.meta)]
    }

    // MARK: helpers

    private func values(_ m: TableMetadata) -> [String: String] {
        ["district": m.district ?? "未知区", "period": m.period?.chinese ?? "", "attachment": m.attachment.label]
    }

    private func stamp(_ list: consuming [Anomaly], _ m: TableMetadata) -> [Anomaly] {
        var list = list
        for i in list.indices {  // in place: a finding copied out and back retained and released each of its texts
            if list[i].district == nil { list[i].district = m.district }
            if list[i].period == nil { list[i].period = m.period }
        }
        return list
    }

    private func stamp1(_ a: Anomaly, _ m: TableMetadata) -> Anomaly {
        var a = a
        a.district = a.district ?? m.district
        a.period = a.period ?? m.period
        return a
    }

    private func timestamp(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: config.timeZone)
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: d)
    }
}
