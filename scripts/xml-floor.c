/* The floor under `weigai extract`: what libzip + zlib + libxml2 alone cost to stream every XML
 * part weigai reads of each workbook (the package's content types and relationships, the
 * workbook, its shared strings and styles, every worksheet), through the same SAX2 push parser
 * and options, with callbacks that only count. No cell is interpreted. scripts/bench-extract.sh
 * times it beside `weigai extract` over the same files.
 *   xml-floor FILE.xlsx...       prints "ELEMENTS elements, TEXT text bytes in FILES files" */
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>
#include <zip.h>

static long elements, text;
static void start(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u, int nn, const xmlChar **ns,
                  int na, int nd, const xmlChar **a) { elements++; }
static void end(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u) {}
static void characters(void *c, const xmlChar *s, int n) { text += n; }

static int wanted(const char *name) {
    size_t n = strlen(name);
    if (strncmp(name, "docProps/", 9) == 0) return 0;
    return (n > 4 && strcmp(name + n - 4, ".xml") == 0) || (n > 5 && strcmp(name + n - 5, ".rels") == 0);
}

int main(int argc, char **argv) {
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = start;
    sax.endElementNs = end;
    sax.characters = characters;
    sax.cdataBlock = characters;
    int options = XML_PARSE_NONET | XML_PARSE_NOENT | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    static char chunk[1 << 16];
    for (int f = 1; f < argc; f++) {
        int error = 0;
        zip_t *archive = zip_open(argv[f], ZIP_RDONLY, &error);
        if (!archive) { fprintf(stderr, "%s: cannot open (libzip error %d)\n", argv[f], error); return 1; }
        zip_int64_t entries = zip_get_num_entries(archive, 0);
        for (zip_int64_t i = 0; i < entries; i++) {
            const char *name = zip_get_name(archive, i, 0);
            if (!name || !wanted(name)) continue;
            zip_file_t *part = zip_fopen_index(archive, i, 0);
            if (!part) { fprintf(stderr, "%s: cannot open %s\n", argv[f], name); return 1; }
            xmlParserCtxtPtr parser = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, name);
            xmlCtxtUseOptions(parser, options);
            zip_int64_t n;
            while ((n = zip_fread(part, chunk, sizeof chunk)) > 0) xmlParseChunk(parser, chunk, (int)n, 0);
            xmlParseChunk(parser, NULL, 0, 1);
            if (!parser->wellFormed) { fprintf(stderr, "%s: %s is not well-formed\n", argv[f], name); return 1; }
            if (parser->myDoc) xmlFreeDoc(parser->myDoc);
            xmlFreeParserCtxt(parser);
            zip_fclose(part);
        }
        zip_close(archive);
    }
    fprintf(stderr, "%ld elements, %ld text bytes in %d files\n", elements, text, argc - 1);
    return 0;
}
