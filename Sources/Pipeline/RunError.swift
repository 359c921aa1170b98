import Forms

/// Why a monthly run stopped; each case names the path it was working on.
public enum RunError: Error, Equatable, CustomStringConvertible {
    /// The root folder is missing or not a folder (a usage error).
    case badRoot(path: String, detail: String)
    /// Another run holds the lock; `holder` is what it wrote there (pid and start time).
    case lockHeld(path: String, holder: String)
    case io(path: String, detail: String)
    /// The archive index cannot be read; it is never rewritten from a file it could not read.
    case indexCorrupt(path: String, line: Int, detail: String)

    public var description: String {
        switch self {
        case .badRoot(let p, let d): return "\(p): \(d)"
        case .lockHeld(let p, let h):
            return "另一个 weigai run 正在处理这个目录（\(h.isEmpty ? "锁文件 \(p)" : h)），本次运行退出，未做任何改动 (another run holds \(p))"
        case .io(let p, let d): return "\(p): \(d)"
        case .indexCorrupt(let p, let l, let d): return "\(p):\(l): archive index unreadable: \(d)"
        }
    }
}

