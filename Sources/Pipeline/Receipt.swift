import Foundation
import Forms

/// The receipt a district gets for a month (`receipts/<区名>/回执.txt`), in plain Chinese: what
/// changed since its previous version, what was received and when, whether on time, and each
/// finding with its cell and what to fix; findings explained in 备注 apart from open ones.
enum Receipt {
    /// `records`, `scans` (its stamped scans) and `findings` are the district's own; `findings` in
    /// reading order (`NormalizedCSV.sorted`).
    static func text(district: String, period: Period, records: [SubmissionRecord], scans: [ArchiveEntry], findings all: [Anomaly],
                     diff: ResubmissionDiff? = nil, config: Configuration, time: LocalTime) -> TextBytes {
        let deadline = config.deadline(for: period)
        // Made as UTF-8 bytes, and written as such: a receipt over a month of a running ledger is
        // some 330 pieces, each appended to a String for 500 instructions.
        var out = TextBytes(capacity: 4096)
        out += "\(config.city)农村危房改造专项治理月报 回执\n\n"
        out += "报送单位：\(district)\n报表月份：\(period.chinese)\n截止时间：\(time.display(deadline))\n\n"
        if let diff { out += ResubmissionText.text(diff, time: time) }

        out += "一、收到的文件\n"
        let files = Dictionary(grouping: records, by: \.file).sorted { ($0.value[0].receivedAt, $0.key) < ($1.value[0].receivedAt, $1.key) }
        if files.isEmpty {
            out += "未收到贵区\(period.chinese)的报表（附件1、附件2）。请尽快报送；截止时间后收到的按逾期登记。\n"
        }
        let scanList = scans.sorted { ($0.receivedAt, $0.name) < ($1.receivedAt, $1.name) }
        for (n, (file, list)) in files.enumerated() {
            let at = list[0].receivedAt
            out += "\(n + 1). \(file)\n   收到时间：\(time.display(at))，\(at > deadline ? "逾期" : "按时")\n"
            for r in list.sorted(by: { ($0.attachment?.rawValue ?? 0) < ($1.attachment?.rawValue ?? 0) }) {
                let what = r.attachment?.label ?? "文件"
                switch r.status {
                case .accepted: out += "   \(what)：已采用\n"
                case .superseded: out += "   \(what)：已作废（以后收到的一份为准）\n"
                case .rejected: out += "   \(what)：未能采用（见下方问题）\n"
                }
            }
        }
        for (n, scan) in scanList.enumerated() {
            out += "\(files.count + n + 1). \(scan.name)\n   收到时间：\(time.display(scan.receivedAt))\n   盖章扫描件：已收到，已存档\n"
        }

        // One root cause, one item: open findings one correction resolves are listed beneath their primary.
        let explained = all.filter { !$0.isOpen }
        let items = RootCause.items(all.filter(\.isOpen))
        var counts: [Severity: Int] = [:]
        for item in items { counts[item.primary.severity, default: 0] += 1 }
        let count = { (s: Severity) in counts[s] ?? 0 }
        out += "\n二、审核结果：强制性错误 \(count(.error)) 项，提示性问题 \(count(.warning)) 项，提示信息 \(count(.info)) 项"
            + (explained.isEmpty ? "" : "；另有 \(explained.count) 项提示性问题已在备注中说明") + "\n"
        for severity in Severity.allCases where count(severity) > 0 {
            out += "\n【\(severity.chinese)】" + (severity == .error ? "必须改正后重新报送\n" : severity == .warning ? "请核实；情况属实的请在备注栏说明\n" : "无需处理\n")
            var i = 0
            // By index: a loop over the items copied each of them (some 660 instructions) in each pass.
            for k in items.indices where items[k].primary.severity == severity {
                i += 1
                let item = items[k], a = item.primary
                let at = a.place
                let cell = at.isEmpty ? a.attachment?.label ?? "" : at
                out.add(i)
                out += ". "
                // `[file cell] `: either alone when the other is empty, nothing when both are.
                if !a.file.isEmpty || !cell.isEmpty {
                    out += "["
                    out += a.file
                    if !a.file.isEmpty && !cell.isEmpty { out += " " }
                    out += cell
                    out += "] "
                }
                out += a.message
                out += "\n"
                if !a.expected.isEmpty || !a.actual.isEmpty, a.rule.category != .roster {
                    out += "   应为："
                    out += a.expected.isEmpty ? "—" : a.expected
                    out += "；实际："
                    out += a.actual.isEmpty ? "—" : a.actual
                    out += "\n"
                }
                if let fix = a.whatToDo {
                    out += "   怎么改："
                    out += fix
                    out += "\n"
                }
                if !item.related.isEmpty {
                    out += "   这一处改正后，以下相关检查也将一并解决：\n"
                    for r in item.related {
                        let place = r.place
                        out += "   - "
                        if !place.isEmpty {
                            out += "["
                            out += place
                            out += "] "
                        }
                        out += r.message
                        out += "\n"
                    }
                }
            }
        }
        if !explained.isEmpty {
            out += "\n【已在备注中说明的提示性问题】无需再处理\n"
            for (i, a) in explained.enumerated() {
                out += "\(i + 1). " + (a.place.isEmpty ? "" : "[\(a.place)] ") + a.message + "\n   备注：\(a.explanation!)\n"
            }
        }

        out += "\n三、结论\n"
        if files.isEmpty {
            out += "未收到报表，请尽快报送。\n"
        } else if count(.error) > 0 {
            out += "有 \(count(.error)) 项强制性错误，请改正后将整份报表重新放入收件箱；以最后收到的一份为准。\n"
        } else {
            out += "没有强制性错误，报表已采用。" + (count(.warning) > 0 ? "提示性问题请核实，并在备注栏说明。" : "") + "\n"
        }
        return out
    }

    /// A folder name for the district: no path separators, no leading dot.
    static func folderName(_ district: String) -> String {
        // Most names have none of them: Foundation's replacing costs some 12,000 instructions a name.
        var name = !district.utf8.contains(where: { $0 == 0x2F || $0 == 0x5C || $0 == 0 }) ? district
            : district.replacingOccurrences(of: "/", with: "／").replacingOccurrences(of: "\\", with: "＼")
                .replacingOccurrences(of: "\0", with: "")
        if name.hasPrefix(".") { name = "_" + name }
        return name
    }
}
