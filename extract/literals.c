#include "literals.h"

#include <string.h>

void zhx_literals_init(zhx_literals *l, const zhx_rule *const *rules, size_t n)
{
    size_t count[256] = {0}, total = 0;
    for (size_t r = 0; r < n; r++)
        for (size_t i = 0; i < rules[r]->nneeds && total < ZHX_LITERALS_MAX; i++, total++)
            count[(uint8_t)rules[r]->needs[i][0]]++;
    size_t at = 0, next[256];
    for (size_t b = 0; b < 256; b++) {
        l->by_byte[b] = (uint8_t)at;
        next[b] = at;
        at += count[b];
    }
    l->by_byte[256] = (uint8_t)at;
    memset(l->second, 0, sizeof l->second);
    memset(l->third, 0, sizeof l->third);
    total = 0;
    for (size_t r = 0; r < n; r++)
        for (size_t i = 0; i < rules[r]->nneeds && total < ZHX_LITERALS_MAX; i++, total++) {
            const char *s = rules[r]->needs[i];
            uint8_t b = (uint8_t)s[0];
            size_t len = strlen(s);
            l->v[next[b]++] = (zhx_literal){s, len, r};
            l->second[b] |= len > 1 ? (uint64_t)1 << ((uint8_t)s[1] & 63) : ~(uint64_t)0;
            l->third[b] |= len > 2 ? (uint64_t)1 << ((uint8_t)s[2] & 63) : ~(uint64_t)0;
        }
}

static bool may_start(const zhx_literals *l, uint8_t b0, uint8_t b1, uint8_t b2)
{
    return (l->second[b0] >> (b1 & 63)) & (l->third[b0] >> (b2 & 63)) & 1;
}

/* One table lookup and one well-predicted branch for most bytes, and no byte waits for the
 * one before: the loop runs at memory speed rather than at the speed of a UTF-8 decoder. */
size_t zhx_literals_next(const zhx_literals *l, const char *text, size_t len, size_t from)
{
    const uint8_t *u = (const uint8_t *)text;
    size_t i = from;
    for (; i + 2 < len; i++)
        if (may_start(l, u[i], u[i + 1], u[i + 2]))
            return i;
    for (; i < len; i++) /* the last two bytes: a literal there is shorter than three */
        if (may_start(l, u[i], i + 1 < len ? u[i + 1] : 0, 0))
            return i;
    return len;
}

const zhx_literal *zhx_literals_at(const zhx_literals *l, const char *text, size_t len, size_t at,
                                   const zhx_literal *prev)
{
    uint8_t b = (uint8_t)text[at];
    size_t k = prev ? (size_t)(prev - l->v) + 1 : l->by_byte[b];
    for (; k < l->by_byte[b + 1]; k++) {
        const zhx_literal *lit = &l->v[k];
        if (lit->len <= len - at && memcmp(text + at + 1, lit->s + 1, lit->len - 1) == 0)
            return lit;
    }
    return NULL;
}
