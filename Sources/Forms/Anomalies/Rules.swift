/// The check catalog: every rule the pipeline can report, defined once. `weigai rules`
/// prints it and docs/rules.md is generated from it.
public enum Rules {
    // MARK: file
    public static let fileUnreadable = Rule(id: "file-unreadable", category: .file, severity: .error,
        message: "文件无法读取：{detail}。请用 Excel 或 WPS 另存为 .xlsx 后重新报送",
        description: "Not a zip package, truncated or corrupt, or its XML is malformed.")
    public static let fileEncrypted = Rule(id: "file-encrypted", category: .file, severity: .error,
        message: "文件设置了打开密码（已加密），无法读取。请取消密码后重新报送",
        description: "An encrypted workbook (an OLE compound file).")
    public static let fileTooLarge = Rule(id: "file-too-large", category: .file, severity: .error,
        message: "文件解压后超出限制，疑似压缩炸弹，已拒收：{detail}",
        description: "A part inflates past the configured limits, or too many entries.")
    public static let fileUnsafeXML = Rule(id: "file-unsafe-xml", category: .file, severity: .error,
        message: "文件中的 XML 声明了 DTD 或实体，出于安全原因拒收：{detail}",
        description: "An XML part declares a DTD or entities.")

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
        description: "A phone number that is neither an 11-digit mobile nor a landline.")
    public static let supervisorMissing = Rule(id: "supervisor-missing", category: .metadata, severity: .warning,
        message: "未填写单位分管负责人",
        description: "单位分管负责人 is empty.")

    /// Every rule, in catalog order.
    public static let all: [Rule] = [
        fileUnreadable, fileEncrypted, fileTooLarge, fileUnsafeXML,
        tableNotFound, headerColumnMissing, headerColumnExtra, headerColumnRenamed, headerColumnMoved,
        headerVariant, tableOffset, extraDataRow, titleMissing, districtMissing, districtFallback, monthMissing,
        notNumber, negative, notInteger, normalized, excelError,
        filledOnMissing, filledOnUnreadable, fillerMissing, phoneMissing, phoneMalformed, supervisorMissing,
    ]

    public static func rule(id: String) -> Rule? { all.first { $0.id == id } }
}
