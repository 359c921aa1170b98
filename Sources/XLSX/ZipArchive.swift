import CLibZip
import Foundation

/// A read-only zip package over libzip. Owns the `zip_t` and, for in-memory packages,
/// the bytes it reads from; both are freed in `deinit`. Every inflated byte is counted
/// against `ReadLimits`, whatever the entry headers claim.
final class ZipArchive {
    let file: String
    let limits: ReadLimits
    private let handle: OpaquePointer
    private let origin: Origin
    /// Entry index by lower-cased name: OPC part names are case-insensitive. A package where two
    /// entries share a name (or names equal but for case) is refused: readers disagree on which
    /// one they take, so a crafted file could show Excel one table and weigai another.
    private var entries: [String: Int] = [:]
    private(set) var names: [String] = []
    /// Shared with `reopened()` handles: the limits hold for the package, however it is read.
    private let budget: Budget

    /// Where the package is read from; in-memory bytes live as long as any handle on them.
    private enum Origin {
        case path(String)
        case bytes(Bytes)
    }

    private final class Bytes {
        let buffer: UnsafeMutableRawBufferPointer
        let count: Int
        init(_ bytes: [UInt8]) {
            count = bytes.count
            buffer = .allocate(byteCount: max(bytes.count, 1), alignment: 8)
            buffer.copyBytes(from: bytes)
        }
        deinit { buffer.deallocate() }
    }

    /// The bytes inflated so far, by every handle on the package (they may run on several threads).
    private final class Budget: @unchecked Sendable {
        private let lock = NSLock()
        private var inflated: Int64 = 0

        var total: Int64 { lock.withLock { inflated } }

        func add(_ n: Int64) -> Int64 {
            lock.withLock {
                inflated += n
                return inflated
            }
        }
    }

    convenience init(path: String, displayName: String? = nil, limits: ReadLimits = .default) throws {
        let file = displayName ?? path
        guard let fh = fopen(path, "rb") else {
            throw XLSXError.io(file: file, detail: String(cString: strerror(errno)))
        }
        var magic = [UInt8](repeating: 0, count: 4)
        let got = fread(&magic, 1, 4, fh)
        fclose(fh)
        try Self.refuseOLE(magic[0..<got], file: file)
        try self.init(origin: .path(path), file: file, limits: limits, budget: Budget())
    }

    convenience init(bytes: [UInt8], displayName: String, limits: ReadLimits = .default) throws {
        try Self.refuseOLE(bytes.prefix(4), file: displayName)
        // libzip opens an empty buffer as an empty archive; an empty file is no zip, as from a path.
        if bytes.isEmpty { throw XLSXError.notAZip(file: displayName, detail: Self.message(code: ZIP_ER_NOZIP)) }
        try self.init(origin: .bytes(Bytes(bytes)), file: displayName, limits: limits, budget: Budget())
    }

    private init(origin: Origin, file: String, limits: ReadLimits, budget: Budget) throws {
        self.file = file
        self.limits = limits
        self.origin = origin
        self.budget = budget
        switch origin {
        case .path(let path):
            var code: Int32 = 0
            guard let za = zip_open(path, ZIP_RDONLY, &code) else {
                throw XLSXError.notAZip(file: file, detail: Self.message(code: code))
            }
            handle = za
        case .bytes(let bytes):
            var error = zip_error_t()
            zip_error_init(&error)
            defer { zip_error_fini(&error) }
            guard let source = zip_source_buffer_create(bytes.buffer.baseAddress, zip_uint64_t(bytes.count), 0, &error) else {
                throw XLSXError.notAZip(file: file, detail: String(cString: zip_error_strerror(&error)))
            }
            guard let za = zip_open_from_source(source, ZIP_RDONLY, &error) else {
                zip_source_free(source)
                throw XLSXError.notAZip(file: file, detail: String(cString: zip_error_strerror(&error)))
            }
            handle = za
        }
        try indexEntries()
    }

    /// Another handle on the same package, for reading on another thread: a `zip_t` must not be
    /// used by two at once. It counts against the same limits.
    func reopened() throws -> ZipArchive {
        try ZipArchive(origin: origin, file: file, limits: limits, budget: budget)
    }

    deinit {
        zip_discard(handle)
    }

    private static func refuseOLE(_ magic: some Collection<UInt8>, file: String) throws {
        if Array(magic) == [0xD0, 0xCF, 0x11, 0xE0] { throw XLSXError.encrypted(file: file) }
    }

    private static func message(code: Int32) -> String {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        return String(cString: zip_error_strerror(&error))
    }

    private func indexEntries() throws {
        let count = Int(zip_get_num_entries(handle, 0))
        if count > limits.maxEntries {
            throw XLSXError.tooManyEntries(file: file, count: count, limit: limits.maxEntries)
        }
        names.reserveCapacity(count)
        for i in 0..<count {
            guard let raw = zip_get_name(handle, zip_uint64_t(i), 0) else { continue }
            let name = String(cString: raw)
            names.append(name)
            if let earlier = entries.updateValue(i, forKey: Self.key(name)) {
                let first = zip_get_name(handle, zip_uint64_t(earlier), 0).map { String(cString: $0) } ?? name
                throw XLSXError.ambiguousPart(file: file, first: first, second: name)
            }
        }
    }

    static func key(_ name: String) -> String {
        // Foundation's replacing costs more than the rest of opening a small workbook's part.
        var n = name.utf8.contains(UInt8(ascii: "\\")) ? name.replacingOccurrences(of: "\\", with: "/") : name
        while n.hasPrefix("/") { n.removeFirst() }
        return n.lowercased()
    }

    func contains(_ part: String) -> Bool { entries[Self.key(part)] != nil }

    /// The libzip handle and an entry's index, for copying the entry's compressed bytes as they are.
    var zip: OpaquePointer { handle }
    func index(of part: String) -> Int? { entries[Self.key(part)] }

    /// The size `part` declares, once it is checked against the limits (0 when it declares none).
    @discardableResult
    func checkDeclaredSize(of part: String) throws -> Int64 {
        try stat(part).declared
    }

    private func stat(_ part: String) throws -> (index: Int, declared: Int64, compressed: Int64) {
        guard let index = entries[Self.key(part)] else {
            throw XLSXError.missingPart(file: file, part: part)
        }
        var st = zip_stat_t()
        zip_stat_init(&st)
        guard zip_stat_index(handle, zip_uint64_t(index), 0, &st) == 0 else {
            throw XLSXError.corruptPart(file: file, part: part, detail: lastError())
        }
        let compressed = (st.valid & zip_uint64_t(ZIP_STAT_COMP_SIZE)) != 0 ? Int64(st.comp_size) : 0
        var declared: Int64 = 0
        if (st.valid & zip_uint64_t(ZIP_STAT_SIZE)) != 0 {
            declared = Int64(clamping: st.size)
            try checkGrowth(part: part, inflated: declared, compressed: compressed, declared: true,
                            total: budget.total)
        }
        return (index, declared, compressed)
    }

    /// The size of `part` as stored (compressed).
    func compressedSize(of part: String) throws -> Int64 { try stat(part).compressed }

    /// Inflates `part` and hands it over in chunks, in order. Chunks are valid only during the call.
    func read(_ part: String, chunkSize: Int = 1 << 16,
              _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let (index, declared, compressed) = try stat(part)
        guard let zf = zip_fopen_index(handle, zip_uint64_t(index), 0) else {
            throw XLSXError.corruptPart(file: file, part: part, detail: lastError())
        }
        defer { zip_fclose(zf) }
        var inflated: Int64 = 0
        let fill = { [self] (buffer: UnsafeMutableRawBufferPointer) throws -> Int in
            let n = zip_fread(zf, buffer.baseAddress!, zip_uint64_t(buffer.count))
            if n < 0 {
                // In place, not on a copy: the message it allocates is freed with `zf`.
                throw XLSXError.corruptPart(file: file, part: part,
                                            detail: String(cString: zip_error_strerror(zip_file_get_error(zf))))
            }
            inflated += Int64(n)
            let total = budget.add(Int64(n))
            try checkGrowth(part: part, inflated: inflated, compressed: compressed, declared: false, total: total)
            return Int(n)
        }
        if declared >= Self.pipelineThreshold {
            return try InflatePipeline(fill: fill).run(body)
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while case let n = try fill(buffer), n > 0 {
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }

    /// Parts that declare at least this many bytes are inflated on a second thread while they
    /// are parsed; for smaller ones the thread costs more than it saves.
    static let pipelineThreshold: Int64 = 1 << 20

    /// The whole part in memory; for the small parts (relationships, workbook, styles).
    func readAll(_ part: String) throws -> [UInt8] {
        var out: [UInt8] = []
        try read(part) { out.append(contentsOf: $0) }
        return out
    }

    private func checkGrowth(part: String, inflated: Int64, compressed: Int64, declared: Bool, total: Int64) throws {
        let claim = declared ? "declares" : "inflates to"
        if total + (declared ? inflated : 0) > limits.maxTotalBytes {
            throw XLSXError.tooLarge(file: file, part: part,
                detail: "the package \(claim) more than \(limits.maxTotalBytes) bytes in all")
        }
        if inflated > limits.ratioFloorBytes && inflated > max(compressed, 1) * limits.maxRatio {
            throw XLSXError.tooLarge(file: file, part: part,
                detail: "\(claim) \(inflated) bytes from \(compressed) compressed (ratio limit \(limits.maxRatio))")
        }
    }

    private func lastError() -> String {
        String(cString: zip_error_strerror(zip_get_error(handle)))
    }
}
