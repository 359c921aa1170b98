/// The check catalog: every rule the pipeline can report, defined once. `weigai rules`
/// prints it and docs/rules.md is generated from it.
public enum Rules {
    // MARK: file
    public static let fileUnreadable = Rule(id: "file-unreadable", category: .file, severity: .error,
        message: "文件无法读取：{detail}。请用 Excel 或 WPS 另存为 .xlsx 后重新报送",
        description: "Not a zip package, truncated or corrupt, its XML malformed, or ambiguous (two zip entries with one name, compared case-insensitively as OPC does). The reason is given in Chinese, without the library's own message.")
    public static let fileEncrypted = Rule(id: "file-encrypted", category: .file, severity: .error,
        message: "文件设置了打开密码（已加密），无法读取。请取消密码后重新报送",
        description: "An encrypted workbook (an OLE compound file).")
    public static let fileTooLarge = Rule(id: "file-too-large", category: .file, severity: .error,
        message: "文件已拒收：{detail}。请检查文件后重新报送",
        description: "A part inflates past the configured limits, or too many entries.")
    public static let fileUnsafeXML = Rule(id: "file-unsafe-xml", category: .file, severity: .error,
        message: "文件已拒收：{detail}。请用 Excel 或 WPS 另存为 .xlsx 后重新报送",
        description: "An XML part declares a DTD or entities.")
    public static let legacyFormat = Rule(id: "file-legacy-format", category: .file, severity: .error,
        message: "文件是旧版 Excel（.xls）或 WPS（.et）格式，{detail}。请用 Excel 或 WPS 另存为 .xlsx 后重新报送",
        description: "A legacy workbook (.xls, .et) that could not be converted: LibreOffice is missing, conversion is turned off (intake.convert_legacy), or the conversion failed.")
    public static let lockFile = Rule(id: "file-lock", category: .file, severity: .info,
        message: "这是 Excel 或 WPS 打开表格时留下的锁定文件，不是报表，已隔离",
        description: "An Excel or WPS lock file (~$name.xlsx, .~lock.name#), left while a workbook is open; not a submission.")
    public static let scanNotImage = Rule(id: "file-scan-invalid", category: .file, severity: .error,
        message: "文件名像盖章扫描件（{detail}），但内容不是 PDF、OFD 或图片，无法作为盖章件存档。请重新扫描后报送",
        description: "A file named like a scan (.pdf, .ofd, .jpg, .jpeg, .png, .tif) whose content has none of their signatures.")
    public static let notAReport = Rule(id: "file-not-a-report", category: .file, severity: .warning,
        message: "文件不是报表或盖章扫描件（{detail}），未处理。报表请报送 .xlsx，盖章件请报送 PDF、OFD 或图片",
        description: "Any other file dropped in the inbox: another extension, no extension, a hidden file.")

    // MARK: template
    public static let tableNotFound = Rule(id: "table-not-found", category: .template, severity: .error,
        message: "未找到附件1或附件2的表格：各工作表中都没有模板的表头",
        description: "No sheet of the workbook holds a recognizable header of either table.")
    public static let headerColumnMissing = Rule(id: "header-column-missing", category: .template, severity: .error,
        message: "表头缺少「{label}」列，该项数据无法读取",
        description: "A template column is absent from the header.")
    public static let headerColumnExtra = Rule(id: "header-column-extra", category: .template, severity: .warning,
        message: "表头多出「{label}」列（{cell}），不属于模板，该列数据未纳入汇总：{values}",
        description: "The header has a column the template does not; its values are listed.")
    public static let headerColumnRenamed = Rule(id: "header-column-renamed", category: .template, severity: .warning,
        message: "表头「{actual}」与模板「{expected}」不一致，已按位置对应读取",
        description: "A column sits where a template column belongs but is labelled differently.")
    public static let headerColumnMoved = Rule(id: "header-column-moved", category: .template, severity: .warning,
        message: "「{label}」列的位置与模板不同（模板为第{expected}列，实际为第{actual}列），已按表头文字读取",
        description: "Columns are reordered.")
    public static let headerVariant = Rule(id: "header-layout-variant", category: .template, severity: .info,
        message: "表头为已知的变体格式（{layout}），已按该格式读取",
        description: "The known variant of Attachment 1 (rank split under 政务处分).")
    public static let tableOffset = Rule(id: "table-offset", category: .template, severity: .info,
        message: "表头位置与模板不同（从{cell}开始，模板为{expected}），已按表头文字定位",
        description: "Rows inserted above or columns to the left of the table.")
    public static let extraDataRow = Rule(id: "extra-data-row", category: .template, severity: .warning,
        message: "附件1只应有一行数据，第{row}行的数据未读取：{values}",
        description: "Attachment 1 holds more than one data row (e.g. a total row added).")
    public static let titleMissing = Rule(id: "title-missing", category: .template, severity: .warning,
        message: "未找到表格标题「{expected}」",
        description: "The title row is missing or altered.")
    public static let districtMissing = Rule(id: "district-missing", category: .template, severity: .error,
        message: "无法确定填报区：标题、填报单位和文件名中都没有区名",
        description: "No district in the title, 填报单位 or the file name.")
    public static let districtFallback = Rule(id: "district-from-fallback", category: .template, severity: .info,
        message: "标题中未写区名，已从{source}取得「{actual}」",
        description: "The district was taken from 填报单位 or the file name.")
    public static let monthMissing = Rule(id: "month-missing", category: .template, severity: .error,
        message: "无法确定填报月份：标题中没有「（M月份）」",
        description: "No month in the title.")

    // MARK: value
    public static let notNumber = Rule(id: "value-not-number", category: .value, severity: .error,
        message: "{cell}「{field}」应填数字，实际为「{actual}」",
        description: "Text in a number column.")
    public static let negative = Rule(id: "value-negative", category: .value, severity: .error,
        message: "{cell}「{field}」不能为负数，实际为 {actual}",
        description: "A negative count or amount.")
    public static let notInteger = Rule(id: "value-not-integer", category: .value, severity: .error,
        message: "{cell}「{field}」应为整数，实际为 {actual}",
        description: "A fractional count.")
    public static let normalized = Rule(id: "value-normalized", category: .value, severity: .info,
        message: "{cell}「{field}」的数字写成了文本「{actual}」，已按 {expected} 读取",
        description: "A number stored as text, with full-width digits, separators or spaces; normalized.")
    public static let excelError = Rule(id: "value-excel-error", category: .value, severity: .error,
        message: "{cell}「{field}」是 Excel 错误值 {actual}（公式出错），应填数字",
        description: "An Excel error value such as #DIV/0! or #REF!.")

    public static let amountLooksLikeYuan = Rule(id: "value-amount-in-yuan", category: .value, severity: .warning,
        message: "{cell}「{field}」为 {actual} 万元，数额异常大，疑似按元填写（{expected} 万元？）",
        description: "An amount in 万元 at or above the threshold: probably typed in 元.")

    // MARK: intra_table, Attachment 1
    public static let personsVersusForms = Rule(id: "a1-persons-vs-forms", category: .intraTable, severity: .error,
        message: "受处理处分总人数（{rank}）为 {actual}，四种形态（{rank}）合计为 {expected}，两者应相等",
        description: "受处理处分总人数 against the four forms, rank by rank (县处级; 乡科级 and below against 乡科级及以下 + 村社干部 + 其他人员).")
    public static let admonishmentsVersusForm1 = Rule(id: "a1-admonishments-vs-form1", category: .intraTable, severity: .error,
        message: "诫勉谈话 {actual} 人次，多于第一种形态合计 {expected} 人次",
        description: "诫勉谈话 is part of the 1st form, so cannot exceed it.")
    public static let judicialVersusForm4 = Rule(id: "a1-judicial-vs-form4", category: .intraTable, severity: .error,
        message: "移送司法数 {actual}，多于第四种形态合计 {expected}",
        description: "移送司法 is part of the 4th form, so cannot exceed it.")
    public static let sanctionsVersusForms = Rule(id: "a1-sanctions-vs-forms", category: .intraTable, severity: .error,
        message: "党纪处分与政务处分合计 {actual} 人次，多于第二至第四种形态合计 {expected} 人次",
        description: "Party and administrative sanctions fall in forms 2–4, so cannot exceed them.")
    public static let exposureWithoutTimes = Rule(id: "a1-exposure-without-times", category: .intraTable, severity: .error,
        message: "通报曝光次数为 0，但问题数或涉及人数为 {actual}",
        description: "Exposure problems or persons without any exposure.")
    public static let tooManyCases = Rule(id: "a1-too-many-cases", category: .intraTable, severity: .warning,
        message: "典型案例报了 {actual} 个，应为 1—{expected} 个",
        description: "More typical cases than the template allows.")
    public static let caseTooLong = Rule(id: "a1-case-too-long", category: .intraTable, severity: .warning,
        message: "第{index}个典型案例 {actual} 字，超过 {expected} 字",
        description: "A typical case over the length limit.")

    // MARK: intra_table, Attachment 2
    public static let choiceNotInList = Rule(id: "a2-choice-not-in-list", category: .intraTable, severity: .error,
        message: "{cell}「{field}」填的是「{actual}」，不在下拉选项中（{expected}）",
        description: "A value outside its drop-down list.")
    public static let personCount = Rule(id: "a2-person-count", category: .intraTable, severity: .error,
        message: "{cell}被反映主要对象为 {actual} 人，应为 1—3 人",
        description: "A clue names no person or more than three.")
    public static let personsMisaligned = Rule(id: "a2-persons-misaligned", category: .intraTable, severity: .warning,
        message: "{cell}姓名、职务、级别的个数不一致（{actual}），应一一对应",
        description: "Names, posts and ranks do not align.")
    public static let summaryMissing = Rule(id: "a2-summary-missing", category: .intraTable, severity: .error,
        message: "{cell}问题线索摘要为空",
        description: "A clue without a summary.")
    public static let summaryTooLong = Rule(id: "a2-summary-too-long", category: .intraTable, severity: .warning,
        message: "{cell}问题线索摘要 {actual} 字，超过 {expected} 字",
        description: "A summary over the length limit.")
    public static let recoveredExceedsInvolved = Rule(id: "a2-recovered-exceeds-involved", category: .intraTable, severity: .warning,
        message: "{cell}追缴资金 {actual} 万元，多于涉及资金 {expected} 万元",
        description: "More money recovered than involved.")
    public static let sequenceBroken = Rule(id: "a2-sequence", category: .intraTable, severity: .warning,
        message: "{cell}序号为 {actual}，按顺序应为 {expected}",
        description: "序号 is not 1, 2, 3 … in order.")
    public static let duplicateClue = Rule(id: "a2-duplicate-clue", category: .intraTable, severity: .error,
        message: "第{row}行与第{other}行是同一条线索（地方、对象、摘要相同），重复件只登记一次",
        description: "The same clue registered twice in one month.")
    public static let listEdited = Rule(id: "a2-list-edited", category: .template, severity: .warning,
        message: "「{field}」的下拉选项被改动：{actual}",
        description: "The workbook's own drop-down list differs from the configured one.")

    // MARK: cross_table
    public static let problemsVersusClues = Rule(id: "x-problems-vs-clues", category: .crossTable, severity: .error,
        message: "附件1当月发现问题数为 {actual}，附件2登记线索 {expected} 条，两者应一致",
        description: "当月发现问题数 against the number of clues registered in the month (a clue listed again as the ledger's progress update was found in an earlier month).")
    public static let amountVersusClues = Rule(id: "x-amount-vs-clues", category: .crossTable, severity: .error,
        message: "附件1涉及金额为 {actual} 万元，附件2涉及资金合计 {expected} 万元，两者应一致",
        description: "涉及金额 against Σ 涉及资金 of the clues registered in the month, to the cent.")
    public static let accountableVersusPersons = Rule(id: "x-accountable-vs-persons", category: .crossTable, severity: .warning,
        message: "附件2问责合计 {expected} 人，附件1受处理处分总人数合计 {actual} 人，请核对",
        description: "Persons held accountable in the register against persons handled in Attachment 1.")
    public static let closedVersusLedger = Rule(id: "x-closed-vs-ledger", category: .crossTable, severity: .warning,
        message: "附件1当月完成整改和查处问题数为 {actual}，台账中本月销号的线索为 {expected} 条，请核对",
        description: "当月完成整改和查处问题数 against the clues the ledger closed in the month. Assumptions: one clue is one problem; a clue is closed in the first month whose Attachment 2 lists it with a closing disposition (`ledger.closing_dispositions`), whether registered that month or earlier; problems closed without ever being listed in Attachment 2 are invisible to the ledger, so the rule is a warning. It is checked only when the district's Attachment 2 of the month was received and the ledger holds one of its Attachment 2 of an earlier month (in the district's first month, clues registered before the archive began are unknown).")
    public static let partnerMissing = Rule(id: "x-partner-missing", category: .crossTable, severity: .error,
        message: "{district}{period}只报送了{actual}，缺少{expected}",
        description: "Only one of the pair was received.")
    public static let titlesDisagree = Rule(id: "x-titles-disagree", category: .crossTable, severity: .error,
        message: "同一文件中附件1与附件2的标题不一致：附件1为「{expected}」，附件2为「{actual}」",
        description: "The two tables of one workbook name different districts or months.")

    // MARK: cross_period
    public static let copiedFromLastMonth = Rule(id: "p-copied-from-last-month", category: .crossPeriod, severity: .warning,
        message: "附件1全部数字与上月（{expected}）完全相同，疑似照抄上月",
        description: "Every figure identical to last month.")
    public static let clueRegisteredAgain = Rule(id: "p-clue-registered-again", category: .crossPeriod, severity: .warning,
        message: "{cell}这条线索已在 {expected} 登记过（{actual}），重复件只登记一次",
        description: "A clue registered again in a later month.")
    public static let clueProgressed = Rule(id: "p-clue-progressed", category: .crossPeriod, severity: .info,
        message: "{cell}这条线索已在 {registered} 登记（{actual}），本月为办理进展：处置情况由「{before}」变为「{now}」，已记入台账",
        description: "A clue listed again with its disposition at a later stage (or another of the same stage, one closing disposition for another): a progress update of the ledger, not a second registration.")
    public static let clueRectified = Rule(id: "p-clue-rectified", category: .crossPeriod, severity: .info,
        message: "{cell}这条线索已在 {registered} 登记（{actual}），本月为办理进展：处置情况仍为「{now}」，整改情况有更新，已记入台账",
        description: "A clue listed again with the same disposition and its rectification written or rewritten: a progress update of the ledger, not a second registration.")
    public static let clueRegressed = Rule(id: "p-clue-regressed", category: .crossPeriod, severity: .warning,
        message: "{cell}这条线索 {expected} 的处置情况为「{before}」，本月退回为「{now}」（{registered}登记，{actual}），请核实并在备注中说明",
        description: "A clue listed again with its disposition moved back: closed and open again, or an open stage undone, or its rectification erased.")
    public static let clueOverdue = Rule(id: "p-clue-overdue", category: .crossPeriod, severity: .warning,
        message: "线索 {actual}（{expected}登记，当前处置情况「{disposition}」）已{months}个月未办结，超过{limit}个月的办理时限（久拖未决）",
        description: "A clue of the ledger open longer than `thresholds.clue_time_limit_months` at the end of the month.")
    public static let figureJump = Rule(id: "p-figure-jump", category: .crossPeriod, severity: .warning,
        message: "{cell}「{field}」为 {actual}，远超本区近{months}个月的常见水平（中位数 {median}，上限 {expected}），请核实并在备注中说明",
        description: "A figure far outside the district's own history. Silent with fewer than three earlier months in the window (the last `history_months`, 6). Otherwise, with m the median of the district's earlier figures in the window and MAD the median of abs(x − m): limit = max(`jump_factor` × m, m + `jump_factor` × 1.4826 × MAD, the highest earlier figure), with `jump_factor` 5; a figure v is a jump when v > limit and v ≥ `jump_minimum` (10). expected gives the limit. The median and MAD move little for one odd month, so one small earlier month does not make an ordinary figure a jump.")

    // MARK: roster
    public static let notReported = Rule(id: "r-not-reported", category: .roster, severity: .error,
        message: "{district}未报送{period}的{expected}",
        description: "A roster district sent nothing for the month.")
    public static let late = Rule(id: "r-late", category: .roster, severity: .warning,
        message: "{district}于 {actual} 报送，晚于截止时间 {expected}",
        description: "The file reached the inbox after the deadline.")
    public static let superseded = Rule(id: "r-superseded", category: .roster, severity: .info,
        message: "{district}{period}的{attachment}收到多份，已采用 {expected}，本文件（{actual}）作废",
        description: "A later submission replaces this one.")
    public static let conflicting = Rule(id: "r-conflicting", category: .roster, severity: .warning,
        message: "{district}{period}的{attachment}收到 {actual} 份内容不同的报表，已采用最后收到的 {expected}",
        description: "Two different reports for the same district and month.")
    public static let unknownDistrict = Rule(id: "r-unknown-district", category: .roster, severity: .error,
        message: "「{actual}」不在区名单中（{expected}）",
        description: "A district not on the roster.")
    public static let scanMissing = Rule(id: "r-scan-missing", category: .roster, severity: .warning,
        message: "{district}{period}的报表已收到，但未收到盖章扫描件。请将盖章后的扫描件（PDF、OFD 或图片，文件名含区名）放入收件箱",
        description: "A district's workbooks arrived for the month but no stamped scan (电子版和盖章后的扫描件).")

    // MARK: metadata (run)
    public static let filledAfterDeadline = Rule(id: "m-filled-after-deadline", category: .metadata, severity: .warning,
        message: "填报时间 {actual} 晚于截止日 {expected}",
        description: "填报时间 after the deadline.")
    public static let unexpectedMonth = Rule(id: "m-unexpected-month", category: .metadata, severity: .warning,
        message: "标题月份为 {actual}，本次应报 {expected}",
        description: "The title's month is not the month being collected.")

    // MARK: metadata
    public static let filledOnMissing = Rule(id: "filled-on-missing", category: .metadata, severity: .warning,
        message: "未填写填报时间",
        description: "填报时间 is empty.")
    public static let filledOnUnreadable = Rule(id: "filled-on-unreadable", category: .metadata, severity: .warning,
        message: "填报时间「{actual}」无法识别为日期",
        description: "填报时间 is not a date.")
    public static let fillerMissing = Rule(id: "filler-missing", category: .metadata, severity: .warning,
        message: "未填写填表人",
        description: "填表人 is empty.")
    public static let phoneMissing = Rule(id: "phone-missing", category: .metadata, severity: .warning,
        message: "未填写联系电话",
        description: "联系电话 is empty.")
    public static let phoneMalformed = Rule(id: "phone-malformed", category: .metadata, severity: .warning,
        message: "联系电话「{actual}」不是有效的手机或座机号码",
        description: "联系电话 is neither a mobile number (11 digits beginning with 1) nor a fixed-line number (7 or 8 digits not beginning with 0 or 1; optionally an area code of 0 and 2–3 digits, in parentheses or not, before it and an extension after -, 转 or ext); groups may be separated by spaces or hyphens, several numbers by 、，;／.")
    public static let supervisorMissing = Rule(id: "supervisor-missing", category: .metadata, severity: .warning,
        message: "未填写单位分管负责人",
        description: "单位分管负责人 is empty.")

    /// Every rule, in catalog order.
    public static let all: [Rule] = [
        fileUnreadable, fileEncrypted, fileTooLarge, fileUnsafeXML, legacyFormat, lockFile, scanNotImage, notAReport,
        tableNotFound, headerColumnMissing, headerColumnExtra, headerColumnRenamed, headerColumnMoved,
        headerVariant, tableOffset, extraDataRow, titleMissing, districtMissing, districtFallback, monthMissing,
        notNumber, negative, notInteger, normalized, excelError, amountLooksLikeYuan,
        personsVersusForms, admonishmentsVersusForm1, judicialVersusForm4, sanctionsVersusForms, exposureWithoutTimes,
        tooManyCases, caseTooLong,
        choiceNotInList, personCount, personsMisaligned, summaryMissing, summaryTooLong, recoveredExceedsInvolved,
        sequenceBroken, duplicateClue, listEdited,
        problemsVersusClues, amountVersusClues, accountableVersusPersons, closedVersusLedger, partnerMissing, titlesDisagree,
        copiedFromLastMonth, clueRegisteredAgain, clueProgressed, clueRectified, clueRegressed, clueOverdue, figureJump,
        notReported, late, superseded, conflicting, unknownDistrict, scanMissing,
        filledOnMissing, filledOnUnreadable, fillerMissing, phoneMissing, phoneMalformed, supervisorMissing,
        filledAfterDeadline, unexpectedMonth,
    ]

    public static func rule(id: String) -> Rule? { all.first { $0.id == id } }
}
