#include "seams.h"

#include <string.h>

#include "../core/utf8.h"

/* How much of a page's end the sentence-end rules see. */
#define END_WINDOW 64

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool zhx_ends_sentence(zhx_stage *st, const char *in, size_t lo, size_t hi)
{
    while (hi > lo && is_space(in[hi - 1]))
        hi--;
    size_t from = hi - lo > END_WINDOW ? zhx_utf8_floor(in, hi - END_WINDOW) : lo;
    size_t n;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "pages", &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rules[i]->action, "sentence-end") == 0 &&
            zhx_stage_match(st, rules[i], in + from, hi - from, 0))
            return true;
    return false;
}
