// Extended attributes (part of the C library; Swift's Glibc module leaves this header out).
#include <sys/xattr.h>
