/* decode: raw bytes to valid UTF-8. A UTF-8 byte-order mark is dropped; each ill-formed
 * sequence becomes one U+FFFD, counted as a lost character; a file that is mostly not text
 * is refused rather than turned into a page of U+FFFD. */
#include <stdio.h>
#include <string.h>

#include "../core/utf8.h"
#include "normalize.h"

static const char utf8_bom[] = "\xEF\xBB\xBF";
static const char replacement[] = "\xEF\xBF\xBD";

/* Binary data shows itself by NUL bytes and undecodable bytes; text has next to none. */
static bool looks_binary(size_t len, size_t nuls, size_t invalid)
{
    return len >= 16 && (nuls * 10 > len || invalid * 4 > len);
}

zhx_status zhx_decode(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, st->log, st->index);
    if (len >= 3 && memcmp(in, utf8_bom, 3) == 0)
        zhx_rw_replace(&rw, 3, "", 0, "decode.bom");
    size_t invalid = 0, nuls = 0;
    for (size_t i = rw.pos; i < len;) {
        unsigned char c = (unsigned char)in[i];
        if (c < 0x80) {
            nuls += c == 0;
            i++;
            continue;
        }
        uint32_t cp;
        int n = zhx_utf8_decode(in + i, len - i, &cp);
        if (n > 0) {
            i += (size_t)n;
            continue;
        }
        zhx_rw_keep(&rw, i);
        zhx_rw_replace(&rw, i + (size_t)-n, replacement, 3, "decode.invalid-utf8");
        invalid++;
        i += (size_t)-n;
    }
    if (looks_binary(len, nuls, invalid)) {
        zhx_rw_abandon(&rw);
        char detail[128];
        snprintf(detail, sizeof detail, "%zu NUL bytes and %zu undecodable sequences in %zu bytes",
                 nuls, invalid, len);
        zhx_doc_fail(st->doc, "binary data, not text", detail);
        return ZHX_ERR_INPUT;
    }
    if (invalid) {
        st->doc->lost_chars += invalid;
        zhx_doc_warn(st->doc, "%zu invalid UTF-8 sequences replaced by U+FFFD", invalid);
    }
    return zhx_rw_finish(&rw, out) ? ZHX_OK : ZHX_ERR_NOMEM;
}
