import Foundation

/// A buffered writer of raw bytes to a file descriptor, for output that must not build a
/// `String` per item (the cell dump).
public final class ByteWriter {
    private let fd: Int32
    private let name: String
    /// Flushed once it holds this much.
    private let limit = 1 << 20
    // Touched for every byte written, so kept out of Swift's dynamic exclusivity checks, which
    // cost more than the copy; a writer is used from one thread at a time.
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var capacity: Int

    public init(fileDescriptor: Int32, name: String) {
        fd = fileDescriptor
        self.name = name
        capacity = limit + 4096
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        reserve(bytes.count)
        if let source = bytes.baseAddress {
            UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        }
        count += bytes.count
        if count >= limit { try flush() }
    }

    @inline(__always)
    public func write(byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    public func write(_ string: String) throws {
        var s = string
        try s.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Writes `bytes` as one RFC 4180 field: quoted only when it holds a comma, quote or line break.
    @inline(__always)
    public func writeField(_ bytes: UnsafeRawBufferPointer) throws {
        guard Self.needsQuotes(bytes) else { return try write(bytes) }
        reserve(2 * bytes.count + 2)
        base[count] = 0x22
        count += 1
        for b in bytes {
            if b == 0x22 { base[count] = 0x22; count += 1 }
            base[count] = b
            count += 1
        }
        base[count] = 0x22
        count += 1
        if count >= limit { try flush() }
    }

    /// Whether `bytes` holds a comma, quote or line break; eight bytes at a time, as most
    /// fields (long Chinese texts among them) hold none.
    @inline(__always)
    static func needsQuotes(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let p = bytes.baseAddress else { return false }
        var i = 0
        while i + 8 <= bytes.count {
            let x = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if hasByte(x, 0x2C) || hasByte(x, 0x22) || hasByte(x, 0x0A) || hasByte(x, 0x0D) { return true }
            i += 8
        }
        while i < bytes.count {
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            if b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D { return true }
            i += 1
        }
        return false
    }

    /// Whether any of the eight bytes of `x` is `b` (the classic "has a zero byte" test on `x ^ b…b`).
    @inline(__always)
    private static func hasByte(_ x: UInt64, _ b: UInt8) -> Bool {
        let y = x ^ (0x0101_0101_0101_0101 &* UInt64(b))
        return (y &- 0x0101_0101_0101_0101) & ~y & 0x8080_8080_8080_8080 != 0
    }

    /// Makes room for `n` more bytes; the buffer grows only for a field larger than it.
    @inline(__always)
    private func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    public func flush() throws {
        var offset = 0
        while offset < count {
            let n = Foundation.write(fd, base + offset, count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                count = 0
                throw XLSXError.unwritable(file: name, detail: reason)
            }
            offset += n
        }
        count = 0
    }
}
