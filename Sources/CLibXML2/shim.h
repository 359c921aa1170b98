#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU; its headers clash with Foundation's ICU, and no ICU type is used here. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
