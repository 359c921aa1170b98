import Foundation
import TestScratch
import XLSX
@testable import Forms

/// Filled tables and workbooks for the tests, written with the project's own template writer.
enum Fixtures {
    static func temporaryPath(_ name: String) -> String {
        Scratch.folder("weigai-forms") + "/" + name
    }

    /// Attachment 1 values where every field differs, so a column mix-up cannot go unnoticed.
    static let attachment1Values: [String: Double] = {
        var v: [String: Double] = [:]
        for (i, f) in Templates.attachment1.fields.enumerated() { v[f.id] = Double(i + 1) }
        v["amount_wan"] = 12.35
        return v
    }()

    static func attachment1Content(district: String = "东湖区", month: Int = 11) -> TableContent {
        var c = TableContent()
        c.district = district
        c.month = month
        c.unit = "\(district)住房和城乡建设局"
        c.filledOn = .string("2026年11月25日")
        c.filler = "王小明"
        c.phone = "13812345678"
        c.supervisor = "李建国"
        c.rows = [attachment1Values.mapValues { .number($0) }]
        c.remarks = "本月无特殊情况"
        c.typicalCases = ["某村干部虚报冒领危改补助2万元，给予党内警告处分。", "某镇工作人员审核不严，予以诫勉谈话。"]
        return c
    }

    static let clueRows: [[String: WriteValue]] = [
        ["seq": .number(1), "source_channel": .string("信访举报"), "place": .string("东湖区青山镇"),
         "persons": .string("张三、李四"), "posts": .string("村支书、村主任"), "ranks": .string("村社干部、村社干部"),
         "summary": .string("反映张三、李四在危房改造对象认定中优亲厚友。"), "amount_wan": .number(2.5),
         "disposition": .string("初步核实"), "rectification": .string("已责令整改"), "recovered_wan": .number(1.25),
         "accountable_persons": .number(2)],
        ["seq": .number(2), "source_channel": .string("审计发现"), "place": .string("东湖区白石街道"),
         "persons": .string("王五"), "posts": .string("街道城建办主任"), "ranks": .string("乡科级"),
         "summary": .string("审计发现补助资金未直接发放到农户一卡通账户。"), "amount_wan": .number(10),
         "disposition": .string("已立案审查"), "rectification": .string(""), "recovered_wan": .number(0),
         "accountable_persons": .number(0)],
    ]

    static func attachment2Content(district: String = "东湖区", month: Int = 11) -> TableContent {
        var c = attachment1Content(district: district, month: month)
        c.rows = clueRows
        c.remarks = ""
        c.typicalCases = []
        return c
    }

    /// One workbook holding both tables, each on its own sheet.
    static func bothTables(name: String = "东湖区11月.xlsx", sheetNames: (String, String) = ("附件1", "附件2")) throws -> String {
        let path = temporaryPath(name)
        var w = WorkbookWriter()
        w.sheets = [TemplateWriter.sheet(Templates.attachment1, name: sheetNames.0, content: attachment1Content()),
                    TemplateWriter.sheet(Templates.attachment2, name: sheetNames.1, content: attachment2Content())]
        try w.write(to: path)
        return path
    }
}
