import Foundation
import Forms
import XLSX

// Writes samples/: three months of the fictional city 示例市, six districts. October, clean, for
// the trends of the auditors' report. November: clean districts, the mistakes clerks really make
// (one per file), a 提示性 finding explained in 备注, and a draft resubmitted with one mistake
// fixed. December: the clue ledger at work — one clue progresses, one is closed. Run by
// scripts/make-samples.sh.

let output = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "samples"
let inbox = (output as NSString).appendingPathComponent("inbox")
try? FileManager.default.removeItem(atPath: inbox)
try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)

struct Person { let name, post, rank: String }
struct ClueSpec {
    let channel, place: String
    let persons: [Person]
    let summary: String
    let amount: Double
    let disposition, rectification: String
    let recovered: Double
    let accountable: Int
}

/// A district's month, consistent in itself and between the two tables.
struct DistrictMonth {
    let district: String
    /// The clues registered this month.
    var clues: [ClueSpec]
    /// Clues of earlier months listed again with their progress (the ledger's updates).
    var carried: [ClueSpec] = []
    var filledOn = "2026年11月24日"
    var month = 11
    var remarks = ""
    var filler = "陈晓"
    var phone = "13907910001"
    var supervisor = "刘志强"

    /// Attachment 1 derived from the clues: persons by rank and by form agree, the amount is
    /// the new clues' sum, problems found are the new clues, problems closed those listed closed.
    var attachment1: [String: WriteValue] {
        var v: [String: Double] = [:]
        for f in Templates.attachment1.fields { v[f.id] = 0 }
        let listed = carried + clues
        v["problems_found"] = Double(clues.count)
        v["problems_closed"] = Double(listed.filter { Configuration().dispositionStages.closes($0.disposition) }.count)
        v["units_self_examination"] = 1
        for c in listed {
            for p in c.persons.prefix(c.accountable) {
                switch p.rank {
                case "县处级": v["persons_total_county", default: 0] += 1; v["form1_county", default: 0] += 1
                case "乡科级": v["persons_total_township", default: 0] += 1; v["form2_township_and_below", default: 0] += 1
                    v["party_sanctions_township", default: 0] += 1
                case "村社干部": v["persons_total_below_township", default: 0] += 1; v["form1_village", default: 0] += 1
                    v["admonishments", default: 0] += 1
                default: v["persons_total_below_township", default: 0] += 1; v["form1_other", default: 0] += 1
                }
            }
        }
        v["amount_wan"] = clues.reduce(0) { $0 + $1.amount }
        if clues.count > 1 { v["exposure_times"] = 1; v["exposure_problems"] = 1; v["exposure_persons"] = 1 }
        return v.mapValues { .number(($0 * 100).rounded() / 100) }
    }

    var clueRows: [[String: WriteValue]] {
        (carried + clues).enumerated().map { i, c in
            ["seq": .number(Double(i + 1)), "source_channel": .string(c.channel), "place": .string(c.place),
             "persons": .string(c.persons.map(\.name).joined(separator: "、")),
             "posts": .string(c.persons.map(\.post).joined(separator: "、")),
             "ranks": .string(c.persons.map(\.rank).joined(separator: "、")),
             "summary": .string(c.summary), "amount_wan": .number(c.amount), "disposition": .string(c.disposition),
             "rectification": .string(c.rectification), "recovered_wan": .number(c.recovered),
             "accountable_persons": .number(Double(c.accountable))]
        }
    }

    func content(_ attachment: Attachment) -> TableContent {
        var t = TableContent()
        t.district = district
        t.month = month
        t.unit = "\(district)住房和城乡建设局"
        t.filledOn = .string(filledOn)
        t.filler = filler
        t.phone = phone
        t.supervisor = supervisor
        if attachment == .one {
            t.remarks = remarks
            t.rows = [attachment1]
            t.typicalCases = (carried + clues).filter { $0.disposition == "已办结" }.prefix(3).map { "\($0.place)：\($0.summary)处理结果：\($0.rectification)。" }
        } else {
            t.rows = clueRows
        }
        return t
    }
}

func write(_ file: String, _ sheets: [SheetSpec]) throws {
    var w = WorkbookWriter()
    w.sheets = sheets
    try w.write(to: (inbox as NSString).appendingPathComponent(file))
}

func a1(_ m: DistrictMonth, edit: (inout [String: WriteValue]) -> Void = { _ in }) -> SheetSpec {
    var c = m.content(.one)
    edit(&c.rows[0])
    return TemplateWriter.sheet(Templates.attachment1, name: "附件1", content: c)
}

func a2(_ m: DistrictMonth, edit: (inout [[String: WriteValue]]) -> Void = { _ in }) -> SheetSpec {
    var c = m.content(.two)
    edit(&c.rows)
    return TemplateWriter.sheet(Templates.attachment2, name: "附件2", content: c)
}

let donghu = DistrictMonth(district: "东湖区", clues: [
    ClueSpec(channel: "信访举报", place: "东湖区青山镇", persons: [Person(name: "张三", post: "村支书", rank: "村社干部")],
             summary: "群众反映青山镇某村在危房改造对象认定中优亲厚友，将不符合条件的亲属纳入补助范围。",
             amount: 2.5, disposition: "已办结", rectification: "追回补助资金并取消其改造资格", recovered: 2.5, accountable: 1),
    ClueSpec(channel: "审计发现", place: "东湖区白石街道",
             persons: [Person(name: "王五", post: "城建办主任", rank: "乡科级"), Person(name: "赵六", post: "会计", rank: "其他人员")],
             summary: "审计发现部分补助资金未按规定直接发放到农户一卡通账户，存在代领现象。",
             amount: 6.8, disposition: "已立案审查", rectification: "资金已全部补发到户", recovered: 0, accountable: 2),
])
var xishan = DistrictMonth(district: "西山区", clues: [
    ClueSpec(channel: "日常巡查检查", place: "西山区罗亭镇", persons: [Person(name: "孙七", post: "村主任", rank: "村社干部")],
             summary: "巡查发现罗亭镇整村改造项目多户房屋未达到抗震设防要求，验收流于形式。",
             amount: 1200, disposition: "予以了结", rectification: "已返工加固并重新验收", recovered: 0, accountable: 1),
], filler: "周敏", phone: "0791-86001234", supervisor: "吴建华")
// 1200 万元 is large enough to look typed in 元: 备注 says it is right (a 提示性 finding, explained).
xishan.remarks = "涉及金额1200万元属实，为罗亭镇整村危房改造项目资金，线索涉及资金同此。"
let nanhe = DistrictMonth(district: "南河区", clues: (1...3).map { i in
    ClueSpec(channel: "纪检监察", place: "南河区城关镇", persons: [Person(name: "南河干部\(i)", post: "镇干部", rank: "乡科级")],
             summary: "反映城关镇危房改造档案信息录入与实际改造进度不匹配（第\(i)件）。",
             amount: 1, disposition: "初步核实", rectification: "正在核实", recovered: 0, accountable: 1)
}, filler: "郑红", phone: "13907910003", supervisor: "冯刚")
let beiling = DistrictMonth(district: "北岭区", clues: [
    ClueSpec(channel: "上级交办", place: "北岭区桃源乡", persons: [Person(name: "钱八", post: "乡长", rank: "乡科级")],
             summary: "上级交办：桃源乡危房改造补助资金拨付滞后，群众多次反映未收到补助。",
             amount: 2.5, disposition: "谈话函询", rectification: "已督促拨付到位", recovered: 0, accountable: 1),
], filler: "何丽", phone: "13907910004", supervisor: "许亮")
let qingshi = DistrictMonth(district: "青石区", clues: [
    ClueSpec(channel: "媒体曝光", place: "青石区石门镇", persons: [Person(name: "李九", post: "村会计", rank: "村社干部")],
             summary: "媒体曝光石门镇某村会计收取农户好处费后为其申报危房改造。",
             amount: 0.3, disposition: "已移送纪检监察机关", rectification: "已退还农户", recovered: 0.3, accountable: 1),
], filler: "罗静", phone: "13907910005", supervisor: "谢军")
var baisha = DistrictMonth(district: "白沙区", clues: [], filler: "林芳", phone: "13907910006", supervisor: "韩冰")
baisha.filledOn = "2026年11月28日"

// Clean: both tables in one workbook.
try write("东湖区危改统计表（11月）.xlsx", [a1(donghu), a2(donghu)])
// Clean: one file per table.
try write("西山区附件1.xlsx", [a1(xishan)])
try write("西山区附件2.xlsx", [a2(xishan)])
// Mistake: 受处理处分总人数 (乡科级) typed 30 for 3, a slip of ×10 the form totals expose; a
// draft sent two days before also had 当月发现问题数 wrong, fixed in the version that counts.
try write("南河区11月报表（初稿）.xlsx", [a1(nanhe) { $0["persons_total_township"] = .number(30); $0["problems_found"] = .number(4) }, a2(nanhe)])
try write("南河区11月报表.xlsx", [a1(nanhe) { $0["persons_total_township"] = .number(30) }, a2(nanhe)])
// Mistake: 涉及金额 typed in 元 (25000) where 万元 was meant (2.5).
try write("北岭区.xlsx", [a1(beiling) { $0["amount_wan"] = .number(25000) }, a2(beiling)])
// Mistake: a 级别 typed outside the drop-down list.
try write("青石区附件1.xlsx", [a1(qingshi)])
try write("青石区附件2(1).xlsx", [a2(qingshi) { $0[0]["ranks"] = .string("科员") }])
// Mistake: filed after the deadline (a quiet month: no clues).
try write("白沙区（11月份）.xlsx", [a1(baisha), a2(baisha)])

// October, clean, for the trends: fewer problems than November, other clues.
for m in [donghu, xishan, nanhe, beiling, qingshi, baisha] {
    var october = m
    october.month = 10
    october.filledOn = "2026年10月23日"
    october.remarks = ""
    october.clues = m.clues.isEmpty ? [] : m.clues.prefix(max(m.clues.count - 1, 1)).map { c in
        ClueSpec(channel: c.channel, place: c.place, persons: c.persons, summary: "（10月）" + c.summary,
                 amount: min(c.amount, 3) / 2, disposition: "已办结", rectification: c.rectification, recovered: 0, accountable: c.accountable)
    }
    try write("\(m.district)10月报表.xlsx", [a1(october), a2(october)])
}

// December: 东湖区 closes its 立案 clue (王五、赵六) and registers one new clue; 南河区's first
// clue moves from 初步核实 to 谈话函询; the others report a quiet month.
func december(_ m: DistrictMonth, clues: [ClueSpec] = [], carried: [ClueSpec] = []) -> DistrictMonth {
    var d = m
    d.month = 12
    d.filledOn = "2026年12月23日"
    d.remarks = ""
    d.clues = clues
    d.carried = carried
    return d
}
func moved(_ c: ClueSpec, to disposition: String, _ rectification: String) -> ClueSpec {
    ClueSpec(channel: c.channel, place: c.place, persons: c.persons, summary: c.summary, amount: c.amount,
             disposition: disposition, rectification: rectification, recovered: c.recovered, accountable: c.accountable)
}
let donghu12 = december(donghu, clues: [
    ClueSpec(channel: "信访举报", place: "东湖区青山镇", persons: [Person(name: "周十", post: "村会计", rank: "村社干部")],
             summary: "群众反映青山镇某村会计在危房改造竣工验收中虚报改造面积。",
             amount: 1.2, disposition: "初步核实", rectification: "正在核实", recovered: 0, accountable: 0),
], carried: [moved(donghu.clues[1], to: "已办结", "资金已全部补发到户，相关人员已受党纪处分")])
let nanhe12 = december(nanhe, carried: [moved(nanhe.clues[0], to: "谈话函询", "已对相关干部谈话函询")])
try write("东湖区危改统计表（12月）.xlsx", [a1(donghu12), a2(donghu12)])
try write("南河区12月报表.xlsx", [a1(nanhe12), a2(nanhe12)])
for m in [xishan, beiling, qingshi, baisha] {
    let quiet = december(m)
    try write("\(m.district)（12月份）.xlsx", [a1(quiet), a2(quiet)])
}

// The stamped scans (电子版和盖章后的扫描件) of three districts; 南河区, 北岭区 and 白沙区 sent none.
func scan(_ file: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: (inbox as NSString).appendingPathComponent(file)))
}
try scan("东湖区11月报表盖章扫描件.pdf", StampedScan.pdf(caption: "Donghu 2026-11 (stamped)"))
try scan("西山区盖章件.png", StampedScan.png())
try scan("青石区（11月）盖章件.pdf", StampedScan.pdf(caption: "Qingshi 2026-11 (stamped)"))
// December's: 东湖区 and 南河区.
try scan("东湖区12月盖章件.pdf", StampedScan.pdf(caption: "Donghu 2026-12 (stamped)"))
try scan("南河区12月报表盖章件.pdf", StampedScan.pdf(caption: "Nanhe 2026-12 (stamped)"))

// When each file reached the inbox (scripts/run-samples.sh sets the copies' times from it and
// runs the month of each deadline in turn).
let received = """
file\treceived_at
东湖区10月报表.xlsx\t2026-10-24T09:00:00+08:00
西山区10月报表.xlsx\t2026-10-24T10:00:00+08:00
南河区10月报表.xlsx\t2026-10-25T09:00:00+08:00
北岭区10月报表.xlsx\t2026-10-25T11:00:00+08:00
青石区10月报表.xlsx\t2026-10-26T09:00:00+08:00
白沙区10月报表.xlsx\t2026-10-26T15:00:00+08:00
南河区11月报表（初稿）.xlsx\t2026-11-23T15:10:00+08:00
东湖区危改统计表（11月）.xlsx\t2026-11-24T10:12:00+08:00
西山区附件1.xlsx\t2026-11-25T09:30:00+08:00
西山区附件2.xlsx\t2026-11-25T09:31:00+08:00
南河区11月报表.xlsx\t2026-11-25T16:45:00+08:00
北岭区.xlsx\t2026-11-26T11:20:00+08:00
青石区附件1.xlsx\t2026-11-26T17:05:00+08:00
青石区附件2(1).xlsx\t2026-11-26T17:06:00+08:00
白沙区（11月份）.xlsx\t2026-11-28T08:40:00+08:00
东湖区11月报表盖章扫描件.pdf\t2026-11-24T10:15:00+08:00
西山区盖章件.png\t2026-11-25T09:40:00+08:00
青石区（11月）盖章件.pdf\t2026-11-27T09:00:00+08:00
东湖区危改统计表（12月）.xlsx\t2026-12-23T09:00:00+08:00
南河区12月报表.xlsx\t2026-12-23T15:10:00+08:00
西山区（12月份）.xlsx\t2026-12-24T10:00:00+08:00
北岭区（12月份）.xlsx\t2026-12-24T11:00:00+08:00
青石区（12月份）.xlsx\t2026-12-25T09:20:00+08:00
白沙区（12月份）.xlsx\t2026-12-25T16:30:00+08:00
东湖区12月盖章件.pdf\t2026-12-23T09:05:00+08:00
南河区12月报表盖章件.pdf\t2026-12-23T15:15:00+08:00

"""
try received.write(toFile: (output as NSString).appendingPathComponent("received.tsv"), atomically: false, encoding: .utf8)  // .atomic leaves a TemporaryDirectory.* in /tmp on Linux
print("samples written to \(output)")
