// jemalloc's settings for the weigai executable (see Sources/weigai/Allocator.swift).
extern const char *malloc_conf;
