import Foundation

/// What a file dropped in the inbox is, told by its name and its first bytes. The tables below
/// are the whole of the rules: which names are workbooks or lock files, which signatures make a
/// stamped scan.
enum InboxFile: Equatable, Sendable {
    /// `.xlsx`: read as it is.
    case workbook
    /// `.xls`, `.et`: read after LibreOffice converts it.
    case legacyWorkbook
    /// A stamped scan whose content is a PDF, an OFD package or an image.
    case scan(ScanFormat)
    /// Excel's `~$name.xlsx` or LibreOffice / WPS's `.~lock.name#`, held while `owner` is open.
    case lockFile(owner: String)
    /// Named like a scan, but its content is none of the scan formats.
    case fakeScan
    /// Anything else: another extension, no extension, a hidden file.
    case other

    static let workbookExtensions: Set<String> = ["xlsx"]
    static let legacyExtensions: Set<String> = ["xls", "et"]
    static let scanExtensions: Set<String> = ["pdf", "ofd", "jpg", "jpeg", "png", "tif", "tiff"]

    /// The lock file's name → the workbook it belongs to, in the same folder; nil for other names.
    static func lockOwner(_ name: String) -> String? {
        if name.hasPrefix("~$"), name.count > 2 { return String(name.dropFirst(2)) }
        if name.hasPrefix(".~lock."), name.hasSuffix("#"), name.count > 8 { return String(name.dropFirst(7).dropLast()) }
        return nil
    }

    /// `name` is the file's name (not its folder), `bytes` its content (an OFD is a zip
    /// package, told by its entries).
    static func classify(name: String, bytes: [UInt8]) -> InboxFile {
        if let owner = lockOwner(name) { return .lockFile(owner: owner) }
        let ext = (name as NSString).pathExtension.lowercased()
        if workbookExtensions.contains(ext) { return .workbook }
        if legacyExtensions.contains(ext) { return .legacyWorkbook }
        if let format = ScanFormat.of(bytes) { return .scan(format) }
        return scanExtensions.contains(ext) ? .fakeScan : .other
    }
}

/// The formats a stamped scan comes in, each known by its signature (magic bytes).
enum ScanFormat: String, Sendable {
    case pdf, ofd, jpeg, png, tiff

    /// Leading bytes that identify each format; OFD is a zip package holding `OFD.xml`.
    static let signatures: [(ScanFormat, [UInt8])] = [
        (.pdf, Array("%PDF-".utf8)),
        (.png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        (.jpeg, [0xFF, 0xD8, 0xFF]),
        (.tiff, [0x49, 0x49, 0x2A, 0x00]),
        (.tiff, [0x4D, 0x4D, 0x00, 0x2A]),
        (.ofd, [0x50, 0x4B, 0x03, 0x04]),
    ]

    static func of(_ bytes: [UInt8]) -> ScanFormat? {
        for (format, magic) in signatures where bytes.starts(with: magic) {
            if format == .ofd && !ZipDirectory.names(bytes).contains("OFD.xml") { continue }
            return format
        }
        return nil
    }
}

/// The entry names of a zip package, from its central directory; empty when it has none that
/// can be read. Enough to tell an OFD package from another zip, nothing more.
enum ZipDirectory {
    static func names(_ b: [UInt8]) -> [String] {
        func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        // The end-of-central-directory record: in the last 22 + 65,535 bytes (its comment).
        guard b.count >= 22 else { return [] }
        var end = b.count - 22
        let lowest = max(0, b.count - 22 - 65_535)
        while end >= lowest, !(b[end] == 0x50 && b[end + 1] == 0x4B && b[end + 2] == 0x05 && b[end + 3] == 0x06) { end -= 1 }
        guard end >= lowest else { return [] }
        let count = u16(end + 10)
        var at = u32(end + 16)
        var out: [String] = []
        for _ in 0..<count {
            guard at + 46 <= b.count, u32(at) == 0x0201_4B50 else { return out }
            let nameLength = u16(at + 28), extra = u16(at + 30), comment = u16(at + 32)
            guard at + 46 + nameLength <= b.count else { return out }
            out.append(String(decoding: b[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self))
            at += 46 + nameLength + extra + comment
        }
        return out
    }
}

/// Lock files and the workbooks they hold: a workbook whose lock file is fresh is still open in
/// Excel or WPS, perhaps half saved, and waits for the next run.
enum LockFiles {
    /// The files of `all` (inbox paths) held by one of the `fresh` lock files, in its folder.
    /// Excel names the lock of a long name after its last characters (`~$ngName.xlsx`).
    static func held(_ fresh: [String], among all: [String]) -> Set<String> {
        var out = Set<String>()
        for lock in fresh {
            let name = (lock as NSString).lastPathComponent
            guard let owner = InboxFile.lockOwner(name) else { continue }
            let folder = (lock as NSString).deletingLastPathComponent
            for file in all where (file as NSString).deletingLastPathComponent == folder && file != lock {
                let candidate = (file as NSString).lastPathComponent
                if candidate == owner || (name.hasPrefix("~$") && candidate.count == owner.count + 2 && candidate.hasSuffix(owner)) {
                    out.insert(file)
                }
            }
        }
        return out
    }
}
