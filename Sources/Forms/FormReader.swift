import Crypto
import Foundation
import XLSX

/// Reads a district's workbook: finds Attachment 1 and 2 on any sheet by their header text,
/// extracts them, and reports every problem as an anomaly. It never throws: a file it cannot
/// read becomes a `file` anomaly.
public struct FormReader: Sendable {
    public var knownDistricts: [String] { didSet { districts = DistrictNames(knownDistricts) } }
    public var limits: ReadLimits
    private var districts: DistrictNames

    public init(knownDistricts: [String] = [], limits: ReadLimits = .default) {
        self.knownDistricts = knownDistricts
        self.limits = limits
        districts = DistrictNames(knownDistricts)
    }

    /// Reads the file at `path`; `displayName` is how messages name it (e.g. its inbox path).
    /// `received` is the day it arrived, for the year when 填报时间 is missing.
    public func read(path: String, displayName: String? = nil, received: SimpleDate? = nil) -> ExtractedFile {
        let name = displayName ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            var out = ExtractedFile(file: name, sha256: "")
            out.unreadable = true
            out.readError = "\(name): cannot open the file"
            var a = Anomaly(Rules.fileUnreadable, file: name, values: ["detail": "无法打开文件"])
            a.district = MetadataReader.district(in: Self.fileName(name), known: districts)
            out.anomalies = [a]
            return out
        }
        return read(bytes: [UInt8](data), displayName: name, received: received)
    }

    /// `sha256` is the bytes' digest when the caller has made it already.
    public func read(bytes: [UInt8], displayName: String, received: SimpleDate? = nil, sha256: String? = nil) -> ExtractedFile {
        var out = ExtractedFile(file: displayName, sha256: sha256 ?? Self.sha256(bytes))
        let workbook: Workbook
        do {
            workbook = try Workbook(bytes: bytes, displayName: displayName, limits: limits)
        } catch {
            out.unreadable = true
            out.readError = "\(error)"
            var a = Self.anomaly(for: error, file: displayName)
            a.district = MetadataReader.district(in: Self.fileName(displayName), known: districts)
            out.anomalies = [a]
            return out
        }
        let context = MetadataReader.Context(
            file: displayName, fileName: Self.fileName(displayName),
            date1904: workbook.date1904, knownDistricts: districts, received: received, workbook: workbook)
        for info in workbook.worksheets where info.part != nil {
            let sheet: Sheet
            do {
                sheet = try workbook.readSheet(info)
            } catch {
                var a = Self.anomaly(for: error, file: displayName)
                a.sheet = a.sheet ?? info.name
                out.anomalies.append(a)
                continue
            }
            let grid = SheetGrid(sheet)
            let tables = TableLocator.locate(in: grid, file: displayName).sorted { $0.origin.row < $1.origin.row }
            for (i, table) in tables.enumerated() {
                let start = i == 0 ? 1 : max(tables[i - 1].headerBottom + 1, table.origin.row - 3)
                let end = i + 1 < tables.count ? max(table.headerBottom, tables[i + 1].origin.row - 4) : max(grid.maxRow, table.headerBottom)
                var extractor = TableExtractor(grid: grid, table: table, rows: start...end, context: context)
                switch table.template.attachment {
                case .one:
                    let report = extractor.attachment1()
                    out.attachment1.append(report)
                    out.anomalies += Self.stamp(extractor.anomalies + Self.metadataAnomalies(report.meta, template: table.template),
                                                report.meta)
                case .two:
                    let register = extractor.clueRegister()
                    out.registers.append(register)
                    out.anomalies += Self.stamp(extractor.anomalies + Self.metadataAnomalies(register.meta, template: table.template),
                                                register.meta)
                }
            }
        }
        if out.attachment1.isEmpty && out.registers.isEmpty {
            out.anomalies.append(Anomaly(Rules.tableNotFound, file: displayName))
        }
        let fileDistrict = MetadataReader.district(in: context.fileName, known: districts)
        for i in out.anomalies.indices where out.anomalies[i].district == nil {
            out.anomalies[i].district = fileDistrict
        }
        return out
    }

    /// A file the run cannot take as a workbook (a lock file, a legacy workbook it could not
    /// convert, a document of another kind): quarantined with one finding, filed under the
    /// district its name gives.
    public func refused(displayName: String, sha256: String, rule: Rule, detail: String = "") -> ExtractedFile {
        var out = ExtractedFile(file: displayName, sha256: sha256)
        out.unreadable = true
        var a = Anomaly(rule, file: displayName, values: ["detail": detail])
        a.district = MetadataReader.district(in: Self.fileName(displayName), known: districts)
        out.anomalies = [a]
        return out
    }

    /// Files a table's findings under its district and month.
    static func stamp(_ anomalies: [Anomaly], _ meta: TableMetadata) -> [Anomaly] {
        anomalies.map { a in
            var a = a
            a.district = meta.district
            a.period = meta.period
            return a
        }
    }

    /// Findings about the title and the labelled items, at the cell where each belongs.
    static func metadataAnomalies(_ m: TableMetadata, template: Template) -> [Anomaly] {
        var out: [Anomaly] = []
        func add(_ rule: Rule, _ cell: CellAddress?, expected: String = "", actual: String = "", values: [String: String] = [:]) {
            out.append(Anomaly(rule, file: m.file, sheet: m.sheet, cell: cell, attachment: m.attachment,
                               expected: expected, actual: actual, values: values))
        }
        if m.titleCell == nil {
            add(Rules.titleMissing, nil, expected: template.title(district: nil, month: nil))
        }
        if m.district == nil {
            add(Rules.districtMissing, m.titleCell)
        } else if let source = m.districtSource {
            add(Rules.districtFallback, m.titleCell, actual: m.district!, values: ["source": source])
        }
        // Without a title there is no month either: the table cannot be filed under a period.
        if m.month == nil { add(Rules.monthMissing, m.titleCell) }
        if m.filledOn == nil {
            if m.filledOnText.isEmpty {
                add(Rules.filledOnMissing, m.cells["填报时间"])
            } else {
                add(Rules.filledOnUnreadable, m.cells["填报时间"], actual: m.filledOnText)
            }
        }
        if m.filler.isEmpty { add(Rules.fillerMissing, m.cells["填表人"]) }
        if m.supervisor.isEmpty { add(Rules.supervisorMissing, m.cells["单位分管负责人"]) }
        if m.phone.isEmpty {
            add(Rules.phoneMissing, m.cells["联系电话"])
        } else if !isPhone(m.phone) {
            add(Rules.phoneMalformed, m.cells["联系电话"], actual: m.phone)
        }
        return out
    }

    /// A valid 联系电话 (`PhoneNumber`): a mobile or a fixed-line number, or several.
    static func isPhone(_ s: String) -> Bool { PhoneNumber.isValid(s) }

    /// The finding for a reading error, in Chinese for the clerk (`XLSXError.chinese`): no
    /// library's own message reaches them. The English stays in `ExtractedFile.readError`, for logs.
    static func anomaly(for error: Error, file: String) -> Anomaly {
        guard let e = error as? XLSXError else {
            return Anomaly(Rules.fileUnreadable, file: file, values: ["detail": "读取时出现意外错误"])
        }
        switch e {
        case .encrypted: return Anomaly(Rules.fileEncrypted, file: file)
        case .tooLarge, .tooManyEntries: return Anomaly(Rules.fileTooLarge, file: file, values: ["detail": e.chinese])
        case .dtdRefused: return Anomaly(Rules.fileUnsafeXML, file: file, values: ["detail": e.chinese])
        case .badCell(_, let sheet, let cell, _):
            return Anomaly(Rules.fileUnreadable, file: file, sheet: sheet, cell: CellAddress(cell), values: ["detail": e.chinese])
        default: return Anomaly(Rules.fileUnreadable, file: file, values: ["detail": e.chinese])
        }
    }

    /// `(path as NSString).lastPathComponent`: what follows the last slash, found on the bytes
    /// when there is one, the path does not end in one, and the slash is a character of its own
    /// (ASCII or an ideograph on either side: nothing combines with it). NSString's bridging
    /// cost 20,000 instructions a file; other paths go to Foundation, the definition.
    public static func fileName(_ path: String) -> String {
        let slash = UInt8(ascii: "/")
        var path = path
        let cut: Int? = path.withUTF8 { b in
            guard let last = b.last, last != slash, let i = b.lastIndex(of: slash) else { return nil }
            func isIdeographLead(_ k: Int) -> Bool { k >= 0 && b[k] >= 0xE4 && b[k] <= 0xE9 }
            let before = i == 0 || b[i - 1] < 0x80 || isIdeographLead(i - 3)
            let after = b[i + 1] < 0x80 || isIdeographLead(i + 1)
            return before && after ? i + 1 : nil
        }
        guard let cut else { return (path as NSString).lastPathComponent }
        return String(path[path.utf8.index(path.utf8.startIndex, offsetBy: cut)...])
    }

    /// Lower-case hex, written byte by byte (`String(format:)` per byte cost more than the hash of a small workbook).
    public static func sha256(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

    /// A digest as lowercase hex, as the archive and the store name contents.
    public static func hex(_ digest: SHA256.Digest) -> String { digest.withUnsafeBytes { hex($0) } }

    /// Bytes as lowercase hex.
    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        let hex = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 2 * bytes.count) { out in
            var n = 0
            for b in bytes {
                out[n] = hex[Int(b >> 4)]
                out[n + 1] = hex[Int(b & 0x0F)]
                n += 2
            }
            return n
        }
    }
}
