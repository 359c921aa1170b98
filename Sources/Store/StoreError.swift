/// What went wrong with the history store, and where.
public enum StoreError: Error, CustomStringConvertible {
    /// The file is not a database, or SQLite found it malformed. The run moves it aside.
    case damaged(path: String, detail: String)
    /// Any other SQLite failure, with the operation that failed.
    case database(path: String, operation: String, detail: String)
    /// A stored extraction that cannot be decoded (written by other code than this one).
    case undecodable(path: String, sha256: String, detail: String)
    /// A stored part of the clue ledger (`what`: its snapshot of a month, or a retired clue) that
    /// cannot be decoded. The run replays the ledger from the registers instead.
    case ledgerUndecodable(path: String, what: String, detail: String)
    /// Moving a damaged store aside failed.
    case io(path: String, detail: String)

    public var description: String {
        switch self {
        case .damaged(let p, let d): return "\(p): history store damaged: \(d)"
        case .database(let p, let o, let d): return "\(p): \(o): \(d)"
        case .undecodable(let p, let s, let d): return "\(p): stored extraction of \(s) cannot be read: \(d)"
        case .ledgerUndecodable(let p, let w, let d): return "\(p): the clue ledger's \(w) cannot be read: \(d)"
        case .io(let p, let d): return "\(p): \(d)"
        }
    }
}
