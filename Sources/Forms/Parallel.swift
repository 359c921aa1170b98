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

    /// `first` and `second` at once: a serial step run beside parallel work.
    public static func both<A, B>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
        let a = Slots<A>(1), b = Slots<B>(1)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 { a.put(0, first(), done: nil) } else { b.put(0, second(), done: nil) }
        }
        return (a.values[0], b.values[0])
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
