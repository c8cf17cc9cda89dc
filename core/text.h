/* Text + offset map: what every stage consumes and produces.
 *
 * A stage reads a UTF-8 text and writes a new one with a map from each byte of its output
 * back to the bytes of its input. Maps are kept per stage and composed by chaining: a span of
 * the final text is mapped back through every stage in turn, down to the raw input bytes.
 * A stage that changes nothing produces no map at all, so an untouched text costs nothing.
 *
 * The map is a sorted run of segments covering the output without gaps. A segment is
 * `count` units; unit k covers output bytes [out + k*out_w, out + (k+1)*out_w) and came from
 * input bytes [in + k*in_w, in + (k+1)*in_w). Kept text is one segment of 1:1 units; a
 * replacement is one unit (or one unit per character when it keeps the character count, so
 * that a character-by-character fold stays exact); deleted input simply has no segment. */
#ifndef ZHX_TEXT_H
#define ZHX_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"

/* The end of the line holding byte `pos` of s[0..len): its newline, or len. */
static inline size_t zhx_line_stop(const char *s, size_t len, size_t pos)
{
    const char *nl = pos < len ? memchr(s + pos, '\n', len - pos) : NULL;
    return nl ? (size_t)(nl - s) : len;
}

/* The start of the line holding byte `pos` of s: the byte after the newline before it, or 0.
 * Searched back in windows that double: ASan's memrchr checks the whole range it is given, so
 * one memrchr to the text's start made a text of millions of short lines quadratic under the
 * sanitizers, which the tests run. */
static inline size_t zhx_line_start(const char *s, size_t pos)
{
    for (size_t window = 64; pos > 0; window *= 2) {
        size_t n = pos < window ? pos : window;
        const char *nl = memrchr(s + pos - n, '\n', n);
        if (nl)
            return (size_t)(nl - s) + 1;
        pos -= n;
    }
    return 0;
}

/* The first occurrence of `lit` (n > 0 bytes) in `s`, or NULL: memmem for the short literals
 * of rules in UTF-8 Chinese text, without memmem's setup, which costs more than the short
 * windows that most calls search. The literal is found by memchr for a byte of it that is rare
 * in Chinese text (an ASCII one, or else its last, a continuation byte, which is one of 64
 * values where a first byte is one of 16) and a compare where it occurs. */
const char *zhx_find_literal(const char *s, size_t len, const char *lit, size_t n);

typedef struct zhx_seg {
    uint32_t out, in, count, out_w, in_w;
} zhx_seg;

typedef struct zhx_map {
    zhx_seg *segs;
    size_t n, cap;
    bool failed; /* an allocation failed */
} zhx_map;

/* The input byte where the output span starting at `pos` begins. */
size_t zhx_map_lo(const zhx_map *map, size_t pos);
/* The input byte where the output span ending (exclusively) at `pos` ends. */
size_t zhx_map_hi(const zhx_map *map, size_t pos);
/* Maps the output span [*lo, *hi) back to its input span, in place. */
void zhx_map_span(const zhx_map *map, size_t *lo, size_t *hi);
/* Appends `count` units of out_w output bytes from in_w input bytes, merging with the last
 * segment where they continue it. */
void zhx_map_add(zhx_map *map, size_t out, size_t in, size_t count, size_t out_w, size_t in_w);
void zhx_map_free(zhx_map *map);

/* One change, for --explain: input bytes [in_lo, in_hi) of stage `stage` became output bytes
 * [out_lo, out_hi), by rule `rule` (a static string or a rule name owned by the rules).
 * `before` and `after` are owned copies of both texts as valid UTF-8 (undecodable input bytes
 * spelt \xNN), cut short with "…" past ZHX_CHANGE_QUOTE_MAX bytes. */
#define ZHX_CHANGE_QUOTE_MAX 240
typedef struct zhx_change {
    const char *rule;
    uint32_t stage;
    uint32_t in_lo, in_hi, out_lo, out_hi;
    char *before, *after;
} zhx_change;

typedef struct zhx_changelog {
    zhx_change *v;
    size_t n, cap;
    bool failed;
} zhx_changelog;

void zhx_changelog_free(zhx_changelog *log);

/* The output of one stage. `changed` false means the stage left its input as it was: then
 * `s` is NULL and `map` empty. */
typedef struct zhx_text {
    char *s; /* NUL-terminated UTF-8, owned */
    size_t len;
    zhx_map map;
    bool changed;
} zhx_text;

void zhx_text_free(zhx_text *text);

/* Builds a stage's output while walking its input from start to end. Input is copied only
 * once the first edit happens, so a stage that changes nothing allocates nothing. */
typedef struct zhx_rewriter {
    const char *in;
    size_t in_len;
    size_t pos; /* input bytes consumed so far */
    bool edited;
    zhx_buf out;
    zhx_map map;
    zhx_changelog *log; /* NULL unless changes are being explained */
    uint32_t stage;
    size_t edits;
} zhx_rewriter;

void zhx_rw_init(zhx_rewriter *rw, const char *in, size_t len, zhx_changelog *log, uint32_t stage);
/* Keeps input up to byte `upto` (>= pos) as it is. */
void zhx_rw_keep(zhx_rewriter *rw, size_t upto);
/* Replaces input [pos, upto) with `n` bytes of `with` (n == 0 deletes), citing `rule`. */
void zhx_rw_replace(zhx_rewriter *rw, size_t upto, const char *with, size_t n, const char *rule);
/* Replaces input [pos, upto) with `with` and maps output characters one to one onto input
 * characters; both sides must hold the same number of characters. */
void zhx_rw_replace_chars(zhx_rewriter *rw, size_t upto, const char *with, size_t n,
                          const char *rule);
/* Keeps the rest of the input and hands the result over. Returns false when out of memory
 * (and frees what it built). */
bool zhx_rw_finish(zhx_rewriter *rw, zhx_text *out);
/* Frees a rewriter that will not be finished. */
void zhx_rw_abandon(zhx_rewriter *rw);

/* Converts between byte offsets and code-point offsets of one text, with a sampled index
 * (one entry every ZHX_CPINDEX_STEP bytes), so either direction costs a short scan. */
#define ZHX_CPINDEX_STEP 256
typedef struct zhx_cpindex {
    const char *s;
    size_t len;
    size_t *before; /* before[k]: characters that start before byte k * STEP */
    size_t n;
} zhx_cpindex;

bool zhx_cpindex_init(zhx_cpindex *index, const char *s, size_t len);
size_t zhx_cpindex_cp(const zhx_cpindex *index, size_t byte);
size_t zhx_cpindex_byte(const zhx_cpindex *index, size_t cp);
void zhx_cpindex_free(zhx_cpindex *index);

#endif
