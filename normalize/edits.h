/* Edits that substitution rules (a `replace` template) make to a stage's text: collected
 * from their matches, then applied in text order, an edit that overlaps one before it left
 * out. Shared by the stages whose rules rewrite text (layout, repair). */
#ifndef ZHX_EDITS_H
#define ZHX_EDITS_H

#include "normalize.h"

typedef struct zhx_edit {
    size_t lo, hi;     /* the stage's input bytes it replaces */
    size_t at, n;      /* its replacement, in the edits' shared buffer */
    size_t rule_order; /* at the same start, the earlier rule wins */
    const char *rule;
} zhx_edit;

typedef struct zhx_edits {
    zhx_edit *v;
    size_t n, cap;
    zhx_buf text;
    bool failed;
} zhx_edits;

#define ZHX_EDITS_INIT                                                                             \
    {                                                                                              \
        .text = ZHX_BUF_INIT                                                                       \
    }

/* Adds the edit of the matcher's last match of `rule`, [lo, hi) of `s` (len bytes), whose
 * byte 0 is byte `base` of the stage's input. False when the rule's template cannot be
 * made (the document is warned and the rule should be left out) or memory ran out (seen by
 * zhx_edits_apply). */
bool zhx_edits_add(zhx_stage *st, zhx_edits *e, const zhx_rule *rule, size_t order, const char *s,
                   size_t len, size_t base, size_t lo, size_t hi);

/* Applies the edits to `in` into `out` and frees them. With `same_length`, every replacement
 * has as many characters as what it replaces and is mapped character by character. */
zhx_status zhx_edits_apply(zhx_stage *st, zhx_edits *e, const char *in, size_t len,
                           bool same_length, zhx_text *out);

/* The position of `r` among `rules`, for zhx_edits_add's `order`. */
size_t zhx_rule_order(const zhx_rule *const *rules, size_t n, const zhx_rule *r);

#endif
