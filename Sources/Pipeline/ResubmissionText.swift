import Forms

/// The receipt's opening when a district sent a table again: what changed since its previous version.
enum ResubmissionText {
    static func text(_ diff: ResubmissionDiff, time: LocalTime) -> String {
        var out = "〇、与上一版相比（上一版：\(diff.previousFiles.joined(separator: "、"))，收到时间 \(time.display(diff.previousReceivedAt))）\n"
        out += "已改正 \(diff.fixed.count) 项，仍未改正 \(diff.stillOpen.count) 项，新出现 \(diff.new.count) 项\n"
        for (title, list) in [("已改正", diff.fixed), ("仍未改正", diff.stillOpen), ("新出现", diff.new)] where !list.isEmpty {
            out += "【\(title)】\n"
            for a in NormalizedCSV.sorted(list) {
                let place = [a.attachment?.label, a.cell?.a1].compactMap { $0 }.joined(separator: " ")
                out += "  - " + (place.isEmpty ? "" : "[\(place)] ") + a.message + "（\(a.severity.chinese)，\(a.rule.id)）\n"
            }
        }
        return out + "\n"
    }
}
