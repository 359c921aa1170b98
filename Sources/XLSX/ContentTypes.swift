/// `[Content_Types].xml`: the content type of each part, by override or by extension.
struct ContentTypes: Sendable {
    private(set) var overrides: [String: String] = [:]
    private(set) var defaults: [String: String] = [:]

    static let part = "[Content_Types].xml"

    static func read(from archive: ZipArchive) throws -> ContentTypes {
        guard archive.contains(part) else { return ContentTypes() }
        let handler = Handler()
        try archive.stream(part, into: handler)
        return handler.types
    }

    /// The first part whose content type ends with `suffix` (e.g. `.sheet.main+xml`).
    func part(endingWith suffix: String) -> String? {
        overrides.filter { $0.value.hasSuffix(suffix) }.keys.sorted().first
    }

    private final class Handler: XMLStreamHandler {
        var types = ContentTypes()
        var failure: Error? { nil }

        func start(_ name: XMLName, _ attributes: XMLAttributes) {
            if name.is("Override"), let p = attributes.string("PartName"), let t = attributes.string("ContentType") {
                types.overrides[p.hasPrefix("/") ? String(p.dropFirst()) : p] = t
            } else if name.is("Default"), let e = attributes.string("Extension"), let t = attributes.string("ContentType") {
                types.defaults[e.lowercased()] = t
            }
        }
        func end(_ name: XMLName) {}
        func text(_ bytes: UnsafeRawBufferPointer) {}
    }
}
