import Foundation

/// Inflates a large part on a second thread while the caller's thread parses it: a bounded
/// ring of reusable buffers handed back and forth under one condition, so inflating and
/// parsing overlap on two cores. Only the inflating thread calls `fill` (and so touches
/// libzip) until `run` returns.
final class InflatePipeline: @unchecked Sendable {
    private let fill: (UnsafeMutableRawBufferPointer) throws -> Int
    private let buffers: [UnsafeMutableRawBufferPointer]
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var empty: [Int]
    private var filled: [(index: Int, count: Int)] = []
    private var inflaterDone = false
    private var consumerGone = false
    private var failure: Error?

    /// `fill` writes the next bytes into the buffer and returns how many; 0 at the end.
    init(buffers count: Int = 4, size: Int = 256 << 10,
         fill: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
        self.fill = fill
        buffers = (0..<count).map { _ in .allocate(byteCount: size, alignment: 16) }
        empty = Array(0..<count)
    }

    deinit { buffers.forEach { $0.deallocate() } }

    /// Hands every chunk to `body`, in order, on the caller's thread; then the inflater's error, if any.
    func run(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let thread = Thread { [self] in inflate() }
        thread.start()
        defer {
            condition.lock()
            consumerGone = true
            condition.broadcast()
            while !inflaterDone { condition.wait() }
            condition.unlock()
        }
        while true {
            condition.lock()
            while filled.isEmpty && !inflaterDone { condition.wait() }
            guard !filled.isEmpty else {
                let failure = failure
                condition.unlock()
                if let failure { throw failure }
                return
            }
            let chunk = filled.removeFirst()
            condition.unlock()
            try body(UnsafeRawBufferPointer(rebasing: buffers[chunk.index][0..<chunk.count]))
            condition.lock()
            empty.append(chunk.index)
            condition.broadcast()
            condition.unlock()
        }
    }

    private func inflate() {
        condition.lock()
        while true {
            while empty.isEmpty && !consumerGone { condition.wait() }
            if consumerGone { break }
            let index = empty.removeLast()
            condition.unlock()
            let result = Result { try fill(buffers[index]) }
            condition.lock()
            guard case .success(let count) = result else {
                if case .failure(let error) = result { failure = error }
                break
            }
            if count == 0 { break }
            filled.append((index, count))
            condition.broadcast()
        }
        inflaterDone = true
        condition.broadcast()
        condition.unlock()
    }
}
