import Foundation
import Testing
@testable import XLSX

/// The canonical cell dump and the byte writer under it.
@Suite struct DumpTests {
    @Test func numbersPrintAsPythonReprDoes() throws {
        let values = ["0", "-0", "1", "-17", "0.1", "1.5", "123456789012345", "1e15", "1234567890123456",
                      "12345678901234567", "9007199254740993", "1e16", "1e-7", "0.0001", "45000.999988426", "2.5E-5",
                      "-1234.5678", "3.0000000000000004"]
        let rows = values.enumerated().map { #"<c r="A\#($0.offset + 1)"><v>\#($0.element)</v></c>"# }
            .map { "<row>\($0)</row>" }.joined()
        let wb = try openWorkbook(Fixture.oneSheet(rows))
        let printed = try dumpRows(wb).map { $0[3] }
        #expect(printed == ["0", "0", "1", "-17", "0.1", "1.5", "123456789012345", "1000000000000000.0",
                            "1234567890123456.0", "1.2345678901234568e+16", "9007199254740992.0", "1e+16", "1e-07",
                            "0.0001", "45000.999988426", "2.5e-05", "-1234.5678", "3.0000000000000004"])
    }

    @Test(arguments: [
        (1e-05, "1e-05"), (1.5e-10, "1.5e-10"), (.leastNonzeroMagnitude, "5e-324"), (0.00012345, "0.00012345"), (-2.5e-07, "-2.5e-07"),
        (0.0001, "0.0001"), (9.900000000000001e-05, "9.900000000000001e-05"), (123.456, "123.456"),
        (1e15 + 0.5, "1000000000000000.5"), (9007199254740992.0, "9007199254740992.0"),
        (9007199254740994.0, "9007199254740994.0"), (9999999999999998.0, "9999999999999998.0"), (1e16, "1e+16"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (-1e-300, "-1e-300"), (0.1 + 0.2, "0.30000000000000004"),
        (-1.5e15, "-1500000000000000.0"), (Double.nan, "nan"), (Double.infinity, "inf"), (-Double.infinity, "-inf"),
    ])
    func pythonRepr(value: Double, text: String) {
        // Expected texts are Python's repr(float).
        #expect(CellDump.pythonRepr(value) == text)
    }

    @Test func fieldsAreQuotedOnlyWhenTheyMustBe() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("fields.csv")
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        let out = ByteWriter(fileDescriptor: fd, name: path)
        for field in ["plain", "a,b", #"say "hi""#, "two\nlines", "cr\rhere", "", "中文"] {
            var bytes = Array(field.utf8)
            try bytes.withUnsafeMutableBytes { try out.writeField(UnsafeRawBufferPointer($0)) }
            out.write(byte: 0x0A)
        }
        try out.flush()
        close(fd)
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        #expect(text == "plain\n\"a,b\"\n\"say \"\"hi\"\"\"\n\"two\nlines\"\n\"cr\rhere\"\n\n中文\n")
    }

    @Test func outputLargerThanTheBufferIsWrittenWhole() throws {
        let rows = (1...30_000).map { #"<row r="\#($0)"><c r="A\#($0)" t="inlineStr"><is><t>line \#($0), with a comma</t></is></c></row>"# }.joined()
        let wb = try openWorkbook(Fixture.oneSheet(rows))
        let text = try dumpText(wb).text
        #expect(text.utf8.count > 1 << 20)
        let parsed = try CSV.parse(text)
        #expect(parsed.count == 30_001)
        #expect(parsed[1] == ["Sheet1", "A1", "s", "line 1, with a comma"])
        #expect(parsed.last == ["Sheet1", "A30000", "s", "line 30000, with a comma"])
    }

    @Test func aFailedWriteIsUnwritableNamingTheOutput() throws {
        let out = ByteWriter(fileDescriptor: -1, name: "out.csv")
        try out.write("sheet,cell,type,value\n")
        let e = xlsxError { try out.flush() }
        #expect(e == .unwritable(file: "out.csv", detail: "Bad file descriptor"))
        // The dump passes it on.
        let wb = try openWorkbook(Fixture.oneSheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#))
        let dumpError = xlsxError { try CellDump.write(wb, to: ByteWriter(fileDescriptor: -1, name: "closed.csv")) }
        #expect(dumpError == .unwritable(file: "closed.csv", detail: "Bad file descriptor"))
    }

    @Test func anEmptyWorkbookDumpsItsHeaderOnly() throws {
        let wb = try openWorkbook(Fixture.workbook([]))
        #expect(wb.sheets.isEmpty)
        let dump = try dumpText(wb)
        #expect(dump.text == "sheet,cell,type,value\n")
        #expect(dump.warnings.isEmpty)
    }
}
