import Foundation
import XLSX

/// The parts of a batch's extractions that most files read alike: Attachment 1's cells (the
/// same addresses in every workbook of one layout), a register's columns, the labelled cells
/// around a table, the drop-down lists a workbook carries. `share` replaces a part equal to
/// one seen before by that one, whose storage it then shares: each is held once a batch
/// rather than once a file (about 6 KB a district, 19 MB of a national month's heap). Equal
/// means equal values, and a list's items equal as bytes (the maps' keys are the program's own
/// field ids and labels), so nothing read from a file changes.
/// Files are shared as they are read, on every core; the few parts remembered of each kind
/// are looked up under a lock, the latest first.
public final class SharedParts: @unchecked Sendable {
    private let lock = NSLock()
    private var cellMaps = Recent<[String: CellAddress]>(==)
    private var columnMaps = Recent<[String: Int]>(==)
    private var lists = Recent<[String]> { a, b in a.count == b.count && zip(a, b).allSatisfy(Label.sameBytes) }

    public init() {}

    public func share(_ f: inout ExtractedFile) {
        lock.lock()
        defer { lock.unlock() }
        for i in f.attachment1.indices {
            cellMaps.share(&f.attachment1[i].cells)
            cellMaps.share(&f.attachment1[i].meta.cells)
        }
        for i in f.registers.indices {
            cellMaps.share(&f.registers[i].meta.cells)
            columnMaps.share(&f.registers[i].columns)
            // A register's clues carry its columns; each is shared once, for all of them.
            var clues = f.registers[i].clues
            f.registers[i].clues = []
            var last: (read: [String: Int], shared: [String: Int])?
            for j in clues.indices {
                if let l = last, l.read == clues[j].columns {  // the same storage: at once
                    clues[j].columns = l.shared
                } else {
                    let read = clues[j].columns
                    columnMaps.share(&clues[j].columns)
                    last = (read, clues[j].columns)
                }
            }
            f.registers[i].clues = clues
            for id in f.registers[i].workbookLists.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                lists.share(&f.registers[i].workbookLists[id]!)
            }
        }
    }

    /// The last few distinct parts of one kind.
    private struct Recent<Part> {
        let equal: (Part, Part) -> Bool
        var parts: [Part] = []

        init(_ equal: @escaping (Part, Part) -> Bool) { self.equal = equal }

        /// `part` replaced by an equal one kept, or kept itself (the oldest forgotten past eight).
        mutating func share(_ part: inout Part) {
            if let i = parts.lastIndex(where: { equal($0, part) }) {
                part = parts[i]
                if i != parts.count - 1 { parts.append(parts.remove(at: i)) }
                return
            }
            if parts.count == 8 { parts.removeFirst() }
            parts.append(part)
        }
    }
}
