/* targets: numeric targets found by the `target.*` rules, one record per match.
 *
 * Only sentences that hold a digit reach the rules. Within a sentence, each rule runs in
 * load order; a match whose value overlaps the value of an earlier record is the same
 * figure read twice and is dropped. */
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "extract.h"
#include "number.h"
#include "sentences.h"

static bool has_digit(const char *s, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return true;
    return false;
}

static const char *op_of(const zhx_rule *r)
{
    static const char *const ops[] = {">=", "<=", "=", ">", "<"};
    const char *op = zhx_rule_setting(r, "op");
    for (size_t i = 0; op && i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp(op, ops[i]) == 0)
            return ops[i];
    return "=";
}

static bool overlaps_earlier(const zhx_doc *doc, size_t first, size_t lo, size_t hi,
                             const size_t *value_lo, const size_t *value_hi)
{
    for (size_t i = first; i < doc->ntargets; i++)
        if (lo < value_hi[i - first] && value_lo[i - first] < hi)
            return true;
    return false;
}

static char *slice(const char *s, size_t lo, size_t hi)
{
    return strndup(s + lo, hi - lo);
}

/* Fills a record from the current match of `r`; false when out of memory. */
static bool fill(zhx_target *t, const zhx_rule *r, const zhx_matcher *m, const char *s, size_t base)
{
    size_t lo, hi, vlo, vhi;
    zhx_match_group(m, 0, &lo, &hi);
    t->lo = (uint32_t)(base + lo);
    t->hi = (uint32_t)(base + hi);
    t->rule = r->name;
    t->op = op_of(r);
    const char *kind = zhx_rule_setting(r, "kind");
    t->kind = kind && strcmp(kind, "actual") == 0 ? "actual" : "target";
    size_t ilo, ihi, ulo, uhi;
    if (zhx_match_field(m, r, "indicator", &ilo, &ihi) && !(t->indicator = slice(s, ilo, ihi)))
        return false;
    if (zhx_match_field(m, r, "unit", &ulo, &uhi) && uhi > ulo && !(t->unit = slice(s, ulo, uhi)))
        return false;
    if (zhx_match_field(m, r, "value", &vlo, &vhi)) {
        t->has_value = zhx_decimal_parse(s + vlo, vhi - vlo, &t->value, NULL);
        if (!(t->literal = slice(s, vlo, hi)))
            return false;
    }
    return true;
}

static zhx_status sentence_targets(zhx_stage *st, const char *text, const zhx_sentence *sen,
                                   const zhx_rule *const *rules, size_t nrules)
{
    zhx_matcher *m = st->engine->matcher;
    zhx_doc *doc = st->doc;
    const char *s = text + sen->lo;
    size_t len = sen->hi - sen->lo, first = doc->ntargets;
    size_t vlo_list[64], vhi_list[64];
    for (size_t r = 0; r < nrules; r++) {
        for (size_t at = 0; at < len && doc->ntargets - first < 64;) {
            int rc = zhx_match(m, rules[r]->code, s, len, at);
            if (rc < 0) {
                char why[128];
                zhx_matcher_error(rc, why, sizeof why);
                zhx_doc_warn(doc, "rule %s stopped: %s", rules[r]->name, why);
                break;
            }
            if (rc == 0)
                break;
            size_t lo, hi, vlo = 0, vhi = 0;
            zhx_match_group(m, 0, &lo, &hi);
            at = hi > lo ? hi : lo + zhx_utf8_width((unsigned char)s[lo]);
            zhx_match_field(m, rules[r], "value", &vlo, &vhi);
            if (overlaps_earlier(doc, first, vlo, vhi, vlo_list, vhi_list))
                continue;
            zhx_target *t = zhx_doc_add_target(doc);
            if (!t || !fill(t, rules[r], m, s, sen->lo))
                return ZHX_ERR_NOMEM;
            vlo_list[doc->ntargets - 1 - first] = vlo;
            vhi_list[doc->ntargets - 1 - first] = vhi;
        }
    }
    return ZHX_OK;
}

zhx_status zhx_targets(zhx_stage *st, const char *text, size_t len)
{
    size_t nrules;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "target", &nrules);
    zhx_sentences sentences = {0};
    if (!zhx_sentences_split(st, text, len, &sentences)) {
        zhx_sentences_free(&sentences);
        return ZHX_ERR_NOMEM;
    }
    zhx_status status = ZHX_OK;
    for (size_t i = 0; i < sentences.n && status == ZHX_OK; i++)
        if (has_digit(text, sentences.v[i].lo, sentences.v[i].hi))
            status = sentence_targets(st, text, &sentences.v[i], rules, nrules);
    zhx_sentences_free(&sentences);
    return status;
}
