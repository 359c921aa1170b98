import Foundation
import Yams

/// Why a configuration file was refused; names the file and the key.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, detail: String)
    case unknownKey(file: String, key: String)
    case badValue(file: String, key: String, detail: String)

    public var description: String {
        switch self {
        case .unreadable(let f, let d): return "\(f): cannot read the configuration: \(d)"
        case .unknownKey(let f, let k): return "\(f): unknown key \(k)"
        case .badValue(let f, let k, let d): return "\(f): \(k): \(d)"
        }
    }
}

/// Everything an operator may change, with defaults built in: the roster, the drop-down lists,
/// the deadline, tolerances and thresholds. A file overrides only the keys it names.
public struct Configuration: Sendable, Equatable {
    public var city = "示例市"
    /// The districts that must report every month.
    public var roster = ["东湖区", "西山区", "南河区", "北岭区", "青石区", "白沙区"]
    public var lists: [DropDownList.ID: [String]] = DropDownList.defaults.mapValues(\.items)
    /// Reports are due on this day of the month, by `deadlineTime`, local time.
    public var deadlineDay = 26
    public var deadlineTime = "23:59:59"
    public var timeZone = "Asia/Shanghai"
    /// Amounts agree when they differ by less than this many 万元 (0.000001 万元 = 1 分).
    public var amountTolerance = Decimal(string: "0.000001")!
    /// An amount in 万元 at or above this looks like it was typed in 元.
    public var yuanSuspectWan: Decimal = 1000
    public var summaryMaxCharacters = 300
    public var caseMaxCharacters = 300
    public var maxCases = 3
    /// Cross-period (`FigureJump`): with three or more of the last `historyMonths` months, a
    /// figure is a jump when it is at least `jumpMinimum` and above max(`jumpFactor` × median,
    /// median + `jumpFactor` × 1.4826 × MAD, the highest of those months).
    public var historyMonths = 6
    public var jumpFactor: Decimal = 5
    public var jumpMinimum: Decimal = 10
    /// The clue ledger: which dispositions close a clue off (销号), the open ones from the earliest
    /// stage to the latest (a move back is a warning), and how many months a clue may stay open.
    public var dispositionStages = DispositionStages(closing: ["已办结", "予以了结", "已转业务单位", "已移送纪检监察机关"],
                                                     open: ["暂存待查", "初步核实", "谈话函询", "已立案审查"])
    public var clueTimeLimitMonths = 3
    /// Intake: a file must be unchanged this long before it is taken (it may still be copying).
    public var settleSeconds = 60
    /// Intake: legacy workbooks (.xls, .et) are converted with LibreOffice when it is found;
    /// false quarantines them for the clerk to save as .xlsx.
    public var convertLegacy = true
    /// Intake: LibreOffice's `soffice`; nil looks for it on PATH.
    public var sofficePath: String?
    /// Outputs: where each district's receipt folder is copied after publishing
    /// (`<dir>/<区>/YYYY-MM/`); nil for nowhere.
    public var receiptsDir: String?

    public init() {}

    /// The built-in defaults, as a file an operator can start from.
    public static let defaultsYAML = """
    # weigai configuration. Every key is optional; a missing key keeps its default.
    city: 示例市
    roster: [东湖区, 西山区, 南河区, 北岭区, 青石区, 白沙区]
    lists:
      source_channel: [信访举报, 巡视督查, 审计发现, 纪检监察, 日常巡查检查, 上级交办, 媒体曝光, 其他]
      rank: [县处级, 乡科级, 乡科级以下, 村社干部, 其他人员]
      disposition: [已转业务单位, 已移送纪检监察机关, 谈话函询, 初步核实, 暂存待查, 予以了结, 已立案审查, 已办结]
    deadline:
      day: 26
      time: "23:59:59"
      time_zone: Asia/Shanghai
    tolerances:
      amount_wan: 0.000001
    thresholds:
      yuan_suspect_wan: 1000
      summary_max_characters: 300
      case_max_characters: 300
      max_cases: 3
      history_months: 6
      jump_factor: 5
      jump_minimum: 10
      clue_time_limit_months: 3
    ledger:           # 台账: a clue stays open until a month lists it with a closing disposition
      closing_dispositions: [已办结, 予以了结, 已转业务单位, 已移送纪检监察机关]
      open_stages: [暂存待查, 初步核实, 谈话函询, 已立案审查]   # earliest first
    intake:
      settle_seconds: 60
      convert_legacy: true      # .xls/.et through LibreOffice when soffice is found
      # soffice: /opt/libreoffice/program/soffice   # default: found on PATH
    outputs:
      receipts_dir: null    # e.g. /srv/share: each district's receipts copied to <dir>/<区>/YYYY-MM/

    """

    /// Reads `path` over the defaults.
    public static func load(path: String) throws -> Configuration {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError.unreadable(file: path, detail: "no such file, or not UTF-8")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> Configuration {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError.unreadable(file: file, detail: "\(error)")
        }
        var c = Configuration()
        guard let root = node else { return c }
        guard let map = root.mapping else { throw ConfigurationError.badValue(file: file, key: "(top level)", detail: "must be a mapping") }
        let r = Reader(file: file)
        for (k, v) in map {
            let key = k.string ?? ""
            switch key {
            case "city": c.city = try r.string(v, key)
            case "roster":
                c.roster = try r.strings(v, key)
                if c.roster.isEmpty { throw ConfigurationError.badValue(file: file, key: key, detail: "the roster is empty") }
            case "lists":
                for (lk, lv) in try r.mapping(v, key) {
                    let name = lk.string ?? ""
                    guard let id = DropDownList.ID(rawValue: name) else { throw ConfigurationError.unknownKey(file: file, key: "lists.\(name)") }
                    c.lists[id] = try r.strings(lv, "lists.\(name)")
                    if c.lists[id]!.isEmpty {
                        throw ConfigurationError.badValue(file: file, key: "lists.\(name)", detail: "a drop-down list cannot be empty")
                    }
                }
            case "deadline":
                for (dk, dv) in try r.mapping(v, key) {
                    switch dk.string ?? "" {
                    case "day": c.deadlineDay = try r.int(dv, "deadline.day", in: 1...28)
                    case "time":
                        c.deadlineTime = try r.string(dv, "deadline.time")
                        guard c.deadlineTime.range(of: #"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"#, options: .regularExpression) != nil else {
                            throw ConfigurationError.badValue(file: file, key: "deadline.time", detail: "must be HH:MM or HH:MM:SS")
                        }
                    case "time_zone":
                        c.timeZone = try r.string(dv, "deadline.time_zone")
                        guard TimeZone(identifier: c.timeZone) != nil else {
                            throw ConfigurationError.badValue(file: file, key: "deadline.time_zone", detail: "unknown time zone \(c.timeZone)")
                        }
                    case let other: throw ConfigurationError.unknownKey(file: file, key: "deadline.\(other)")
                    }
                }
            case "tolerances":
                for (tk, tv) in try r.mapping(v, key) {
                    switch tk.string ?? "" {
                    case "amount_wan": c.amountTolerance = try r.decimal(tv, "tolerances.amount_wan")
                    case let other: throw ConfigurationError.unknownKey(file: file, key: "tolerances.\(other)")
                    }
                }
            case "thresholds":
                for (tk, tv) in try r.mapping(v, key) {
                    let name = tk.string ?? ""
                    let full = "thresholds.\(name)"
                    switch name {
                    case "yuan_suspect_wan": c.yuanSuspectWan = try r.decimal(tv, full)
                    case "summary_max_characters": c.summaryMaxCharacters = try r.int(tv, full, in: 1...100_000)
                    case "case_max_characters": c.caseMaxCharacters = try r.int(tv, full, in: 1...100_000)
                    case "max_cases": c.maxCases = try r.int(tv, full, in: 0...100)
                    case "history_months": c.historyMonths = try r.int(tv, full, in: 1...120)
                    case "jump_factor": c.jumpFactor = try r.decimal(tv, full)
                    case "jump_minimum": c.jumpMinimum = try r.decimal(tv, full)
                    case "clue_time_limit_months": c.clueTimeLimitMonths = try r.int(tv, full, in: 1...120)
                    default: throw ConfigurationError.unknownKey(file: file, key: full)
                    }
                }
            case "ledger":
                for (lk, lv) in try r.mapping(v, key) {
                    let name = lk.string ?? ""
                    let full = "ledger.\(name)"
                    switch name {
                    case "closing_dispositions":
                        c.dispositionStages.closing = try r.strings(lv, full)
                        if c.dispositionStages.closing.isEmpty {
                            throw ConfigurationError.badValue(file: file, key: full, detail: "at least one disposition must close a clue")
                        }
                    case "open_stages": c.dispositionStages.open = try r.strings(lv, full)
                    default: throw ConfigurationError.unknownKey(file: file, key: full)
                    }
                }
                if let both = c.dispositionStages.open.first(where: c.dispositionStages.closing.contains) {
                    throw ConfigurationError.badValue(file: file, key: key, detail: "「\(both)」 cannot both close a clue and be an open stage")
                }
            case "intake":
                for (ik, iv) in try r.mapping(v, key) {
                    switch ik.string ?? "" {
                    case "settle_seconds": c.settleSeconds = try r.int(iv, "intake.settle_seconds", in: 0...86_400)
                    case "convert_legacy": c.convertLegacy = try r.bool(iv, "intake.convert_legacy")
                    case "soffice": c.sofficePath = try r.string(iv, "intake.soffice")
                    case let other: throw ConfigurationError.unknownKey(file: file, key: "intake.\(other)")
                    }
                }
            case "outputs":
                for (ok, ov) in try r.mapping(v, key) {
                    switch ok.string ?? "" {
                    case "receipts_dir":
                        let null = ["", "~", "null", "Null", "NULL"].contains(ov.scalar?.string ?? "-")
                        c.receiptsDir = null ? nil : try r.string(ov, "outputs.receipts_dir")
                    case let other: throw ConfigurationError.unknownKey(file: file, key: "outputs.\(other)")
                    }
                }
            default:
                throw ConfigurationError.unknownKey(file: file, key: key)
            }
        }
        return c
    }

    /// The drop-down lists as the checks use them.
    public var dropDownLists: [DropDownList.ID: DropDownList] {
        Dictionary(uniqueKeysWithValues: DropDownList.ID.allCases.map { id in
            var list = DropDownList.defaults[id]!
            list.items = lists[id] ?? list.items
            return (id, list)
        })
    }

    /// The moment reports for `period` are due.
    public func deadline(for period: Period) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone)!
        let parts = deadlineTime.split(separator: ":").compactMap { Int($0) }
        let components = DateComponents(year: period.year, month: period.month, day: deadlineDay,
                                        hour: parts[0], minute: parts[1], second: parts.count > 2 ? parts[2] : 0)
        return calendar.date(from: components)!
    }

    private struct Reader {
        let file: String

        func mapping(_ n: Node, _ key: String) throws -> Node.Mapping {
            guard let m = n.mapping else { throw ConfigurationError.badValue(file: file, key: key, detail: "must be a mapping") }
            return m
        }
        func string(_ n: Node, _ key: String) throws -> String {
            guard let s = n.scalar?.string, !s.isEmpty else { throw ConfigurationError.badValue(file: file, key: key, detail: "must be a non-empty text") }
            return s
        }
        func strings(_ n: Node, _ key: String) throws -> [String] {
            guard let seq = n.sequence else { throw ConfigurationError.badValue(file: file, key: key, detail: "must be a list") }
            return try seq.map { try string($0, key) }
        }
        func bool(_ n: Node, _ key: String) throws -> Bool {
            guard let b = n.scalar.flatMap(Bool.construct) else {
                throw ConfigurationError.badValue(file: file, key: key, detail: "must be true or false")
            }
            return b
        }
        func int(_ n: Node, _ key: String, in range: ClosedRange<Int>) throws -> Int {
            guard let s = n.scalar?.string, let i = Int(s), range.contains(i) else {
                throw ConfigurationError.badValue(file: file, key: key, detail: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return i
        }
        func decimal(_ n: Node, _ key: String) throws -> Decimal {
            guard let s = n.scalar?.string, let d = Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")), d >= 0 else {
                throw ConfigurationError.badValue(file: file, key: key, detail: "must be a non-negative number")
            }
            return d
        }
    }
}
