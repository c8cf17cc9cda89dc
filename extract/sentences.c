#include "sentences.h"

#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"

void zhx_sentence_ends_init(const zhx_rules *rules, zhx_charset *ends)
{
    zhx_charset_init(ends, rules, "sentence.ends");
}

static size_t char_start(const char *text, size_t pos)
{
    while (pos > 0 && ((unsigned char)text[pos] & 0xC0) == 0x80)
        pos--;
    return pos;
}

zhx_sentence zhx_sentence_at(const zhx_charset *ends, const char *text, size_t len, size_t pos)
{
    size_t w, floor = pos > ZHX_SENTENCE_MAX ? char_start(text, pos - ZHX_SENTENCE_MAX) : 0;
    size_t lo = floor; /* after the last end before `pos`, looked for byte by byte */
    for (size_t at = pos; at > floor; at--)
        if (ends->first_byte[(unsigned char)text[at - 1]] &&
            zhx_charset_at(ends, text + at - 1, &w)) {
            lo = at - 1 + w;
            break;
        }
    size_t ceil = len - pos > ZHX_SENTENCE_MAX ? char_start(text, pos + ZHX_SENTENCE_MAX) : len;
    size_t hi = ceil;
    for (size_t at = pos; at < ceil; at++)
        if (ends->first_byte[(unsigned char)text[at]] && zhx_charset_at(ends, text + at, &w)) {
            hi = at + w;
            break;
        }
    return (zhx_sentence){lo, hi < ceil ? hi : ceil};
}

static bool push(zhx_sentences *s, size_t lo, size_t hi)
{
    if (!zhx_array_room(&s->v, &s->cap, s->n, sizeof *s->v))
        return false;
    s->v[s->n++] = (zhx_sentence){lo, hi};
    return true;
}

bool zhx_sentences_split(zhx_stage *st, const char *text, size_t len, zhx_sentences *out)
{
    zhx_charset ends;
    zhx_sentence_ends_init(st->engine->rules, &ends);
    size_t start = 0, w;
    for (size_t at = 0; at < len; at += w) {
        bool end = zhx_charset_at(&ends, text + at, &w);
        if (end || at + w - start >= ZHX_SENTENCE_MAX) {
            if (!push(out, start, at + w))
                return false;
            start = at + w;
        }
    }
    return start == len || push(out, start, len);
}

void zhx_sentences_free(zhx_sentences *s)
{
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

void zhx_clauses_find(zhx_matcher *m, const zhx_rule *rule, const char *text,
                      const zhx_sentence *sentence, zhx_clauses *out)
{
    const char *s = text + sentence->lo;
    size_t len = sentence->hi - sentence->lo;
    out->n = 0;
    for (size_t at = 0; rule && at < len && out->n < ZHX_CLAUSES_MAX;) {
        if (zhx_match(m, rule->code, s, len, at) != 1)
            break;
        size_t lo, hi;
        zhx_match_group(m, 0, &lo, &hi);
        if (hi == lo) { /* a rule that matches nothing breaks nothing */
            hi = lo + zhx_utf8_width((unsigned char)s[lo]);
        } else {
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

bool zhx_clause_after(const zhx_clauses *c, const zhx_sentence *sentence, size_t hi, size_t *nlo,
                      size_t *nhi)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->lo[i] == hi && c->hi[i] < sentence->hi) {
            zhx_clause_at(c, sentence, c->hi[i], nlo, nhi);
            return true;
        }
    return false;
}

void zhx_clause_before(const zhx_clauses *c, const zhx_sentence *sentence, size_t lo, size_t *plo,
                       size_t *phi)
{
    *plo = *phi = sentence->lo;
    for (size_t i = 0; i < c->n; i++)
        if (c->hi[i] == lo) {
            *phi = c->lo[i];
            zhx_clause_at(c, sentence, c->lo[i], plo, phi);
            *phi = c->lo[i];
            return;
        }
}
