import Dispatch
import Foundation

/// Work spread over every core with DispatchQueue.concurrentPerform (the machine has two):
/// reading workbooks is independent per file, and `FormReader` is a Sendable value; so are a
/// month's per-table checks and its outputs.
public enum Parallel {
    /// `body(0)…body(count - 1)`, in order; `done` is told each completed count, one at a time.
    public static func map<T>(_ count: Int, done: (@Sendable (Int) -> Void)? = nil, _ body: @Sendable (Int) -> T) -> [T] {
        let slots = Slots<T>(count)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            slots.put(i, body(i), done: done)
        }
        return slots.values
    }

    /// `other` on a thread of its own while `here` runs on this one, which may spread its work
    /// over every core with `map`. Not `both` with a `map` inside: libdispatch narrows an apply
    /// nested in another to its share of the outer one's width, so that `map` ran on one thread,
    /// and the other core idled once the serial step beside it was done (the audit's table
    /// checks beside the ledger: a tenth of a second of the national month on one core).
    /// `other` is let go of before this thread goes on: what it holds (a history store) is
    /// released here, in order, not on the other thread after `beside` has returned.
    public static func beside<A, B>(_ other: @escaping @Sendable () -> A, _ here: () -> B) -> (A, B) {
        let a = Slots<A>(1)
        let work = Held(other)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue(label: "weigai.beside").async {
            work.run(into: a)
            done.signal()
        }
        let b = here()
        done.wait()
        return (a.values[0], b)
    }

    /// `first` and `second` at once: two serial steps side by side.
    public static func both<A, B>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
        let a = Slots<A>(1), b = Slots<B>(1)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 { a.put(0, first(), done: nil) } else { b.put(0, second(), done: nil) }
        }
        return (a.values[0], b.values[0])
    }
}

/// Work for another thread, given up once done: the thread's block, which libdispatch releases
/// only after it returns, holds this and not the work.
private final class Held<T>: @unchecked Sendable {
    private var work: (@Sendable () -> T)?

    init(_ work: @escaping @Sendable () -> T) { self.work = work }

    func run(into slots: Slots<T>) {
        slots.put(0, work!(), done: nil)
        work = nil
    }
}

/// One slot per iteration, each written by exactly that iteration, so no two threads touch the
/// same slot; concurrentPerform returns only after every write. The count of completed slots
/// is the only shared state, under a lock.
private final class Slots<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T?>
    private let count: Int
    private let lock = NSLock()
    private var completed = 0

    init(_ count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: nil, count: count)
    }

    func put(_ i: Int, _ value: T, done: (@Sendable (Int) -> Void)?) {
        base[i] = value
        guard let done else { return }
        lock.lock()
        defer { lock.unlock() }
        completed += 1
        done(completed)
    }

    var values: [T] { (0..<count).map { base[$0]! } }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
