import CLibXML2

/// A part being rewritten while it streams: a handler echoes each event it receives as markup,
/// changing only what it means to (an attribute, an element added). Names keep their prefixes
/// and namespace declarations stay where they were; text and attribute values are escaped
/// again. The result says what the source said; it differs only in spelling (quotes, `<a/>`
/// for `<a></a>`, comments and processing instructions dropped).
final class XMLEcho {
    private(set) var bytes: [UInt8] = []
    /// A start tag is written without its `>` until the next event: `/>` if that is its end.
    private(set) var startOpen = false

    init() {
        bytes.append(contentsOf: "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n".utf8)
    }

    /// The element's prefix and a colon (`x:`), or nothing: for elements added beside it.
    static func prefix(_ name: XMLName) -> String {
        name.prefix.map { String(cString: $0) + ":" } ?? ""
    }

    /// Appends markup as is.
    func append(_ markup: String) {
        closeStart()
        bytes.append(contentsOf: markup.utf8)
    }

    func append(_ raw: ArraySlice<UInt8>) {
        closeStart()
        bytes.append(contentsOf: raw)
    }

    /// Echoes a start tag. `set` replaces attributes of the same qualified name where they stand, or adds them;
    /// `drop` removes attributes by qualified name.
    func start(_ name: XMLName, _ attributes: XMLAttributes, set: [(String, String)] = [], drop: [String] = []) {
        closeStart()
        bytes.append(UInt8(ascii: "<"))
        qualified(name.prefix, name.raw)
        if let ns = attributes.namespaces {
            for i in 0..<attributes.namespaceCount {
                bytes.append(contentsOf: " xmlns".utf8)
                if let p = ns[2 * i] {
                    bytes.append(UInt8(ascii: ":"))
                    bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: cLength(p)))
                }
                bytes.append(contentsOf: "=\"".utf8)
                if let uri = ns[2 * i + 1] { escape(UnsafeRawBufferPointer(start: uri, count: cLength(uri)), attribute: true) }
                bytes.append(UInt8(ascii: "\""))
            }
        }
        let changing = !set.isEmpty || !drop.isEmpty
        var adding = set
        if let base = attributes.base {
            for i in 0..<attributes.count {
                let a = base + i * 5
                guard let local = a[0] else { continue }
                if changing {
                    let name = (a[1].map { String(cString: $0) + ":" } ?? "") + String(cString: local)
                    if drop.contains(name) { continue }
                    if let k = adding.firstIndex(where: { $0.0 == name }) {
                        attribute(name, adding.remove(at: k).1)  // replaced where it stood
                        continue
                    }
                }
                bytes.append(UInt8(ascii: " "))
                qualified(a[1], local)
                bytes.append(contentsOf: "=\"".utf8)
                if let start = a[3], let end = a[4] { escape(UnsafeRawBufferPointer(start: start, count: end - start), attribute: true) }
                bytes.append(UInt8(ascii: "\""))
            }
        }
        for (k, v) in adding { attribute(k, v) }
        startOpen = true
    }

    /// Echoes an end tag (`/>` when the element had no content).
    func end(_ name: XMLName) {
        if startOpen {
            bytes.append(contentsOf: "/>".utf8)
            startOpen = false
            return
        }
        bytes.append(contentsOf: "</".utf8)
        qualified(name.prefix, name.raw)
        bytes.append(UInt8(ascii: ">"))
    }

    func text(_ raw: UnsafeRawBufferPointer) {
        closeStart()
        escape(raw, attribute: false)
    }

    /// ` name="value"`, the value escaped.
    private func attribute(_ name: String, _ value: String) {
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: name.utf8)
        bytes.append(contentsOf: "=\"".utf8)
        var v = value
        v.withUTF8 { escape(UnsafeRawBufferPointer($0), attribute: true) }
        bytes.append(UInt8(ascii: "\""))
    }

    private func closeStart() {
        if startOpen {
            bytes.append(UInt8(ascii: ">"))
            startOpen = false
        }
    }

    private func qualified(_ prefix: UnsafePointer<UInt8>?, _ local: UnsafePointer<UInt8>) {
        if let prefix {
            bytes.append(contentsOf: UnsafeBufferPointer(start: prefix, count: cLength(prefix)))
            bytes.append(UInt8(ascii: ":"))
        }
        bytes.append(contentsOf: UnsafeBufferPointer(start: local, count: cLength(local)))
    }

    /// `& < >` always, `"` in attributes; CR always and TAB, LF in attributes as character
    /// references, so a parser reads back exactly the characters it handed over.
    private func escape(_ raw: UnsafeRawBufferPointer, attribute: Bool) {
        var start = 0
        for (i, b) in raw.enumerated() {
            let r: String
            switch b {
            case UInt8(ascii: "&"): r = "&amp;"
            case UInt8(ascii: "<"): r = "&lt;"
            case UInt8(ascii: ">"): r = "&gt;"
            case UInt8(ascii: "\"") where attribute: r = "&quot;"
            case 0x0D: r = "&#13;"
            case 0x09 where attribute: r = "&#9;"
            case 0x0A where attribute: r = "&#10;"
            default: continue
            }
            bytes.append(contentsOf: raw[start..<i])
            bytes.append(contentsOf: r.utf8)
            start = i + 1
        }
        bytes.append(contentsOf: raw[start..<raw.count])
    }
}

/// The length of a NUL-terminated name libxml2 handed over.
private func cLength(_ p: UnsafePointer<UInt8>) -> Int {
    var n = 0
    while p[n] != 0 { n += 1 }
    return n
}
