#include "anchors.h"

#include <stdlib.h>
#include <string.h>

static bool push(zhx_anchors *a, size_t pos, size_t rank, const zhx_rule *rule)
{
    if (!zhx_array_room(&a->v, &a->cap, a->n, sizeof *a->v))
        return false;
    a->v[a->n++] = (zhx_anchor){pos, rank, rule};
    return true;
}

const char *zhx_find_literal(const char *s, size_t len, const char *lit, size_t n)
{
    size_t k = 0; /* the byte to look for */
    while (k < n && (unsigned char)lit[k] >= 0x80)
        k++;
    if (k == n)
        k = 0;
    for (size_t from = k; from < len;) {
        const char *p = memchr(s + from, lit[k], len - from);
        if (!p)
            return NULL;
        size_t at = (size_t)(p - s) - k;
        if ((size_t)(p - s) >= k && at + n <= len && memcmp(s + at, lit, n) == 0)
            return s + at;
        from = (size_t)(p - s) + 1;
    }
    return NULL;
}

static int anchor_cmp(const void *x, const void *y)
{
    const zhx_anchor *a = x, *b = y;
    if (a->pos != b->pos)
        return a->pos < b->pos ? -1 : 1;
    return (a->rank > b->rank) - (a->rank < b->rank);
}

/* Whether rule `r` names `lit` among its needs. */
static bool needs_literal(const zhx_rule *r, const char *lit)
{
    for (size_t i = 0; i < r->nneeds; i++)
        if (strcmp(r->needs[i], lit) == 0)
            return true;
    return false;
}

/* Whether `lit` is a need of a rule before `rules[k]`, or an earlier need of `rules[k]`:
 * then its occurrences have been collected already. */
static bool literal_seen(const zhx_rule *const *rules, size_t k, size_t j)
{
    const char *lit = rules[k]->needs[j];
    for (size_t i = 0; i < j; i++)
        if (strcmp(rules[k]->needs[i], lit) == 0)
            return true;
    for (size_t i = 0; i < k; i++)
        if (needs_literal(rules[i], lit))
            return true;
    return false;
}

bool zhx_anchors_find(zhx_stage *st, zhx_anchors *a, const zhx_rule *const *rules, size_t n,
                      const char *s, size_t len)
{
    memset(a, 0, sizeof *a);
    for (size_t k = 0; k < n; k++) {
        if (!rules[k]->nneeds)
            zhx_doc_warn(st->doc, "rule %s has no 'needs', so it is never tried", rules[k]->name);
        for (size_t j = 0; j < rules[k]->nneeds; j++) {
            if (literal_seen(rules, k, j))
                continue;
            const char *lit = rules[k]->needs[j];
            size_t litlen = strlen(lit);
            for (const char *p = s; (p = zhx_find_literal(p, len - (size_t)(p - s), lit, litlen));
                 p++)
                for (size_t r = k; r < n; r++)
                    if (needs_literal(rules[r], lit) && !push(a, (size_t)(p - s), r, rules[r])) {
                        zhx_anchors_free(a);
                        return false;
                    }
        }
    }
    bool sorted = true; /* as they are when all come from one literal */
    for (size_t i = 1; i < a->n && sorted; i++)
        sorted = anchor_cmp(&a->v[i - 1], &a->v[i]) <= 0;
    if (!sorted)
        qsort(a->v, a->n, sizeof *a->v, anchor_cmp);
    return true;
}

void zhx_anchors_free(zhx_anchors *a)
{
    free(a->v);
    memset(a, 0, sizeof *a);
}

static bool continuation(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* The part of the line around `at` that a match there may see. */
static void window(const char *s, size_t len, size_t at, size_t *lo, size_t *hi)
{
    size_t back = at < ZHX_ANCHOR_BEHIND ? at : ZHX_ANCHOR_BEHIND;
    const char *nl = memrchr(s + at - back, '\n', back);
    *lo = nl ? (size_t)(nl - s) + 1 : at - back;
    while (*lo < at && continuation(s[*lo]))
        (*lo)++;
    size_t ahead = len - at < ZHX_ANCHOR_AHEAD ? len - at : ZHX_ANCHOR_AHEAD;
    nl = memchr(s + at, '\n', ahead);
    *hi = nl ? (size_t)(nl - s) : at + ahead;
    while (*hi > at && *hi < len && continuation(s[*hi]))
        (*hi)--;
}

bool zhx_anchor_match(zhx_stage *st, const zhx_rule *rule, const char *s, size_t len, size_t at,
                      size_t *base)
{
    size_t lo, hi;
    window(s, len, at, &lo, &hi);
    *base = lo;
    size_t mlo, mhi;
    return zhx_stage_match(st, rule, s + lo, hi - lo, at - lo) &&
           zhx_match_group(st->engine->matcher, 0, &mlo, &mhi) && mlo == at - lo;
}

bool zhx_anchor_field(const zhx_stage *st, const zhx_rule *rule, const char *name, size_t base,
                      size_t *lo, size_t *hi)
{
    if (!zhx_match_field(st->engine->matcher, rule, name, lo, hi))
        return false;
    *lo += base;
    *hi += base;
    return true;
}
