/* repair (opt-in, --repair): phrase repairs of known damage, one `repair.*` rule each, its
 * `replace` template giving the repaired text (效劳 → 服务, where a round trip through another
 * script or a synonym spinner left it).
 *
 * Rules are tried only on the lines that hold one of their `needs` literals. Where the matches
 * of two rules overlap, the one that starts first wins, and at the same start the earlier rule.
 * A repair keeps its length in characters as a rule, so it maps character by character. */
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "normalize.h"

typedef struct edit {
    size_t lo, hi;     /* input bytes */
    size_t at, n;      /* the replacement, in the edits' shared buffer */
    size_t rule_order; /* to break ties between rules */
    const char *rule;
} edit;

typedef struct edits {
    edit *v;
    size_t n, cap;
    zhx_buf text;
    bool failed;
} edits;

static void add_edit(edits *e, edit x)
{
    zhx_array_push(e, x);
}

/* Finds the matches of `r` in the line [lo, hi) and what each becomes. */
static void apply_rule(zhx_stage *st, const zhx_rule *r, size_t order, const char *s, size_t lo,
                       size_t hi, edits *out)
{
    const char *line = s + lo;
    size_t n = hi - lo, at = 0, mlo, mhi;
    while (zhx_stage_next(st, r, line, n, &at, &mlo, &mhi)) {
        size_t before = out->text.len;
        int rc = zhx_match_substitute(st->engine->matcher, r, line, n, &out->text);
        if (rc < 0) { /* a template that cannot be expanded: the rule is left out */
            char why[128];
            zhx_matcher_error(rc, why, sizeof why);
            zhx_doc_warn(st->doc, "rule %s: its replacement cannot be made: %s", r->name, why);
            return;
        }
        if (rc == 0)
            return; /* out of memory: zhx_repair sees it in out->text */
        if (mhi > mlo)
            add_edit(out,
                     (edit){lo + mlo, lo + mhi, before, out->text.len - before, order, r->name});
    }
}

static int edit_cmp(const void *a, const void *b)
{
    const edit *x = a, *y = b;
    if (x->lo != y->lo)
        return x->lo < y->lo ? -1 : 1;
    return (x->rule_order > y->rule_order) - (x->rule_order < y->rule_order);
}

/* The position of `r` among the repair rules, for ties. */
static size_t order_of(const zhx_rule *const *rules, size_t n, const zhx_rule *r)
{
    for (size_t i = 0; i < n; i++)
        if (rules[i] == r)
            return i;
    return n;
}

zhx_status zhx_repair(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    size_t nrules, n;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "repair", &nrules);
    zhx_rule_line *todo = zhx_rules_lines(st->engine->rules, "repair", in, len, &n, NULL);
    if (!todo)
        return ZHX_ERR_NOMEM;
    edits found = {.text = ZHX_BUF_INIT};
    for (size_t i = 0; i < n; i++)
        apply_rule(st, todo[i].rule, order_of(rules, nrules, todo[i].rule), in, todo[i].lo,
                   todo[i].hi, &found);
    free(todo);
    if (found.n)
        qsort(found.v, found.n, sizeof *found.v, edit_cmp);
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, st->log, st->index);
    for (size_t i = 0, done = 0; i < found.n && !found.failed && !found.text.failed; i++) {
        const edit *e = &found.v[i];
        if (e->lo < done)
            continue; /* overlaps a repair already made */
        zhx_rw_keep(&rw, e->lo);
        zhx_rw_replace_chars(&rw, e->hi, found.text.s + e->at, e->n, e->rule);
        done = e->hi;
    }
    bool ok = !found.failed && !found.text.failed;
    free(found.v);
    zhx_buf_free(&found.text);
    if (!ok) {
        zhx_rw_abandon(&rw);
        return ZHX_ERR_NOMEM;
    }
    return zhx_rw_finish(&rw, out) ? ZHX_OK : ZHX_ERR_NOMEM;
}
