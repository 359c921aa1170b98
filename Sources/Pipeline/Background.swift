import Dispatch

/// Work started on another thread and waited for later: the month's ledger and tables are
/// stored while its outputs are published. The result and the time taken are written before
/// the semaphore is signalled and read only after `wait` returns, so no two threads touch them
/// at once.
final class Background<T>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, Error>?
    /// Let go of before the waiter is woken: what it holds (the history store) is then released
    /// by the waiting thread, in order, not by this one while the run goes on (a store closed
    /// there could still be checkpointing when the next run opens it).
    private var work: (@Sendable () throws -> T)?
    /// How long the work took, once `wait` has returned.
    private(set) var milliseconds: UInt64 = 0

    init(_ work: @escaping @Sendable () throws -> T) {
        self.work = work
        DispatchQueue.global().async { [self] in
            let start = DispatchTime.now().uptimeNanoseconds
            result = Result(catching: self.work!)
            self.work = nil
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
