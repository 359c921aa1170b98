import CLibZip
import Foundation

/// Writes a zip package with libzip. Entries are deflated; large ones can be produced in
/// chunks, so a multi-gigabyte part never has to sit in memory.
public final class ZipWriter {
    private let path: String
    private var handle: OpaquePointer?
    /// Producers stay alive until `close()`, when libzip reads them.
    private var producers: [Producer] = []
    /// Packages whose entries are copied; libzip reads them at `close()`.
    private var sources: [ZipArchive] = []
    /// The modification time of entries added from now on; nil for the time of writing.
    public var modified: Date?

    /// Writes the next chunk into the buffer and returns its length; 0 at the end.
    public typealias Fill = (UnsafeMutableRawBufferPointer) -> Int

    private final class Producer {
        let fill: Fill
        init(fill: @escaping Fill) { self.fill = fill }
    }

    /// Creates (or truncates) the archive at `path`.
    public init(path: String) throws {
        self.path = path
        var code: Int32 = 0
        guard let za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code) else {
            var error = zip_error_t()
            zip_error_init_with_code(&error, code)
            defer { zip_error_fini(&error) }
            throw XLSXError.unwritable(file: path, detail: String(cString: zip_error_strerror(&error)))
        }
        handle = za
    }

    deinit {
        if let handle { zip_discard(handle) }
    }

    /// Adds an entry holding `bytes`.
    public func add(_ name: String, bytes: [UInt8], level: UInt32 = 6) throws {
        guard let za = handle else { throw closedError() }
        let copy = malloc(max(bytes.count, 1))!
        bytes.withUnsafeBytes { if let b = $0.baseAddress { copy.copyMemory(from: b, byteCount: bytes.count) } }
        guard let source = zip_source_buffer(za, copy, zip_uint64_t(bytes.count), 1) else {
            free(copy)
            throw lastError()
        }
        try add(name, source: source, level: level)
    }

    public func add(_ name: String, text: String, level: UInt32 = 6) throws {
        try add(name, bytes: Array(text.utf8), level: level)
    }

    /// Adds an entry whose content `fill` produces chunk by chunk when the archive is closed.
    public func add(_ name: String, level: UInt32 = 6, producing fill: @escaping Fill) throws {
        guard let za = handle else { throw closedError() }
        let producer = Producer(fill: fill)
        producers.append(producer)
        let callback: zip_source_callback = { state, data, length, command in
            let p = Unmanaged<Producer>.fromOpaque(state!).takeUnretainedValue()
            switch command {
            case ZIP_SOURCE_OPEN, ZIP_SOURCE_CLOSE, ZIP_SOURCE_FREE:
                return 0
            case ZIP_SOURCE_READ:
                return zip_int64_t(p.fill(UnsafeMutableRawBufferPointer(start: data, count: Int(length))))
            case ZIP_SOURCE_STAT:
                let st = data!.assumingMemoryBound(to: zip_stat_t.self)
                zip_stat_init(st)
                return 0
            case ZIP_SOURCE_ERROR:
                return 0
            case ZIP_SOURCE_SUPPORTS:
                // ZIP_SOURCE_MAKE_COMMAND_BITMASK of each command it answers.
                return [ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                        ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS]
                    .reduce(0) { $0 | (zip_int64_t(1) << zip_int64_t($1.rawValue)) }
            default:
                return -1
            }
        }
        guard let source = zip_source_function(za, callback, Unmanaged.passUnretained(producer).toOpaque()) else {
            throw lastError()
        }
        try add(name, source: source, level: level)
    }

    /// Copies entry `part` of `archive` under the same name, its compressed bytes as they are:
    /// not inflated, not deflated again. The archive is kept open until `close()`.
    func copy(_ part: String, from archive: ZipArchive) throws {
        guard let za = handle else { throw closedError() }
        guard let index = archive.index(of: part) else { throw XLSXError.missingPart(file: archive.file, part: part) }
        guard let source = zip_source_zip(za, archive.zip, zip_uint64_t(index), zip_flags_t(ZIP_FL_COMPRESSED), 0, -1) else {
            throw lastError()
        }
        sources.append(archive)
        if zip_file_add(za, part, source, zip_flags_t(ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE)) < 0 {
            zip_source_free(source)
            throw lastError()
        }
    }

    private func add(_ name: String, source: OpaquePointer, level: UInt32) throws {
        guard let za = handle else { throw closedError() }
        let index = zip_file_add(za, name, source, zip_flags_t(ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE))
        guard index >= 0 else {
            zip_source_free(source)
            throw lastError()
        }
        zip_set_file_compression(za, zip_uint64_t(index), ZIP_CM_DEFLATE, level)
        if let modified, zip_file_set_mtime(za, zip_uint64_t(index), time_t(modified.timeIntervalSince1970), 0) != 0 {
            throw lastError()
        }
    }

    /// Compresses and writes everything; the archive is complete only after this.
    public func close() throws {
        guard let za = handle else { return }
        if zip_close(za) != 0 {
            let error = lastError()
            zip_discard(za)
            handle = nil
            producers.removeAll()
            sources.removeAll()
            throw error
        }
        handle = nil
        producers.removeAll()
        sources.removeAll()
    }

    private func lastError() -> XLSXError {
        guard let handle else { return closedError() }
        return .unwritable(file: path, detail: String(cString: zip_error_strerror(zip_get_error(handle))))
    }

    private func closedError() -> XLSXError { .unwritable(file: path, detail: "archive already closed") }
}
