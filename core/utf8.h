/* UTF-8 helpers. Invalid input is handled the way the Unicode standard recommends ("maximal
 * subpart" substitution, as ICU and WHATWG do): every maximal ill-formed subsequence counts
 * as one error, so that each one becomes exactly one U+FFFD. */
#ifndef ZHX_UTF8_H
#define ZHX_UTF8_H

#include <stdbool.h>
#include <string.h>
#include <stddef.h>
#include <stdint.h>

#define ZHX_REPLACEMENT 0xFFFDu

/* Decodes the code point at `s` (len > 0). Returns the number of bytes it takes and stores
 * the code point; for an ill-formed sequence it stores ZHX_REPLACEMENT and returns the length
 * of its maximal subpart (1 to 3), as a negative number. */
int zhx_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Length of the longest prefix of `s` that is valid UTF-8. */
size_t zhx_utf8_valid_prefix(const char *s, size_t len);

/* Encodes `cp` (U+FFFD if it is not a Unicode scalar value); returns 1 to 4. */
size_t zhx_utf8_encode(uint32_t cp, char out[4]);

/* Number of code points in valid UTF-8 text. */
size_t zhx_utf8_count(const char *s, size_t len);

/* Whether `b` continues a character of UTF-8 (10xxxxxx) rather than starting one. */
static inline bool zhx_utf8_continuation(unsigned char b)
{
    return (b & 0xC0) == 0x80;
}

/* Whether `c` is an ASCII digit (isdigit depends on the locale). */
static inline bool zhx_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Number of bytes of the character starting with byte `lead` in valid UTF-8. */
static inline size_t zhx_utf8_width(unsigned char lead)
{
    return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

/* The code point at `s` in text known to be valid UTF-8; `*width` receives its length. */
static inline uint32_t zhx_utf8_at(const char *s, size_t *width)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *width = 1;
        return u[0];
    }
    if (u[0] < 0xE0) {
        *width = 2;
        return (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
    }
    if (u[0] < 0xF0) {
        *width = 3;
        return (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
    }
    *width = 4;
    return (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12 |
           (uint32_t)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
}

/* The start of the character before byte offset `pos` (pos > 0) in valid UTF-8. */
/* The byte offset of the character `chars` characters into valid UTF-8 s[0..len), or len. */
static inline size_t zhx_utf8_skip(const char *s, size_t len, size_t chars)
{
    size_t at = 0;
    while (chars-- > 0 && at < len)
        at += zhx_utf8_width((unsigned char)s[at]);
    return at < len ? at : len;
}

static inline size_t zhx_utf8_prev(const char *s, size_t pos)
{
    do
        pos--;
    while (pos > 0 && ((unsigned char)s[pos] & 0xC0) == 0x80);
    return pos;
}

/* Whether s[alo, ahi) and s[blo, bhi), both valid UTF-8, end with the same character (and
 * neither is empty): names that measure the same kind of thing end alike (…结案率 / …结案率). */
static inline bool zhx_utf8_ends_alike(const char *s, size_t alo, size_t ahi, size_t blo,
                                       size_t bhi)
{
    if (ahi <= alo || bhi <= blo)
        return false;
    size_t a = zhx_utf8_prev(s, ahi), b = zhx_utf8_prev(s, bhi);
    return a >= alo && b >= blo && ahi - a == bhi - b && memcmp(s + a, s + b, ahi - a) == 0;
}

/* The start of the character that holds byte `pos` of valid UTF-8 (pos itself on a boundary):
 * where to cut a text at most `pos` bytes long. */
static inline size_t zhx_utf8_floor(const char *s, size_t pos)
{
    while (pos > 0 && ((unsigned char)s[pos] & 0xC0) == 0x80)
        pos--;
    return pos;
}

#endif
