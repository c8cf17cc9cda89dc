#include "literals.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define PAIR_BITS 16

typedef struct literal {
    uint32_t first; /* its first code point */
    uint32_t order; /* position in the caller's list */
    bool single;    /* it is that one character */
    const char *s;
    size_t len, owner;
} literal;

struct zhx_literals {
    uint64_t pairs[(1u << PAIR_BITS) / 64]; /* the first two characters of longer literals */
    uint64_t singles[0x10000 / 64];         /* one-character literals in the BMP */
    bool astral_singles;                    /* one-character literals beyond it */
    literal *v;                             /* sorted by first character, then order */
    size_t n;
};

/* Where a pair of characters falls in the filter; literals are few, so a collision is rare. */
static uint32_t pair_hash(uint32_t a, uint32_t b)
{
    return (uint32_t)((((uint64_t)a << 21) | b) * 0x9E3779B97F4A7C15u >> (64 - PAIR_BITS));
}

static void set_bit(uint64_t *bits, uint32_t k)
{
    bits[k >> 6] |= (uint64_t)1 << (k & 63);
}

static bool bit(const uint64_t *bits, uint32_t k)
{
    return bits[k >> 6] >> (k & 63) & 1;
}

static int literal_cmp(const void *a, const void *b)
{
    const literal *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

zhx_literals *zhx_literals_new(const char *const *literals, const size_t *owners, size_t n)
{
    zhx_literals *lits = calloc(1, sizeof *lits);
    if (!lits || !(lits->v = malloc((n ? n : 1) * sizeof *lits->v))) {
        free(lits);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(literals[i]), w, w2;
        if (len == 0)
            continue;
        uint32_t cp = zhx_utf8_at(literals[i], &w);
        bool single = w == len;
        lits->v[lits->n++] = (literal){cp, (uint32_t)i, single, literals[i], len, owners[i]};
        if (!single)
            set_bit(lits->pairs, pair_hash(cp, zhx_utf8_at(literals[i] + w, &w2)));
        else if (cp < 0x10000)
            set_bit(lits->singles, cp);
        else
            lits->astral_singles = true;
    }
    qsort(lits->v, lits->n, sizeof *lits->v, literal_cmp);
    return lits;
}

void zhx_literals_free(zhx_literals *lits)
{
    if (!lits)
        return;
    free(lits->v);
    free(lits);
}

/* Reports the literals starting with `cp` at `pos`: the one-character ones or the longer. */
static void try_at(const zhx_literals *lits, uint32_t cp, bool single, const char *s, size_t len,
                   size_t pos, zhx_literal_fn hit, void *user)
{
    size_t lo = 0, hi = lits->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lits->v[mid].first < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < lits->n && lits->v[k].first == cp; k++) {
        const literal *l = &lits->v[k];
        if (l->single == single && l->len <= len - pos && memcmp(s + pos, l->s, l->len) == 0)
            hit(user, l->owner, pos, l->len);
    }
}

void zhx_literals_scan(const zhx_literals *lits, const char *s, size_t len, zhx_literal_fn hit,
                       void *user)
{
    if (!lits || lits->n == 0 || len == 0)
        return;
    /* each step looks at the pair (prev, cp): a longer literal starting at prev, a one-character
     * literal at cp; so hits come in text order */
    size_t prev_at = 0, w;
    uint32_t prev = zhx_utf8_at(s, &w);
    if (prev < 0x10000 ? bit(lits->singles, prev) : lits->astral_singles)
        try_at(lits, prev, true, s, len, 0, hit, user);
    for (size_t i = w; i < len; i += w) {
        uint32_t cp = zhx_utf8_at(s + i, &w);
        if (bit(lits->pairs, pair_hash(prev, cp)))
            try_at(lits, prev, false, s, len, prev_at, hit, user);
        if (cp < 0x10000 ? bit(lits->singles, cp) : lits->astral_singles)
            try_at(lits, cp, true, s, len, i, hit, user);
        prev = cp;
        prev_at = i;
    }
}
