#if canImport(Glibc)
import CMalloc
import Glibc
#endif

/// glibc's allocator, set for a process that reads workbooks on every core and then holds a
/// whole month while one thread audits and publishes it; set before any thread starts, unless
/// the environment sets it (`MALLOC_MMAP_THRESHOLD_`). Blocks of 4 MB and more are mapped on
/// their own (an output's text, the store's buffers): glibc otherwise raises that threshold to
/// the largest such block freed, and later ones are carved from the heap, whose room stays with
/// the process (217–218 → 210–213 MiB, national month). Lower, each workbook's buffers would be
/// mapped and unmapped: at 128 KB, 0.5–1 s more CPU. The arenas are left as they are: one arena
/// in all held about 7 MiB less, but the reading threads then waited on its lock (three alternated
/// pairs: 208 MiB and 6.1 s median, against 215 MiB and 5.2 s).
enum Allocator {
    static func configure() {
        #if canImport(Glibc)
        if getenv("MALLOC_MMAP_THRESHOLD_") == nil { mallopt(M_MMAP_THRESHOLD, 4 << 20) }
        #endif
    }
}
