#include "utf8.h"

#include <string.h>

/* Valid second-byte ranges per lead byte, from table 3-7 of the Unicode standard; this is
 * what rules out overlong forms, surrogates and code points above U+10FFFF. */
static int second_byte_ok(unsigned char lead, unsigned char b)
{
    switch (lead) {
    case 0xE0:
        return b >= 0xA0 && b <= 0xBF;
    case 0xED:
        return b >= 0x80 && b <= 0x9F;
    case 0xF0:
        return b >= 0x90 && b <= 0xBF;
    case 0xF4:
        return b >= 0x80 && b <= 0x8F;
    default:
        return b >= 0x80 && b <= 0xBF;
    }
}

int zhx_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char lead = u[0];
    if (lead < 0x80) {
        *cp = lead;
        return 1;
    }
    size_t need;
    uint32_t value;
    if (lead >= 0xC2 && lead <= 0xDF) {
        need = 2;
        value = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 3;
        value = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 4;
        value = lead & 0x07;
    } else {
        *cp = ZHX_REPLACEMENT;
        return -1;
    }
    for (size_t i = 1; i < need; i++) {
        int ok = i < len && (i == 1 ? second_byte_ok(lead, u[1]) : (u[i] & 0xC0) == 0x80);
        if (!ok) {
            *cp = ZHX_REPLACEMENT;
            return -(int)i;
        }
        value = value << 6 | (u[i] & 0x3F);
    }
    *cp = value;
    return (int)need;
}

size_t zhx_utf8_valid_prefix(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        int n = zhx_utf8_decode(s + i, len - i, &cp);
        if (n < 0)
            break;
        i += (size_t)n;
    }
    return i;
}

size_t zhx_utf8_encode(uint32_t cp, char out[4])
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = ZHX_REPLACEMENT;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Counts the continuation bytes (10xxxxxx) eight at a time: a byte is one when its top bit
 * is set and the bit below it is not; the flags are summed with a multiply (no popcount
 * instruction is assumed). */
size_t zhx_utf8_count(const char *s, size_t len)
{
    const uint64_t high = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
    size_t i = 0, continuation = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        continuation += (size_t)((((w & ~(w << 1) & high) >> 7) * ones) >> 56);
    }
    for (; i < len; i++)
        continuation += ((unsigned char)s[i] & 0xC0) == 0x80;
    return len - continuation;
}
