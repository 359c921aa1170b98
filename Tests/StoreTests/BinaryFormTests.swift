import Foundation
import GRDB
import Testing
import XLSX
@testable import Forms
@testable import Store

/// The store keeps extractions in their binary form (`BinaryStorable`); Codable stays the
/// definition of what an extraction holds, so each comes back with the same JSON it had.
struct BinaryFormTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

    /// Every workbook of samples/inbox and of the XLSX corpus, as reading gives it.
    static func readWorkbooks() throws -> [ExtractedFile] {
        let reader = FormReader(knownDistricts: Configuration().roster)
        var files: [ExtractedFile] = []
        for folder in ["samples/inbox", "Tests/XLSXTests/Corpus"] {
            let dir = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".xlsx") {
                files.append(reader.read(path: dir.appendingPathComponent(name).path, displayName: name,
                                         received: SimpleDate(year: 2026, month: 11, day: 27)))
            }
        }
        return files
    }

    /// What the binary form must carry besides what reading gives: a finding's root cause,
    /// explanation and correction, a clue whose columns are not its register's, Attachment 1
    /// without district or month, an unreadable file's reason.
    static func edgeCases() -> [ExtractedFile] {
        var f = HistoryStoreOpenTests.extraction()
        f.sha256 = String(repeating: "cd", count: 32)
        f.anomalies[0].root = "phone-missing 附件2!D9"
        f.anomalies[0].explanation = "备注：电话另报"
        f.anomalies[0].correction = Correction(place: "附件2!D9", value: "0791-1234567")
        f.anomalies[0].period = Period(year: 1999, month: 12)
        var other = f.registers[0].clues[0]
        other.columns = ["summary": 8, "seq": 2]
        other.seq = -3
        other.accountablePersons = 0
        f.registers[0].clues.append(other)
        f.registers.append(ClueRegister(meta: TableMetadata(file: "x", sheet: "s", attachment: .two), clues: [], columns: [:], firstDataRow: 1))
        var meta = TableMetadata(file: "东湖区.xlsx", sheet: "附件1", attachment: .one)
        meta.filledOnText = "十一月"
        f.attachment1 = [Attachment1Report(meta: meta, layout: "canonical", values: ["a": Decimal(string: "-0.5")!, "b": 0,
                                                                                     "c": Decimal(string: "12345678901234567890.12")!],
                                           cells: ["a": CellAddress(row: 8, column: 3)], remarks: "备注", remarksCell: nil,
                                           typicalCases: ["案例一", ""], typicalCasesCell: CellAddress(row: 12, column: 1), row: 8)]
        var unreadable = ExtractedFile(file: "坏.xlsx", sha256: String(repeating: "ef", count: 32))
        unreadable.unreadable = true
        unreadable.readError = "zip: not an archive"
        return [f, unreadable]
    }

    static func json(_ f: ExtractedFile) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(f), as: UTF8.self)
    }

    @Test func everyExtractionComesBackAsItWasRead() throws {
        let files = try Self.readWorkbooks() + Self.edgeCases()
        #expect(files.count > 150)
        #expect(files.contains { !$0.attachment1.isEmpty } && files.contains { !$0.registers.isEmpty } && files.contains { !$0.anomalies.isEmpty })
        // Workbooks of the same bytes would share a sha256: key each by its place in the list.
        let keyed = files.enumerated().map { i, f in
            var f = f
            f.sha256 = String(format: "%064x", i)
            return f
        }
        let store = try HistoryStore(path: HistoryStoreOpenTests.path(), extractorVersion: 1, tables: HistoryStoreOpenTests.tables)
        try store.save(keyed.map { WorkbookExtraction(name: $0.file, receivedAt: 0, extracted: $0) })
        let back = try store.extractions(keyed.map(\.sha256))
        #expect(back.count == keyed.count)
        for f in keyed {
            let b = try #require(back[f.sha256])
            #expect(try Self.json(b) == Self.json(f), "\(f.file)")
            #expect(b.attachment1 == f.attachment1 && b.registers == f.registers && b.anomalies == f.anomalies, "\(f.file)")
            for (x, y) in zip(b.registers.flatMap(\.clues), f.registers.flatMap(\.clues)) {
                #expect(x.cells == y.cells && x.amountWan?.description == y.amountWan?.description)
            }
        }
    }

    @Test func attachment1IsStoredOnceAndReadByMonth() throws {
        let store = try HistoryStoreOpenTests.placed()
        var f = Self.edgeCases()[0]
        var dated = f.attachment1[0]
        dated.meta.district = "东湖区"
        dated.meta.period = Period(year: 2026, month: 10)
        f.attachment1.append(dated)
        try store.save([WorkbookExtraction(name: f.file, receivedAt: 0, extracted: f)])
        // Read back as far as its figures: the prefix of the report's encoding, decoded alone.
        let reports = try store.attachment1Figures(in: [Period(year: 2026, month: 10)!])
        #expect(reports.map(\.position) == [1])
        #expect(reports.first?.figures == .all(PastAttachment1(dated)))
        #expect(reports.first?.district == "东湖区" && reports.first?.period == Period(year: 2026, month: 10))
        #expect(try store.extractions([f.sha256])[f.sha256]?.attachment1 == f.attachment1)
        let inWorkbook = try DatabaseQueue(path: store.path).read { db in
            try Data.fetchOne(db, sql: "SELECT extraction FROM workbook")!
        }
        #expect(inWorkbook.range(of: Data("canonical".utf8)) == nil, "Attachment 1 is kept in workbook_attachment1 alone")
    }

    @Test func figuresDecodeAsTheGenericDictionaryForm() throws {
        let values = try (Self.readWorkbooks() + Self.edgeCases()).flatMap(\.attachment1).map(\.values)
        #expect(values.count >= 20)
        let fields = Set(Templates.all.filter { $0.attachment == .one }.flatMap { $0.fields.map(\.id) })
        let slots = FieldValues.Slots.shared
        #expect(Set(slots.ids) == fields)
        for id in Set(values.flatMap(\.keys)).union(["problems_foun", "", "东湖区"]) {
            let found = Array(id.utf8).withUnsafeBytes { slots.slot($0) }
            #expect(found.map { slots.ids[$0] } == (fields.contains(id) ? id : nil) && found == slots.slot(id), "\(id)")
        }
        let odd: [FieldValues] = [[:], ["x": 1, "x2": Decimal(string: "-0.000001")!, "problems_foun": 2, "problems_found\u{0}": 3,
                                         "amount_wan": Decimal(string: "2.50")!, "problems_found": 0]]
        for v in values + odd {
            var w = BinaryWriter()
            w.write(v)
            w.write("after")
            let (generic, fast): (([String: Decimal], String), (FieldValues, String)) = try w.bytes.withUnsafeBytes { b in
                var r = BinaryReader(b)
                var s = BinaryReader(b)
                return ((try r.read(), try r.read()), (try s.read(), try s.read()))
            }
            #expect(fast.0 == v && fast.0 == FieldValues(generic.0) && fast.1 == "after")
            #expect(fast.0.keys.sorted().map { Array($0.utf8) } == generic.0.keys.sorted().map { Array($0.utf8) })
            #expect(Dictionary(uniqueKeysWithValues: fast.0.map { ($0.key, $0.value.description) }) == generic.0.mapValues(\.description))
        }
    }

    /// Figures held by slot read and change as a dictionary's would, whatever the order they come in.
    @Test func fieldValuesActAsADictionary() {
        var v = FieldValues()
        var d: [String: Decimal] = [:]
        let ids = FieldValues.Slots.shared.ids.reversed() + ["x", "problems_foun"] + FieldValues.Slots.shared.ids
        for (i, id) in ids.enumerated() {
            v[id] = Decimal(i)
            d[id] = Decimal(i)
            #expect(v.count == d.count && v[id] == d[id])
        }
        for id in ids.enumerated().filter({ $0.offset % 3 == 0 }).map(\.element) {
            v[id] = nil
            d[id] = nil
        }
        #expect(v == FieldValues(d) && v.count == d.count && Set(v.keys) == Set(d.keys))
        #expect(ids.allSatisfy { v[$0] == d[$0] })
        #expect(v.keys.prefix(2) == FieldValues.Slots.shared.ids.filter { d[$0] != nil }.prefix(2))
        #expect(v != FieldValues() && FieldValues() == [:] && FieldValues().isEmpty)
    }

    @Test func metadataIsPassedOverAsFarAsItIsDecoded() throws {
        let files = try Self.readWorkbooks() + Self.edgeCases()
        var metas = files.flatMap { $0.attachment1.map(\.meta) + $0.registers.map(\.meta) }
        #expect(metas.count >= 20)
        var bare = metas[0]
        (bare.titleCell, bare.district, bare.districtSource, bare.month, bare.period, bare.filledOn, bare.cells) = (nil, nil, nil, nil, nil, nil, [:])
        metas.append(bare)
        #expect(metas.contains { $0.filledOn != nil } && metas.contains { $0.filledOn == nil } && metas.contains { !$0.cells.isEmpty })
        for meta in metas {
            var w = BinaryWriter()
            w.write(meta)
            w.write("after")
            let (decoded, skipped): (Int, String) = try w.bytes.withUnsafeBytes { b in
                var r = BinaryReader(b)
                var s = BinaryReader(b)
                _ = try r.read() as TableMetadata
                try TableMetadata.skip(&s)
                #expect(r.offset == s.offset)
                return (r.offset, try s.read())
            }
            #expect(decoded == w.bytes.count - 6 && skipped == "after")
        }
    }

    @Test func keyFiguresReadAloneAreThoseOfEveryValue() throws {
        let values = try (Self.readWorkbooks() + Self.edgeCases()).flatMap(\.attachment1).map(\.values)
        let odd: [FieldValues] = [[:], ["persons_total": 4, "amount_wan": Decimal(string: "-0.000001")!, "problems_foun": 2],
                                        ["persons_total_county": 1, "persons_total_township": Decimal(string: "2.5")!, "x": 9,
                                         "persons_total_below_township": 3, "problems_closed": 7, "problems_found\u{0}": 3]]
        #expect(values.contains { $0.keys.contains("persons_total_county") })
        for v in values + odd {
            for layout in ["canonical", "variant"] {
                var w = BinaryWriter()
                w.write(v)
                w.write("after")
                let (key, after): (KeyFigures, String) = try w.bytes.withUnsafeBytes { b in
                    var r = BinaryReader(b)
                    return (try HistoryStore.keyFigures(layout: layout, &r), try r.read())
                }
                #expect(key == KeyFigures(PastAttachment1(layout: layout, values: v)) && after == "after", "\(v)")
            }
        }
        // A month only charted is read as far as its key figures.
        let store = try HistoryStore(path: HistoryStoreOpenTests.path(), extractorVersion: 1, tables: HistoryStoreOpenTests.tables)
        var f = Self.edgeCases()[0]
        f.attachment1[0].meta.period = Period(year: 2026, month: 9)
        try store.save([WorkbookExtraction(name: f.file, receivedAt: 0, extracted: f)])
        let charted = try store.attachment1Figures(in: [Period(year: 2026, month: 9)!], charted: [Period(year: 2026, month: 9)!])
        #expect(charted.map(\.figures) == [.key(KeyFigures(f.attachment1[0]))])
    }

    @Test func bytesThatAreNotAnExtractionNameTheirWorkbook() throws {
        let store = try HistoryStoreOpenTests.placed()
        let f = HistoryStoreOpenTests.extraction()
        try store.save([WorkbookExtraction(name: f.file, receivedAt: 0, extracted: f)])
        let whole = try DatabaseQueue(path: store.path).write { db in
            let blob = try Data.fetchOne(db, sql: "SELECT extraction FROM workbook")!
            try db.execute(sql: "UPDATE workbook SET extraction = ?", arguments: [blob.prefix(blob.count / 2)])
            return blob
        }
        #expect(throws: StoreError.self) { try store.extractions([f.sha256]) }
        do {
            _ = try store.extractions([f.sha256])
        } catch StoreError.undecodable(_, let sha, let detail) {
            #expect(sha == f.sha256)
            #expect(detail.hasPrefix("byte "), "where in the bytes it failed")
        }
        try DatabaseQueue(path: store.path).write { db in
            try db.execute(sql: "UPDATE workbook SET extraction = ?", arguments: [whole + Data([0])])
        }
        #expect(throws: StoreError.self) { try store.extractions([f.sha256]) }
    }

    @Test func decimalsKeepTheirText() throws {
        for text in ["0", "1.5", "-3.2", "0.000001", "123456789.123456789", "999999999999999999", "1000000000000000000",
                     "12345678901234567890123.5", "-0.1"] {
            let d = try #require(Decimal(string: text))
            var w = BinaryWriter()
            w.write(d)
            let back: Decimal = try w.bytes.withUnsafeBytes { b in
                var r = BinaryReader(b)
                return try r.read()
            }
            #expect(back == d && back.description == d.description && back.exponent == d.exponent, "\(text)")
        }
    }

    /// A Decimal is written as `plain`'s bytes: they must be `description`'s, which the stores hold.
    @Test func decimalsAreWrittenAsTheirDescription() {
        var values: [Decimal] = [0, 1, -1, Decimal(UInt64.max), -Decimal(UInt64.max), Decimal(string: "1" + String(repeating: "0", count: 30))!,
                                 Decimal(1) / 3, Decimal(string: "5e40")!, Decimal(string: "3e-41")!]
        values += (-3000...3000).map { Decimal($0) / 1000 }
        values += (1...400).map { Decimal(sign: $0 % 2 == 0 ? .minus : .plus, exponent: $0 % 50 - 25, significand: Decimal($0 * 7919)) }
        for d in values {
            var w = BinaryWriter()
            w.write(d)
            var expected = BinaryWriter()
            expected.write(d.description)
            #expect(w.bytes == expected.bytes, "\(d.description)")
        }
    }

    @Test func integersOfEverySizeComeBack() throws {
        let values = [0, 1, -1, 63, -64, 64, 127, 128, 300, -300, Int(Int32.max), Int.max, Int.min]
        var w = BinaryWriter()
        for v in values { w.write(v) }
        let back: [Int] = try w.bytes.withUnsafeBytes { b in
            var r = BinaryReader(b)
            return try values.map { _ in try r.read() }
        }
        #expect(back == values)
    }
}
