import Foundation
import Forms
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file operations the run needs with stronger promises than FileManager gives: data on
/// disk before a rename makes it visible, moves that never replace a file, an atomic swap.
enum Files {
    static func failure(_ path: String, _ what: String) -> RunError {
        .io(path: path, detail: "\(what): \(String(cString: strerror(errno)))")
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// The folder a file's path names, as the kernel reads it: the bytes before the last `/`
    /// ("" for a bare name). For the run's own paths; NSString's `deletingLastPathComponent`
    /// cost some 16,000 instructions a call, for each of a month's thousands of output files.
    static func folder(of path: String) -> String {
        let u = path.utf8
        guard let slash = u.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(Substring(u[..<slash]))
    }

    /// Writes a new file, refusing to replace one, and syncs it to disk unless `synced` is false
    /// (the caller then syncs the whole file system, `syncFileSystem`).
    static func create(_ path: String, _ bytes: [UInt8], synced: Bool = true) throws {
        try create(path, synced: synced) { write in try bytes.withUnsafeBufferPointer(write) }
    }

    /// A new file written a piece at a time: `content` hands each piece to the writer it gets.
    static func create(_ path: String, synced: Bool = true,
                       _ content: ((UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Void) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure(path, "create") }
        defer { close(fd) }
        try content { try writeAll(fd, $0, path: path) }
        guard !synced || fsync(fd) == 0 else { throw failure(path, "fsync") }
    }

    /// Syncs a file, or a folder: the names created or renamed in it.
    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "open") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure(path, "fsync") }
    }

    /// Adds `bytes` to the end of an existing file and syncs it. After a crash the file may end
    /// with part of them: its reader must tell an unfinished last line (the index does).
    static func append(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "open") }
        defer { close(fd) }
        try bytes.withUnsafeBufferPointer { try writeAll(fd, $0, path: path) }
        guard fsync(fd) == 0 else { throw failure(path, "fsync") }
    }

    private static func writeAll(_ fd: Int32, _ piece: UnsafeBufferPointer<UInt8>, path: String) throws {
        var offset = 0
        while offset < piece.count {
            let n = write(fd, piece.baseAddress! + offset, piece.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, "write")
            }
            offset += n
        }
    }

    /// The names in `folder` (none when it cannot be read), read with readdir(3), as bytes: the
    /// archive folder holds every archived file, and a run asks it for the few an interrupted
    /// run left, and whether each file the index lists is there (7,200 at 24 months, which
    /// access(2) looked up a path at a time).
    struct Listing {
        /// A name as its bytes, hashed in one call (a `String` hashes non-ASCII text through
        /// normalization and compares by canonical equivalence; a file system compares bytes).
        /// A name looked up is the caller's bytes, not a copy: recovery asks for every archived file.
        private enum Name: Hashable {
            case kept([UInt8])
            case asked(UnsafeBufferPointer<UInt8>)

            func bytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
                switch self {
                case .kept(let b): return b.withUnsafeBufferPointer(body)
                case .asked(let b): return body(b)
                }
            }

            static func == (a: Name, b: Name) -> Bool { a.bytes { x in b.bytes { y in x.elementsEqual(y) } } }
            func hash(into h: inout Hasher) { bytes { h.combine(bytes: UnsafeRawBufferPointer($0)) } }
        }
        private var names: Set<Name> = []

        init(_ folder: String) {
            guard let dir = opendir(folder) else { return }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                    let name = UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                                   count: strlen(raw.baseAddress!.assumingMemoryBound(to: CChar.self)))
                    names.insert(.kept(Array(name)))
                }
            }
        }

        func contains(_ name: UnsafeBufferPointer<UInt8>) -> Bool { names.contains(.asked(name)) }

        /// The names whose bytes `matches` accepts.
        func names(where matches: (UnsafeBufferPointer<UInt8>) -> Bool) -> [String] {
            names.compactMap { n in n.bytes { matches($0) ? String(decoding: $0, as: UTF8.self) : nil } }
        }
    }

    /// Every regular file under `root`, hidden ones and those in sub-folders too, by its path
    /// relative to `root`, with its status (lstat). Read with readdir(3) and fstatat(2) relative
    /// to each folder: FileManager's enumerator took 80 ms over a national inbox of 3,000 files.
    /// A symbolic link is not followed, into a folder or to a file.
    static func regularFiles(under root: String) -> [(path: String, status: stat)] {
        var out: [(path: String, status: stat)] = []
        func walk(_ folder: String, _ prefix: String) {
            guard let dir = opendir(folder) else { return }
            defer { closedir(dir) }
            let fd = dirfd(dir)
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                    String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
                }
                if name == "." || name == ".." { continue }
                var st = stat()
                guard fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                switch st.st_mode & S_IFMT {
                case S_IFREG: out.append((prefix + name, st))
                case S_IFDIR: walk(folder + "/" + name, prefix + name + "/")
                default: continue
                }
            }
        }
        walk(root, "")
        return out
    }

    /// Whether `infix` occurs in `name`.
    static func contains(_ name: UnsafeBufferPointer<UInt8>, _ infix: String) -> Bool {
        let b = Array(infix.utf8)
        guard b.count <= name.count else { return false }
        return (0...(name.count - b.count)).contains { i in (0..<b.count).allSatisfy { name[i + $0] == b[$0] } }
    }

    /// Whether `name` begins with `prefix`.
    static func begins(_ name: UnsafeBufferPointer<UInt8>, _ prefix: String) -> Bool {
        name.starts(with: prefix.utf8)
    }

    /// Replaces `path` through a synced temporary file and a rename: after a crash it holds
    /// either the old content or the new. Only for the run's own files (the index).
    static func replace(_ path: String, _ bytes: [UInt8]) throws {
        let tmp = path + ".tmp-\(getpid())"
        unlink(tmp)  // left by a killed process that had the same pid
        try create(tmp, bytes)
        guard rename(tmp, path) == 0 else { throw failure(path, "rename") }
        try sync((path as NSString).deletingLastPathComponent)
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunError.io(path: path, detail: "cannot read")
        }
        return [UInt8](data)
    }

    /// Makes the folder and any missing parents with mkdir(2), which FileManager preceded with
    /// a stat of each (a month publishes a receipt folder for each of thousands of districts).
    static func makeFolder(_ path: String) throws {
        if mkdir(path, 0o777) == 0 { return }
        switch errno {
        case EEXIST:
            var st = stat()
            guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else {
                throw RunError.io(path: path, detail: "cannot create the folder: something else has its name")
            }
        case ENOENT where path.contains("/"):
            try makeFolder((path as NSString).deletingLastPathComponent)
            guard mkdir(path, 0o777) == 0 || errno == EEXIST else { throw failure(path, "cannot create the folder") }
        default:
            throw failure(path, "cannot create the folder")
        }
    }

    /// Moves a file, never over another: rename(2) within one file system (it keeps the
    /// modification time, the received time); across file systems a synced copy that is given
    /// the source's modification time, renamed into place, then the source unlinked.
    static func move(_ from: String, to: String) throws {
        guard !exists(to) else { throw RunError.io(path: to, detail: "already exists; a file is never overwritten") }
        if rename(from, to) == 0 { return }
        guard errno == EXDEV else { throw failure(from, "rename to \(to)") }
        let modified = try modificationTime(from)
        let partial = to + ".partial-\(getpid())"
        unlink(partial)
        try create(partial, try read(from))
        try setModificationTime(partial, modified)
        guard rename(partial, to) == 0 else { throw failure(partial, "rename to \(to)") }
        try sync((to as NSString).deletingLastPathComponent)
        guard unlink(from) == 0 else { throw failure(from, "unlink after copying to \(to)") }
    }

    static func modificationTime(_ path: String) throws -> Date {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw failure(path, "stat") }
        return date(st)
    }

    static func setModificationTime(_ path: String, _ date: Date) throws {
        do {
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
        } catch {
            throw RunError.io(path: path, detail: "cannot set the modification time: \(error.localizedDescription)")
        }
    }

    static func date(_ st: stat) -> Date {
        #if canImport(Darwin)
        let t = st.st_mtimespec
        #else
        let t = st.st_mtim
        #endif
        return Date(timeIntervalSince1970: Double(t.tv_sec) + Double(t.tv_nsec) / 1e9)
    }

    /// Exchanges two folders in one step (Linux renameat2 with RENAME_EXCHANGE), so a reader,
    /// or a crash, sees the one or the other and never neither. False where the system cannot
    /// (another OS, an old kernel, a file system without it): the caller falls back.
    static func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        // Glibc declares renameat2 only under _GNU_SOURCE, which Swift's Glibc module lacks.
        guard let symbol = dlsym(nil, "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 1 << 1
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
        #else
        return false
        #endif
    }

    /// Writes to disk everything written on the file system that holds `path`, names included
    /// (Linux syncfs(2): one flush instead of an fsync per file and folder). False where the
    /// system cannot (another OS, no syncfs): the caller syncs each file and folder instead.
    static func syncFileSystem(of path: String) throws -> Bool {
        #if os(Linux)
        typealias SyncFS = @convention(c) (Int32) -> Int32
        // Glibc declares syncfs only under _GNU_SOURCE, which Swift's Glibc module lacks.
        guard let symbol = dlsym(nil, "syncfs") else { return false }
        let syncfs = unsafeBitCast(symbol, to: SyncFS.self)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, "open") }
        defer { close(fd) }
        // Since Linux 5.8 it reports a write-back error on the file system, as fsync would.
        guard syncfs(fd) == 0 else { throw failure(path, "syncfs") }
        return true
        #else
        return false
        #endif
    }

    /// `removeOwn` of a folder of folders (a month's outputs: a receipt folder a district), the
    /// entries of its folders removed on every core first. One thread removing a national
    /// month's 6,000 entries took 0.47–0.57 s, most of it waiting on the file system, the other
    /// core idle at the end of a corrected file's run; on two, 0.34–0.49 s. Those first removals
    /// are a head start only: what they leave (a name that is not UTF-8, which a `String` cannot
    /// name) the removal of the whole finds, and its error is the one reported. A symbolic link
    /// is removed, never followed.
    static func removeOwnTree(_ path: String) throws {
        var inner: [String] = []
        for child in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            let folder = path + "/" + child
            var st = stat()
            if lstat(folder, &st) == 0, st.st_mode & S_IFMT == S_IFDIR {
                inner += ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).map { folder + "/" + $0 }
            }
        }
        let entries = inner
        _ = Parallel.map(entries.count) { i in try? FileManager.default.removeItem(atPath: entries[i]) }
        try removeOwn(path)
    }

    /// Removes a file or folder of the run's own making (temporary outputs), never a received file.
    static func removeOwn(_ path: String) throws {
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw RunError.io(path: path, detail: "cannot remove: \(error.localizedDescription)")
        }
    }
}
