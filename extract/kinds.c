/* kinds: whether a figure is a target (a commitment: 达到, 控制在, 确保, 力争) or a reported
 * figure (去年, 完成, 较…减少, 累计). The nearest `cue` before the figure in its sentence
 * decides; else the rule's `kind`; else the `genre` of its section headings, innermost first,
 * and of the title; else a weak cue; else "target". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "outline.h"
#include "targets.h"

#define NONE ((size_t)-1)

/* Where a `needs` word of a cue rule starts. */
typedef struct zhx_cue_hit {
    size_t pos, rule;
} zhx_cue_hit;

typedef struct hits_of {
    zhx_reading *rd;
    zhx_kinds *k;
} hits_of;

static void collect_cue_hit(void *user, size_t rule, size_t pos, size_t len)
{
    (void)len;
    hits_of *h = user;
    zhx_kinds *k = h->k;
    if (k->nhits == k->hits_cap) {
        size_t cap = k->hits_cap ? 2 * k->hits_cap : 64;
        zhx_cue_hit *v = realloc(k->hits, cap * sizeof *v);
        if (!v) {
            h->rd->failed = true;
            return;
        }
        k->hits = v;
        k->hits_cap = cap;
    }
    k->hits[k->nhits++] = (zhx_cue_hit){k->hits_from + pos, rule};
}

/* The next place at or after `from` to try cue rule `i` at: where one of its `needs` words
 * starts (*at walks the hits), or for a rule without them, `from` itself. NONE if there is none
 * before `to`. */
static size_t next_cue_try(const zhx_reading *rd, const zhx_kinds *k, size_t i, size_t from,
                           size_t to, size_t *at)
{
    if (!rd->tr->cues.v[i].rule->nneeds)
        return from < to ? from : NONE;
    for (; *at < k->nhits; (*at)++)
        if (k->hits[*at].rule == i && k->hits[*at].pos >= from)
            return k->hits[(*at)++].pos;
    return NONE;
}

/* Adds `cue` to the n of `cues`; when ZHX_CUES_MAX are there, in place of the earliest if it
 * comes later: the cues nearest the figures at a long sentence's end decide their kind. */
static void keep_cue(zhx_cue *cues, size_t *n, zhx_cue cue)
{
    if (*n < ZHX_CUES_MAX) {
        cues[(*n)++] = cue;
        return;
    }
    size_t earliest = 0;
    for (size_t i = 1; i < *n; i++)
        if (cues[i].pos < cues[earliest].pos)
            earliest = i;
    if (cue.pos > cues[earliest].pos)
        cues[earliest] = cue;
}

/* For each cue rule in turn, its matches from left to right, none overlapping the one before,
 * the ZHX_CUES_MAX latest of them kept. A rule is tried only where one of its `needs` words starts,
 * found for all of them in one pass. */
size_t zhx_cues_find(zhx_reading *rd, zhx_kinds *k, const zhx_sentence *s, size_t from, size_t to,
                     zhx_cue *cues)
{
    hits_of h = {rd, k};
    k->nhits = 0;
    k->hits_from = from;
    zhx_literals_scan(rd->tr->cue_needs, rd->text + from, to - from, collect_cue_hit, &h);
    size_t n = 0;
    for (size_t i = 0; i < rd->tr->cues.n; i++) {
        const zhx_trule *cue_rule = &rd->tr->cues.v[i];
        const zhx_rule *rule = cue_rule->rule;
        size_t hit = 0;
        for (size_t at = from; (at = next_cue_try(rd, k, i, at, to, &hit)) != NONE;) {
            int rc = zhx_match(rd->m, rule->code, rd->text + s->lo, to - s->lo, at - s->lo);
            size_t lo, hi;
            if (rc < 0)
                zhx_reading_warn(rd, rule, rc);
            if (rc == 0 && rule->nneeds)
                continue; /* not here: at its next word */
            if (rc != 1 || !zhx_match_group(rd->m, 0, &lo, &hi))
                break;
            keep_cue(cues, &n, (zhx_cue){s->lo + lo, cue_rule->kind, cue_rule->weak});
            at = s->lo + (hi > lo ? hi : lo + zhx_utf8_width((unsigned char)rd->text[s->lo + lo]));
        }
    }
    return n;
}

static void note_genre_word(void *user, size_t rule, size_t pos, size_t len)
{
    (void)pos, (void)len;
    if (rule < 64)
        *(uint64_t *)user |= (uint64_t)1 << rule;
}

/* The first genre rule matching `s`, or NULL. A rule is tried only when one of its words is in
 * `s` (rules past the 64th, and those without `needs`, always). */
static const zhx_trule *genre_of(zhx_reading *rd, const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    uint64_t words = 0;
    zhx_literals_scan(rd->tr->genre_needs, s, len, note_genre_word, &words);
    for (size_t i = 0; i < rd->tr->genres.n; i++) {
        const zhx_trule *g = &rd->tr->genres.v[i];
        bool may = i >= 64 || !g->rule->nneeds || (words >> i & 1);
        if (may && zhx_match(rd->m, g->rule->code, s, len, 0) == 1)
            return g;
    }
    return NULL;
}

const zhx_trule *zhx_title_genre(zhx_reading *rd, zhx_kinds *k)
{
    if (!k->title_read) {
        k->title_read = true;
        k->title_genre = genre_of(rd, rd->doc->title);
    }
    return k->title_genre;
}

const char *zhx_title_kind_of_year(zhx_reading *rd, zhx_kinds *k, int year)
{
    char name[16];
    if (!rd->doc->title || year <= 0)
        return NULL;
    if (k->year_asked != year) { /* (a document's figures are of few years) */
        snprintf(name, sizeof name, "%d年", year);
        const char *named = strstr(rd->doc->title, name);
        const zhx_trule *g = named ? genre_of(rd, named) : NULL;
        k->year_asked = year;
        k->year_kind = g ? g->kind : NULL;
    }
    return k->year_kind;
}

static const char *section_genre(zhx_reading *rd, zhx_kinds *k, int sec)
{
    if (!k->section_kind) {
        k->section_kind = calloc(rd->doc->nsections, sizeof *k->section_kind);
        if (!k->section_kind)
            return NULL;
    }
    if (!k->section_kind[sec]) {
        const zhx_trule *g = genre_of(rd, rd->doc->sections[sec].title);
        k->section_kind[sec] = g && g->kind ? g->kind : "";
    }
    return *k->section_kind[sec] ? k->section_kind[sec] : NULL;
}

const char *zhx_kind_of(zhx_reading *rd, zhx_kinds *k, const zhx_figure *f, const zhx_cue *cues,
                        size_t ncues, bool *by_cue)
{
    const zhx_cue *strong = NULL, *weak = NULL;
    if (zhx_trule_kind_by_place(f->reads)) {
        *by_cue = true;
        return f->reads->kind;
    }
    for (size_t i = 0; i < ncues; i++) {
        const zhx_cue *c = &cues[i];
        const zhx_cue **slot = c->weak ? &weak : &strong;
        if (c->pos < f->at && (!*slot || c->pos > (*slot)->pos))
            *slot = c;
    }
    *by_cue = strong != NULL;
    if (strong)
        return strong->kind;
    const char *kind = f->reads->kind;
    if (kind)
        return kind;
    for (int sec = zhx_section_at(rd->doc, f->at); sec >= 0; sec = rd->doc->sections[sec].parent)
        if ((kind = section_genre(rd, k, sec)))
            return kind;
    const zhx_trule *title = zhx_title_genre(rd, k);
    if (title && title->kind)
        return title->kind;
    return weak ? weak->kind : "target";
}

void zhx_kinds_free(zhx_kinds *k)
{
    free(k->hits);
    free(k->section_kind);
}
