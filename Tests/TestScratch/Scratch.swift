import Foundation

/// Where the tests write their files: one folder per test process under the system's temporary
/// folder, removed when the process exits, so that a test run leaves nothing behind however many
/// run roots and workbooks its tests make. A process that crashes leaves its folder to look at.
public enum Scratch {
    /// `$TMPDIR/weigai-tests-PID`, made on first use.
    public static let root: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("weigai-tests-\(getpid())").path
        try? FileManager.default.removeItem(atPath: path)  // a crashed process's, with this pid
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Scratch.root) }
        return path
    }()

    /// A new path `PREFIX-UUID` in the process's folder; nothing is made there.
    public static func path(_ prefix: String) -> String {
        root + "/" + prefix + "-" + UUID().uuidString
    }

    /// A new, empty folder `PREFIX-UUID` in the process's folder.
    public static func folder(_ prefix: String) -> String {
        let path = path(prefix)
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
