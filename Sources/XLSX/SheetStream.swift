import Foundation

/// How a cell's value was stored (its `t` attribute).
public enum CellKind: UInt8, Sendable {
    case sharedString, number, boolean, error, inlineString, formulaString, isoDate
}

/// One cell as the sheet stream hands it over. `text` points into the parser's buffer and is
/// valid only during the callback; nothing here allocates.
public struct CellEvent {
    public let address: CellAddress
    public let kind: CellKind
    /// The cell's `s` attribute: an index into the workbook's cell formats.
    public let styleIndex: Int
    /// `.number`: the value. `.boolean`: 1 or 0.
    public let number: Double
    /// `.sharedString`: the index into the shared-string table.
    public let sharedIndex: Int
    /// `.error`, `.inlineString`, `.formulaString`, `.isoDate`: the UTF-8 text, escapes decoded.
    public let text: UnsafeRawBufferPointer
}

/// What a sheet holds besides its cells; it follows `sheetData`, so one pass gives both.
public struct SheetExtras: Sendable, Equatable {
    public var merges: [CellRange] = []
    public var validations: [DataValidation] = []
    /// Set when the sheet's root element is not in a SpreadsheetML namespace (e.g. the 2006 beta
    /// format): its content was not read.
    public var foreignNamespace: String?
}

/// The namespaces of a worksheet's root: transitional and strict OOXML, and the Excel 2006
/// namespace of a macro sheet's `<xm:macrosheet>` (its content is SpreadsheetML).
let spreadsheetMLNamespaces: Set<String> = [
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
    "http://schemas.microsoft.com/office/excel/2006/main",
]

extension Workbook {
    /// Streams every cell that holds a value, in file order, then returns the merged ranges
    /// and data validations. The sheet is never held in memory.
    @discardableResult
    public func streamCells(of sheet: SheetInfo, _ body: (CellEvent) throws -> Void) throws -> SheetExtras {
        guard let part = sheet.part else {
            throw XLSXError.missingPart(file: file, part: "the part of sheet \(sheet.name)")
        }
        let handler = SheetHandler(file: file, sheet: sheet.name, strings: sharedStrings.store)
        try withoutActuallyEscaping(body) { sink in
            handler.sink = sink
            defer { handler.sink = nil }
            try archive.stream(part, into: handler)
        }
        // A table read in the background may have failed past the strings this sheet used.
        try sharedStrings.store.complete()
        return handler.extras
    }
}

/// The SAX state machine of a worksheet part. Element names are dispatched on their bytes and
/// attribute values parsed in place: the per-cell path makes no `String` and no allocation.
final class SheetHandler: XMLStreamHandler {
    private enum Capture { case none, value, inlineText, formula1, sqref }

    let file: String
    let sheet: String
    /// The shared strings, perhaps still being read on another thread.
    let strings: SharedStrings.Store

    // The state below is touched on every SAX event. Swift's dynamic exclusivity checks on class
    // properties would cost more than the handler's own work, and a handler is only ever driven
    // by its one parser, one callback at a time, so they are turned off for it.
    @exclusivity(unchecked) var sink: ((CellEvent) throws -> Void)?
    @exclusivity(unchecked) var extras = SheetExtras()
    @exclusivity(unchecked) var failure: Error?
    @exclusivity(unchecked) private var sawRoot = false
    @exclusivity(unchecked) private var row = 0
    @exclusivity(unchecked) private var column = 0
    @exclusivity(unchecked) private var inCell = false
    @exclusivity(unchecked) private var cellAddress = CellAddress(row: 1, column: 1)
    @exclusivity(unchecked) private var kind = CellKind.number
    @exclusivity(unchecked) private var style = 0
    @exclusivity(unchecked) private var hasValue = false
    @exclusivity(unchecked) private var capture = Capture.none
    @exclusivity(unchecked) private var phoneticDepth = 0
    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var length = 0
    @exclusivity(unchecked) private var capacity = 256
    /// How many shared strings are known to be read: only past them does a cell wait.
    @exclusivity(unchecked) private var stringsRead = 0
    /// Where the current inline `<t>` run starts in `buffer`, and whether it keeps its whitespace.
    @exclusivity(unchecked) private var runStart = 0
    @exclusivity(unchecked) private var preserve = false

    private var inValidation = false
    private var validationType = ""
    private var validationSqref = ""
    private var validationErrorStyle = DataValidation.ErrorStyle.stop
    private var formula1: [UInt8] = []
    private var sqrefText: [UInt8] = []

    init(file: String, sheet: String, strings: SharedStrings.Store) {
        self.file = file
        self.sheet = sheet
        self.strings = strings
        buffer = .allocate(capacity: capacity + 1)
    }

    deinit { buffer.deallocate() }

    func start(_ name: XMLName, _ attributes: XMLAttributes) {
        guard failure == nil, extras.foreignNamespace == nil else { return }
        if !sawRoot {
            sawRoot = true
            let ns = name.namespace ?? ""
            if !spreadsheetMLNamespaces.contains(ns) { extras.foreignNamespace = ns; return }
        }
        let n = name.raw
        switch n[0] {
        case UInt8(ascii: "c") where n[1] == 0:
            startCell(attributes)
        case UInt8(ascii: "v") where n[1] == 0:
            // An inline-string cell's value is its <is>; a stray <v> there is ignored.
            if inCell && kind != .inlineString { capture = .value; length = 0; hasValue = true }
        case UInt8(ascii: "r") where name.is("row"):
            if let r = attributes.value("r"), let v = Self.integer(r) { row = v } else { row += 1 }
            column = 0
        case UInt8(ascii: "i") where name.is("is"):
            if inCell { length = 0; hasValue = true; if kind != .inlineString { kind = .inlineString } }
        case UInt8(ascii: "t") where n[1] == 0:
            if inCell && phoneticDepth == 0 && (kind == .inlineString) {
                capture = .inlineText
                runStart = length
                preserve = CellTextWhitespace.preserves(attributes)
            }
        case UInt8(ascii: "r") where name.is("rPh"):
            phoneticDepth += 1
        case UInt8(ascii: "m") where name.is("mergeCell"):
            if let ref = attributes.value("ref"), let range = CellRange.parse(ref) { extras.merges.append(range) }
        case UInt8(ascii: "d") where name.is("dataValidation"):
            inValidation = true
            validationType = attributes.string("type") ?? "none"
            validationSqref = attributes.string("sqref") ?? ""
            validationErrorStyle = attributes.string("errorStyle").flatMap(DataValidation.ErrorStyle.init) ?? .stop
            formula1.removeAll(keepingCapacity: true)
            sqrefText.removeAll(keepingCapacity: true)
        case UInt8(ascii: "f") where inValidation && name.is("formula1"):
            capture = .formula1
        case UInt8(ascii: "s") where inValidation && name.is("sqref"):
            capture = .sqref
        default:
            break
        }
    }

    func end(_ name: XMLName) {
        guard failure == nil, extras.foreignNamespace == nil else { return }
        let n = name.raw
        switch n[0] {
        case UInt8(ascii: "c") where n[1] == 0:
            if inCell { endCell() }
        case UInt8(ascii: "t") where n[1] == 0:
            // Each inline run on its own, as Excel reads it (`CellTextWhitespace`).
            if capture == .inlineText && !preserve {
                length = runStart + CellTextWhitespace.trim(buffer + runStart, count: length - runStart)
            }
            if capture != .formula1 { capture = .none }
        case UInt8(ascii: "v") where n[1] == 0:
            if capture != .formula1 { capture = .none }
        case UInt8(ascii: "r") where name.is("rPh"):
            phoneticDepth -= 1
        case UInt8(ascii: "f") where inValidation && name.is("formula1"):
            capture = .none
        case UInt8(ascii: "s") where inValidation && name.is("sqref"):
            capture = .none
        case UInt8(ascii: "d") where name.is("dataValidation"):
            inValidation = false
            let sqref = validationSqref.isEmpty ? String(decoding: sqrefText, as: UTF8.self) : validationSqref
            extras.validations.append(DataValidation(
                type: validationType, ranges: CellRange.list(sqref),
                formula1: EdgeSpaces.trimmed(String(decoding: formula1, as: UTF8.self), newlines: true),
                errorStyle: validationErrorStyle))
        default:
            break
        }
    }

    @inline(__always)
    func text(_ bytes: UnsafeRawBufferPointer) {
        switch capture {
        case .none: return
        case .value, .inlineText: append(bytes)
        case .formula1: formula1.append(contentsOf: bytes)
        case .sqref: sqrefText.append(contentsOf: bytes)
        }
    }

    @inline(__always)
    private func append(_ bytes: UnsafeRawBufferPointer) {
        let needed = length + bytes.count
        if needed > capacity {
            var newCapacity = capacity * 2
            while newCapacity < needed { newCapacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity + 1)
            grown.update(from: buffer, count: length)
            buffer.deallocate()
            buffer = grown
            capacity = newCapacity
        }
        if let base = bytes.baseAddress {
            (buffer + length).update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        }
        length = needed
    }

    private func startCell(_ attributes: XMLAttributes) {
        inCell = true
        hasValue = false
        length = 0
        kind = .number
        style = 0
        var address: CellAddress?
        if let base = attributes.base {
            for i in 0..<attributes.count {
                let a = base + i * 5
                guard let local = a[0], let start = a[3], let end = a[4] else { continue }
                let value = UnsafeRawBufferPointer(start: start, count: end - start)
                guard local[1] == 0 else { continue }
                switch local[0] {
                case UInt8(ascii: "r"): address = CellAddress.parse(value)
                case UInt8(ascii: "t"): kind = Self.kind(value)
                case UInt8(ascii: "s"): style = Self.integer(value) ?? 0
                default: break
                }
            }
        }
        if let address {
            cellAddress = address
            row = address.row
            column = address.column
        } else {
            if row == 0 { row = 1 }
            column += 1
            cellAddress = CellAddress(row: row, column: column)
        }
    }

    private func endCell() {
        inCell = false
        capture = .none
        guard hasValue, length > 0, sink != nil else { return }
        buffer[length] = 0
        let text = UnsafeRawBufferPointer(start: buffer, count: length)
        var number = 0.0
        var shared = 0
        switch kind {
        case .sharedString:
            guard let i = Self.integer(text) else {
                return fail("shared string index \(String(decoding: text, as: UTF8.self)) is not in the table of \(strings.waitForAll())")
            }
            if i >= stringsRead {
                do { stringsRead = try strings.wait(for: i) } catch { failure = error; return }
                guard i < stringsRead else {
                    return fail("shared string index \(String(decoding: text, as: UTF8.self)) is not in the table of \(stringsRead)")
                }
            }
            shared = i
        case .number:
            guard let v = Self.double(buffer, length) else {
                return fail("\(String(decoding: text, as: UTF8.self)) is stored as a number but is not one")
            }
            number = v
        case .boolean:
            switch String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased() {
            case "1", "true": number = 1
            case "0", "false": number = 0
            case let other: return fail("\(other) is stored as a boolean but is not one")
            }
        case .error, .inlineString, .formulaString, .isoDate:
            if Self.hasEscape(buffer, length) {
                var bytes = Array(text)
                OOXMLEscapes.decode(&bytes, from: 0)
                return bytes.withUnsafeBytes { emit(number: 0, shared: 0, text: $0) }
            }
        }
        emit(number: number, shared: shared, text: text)
    }

    @inline(__always)
    private func emit(number: Double, shared: Int, text: UnsafeRawBufferPointer) {
        do {
            try sink?(CellEvent(address: cellAddress, kind: kind, styleIndex: style, number: number,
                                sharedIndex: shared, text: text))
        } catch {
            failure = error
        }
    }

    private func fail(_ detail: String) {
        failure = XLSXError.badCell(file: file, sheet: sheet, cell: cellAddress.a1, detail: detail)
    }

    @inline(__always)
    private static func kind(_ v: UnsafeRawBufferPointer) -> CellKind {
        switch v.count {
        case 1:
            switch v[0] {
            case UInt8(ascii: "s"): return .sharedString
            case UInt8(ascii: "b"): return .boolean
            case UInt8(ascii: "e"): return .error
            case UInt8(ascii: "d"): return .isoDate
            default: return .number
            }
        case 3 where v[0] == UInt8(ascii: "s"): return .formulaString  // str
        case 9 where v[0] == UInt8(ascii: "i"): return .inlineString  // inlineStr
        default: return .number
        }
    }

    @inline(__always)
    private static func hasEscape(_ p: UnsafeMutablePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        while i + 1 < count {
            if p[i] == UInt8(ascii: "_") && p[i + 1] == UInt8(ascii: "x") { return true }
            i += 1
        }
        return false
    }

    /// A non-negative decimal integer, surrounding spaces allowed.
    @inline(__always)
    static func integer(_ v: UnsafeRawBufferPointer) -> Int? {
        var result = 0
        var digits = 0
        for b in v {
            if b >= 0x30 && b <= 0x39 {
                guard digits < 18 else { return nil }
                result = result * 10 + Int(b - 0x30)
                digits += 1
            } else if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                continue
            } else {
                return nil
            }
        }
        return digits > 0 ? result : nil
    }

    /// Powers of ten as literals (so exactly), for `double`'s fast path: at most 15 fraction digits.
    private static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
                                                1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

    /// Parses a NUL-terminated decimal number of `count` bytes; nil unless the whole text (but
    /// spaces) is one. A plain decimal of at most 15 digits (nearly every stored number) is
    /// exactly its digits over a power of ten, both exact doubles, so one IEEE division rounds
    /// it as strtod would; anything else goes to strtod.
    @inline(__always)
    static func double(_ p: UnsafeMutablePointer<UInt8>, _ count: Int) -> Double? {
        var i = 0
        let negative = count > 0 && p[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var mantissa: Int64 = 0
        var digits = 0
        var fraction = 0
        var point = false
        while i < count {
            let b = p[i]
            if b >= 0x30 && b <= 0x39 {
                mantissa = mantissa &* 10 &+ Int64(b &- 0x30)
                digits += 1
                if point { fraction += 1 }
            } else if b == UInt8(ascii: ".") && !point {
                point = true
            } else {
                break
            }
            i += 1
        }
        if i == count && digits > 0 && digits <= 15 {
            let v = Double(mantissa) / powersOfTen[fraction]
            return negative ? -v : v
        }
        return strtodWhole(p)
    }

    @inline(never)
    private static func strtodWhole(_ p: UnsafeMutablePointer<UInt8>) -> Double? {
        var end: UnsafeMutablePointer<CChar>?
        let start = UnsafeMutableRawPointer(p).assumingMemoryBound(to: CChar.self)
        let v = strtod(start, &end)
        guard let end, end != start else { return nil }
        var rest = end
        while rest.pointee == 0x20 || rest.pointee == 0x0A || rest.pointee == 0x0D || rest.pointee == 0x09 {
            rest += 1
        }
        guard rest.pointee == 0 else { return nil }
        return v
    }
}
