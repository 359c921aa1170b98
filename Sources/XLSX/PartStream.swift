extension ZipArchive {
    /// Streams one XML part of the package through `handler`: inflated and parsed chunk by chunk.
    func stream(_ part: String, into handler: XMLStreamHandler) throws {
        try XMLStream.parse(file: file, part: part, handler: handler) { feed in
            try read(part, feed)
        }
    }
}
