import Foundation
import XLSX

/// 提示性 findings that the workbook's 备注 speaks to. A warning counts as explained when the
/// 备注 of its workbook (or, for a table sent alone, of the district's accepted Attachment 1)
/// names the flagged cell (`AH8`) or the flagged field: a label of its own (`涉及金额`,
/// `发现问题数`), or, for a label that several fields share (`县处级`), that label together
/// with its group's (`党纪处分` … `县处级`). The explanation kept is the sentence that names it.
/// 强制性 errors are never explained away.
public enum Explanations {
    /// The audit with every explained warning's `explanation` set.
    public static func apply(_ audit: PeriodAudit) -> PeriodAudit {
        var result = audit
        result.anomalies = apply(audit.anomalies, attachment1: audit.attachment1, registers: audit.registers)
        return result
    }

    /// `anomalies` with every warning explained in these tables' 备注 given its `explanation`.
    public static func apply(_ anomalies: [Anomaly], attachment1: [Attachment1Report], registers: [ClueRegister]) -> [Anomaly] {
        var result = anomalies
        var remarksByFile: [String: String] = [:]
        var remarksByDistrict: [String: String] = [:]
        for r in attachment1 where !r.remarks.isEmpty {
            remarksByFile[r.meta.file, default: ""] += r.remarks
            if let d = r.meta.district { remarksByDistrict[d] = r.remarks }
        }
        guard !remarksByFile.isEmpty else { return result }
        var fieldAt: [String: [String: Field]] = [:]  // file|sheet → cell → field
        let fields = Templates.all.filter { $0.attachment == .one }.flatMap(\.fields)
        for r in attachment1 {
            for (id, cell) in r.cells { if let f = fields.first(where: { $0.id == id }) { fieldAt["\(r.meta.file)|\(r.meta.sheet)", default: [:]][cell.a1] = f } }
        }
        for reg in registers {
            for c in reg.clues {
                for (id, cell) in c.cells {
                    if let f = Templates.attachment2.fields.first(where: { $0.id == id }) { fieldAt["\(reg.meta.file)|\(reg.meta.sheet)", default: [:]][cell.a1] = f }
                }
            }
        }
        for i in result.indices {
            let a = result[i]
            guard a.severity == .warning,
                  let remarks = remarksByFile[a.file] ?? a.district.flatMap({ remarksByDistrict[$0] }) else { continue }
            let field = a.cell.flatMap { fieldAt["\(a.file)|\(a.sheet ?? "")"]?[$0.a1] }
            result[i].explanation = explanation(in: remarks, cell: a.cell, field: field)
        }
        return result
    }

    /// The sentence of `remarks` that names `cell` or `field`, or nil.
    public static func explanation(in remarks: String, cell: CellAddress?, field: Field?) -> String? {
        for sentence in sentences(remarks) {
            let plain = Label.normalize(sentence)
            if let cell, names(cell, in: sentence) { return sentence }
            if let field, names(field).contains(where: { $0.allSatisfy { plain.contains($0) } }) { return sentence }
        }
        return nil
    }

    /// What may stand for a field in 备注: each alternative is a set of words that must all occur.
    static func names(_ field: Field) -> [[String]] {
        let all = (Templates.all.flatMap(\.fields)).filter { $0.id != field.id }
        func words(_ label: String) -> [String] {
            var w = Label.normalize(label)
            if let paren = w.firstIndex(where: { $0 == "（" || $0 == "(" }) { w = String(w[..<paren]) }
            var out = [w]
            if w.hasPrefix("当月") { out.append(String(w.dropFirst(2))) }
            return out.filter { $0.count >= 2 }
        }
        let leaf = field.path.last ?? field.id
        let shared = { (word: String) in all.contains { other in other.path.contains { words($0).contains(word) } } }
        var out: [[String]] = []
        for label in field.path.reversed() {
            for w in words(label) where !shared(w) { out.append([w]) }
        }
        if out.isEmpty, field.path.count >= 2, let parent = words(field.path[field.path.count - 2]).first, let own = words(leaf).first {
            out.append([parent, own])
        }
        return out
    }

    /// Whether `text` names `cell` as a reference of its own (`AH8`, not part of `AH80` or `BAH8`).
    static func names(_ cell: CellAddress, in text: String) -> Bool {
        let ref = Array(cell.a1.utf8)
        let bytes = Array(text.uppercased().utf8)
        guard bytes.count >= ref.count else { return false }
        func isAlnum(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) }
        for i in 0...(bytes.count - ref.count) where bytes[i..<(i + ref.count)].elementsEqual(ref) {
            let before = i == 0 ? nil : bytes[i - 1], after = i + ref.count < bytes.count ? bytes[i + ref.count] : nil
            if !(before.map(isAlnum) ?? false) && !(after.map(isAlnum) ?? false) { return true }
        }
        return false
    }

    private static func sentences(_ text: String) -> [String] {
        text.split(whereSeparator: { "。；;！!\n\r".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
