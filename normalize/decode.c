/* decode: raw bytes to valid UTF-8, with an offset map from every character back to the
 * exact bytes it was decoded from.
 *
 * The charset is the first of: the one --encoding names; the one a byte-order mark names
 * (UTF-8, UTF-16, UTF-32); UTF-8, when the bytes are UTF-8 but for a few ill-formed
 * sequences; the guess of ICU's charset detector (GB18030, Big5, …) when it is confident;
 * and, for a text too short for it, GB18030 or Big5 by the shape of its double-byte pairs.
 * Each ill-formed or unmappable sequence becomes one U+FFFD and is counted as a lost
 * character, as is each U+FFFD the input already held. A file that is mostly not text is
 * refused rather than turned into a page of U+FFFD. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>

#include "../core/utf8.h"
#include "normalize.h"

static const char replacement[] = "\xEF\xBF\xBD";

/* ICU's detector rates a guess from 0 to 100; below this it is guessing from little. */
#define DETECT_CONFIDENT 50
/* Bytes ICU's detector is given from the start of a text: every one of its recognizers reads
 * them all, some two thousand instructions a byte in all (callgrind, on a GBK document), which
 * made detection four fifths of decoding a small GBK page. A thousand characters of Chinese
 * tell GB18030 from Big5 and the rest: the GB18030 and Big5 renderings of the seeds and of the
 * corpus are told from this much as from the whole. */
#define DETECT_SAMPLE 2048
/* A UTF-8 text damaged here and there has many times more well-formed multibyte sequences
 * than ill-formed ones; GBK or Big5 read as UTF-8 has the reverse (about one pair in ten is
 * well-formed UTF-8 by accident). */
#define UTF8_DAMAGE_RATIO 4
/* Text in any charset holds next to no control bytes; random bytes hold one in ten. Bytes
 * no charset fits well are refused when more than one in this many are control bytes. */
#define CONTROL_SHARE 25
/* UTF-16 code units converted at a time. */
#define CHUNK 8192

/* What a pass over the bytes as UTF-8 found. */
typedef struct utf8_scan {
    size_t invalid;      /* ill-formed sequences */
    size_t multibyte;    /* well-formed sequences of two bytes or more */
    size_t replacements; /* U+FFFD already in the text */
    size_t nuls;
} utf8_scan;

/* Counts NUL bytes in an ASCII word: a zero byte is one whose high bit the subtraction sets
 * and the word itself does not. */
static size_t zero_bytes(uint64_t w)
{
    uint64_t z = (w - 0x0101010101010101u) & ~w & 0x8080808080808080u;
    size_t n = 0;
    for (int k = 0; z && k < 8; k++)
        n += ((w >> (8 * k)) & 0xFF) == 0;
    return n;
}

/* Scans as UTF-8, counting into locals (the compiler keeps them in registers). Runs of ASCII
 * go eight bytes at a time, and well-formed three-byte sequences, which are nearly all of a
 * Chinese text, are recognised from one 32-bit load. */
static void scan_utf8(const char *in, size_t len, utf8_scan *scan)
{
    const unsigned char *u = (const unsigned char *)in;
    size_t invalid = 0, multibyte = 0, replacements = 0, nuls = 0;
    for (size_t i = 0; i < len;) {
        uint64_t w8;
        if (i + 8 <= len && (memcpy(&w8, u + i, 8), (w8 & 0x8080808080808080u) == 0)) {
            nuls += zero_bytes(w8);
            i += 8;
            continue;
        }
        if (u[i] < 0x80) {
            nuls += u[i] == 0;
            i++;
            continue;
        }
        uint32_t w =
            i + 3 <= len ? (uint32_t)u[i] | (uint32_t)u[i + 1] << 8 | (uint32_t)u[i + 2] << 16 : 0;
        if ((w & 0xC0C0F0u) == 0x8080E0u && u[i] != 0xE0 && u[i] != 0xED) {
            /* a lead 1110xxxx and two 10xxxxxx; after E0 and ED the second byte needs more */
            multibyte++;
            replacements += w == 0xBDBFEFu;
            i += 3;
            continue;
        }
        uint32_t cp;
        int n = zhx_utf8_decode(in + i, len - i, &cp);
        if (n < 0) {
            invalid++;
            i += (size_t)-n;
        } else {
            multibyte++;
            replacements += cp == ZHX_REPLACEMENT;
            i += (size_t)n;
        }
    }
    *scan = (utf8_scan){invalid, multibyte, replacements, nuls};
}

/* Binary data shows itself by NUL bytes and undecodable bytes; text has next to none. */
static bool looks_binary(size_t len, size_t nuls, size_t lost)
{
    return len >= 16 && (nuls * 10 > len || lost * 4 > len);
}

static zhx_status refuse_binary(zhx_stage *st, size_t len, size_t nuls, size_t lost)
{
    char detail[128];
    snprintf(detail, sizeof detail, "%zu NUL bytes and %zu undecodable sequences in %zu bytes",
             nuls, lost, len);
    zhx_doc_fail(st->doc, "binary data, not text", detail);
    return ZHX_ERR_INPUT;
}

/* Control bytes that no charset puts in text (tab, line breaks, and ESC, SO and SI, which
 * shift ISO-2022 charsets, are text). Random and compressed data hold about one in ten. */
static size_t control_bytes(const char *in, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        n += (c < 0x20 && !(c >= '\t' && c <= '\r') && c != 0x1B && c != 0x0E && c != 0x0F) ||
             c == 0x7F;
    }
    return n;
}

static void count_lost(zhx_stage *st, size_t lost, size_t already)
{
    st->doc->lost_chars += lost + already;
    if (lost)
        zhx_doc_warn(st->doc, "%zu undecodable sequences in %s replaced by U+FFFD", lost,
                     st->doc->encoding);
    if (already)
        zhx_doc_warn(st->doc, "%zu U+FFFD in the input: characters lost before", already);
}

/* ---- UTF-8 ---------------------------------------------------------------------------- */

static zhx_status decode_utf8(zhx_stage *st, const char *in, size_t len, size_t start,
                              const utf8_scan *scan, zhx_text *out)
{
    st->doc->encoding = "UTF-8";
    if (looks_binary(len, scan->nuls, scan->invalid))
        return refuse_binary(st, len, scan->nuls, scan->invalid);
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, st->log, st->index);
    if (start)
        zhx_rw_replace(&rw, start, "", 0, "decode.bom");
    for (size_t i = start; scan->invalid && i < len;) {
        if ((unsigned char)in[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        int n = zhx_utf8_decode(in + i, len - i, &cp);
        if (n < 0) {
            zhx_rw_keep(&rw, i);
            zhx_rw_replace(&rw, i + (size_t)-n, replacement, 3, "decode.invalid-utf8");
        }
        i += (size_t)(n < 0 ? -n : n);
    }
    count_lost(st, scan->invalid, scan->replacements);
    return zhx_rw_finish(&rw, out) ? ZHX_OK : ZHX_ERR_NOMEM;
}

/* ---- other charsets, through ICU -------------------------------------------------------- */

/* ICU's to-Unicode callback: each sequence the charset cannot decode becomes one U+FFFD,
 * counted in the size_t that `context` points to. */
static void substitute_lost(const void *context, UConverterToUnicodeArgs *args, const char *units,
                            int32_t length, UConverterCallbackReason reason, UErrorCode *err)
{
    (void)units;
    (void)length;
    if (reason > UCNV_IRREGULAR)
        return; /* reset, close or clone: nothing was lost */
    static const UChar fffd = 0xFFFD;
    (*(size_t *)context)++;
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &fffd, 1, 0, err);
}

/* Builds the UTF-8 text and its map one unit at a time: a unit is the characters decoded
 * from one run of source bytes (one character, but for a character the charset spells as
 * two, or a surrogate pair split over two chunks). Units of equal widths merge in the map. */
typedef struct builder {
    zhx_buf out;
    zhx_map map;
    size_t unit_out, unit_in; /* where the open unit starts */
    size_t replacements;      /* U+FFFD written, lost here or before */
} builder;

static void close_unit(builder *b, size_t in_hi)
{
    if (b->out.len > b->unit_out)
        zhx_map_add(&b->map, b->unit_out, b->unit_in, 1, b->out.len - b->unit_out,
                    in_hi - b->unit_in);
}

/* Appends `cp`, decoded from the source bytes starting at `at` (negative: the same bytes as
 * the character before it). */
static void add_char(builder *b, uint32_t cp, int64_t at)
{
    if (at >= 0 && (size_t)at > b->unit_in) {
        close_unit(b, (size_t)at);
        b->unit_out = b->out.len;
        b->unit_in = (size_t)at;
    }
    zhx_buf_addcp(&b->out, cp);
    b->replacements += cp == ZHX_REPLACEMENT;
}

/* Decodes the UTF-16 that ICU produced, `n` units with their source offsets (relative to
 * `base`; -1 for a unit that continues the character before). `*high` carries a lead
 * surrogate over to the next chunk. */
static void add_units(builder *b, const UChar *u, const int32_t *off, int32_t n, size_t base,
                      UChar *high, int64_t *high_at)
{
    for (int32_t k = 0; k < n; k++) {
        int64_t at = off[k] >= 0 ? (int64_t)base + off[k] : -1;
        if (*high) {
            uint32_t cp =
                U16_IS_TRAIL(u[k]) ? (uint32_t)U16_GET_SUPPLEMENTARY(*high, u[k]) : ZHX_REPLACEMENT;
            add_char(b, cp, *high_at);
            *high = 0;
            if (U16_IS_TRAIL(u[k]))
                continue;
        }
        if (U16_IS_LEAD(u[k])) {
            *high = u[k];
            *high_at = at;
        } else {
            add_char(b, U16_IS_TRAIL(u[k]) ? ZHX_REPLACEMENT : u[k], at);
        }
    }
}

/* Converts `in` from byte `start` with `cnv` into `b`; sequences it cannot decode are
 * counted in `*lost`. Returns ICU's verdict (U_MEMORY_ALLOCATION_ERROR when we ran out). */
static UErrorCode convert(UConverter *cnv, const char *in, size_t len, size_t start, builder *b,
                          size_t *lost)
{
    UErrorCode err = U_ZERO_ERROR;
    ucnv_setToUCallBack(cnv, substitute_lost, lost, NULL, NULL, &err);
    UChar *units = malloc(CHUNK * sizeof *units);
    int32_t *offsets = malloc(CHUNK * sizeof *offsets);
    zhx_buf_grow(&b->out, len + len / 2);
    b->unit_in = start;
    const char *src = in + start;
    UChar high = 0;
    int64_t high_at = -1;
    while (U_SUCCESS(err) && units && offsets) {
        size_t base = (size_t)(src - in);
        UChar *target = units;
        ucnv_toUnicode(cnv, &target, units + CHUNK, &src, in + len, offsets, true, &err);
        add_units(b, units, offsets, (int32_t)(target - units), base, &high, &high_at);
        if (err == U_BUFFER_OVERFLOW_ERROR)
            err = U_ZERO_ERROR;
        else
            break;
    }
    if (high)
        add_char(b, ZHX_REPLACEMENT, high_at);
    close_unit(b, len);
    if (!units || !offsets || b->out.failed || b->map.failed)
        err = U_MEMORY_ALLOCATION_ERROR;
    free(units);
    free(offsets);
    return err;
}

/* The name under which ICU's alias table knows `name` (MIME's, else IANA's); it lives as long
 * as ICU's data. NULL for a name ICU does not know. */
static const char *standard_name(const char *name)
{
    const char *standards[] = {"MIME", "IANA"};
    for (size_t i = 0; i < 2; i++) {
        UErrorCode err = U_ZERO_ERROR;
        const char *s = ucnv_getStandardName(name, standards[i], &err);
        if (s && U_SUCCESS(err))
            return s;
    }
    return NULL;
}

static zhx_status decode_charset(zhx_stage *st, const char *in, size_t len, size_t start,
                                 const char *charset, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    UErrorCode err = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open(charset, &err);
    if (U_FAILURE(err)) {
        ucnv_close(cnv);
        zhx_doc_fail(st->doc, "unknown encoding", charset);
        return ZHX_ERR_INPUT;
    }
    const char *standard = standard_name(charset);
    st->doc->encoding = standard ? standard : charset;
    builder b = {ZHX_BUF_INIT, {0}, 0, 0, 0};
    size_t lost = 0;
    err = convert(cnv, in, len, start, &b, &lost);
    ucnv_close(cnv);
    zhx_status status = ZHX_OK;
    if (err == U_MEMORY_ALLOCATION_ERROR) {
        status = ZHX_ERR_NOMEM;
    } else if (U_FAILURE(err)) {
        zhx_doc_fail(st->doc, "cannot decode", u_errorName(err));
        status = ZHX_ERR_INPUT;
    } else if (looks_binary(len, 0, lost)) {
        status = refuse_binary(st, len, 0, lost);
    }
    if (status != ZHX_OK) {
        zhx_buf_free(&b.out);
        zhx_map_free(&b.map);
        return status;
    }
    count_lost(st, lost, b.replacements - lost);
    out->changed = true;
    out->map = b.map;
    out->s = zhx_buf_detach(&b.out, &out->len);
    return out->s ? ZHX_OK : ZHX_ERR_NOMEM;
}

/* ---- detection ------------------------------------------------------------------------ */

/* ICU's detector's first guess that it is confident of and can convert; with `confident`
 * false, its first guess at all. */
static const char *detected_charset(const char *in, size_t len, bool confident)
{
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&err);
    ucsdet_setText(det, in, (int32_t)(len < DETECT_SAMPLE ? len : DETECT_SAMPLE), &err);
    int32_t n = 0;
    const UCharsetMatch **matches = ucsdet_detectAll(det, &n, &err);
    const char *found = NULL;
    for (int32_t i = 0; U_SUCCESS(err) && i < n && !found; i++) {
        int32_t confidence = ucsdet_getConfidence(matches[i], &err);
        if (confident && confidence < DETECT_CONFIDENT)
            break;
        const char *name = ucsdet_getName(matches[i], &err);
        found = U_SUCCESS(err) && confidence > 0 ? standard_name(name) : NULL;
    }
    ucsdet_close(det);
    return found;
}

/* Whether the bytes above 0x7F come in the lead-trail pairs of the Chinese double-byte
 * charsets; *big5 tells which: Big5 puts nearly half its common characters' trail bytes in
 * 0x40–0x7E, where GB2312's never are. */
static bool double_byte_pairs(const char *in, size_t len, bool *big5)
{
    size_t pairs = 0, low_trails = 0, strays = 0;
    for (size_t i = 0; i < len;) {
        unsigned char lead = (unsigned char)in[i];
        if (lead < 0x80) {
            i++;
            continue;
        }
        unsigned char trail = i + 1 < len ? (unsigned char)in[i + 1] : 0;
        if (lead >= 0x81 && lead <= 0xFE && trail >= 0x40 && trail != 0x7F && trail != 0xFF) {
            pairs++;
            low_trails += trail <= 0x7E;
            i += 2;
        } else {
            strays++;
            i++;
        }
    }
    *big5 = low_trails * 4 >= pairs;
    return pairs > 0 && strays * 10 <= pairs;
}

/* The charset of bytes that are not UTF-8 and in which ICU's detector found nothing it is
 * confident of. */
static const char *guess_charset(zhx_stage *st, const char *in, size_t len)
{
    bool big5;
    const char *name;
    name = double_byte_pairs(in, len, &big5) ? (big5 ? "Big5" : "GB18030")
                                             : detected_charset(in, len, false);
    if (name)
        zhx_doc_warn(st->doc, "charset guessed as %s from little evidence (--encoding sets it)",
                     name);
    return name;
}

static bool is_utf8_name(const char *name)
{
    return ucnv_compareNames(name, "UTF-8") == 0;
}

/* The charset a byte-order mark names (UTF-8, UTF-16 or UTF-32, as ICU reads marks), and
 * the mark's length; NULL when there is none. */
static const char *byte_order_mark(const char *in, size_t len, size_t *mark)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = 0;
    const char *name = ucnv_detectUnicodeSignature(in, len > 4 ? 4 : (int32_t)len, &n, &err);
    *mark = (size_t)n;
    return name && U_SUCCESS(err) && strncmp(name, "UTF-", 4) == 0 && strcmp(name, "UTF-7") != 0
               ? name
               : NULL;
}

zhx_status zhx_decode(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    const char *forced = st->engine->options.encoding;
    if (forced && !is_utf8_name(forced))
        return decode_charset(st, in, len, 0, forced, out);
    size_t mark = 0;
    const char *marked = byte_order_mark(in, len, &mark);
    if (marked && !is_utf8_name(marked) && !forced)
        return decode_charset(st, in, len, mark, marked, out);
    if (!marked || !is_utf8_name(marked))
        mark = 0; /* no mark, or --encoding UTF-8 overruling a UTF-16 one */
    utf8_scan scan;
    scan_utf8(in + mark, len - mark, &scan);
    if (forced || mark || scan.multibyte >= UTF8_DAMAGE_RATIO * scan.invalid)
        return decode_utf8(st, in, len, mark, &scan, out);
    if (looks_binary(len, scan.nuls, 0))
        return refuse_binary(st, len, scan.nuls, scan.invalid);
    const char *charset = detected_charset(in, len, true);
    if (!charset) {
        /* Nothing fits well. Any bytes decode in some charset (UTF-16 makes a character of
         * every pair): bytes with the control bytes of random or compressed data are refused
         * rather than guessed into a page of nonsense. */
        size_t controls = control_bytes(in, len);
        if (len >= 16 && controls * CONTROL_SHARE > len) {
            char detail[128];
            snprintf(detail, sizeof detail,
                     "%zu control bytes in %zu bytes, and no charset fits the rest", controls, len);
            zhx_doc_fail(st->doc, "binary data, not text", detail);
            return ZHX_ERR_INPUT;
        }
        charset = guess_charset(st, in, len);
    }
    if (!charset)
        return decode_utf8(st, in, len, 0, &scan, out);
    return decode_charset(st, in, len, 0, charset, out);
}
