#include "sentences.h"

#include <stdlib.h>

#include "../core/utf8.h"

static bool push(zhx_sentences *s, size_t lo, size_t hi)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        zhx_sentence *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return false;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = (zhx_sentence){lo, hi};
    return true;
}

/* Adds [lo, hi), in pieces of at most ZHX_SENTENCE_MAX bytes. */
static bool add(zhx_sentences *s, const char *text, size_t lo, size_t hi)
{
    while (hi - lo > ZHX_SENTENCE_MAX) {
        size_t cut = lo + ZHX_SENTENCE_MAX;
        while (cut > lo && ((unsigned char)text[cut] & 0xC0) == 0x80)
            cut--;
        if (!push(s, lo, cut))
            return false;
        lo = cut;
    }
    return hi == lo || push(s, lo, hi);
}

bool zhx_sentences_split(zhx_stage *st, const char *text, size_t len, zhx_sentences *out)
{
    size_t nrules;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "sentence", &nrules);
    zhx_matcher *m = st->engine->matcher;
    size_t start = 0;
    for (size_t at = 0; nrules && at < len;) {
        if (zhx_match(m, rules[0]->code, text, len, at) != 1)
            break;
        size_t lo, hi;
        zhx_match_group(m, 0, &lo, &hi);
        if (hi == lo)
            hi = lo + zhx_utf8_width((unsigned char)text[lo]);
        if (!add(out, text, start, hi))
            return false;
        start = at = hi;
    }
    return add(out, text, start, len);
}

void zhx_sentences_free(zhx_sentences *s)
{
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

void zhx_clauses_find(zhx_stage *st, const char *text, const zhx_sentence *sentence,
                      zhx_clauses *out)
{
    size_t nrules;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "clause", &nrules);
    zhx_matcher *m = st->engine->matcher;
    const char *s = text + sentence->lo;
    size_t len = sentence->hi - sentence->lo;
    out->n = 0;
    for (size_t at = 0; nrules && at < len && out->n < ZHX_CLAUSES_MAX;) {
        if (zhx_match(m, rules[0]->code, s, len, at) != 1)
            break;
        size_t lo, hi;
        zhx_match_group(m, 0, &lo, &hi);
        if (hi == lo) /* a rule that matches nothing breaks nothing */
            hi = lo + zhx_utf8_width((unsigned char)s[lo]);
        else {
            out->lo[out->n] = sentence->lo + lo;
            out->hi[out->n++] = sentence->lo + hi;
        }
        at = hi;
    }
}

void zhx_clause_at(const zhx_clauses *c, const zhx_sentence *sentence, size_t pos, size_t *lo,
                   size_t *hi)
{
    *lo = sentence->lo;
    *hi = sentence->hi;
    for (size_t i = 0; i < c->n; i++) {
        if (c->hi[i] <= pos)
            *lo = c->hi[i];
        else if (c->lo[i] >= pos) {
            *hi = c->lo[i];
            return;
        }
    }
}
