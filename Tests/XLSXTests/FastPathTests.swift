import Foundation
import TestScratch
import Testing
@testable import XLSX

/// The reader's shortcuts must agree with the slow, obvious way on every input.
@Suite struct FastPathTests {
    static func viaStrtod(_ text: String) -> Double? {
        var end: UnsafeMutablePointer<CChar>?
        return text.withCString { start in
            let v = strtod(start, &end)
            guard let end, end != UnsafeMutablePointer(mutating: start) else { return nil }
            var rest = end
            while rest.pointee == 0x20 || rest.pointee == 0x0A || rest.pointee == 0x0D || rest.pointee == 0x09 { rest += 1 }
            return rest.pointee == 0 ? v : nil
        }
    }

    static func viaFastPath(_ text: String) -> Double? {
        var bytes = Array(text.utf8)
        let count = bytes.count
        bytes.append(0)
        return bytes.withUnsafeMutableBufferPointer { SheetHandler.double($0.baseAddress!, count) }
    }

    @Test(arguments: ["0", "-0", "1", "42", "1743.9", "0.1", "0.3", "-12.345", "1.", ".5", "-.5", "000123.4500",
                      "999999999999999", "123456789.012345", "9007199254740993", "1234567890123456789",
                      "0.000000000000000000001", "1e5", "1E-3", "+7", " 8", "9 ", "0x1A", "inf", "nan",
                      "", "-", ".", "1.2.3", "12a", "--1"])
    func numbersParseAsStrtodParsesThem(_ text: String) {
        let fast = Self.viaFastPath(text), slow = Self.viaStrtod(text)
        #expect(fast?.bitPattern == slow?.bitPattern || (fast?.isNaN == true && slow?.isNaN == true))
    }

    @Test func randomDecimalsParseAsStrtodParsesThem() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<100_000 {
            let digits = Int.random(in: 1...15, using: &g)
            var text = String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &g))) })
            if Bool.random(using: &g) { text.insert(".", at: text.index(text.startIndex, offsetBy: Int.random(in: 0...digits, using: &g))) }
            if Bool.random(using: &g) { text = "-" + text }
            #expect(Self.viaFastPath(text)?.bitPattern == Self.viaStrtod(text)?.bitPattern, "\(text)")
        }
    }

    @Test func quotingIsDecidedByteByByteAlike() {
        let specials: [UInt8] = [0x2C, 0x22, 0x0A, 0x0D]
        var g = SystemRandomNumberGenerator()
        for length in 0..<40 {
            for _ in 0..<200 {
                var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &g) }
                if length > 0 && Bool.random(using: &g) {
                    bytes[Int.random(in: 0..<length, using: &g)] = specials.randomElement(using: &g)!
                }
                let naive = bytes.contains { specials.contains($0) }
                #expect(bytes.withUnsafeBytes { ByteWriter.needsQuotes($0) } == naive)
            }
        }
    }

    @Test func aSheetNameIsQuotedOnceForAllItsCells() throws {
        let rows = #"<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>"#
        let wb = try openWorkbook(Fixture.workbook([.init(#"a,"b""#, Fixture.worksheet(rows))]))
        #expect(try dumpText(wb).text == "sheet,cell,type,value\n\"a,\"\"b\"\"\",A1,n,1\n\"a,\"\"b\"\"\",B1,n,2\n")
    }

    @Test func numbersPrintAsPythonReprPrintsThem() throws {
        let cases: [(Double, String)] = [(1743.9, "1743.9"), (0.1, "0.1"), (-12.345, "-12.345"), (1e16, "1e+16"),
                                         (1.5e15, "1500000000000000.0"), (123456789012345.6, "123456789012345.6"),
                                         (1e-5, "1e-05"), (42, "42"), (-3, "-3"), (.nan, "nan"), (-.infinity, "-inf")]
        let path = Scratch.path("numbers") + ".txt"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let out = ByteWriter(fileDescriptor: fd, name: path)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 32, alignment: 8)
        defer { scratch.deallocate() }
        for (v, _) in cases {
            try CellDump.writeNumber(v, to: out, scratch: scratch)
            out.write(byte: 0x0A)
        }
        try out.flush()
        close(fd)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines == cases.map(\.1))
    }

    /// A sheet's cells by address and by row through its dense slots, against the binary search
    /// that defines them: random small sheets (cells written out of order and repeated too), and
    /// a sparse one that keeps the search.
    @Test func denseLookupsAgreeWithTheSearch() throws {
        var g = SystemRandomNumberGenerator()
        for round in 0..<40 {
            let rows = Int.random(in: 1...12, using: &g), columns = Int.random(in: 1...9, using: &g)
            var written: [(Int, Int)] = []
            for r in 1...rows { for c in 1...columns where Bool.random(using: &g) { written.append((r, c)) } }
            if round % 3 == 0 { written.shuffle(using: &g) }
            if round % 4 == 0, let repeated = written.first { written.append(repeated) }
            let xml = written.enumerated().map { k, a in
                "<row r=\"\(a.0)\"><c r=\"\(CellAddress(row: a.0, column: a.1).a1)\"><v>\(k)</v></c></row>"
            }.joined()
            let (_, sheet) = try firstSheet(Fixture.oneSheet(xml))
            #expect(sheet.isDense || written.isEmpty)
            for r in -1...(rows + 2) {
                #expect(Array(sheet.cells(inRow: r)) == Array(sheet.searched(row: r)))
                for c in -1...(columns + 2) {
                    let a = CellAddress(row: r, column: c)
                    #expect(sheet[a] == sheet.searched(a))
                }
            }
        }
        let sparse = #"<row r="1"><c r="A1"><v>1</v></c></row><row r="90000"><c r="ZZ90000"><v>2</v></c></row>"#
        let (_, sheet) = try firstSheet(Fixture.oneSheet(sparse))
        #expect(!sheet.isDense)
        #expect(sheet[CellAddress(row: 90000, column: 702)]?.value == .number(2))
        #expect(sheet[CellAddress(row: 2, column: 1)] == nil)
    }
}
