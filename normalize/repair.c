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
#include "edits.h"

/* Adds the matches of `r` in the line [lo, hi) and what each becomes. */
static void apply_rule(zhx_stage *st, const zhx_rule *r, size_t order, const char *s, size_t lo,
                       size_t hi, zhx_edits *out)
{
    const char *line = s + lo;
    size_t n = hi - lo, at = 0, mlo, mhi;
    while (zhx_stage_next(st, r, line, n, &at, &mlo, &mhi))
        if (!zhx_edits_add(st, out, r, order, line, n, lo, mlo, mhi))
            return;
}

zhx_status zhx_repair(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    size_t nrules, n;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "repair", &nrules);
    zhx_rule_line *todo = zhx_rules_lines(st->engine->rules, "repair", in, len, &n, NULL);
    if (!todo)
        return ZHX_ERR_NOMEM;
    zhx_edits found = ZHX_EDITS_INIT;
    for (size_t i = 0; i < n; i++)
        apply_rule(st, todo[i].rule, zhx_rule_order(rules, nrules, todo[i].rule), in, todo[i].lo,
                   todo[i].hi, &found);
    free(todo);
    return zhx_edits_apply(st, &found, in, len, true, out);
}
