import Testing
@testable import XLSX

@Suite struct CellAddressTests {
    @Test(arguments: [
        ("A1", 1, 1), ("B7", 7, 2), ("Z9", 9, 26), ("AA1", 1, 27), ("$AB$12", 12, 28), ("AB$12", 12, 28),
        ("$AB12", 12, 28), ("XFD1048576", 1_048_576, 16_384), ("b7", 7, 2), ("ZZ100", 100, 702), ("AAA1", 1, 703),
    ])
    func parsesReferences(text: String, row: Int, column: Int) throws {
        let a = try #require(CellAddress(text))
        #expect(a.row == row)
        #expect(a.column == column)
        #expect(a == CellAddress(row: row, column: column))
    }

    @Test(arguments: ["", "A", "1", "$", "A0", "A01x", "XFE1", "A1048577", "AAAA1", "A1B", "1A", "$$A1", "A$$1",
                      "A-1", " A1", "A1 ", "A1:B2", "A12345678", "Ä1", "A1.5"])
    func refusesInvalidReferences(text: String) {
        #expect(CellAddress(text) == nil)
    }

    @Test func leadingZerosInTheRowAreRead() {
        #expect(CellAddress("A01") == CellAddress(row: 1, column: 1))
    }

    @Test(arguments: [(1, "A"), (2, "B"), (26, "Z"), (27, "AA"), (28, "AB"), (52, "AZ"), (53, "BA"), (702, "ZZ"),
                      (703, "AAA"), (16_384, "XFD")])
    func columnLetters(column: Int, letters: String) {
        #expect(CellAddress.columnLetters(column) == letters)
        #expect(CellAddress(row: 8, column: column).a1 == letters + "8")
    }

    /// The sentinel and out-of-sheet addresses some callers build are written as their parts are.
    @Test func addressesOutsideASheetAreWrittenAsTheirParts() {
        #expect(CellAddress(row: 0, column: 0).a1 == "0")
        #expect(CellAddress(row: -3, column: 2).a1 == "B-3")
        #expect(CellAddress(row: Int.max, column: Int.max).a1 == CellAddress.columnLetters(Int.max) + String(Int.max))
    }

    @Test func everyColumnRoundTripsThroughLettersAndTheDumpWriter() {
        var scratch = [UInt8](repeating: 0, count: 32)
        for column in 1...CellAddress.maxColumn {
            let address = CellAddress(row: 1_048_576 - column, column: column)
            let text = address.a1
            if CellAddress(text) != address {
                Issue.record("column \(column) → \(text) → \(String(describing: CellAddress(text)))")
                return
            }
            let n = scratch.withUnsafeMutableBytes { CellDump.reference(address, into: $0) }
            let written = String(decoding: scratch[0..<n], as: UTF8.self)
            if written != text {
                Issue.record("CellDump.reference wrote \(written) for \(text)")
                return
            }
        }
    }

    @Test func a1AndOrdering() {
        #expect(CellAddress(row: 12, column: 28).a1 == "AB12")
        #expect(CellAddress(row: 12, column: 28).description == "AB12")
        #expect(CellAddress(row: 1, column: 5) < CellAddress(row: 2, column: 1))
        #expect(CellAddress(row: 2, column: 1) < CellAddress(row: 2, column: 2))
        #expect(!(CellAddress(row: 2, column: 2) < CellAddress(row: 2, column: 2)))
    }

    @Test func parsesRanges() throws {
        let r = try #require(CellRange("A4:A7"))
        #expect(r.first == CellAddress(row: 4, column: 1))
        #expect(r.last == CellAddress(row: 7, column: 1))
        #expect(r.a1 == "A4:A7")
        #expect(!r.isSingleCell)

        let single = try #require(CellRange("B2"))
        #expect(single.isSingleCell)
        #expect(single.a1 == "B2")

        let absolute = try #require(CellRange("$A$1:$B$9"))
        #expect(absolute == CellRange(CellAddress(row: 1, column: 1), CellAddress(row: 9, column: 2)))

        // Corners given in any order make the same rectangle.
        #expect(CellRange("B9:A1") == absolute)
        #expect(CellRange("A9:B1") == absolute)
        #expect(CellRange("A1:XFD1048576")?.last == CellAddress(row: 1_048_576, column: 16_384))
    }

    @Test(arguments: ["", ":", "A1:", ":A1", "A1:B2:C3", "A1-B2", "A:A", "1:1", "A1:XFE1"])
    func refusesInvalidRanges(text: String) {
        #expect(CellRange(text) == nil)
    }

    @Test func rangeContainment() throws {
        let r = try #require(CellRange("B2:D5"))
        #expect(r.contains(CellAddress(row: 2, column: 2)))
        #expect(r.contains(CellAddress(row: 5, column: 4)))
        #expect(r.contains(CellAddress(row: 3, column: 3)))
        #expect(!r.contains(CellAddress(row: 1, column: 2)))
        #expect(!r.contains(CellAddress(row: 6, column: 2)))
        #expect(!r.contains(CellAddress(row: 3, column: 1)))
        #expect(!r.contains(CellAddress(row: 3, column: 5)))
    }

    @Test func sqrefLists() {
        #expect(CellRange.list("B6:B200").map(\.a1) == ["B6:B200"])
        #expect(CellRange.list("A1 B2:C3  D4\nE5\tF6:F7").map(\.a1) == ["A1", "B2:C3", "D4", "E5", "F6:F7"])
        // Unreadable items are skipped, the rest kept.
        #expect(CellRange.list("A1 nonsense $C$3:$D$4 A:A").map(\.a1) == ["A1", "C3:D4"])
        #expect(CellRange.list("").isEmpty)
        #expect(CellRange.list("   ").isEmpty)
    }
}
