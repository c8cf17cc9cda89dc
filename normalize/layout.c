/* layout: damage that copying text out of a laid-out page does, undone, one `layout.*` rule
 * each, its `replace` template giving what the damage becomes: a line break where a page set
 * a figure in a box of its own (达 / 92 / %以上) or where a PDF or a fixed-width page wrapped
 * a paragraph, a number parted from its unit by a line break, an ideographic full stop for a
 * decimal point (25。4%). Left in, each cuts a sentence in two, or a figure from the words
 * that introduce it.
 *
 * A rule is matched over the whole text, so its match may span lines. A rule with
 * `set at=wrap` is tried only where a wrapped line ends: at the line break after each line as
 * wide as the document's wrapped lines, when it has them (normalize/wrap.c). A paragraph's last
 * line is shorter, a heading shorter still, so neither is joined to what follows. A rule with
 * `set at=break` is tried from the start of each line that ends in a character before a line
 * that starts with one or with a digit, and its match (set with \K) must start at that line break;
 * `at=cells` rejoins the rows of a table scraped one cell a line (at_cell_lines). A rule with
 * `set unless=NAME` is not tried in a text where rule NAME (a `guard`) matches: the sign that
 * the damage it mends reads the other way there (a figure before its label, not after); one
 * with `set when=NAME` only in a text where it matches. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "edits.h"
#include "wrap.h"

#define LOOKAHEAD 256   /* bytes after a line break that the rules tried at it may read */
#define SIGNS_MAX 8     /* guards that rules name, remembered for a text */
#define ROW_CELLS_MIN 3 /* cells of a table scraped one cell a line, its count among them */
#define ROW_CELLS_MAX 16
#define CELL_BYTES 90 /* a cell longer than this (30 Han characters) is a paragraph */

/* Tries `rule` at the line break at `hi`, matching from byte `from` (the start of the rule's
 * match, or of the line before the break for a rule that sets its start with \K): the match
 * must start at the break. The rule sees LOOKAHEAD bytes after it, so that a break it rejects
 * does not send it searching through the rest of the document. False when out of memory. */
static bool try_at_break(zhx_stage *st, const zhx_rule *rule, size_t order, const char *s,
                         size_t len, size_t from, size_t hi, zhx_edits *found)
{
    size_t mlo, mhi;
    size_t end = len - hi > LOOKAHEAD ? hi + LOOKAHEAD : len;
    while (end < len && ((unsigned char)s[end] & 0xC0) == 0x80)
        end++; /* a character boundary */
    return !zhx_stage_match(st, rule, s, end, from) ||
           !zhx_match_group(st->engine->matcher, 0, &mlo, &mhi) || mlo != hi ||
           zhx_edits_add(st, found, rule, order, s, len, 0, mlo, mhi);
}

/* Tries `rule` at the line break after each line W - ZHX_WRAP_SLACK to W columns wide that is not a
 * row of cells (a tab in it: a table's row, whose label may go on on the line after it). */
static void at_wrapped_lines(zhx_stage *st, const zhx_rule *rule, size_t order, const char *s,
                             size_t len, size_t width, zhx_edits *found)
{
    for (size_t lo = 0, hi; lo < len; lo = hi + 1) {
        hi = zhx_line_stop(s, len, lo);
        size_t w;
        if (hi == len || hi - lo < ZHX_WRAP_WIDTH_MIN ||
            (w = zhx_columns(s, lo, hi)) + ZHX_WRAP_SLACK < width || w > width ||
            memchr(s + lo, '\t', hi - lo))
            continue;
        if (!try_at_break(st, rule, order, s, len, hi, hi, found))
            return;
    }
}

/* Tries `rule` from the start of each line that ends in a character of three bytes (Han, not
 * ASCII) before a line that starts with one or with a digit: at the line breaks inside a
 * sentence, which the rule tells from the breaks that end a heading or a paragraph. */
static void at_breaks_between_characters(zhx_stage *st, const zhx_rule *rule, size_t order,
                                         const char *s, size_t len, zhx_edits *found)
{
    for (size_t lo = 0, hi; lo < len; lo = hi + 1) {
        hi = zhx_line_stop(s, len, lo);
        unsigned char next = hi + 1 < len ? (unsigned char)s[hi + 1] : 0;
        if (hi == len || hi - lo < 3 || ((unsigned char)s[hi - 3] & 0xF0) != 0xE0 ||
            ((next & 0xF0) != 0xE0 && !zhx_is_digit((char)next)))
            continue;
        if (!try_at_break(st, rule, order, s, len, lo, hi, found))
            return;
    }
}

/* ---- tables scraped one cell a line ------------------------------------------------------ */

/* The lines of a text with text on them (and the first, which may have none): line k is
 * [lo[k], hi[k]). A converter that writes a blank line after every paragraph and every cell
 * (docx2txt) leaves the cells of a row a blank line apart, so the line break before a line is
 * taken from the end of the line before it (gap_before), over any blank lines between. */
typedef struct lines {
    size_t *lo, *hi;
    size_t n;
} lines;

static size_t gap_before(const lines *l, size_t k)
{
    return k ? l->hi[k - 1] : 0;
}

static bool lines_split(lines *l, const char *s, size_t len)
{
    size_t n = 1;
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + len - p))) != NULL; p++)
        n++;
    l->lo = malloc(n * sizeof *l->lo);
    l->hi = malloc(n * sizeof *l->hi);
    l->n = 0;
    if (!l->lo || !l->hi)
        return false;
    for (size_t lo = 0, hi;; lo = hi + 1) {
        hi = zhx_line_stop(s, len, lo);
        if (hi > lo || lo == 0) {
            l->lo[l->n] = lo;
            l->hi[l->n++] = hi;
        }
        if (hi >= len)
            return true;
    }
}

static void lines_free(lines *l)
{
    free(l->lo);
    free(l->hi);
}

/* The count a line holds when it is a number alone (a row's first cell, 序号), else 0. */
static size_t count_of(const char *s, const lines *l, size_t k)
{
    size_t lo = l->lo[k], hi = l->hi[k], v = 0;
    if (hi == lo || hi - lo > 3)
        return 0;
    for (size_t i = lo; i < hi; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (size_t)(s[i] - '0');
    }
    return v;
}

/* Whether `rule` takes the line break before line k: the line after it is a cell. */
static bool takes_cell(zhx_stage *st, const zhx_rule *rule, const char *s, const lines *l, size_t k)
{
    size_t mlo, mhi, end = l->hi[k] < l->lo[k] + CELL_BYTES ? l->hi[k] : l->lo[k] + CELL_BYTES;
    return l->hi[k] > l->lo[k] && l->hi[k] - l->lo[k] <= CELL_BYTES &&
           zhx_stage_match(st, rule, s, end, gap_before(l, k)) &&
           zhx_match_group(st->engine->matcher, 0, &mlo, &mhi) && mlo == gap_before(l, k);
}

/* Whether lines first+1 … first+cells-1 are cells the rule takes after line `first`. */
static bool row_of_cells(zhx_stage *st, const zhx_rule *rule, const char *s, const lines *l,
                         size_t first, size_t cells)
{
    if (first + cells > l->n)
        return false;
    for (size_t k = first + 1; k < first + cells; k++)
        if (!takes_cell(st, rule, s, l, k))
            return false;
    return true;
}

/* Joins the cells of a row (lines first … first+cells-1) with the rule's replacement. */
static bool join_row(zhx_stage *st, const zhx_rule *rule, size_t order, const char *s, size_t len,
                     const lines *l, size_t first, size_t cells, zhx_edits *found)
{
    for (size_t k = first + 1; k < first + cells; k++) {
        size_t mlo, mhi;
        if (!zhx_stage_match(st, rule, s, l->hi[k], gap_before(l, k)) ||
            !zhx_match_group(st->engine->matcher, 0, &mlo, &mhi) ||
            !zhx_edits_add(st, found, rule, order, s, len, 0, mlo, mhi))
            return false;
    }
    return true;
}

/* The rows of a table from line `one`, whose count is 1, when line one+cells counts 2 and so
 * on, every line between them a cell; 0 if fewer than two. */
static size_t rows_from(zhx_stage *st, const zhx_rule *rule, const char *s, const lines *l,
                        size_t one, size_t cells)
{
    size_t rows = 0;
    while (one + rows * cells < l->n && count_of(s, l, one + rows * cells) == rows + 1 &&
           row_of_cells(st, rule, s, l, one + rows * cells, cells))
        rows++;
    return rows >= 2 ? rows : 0;
}

/* How many cells the head row before the rows at line `one` has: as many as a row, or one
 * fewer (a row's last cell, a mark of its status, under the head of the one before it); 0 if
 * the lines before them are no head row. */
static size_t head_cells(zhx_stage *st, const zhx_rule *rule, const char *s, const lines *l,
                         size_t one, size_t cells)
{
    for (size_t n = cells; n + 1 >= cells && n >= ROW_CELLS_MIN; n--) {
        size_t h = one - n; /* the head row's first line */
        if (one >= n && h > 0 && count_of(s, l, h) == 0 && takes_cell(st, rule, s, l, h) &&
            row_of_cells(st, rule, s, l, h, n))
            return n;
    }
    return 0;
}

/* Tables a scraper turned into one cell a line (序号 / 指标 / 单位 / … then 1 / 孕产妇死亡率 /
 * …): rows found by their count, 1, 2, 3 … every as many lines as a row has cells, and the
 * head row before them when its lines are cells too; `rule` tells a cell and what the line
 * breaks between cells become. */
static void at_cell_lines(zhx_stage *st, const zhx_rule *rule, size_t order, const char *s,
                          size_t len, zhx_edits *found)
{
    lines l;
    if (!memchr(s, '\n', len) || !lines_split(&l, s, len)) {
        found->failed |= len && memchr(s, '\n', len);
        return;
    }
    for (size_t k = 0; k < l.n; k++) {
        if (count_of(s, &l, k) != 1)
            continue;
        size_t rows = 0, cells = ROW_CELLS_MIN;
        for (; cells <= ROW_CELLS_MAX && !rows; cells++)
            rows = k + cells < l.n && count_of(s, &l, k + cells) == 2
                       ? rows_from(st, rule, s, &l, k, cells)
                       : 0;
        if (!rows)
            continue;
        cells--;
        size_t heads = head_cells(st, rule, s, &l, k, cells);
        if (heads && !join_row(st, rule, order, s, len, &l, k - heads, heads, found))
            break;
        for (size_t r = 0; r < rows; r++)
            if (!join_row(st, rule, order, s, len, &l, k + r * cells, cells, found))
                goto done;
        k += rows * cells - 1;
    }
done:
    lines_free(&l);
}

/* What the signs that rules name in `unless` and `when` say of the text, each looked up and
 * looked for once: several rules name the same guard. */
typedef struct signs {
    struct {
        const char *name;
        bool matches;
    } v[SIGNS_MAX];
    size_t n;
} signs;

/* Whether the rule that setting `key` of `rule` names matches the text. */
static bool sign_in(zhx_stage *st, signs *seen, const zhx_rule *rule, const char *key,
                    const char *s, size_t len)
{
    const char *name = zhx_rule_setting(rule, key);
    if (!name)
        return false;
    for (size_t i = 0; i < seen->n; i++)
        if (strcmp(seen->v[i].name, name) == 0)
            return seen->v[i].matches;
    const zhx_rule *sign = zhx_rules_find(st->engine->rules, name);
    size_t at = 0, lo, hi;
    bool matches =
        sign && zhx_rule_may_match(sign, s, len) && zhx_stage_next(st, sign, s, len, &at, &lo, &hi);
    if (seen->n < SIGNS_MAX) {
        seen->v[seen->n].name = name;
        seen->v[seen->n++].matches = matches;
    }
    return matches;
}

/* Whether the text lets `rule` be tried: the rule its `unless` names does not match it, and
 * the rule its `when` names does (a rule that names neither is always tried). */
static bool conditions_hold(zhx_stage *st, signs *seen, const zhx_rule *rule, const char *s,
                            size_t len)
{
    return !sign_in(st, seen, rule, "unless", s, len) &&
           (!zhx_rule_setting(rule, "when") || sign_in(st, seen, rule, "when", s, len));
}

/* Tries `rule` over the whole text, if the text lets it (conditions_hold). A rule with `when`
 * is rare where its sign is, so the sign is looked at first; one with `unless` is rare
 * wherever, so only once it has matched (a text it does not match costs one search). */
static void anywhere(zhx_stage *st, signs *seen, const zhx_rule *rule, size_t order, const char *s,
                     size_t len, zhx_edits *found)
{
    size_t at = 0, mlo, mhi;
    if (zhx_rule_setting(rule, "when") && !conditions_hold(st, seen, rule, s, len))
        return;
    if (zhx_rule_setting(rule, "unless") && (!zhx_stage_next(st, rule, s, len, &at, &mlo, &mhi) ||
                                             !conditions_hold(st, seen, rule, s, len)))
        return;
    for (at = 0; zhx_stage_next(st, rule, s, len, &at, &mlo, &mhi);)
        if (!zhx_edits_add(st, found, rule, order, s, len, 0, mlo, mhi))
            return;
}

typedef struct present {
    bool *v;
    size_t n;
} present;

static void note_present(void *user, size_t rule, size_t pos, size_t len)
{
    (void)pos, (void)len;
    present *p = user;
    if (rule < p->n)
        p->v[rule] = true;
}

/* Which rules may match the text: those without `needs`, and those whose `needs` occur in it,
 * found in one pass for all of them (rather than a search of the text for each literal of
 * each rule). NULL when out of memory. */
static bool *rules_present(zhx_stage *st, const zhx_rule *const *rules, size_t n, const char *s,
                           size_t len)
{
    present p = {calloc(n ? n : 1, sizeof *p.v), n};
    bool scan = false;
    for (size_t i = 0; p.v && i < n; i++) {
        p.v[i] = rules[i]->nneeds == 0;
        scan |= !p.v[i];
    }
    if (p.v && scan)
        zhx_literals_scan(zhx_rules_needs_index(st->engine->rules, "layout"), s, len, note_present,
                          &p);
    return p.v;
}

zhx_status zhx_layout(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    size_t nrules;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "layout", &nrules);
    zhx_edits found = ZHX_EDITS_INIT;
    size_t width = SIZE_MAX; /* not yet measured */
    signs seen = {.n = 0};
    bool *may_match = rules_present(st, rules, nrules, in, len);
    if (!may_match)
        return ZHX_ERR_NOMEM;
    for (size_t i = 0; i < nrules; i++) {
        const char *at = zhx_rule_setting(rules[i], "at");
        if (!may_match[i] || (at && !conditions_hold(st, &seen, rules[i], in, len)))
            continue;
        if (at && strcmp(at, "cells") == 0) {
            at_cell_lines(st, rules[i], i, in, len, &found);
        } else if (at && strcmp(at, "break") == 0) {
            at_breaks_between_characters(st, rules[i], i, in, len, &found);
        } else if (at && strcmp(at, "wrap") == 0) {
            if (width == SIZE_MAX)
                width = zhx_wrap_width(in, len);
            if (width)
                at_wrapped_lines(st, rules[i], i, in, len, width, &found);
        } else {
            anywhere(st, &seen, rules[i], i, in, len, &found);
        }
    }
    free(may_match);
    return zhx_edits_apply(st, &found, in, len, false, out);
}
