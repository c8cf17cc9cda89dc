/* Bytes decoded out of an encoding that a text carries inside itself (a mail's quoted-printable,
 * an RTF file's \'xx escapes), each with the input offset where its encoding ends, and their
 * conversion to text in a charset, mapped back to those offsets. Shared by the stages that
 * decode such text (mime, rtf). */
#ifndef ZHX_BYTES_H
#define ZHX_BYTES_H

#include <unicode/ucnv.h>

#include "normalize.h"

typedef struct zhx_bytes {
    char *bytes;
    size_t *end; /* end[i]: the input offset just past byte i's encoding */
    size_t n;
} zhx_bytes;

/* The value of a hexadecimal digit (either case), or -1: the escapes that carry bytes (=E5,
 * \'d6) write them so. */
int zhx_hex_digit(char c);

/* Room for `most` bytes; false when out of memory. Free with zhx_bytes_free either way. */
bool zhx_bytes_alloc(zhx_bytes *d, size_t most);
void zhx_bytes_free(zhx_bytes *d);

/* A converter for `charset`, or NULL (with a document warning naming `what`) when ICU knows
 * none. */
UConverter *zhx_bytes_charset(zhx_stage *st, const char *charset, const char *what);

/* Writes the text of bytes `d` (in `cnv`'s charset) over the input, each character replacing
 * the input up to where its last byte's encoding ends. Returns the U+FFFD written for bytes the
 * charset cannot read. */
size_t zhx_bytes_write(zhx_rewriter *rw, const zhx_bytes *d, UConverter *cnv, const char *rule);

#endif
