/* Anchored rules, for the stages that repair rare things in a large text (lost, entities,
 * pinyin). Such a rule names in `needs` the literal its match begins with (`?`, `&`, `(`);
 * the stage finds those literals (zhx_find_literal) and runs PCRE2 only there, anchored, on the
 * stretch of the line around each one, so a text without them costs one memchr per distinct
 * literal and no allocation, a literal where no rule matches costs one look, and a long line
 * never becomes one unbounded subject. */
#ifndef ZHX_ANCHORS_H
#define ZHX_ANCHORS_H

#include "../core/doc.h"

/* How far a window reaches around an anchor: lookbehinds see this much of the line before
 * it, and a match may run this far past it, on its line; a rule with `set window=lines` may
 * run past the line's end, this far (a tag whose attributes Word broke over lines, a style
 * sheet); one with `set window=document`, to the text's end (a script that carries a page's
 * whole article). */
#define ZHX_ANCHOR_BEHIND 64
#define ZHX_ANCHOR_AHEAD 1024
#define ZHX_ANCHOR_AHEAD_LINES 16384

typedef struct zhx_anchor {
    size_t pos;  /* where one of the rule's `needs` literals begins */
    size_t rank; /* the rule's place among the stage's rules: the first to match wins */
    const zhx_rule *rule;
} zhx_anchor;

/* The anchors of a stage's rules in a text, visited in order of position and then of rank.
 * They are found as the visit goes, one literal occurrence ahead for each distinct literal,
 * so a text with millions of them costs no list of millions (nor a sort of one). */
typedef struct zhx_anchor_literal {
    const char *lit;
    size_t n;
    size_t at; /* its next occurrence, at or after the place being visited; `len` if none */
} zhx_anchor_literal;

typedef struct zhx_anchors {
    const zhx_rule *const *rules;
    size_t nrules;
    const char *s;
    size_t len;
    zhx_anchor_literal *lits; /* the distinct `needs` literals of the rules */
    size_t nlits;
    size_t pos;       /* the place being visited: the first occurrence of any literal */
    size_t next_rule; /* the rule to try next at `pos` */
    zhx_anchor current;
} zhx_anchors;

/* Starts a visit of the anchors of `rules` in `s`. A rule with no `needs` has no anchors (it
 * is reported once through a document warning). Returns false when out of memory. Whatever
 * it returns, free with zhx_anchors_free. */
bool zhx_anchors_find(zhx_stage *st, zhx_anchors *a, const zhx_rule *const *rules, size_t n,
                      const char *s, size_t len);
/* The next anchor, or NULL when there are no more. It stays valid until the next call. */
const zhx_anchor *zhx_anchors_next(zhx_anchors *a);
void zhx_anchors_free(zhx_anchors *a);

/* Tries `rule` at byte `at` of `s`: true when its match begins at `at` (the match's groups
 * are then relative to `*base`, which zhx_anchor_field adds back). A match a PCRE2 limit
 * stopped is none, reported as a document warning. */
bool zhx_anchor_match(zhx_stage *st, const zhx_rule *rule, const char *s, size_t len, size_t at,
                      size_t *base);

/* The span of group `name` of the last anchored match, in bytes of the whole text. */
bool zhx_anchor_field(const zhx_stage *st, const zhx_rule *rule, const char *name, size_t base,
                      size_t *lo, size_t *hi);

/* zhx_stage_substitute for the last anchored match of `rule`, which began at `at` of `s` (as
 * given to zhx_anchor_match). */
bool zhx_anchor_substitute(zhx_stage *st, const zhx_rule *rule, const char *s, size_t len,
                           size_t at, zhx_buf *out);

#endif
