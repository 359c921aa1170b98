#if canImport(Glibc)
import CMalloc
import Glibc
#endif

/// glibc's allocator, set for a process that reads workbooks on every core and then holds a
/// whole month while one thread audits and publishes it; set before any thread starts. Each
/// setting the environment gives (`MALLOC_ARENA_MAX`, `MALLOC_MMAP_THRESHOLD_`) decides instead.
/// - One arena: each thread otherwise allocates from an arena of its own, and the room one frees
///   the others never reuse. National month (3,000 workbooks), paired runs: peak RSS 228–243 →
///   218–224 MiB, CPU unchanged.
/// - Blocks of 4 MB and more mapped on their own (an output's text, the store's buffers): glibc
///   otherwise raises that threshold to the largest such block freed, and later ones are carved
///   from the heap, whose room stays with the process (217–218 → 210–213 MiB). Lower, each
///   workbook's buffers would be mapped and unmapped: at 128 KB, 0.5–1 s more CPU.
enum Allocator {
    static func configure() {
        #if canImport(Glibc)
        if getenv("MALLOC_ARENA_MAX") == nil { mallopt(M_ARENA_MAX, 1) }
        if getenv("MALLOC_MMAP_THRESHOLD_") == nil { mallopt(M_MMAP_THRESHOLD, 4 << 20) }
        #endif
    }
}
