// glibc's allocator: its settings and malloc_trim (part of the C library; Swift's Glibc module leaves this header out).
#include <malloc.h>
