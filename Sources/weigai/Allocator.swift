#if canImport(Glibc)
import CMalloc
import Foundation
import Glibc
#endif

/// glibc's allocator, set for a process that reads workbooks on every core and then holds a
/// whole month while one thread audits and publishes it; set before any thread starts, unless
/// the environment sets it (`MALLOC_MMAP_THRESHOLD_`, `MALLOC_ARENA_MAX`).
/// - Blocks of 4 MB and more are mapped on their own (an output's text, the store's buffers):
///   glibc otherwise raises that threshold to the largest such block freed, and later ones are
///   carved from the heap, whose room stays with the process (217–218 → 210–213 MiB, national
///   month). Lower, each workbook's buffers would be mapped and unmapped: at 128 KB, 0.5–1 s
///   more CPU.
/// - One arena a core, not glibc's eight: each arena keeps its own free room, and the month's
///   data spread over more of them held more (national month 175–176 → 167–169 MiB in three
///   sets of alternated runs, the time no worse). One arena in all held less still, but the
///   reading threads then waited on its lock (208 MiB and 6.1 s median, against 215 MiB and 5.2 s).
enum Allocator {
    static func configure() {
        #if canImport(Glibc)
        if getenv("MALLOC_MMAP_THRESHOLD_") == nil { mallopt(M_MMAP_THRESHOLD, 4 << 20) }
        if getenv("MALLOC_ARENA_MAX") == nil { mallopt(M_ARENA_MAX, Int32(max(1, ProcessInfo.processInfo.activeProcessorCount))) }
        #endif
    }
}
