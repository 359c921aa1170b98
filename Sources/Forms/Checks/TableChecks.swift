import Foundation
import XLSX

/// The checks inside one table (category `intra_table`, and `value` checks that need the
/// configuration). Each finding names its cell and, where one change would fix a total, which.
struct TableChecks {
    let config: Configuration

    private func place(_ sheet: String, _ cell: CellAddress?) -> String {
        cell.map { "\(sheet)!\($0.a1)" } ?? sheet
    }

    func check(_ r: Attachment1Report) -> [Anomaly] {
        var out: [Anomaly] = []
        let m = r.meta
        func v(_ id: String) -> Decimal { r.values[id] ?? 0 }
        func term(_ id: String) -> Term { Term(place: place(m.sheet, r.cells[id]), value: v(id)) }
        func add(_ rule: Rule, _ cell: CellAddress?, expected: Decimal, actual: Decimal,
                 fix: (text: String, correction: Correction)? = nil, values: [String: String] = [:]) {
            out.append(Anomaly(rule, file: m.file, sheet: m.sheet, cell: cell, attachment: .one,
                               expected: expected.plain, actual: actual.plain, suggestion: fix?.text ?? "",
                               correction: fix?.correction, values: values))
        }
        let forms = (1...4).map { "form\($0)" }
        if r.layout == "canonical" {
            // 县处级 against 县处级; the township level and below against 乡科级及以下, 村社干部 and 其他人员.
            let groups: [(String, [String], [String])] = [
                ("县处级", ["persons_total_county"], forms.map { "\($0)_county" }),
                ("乡科级及以下", ["persons_total_township", "persons_total_below_township"],
                 forms.flatMap { ["\($0)_township_and_below", "\($0)_village", "\($0)_other"] }),
            ]
            for (rank, lhs, rhs) in groups {
                let l = lhs.map(term), rt = rhs.map(term)
                let lt = l.reduce(0) { $0 + $1.value }, rs = rt.reduce(0) { $0 + $1.value }
                if lt != rs {
                    add(Rules.personsVersusForms, r.cells[lhs[0]], expected: rs, actual: lt,
                        fix: Suggestion.fix(lhs: l, rhs: rt), values: ["rank": rank])
                }
            }
        } else {
            let all = forms.flatMap { f in ["county", "township_and_below", "village", "other"].map { "\(f)_\($0)" } }
            let rt = all.map(term)
            let rs = rt.reduce(0) { $0 + $1.value }
            if v("persons_total") != rs {
                add(Rules.personsVersusForms, r.cells["persons_total"], expected: rs, actual: v("persons_total"),
                    fix: Suggestion.fix(lhs: [term("persons_total")], rhs: rt), values: ["rank": "合计"])
            }
        }
        func formTotal(_ n: Int) -> Decimal {
            ["county", "township_and_below", "village", "other"].reduce(0) { $0 + v("form\(n)_\($1)") }
        }
        if v("admonishments") > formTotal(1) {
            add(Rules.admonishmentsVersusForm1, r.cells["admonishments"], expected: formTotal(1), actual: v("admonishments"))
        }
        if v("judicial_transfers") > formTotal(4) {
            add(Rules.judicialVersusForm4, r.cells["judicial_transfers"], expected: formTotal(4), actual: v("judicial_transfers"))
        }
        let sanctionIDs = r.values.keys.filter { $0.hasPrefix("party_sanctions") || $0.hasPrefix("admin_sanctions") }
        let sanctions = sanctionIDs.reduce(0) { $0 + v($1) }
        let heavier = formTotal(2) + formTotal(3) + formTotal(4)
        if sanctions > heavier {
            add(Rules.sanctionsVersusForms, r.cells["party_sanctions_county"], expected: heavier, actual: sanctions)
        }
        if v("exposure_times") == 0, v("exposure_problems") + v("exposure_persons") > 0 {
            add(Rules.exposureWithoutTimes, r.cells["exposure_times"], expected: 0,
                actual: v("exposure_problems") + v("exposure_persons"))
        }
        if v("amount_wan") >= config.yuanSuspectWan {
            let fix = yuanFix(place(m.sheet, r.cells["amount_wan"]), v("amount_wan"))
            out.append(Anomaly(Rules.amountLooksLikeYuan, file: m.file, sheet: m.sheet, cell: r.cells["amount_wan"],
                               attachment: .one, expected: (v("amount_wan") / 10000).plain, actual: v("amount_wan").plain,
                               suggestion: fix.text, correction: fix.correction, values: ["field": "涉及金额（万元）"]))
        }
        if r.typicalCases.count > config.maxCases {
            out.append(Anomaly(Rules.tooManyCases, file: m.file, sheet: m.sheet, cell: r.typicalCasesCell, attachment: .one,
                               expected: String(config.maxCases), actual: String(r.typicalCases.count)))
        }
        for (i, c) in r.typicalCases.enumerated() where c.count > config.caseMaxCharacters {
            out.append(Anomaly(Rules.caseTooLong, file: m.file, sheet: m.sheet, cell: r.typicalCasesCell, attachment: .one,
                               expected: String(config.caseMaxCharacters), actual: String(c.count),
                               values: ["index": String(i + 1)]))
        }
        return out
    }

    /// An amount typed in 元: the same figure in 万元, the correction `x-amount-vs-clues` may suggest too.
    private func yuanFix(_ place: String, _ amount: Decimal) -> (text: String, correction: Correction) {
        let wan = (amount / 10000).plain
        return ("将 \(place) 由 \(amount.plain) 改为 \(wan)（疑似按元填写，应以万元为单位）", Correction(place: place, value: wan))
    }

    func check(_ reg: ClueRegister) -> [Anomaly] {
        var out: [Anomaly] = []
        let m = reg.meta
        let lists = config.dropDownLists
        func add(_ rule: Rule, _ cell: CellAddress?, expected: String = "", actual: String = "", values: [String: String] = [:]) {
            out.append(Anomaly(rule, file: m.file, sheet: m.sheet, cell: cell, attachment: .two,
                               expected: expected, actual: actual, values: values))
        }
        var seen: [TextKey: Int] = [:]
        seen.reserveCapacity(reg.clues.count)
        let allowed = lists.mapValues { Set($0.items.map(TextKey.init)) }
        func choice(_ value: String, of id: DropDownList.ID, field: String, in c: Clue) {
            // A cell holding an option is mostly that option's own text, found by its bytes.
            guard !value.isEmpty, !lists[id]!.items.contains(where: { Label.sameBytes($0, value) }),
                  !allowed[id]!.contains(TextKey(value)) else { return }
            add(Rules.choiceNotInList, c.cell(field), expected: lists[id]!.items.joined(separator: "、"), actual: value,
                values: ["field": lists[id]!.label])
        }
        for (i, c) in reg.clues.enumerated() {
            choice(c.sourceChannel, of: .sourceChannel, field: "source_channel", in: c)
            choice(c.disposition, of: .disposition, field: "disposition", in: c)
            let persons = c.persons
            for p in persons { choice(p.rank, of: .rank, field: "ranks", in: c) }
            let names = persons.reduce(0) { $0 + ($1.name.isEmpty ? 0 : 1) }
            if names == 0 || names > 3 {
                add(Rules.personCount, c.cell("persons"), expected: "1—3", actual: String(names))
            }
            let (n, p, k) = (Clue.itemCount(c.personsText), Clue.itemCount(c.postsText), Clue.itemCount(c.ranksText))
            if names > 0, n != p || p != k {
                add(Rules.personsMisaligned, c.cell("persons"), actual: "姓名\(n)个、职务\(p)个、级别\(k)个")
            }
            if Label.trim(c.summary).isEmpty {
                add(Rules.summaryMissing, c.cell("summary"))
            } else if Label.characterCount(c.summary) > config.summaryMaxCharacters {
                add(Rules.summaryTooLong, c.cell("summary"), expected: String(config.summaryMaxCharacters),
                    actual: String(c.summary.count))
            }
            if let rec = c.recoveredWan, Decimal.isLess(c.amountWan ?? 0, than: rec) {
                add(Rules.recoveredExceedsInvolved, c.cell("recovered_wan"), expected: (c.amountWan ?? 0).plain, actual: rec.plain)
            }
            if let a = c.amountWan, !Decimal.isLess(a, than: config.yuanSuspectWan) {
                let fix = yuanFix(place(m.sheet, c.cell("amount_wan")), a)
                out.append(Anomaly(Rules.amountLooksLikeYuan, file: m.file, sheet: m.sheet, cell: c.cell("amount_wan"),
                                   attachment: .two, expected: (a / 10000).plain, actual: a.plain,
                                   suggestion: fix.text, correction: fix.correction, values: ["field": "涉及资金（万元）"]))
            }
            if let s = c.seq, s != i + 1 {
                add(Rules.sequenceBroken, c.cell("seq"), expected: String(i + 1), actual: String(s))
            }
            let fingerprint = c.fingerprintKey
            if let first = seen[fingerprint] {
                add(Rules.duplicateClue, c.cell("summary"), values: ["row": String(c.row), "other": String(first)])
            } else {
                seen[fingerprint] = c.row
            }
        }
        for (id, items) in reg.workbookLists.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let configured = lists[id]!.items
            guard items != configured else { continue }
            let added = items.filter { !configured.contains($0) }, removed = configured.filter { !items.contains($0) }
            var what: [String] = []
            if !added.isEmpty { what.append("增加了「\(added.joined(separator: "、"))」") }
            if !removed.isEmpty { what.append("删去了「\(removed.joined(separator: "、"))」") }
            if what.isEmpty { what.append("顺序被调整") }
            let field = Templates.attachment2.fields.first { if case .choice(id, _) = $0.type { return true }; return false }!
            add(Rules.listEdited, reg.columns[field.id].map { CellAddress(row: reg.firstDataRow, column: $0) },
                expected: configured.joined(separator: "、"), actual: what.joined(separator: "，"),
                values: ["field": lists[id]!.label])
        }
        return out
    }
}
