import CXattr
import Foundation
import Forms
import XLSX

/// A receipt's marked-up copy of a workbook is a function of the archived file, the patch and
/// the program that patches. A month rebuilt for one corrected file used to patch every
/// district's workbook again: about a third of the run's instructions at 24 months. Each copy
/// now carries the digest of what made it in an extended attribute, and the next publication of
/// the month links the copy it already published when the digest is the same (the published
/// folder is replaced whole, never changed in place, so a linked file is never written to).
/// Where the file system keeps no extended attributes, every copy is patched, as before.
enum PatchedCopy {
    static let attribute = "user.weigai.patch"

    /// This program, as built: a rebuilt weigai may patch differently, so its copies are not reused.
    static let program: [UInt8] = {
        var st = stat()
        guard stat("/proc/self/exe", &st) == 0 else { return Array("\(ProcessInfo.processInfo.processIdentifier)".utf8) }
        return Array("\(st.st_dev):\(st.st_ino):\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)".utf8)
    }()

    /// What the copy of archived file `source` (relative to the root) is made from: a digest of
    /// the patch's every mark and added sheet, tens of KB a workbook when a running ledger gives
    /// it many findings, so SipHash-128, not sha256 (the digests of a 24-month month 73 → 28 M instructions).
    static func digest(source: String, patch: WorkbookPatch) -> String {
        var bytes = program
        bytes.append(0)
        bytes += source.utf8
        bytes.append(0)
        patch.identity(into: &bytes)
        let (low, high) = bytes.withUnsafeBytes { SipHash.hash128($0, key: key) }
        return withUnsafeBytes(of: (low.littleEndian, high.littleEndian)) { FormReader.hex($0) }
    }

    /// The digest's key: fixed, so that a copy's mark holds from one run to the next.
    private static let key: (UInt64, UInt64) = (0x7765_6967_6169_2d70, 0x6174_6368_6564_2d63)  // "weigai-p", "atched-c"

    /// Writes the patched copy of `source` (at `sourcePath`) to `path`, or links `previous` there
    /// when it was made from the same and has not been written to since.
    static func write(_ patch: WorkbookPatch, source: String, sourcePath: String, to path: String,
                      previous: String) throws {
        let digest = digest(source: source, patch: patch)
        if let mark = mark(digest, of: previous) {
            var stored = [UInt8](repeating: 0, count: mark.count + 1)
            if getxattr(previous, attribute, &stored, stored.count) == mark.count, stored.prefix(mark.count).elementsEqual(mark),
               link(previous, path) == 0 {
                return
            }
        }
        try patch.write(from: sourcePath, displayName: source, to: path)
        if let mark = mark(digest, of: path) { _ = setxattr(path, attribute, mark, mark.count, 0) }  // not kept: patched next time
    }

    /// The attribute's value: the digest, and the file's size and modification time, so that a
    /// copy someone saved over in place is not taken for the one written.
    private static func mark(_ digest: String, of path: String) -> [UInt8]? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Array("\(digest) \(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)".utf8)
    }
}
