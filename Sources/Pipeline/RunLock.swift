import Foundation
import Forms
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run at a time per root: an exclusive flock(2) on `.weigai-run.lock`. The kernel drops
/// the lock when the process ends, however it ends, so a killed run never leaves a stale lock;
/// the pid and start time written into the file are only there for the message of a refused run.
final class RunLock {
    private var fd: Int32

    init(path: String, startedAt: String) throws {
        // Kept only once locked: a class whose every property is set runs its deinit when its
        // init throws, which closed the descriptor a second time, and with it whatever another
        // thread had opened under the same number meanwhile (an SQLite store, in the tests).
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Files.failure(path, "open the lock file") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let busy = errno == EWOULDBLOCK
            let error = busy ? RunError.lockHeld(path: path, holder: Self.holder(path)) : Files.failure(path, "flock")
            close(fd)
            throw error
        }
        self.fd = fd
        let note = Array("pid \(getpid())，开始于 \(startedAt)\n".utf8)
        if ftruncate(fd, 0) == 0 { _ = note.withUnsafeBytes { pwrite(fd, $0.baseAddress, note.count, 0) } }
    }

    /// What the holder wrote, trimmed; empty when unreadable.
    private static func holder(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// Releases the lock; the file stays for the next run. Unlocked before it is closed: a child
    /// that another thread is spawning (LibreOffice) holds a copy of the descriptor until its
    /// exec closes it, and with it the lock, which a run started right after would find held.
    func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
