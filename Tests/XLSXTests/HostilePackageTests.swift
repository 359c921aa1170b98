import Foundation
import Testing
@testable import XLSX

/// Packages built to hurt the reader: decompression bombs, entity expansion, lying headers,
/// runaway nesting, random damage. Each must end in a typed error, in bounded time and memory.
@Suite struct HostilePackageTests {
    /// Produces `prefix`, then `unit` `count` times, then `suffix`, in whatever chunk sizes the
    /// zip writer asks for, without ever holding more than one block of units.
    final class RepeatingText {
        private let prefix: [UInt8]
        private let block: [UInt8]
        private let suffix: [UInt8]
        private var blocksLeft: Int
        private var phase = 0
        private var offset = 0
        let totalBytes: Int

        init(prefix: String, unit: String, count: Int, suffix: String) {
            let u = Array(unit.utf8)
            let perBlock = max(1, (64 << 10) / u.count)
            precondition(count % perBlock == 0, "count must be a multiple of \(perBlock)")
            self.prefix = Array(prefix.utf8)
            self.suffix = Array(suffix.utf8)
            block = Array([[UInt8]](repeating: u, count: perBlock).joined())
            blocksLeft = count / perBlock
            totalBytes = self.prefix.count + block.count * blocksLeft + self.suffix.count
        }

        /// Units per block: `count` must be a multiple of it.
        static func unitsPerBlock(_ unit: String) -> Int { max(1, (64 << 10) / unit.utf8.count) }

        func fill(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
            var written = 0
            while written < buffer.count {
                let source: [UInt8]
                switch phase {
                case 0: source = prefix
                case 1:
                    if blocksLeft == 0 { phase = 2; offset = 0; continue }
                    source = block
                case 2: source = suffix
                default: return written
                }
                let n = min(source.count - offset, buffer.count - written)
                source.withUnsafeBytes {
                    (buffer.baseAddress! + written).copyMemory(from: $0.baseAddress! + offset, byteCount: n)
                }
                written += n
                offset += n
                if offset == source.count {
                    offset = 0
                    if phase == 1 { blocksLeft -= 1 } else { phase += 1 }
                }
            }
            return written
        }
    }

    static let rowUnit = #"<row><c t="inlineStr"><is><t>boom</t></is></c><c><v>1</v></c></row>"#
    /// A row that deflates about 700:1 (a 69-byte period deflates only about 290:1: every
    /// 258-byte match then pays for its distance's extra bits).
    static let bombUnit = #"<row><c t="inlineStr"><is><t>"# + String(repeating: "A", count: 4_000)
        + #"</t></is></c><c><v>1</v></c></row>"#

    /// A workbook whose one sheet is `rows` repetitions of `unit` (rounded up to whole blocks),
    /// written at `path`; returns the sheet's inflated size and its number of rows.
    static func bomb(at path: String, unit: String = rowUnit, rows: Int, level: UInt32 = 9) throws -> (bytes: Int, rows: Int) {
        let per = RepeatingText.unitsPerBlock(unit)
        let count = (rows + per - 1) / per * per
        let text = RepeatingText(prefix: #"<?xml version="1.0"?><worksheet xmlns="\#(NS.main)"><sheetData>"#,
                                 unit: unit, count: count, suffix: "</sheetData></worksheet>")
        let writer = try ZipWriter(path: path)
        for p in Fixture.workbook([.init("Boom", nil)]) { try writer.add(p.name, text: p.text) }
        try writer.add("xl/worksheets/sheet1.xml", level: level, producing: text.fill)
        try writer.close()
        return (text.totalBytes, count)
    }

    static func peakRSSBytes() -> Int {
        var usage = rusage()
        getrusage(0, &usage)  // RUSAGE_SELF
        #if os(macOS)
        return usage.ru_maxrss  // bytes
        #else
        return usage.ru_maxrss * 1024  // kilobytes
        #endif
    }

    static func expectTooLarge(_ e: XLSXError?, file: String, part: String, detail: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .tooLarge(let f, let p, let d)? = e else {
            Issue.record("want tooLarge, got \(String(describing: e))", sourceLocation: sourceLocation)
            return
        }
        #expect(f == file, sourceLocation: sourceLocation)
        #expect(p == part, sourceLocation: sourceLocation)
        #expect(d.contains(detail), "detail: \(d)", sourceLocation: sourceLocation)
        #expect(e!.description.hasPrefix("\(file): \(part): part too large (possible decompression bomb): "),
                sourceLocation: sourceLocation)
    }

    @Test(.timeLimit(.minutes(1)))
    func aGigabyteBombIsRefusedQuicklyWithDefaultLimits() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("bomb.xlsx")
        let inflated = try Self.bomb(at: path, unit: Self.bombUnit, rows: 1_100_000_000 / Self.bombUnit.utf8.count,
                                     level: 6).bytes
        #expect(inflated > 1_100_000_000)
        let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size < 2_000_000, "the bomb should be small: \(size) bytes")

        let rssBefore = Self.peakRSSBytes()
        let clock = ContinuousClock()
        let start = clock.now
        let wb = try Workbook(path: path)  // the sheet is not read yet
        let fromPath = xlsxError { _ = try dumpText(wb) }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let fromBytes = xlsxError { _ = try dumpText(Workbook(bytes: bytes, displayName: "bomb.xlsx")) }
        let elapsed = clock.now - start

        Self.expectTooLarge(fromPath, file: path, part: "xl/worksheets/sheet1.xml", detail: "ratio limit 200")
        Self.expectTooLarge(fromBytes, file: "bomb.xlsx", part: "xl/worksheets/sheet1.xml", detail: "ratio limit 200")
        #expect(elapsed < .seconds(5), "refusing took \(elapsed)")
        // Other suites run alongside, so the bound is loose; inflating the part would pass it.
        #expect(Self.peakRSSBytes() - rssBefore < 512 << 20, "peak memory grew by \(Self.peakRSSBytes() - rssBefore) bytes")
    }

    @Test func aSmallBombWithSmallLimits() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.file("small-bomb.xlsx")
        let (inflated, rows) = try Self.bomb(at: path, rows: 40_000)
        #expect(inflated > 2_000_000)

        // The ratio limit, once past its floor.
        let ratio = ReadLimits(maxRatio: 20, ratioFloorBytes: 256 << 10)
        let wb = try Workbook(path: path, displayName: "small-bomb.xlsx", limits: ratio)
        Self.expectTooLarge(xlsxError { _ = try dumpText(wb) }, file: "small-bomb.xlsx",
                            part: "xl/worksheets/sheet1.xml", detail: "ratio limit 20")
        // Below its floor the same ratio is fine.
        let lenient = ReadLimits(maxRatio: 20, ratioFloorBytes: Int64(inflated) + 1)
        var cells = 0
        try Workbook(path: path, limits: lenient).streamCells(of: wb.worksheets[0]) { _ in cells += 1 }
        #expect(cells == 2 * rows)

        // The total limit.
        let total = ReadLimits(maxTotalBytes: 1 << 20, ratioFloorBytes: .max)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let e = xlsxError { _ = try dumpText(Workbook(bytes: bytes, displayName: "total.xlsx", limits: total)) }
        Self.expectTooLarge(e, file: "total.xlsx", part: "xl/worksheets/sheet1.xml",
                            detail: "the package declares more than 1048576 bytes in all")
    }

    @Test func theTotalLimitCountsEveryPartOfThePackage() throws {
        // Each part alone is under the limit; together they are not.
        let strings = (0..<6_000).map { "string number \($0)" }
        let rows = (1...6_000).map { #"<row r="\#($0)"><c r="A\#($0)" t="s"><v>\#($0 - 1)</v></c></row>"# }.joined()
        let parts = Fixture.oneSheet(rows, sharedStrings: Fixture.sharedStrings(strings))
        let sizes = parts.map(\.text.utf8.count)
        let sst = sizes[parts.firstIndex { $0.name == "xl/sharedStrings.xml" }!]
        let sheet = sizes[parts.firstIndex { $0.name == "xl/worksheets/sheet1.xml" }!]
        let limit = Int64(sizes.reduce(0, +) - sheet / 2)
        #expect(Int64(sst) < limit && Int64(sheet) < limit)
        let limits = ReadLimits(maxTotalBytes: limit, ratioFloorBytes: .max)
        let wb = try openWorkbook(parts, name: "sum.xlsx", limits: limits)
        #expect(wb.sharedStrings.count == 6_000)
        let e = xlsxError { _ = try wb.readSheet(wb.worksheets[0]) }
        Self.expectTooLarge(e, file: "sum.xlsx", part: "xl/worksheets/sheet1.xml", detail: "more than \(limit) bytes in all")
    }

    /// Rewrites the declared uncompressed size of `name` in both of its zip headers.
    static func declareSize(_ size: UInt32, of name: String, in bytes: inout [UInt8]) throws {
        let needle = Array(name.utf8)
        func put(_ v: UInt32, at i: Int) {
            for k in 0..<4 { bytes[i + k] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(k))) }
        }
        var patched = 0
        var i = 0
        while i + 46 < bytes.count {
            let sig = Array(bytes[i..<(i + 4)])
            if sig == [0x50, 0x4B, 0x03, 0x04] {  // local header: size at 22, name at 30
                let n = Int(bytes[i + 26]) | Int(bytes[i + 27]) << 8
                if bytes[(i + 30)..<(i + 30 + n)].elementsEqual(needle) { put(size, at: i + 22); patched += 1 }
            } else if sig == [0x50, 0x4B, 0x01, 0x02] {  // central header: size at 24, name at 46
                let n = Int(bytes[i + 28]) | Int(bytes[i + 29]) << 8
                if bytes[(i + 46)..<(i + 46 + n)].elementsEqual(needle) { put(size, at: i + 24); patched += 1 }
            }
            i += 1
        }
        if patched != 2 { throw XLSXError.missingPart(file: "fixture", part: "\(name) headers (\(patched) found)") }
    }

    @Test(arguments: [1_000, 2_000_000] as [UInt32])
    func aHeaderThatUnderstatesTheSizeIsCaughtWhileInflating(declared: UInt32) throws {
        // ~8 MB of rows that the headers claim is far less: the declared size passes every
        // limit, so only counting what actually inflates can stop it (for small and for
        // larger declared sizes, which the reader may inflate differently).
        let rows = String(repeating: Self.rowUnit, count: 8_000_000 / Self.rowUnit.utf8.count)
        var bytes = try packageBytes(Fixture.workbook([.init("Liar", Fixture.worksheet(rows))]), level: 9)
        try Self.declareSize(declared, of: "xl/worksheets/sheet1.xml", in: &bytes)
        let wb = try Workbook(bytes: bytes, displayName: "liar.xlsx")
        var cells = 0
        let e = xlsxError { try wb.streamCells(of: wb.worksheets[0]) { _ in cells += 1 } }
        Self.expectTooLarge(e, file: "liar.xlsx", part: "xl/worksheets/sheet1.xml", detail: "inflates to")
        // Stopped soon after the 4 MiB ratio floor, not at the end of the 8 MB.
        #expect(cells > 0)
        #expect(cells < 2 * 6_000_000 / Self.rowUnit.utf8.count)
    }

    @Test(.timeLimit(.minutes(1)))
    func billionLaughsIsRefusedBeforeAnyExpansion() throws {
        var dtd = #"<!ENTITY lol "lol">"#
        for k in 1...9 {
            let prev = k == 1 ? "lol" : "lol\(k - 1)"
            dtd += "<!ENTITY lol\(k) \"\(String(repeating: "&\(prev);", count: 10))\">"
        }
        let sheet = """
            <?xml version="1.0"?>
            <!DOCTYPE worksheet [\(dtd)]>
            <worksheet xmlns="\(NS.main)"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>
            """
        let sst = """
            <?xml version="1.0"?>
            <!DOCTYPE sst [\(dtd)]>
            <sst xmlns="\(NS.main)"><si><t>&lol9;</t></si></sst>
            """
        let clock = ContinuousClock()
        let start = clock.now
        let wb = try openWorkbook(Fixture.workbook([.init("Laughs", sheet)]), name: "lol.xlsx")
        #expect(xlsxError { _ = try wb.readSheet(wb.worksheets[0]) } == .dtdRefused(file: "lol.xlsx", part: "xl/worksheets/sheet1.xml"))
        #expect(xlsxError { _ = try openWorkbook(Fixture.oneSheet("", sharedStrings: sst), name: "lol2.xlsx") }
                == .dtdRefused(file: "lol2.xlsx", part: "xl/sharedStrings.xml"))
        #expect(clock.now - start < .seconds(5))
    }

    @Test(.timeLimit(.minutes(1)))
    func runawayNestingIsRefusedOrSkipped() throws {
        // libxml2 refuses depth past 256 in some versions; others read on. Either way the nest
        // holds no cell, costs little, and the cell after it is read (or the part refused).
        let depth = 100_000
        let sheet = #"<?xml version="1.0"?><worksheet xmlns="\#(NS.main)"><sheetData>"#
            + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
            + #"<row r="1"><c r="A1"><v>7</v></c></row></sheetData></worksheet>"#
        let wb = try openWorkbook(Fixture.workbook([.init("Deep", sheet)]), name: "deep.xlsx")
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let read = try wb.readSheet(wb.worksheets[0])
            #expect(read.cells.map(\.address.a1) == ["A1"])
            #expect(read.cells.map(\.value) == [.number(7)])
        } catch let e as XLSXError {
            guard case .malformedXML("deep.xlsx", "xl/worksheets/sheet1.xml", 1, let detail) = e else {
                Issue.record("want malformedXML, got \(e)")
                return
            }
            #expect(detail.lowercased().contains("depth"))
        }
        #expect(clock.now - start < .seconds(5))
    }

    @Test func hugeIndicesAndCountsAreHarmless() throws {
        let sst = #"<?xml version="1.0"?><sst xmlns="\#(NS.main)" count="999999999999" uniqueCount="4611686018427387903"><si><t>only</t></si></sst>"#
        let rows = #"<row r="1048576"><c r="XFD1048576" t="s"><v>0</v></c><c r="XFE1" s="99999999999"><v>1</v></c></row><row r="99999999"><c><v>2</v></c></row>"#
        let (wb, sheet) = try firstSheet(Fixture.oneSheet(rows, sharedStrings: sst))
        #expect(wb.sharedStrings.count == 1)
        #expect(sheet.cells.first?.address == CellAddress(row: 1_048_576, column: 16_384))
        #expect(sheet.cells.count == 3)
        #expect(sheet.cells.map(\.value) == [.string("only"), .number(1), .number(2)])
        #expect(sheet.cells[1].isDateFormatted == false)
    }

    @Test(.timeLimit(.minutes(1)))
    func randomDamageEndsInATypedErrorOrARead() throws {
        let parts = Fixture.workbook(
            [.init("Data", Fixture.worksheet(
                (1...40).map { #"<row r="\#($0)"><c r="A\#($0)" t="s"><v>\#($0 % 3)</v></c><c r="B\#($0)" s="1"><v>\#($0).5</v></c><c r="C\#($0)" t="inlineStr"><is><t>t\#($0)</t></is></c></row>"# }.joined(),
                after: #"<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells><dataValidations count="1"><dataValidation type="list" sqref="D1:D40"><formula1>"a,b"</formula1></dataValidation></dataValidations>"#)),
             .init("Chart", "<chartsheet xmlns=\"\(NS.main)\"/>", kind: "chartsheet")],
            sharedStrings: Fixture.sharedStrings(["x", "y", "z"]), styles: Fixture.styles(formats: [164: "yyyy-mm-dd"], xfs: [0, 164]),
            workbookPr: #"<workbookPr date1904="1"/>"#)
        var outcomes: [String: Int] = [:]
        for level: UInt32 in [0, 6] {
            let original = try packageBytes(parts, level: level)
            var state: UInt64 = 0x5EED + UInt64(level)
            func next() -> Int {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Int(truncatingIfNeeded: state >> 33)
            }
            for _ in 0..<300 {
                var bytes = original
                for _ in 0...(next() % 4) {
                    let at = next() % bytes.count
                    switch next() % 3 {
                    case 0: bytes[at] ^= UInt8(truncatingIfNeeded: 1 << (next() % 8))
                    case 1: bytes[at] = UInt8(truncatingIfNeeded: next())
                    default: bytes[at] = 0xFF
                    }
                }
                do {
                    let wb = try Workbook(bytes: bytes, displayName: "damaged.xlsx", limits: ReadLimits(maxTotalBytes: 64 << 20))
                    _ = try dumpText(wb)
                    for s in wb.worksheets where s.part != nil {
                        let sheet = try wb.readSheet(s)
                        for v in sheet.validations { _ = try wb.listItems(of: v, on: sheet) }
                    }
                    outcomes["read", default: 0] += 1
                } catch let e as XLSXError {
                    #expect(e.file == "damaged.xlsx")
                    outcomes[Mirror(reflecting: e).children.first?.label ?? "?", default: 0] += 1
                }
            }
        }
        // Damage lands both where it is noticed and where it is not.
        #expect(outcomes.values.reduce(0, +) == 600)
        #expect(outcomes.count >= 3, "\(outcomes)")
    }
}
