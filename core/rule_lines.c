/* The lines each rule of a kind should be tried on: one pass over the text finds the `needs`
 * literals of all the kind's rules at once, and a rule is tried only on the lines that hold one
 * of its literals (a rule without `needs`, on every line). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "text.h"

typedef struct planner {
    const char *s;
    size_t len;
    const zhx_rule *const *rules;
    bool have_line;
    size_t lo, hi;  /* the line of the last hit, without its newline */
    uint64_t *seen; /* rules already planned for that line */
    size_t seen_words;
    size_t nrules;
    size_t *family_from; /* where each family's signature may first match, or NULL */
    zhx_rule_line *v;
    size_t n, cap;
    bool failed;
} planner;

static void add(planner *p, size_t rule)
{
    uint64_t bit = (uint64_t)1 << (rule & 63);
    if (p->failed || (p->seen[rule >> 6] & bit))
        return;
    p->seen[rule >> 6] |= bit;
    zhx_array_push(p, ((zhx_rule_line){p->rules[rule], p->lo, p->hi}));
}

static void move_to_line(planner *p, size_t lo, size_t hi)
{
    p->lo = lo;
    p->hi = hi;
    p->have_line = true;
    memset(p->seen, 0, p->seen_words * sizeof *p->seen);
}

/* Hits come in text order, so the line only moves forward. */
static void on_hit(void *user, size_t rule, size_t pos, size_t len)
{
    (void)len;
    planner *p = user;
    if (rule >= p->nrules) {
        if (p->family_from && p->family_from[rule - p->nrules] == SIZE_MAX) {
            p->family_from[rule - p->nrules] = zhx_line_start(p->s, pos);
        }
        return;
    }
    if (!p->have_line || pos > p->hi) {
        size_t from = p->have_line ? p->hi + 1 : 0;
        const char *nl = pos > from ? memrchr(p->s + from, '\n', pos - from) : NULL;
        move_to_line(p, nl ? (size_t)(nl - p->s) + 1 : from, zhx_line_stop(p->s, p->len, pos));
    }
    add(p, rule);
}

zhx_rule_line *zhx_rules_lines(const zhx_rules *rules, const char *kind, const char *s, size_t len,
                               size_t *n, size_t *family_from)
{
    size_t nrules;
    planner p = {.s = s, .len = len, .rules = zhx_rules_of_kind(rules, kind, &nrules)};
    p.nrules = nrules;
    p.family_from = family_from;
    for (size_t i = 0; family_from && i < zhx_rules_family_count(rules); i++)
        family_from[i] = zhx_rules_family(rules, i)->nneeds ? SIZE_MAX : 0;
    p.seen_words = nrules / 64 + 1;
    p.seen = calloc(p.seen_words, sizeof *p.seen);
    if (!p.seen)
        return NULL;
    zhx_rules_find_needs(rules, kind, s, len, on_hit, &p);
    for (size_t i = 0; i < nrules; i++) {
        if (p.rules[i]->nneeds)
            continue;
        for (size_t lo = 0; lo <= len; lo = p.hi + 1) {
            move_to_line(&p, lo, zhx_line_stop(s, len, lo));
            add(&p, i);
        }
    }
    free(p.seen);
    if (p.failed) {
        free(p.v);
        return NULL;
    }
    *n = p.n;
    return p.v ? p.v : calloc(1, sizeof *p.v);
}
