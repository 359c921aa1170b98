import Foundation
import Forms

/// One file the run took from the inbox: where it lies now, where it came from, when it
/// arrived and which months it reports.
public struct ArchiveEntry: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A readable workbook, in `archive/`.
        case archived
        /// Not a readable workbook, in `quarantine/` with a reason file beside it.
        case quarantined
        /// The same content as an earlier file: moved beside that one, never processed again.
        case duplicate
        /// A stamped scan (PDF, OFD or image), in `archive/`; its name gives district and month.
        case scan
    }

    public var sha256: String
    public var kind: Kind
    /// Where it lies, relative to the root: `archive/…`, `archive/duplicates/…`, `quarantine/…`.
    public var path: String
    /// Where it was dropped, relative to the inbox.
    public var source: String
    /// How messages name it: `source`, made unique when two different files came with one name.
    public var name: String
    /// The file's modification time when it was taken, to the second.
    public var receivedAt: Date
    /// The months its tables report (a scan: the month its name gives); the month of receipt
    /// when none can be told.
    public var periods: [Period]
    /// Why it was quarantined: the finding's rule id and message.
    public var reason: String = ""

    /// The reason file of a file in quarantine.
    public var reasonPath: String? { path.hasPrefix("quarantine/") ? path + ".reason.txt" : nil }
}
