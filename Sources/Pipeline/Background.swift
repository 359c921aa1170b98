import Dispatch

/// Work started on a thread of its own and waited for later: the month's ledger and tables are
/// stored while its outputs are published. The result and the time taken are written before
/// the semaphore is signalled and read only after `wait` returns, so no two threads touch them
/// at once.
///
/// Each runs on a queue of its own, not the global queue: on Linux the global queue has as many
/// threads as cores, and work there that blocks (the store waiting for the next table, a table's
/// lane waiting for the store) held one of the two, so the publication's two table lanes ran one
/// after the other, and not before the other files were written. A queue of its own gets a
/// thread of its own when it needs one.
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
        DispatchQueue(label: "weigai.background").async { [self] in
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
