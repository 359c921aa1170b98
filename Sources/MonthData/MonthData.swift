import Dispatch
import Foundation
import Forms
import XLSX

/// `weigai-monthdata COUNT CLUES DIR [--month YYYY-MM] [--received ISO8601] [--corrected]`: a
/// national-scale month for scripts/bench.sh. Writes DIR/inbox/<区名>.xlsx for COUNT districts,
/// each both tables of the month (2026-11 by default) with CLUES clues, consistent within and
/// between the tables, filed on the 20th and received then (before the deadline) or at
/// `--received`, and DIR/weigai.yaml with those districts as the roster. `--corrected` writes
/// the same figures with one clue's 整改情况 reworded: a corrected resubmission
/// (scripts/bench-history.sh).
@main
struct MonthData {
    /// 60 × 60 distinct names such as 东山区.
    static let first = Array("东西南北中上下前后新老长青白红金石河湖山江海城乡林松桃李梅竹兰菊云风雷雨龙凤安平和顺兴旺福寿康宁永丰泰华明光丹碧翠绿紫银")
    static let second = Array("山水川原岭峰谷岗坪坝溪泉湾洲港口门关台阳阴宁安康定远兴隆昌盛庆祥瑞德仁义礼信忠孝桥亭楼阁园庄堡镇坡塘埠滩寨场营沟坎岩垭圩")
    static let channels = ["信访举报", "巡视督查", "审计发现", "纪检监察", "日常巡查检查", "上级交办", "媒体曝光", "其他"]
    static let dispositions = ["已转业务单位", "已移送纪检监察机关", "谈话函询", "初步核实", "暂存待查", "予以了结", "已立案审查", "已办结"]

    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        var month = Period(year: 2026, month: 11)!
        var receivedText: String?
        var corrected = false
        func usage() -> Never {
            FileHandle.standardError.write(Data("usage: weigai-monthdata COUNT(1…3600) CLUES DIR [--month YYYY-MM] [--received ISO8601] [--corrected]\n".utf8))
            exit(2)
        }
        while let i = args.firstIndex(where: { $0.hasPrefix("--") }) {
            let option = args.remove(at: i)
            switch option {
            case "--corrected": corrected = true
            case "--month":
                guard i < args.count, let p = Period(args.remove(at: i)) else { usage() }
                month = p
            case "--received":
                guard i < args.count else { usage() }
                receivedText = args.remove(at: i)
            default: usage()
            }
        }
        guard args.count == 3, let count = Int(args[0]), let clues = Int(args[1]), (1...3600).contains(count), clues >= 0 else { usage() }
        let dir = args[2]
        let inbox = dir + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let districts = (0..<count).map { i in "\(first[i / 60])\(second[i % 60])区" }
        guard let received = ISO8601DateFormatter().date(from: receivedText ?? "\(month)-20T09:00:00+08:00") else { usage() }

        let failures = Failures()
        let (period, isCorrected) = (month, corrected)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            let path = inbox + "/" + districts[i] + ".xlsx"
            do {
                try workbook(districts[i], clues: clues, month: period, corrected: isCorrected).write(to: path)
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
        try config.write(toFile: dir + "/weigai.yaml", atomically: true, encoding: .utf8)
        print("\(count) workbooks of \(clues) clues in \(inbox); roster in \(dir)/weigai.yaml")
    }

    /// One district's workbook: each clue names one village cadre, held accountable in the 1st form.
    static func workbook(_ district: String, clues: Int, month: Period, corrected: Bool) -> WorkbookWriter {
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
        for id in ["problems_found", "persons_total_below_township", "form1_village", "admonishments"] {
            values[id] = .number(Double(clues))
        }
        values["amount_wan"] = .number(Double(clues) * 1.25)
        a1.rows = [values]
        var a2 = a1
        a2.rows = (0..<clues).map { i in
            ["seq": .number(Double(i + 1)), "source_channel": .string(channels[i % channels.count]),
             "place": .string("\(district)第\(i + 1)村"), "persons": .string("\(district)干部\(i + 1)"), "posts": .string("村主任"),
             "ranks": .string("村社干部"),
             "summary": .string("反映\(district)第\(i + 1)村在危房改造对象认定、补助资金发放中存在优亲厚友、虚报冒领等问题（\(month.year)年\(month.month)月第\(i + 1)件）。"),
             "amount_wan": .number(1.25), "disposition": .string(dispositions[i % dispositions.count]),
             "rectification": .string(corrected && i == 0 ? "已责令整改，追回资金（更正）" : "已责令整改，追回资金"), "recovered_wan": .number(0.5), "accountable_persons": .number(1)]
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
