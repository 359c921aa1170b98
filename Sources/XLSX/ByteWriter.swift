import Foundation

/// A buffered writer of raw bytes to a file descriptor, for output that must not build a
/// `String` per item (the cell dump).
public final class ByteWriter {
    private let fd: Int32
    private let name: String
    private var buffer: [UInt8] = []
    private let limit = 1 << 20

    public init(fileDescriptor: Int32, name: String) {
        fd = fileDescriptor
        self.name = name
        buffer.reserveCapacity(limit + 4096)
    }

    @inline(__always)
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { try flush() }
    }

    @inline(__always)
    public func write(byte: UInt8) { buffer.append(byte) }

    public func write(_ string: String) throws {
        var s = string
        try s.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Writes `bytes` as one RFC 4180 field: quoted only when it holds a comma, quote or line break.
    @inline(__always)
    public func writeField(_ bytes: UnsafeRawBufferPointer) throws {
        var needsQuotes = false
        for b in bytes where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else { return try write(bytes) }
        buffer.append(0x22)
        for b in bytes {
            if b == 0x22 { buffer.append(0x22) }
            buffer.append(b)
        }
        buffer.append(0x22)
        if buffer.count >= limit { try flush() }
    }

    public func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                buffer.removeAll(keepingCapacity: true)
                throw XLSXError.io(file: name, detail: "write failed: \(reason)")
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
