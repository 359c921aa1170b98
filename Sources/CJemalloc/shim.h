// jemalloc, the executable's allocator in place of glibc's malloc (see Sources/weigai/Allocator.swift).
#include <jemalloc/jemalloc.h>
