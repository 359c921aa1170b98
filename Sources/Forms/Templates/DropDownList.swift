/// A drop-down list of the templates. The defaults are the seed's; configuration may replace
/// them, and a workbook's own lists are what its clerk saw.
public struct DropDownList: Sendable, Equatable {
    public enum ID: String, Sendable, CaseIterable, Codable, CodingKeyRepresentable {
        case sourceChannel = "source_channel"
        case rank
        case disposition
    }

    public let id: ID
    public let label: String
    public var items: [String]

    public static let defaults: [ID: DropDownList] = [
        .sourceChannel: DropDownList(id: .sourceChannel, label: "来源渠道", items: [
            "信访举报", "巡视督查", "审计发现", "纪检监察", "日常巡查检查", "上级交办", "媒体曝光", "其他"]),
        .rank: DropDownList(id: .rank, label: "级别", items: [
            "县处级", "乡科级", "乡科级以下", "村社干部", "其他人员"]),
        .disposition: DropDownList(id: .disposition, label: "处置情况", items: [
            "已转业务单位", "已移送纪检监察机关", "谈话函询", "初步核实", "暂存待查", "予以了结", "已立案审查", "已办结"]),
    ]
}
