#include "literals.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

typedef struct literal {
    uint32_t first; /* its first code point */
    uint32_t order; /* position in the caller's list, to report hits in that order */
    const char *s;
    size_t len, owner;
} literal;

struct zhx_literals {
    uint64_t bmp[0x10000 / 64]; /* first characters in the Basic Multilingual Plane */
    bool astral;                /* some literal starts beyond it */
    literal *v;                 /* sorted by first character, then order */
    size_t n;
};

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
        size_t len = strlen(literals[i]), w;
        if (len == 0)
            continue;
        uint32_t cp = zhx_utf8_at(literals[i], &w);
        lits->v[lits->n++] = (literal){cp, (uint32_t)i, literals[i], len, owners[i]};
        if (cp < 0x10000)
            lits->bmp[cp >> 6] |= (uint64_t)1 << (cp & 63);
        else
            lits->astral = true;
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

/* The first literal that starts with `cp`, or n. */
static size_t first_with(const zhx_literals *lits, uint32_t cp)
{
    size_t lo = 0, hi = lits->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lits->v[mid].first < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void zhx_literals_scan(const zhx_literals *lits, const char *s, size_t len, zhx_literal_fn hit,
                       void *user)
{
    if (!lits || lits->n == 0)
        return;
    for (size_t i = 0, w; i < len; i += w) {
        uint32_t cp = zhx_utf8_at(s + i, &w);
        if (cp < 0x10000 ? !(lits->bmp[cp >> 6] >> (cp & 63) & 1) : !lits->astral)
            continue;
        for (size_t k = first_with(lits, cp); k < lits->n && lits->v[k].first == cp; k++) {
            const literal *l = &lits->v[k];
            if (l->len <= len - i && memcmp(s + i, l->s, l->len) == 0)
                hit(user, l->owner, i);
        }
    }
}
