// glibc's allocator settings (part of the C library; Swift's Glibc module leaves this header out).
#include <malloc.h>
