import CLibXML2
import Foundation

/// An element's local name as libxml2 hands it over: NUL-terminated UTF-8, valid during the callback.
/// Namespaces are ignored on purpose: transitional, strict and odd prefixes (`x:`) read alike.
struct XMLName {
    let raw: UnsafePointer<UInt8>
    /// The namespace URI, NUL-terminated, or nil.
    let uri: UnsafePointer<UInt8>?
    /// The prefix as written (`x` of `<x:c>`), NUL-terminated, or nil; for rewriting a part.
    var prefix: UnsafePointer<UInt8>? = nil

    @inline(__always)
    func `is`(_ literal: StaticString) -> Bool {
        strcmp(UnsafeRawPointer(raw).assumingMemoryBound(to: CChar.self),
               UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    var string: String { String(cString: raw) }
    var namespace: String? { uri.map { String(cString: $0) } }
}

/// The attributes of one start tag, read in place (libxml2's localname/prefix/URI/value/end quintuples).
struct XMLAttributes {
    let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int
    /// The namespaces the start tag declares, as (prefix, URI) pairs; for rewriting a part.
    var namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>? = nil
    var namespaceCount = 0

    @inline(__always)
    func value(_ localName: StaticString) -> UnsafeRawBufferPointer? {
        guard let base else { return nil }
        for i in 0..<count {
            let a = base + i * 5
            guard let name = a[0] else { continue }
            if strcmp(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self),
                      UnsafeRawPointer(localName.utf8Start).assumingMemoryBound(to: CChar.self)) == 0,
               let start = a[3], let end = a[4] {
                return UnsafeRawBufferPointer(start: start, count: end - start)
            }
        }
        return nil
    }

    func string(_ localName: StaticString) -> String? {
        value(localName).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// Receives the events of one streamed part. A handler that must abort sets `failure`;
/// the stream stops at the next chunk boundary and throws it.
protocol XMLStreamHandler: AnyObject {
    func start(_ name: XMLName, _ attributes: XMLAttributes)
    func end(_ name: XMLName)
    func text(_ bytes: UnsafeRawBufferPointer)
    var failure: Error? { get }
}

/// Streams one XML part through libxml2's SAX2 push parser. No DOM is built. No network,
/// no external entities, no DTD: a part that declares one is refused before any of it is read.
enum XMLStream {
    private final class Context {
        let handler: XMLStreamHandler
        var parser: xmlParserCtxtPtr?
        var declaredDTD = false
        var firstError: (line: Int, message: String)?
        init(handler: XMLStreamHandler) { self.handler = handler }
    }

    private static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOENT.rawValue
        | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)

    /// Parses the bytes `produce` hands over, chunk by chunk.
    static func parse(file: String, part: String, handler: XMLStreamHandler,
                      produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let context = Context(handler: handler)
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        // The per-event callbacks borrow the context (it outlives the parser): no retain and
        // release per element, which would otherwise cost more than the handler's own work.
        sax.startElementNs = { ctx, localname, prefix, uri, nbNamespaces, namespaces, nbAttributes, _, attributes in
            Unmanaged<Context>.fromOpaque(ctx!)._withUnsafeGuaranteedRef {
                $0.handler.start(XMLName(raw: localname!, uri: uri, prefix: prefix),
                                 XMLAttributes(base: attributes, count: Int(nbAttributes), namespaces: namespaces,
                                               namespaceCount: Int(nbNamespaces)))
            }
        }
        sax.endElementNs = { ctx, localname, prefix, uri in
            Unmanaged<Context>.fromOpaque(ctx!)._withUnsafeGuaranteedRef {
                $0.handler.end(XMLName(raw: localname!, uri: uri, prefix: prefix))
            }
        }
        let characters: charactersSAXFunc = { ctx, ch, len in
            Unmanaged<Context>.fromOpaque(ctx!)._withUnsafeGuaranteedRef {
                $0.handler.text(UnsafeRawBufferPointer(start: ch, count: Int(len)))
            }
        }
        sax.characters = characters
        sax.cdataBlock = characters
        sax.internalSubset = { ctx, _, _, _ in
            let c = Unmanaged<Context>.fromOpaque(ctx!).takeUnretainedValue()
            c.declaredDTD = true
            xmlStopParser(c.parser)
        }
        sax.entityDecl = { ctx, _, _, _, _, _ in
            let c = Unmanaged<Context>.fromOpaque(ctx!).takeUnretainedValue()
            c.declaredDTD = true
            xmlStopParser(c.parser)
        }
        sax.serror = { ctx, error in
            guard let ctx, let error else { return }
            let c = Unmanaged<Context>.fromOpaque(ctx).takeUnretainedValue()
            guard c.firstError == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "parse error"
            c.firstError = (Int(error.pointee.line),
                            message.trimmingCharacters(in: .whitespacesAndNewlines))
        }

        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        guard let parser = xmlCreatePushParserCtxt(&sax, unmanaged.toOpaque(), nil, 0, part) else {
            throw XLSXError.malformedXML(file: file, part: part, line: 0, detail: "libxml2 could not start a parser")
        }
        context.parser = parser
        defer {
            if let doc = parser.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(parser)
        }
        xmlCtxtUseOptions(parser, options)

        func check() throws {
            if context.declaredDTD { throw XLSXError.dtdRefused(file: file, part: part) }
            if let failure = handler.failure { throw failure }
            if let e = context.firstError {
                throw XLSXError.malformedXML(file: file, part: part, line: e.line, detail: e.message)
            }
        }
        try produce { chunk in
            try check()
            var offset = 0
            // xmlParseChunk takes an Int32 length.
            while offset < chunk.count {
                let n = min(chunk.count - offset, 1 << 30)
                xmlParseChunk(parser, chunk.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self),
                              Int32(n), 0)
                offset += n
            }
        }
        try check()
        xmlParseChunk(parser, nil, 0, 1)
        try check()
        if parser.pointee.wellFormed == 0 {
            throw XLSXError.malformedXML(file: file, part: part, line: Int(xmlSAX2GetLineNumber(parser)),
                                         detail: "not well-formed")
        }
    }

    /// Parses bytes already in memory.
    static func parse(file: String, part: String, handler: XMLStreamHandler, bytes: [UInt8]) throws {
        try parse(file: file, part: part, handler: handler) { feed in
            try bytes.withUnsafeBytes { try feed($0) }
        }
    }
}
