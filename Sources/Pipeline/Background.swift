import Dispatch

/// Work started on another thread and waited for later: the month's ledger is stored while its
/// outputs are published. The result and the time taken are written before the semaphore is
/// signalled and read only after `wait` returns, so no two threads touch them at once.
final class Background<T>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, Error>?
    /// How long the work took, once `wait` has returned.
    private(set) var milliseconds: UInt64 = 0

    init(_ work: @escaping @Sendable () throws -> T) {
        DispatchQueue.global().async { [self] in
            let start = DispatchTime.now().uptimeNanoseconds
            result = Result(catching: work)
            milliseconds = (DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
            done.signal()
        }
    }

    /// Waits for the work (once); returns its result and how long the caller waited, in ms.
    func wait() throws -> (T, UInt64) {
        let start = DispatchTime.now().uptimeNanoseconds
        done.wait()
        return (try result!.get(), (DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    }
}
