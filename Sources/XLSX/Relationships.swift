import Foundation

/// One `<Relationship>` of a `.rels` part, its target resolved to a part name.
struct Relationship: Sendable {
    let id: String
    /// The type URI's last segment (`worksheet`, `sharedStrings`, `officeDocument`…), so
    /// transitional and strict OOXML read alike.
    let kind: String
    /// The part it points to, without a leading `/`; nil for external targets.
    let target: String?
}

enum Relationships {
    /// The `.rels` part that belongs to `part` (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`).
    static func relsPart(for part: String) -> String {
        let (dir, name) = split(part)
        return dir.isEmpty ? "_rels/\(name).rels" : "\(dir)/_rels/\(name).rels"
    }

    /// Reads the relationships of `part`; an absent `.rels` part means none.
    static func read(for part: String, in archive: ZipArchive) throws -> [Relationship] {
        let rels = part.isEmpty ? "_rels/.rels" : relsPart(for: part)
        guard archive.contains(rels) else { return [] }
        let handler = Handler(base: split(part).dir)
        try archive.stream(rels, into: handler)
        return handler.items
    }

    /// Resolves `target` against the folder of the source part: absolute (`/xl/…`),
    /// relative (`worksheets/sheet1.xml`, `../xl/…`), backslashes and `./` tolerated.
    /// Foundation is called only for a target that has a backslash or a percent sign.
    static func resolve(_ target: String, from base: String) -> String {
        let t = target.utf8.contains(UInt8(ascii: "\\")) ? target.replacingOccurrences(of: "\\", with: "/") : target
        let slash = { (b: UInt8) in b == UInt8(ascii: "/") }
        var segments: [Substring] = t.hasPrefix("/") ? [] : base.splitASCII(where: slash)
        for s in t.splitASCII(where: slash) {
            switch s {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(s)
            }
        }
        return segments.joined(separator: "/").removingPercentEncodingIfNeeded
    }

    private static func split(_ part: String) -> (dir: String, name: String) {
        let p = part.hasPrefix("/") ? String(part.dropFirst()) : part
        guard let slash = p.lastIndex(of: "/") else { return ("", p) }
        return (String(p[..<slash]), String(p[p.index(after: slash)...]))
    }

    private final class Handler: XMLStreamHandler {
        let base: String
        var items: [Relationship] = []
        var failure: Error? { nil }
        init(base: String) { self.base = base }

        func start(_ name: XMLName, _ attributes: XMLAttributes) {
            guard name.is("Relationship"), let type = attributes.string("Type"),
                  let target = attributes.string("Target") else { return }
            let external = attributes.string("TargetMode") == "External"
            let kind = type.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(type[type.utf8.index(after: $0)...]) } ?? type
            items.append(Relationship(id: attributes.string("Id") ?? "", kind: kind,
                                      target: external ? nil : Relationships.resolve(target, from: base)))
        }
        func end(_ name: XMLName) {}
        func text(_ bytes: UnsafeRawBufferPointer) {}
    }
}

private extension String {
    var removingPercentEncodingIfNeeded: String {
        utf8.contains(UInt8(ascii: "%")) ? (removingPercentEncoding ?? self) : self
    }
}
