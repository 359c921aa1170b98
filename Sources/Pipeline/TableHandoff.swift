import Foundation
import Forms

/// The month's CSV tables passed from the publisher, which writes each, to the history store,
/// which saves it, beside the rest of the publication: a part at a time (the rows of a table's
/// parts come one after another, and the store appends each to the rows before). `put` returns
/// once the store is done with the part before, so a writer making them one after another
/// holds two at a time: the next is made and written while the store inserts the last (a
/// national month's tables together are some 90 MB, and were held all at once; its clues.csv
/// alone was 60 MB while held whole). Waiting for the part itself, making and inserting took
/// turns, and the publication's last second was the two one after the other.
final class TableHandoff: @unchecked Sendable {
    private enum State { case open, finished, failed, closed }

    private let condition = NSCondition()
    private var state = State.open
    private var waiting: (name: String, table: CSVTable)?
    /// Tables handed over so far, and those the store is done with.
    private var handed = 0, done = 0

    /// Leaves the table for the store and waits until the store is done with the one handed over
    /// before it. After the store stopped (`close`), the table is dropped.
    func put(_ name: String, _ table: CSVTable) {
        condition.lock()
        defer { condition.unlock() }
        while waiting != nil && state == .open { condition.wait() }
        guard state == .open else { return }
        waiting = (name, table)
        handed += 1
        let ticket = handed
        condition.broadcast()
        while done < ticket - 1 && state == .open { condition.wait() }
    }

    /// Every table is handed over.
    func finish() { end(.finished) }

    /// The publication failed before every table was handed over: the store's `next` throws.
    func fail() { end(.failed) }

    /// The store stops taking tables (done or failed): the publisher's `put`s return at once.
    func close() { end(.closed) }

    private func end(_ how: State) {
        condition.lock()
        defer { condition.unlock() }
        if state == .open { state = how }
        if how == .closed { waiting = nil }
        condition.broadcast()
    }

    /// For the store: the next table, once the one taken before is saved; nil when every table
    /// is handed over.
    func next() throws(PublicationFailed) -> (name: String, table: CSVTable)? {
        condition.lock()
        defer { condition.unlock() }
        done = handed - (waiting == nil ? 0 : 1)
        condition.broadcast()
        while waiting == nil && state == .open { condition.wait() }
        if state == .failed { throw PublicationFailed() }
        guard let table = waiting else { return nil }
        waiting = nil
        condition.broadcast()  // the slot is free for another writer's table
        return table
    }

    /// What the store's transaction is rolled back for: the month's outputs were not all made.
    struct PublicationFailed: Error {}
}
