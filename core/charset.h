/* A set of characters that the rule files give as the values of a map (`sentence.ends`, the
 * marks of prose): what a stage asks of a character without matching a pattern at it. */
#ifndef ZHX_CHARSET_H
#define ZHX_CHARSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules.h"
#include "utf8.h"

#define ZHX_CHARSET_WIDE_MAX 32
typedef struct zhx_charset {
    uint64_t ascii[2];
    uint32_t wide[ZHX_CHARSET_WIDE_MAX]; /* the others, their bytes packed in one number */
    size_t nwide;
    bool first_byte[256]; /* the bytes such a character starts with: the others are passed over */
} zhx_charset;

/* The first character of each value of map `name` of `rules` (an empty set if there is no
 * such map). Characters past ZHX_CHARSET_WIDE_MAX non-ASCII ones are left out. */
void zhx_charset_init(zhx_charset *set, const zhx_rules *rules, const char *name);

/* The bytes of a character of two to four bytes in one number, compared as one. */
static inline uint32_t zhx_charset_pack(const char *s, size_t width)
{
    uint32_t v = 0;
    for (size_t i = 0; i < width; i++)
        v = v << 8 | (unsigned char)s[i];
    return v;
}

/* Whether the character at `s` (valid UTF-8) is in the set; `width` receives its length.
 * Inline: the sentence scans ask it of every byte around a figure. */
static inline bool zhx_charset_at(const zhx_charset *set, const char *s, size_t *width)
{
    unsigned char c = (unsigned char)*s;
    *width = zhx_utf8_width(c);
    if (!set->first_byte[c])
        return false;
    if (c < 0x80)
        return set->ascii[c >> 6] >> (c & 63) & 1;
    uint32_t v = zhx_charset_pack(s, *width);
    for (size_t i = 0; i < set->nwide; i++)
        if (set->wide[i] == v)
            return true;
    return false;
}

/* Where the first character of the set in text[lo, hi) starts, or hi. */
size_t zhx_charset_find(const zhx_charset *set, const char *text, size_t lo, size_t hi);

/* Whether the character that ends at `hi` (> 0) is in the set. */
bool zhx_charset_before(const zhx_charset *set, const char *text, size_t hi);

#endif
