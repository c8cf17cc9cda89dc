/* Shared pieces of the fuzz targets: the shipped rules and one engine per option set, made
 * once per process (libFuzzer runs targets on one thread), and the invariants every
 * processed document must keep. A broken invariant aborts, which libFuzzer reports. */
#ifndef ZHX_FUZZING_H
#define ZHX_FUZZING_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "../core/utf8.h"
#include "zhx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                       \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);      \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

static inline const zhx_rules *fuzz_shipped_rules(void)
{
    static zhx_rules *rules;
    if (!rules) {
        zhx_diag diag;
        rules = zhx_rules_load(NULL, 0, true, &diag);
        FUZZ_CHECK(rules != NULL);
    }
    return rules;
}

/* Options chosen by the input's first byte, so that every mode gets fuzzed. */
static inline zhx_options fuzz_options(uint8_t selector)
{
    zhx_options o;
    zhx_options_init(&o);
    o.convert = (zhx_convert)(selector % (ZHX_CONVERT_NONE + 1));
    o.punct = (selector >> 3) & 1 ? ZHX_PUNCT_KEEP : ZHX_PUNCT_CJK;
    o.boilerplate = !((selector >> 4) & 1);
    o.repair = (selector >> 5) & 1;
    o.explain = (selector >> 6) & 1;
    return o;
}

static inline zhx_engine *fuzz_engine(uint8_t selector)
{
    static zhx_engine *engines[256];
    if (!engines[selector]) {
        zhx_options o = fuzz_options(selector);
        zhx_diag diag;
        engines[selector] = zhx_engine_new(fuzz_shipped_rules(), &o, &diag);
        FUZZ_CHECK(engines[selector] != NULL);
    }
    return engines[selector];
}

/* Checks one record more closely. */
typedef void (*fuzz_record_fn)(json_t *rec, void *user);

/* Every line of `jsonl` is one JSON object naming the document, passed to `each` (if not
 * NULL); returns how many, and the last in *last (the caller's to free). */
static inline size_t fuzz_check_jsonl(const char *jsonl, size_t len, json_t **last,
                                      fuzz_record_fn each, void *user)
{
    size_t lines = 0;
    *last = NULL;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(jsonl + at, '\n', len - at);
        FUZZ_CHECK(nl != NULL); /* every line ends in a newline */
        json_error_t err;
        json_t *rec = json_loadb(jsonl + at, (size_t)(nl - (jsonl + at)), 0, &err);
        FUZZ_CHECK(rec != NULL && json_is_object(rec));
        FUZZ_CHECK(json_is_string(json_object_get(rec, "type")));
        FUZZ_CHECK(json_is_string(json_object_get(rec, "doc")));
        if (each)
            each(rec, user);
        if (*last)
            json_decref(*last);
        *last = rec;
        lines++;
        at = (size_t)(nl - jsonl) + 1;
    }
    return lines;
}

/* A span [lo, hi) read from a record lies within `limit` and is ordered. */
static inline void fuzz_check_span(json_t *rec, const char *key, size_t limit)
{
    json_t *span = json_object_get(rec, key);
    FUZZ_CHECK(json_is_array(span) && json_array_size(span) == 2);
    json_int_t lo = json_integer_value(json_array_get(span, 0));
    json_int_t hi = json_integer_value(json_array_get(span, 1));
    FUZZ_CHECK(lo >= 0 && lo <= hi && (size_t)hi <= limit);
}

/* A stage's output `out` of input `in` (in_len bytes; valid UTF-8 unless `in_raw`): NUL-
 * terminated valid UTF-8 whose map takes every character, in order, back to a span of the
 * input that starts and ends on character boundaries. An unchanged output holds nothing. */
static inline void fuzz_check_stage_output(const char *in, size_t in_len, bool in_raw,
                                           const zhx_text *out)
{
    if (!out->changed) {
        FUZZ_CHECK(out->s == NULL && out->map.n == 0);
        FUZZ_CHECK(in_raw || zhx_utf8_valid_prefix(in, in_len) == in_len);
        return;
    }
    FUZZ_CHECK(out->s != NULL && out->s[out->len] == '\0');
    FUZZ_CHECK(zhx_utf8_valid_prefix(out->s, out->len) == out->len);
    size_t last_lo = 0;
    for (size_t b = 0; b <= out->len;) {
        size_t w = b < out->len ? zhx_utf8_width((unsigned char)out->s[b]) : 0;
        size_t lo = b, hi = b + w;
        zhx_map_span(&out->map, &lo, &hi);
        FUZZ_CHECK(lo <= hi && hi <= in_len);
        FUZZ_CHECK(lo >= last_lo); /* characters map back in order */
        if (!in_raw)
            FUZZ_CHECK((lo == in_len || ((unsigned char)in[lo] & 0xC0) != 0x80) &&
                       (hi == in_len || ((unsigned char)in[hi] & 0xC0) != 0x80));
        last_lo = lo;
        if (!w)
            break;
        b += w;
    }
}

/* Copies `data` into a malloc'd NUL-terminated string of valid UTF-8, each ill-formed
 * sequence replaced by U+FFFD, as the decode stage would; the length goes to *len. */
static inline char *fuzz_valid_utf8(const uint8_t *data, size_t size, size_t *len)
{
    char *s = malloc(size * 3 + 1);
    FUZZ_CHECK(s != NULL);
    size_t n = 0;
    for (size_t i = 0; i < size;) {
        uint32_t cp;
        int w = zhx_utf8_decode((const char *)data + i, size - i, &cp);
        size_t used = (size_t)(w < 0 ? -w : w);
        if (w < 0)
            n += zhx_utf8_encode(ZHX_REPLACEMENT, s + n);
        else
            memcpy(s + n, data + i, used), n += used;
        i += used;
    }
    s[n] = '\0';
    *len = n;
    return s;
}

#endif
