#include "JemallocSettings.h"

// Read by jemalloc at the process's first allocation, before any Swift code runs: the one place
// it takes settings from other than the environment (MALLOC_CONF, which still overrides these).
// - narenas:1 — one arena for every thread: the reading threads' arenas each kept their own
//   free room (a national month: 162 MiB peak against 170 with two, 186 with the default 8).
// - dirty_decay_ms:300, muzzy_decay_ms:0 — pages freed for 0.3 s go back to the system, so the
//   intake's buffers do not stay resident under the month's publication (0: a madvise per free
//   page, a second more of system time).
const char *malloc_conf = "narenas:1,dirty_decay_ms:300,muzzy_decay_ms:0";
