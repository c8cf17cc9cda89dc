#include "anchors.h"

#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"

/* Whether `lit` is among the literals already collected. */
static bool literal_seen(const zhx_anchors *a, const char *lit)
{
    for (size_t i = 0; i < a->nlits; i++)
        if (strcmp(a->lits[i].lit, lit) == 0)
            return true;
    return false;
}

bool zhx_anchors_find(zhx_stage *st, zhx_anchors *a, const zhx_rule *const *rules, size_t n,
                      const char *s, size_t len)
{
    memset(a, 0, sizeof *a);
    a->rules = rules;
    a->nrules = n;
    a->s = s;
    a->len = len;
    size_t most = 0;
    for (size_t k = 0; k < n; k++) {
        if (!rules[k]->nneeds)
            zhx_doc_warn(st->doc, "rule %s has no 'needs', so it is never tried", rules[k]->name);
        most += rules[k]->nneeds;
    }
    a->lits = most ? malloc(most * sizeof *a->lits) : NULL;
    if (most && !a->lits)
        return false;
    for (size_t k = 0; k < n; k++)
        for (size_t j = 0; j < rules[k]->nneeds; j++) {
            const char *lit = rules[k]->needs[j];
            if (literal_seen(a, lit))
                continue;
            size_t litlen = strlen(lit);
            const char *p = zhx_find_literal(s, len, lit, litlen);
            a->lits[a->nlits++] = (zhx_anchor_literal){lit, litlen, p ? (size_t)(p - s) : len};
        }
    a->pos = len;
    for (size_t i = 0; i < a->nlits; i++)
        if (a->lits[i].at < a->pos)
            a->pos = a->lits[i].at;
    return true;
}

/* Whether one of the `needs` literals of `r` begins at byte `pos`. */
static bool needs_at(const zhx_anchors *a, const zhx_rule *r, size_t pos)
{
    for (size_t i = 0; i < r->nneeds; i++) {
        size_t n = strlen(r->needs[i]);
        if (n <= a->len - pos && memcmp(a->s + pos, r->needs[i], n) == 0)
            return true;
    }
    return false;
}

const zhx_anchor *zhx_anchors_next(zhx_anchors *a)
{
    while (a->pos < a->len) {
        while (a->next_rule < a->nrules) {
            size_t rank = a->next_rule++;
            if (needs_at(a, a->rules[rank], a->pos)) {
                a->current = (zhx_anchor){a->pos, rank, a->rules[rank]};
                return &a->current;
            }
        }
        /* every rule has had its turn here: on to the next occurrence of any literal */
        size_t next = a->len;
        for (size_t i = 0; i < a->nlits; i++) {
            zhx_anchor_literal *l = &a->lits[i];
            if (l->at == a->pos) {
                const char *p =
                    zhx_find_literal(a->s + a->pos + 1, a->len - a->pos - 1, l->lit, l->n);
                l->at = p ? (size_t)(p - a->s) : a->len;
            }
            if (l->at < next)
                next = l->at;
        }
        a->pos = next;
        a->next_rule = 0;
    }
    return NULL;
}

void zhx_anchors_free(zhx_anchors *a)
{
    free(a->lits);
    memset(a, 0, sizeof *a);
}

/* The part of the line around `at` that a match of `rule` there may see. */
static void window(const zhx_rule *rule, const char *s, size_t len, size_t at, size_t *lo,
                   size_t *hi)
{
    size_t back = at < ZHX_ANCHOR_BEHIND ? at : ZHX_ANCHOR_BEHIND;
    const char *nl = memrchr(s + at - back, '\n', back);
    *lo = nl ? (size_t)(nl - s) + 1 : at - back;
    while (*lo < at && zhx_utf8_continuation((unsigned char)s[*lo]))
        (*lo)++;
    const char *reach = zhx_rule_setting(rule, "window");
    size_t most = !reach                           ? ZHX_ANCHOR_AHEAD
                  : strcmp(reach, "document") == 0 ? len
                                                   : ZHX_ANCHOR_AHEAD_LINES;
    size_t ahead = len - at < most ? len - at : most;
    nl = reach ? NULL : memchr(s + at, '\n', ahead);
    *hi = nl ? (size_t)(nl - s) : at + ahead;
    while (*hi > at && *hi < len && zhx_utf8_continuation((unsigned char)s[*hi]))
        (*hi)--;
}

bool zhx_anchor_match(zhx_stage *st, const zhx_rule *rule, const char *s, size_t len, size_t at,
                      size_t *base)
{
    size_t lo, hi;
    window(rule, s, len, at, &lo, &hi);
    *base = lo;
    int rc = zhx_match(st->engine->matcher, rule->anchored ? rule->anchored : rule->code, s + lo,
                       hi - lo, at - lo);
    if (rc < 0)
        zhx_doc_rule_stopped(st->doc, rule, rc);
    return rc == 1;
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

bool zhx_anchor_substitute(zhx_stage *st, const zhx_rule *rule, const char *s, size_t len,
                           size_t at, zhx_buf *out)
{
    size_t lo, hi;
    window(rule, s, len, at, &lo, &hi); /* the subject the match was made in */
    return zhx_stage_substitute(st, rule, s + lo, hi - lo, out);
}
