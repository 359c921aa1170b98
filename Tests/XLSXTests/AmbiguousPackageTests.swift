import Foundation
import Testing
@testable import XLSX

/// Two zip entries with one name, or names equal under OPC's case-insensitive comparison: readers
/// disagree on which they take, so the package is refused, naming both entries.
@Suite struct AmbiguousPackageTests {
    static let sheet = Fixture.worksheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#)
    static let other = Fixture.worksheet(#"<row r="1"><c r="A1"><v>2</v></c></row>"#)

    @Test func namesEqualButForCaseAreRefused() throws {
        var parts = Fixture.oneSheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#)
        parts.append(("xl/worksheets/Sheet1.xml", Self.other))
        let e = xlsxError { _ = try openWorkbook(parts, name: "case.xlsx") }
        #expect(e == .ambiguousPart(file: "case.xlsx", first: "xl/worksheets/sheet1.xml", second: "xl/worksheets/Sheet1.xml"))
        #expect(e?.description.contains("duplicate part name (OPC part names compare case-insensitively): refused") == true)
        #expect(e?.description.contains("\"xl/worksheets/sheet1.xml\" and \"xl/worksheets/Sheet1.xml\"") == true)
        #expect(e?.chinese.contains("「xl/worksheets/sheet1.xml」与「xl/worksheets/Sheet1.xml」") == true)
    }

    @Test func theSameNameTwiceIsRefused() throws {
        // Our writer keeps one entry per name: write another name of the same length, then
        // rename it in the local header and the central directory.
        var parts = Fixture.oneSheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#)
        parts.append(("xl/worksheets/sheet9.xml", Self.other))
        var bytes = try packageBytes(parts)
        let from = Array("xl/worksheets/sheet9.xml".utf8), to = Array("xl/worksheets/sheet1.xml".utf8)
        var replaced = 0
        var i = 0
        while i + from.count <= bytes.count {
            if Array(bytes[i..<i + from.count]) == from {
                bytes.replaceSubrange(i..<i + from.count, with: to)
                replaced += 1
            }
            i += 1
        }
        #expect(replaced == 2)
        let e = xlsxError { _ = try Workbook(bytes: bytes, displayName: "twice.xlsx") }
        #expect(e == .ambiguousPart(file: "twice.xlsx", first: "xl/worksheets/sheet1.xml", second: "xl/worksheets/sheet1.xml"))

        let dir = try TempDir()
        defer { dir.remove() }
        let path = try dir.write(bytes, to: "twice.xlsx")
        #expect(xlsxError { _ = try Workbook(path: path) }?.file == path)
    }

    @Test func aBackslashOrLeadingSlashNameCollidesToo() throws {
        var parts = Fixture.oneSheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#)
        parts.append(("XL\\worksheets\\sheet1.xml", Self.other))
        let e = xlsxError { _ = try openWorkbook(parts, name: "slash.xlsx") }
        #expect(e == .ambiguousPart(file: "slash.xlsx", first: "xl/worksheets/sheet1.xml", second: "XL\\worksheets\\sheet1.xml"))
    }

    @Test func distinctNamesAreRead() throws {
        var parts = Fixture.oneSheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#)
        parts.append(("xl/worksheets/sheet10.xml", Self.other))
        #expect(try dumpRows(openWorkbook(parts)) == [["Sheet1", "A1", "n", "1"]])
    }
}
