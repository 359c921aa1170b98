import Forms

/// The folders of a run under its root: clerks drop files into `inbox/` (sub-folders allowed);
/// the run moves them to `archive/` or `quarantine/` and publishes each month in `out/YYYY-MM/`.
public struct RunLayout: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    public var inbox: String { root + "/inbox" }
    public var archive: String { root + "/archive" }
    /// Files whose content was already received, moved aside rather than deleted.
    public var duplicates: String { archive + "/duplicates" }
    public var quarantine: String { root + "/quarantine" }
    public var out: String { root + "/out" }
    public var index: String { archive + "/index.tsv" }
    public var lock: String { root + "/.weigai-run.lock" }
    /// The history store, derived from the archive.
    public var store: String { root + "/weigai.sqlite" }

    public func period(_ p: Period) -> String { out + "/" + p.description }

    /// `root`-relative path → absolute.
    public func path(_ relative: String) -> String { root + "/" + relative }
}
