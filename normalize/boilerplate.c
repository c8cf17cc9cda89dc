/* boilerplate: site chrome, footers and notices cut out by the `boilerplate.*` rules.
 *
 * A rule's action says what a match cuts: its line (drop-line), itself or its `drop` group
 * (drop-span), everything from its line to the end (drop-to-end) or everything from the start
 * to the end of its line (drop-from-start). Rules of a site family apply only where the
 * family's signature occurs, the way ad-block lists scope a filter to a site. A generic rule
 * never cuts text that a `guard.*` rule recognises as a target figure: only a site rule may. */
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "normalize.h"

typedef struct cut {
    size_t lo, hi;
    const char *rule;
} cut;

typedef struct cuts {
    cut *v;
    size_t n, cap;
    bool failed;
} cuts;

static void add_cut(cuts *c, size_t lo, size_t hi, const char *rule)
{
    if (hi <= lo || c->failed)
        return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        cut *v = realloc(c->v, cap * sizeof *v);
        if (!v) {
            c->failed = true;
            return;
        }
        c->v = v;
        c->cap = cap;
    }
    c->v[c->n++] = (cut){lo, hi, rule};
}

static size_t line_start(const char *s, size_t pos)
{
    while (pos > 0 && s[pos - 1] != '\n')
        pos--;
    return pos;
}

static size_t line_end(const char *s, size_t len, size_t pos)
{
    const char *nl = pos < len ? memchr(s + pos, '\n', len - pos) : NULL;
    return nl ? (size_t)(nl - s) + 1 : len;
}

static bool blank_line(const char *s, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* Takes the blank lines after a cut of whole lines with it, so no gap of blanks is left. */
static size_t past_blank_lines(const char *s, size_t len, size_t pos)
{
    while (pos < len) {
        size_t end = line_end(s, len, pos);
        if (!blank_line(s, pos, end))
            break;
        pos = end;
    }
    return pos;
}

/* The bytes a match of `r` at [lo, hi) cuts. */
static void extent(const zhx_rule *r, const zhx_matcher *m, const char *s, size_t len, size_t *lo,
                   size_t *hi)
{
    const char *a = r->action;
    if (strcmp(a, "drop-span") == 0) {
        zhx_match_field(m, r, "drop", lo, hi);
    } else if (strcmp(a, "drop-line") == 0) {
        *lo = line_start(s, *lo);
        *hi = past_blank_lines(s, len, line_end(s, len, *hi > *lo ? *hi - 1 : *hi));
    } else if (strcmp(a, "drop-to-end") == 0) {
        *lo = line_start(s, *lo);
        while (*lo > 0 && blank_line(s, line_start(s, *lo - 1), *lo))
            *lo = line_start(s, *lo - 1);
        *hi = len;
    } else { /* drop-from-start */
        *lo = 0;
        *hi = past_blank_lines(s, len, line_end(s, len, *hi > 0 ? *hi - 1 : 0));
    }
}

/* Whether [lo, hi) holds something a guard rule protects. */
static bool guarded(zhx_stage *st, const char *s, size_t lo, size_t hi)
{
    size_t n;
    const zhx_rule *const *guards = zhx_rules_of_kind(st->engine->rules, "guard", &n);
    for (size_t i = 0; i < n; i++)
        if (zhx_match(st->engine->matcher, guards[i]->code, s + lo, hi - lo, 0) == 1)
            return true;
    return false;
}

static size_t next_start(const char *s, size_t len, size_t lo, size_t hi)
{
    if (hi > lo)
        return hi;
    return lo < len ? lo + zhx_utf8_width((unsigned char)s[lo]) : len + 1;
}

static void apply_rule(zhx_stage *st, const zhx_rule *r, const char *s, size_t len, cuts *out)
{
    zhx_matcher *m = st->engine->matcher;
    for (size_t at = 0; at <= len;) {
        int rc = zhx_match(m, r->code, s, len, at);
        if (rc < 0) {
            char why[128];
            zhx_matcher_error(rc, why, sizeof why);
            zhx_doc_warn(st->doc, "rule %s stopped: %s", r->name, why);
            return;
        }
        if (rc == 0)
            return;
        size_t lo, hi;
        zhx_match_group(m, 0, &lo, &hi);
        size_t next = next_start(s, len, lo, hi);
        extent(r, m, s, len, &lo, &hi);
        if (r->family < 0 && guarded(st, s, lo, hi))
            zhx_doc_warn(st->doc, "rule %s left text in place: it holds a target figure", r->name);
        else
            add_cut(out, lo, hi, r->name);
        at = next > hi ? next : hi;
    }
}

static int cut_cmp(const void *a, const void *b)
{
    const cut *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo ? 1 : (x->hi > y->hi) - (x->hi < y->hi);
}

static bool *active_families(zhx_stage *st, const char *s, size_t len)
{
    size_t n = zhx_rules_family_count(st->engine->rules);
    bool *active = calloc(n ? n : 1, sizeof *active);
    for (size_t i = 0; active && i < n; i++)
        active[i] =
            zhx_family_present(st->engine->matcher, zhx_rules_family(st->engine->rules, i), s, len);
    return active;
}

zhx_status zhx_boilerplate(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    size_t nrules;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "boilerplate", &nrules);
    bool *active = active_families(st, in, len);
    if (!active)
        return ZHX_ERR_NOMEM;
    cuts found = {0};
    for (size_t i = 0; i < nrules; i++) {
        const zhx_rule *r = rules[i];
        if ((r->family < 0 || active[r->family]) && zhx_rule_may_match(r, in, len))
            apply_rule(st, r, in, len, &found);
    }
    free(active);
    if (found.failed) {
        free(found.v);
        return ZHX_ERR_NOMEM;
    }
    if (found.n)
        qsort(found.v, found.n, sizeof *found.v, cut_cmp);
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, st->log, st->index);
    for (size_t i = 0; i < found.n;) {
        size_t lo = found.v[i].lo, hi = found.v[i].hi;
        const char *rule = found.v[i].rule;
        for (i++; i < found.n && found.v[i].lo <= hi; i++)
            if (found.v[i].hi > hi)
                hi = found.v[i].hi;
        zhx_rw_keep(&rw, lo);
        zhx_rw_replace(&rw, hi, "", 0, rule);
        st->doc->removed_boilerplate++;
    }
    free(found.v);
    return zhx_rw_finish(&rw, out) ? ZHX_OK : ZHX_ERR_NOMEM;
}
