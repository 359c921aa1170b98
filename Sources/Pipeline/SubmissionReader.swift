import Foundation
import Forms
import Logging

/// Reads whatever a clerk dropped, by what `InboxFile` says it is: a workbook is read, a legacy
/// workbook converted then read, a stamped scan recognised, anything else refused with the
/// finding that becomes its quarantine reason. Findings name the file as it was received.
struct SubmissionReader: Sendable {
    let reader: FormReader
    let converter: LegacyConverter
    /// Told why a conversion failed (LibreOffice's own words), for the operator.
    var logger: Logger?

    enum Reading: Sendable {
        /// Read as a workbook (readable or not); `converted` is the .xlsx LibreOffice made of a
        /// legacy workbook, kept beside the archive so later runs need not convert it again.
        case workbook(ExtractedFile, converted: [UInt8]?)
        case scan(sha256: String, format: ScanFormat)

        var sha256: String {
            switch self {
            case .workbook(let f, _): return f.sha256
            case .scan(let sha, _): return sha
            }
        }
    }

    /// `name` is where it was dropped (its file name decides lock files and extensions),
    /// `displayName` how messages call it; a workbook's parts are shared with those read before
    /// it (`parts`), here, where its reading is still the only one holding them (shared after
    /// it was handed back, each register's clues were copied whole, 22 MB a national month).
    func read(_ bytes: [UInt8], name: String, displayName: String, received: SimpleDate?, sharing parts: SharedParts? = nil) -> Reading {
        func workbook(_ f: consuming ExtractedFile, converted: [UInt8]?) -> Reading {
            var f = f
            parts?.share(&f)
            return .workbook(f, converted: converted)
        }
        let fileName = FormReader.fileName(name)
        let sha = FormReader.sha256(bytes)
        func refused(_ rule: Rule, _ detail: String = "") -> Reading {
            .workbook(reader.refused(displayName: displayName, sha256: sha, rule: rule, detail: detail), converted: nil)
        }
        switch InboxFile.classify(name: fileName, bytes: bytes) {
        case .workbook:
            return workbook(reader.read(bytes: bytes, displayName: displayName, received: received, sha256: sha), converted: nil)
        case .legacyWorkbook:
            // An .xlsx saved under an old extension is read as it is.
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
                return workbook(reader.read(bytes: bytes, displayName: displayName, received: received, sha256: sha), converted: nil)
            }
            do {
                let xlsx = try converter.convert(bytes, file: fileName)
                return workbook(readConverted(xlsx, sha256: sha, displayName: displayName, received: received), converted: xlsx)
            } catch {
                logger?.warning("intake: \(error)")
                return refused(Rules.legacyFormat, error.chinese)
            }
        case .scan(let format):
            return .scan(sha256: sha, format: format)
        case .lockFile:
            return refused(Rules.lockFile)
        case .fakeScan:
            return refused(Rules.scanNotImage, "." + (fileName as NSString).pathExtension)
        case .other:
            let ext = (fileName as NSString).pathExtension
            return refused(Rules.notAReport, fileName.hasPrefix(".") ? "隐藏文件" : ext.isEmpty ? "文件名没有扩展名" : "." + ext + " 文件")
        }
    }

    /// A converted workbook read as the received file: its name and its sha256.
    func readConverted(_ xlsx: [UInt8], sha256: String, displayName: String, received: SimpleDate?) -> ExtractedFile {
        reader.read(bytes: xlsx, displayName: displayName, received: received, sha256: sha256)
    }

    /// The findings that refuse a file without reading it as a workbook.
    static let refusals = [Rules.legacyFormat, Rules.lockFile, Rules.scanNotImage, Rules.notAReport]

    /// A file the archive or the quarantine holds, read again as intake read it: a legacy
    /// workbook from the .xlsx kept when it was converted; a refused file from the reason the
    /// index keeps, so that LibreOffice installed since does not change a month's outputs.
    func read(_ e: ArchiveEntry, layout: RunLayout, received: SimpleDate?) -> ExtractedFile {
        let (ruleID, message) = Archive.split(reason: e.reason)
        if e.kind == .quarantined, let rule = Self.refusals.first(where: { $0.id == ruleID }) {
            var f = reader.refused(displayName: e.name, sha256: e.sha256, rule: rule)
            f.anomalies[0].message = message
            return f
        }
        if e.kind == .archived, let xlsx = try? Files.read(layout.path(Self.convertedPath(e.sha256))) {
            return readConverted(xlsx, sha256: e.sha256, displayName: e.name, received: received)
        }
        guard let bytes = try? Files.read(layout.path(e.path)) else {
            return reader.read(path: layout.path(e.path), displayName: e.name, received: received)
        }
        switch read(bytes, name: e.source, displayName: e.name, received: received) {
        case .workbook(let f, _): return f
        case .scan(let sha, _): return reader.refused(displayName: e.name, sha256: sha, rule: Rules.notAReport, detail: "盖章扫描件")
        }
    }

    /// Where the .xlsx converted from a legacy workbook is kept, by the original's sha256.
    static func convertedPath(_ sha256: String) -> String { "archive/converted/" + sha256.prefix(12) + ".xlsx" }
}

/// `weigai check`: a clerk's workbooks read as the run reads them, a legacy one converted
/// with LibreOffice when it is there.
public struct CheckReader: Sendable {
    let submissions: SubmissionReader

    public init(config: Configuration) {
        submissions = SubmissionReader(reader: FormReader(knownDistricts: config.roster), converter: LegacyConverter(config: config))
    }

    /// Why a legacy workbook cannot be converted here (LibreOffice missing, or turned off); nil when it can.
    public var conversionUnavailable: String? { submissions.converter.soffice == nil ? submissions.converter.unavailable : nil }

    public static func isLegacy(_ path: String) -> Bool {
        InboxFile.legacyExtensions.contains((path as NSString).pathExtension.lowercased())
    }

    public func read(path: String) -> ExtractedFile {
        guard Self.isLegacy(path), let bytes = try? Files.read(path) else { return submissions.reader.read(path: path) }
        switch submissions.read(bytes, name: path, displayName: path, received: nil) {
        case .workbook(let f, _): return f
        case .scan: return submissions.reader.read(path: path)
        }
    }
}
