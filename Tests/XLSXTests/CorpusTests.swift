import Foundation
import Testing
@testable import XLSX

/// Every workbook of the corpus in `Corpus/` (public test files of other projects; `MANIFEST.tsv`
/// names each one's source and licence) against its expectation: `FILE.expected.csv` (the cell
/// dump, compared as `compare_dumps.py` does) or `FILE.expected-error.txt` (text the refusal's
/// message must contain). A workbook with neither is a failure.
@Suite struct CorpusTests {
    /// `Corpus/` beside this file, inside the repository (or `$WEIGAI_XLSX_CORPUS`).
    static var corpusFolder: String {
        if let env = ProcessInfo.processInfo.environment["WEIGAI_XLSX_CORPUS"], !env.isEmpty { return env }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Corpus").standardized.path
    }

    @Test func everyCorpusWorkbookMatchesItsExpectation() throws {
        let folder = Self.corpusFolder
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            Issue.record("the XLSX corpus folder is missing: \(folder)")
            return
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let workbooks = names.filter { $0.lowercased().hasSuffix(".xlsx") || $0.lowercased().hasSuffix(".xlsm") }
        let available = Set(names)
        var misses: [String] = []
        var dumps = 0
        var refusals = 0
        for name in workbooks {
            let path = "\(folder)/\(name)"
            let dump = available.contains("\(name).expected.csv")
            let refusal = available.contains("\(name).expected-error.txt")
            switch (dump, refusal) {
            case (true, false):
                dumps += 1
                if let miss = Self.checkDump(path, expected: "\(path).expected.csv") { misses.append("\(name): \(miss)") }
            case (false, true):
                refusals += 1
                if let miss = Self.checkRefusal(path, expected: "\(path).expected-error.txt") { misses.append("\(name): \(miss)") }
            case (true, true):
                misses.append("\(name): has both an expected dump and an expected refusal")
            case (false, false):
                misses.append("\(name): has no expected result (\(name).expected.csv or \(name).expected-error.txt)")
            }
        }
        let manifest = try Self.manifest(in: folder)
        for name in workbooks where manifest[name] == nil { misses.append("\(name): not listed in MANIFEST.tsv") }
        for name in manifest.keys.sorted() where !available.contains(name) { misses.append("\(name): listed in MANIFEST.tsv but absent") }
        #expect(dumps > 0, "no FILE.expected.csv in \(folder)")
        #expect(refusals > 0, "no FILE.expected-error.txt in \(folder)")
        if !misses.isEmpty {
            Issue.record("""
                \(misses.count) of \(workbooks.count) corpus workbooks do not match their expectation:
                \(misses.joined(separator: "\n"))
                """)
        }
    }

    /// `MANIFEST.tsv`: file name → its row (file, source, license, expected, engine, note).
    static func manifest(in folder: String) throws -> [String: [String]] {
        let text = try String(contentsOfFile: "\(folder)/MANIFEST.tsv", encoding: .utf8)
        var out: [String: [String]] = [:]
        for line in text.split(separator: "\n").dropFirst() where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            out[fields[0]] = fields
        }
        return out
    }

    /// The manifest agrees with the expectations: `dump` rows have a dump, `error` rows a refusal.
    @Test func manifestMatchesTheExpectations() throws {
        let folder = Self.corpusFolder
        let manifest = try Self.manifest(in: folder)
        #expect(manifest.count >= 185)
        for (name, row) in manifest {
            #expect(row.count >= 4 && ["Apache-2.0", "MIT"].contains(row[2]), "\(name): licence \(row)")
            let want = row.count >= 4 ? row[3] : ""
            let has = FileManager.default.fileExists(atPath: "\(folder)/\(name).\(want == "error" ? "expected-error.txt" : "expected.csv")")
            #expect(has, "\(name): MANIFEST.tsv says \(want), but its expectation file is absent")
        }
    }

    /// Nil on a full match, else what differs first.
    static func checkDump(_ path: String, expected: String) -> String? {
        let got: [Key: Value]
        do {
            let workbook = try Workbook(path: path)
            got = try load(dumpText(workbook).text, what: "dump")
        } catch {
            return "threw \(error)"
        }
        let want: [Key: Value]
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: expected))
            want = try load(String(decoding: data, as: UTF8.self), what: "expected CSV")
        } catch {
            return "cannot read the expectation: \(error)"
        }
        let missing = want.keys.filter { got[$0] == nil }.sorted()
        let extra = got.keys.filter { want[$0] == nil }.sorted()
        let bad = want.keys.filter { k in got[k].map { !same($0, want[k]!) } ?? false }.sorted()
        guard !(missing.isEmpty && extra.isEmpty && bad.isEmpty) else { return nil }
        var lines = ["cells_expected=\(want.count) missing=\(missing.count) extra=\(extra.count) mismatched=\(bad.count)"]
        lines += bad.prefix(5).map { "  mismatch \($0): got \(got[$0]!) want \(want[$0]!)" }
        lines += missing.prefix(3).map { "  missing \($0): want \(want[$0]!)" }
        lines += extra.prefix(3).map { "  extra \($0): got \(got[$0]!)" }
        return lines.joined(separator: "\n")
    }

    /// Nil when opening and dumping throws an `XLSXError` whose message holds the expected text.
    static func checkRefusal(_ path: String, expected: String) -> String? {
        guard let data = FileManager.default.contents(atPath: expected) else { return "cannot read \(expected)" }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            let workbook = try Workbook(path: path)
            _ = try dumpText(workbook)
            return "was read, but should be refused with \"\(text)\""
        } catch let error as XLSXError {
            if !error.description.contains(text) { return "refused with \"\(error)\", want \"\(text)\"" }
            if error.file != path { return "the refusal names \(error.file), not \(path)" }
            return nil
        } catch {
            return "threw \(type(of: error)) \(error), want an XLSXError with \"\(text)\""
        }
    }

    struct Key: Hashable, Comparable, CustomStringConvertible {
        let sheet: String
        let cell: String
        static func < (l: Key, r: Key) -> Bool { (l.sheet, l.cell) < (r.sheet, r.cell) }
        var description: String { "(\(sheet.debugDescription), \(cell))" }
    }

    struct Value: Equatable, CustomStringConvertible {
        let type: String
        let value: String
        var description: String { "(\(type), \(value.debugDescription))" }
    }

    struct BadHeader: Error, CustomStringConvertible { let description: String }

    /// `sheet,cell,type,value` rows by (sheet, cell); rows of another width are ignored, a later
    /// row for the same cell wins (as the Python dict does).
    static func load(_ text: String, what: String) throws -> [Key: Value] {
        let rows = try CSV.parse(text)
        guard rows.first == ["sheet", "cell", "type", "value"] else {
            throw BadHeader(description: "bad header in the \(what): \(rows.first ?? [])")
        }
        var out: [Key: Value] = [:]
        for row in rows.dropFirst() where row.count == 4 {
            out[Key(sheet: row[0], cell: row[1])] = Value(type: row[2], value: row[3])
        }
        return out
    }

    /// Equal, or both numbers within a relative 1e-9.
    static func same(_ a: Value, _ b: Value) -> Bool {
        if a == b { return true }
        guard a.type == "n", b.type == "n",
              let x = Double(a.value.trimmingCharacters(in: .whitespaces)),
              let y = Double(b.value.trimmingCharacters(in: .whitespaces)) else { return false }
        return x == y || abs(x - y) <= 1e-9 * max(1.0, abs(y))
    }

    // The comparison itself must be able to fail.

    @Test func comparisonToleratesOnlyTinyNumericDifferences() {
        #expect(Self.same(Value(type: "n", value: "0.1"), Value(type: "n", value: "0.10000000000000001")))
        #expect(Self.same(Value(type: "n", value: "1e3"), Value(type: "n", value: "1000")))
        #expect(Self.same(Value(type: "n", value: "1000000.0000001"), Value(type: "n", value: "1000000")))
        #expect(!Self.same(Value(type: "n", value: "1.001"), Value(type: "n", value: "1")))
        #expect(!Self.same(Value(type: "s", value: "1.0"), Value(type: "s", value: "1")))
        #expect(!Self.same(Value(type: "n", value: "1"), Value(type: "s", value: "1")))
        #expect(!Self.same(Value(type: "n", value: "nan"), Value(type: "n", value: "1")))
        #expect(!Self.same(Value(type: "n", value: "abc"), Value(type: "n", value: "1")))
    }

    @Test func loadReadsQuotedFieldsWithCommasQuotesAndNewlines() throws {
        let csv = "\u{FEFF}sheet,cell,type,value\r\n\"A, B\",A1,s,\"say \"\"hi\"\"\nnext line\"\r\nS,B2,n,3\nS,C3,n\nS,B2,n,4\n"
        let rows = try Self.load(csv, what: "test")
        #expect(rows.count == 2)
        #expect(rows[Key(sheet: "A, B", cell: "A1")] == Value(type: "s", value: "say \"hi\"\nnext line"))
        #expect(rows[Key(sheet: "S", cell: "B2")] == Value(type: "n", value: "4"))
        #expect(throws: BadHeader.self) { try Self.load("a,b,c,d\n", what: "test") }
        #expect(throws: CSV.Malformed.self) { try CSV.parse("sheet,cell\n\"open") }
    }

    @Test func checkDumpReportsEachKindOfDifference() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let book = dir.file("book.xlsx")
        try writePackage(Fixture.oneSheet(#"<row r="1"><c r="A1"><v>1.5</v></c><c r="B1" t="inlineStr"><is><t>x</t></is></c></row>"#),
                         to: book)
        let good = try dir.write(Array("sheet,cell,type,value\nSheet1,A1,n,1.50000000000001\nSheet1,B1,s,x\n".utf8), to: "good.csv")
        #expect(Self.checkDump(book, expected: good) == nil)
        let bad = try dir.write(Array("sheet,cell,type,value\nSheet1,A1,n,2\nSheet1,C1,s,x\n".utf8), to: "bad.csv")
        let miss = try #require(Self.checkDump(book, expected: bad))
        #expect(miss.contains("missing=1 extra=1 mismatched=1"))
        #expect(miss.contains("mismatch (\"Sheet1\", A1): got (n, \"1.5\") want (n, \"2\")"))
        #expect(miss.contains("missing (\"Sheet1\", C1)"))
        #expect(miss.contains("extra (\"Sheet1\", B1)"))
    }
}
