/* Decoded bytes and their text: see bytes.h. */
#include "bytes.h"

#include <stdlib.h>
#include <unicode/utf16.h>

#include "../core/utf8.h"

int zhx_hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                  : -1;
}

bool zhx_bytes_alloc(zhx_bytes *d, size_t most)
{
    d->n = 0;
    d->bytes = malloc(most + 1);
    d->end = malloc((most + 1) * sizeof *d->end);
    return d->bytes && d->end;
}

void zhx_bytes_free(zhx_bytes *d)
{
    free(d->bytes);
    free(d->end);
}

UConverter *zhx_bytes_charset(zhx_stage *st, const char *charset, const char *what)
{
    UErrorCode err = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open(charset, &err);
    if (U_SUCCESS(err))
        return cnv;
    zhx_doc_warn(st->doc, "%s in unknown charset %s left as it is", what, charset);
    return NULL;
}

size_t zhx_bytes_write(zhx_rewriter *rw, const zhx_bytes *d, UConverter *cnv, const char *rule)
{
    UChar *units = malloc((d->n + 1) * sizeof *units);
    int32_t *from = malloc((d->n + 1) * sizeof *from);
    size_t lost = 0;
    if (units && from) {
        UErrorCode err = U_ZERO_ERROR;
        UChar *target = units;
        const char *src = d->bytes;
        ucnv_toUnicode(cnv, &target, units + d->n + 1, &src, d->bytes + d->n, from, true, &err);
        size_t n = (size_t)(target - units);
        for (size_t i = 0; i < n && U_SUCCESS(err);) {
            uint32_t cp;
            U16_NEXT(units, i, n, cp);
            lost += cp == 0xFFFD;
            size_t next = i < n ? (size_t)from[i] : d->n; /* the next character's first byte */
            char utf8[4];
            size_t w = zhx_utf8_encode(cp, utf8);
            zhx_rw_replace(rw, d->end[next ? next - 1 : 0], utf8, w, rule);
        }
    }
    free(units);
    free(from);
    return lost;
}
