/// The two tables of the seed (`004_…`), in the project's canonical reading, and the known
/// variant of Attachment 1. DOMAIN.md gives them cell by cell.
public enum Templates {
    public static let attachment1 = Template(
        attachment: .one, layout: "canonical", tableName: "农村危房改造腐败和作风问题查处整改情况统计表",
        header: attachment1Header(persons: .group("受处理处分总人数", ranks3(prefix: "persons_total", unit: "人")),
                                  party: .group("党纪处分（人次）", ranks3(prefix: "party_sanctions", unit: "人次")),
                                  admin: [.leaf("政务处分（人次）", id: "admin_sanctions", .count, unit: "人次")]))

    /// The seed's flattened text also reads with the rank split under 政务处分 instead of
    /// 受处理处分总人数: the total is then one column and 政务处分 has three.
    public static let attachment1AdminByRank = Template(
        attachment: .one, layout: "admin_by_rank", tableName: attachment1.tableName,
        header: attachment1Header(persons: .leaf("受处理处分总人数", id: "persons_total", .count, unit: "人"),
                                  party: .group("党纪处分（人次）", ranks3(prefix: "party_sanctions", unit: "人次")),
                                  admin: [.group("政务处分（人次）", ranks3(prefix: "admin_sanctions", unit: "人次"))]))

    public static let attachment2 = Template(
        attachment: .two, layout: "canonical", tableName: "农村危房改造专项治理问题线索统计表",
        header: [
            .leaf("序号", id: "seq", .sequence),
            .leaf("来源渠道", id: "source_channel", .choice(.sourceChannel, multiple: false)),
            .leaf("涉及地方或单位", id: "place", .text),
            .group("被反映主要对象", [
                .leaf("姓名", id: "persons", .text),
                .leaf("职务", id: "posts", .text),
                .leaf("级别", id: "ranks", .choice(.rank, multiple: true)),
            ]),
            .leaf("问题线索摘要（300字以内）", id: "summary", .text),
            .leaf("涉及资金（万元）", id: "amount_wan", .amount, unit: "万元"),
            .leaf("处置情况", id: "disposition", .choice(.disposition, multiple: false)),
            .group("整改情况", [
                .leaf("具体情况", id: "rectification", .text),
                .leaf("追缴资金（万元）", id: "recovered_wan", .amount, unit: "万元"),
                .leaf("问责（人）", id: "accountable_persons", .count, unit: "人"),
            ]),
        ])

    /// Every layout recognition tries, canonical first.
    public static let all = [attachment1, attachment1AdminByRank, attachment2]

    /// The canonical template of an attachment.
    public static func canonical(_ a: Attachment) -> Template { a == .one ? attachment1 : attachment2 }

    private static func attachment1Header(persons: HeaderNode, party: HeaderNode, admin: [HeaderNode]) -> [HeaderNode] {
        [
            .leaf("当月发现问题数", id: "problems_found", .count, unit: "个"),
            .leaf("当月完成整改和查处问题数", id: "problems_closed", .count, unit: "个"),
            .group("执纪问责情况", [
                .group("单位", [
                    .leaf("检查", id: "units_self_examination", .count, unit: "个"),
                    .leaf("通报", id: "units_circulated", .count, unit: "个"),
                ]),
                .group("个人受处分或处理情况", [persons, party] + admin + [
                    .leaf("诫勉谈话（人次）", id: "admonishments", .count, unit: "人次"),
                    .leaf("组织调整或处理（人次）", id: "org_adjustments", .count, unit: "人次"),
                    .leaf("移送司法数", id: "judicial_transfers", .count, unit: "人"),
                    form(1), form(2), form(3), form(4),
                ]),
            ]),
            .group("通报曝光情况（含单位被通报曝光的情况）", fillsDown: true, [
                .leaf("次数", id: "exposure_times", .count, unit: "次"),
                .leaf("问题数", id: "exposure_problems", .count, unit: "个"),
                .leaf("涉及人数", id: "exposure_persons", .count, unit: "人"),
            ]),
            .leaf("涉及金额（万元）", id: "amount_wan", .amount, unit: "万元"),
        ]
    }

    private static func ranks3(prefix: String, unit: String) -> [HeaderNode] {
        [.leaf("县处级", id: "\(prefix)_county", .count, unit: unit),
         .leaf("乡科级", id: "\(prefix)_township", .count, unit: unit),
         .leaf("乡科级以下", id: "\(prefix)_below_township", .count, unit: unit)]
    }

    private static func form(_ n: Int) -> HeaderNode {
        let names = ["", "第一种形态", "第二种形态", "第三种形态", "第四种形态"]
        return .group(names[n], [
            .leaf("县处级", id: "form\(n)_county", .count, unit: "人次"),
            .leaf("乡科级及以下", id: "form\(n)_township_and_below", .count, unit: "人次"),
            .leaf("村社干部", id: "form\(n)_village", .count, unit: "人次"),
            .leaf("其他人员", id: "form\(n)_other", .count, unit: "人次"),
        ])
    }
}
