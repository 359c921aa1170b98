import Foundation
import XLSX

// What the history store keeps of an extraction, as bytes: each type writes its fields in
// declaration order and reads them back in that order. A field added to one of these types
// must be added here too; the store's round-trip tests compare with the type's Codable form.

extension CellAddress: BinaryStorable {
    public func encode(into w: inout BinaryWriter) {
        w.write(row)
        w.write(column)
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        self.init(row: try r.read(), column: try r.read())
    }
}

extension Period: BinaryStorable {
    /// Months since year 0: one varint of two or three bytes.
    public func encode(into w: inout BinaryWriter) { w.write(year * 12 + month - 1) }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        let n: Int = try r.read()
        guard n >= 0, let p = Period(year: n / 12, month: n % 12 + 1) else { throw r.malformed("not a month: \(n)") }
        self = p
    }
}

extension SimpleDate: BinaryStorable {
    public func encode(into w: inout BinaryWriter) {
        w.write(year)
        w.write(month)
        w.write(day)
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        let (y, m, d): (Int, Int, Int) = (try r.read(), try r.read(), try r.read())
        guard let date = SimpleDate(year: y, month: m, day: d) else { throw r.malformed("not a date: \(y)-\(m)-\(d)") }
        self = date
    }
}

extension Attachment: BinaryStorable {
    public func encode(into w: inout BinaryWriter) { w.write(rawValue) }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        let n: Int = try r.read()
        guard let a = Attachment(rawValue: n) else { throw r.malformed("no attachment \(n)") }
        self = a
    }
}

extension DropDownList.ID: BinaryStorable {
    public func encode(into w: inout BinaryWriter) { w.write(rawValue) }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        let raw: String = try r.read()
        guard let id = Self(rawValue: raw) else { throw r.malformed("no drop-down list \(raw)") }
        self = id
    }
}

extension TableMetadata: BinaryStorable {
    public func encode(into w: inout BinaryWriter) {
        w.write(file)
        w.write(sheet)
        w.write(attachment)
        w.write(title)
        w.write(titleCell)
        w.write(district)
        w.write(districtSource)
        w.write(month)
        w.write(period)
        w.write(unit)
        w.write(filledOn)
        w.write(filledOnText)
        w.write(filler)
        w.write(phone)
        w.write(supervisor)
        w.write(cells)
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        file = try r.read()
        sheet = try r.read()
        attachment = try r.read()
        title = try r.read()
        titleCell = try r.read()
        district = try r.read()
        districtSource = try r.read()
        month = try r.read()
        period = try r.read()
        unit = try r.read()
        filledOn = try r.read()
        filledOnText = try r.read()
        filler = try r.read()
        phone = try r.read()
        supervisor = try r.read()
        cells = try r.read()
    }

    /// The fields in `encode`'s order, each passed over as its type is: the window of the
    /// cross-period checks takes a table's district and month from the store's columns.
    public static func skip(_ r: inout BinaryReader) throws(BinaryReader.Malformed) {
        func pass<T: BinaryStorable>(_: KeyPath<TableMetadata, T>) throws(BinaryReader.Malformed) { try T.skip(&r) }
        try pass(\.file)
        try pass(\.sheet)
        try pass(\.attachment)
        try pass(\.title)
        try pass(\.titleCell)
        try pass(\.district)
        try pass(\.districtSource)
        try pass(\.month)
        try pass(\.period)
        try pass(\.unit)
        try pass(\.filledOn)
        try pass(\.filledOnText)
        try pass(\.filler)
        try pass(\.phone)
        try pass(\.supervisor)
        try pass(\.cells)
    }
}

extension Attachment1Report: BinaryStorable {
    public func encode(into w: inout BinaryWriter) {
        w.write(meta)
        w.write(layout)
        w.write(values)
        w.write(cells)
        w.write(remarks)
        w.write(remarksCell)
        w.write(typicalCases)
        w.write(typicalCasesCell)
        w.write(row)
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        meta = try r.read()
        layout = try r.read()
        values = try r.read()
        cells = try r.read()
        remarks = try r.read()
        remarksCell = try r.read()
        typicalCases = try r.read()
        typicalCasesCell = try r.read()
        row = try r.read()
    }
}

extension CluePerson: BinaryStorable {
    public func encode(into w: inout BinaryWriter) {
        w.write(name)
        w.write(post)
        w.write(rank)
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        name = try r.read()
        post = try r.read()
        rank = try r.read()
    }
}

extension Clue {
    /// `columns` is written only when it is not the register's (it normally is, and is then
    /// shared with the register's again when read back, as extraction shares it).
    func encode(into w: inout BinaryWriter, registerColumns: [String: Int]) {
        w.write(row)
        w.write(seq)
        w.write(sourceChannel)
        w.write(place)
        w.write(personsText)
        w.write(postsText)
        w.write(ranksText)
        w.write(UInt(persons.count))  // as the array of them
        for p in persons { p.encode(into: &w) }
        w.write(summary)
        w.write(amountWan)
        w.write(disposition)
        w.write(rectification)
        w.write(recoveredWan)
        w.write(accountablePersons)
        w.write(columns == registerColumns ? nil : columns)
    }

    init(decoding r: inout BinaryReader, registerColumns: [String: Int]) throws(BinaryReader.Malformed) {
        let row: Int = try r.read()
        guard (1...CellAddress.maxRow).contains(row) else { throw r.malformed("a clue in row \(row)") }
        let seq: Int? = try r.read()
        let (sourceChannel, place, personsText, postsText, ranksText): (String, String, String, String, String)
            = (try r.read(), try r.read(), try r.read(), try r.read(), try r.read())
        let persons: [CluePerson] = try r.read()
        let summary: String = try r.read()
        let amountWan: Decimal? = try r.read()
        let (disposition, rectification): (String, String) = (try r.read(), try r.read())
        let recoveredWan: Decimal? = try r.read()
        let accountablePersons: Int? = try r.read()
        let columns = try r.read([String: Int]?.self) ?? registerColumns
        self.init(row: row, seq: seq, sourceChannel: sourceChannel, place: place, personsText: personsText, postsText: postsText,
                  ranksText: ranksText, persons: persons, summary: summary, amountWan: amountWan, disposition: disposition,
                  rectification: rectification, recoveredWan: recoveredWan, accountablePersons: accountablePersons, columns: columns)
    }
}

extension ClueRegister: BinaryStorable {
    /// The register's own fields before its clues, whose column map is normally the register's.
    public func encode(into w: inout BinaryWriter) {
        w.write(meta)
        w.write(workbookLists)
        w.write(columns)
        w.write(firstDataRow)
        w.write(UInt(clues.count))
        for c in clues { c.encode(into: &w, registerColumns: columns) }
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        meta = try r.read()
        workbookLists = try r.read()
        columns = try r.read()
        firstDataRow = try r.read()
        let n = try r.count()
        clues = []
        clues.reserveCapacity(n)
        for _ in 0..<n { clues.append(try Clue(decoding: &r, registerColumns: columns)) }
    }
}

extension Correction: BinaryStorable {
    public func encode(into w: inout BinaryWriter) {
        w.write(place)
        w.write(value)
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        self.init(place: try r.read(), value: try r.read())
    }
}

extension Rules {
    /// Every rule by its id, for reading stored findings back.
    static let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
}

extension Anomaly: BinaryStorable {
    /// The rule as its id (the catalog holds its texts, as in the Codable form); the message as rendered.
    public func encode(into w: inout BinaryWriter) {
        w.write(rule.id)
        w.write(period)
        w.write(district)
        w.write(attachment)
        w.write(file)
        w.write(sheet)
        w.write(cell)
        w.write(message)
        w.write(expected)
        w.write(actual)
        w.write(suggestion)
        w.write(correction)
        w.write(root)
        w.write(explanation)
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        let id: String = try r.read()
        guard let rule = Rules.byID[id] else { throw r.malformed("no rule \(id) in the catalog") }
        self.rule = rule
        period = try r.read()
        district = try r.read()
        attachment = try r.read()
        file = try r.read()
        sheet = try r.read()
        cell = try r.read()
        message = try r.read()
        expected = try r.read()
        actual = try r.read()
        suggestion = try r.read()
        correction = try r.read()
        root = try r.read()
        explanation = try r.read()
    }
}

extension ExtractedFile: BinaryStorable {
    public func encode(into w: inout BinaryWriter) {
        w.write(file)
        w.write(sha256)
        w.write(attachment1)
        w.write(registers)
        w.write(anomalies)
        w.write(unreadable)
        w.write(readError)
    }

    public init(decoding r: inout BinaryReader) throws(BinaryReader.Malformed) {
        file = try r.read()
        sha256 = try r.read()
        attachment1 = try r.read()
        registers = try r.read()
        anomalies = try r.read()
        unreadable = try r.read()
        readError = try r.read()
    }
}
