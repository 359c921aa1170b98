import CJemalloc
import JemallocSettings

/// The executable's allocator: jemalloc, linked in place of glibc's malloc, with the settings
/// `JemallocSettings` gives it (one arena; freed pages back to the system after 0.3 s). Allocating
/// and freeing take fewer instructions than glibc's, and its one arena holds less free room than
/// glibc's arena per reading thread: a national month took 3.25 s and 162 MiB at its peak, against
/// 3.64 s and 170 MiB with glibc's malloc (three alternated rounds; docs/performance.md, stop 23).
enum Allocator {
    /// `jemalloc 5.3.0-0-g54eaed1d…, 1 arena`: for the run's log, with whether the program's own
    /// allocations go through it (they would not if another malloc came first in the link).
    static var description: String {
        let version = read("version", UnsafePointer<CChar>?.none).flatMap { $0.map { String(cString: $0) } } ?? "?"
        let arenas = read("opt.narenas", UInt32(0)).map(String.init) ?? "?"
        return "jemalloc \(version), \(arenas) arena(s), the program's allocations \(allocatesThroughIt.map { $0 ? "through it" : "NOT through it" } ?? "not counted")"
    }

    /// Whether a Swift array's storage is counted by jemalloc as this thread's (nil without its statistics).
    private static var allocatesThroughIt: Bool? {
        guard let before = read("thread.allocated", UInt64(0)) else { return nil }
        let block = [UInt8](repeating: 1, count: 1 << 20)
        guard let after = read("thread.allocated", UInt64(0)) else { return nil }
        return withExtendedLifetime(block) { after - before >= UInt64(block.count) }
    }

    private static func read<T: BitwiseCopyable>(_ name: String, _ zero: T) -> T? {
        var value = zero
        var size = MemoryLayout<T>.size
        return mallctl(name, &value, &size, nil, 0) == 0 ? value : nil
    }
}
