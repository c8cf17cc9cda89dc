/* lost: characters lost on the way to us. Text pushed through a charset that could not hold
 * some of its characters comes back with a `?` for each of them (`重點??平`). Such question
 * marks become U+FFFD, one for one, so the loss stays visible and is counted in lost_chars;
 * nothing is deleted. A real question mark (`确认删除?`, `是什么?`) stays.
 *
 * The `lost.*` rules decide, tried in order where a `?` occurs: the first that matches there
 * says `keep` (a real question mark) or `lose` (each `?` of its `lost` group was a
 * character). */
#include <string.h>

#include "anchors.h"
#include "normalize.h"

static const char replacement[] = "\xEF\xBF\xBD";

/* Replaces the question marks in [lo, hi) by as many U+FFFD; returns how many. */
static size_t mark_lost(zhx_rewriter *rw, const char *in, size_t lo, size_t hi, const char *rule)
{
    char with[3 * 64];
    size_t n = 0;
    for (size_t i = lo; i < hi; i++)
        n += in[i] == '?';
    if (n == 0 || n != hi - lo || n > sizeof with / 3)
        return 0; /* the group holds something else: not a run of lost characters */
    for (size_t i = 0; i < n; i++)
        memcpy(with + 3 * i, replacement, 3);
    zhx_rw_keep(rw, lo);
    zhx_rw_replace_chars(rw, hi, with, 3 * n, rule);
    return n;
}

zhx_status zhx_lost(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    if (!memchr(in, '?', len))
        return ZHX_OK;
    size_t nrules;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "lost", &nrules);
    zhx_anchors anchors;
    if (!zhx_anchors_find(st, &anchors, rules, nrules, in, len)) {
        zhx_anchors_free(&anchors);
        return ZHX_ERR_NOMEM;
    }
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, st->log, st->index);
    size_t done = 0, lost = 0;
    for (const zhx_anchor *a; (a = zhx_anchors_next(&anchors));) {
        size_t base, lo, hi;
        if (a->pos < done || !zhx_anchor_match(st, a->rule, in, len, a->pos, &base))
            continue;
        zhx_match_group(st->engine->matcher, 0, &lo, &hi);
        done = base + hi > a->pos ? base + hi : a->pos + 1;
        if (strcmp(a->rule->action, "lose") == 0 &&
            zhx_anchor_field(st, a->rule, "lost", base, &lo, &hi))
            lost += mark_lost(&rw, in, lo, hi, a->rule->name);
    }
    zhx_anchors_free(&anchors);
    if (lost) {
        st->doc->lost_chars += lost;
        zhx_doc_warn(st->doc, "%zu question marks stand for lost characters (now U+FFFD)", lost);
    }
    return zhx_rw_finish(&rw, out) ? ZHX_OK : ZHX_ERR_NOMEM;
}
