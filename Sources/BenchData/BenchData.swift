import Foundation
import XLSX

/// `weigai-benchdata ROWS OUT.xlsx`: writes a synthetic clue register shaped like Attachment 2
/// (header rows, ROWS data rows of 12 columns, a footer, merges and list validations), with
/// every text as a shared string, for `scripts/bench.sh`. The sheet and the shared strings are
/// produced in chunks while libzip compresses them, so a million rows never sit in memory.
@main
struct BenchData {
    static func main() throws {
        let args = CommandLine.arguments
        guard args.count == 3, let rows = Int(args[1]), rows > 0 else {
            FileHandle.standardError.write(Data("usage: weigai-benchdata ROWS OUT.xlsx\n".utf8))
            exit(2)
        }
        let register = Register(rows: rows)
        let zip = try ZipWriter(path: args[2])
        try zip.add("[Content_Types].xml", text: Parts.contentTypes)
        try zip.add("_rels/.rels", text: Parts.rootRels)
        try zip.add("xl/workbook.xml", text: Parts.workbook)
        try zip.add("xl/_rels/workbook.xml.rels", text: Parts.workbookRels)
        try zip.add("xl/styles.xml", text: Parts.styles)
        try zip.add("xl/worksheets/sheet1.xml", producing: Chunker(register.sheetXML).fill)
        try zip.add("xl/sharedStrings.xml", producing: Chunker(register.sharedStringsXML).fill)
        try zip.close()
    }
}

/// Hands out what `next` appends, a buffer at a time, as `ZipWriter` asks for it.
final class Chunker {
    private let next: (inout [UInt8]) -> Bool
    private var pending: [UInt8] = []
    private var offset = 0
    private var done = false

    /// `next` appends some bytes and returns false once it has nothing more.
    init(_ next: @escaping (inout [UInt8]) -> Bool) { self.next = next }

    func fill(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
        var written = 0
        while written < buffer.count {
            if offset == pending.count {
                if done { break }
                pending.removeAll(keepingCapacity: true)
                offset = 0
                done = !next(&pending)
                continue
            }
            let n = min(buffer.count - written, pending.count - offset)
            pending.withUnsafeBytes { src in
                (buffer.baseAddress! + written).copyMemory(from: src.baseAddress! + offset, byteCount: n)
            }
            offset += n
            written += n
        }
        return written
    }
}

/// The register's content. Fixed texts (headers, drop-down values, places, posts) take the first
/// shared-string indices; then each data row has three strings of its own (names, summary,
/// rectification), derived from the row number alone so the sheet and the table agree.
struct Register {
    let rows: Int
    static let firstDataRow = 6
    static let perRow = 3

    static let channels = ["信访举报", "巡视督查", "审计发现", "纪检监察", "日常巡查检查", "上级交办", "媒体曝光", "其他"]
    static let ranks = ["县处级", "乡科级", "乡科级以下", "村社干部", "其他人员"]
    static let dispositions = ["已转业务单位", "已移送纪检监察机关", "谈话函询", "初步核实", "暂存待查", "予以了结", "已立案审查", "已办结"]
    static let districts = ["万州区", "涪陵区", "渝中区", "大渡口区", "江北区", "沙坪坝区", "九龙坡区", "南岸区", "北碚区", "綦江区",
                            "大足区", "渝北区", "巴南区", "黔江区", "长寿区", "江津区", "合川区", "永川区", "南川区", "璧山区"]
    static let towns = ["龙溪镇", "白马镇", "双河乡", "石桥镇", "清水乡", "青山镇", "新华乡", "太平镇", "金竹乡", "三合镇"]
    static let posts = ["村党支部书记", "村委会主任", "村会计", "镇建设办主任", "乡长", "副镇长", "村民小组长", "驻村干部", "施工队负责人"]
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢")
    static let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌")
    static let conduct = ["虚报冒领危房改造补助资金", "优亲厚友将不符合条件的农户纳入补助范围", "收受施工方好处费",
                          "截留挪用农户补助款", "验收把关不严致使改造质量不达标", "索要农户感谢费", "违规指定施工队伍",
                          "套取项目资金用于其他开支", "拖延发放补助资金", "档案资料弄虚作假"]
    static let outcomes = ["群众反映强烈", "造成不良社会影响", "相关农户多次上访", "经初步核实问题基本属实", "需进一步调查核实"]
    static let followUps = ["已责令退还违规资金并通报批评", "已约谈相关责任人，督促限期整改", "已重新组织入户核查并公示结果",
                            "已移交纪检监察机关依纪依法处理", "正在整改中，预计下月完成"]
    static let headers = ["附件2", "农村危房改造专项治理问题线索统计表（11月份）", "填报单位：（加盖公章）", "填报时间：2026年11月25日",
                          "序号", "来源渠道", "涉及地方或单位", "被反映主要对象", "问题线索摘要（300字以内）", "涉及资金（万元）",
                          "处置情况", "整改情况", "姓名", "职务", "级别", "具体情况", "追缴资金（万元）", "问责（人）",
                          "说 明", "1.本表用EXCEL填写，格式不得修改；2.重复件只登记一次。",
                          "填表人：张三", "联系电话：023-12345678", "单位分管负责人：李四"]

    static let fixed: [String] = headers + channels + ranks + dispositions + posts
        + districts.flatMap { d in towns.map { d + $0 } }
    static func index(_ s: String) -> Int { fixedIndex[s]! }
    static let fixedIndex = Dictionary(fixed.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    static let footerRows = 2

    var uniqueCount: Int { Self.fixed.count + rows * Self.perRow }
    var lastRow: Int { Self.firstDataRow + rows - 1 + Self.footerRows }

    /// SplitMix64 of the row: the same row always gives the same values.
    struct Random {
        var state: UInt64
        init(row: Int, salt: UInt64) { state = UInt64(row) &* 0x9E37_79B9_7F4A_7C15 ^ salt }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }
    }

    /// The row's own strings: names (1–3, joined by 、), the summary, the rectification.
    func texts(row r: Int) -> (names: String, summary: String, rectification: String, place: String, people: Int) {
        var g = Random(row: r, salt: 0xC1)
        let people = 1 + g.below(3)
        var names: [String] = []
        for _ in 0..<people {
            names.append(String(g.pick(Self.surnames)) + String(g.pick(Self.given)) + (g.below(2) == 0 ? String(g.pick(Self.given)) : ""))
        }
        let place = g.pick(Self.districts) + g.pick(Self.towns)
        let households = 2 + g.below(40)
        let summary = "群众反映\(place)\(names[0])在\(2019 + g.below(7))年农村危房改造工作中\(g.pick(Self.conduct))，"
            + "涉及\(households)户农户，\(g.pick(Self.conduct))，\(g.pick(Self.outcomes))。"
            + "另反映其在组织实施过程中\(g.pick(Self.conduct))，\(g.pick(Self.outcomes))。线索编号WG\(r)。"
        return (names.joined(separator: "、"), summary, g.pick(Self.followUps) + "（\(r)）", place, people)
    }

    /// Streams `xl/sharedStrings.xml`: the fixed strings, then each row's own three.
    var sharedStringsXML: (inout [UInt8]) -> Bool {
        var row = -1
        let rows = rows
        let me = self
        return { out in
            if row == -1 {
                out.append(contentsOf: #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#.utf8)
                out.append(contentsOf: "\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(me.uniqueCount)\" uniqueCount=\"\(me.uniqueCount)\">".utf8)
                for s in Self.fixed { Self.item(s, into: &out) }
                row = 0
                return true
            }
            if row >= rows {
                out.append(contentsOf: "</sst>".utf8)
                return false
            }
            let end = min(row + 512, rows)
            while row < end {
                let t = me.texts(row: row + 1)
                Self.item(t.names, into: &out)
                Self.item(t.summary, into: &out)
                Self.item(t.rectification, into: &out)
                row += 1
            }
            return true
        }
    }

    private static func item(_ s: String, into out: inout [UInt8]) {
        out.append(contentsOf: "<si><t>".utf8)
        out.append(contentsOf: s.utf8)
        out.append(contentsOf: "</t></si>".utf8)
    }

    /// Streams `xl/worksheets/sheet1.xml`: headers, data rows, footer, merges, validations.
    var sheetXML: (inout [UInt8]) -> Bool {
        var row = -1
        let rows = rows
        let me = self
        return { out in
            if row == -1 {
                me.head(into: &out)
                row = 0
                return true
            }
            if row >= rows {
                me.tail(into: &out)
                return false
            }
            let end = min(row + 512, rows)
            while row < end {
                me.dataRow(row + 1, into: &out)
                row += 1
            }
            return true
        }
    }

    private func head(into out: inout [UInt8]) {
        out.append(contentsOf: #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#.utf8)
        out.append(contentsOf: "\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><dimension ref=\"A1:L\(lastRow)\"/><sheetData>".utf8)
        let h = Self.index
        textRow(1, [("A", h("附件2"))], into: &out)
        textRow(2, [("A", h(Self.headers[1]))], into: &out)
        textRow(3, [("A", h(Self.headers[2])), ("I", h(Self.headers[3]))], into: &out)
        textRow(4, [("A", h("序号")), ("B", h("来源渠道")), ("C", h("涉及地方或单位")), ("D", h("被反映主要对象")),
                    ("G", h(Self.headers[8])), ("H", h(Self.headers[9])), ("I", h("处置情况")), ("J", h("整改情况"))], into: &out)
        textRow(5, [("D", h("姓名")), ("E", h("职务")), ("F", h("级别")), ("J", h("具体情况")),
                    ("K", h(Self.headers[16])), ("L", h(Self.headers[17]))], into: &out)
    }

    private func tail(into out: inout [UInt8]) {
        let h = Self.index
        let r = Self.firstDataRow + rows
        textRow(r, [("A", h("说 明")), ("B", h(Self.headers[19]))], into: &out)
        textRow(r + 1, [("A", h(Self.headers[20])), ("E", h(Self.headers[21])), ("I", h(Self.headers[22]))], into: &out)
        let last = Self.firstDataRow + rows - 1
        out.append(contentsOf: "</sheetData><mergeCells count=\"9\"><mergeCell ref=\"A2:L2\"/>".utf8)
        for m in ["A4:A5", "B4:B5", "C4:C5", "D4:F4", "G4:G5", "H4:H5", "I4:I5", "J4:L4"] {
            out.append(contentsOf: "<mergeCell ref=\"\(m)\"/>".utf8)
        }
        out.append(contentsOf: "</mergeCells><dataValidations count=\"3\">".utf8)
        for (col, list) in [("B", Self.channels), ("F", Self.ranks), ("I", Self.dispositions)] {
            out.append(contentsOf: "<dataValidation type=\"list\" allowBlank=\"1\" sqref=\"\(col)6:\(col)\(last)\"><formula1>\"\(list.joined(separator: ","))\"</formula1></dataValidation>".utf8)
        }
        out.append(contentsOf: "</dataValidations><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>".utf8)
    }

    private func textRow(_ r: Int, _ cells: [(String, Int)], into out: inout [UInt8]) {
        out.append(contentsOf: "<row r=\"\(r)\">".utf8)
        for (col, i) in cells { out.append(contentsOf: "<c r=\"\(col)\(r)\" t=\"s\"><v>\(i)</v></c>".utf8) }
        out.append(contentsOf: "</row>".utf8)
    }

    private func dataRow(_ n: Int, into out: inout [UInt8]) {
        let r = Self.firstDataRow + n - 1
        let t = texts(row: n)
        var g = Random(row: n, salt: 0xA7)
        let own = Self.fixed.count + (n - 1) * Self.perRow
        let amount = 1 + g.below(500_000)  // hundredths of 万元
        let recovered = g.below(amount + 1)
        let cells: [(String, String, Bool)] = [
            ("A", String(n), false),
            ("B", String(Self.index(g.pick(Self.channels))), true),
            ("C", String(Self.index(t.place)), true),
            ("D", String(own), true),
            ("E", String(Self.index(g.pick(Self.posts))), true),
            ("F", String(Self.index(g.pick(Self.ranks))), true),
            ("G", String(own + 1), true),
            ("H", Self.decimal(amount), false),
            ("I", String(Self.index(g.pick(Self.dispositions))), true),
            ("J", String(own + 2), true),
            ("K", Self.decimal(recovered), false),
            ("L", String(g.below(t.people + 1)), false),
        ]
        out.append(contentsOf: "<row r=\"\(r)\">".utf8)
        for (col, v, shared) in cells {
            out.append(contentsOf: "<c r=\"\(col)\(r)\"\(shared ? " t=\"s\"" : "")><v>\(v)</v></c>".utf8)
        }
        out.append(contentsOf: "</row>".utf8)
    }

    /// Hundredths as the shortest decimal text: 1230 → `12.3`.
    static func decimal(_ hundredths: Int) -> String {
        let whole = hundredths / 100, frac = hundredths % 100
        if frac == 0 { return String(whole) }
        if frac % 10 == 0 { return "\(whole).\(frac / 10)" }
        return "\(whole).\(frac < 10 ? "0" : "")\(frac)"
    }
}

/// The small fixed parts of the package.
enum Parts {
    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>
        """
    static let rootRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """
    static let workbook = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="附件2" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    static let workbookRels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
        """
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """
}
