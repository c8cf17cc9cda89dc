#include "edits.h"

#include <stdlib.h>
#include <string.h>

bool zhx_edits_add(zhx_stage *st, zhx_edits *e, const zhx_rule *rule, size_t order, const char *s,
                   size_t len, size_t base, size_t lo, size_t hi)
{
    size_t before = e->text.len;
    if (!zhx_stage_substitute(st, rule, s, len, &e->text))
        return false; /* out of memory (e->text says so) or warned */
    if (hi > lo)
        zhx_array_push(
            e, ((zhx_edit){base + lo, base + hi, before, e->text.len - before, order, rule->name}));
    return true;
}

static int edit_cmp(const void *a, const void *b)
{
    const zhx_edit *x = a, *y = b;
    if (x->lo != y->lo)
        return x->lo < y->lo ? -1 : 1;
    return (x->rule_order > y->rule_order) - (x->rule_order < y->rule_order);
}

zhx_status zhx_edits_apply(zhx_stage *st, zhx_edits *e, const char *in, size_t len,
                           bool same_length, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    if (e->n)
        qsort(e->v, e->n, sizeof *e->v, edit_cmp);
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, st->log, st->index);
    for (size_t i = 0, done = 0; i < e->n && !e->failed && !e->text.failed; i++) {
        const zhx_edit *x = &e->v[i];
        if (x->lo < done)
            continue; /* overlaps an edit already made */
        zhx_rw_keep(&rw, x->lo);
        if (same_length)
            zhx_rw_replace_chars(&rw, x->hi, e->text.s + x->at, x->n, x->rule);
        else
            zhx_rw_replace(&rw, x->hi, e->text.s + x->at, x->n, x->rule);
        done = x->hi;
    }
    bool ok = !e->failed && !e->text.failed;
    free(e->v);
    zhx_buf_free(&e->text);
    if (!ok) {
        zhx_rw_abandon(&rw);
        return ZHX_ERR_NOMEM;
    }
    return zhx_rw_finish(&rw, out) ? ZHX_OK : ZHX_ERR_NOMEM;
}

size_t zhx_rule_order(const zhx_rule *const *rules, size_t n, const zhx_rule *r)
{
    for (size_t i = 0; i < n; i++)
        if (rules[i] == r)
            return i;
    return n;
}
