import Dispatch
import Foundation
import Forms
import XLSX

/// `weigai-monthdata COUNT CLUES DIR [--month YYYY-MM] [--since YYYY-MM] [--received ISO8601] [--corrected]`:
/// a national-scale month for scripts/bench.sh and scripts/bench-history.sh. Writes
/// DIR/inbox/<区名>.xlsx for COUNT districts, each both tables of the month (2026-11 by default),
/// filed on the 20th and received then (before the deadline) or at `--received`, and
/// DIR/weigai.yaml with those districts as the roster. `--corrected` writes the same figures
/// with one clue's 整改情况 reworded: a corrected resubmission.
///
/// The clues follow a ledger as a district's would: each month registers about CLUES × 10/26 new
/// clues, and each stays listed, its disposition moving through the open stages, until the month
/// that closes it (the same month for one in five, one to three months later for most, five
/// months later for one in twenty: 久拖未决), so a register lists about CLUES clues. `--since`
/// is the first month of the archive: clues registered before it that are still open are
/// registered in it, as a district's first register would list them. Attachment 1 agrees:
/// problems found are the month's registrations, problems closed the clues it closes.
@main
struct MonthData {
    /// 60 × 60 distinct names such as 东山区.
    static let first = Array("东西南北中上下前后新老长青白红金石河湖山江海城乡林松桃李梅竹兰菊云风雷雨龙凤安平和顺兴旺福寿康宁永丰泰华明光丹碧翠绿紫银")
    static let second = Array("山水川原岭峰谷岗坪坝溪泉湾洲港口门关台阳阴宁安康定远兴隆昌盛庆祥瑞德仁义礼信忠孝桥亭楼阁园庄堡镇坡塘埠滩寨场营沟坎岩垭圩")
    static let channels = ["信访举报", "巡视督查", "审计发现", "纪检监察", "日常巡查检查", "上级交办", "媒体曝光", "其他"]
    /// weigai's default `ledger.open_stages` (earliest first) and `ledger.closing_dispositions`.
    static let openStages = ["暂存待查", "初步核实", "谈话函询", "已立案审查"]
    static let closing = ["已办结", "予以了结", "已转业务单位", "已移送纪检监察机关"]

    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        var month = Period(year: 2026, month: 11)!
        var since: Period?
        var receivedText: String?
        var corrected = false
        func usage() -> Never {
            FileHandle.standardError.write(Data("usage: weigai-monthdata COUNT(1…3600) CLUES DIR [--month YYYY-MM] [--since YYYY-MM] [--received ISO8601] [--corrected]\n".utf8))
            exit(2)
        }
        while let i = args.firstIndex(where: { $0.hasPrefix("--") }) {
            let option = args.remove(at: i)
            switch option {
            case "--corrected": corrected = true
            case "--month", "--since":
                guard i < args.count, let p = Period(args.remove(at: i)) else { usage() }
                if option == "--month" { month = p } else { since = p }
            case "--received":
                guard i < args.count else { usage() }
                receivedText = args.remove(at: i)
            default: usage()
            }
        }
        guard args.count == 3, let count = Int(args[0]), let clues = Int(args[1]), (1...3600).contains(count), clues >= 0,
              (since ?? month) <= month else { usage() }
        let dir = args[2]
        let inbox = dir + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let districts = (0..<count).map { i in "\(first[i / 60])\(second[i % 60])区" }
        guard let received = ISO8601DateFormatter().date(from: receivedText ?? "\(month)-20T09:00:00+08:00") else { usage() }

        let failures = Failures()
        let ledger = Ledger(perMonth: clues == 0 ? 0 : max(1, (clues * 10 + 13) / 26), since: since ?? month)
        let (period, isCorrected) = (month, corrected)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let path = inbox + "/" + districts[i] + ".xlsx"
            do {
                try workbook(districts[i], ledger.listed(district: i, in: period), month: period, corrected: isCorrected).write(to: path)
                try FileManager.default.setAttributes([.modificationDate: received.addingTimeInterval(Double(i))], ofItemAtPath: path)
            } catch {
                failures.add("\(path): \(error)")
            }
        }
        guard failures.list.isEmpty else {
            FileHandle.standardError.write(Data((failures.list.joined(separator: "\n") + "\n").utf8))
            exit(1)
        }
        let config = "# weigai-monthdata: \(count) districts\nroster: [\(districts.joined(separator: ", "))]\nintake:\n  settle_seconds: 0\n"
        try config.write(toFile: dir + "/weigai.yaml", atomically: false, encoding: .utf8)  // .atomic leaves a TemporaryDirectory.* in /tmp on Linux
        print("\(count) workbooks of about \(clues) clues in \(inbox); roster in \(dir)/weigai.yaml")
    }

    /// One clue as a month's register lists it.
    struct Listing {
        /// The month it was registered in, and its number among that month's registrations.
        let registered: Period
        let number: Int
        /// Registered in the listed month, as the ledger sees it (on or after `since`).
        let isNew: Bool
        let disposition: String
        let rectification: String
        var closes: Bool { closing.contains(disposition) }
    }

    /// Every district's clues: which months list each one, with what disposition.
    struct Ledger {
        let perMonth: Int
        let since: Period

        /// How many months after its registration clue `number` of `district` registered in `p` is closed.
        func lifetime(district: Int, registered p: Period, number: Int) -> Int {
            var h = UInt64(truncatingIfNeeded: district &* 1_000_003 &+ p.year &* 12 &+ p.month) &* 0x9E37_79B9_7F4A_7C15
            h ^= UInt64(number) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            switch h % 100 {
            case ..<20: return 0
            case ..<50: return 1
            case ..<80: return 2
            case ..<95: return 3
            default: return 5
            }
        }

        /// The clues `district`'s register of `month` lists: those registered in it and those
        /// still open from earlier months, oldest first.
        func listed(district: Int, in month: Period) -> [Listing] {
            var out: [Listing] = []
            var p = month
            for _ in 0..<5 { p = p.previous }
            while p <= month {
                let age = month.months(since: p)
                for n in 0..<perMonth {
                    let life = lifetime(district: district, registered: p, number: n)
                    guard age <= life else { continue }
                    let closes = age == life
                    let disposition = closes ? closing[(district + n) % closing.count]
                        : openStages[min(age + n % 2, openStages.count - 1)]
                    let rectification = closes ? "已责令整改，追回资金" : "第\(age + 1)个月：正在核查，督促整改"
                    out.append(Listing(registered: p, number: n, isNew: p == month || (p < since && month == since),
                                       disposition: disposition, rectification: rectification))
                }
                p = p.next
            }
            return out
        }
    }

    /// One district's workbook: each clue names one village cadre, held accountable in the 1st
    /// form in the month that closes it.
    static func workbook(_ district: String, _ listed: [Listing], month: Period, corrected: Bool) -> WorkbookWriter {
        var a1 = TableContent()
        a1.district = district
        a1.month = month.month
        a1.unit = "\(district)住房和城乡建设局"
        a1.filledOn = .string("\(month.year)年\(month.month)月20日")
        a1.filler = "陈晓"
        a1.phone = "13907910001"
        a1.supervisor = "刘志强"
        var values: [String: WriteValue] = [:]
        for f in Templates.attachment1.fields { values[f.id] = .number(0) }
        let found = listed.filter(\.isNew).count, closed = listed.filter(\.closes).count
        values["problems_found"] = .number(Double(found))
        values["problems_closed"] = .number(Double(closed))
        for id in ["persons_total_below_township", "form1_village", "admonishments"] { values[id] = .number(Double(closed)) }
        values["amount_wan"] = .number(Double(found) * 1.25)
        a1.rows = [values]
        var a2 = a1
        a2.rows = listed.enumerated().map { i, c in
            let n = c.number + 1, p = c.registered
            return ["seq": .number(Double(i + 1)), "source_channel": .string(channels[c.number % channels.count]),
                    "place": .string("\(district)第\(n)村"), "persons": .string("\(district)干部\(p.year)\(p.month)-\(n)"),
                    "posts": .string("村主任"), "ranks": .string("村社干部"),
                    "summary": .string("反映\(district)第\(n)村在危房改造对象认定、补助资金发放中存在优亲厚友、虚报冒领等问题（\(p.year)年\(p.month)月第\(n)件）。"),
                    "amount_wan": .number(1.25), "disposition": .string(c.disposition),
                    "rectification": .string(corrected && i == 0 ? c.rectification + "（更正）" : c.rectification),
                    "recovered_wan": .number(c.closes ? 0.5 : 0), "accountable_persons": .number(c.closes ? 1 : 0)]
        }
        var w = WorkbookWriter()
        w.sheets = [TemplateWriter.sheet(Templates.attachment1, name: "附件1", content: a1),
                    TemplateWriter.sheet(Templates.attachment2, name: "附件2", content: a2)]
        return w
    }
}

/// Errors from the writing threads, under a lock.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func add(_ s: String) {
        lock.lock()
        items.append(s)
        lock.unlock()
    }

    var list: [String] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}
