/* entities: HTML character references left in scraped text, `&permil;` `&#8240;` `&#x2030;`,
 * also without their `;` (`9.10&permil`), damage of the same kind (`”;` standing for `“`),
 * and markup a scraper left (`<br/>`, `</p>`, `<span style=…>`), as the `entity.*` rules find
 * them where their `needs` literal occurs. Both are done in one pass so that a reference to a
 * markup character (`人数&lt;10万`) is decoded and never read as a tag; a known tag escaped whole
 * (`&lt;p&gt;`, as a CMS that escaped its HTML or a feed's description shows it) is markup, by
 * rules of its own.
 *
 * A rule with a `replace` template (the markup rules) becomes what its template makes: a line
 * break for a tag that ends a block, a tab for a table cell, nothing for an inline tag.
 * A rule's `name` group is looked up in the table its `set table=` names (entity.names when
 * it names none); a `dec` or `hex` group is a code point, looked up in the rule's table first
 * if it has one (HTML maps &#128;…&#159; through windows-1252). A name the table lacks is
 * not an entity and stays as written; a code point that is no character becomes U+FFFD.
 *
 * A table's cells that span columns or rows (`colspan`, `rowspan`) are kept as a grid: where
 * a cell spans, the stage writes empty cells (a tab each), so that a row whose first cells the
 * row above spans into (a category written once for its rows) still has every cell under its
 * column's head. The markup rules say with `set grid=` which tag of a table they take.
 *
 * A rule with a `data` group keeps that group and drops the rest of its match, and the group's
 * own escapes and markup are undone by the other rules: a script that carries a single-page
 * app's saved state keeps its article, a JSON string of HTML (`window.__INITIAL_STATE__ =
 * {…"content":"<p>…"…}`), as the page's body holds nothing else; a LaTeX command keeps the text
 * it sets (`\textbf{达到45\%以上}`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "anchors.h"
#include "normalize.h"

static const zhx_table *table_of(const zhx_rules *rules, const zhx_rule *r)
{
    const char *name = zhx_rule_setting(r, "table");
    return zhx_rules_table(rules, name ? name : "entity.names");
}

static bool scalar_value(unsigned long cp)
{
    return cp > 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
}

/* The text a numeric reference stands for, written to `buf`. */
static const char *code_point_text(const zhx_table *t, const char *digits, size_t n, int base,
                                   char buf[5])
{
    char tmp[16];
    snprintf(tmp, sizeof tmp, "%.*s", (int)(n < 15 ? n : 15), digits);
    unsigned long cp = strtoul(tmp, NULL, base);
    if (n > 7)
        cp = 0; /* more digits than any code point needs */
    snprintf(tmp, sizeof tmp, "%lu", cp);
    const char *mapped = t ? zhx_table_get(t, tmp, strlen(tmp)) : NULL;
    if (mapped)
        return mapped;
    buf[zhx_utf8_encode(scalar_value(cp) ? (uint32_t)cp : ZHX_REPLACEMENT, buf)] = '\0';
    return buf;
}

/* The text the last match of `r` at `base` stands for, or NULL if it is no entity. */
static const char *entity_text(zhx_stage *st, const zhx_rule *r, const char *in, size_t base,
                               char buf[5])
{
    const zhx_table *t = table_of(st->engine->rules, r);
    size_t lo, hi;
    if (zhx_anchor_field(st, r, "dec", base, &lo, &hi))
        return code_point_text(t, in + lo, hi - lo, 10, buf);
    if (zhx_anchor_field(st, r, "hex", base, &lo, &hi))
        return code_point_text(t, in + lo, hi - lo, 16, buf);
    if (t && zhx_anchor_field(st, r, "name", base, &lo, &hi))
        return zhx_table_get(t, in + lo, hi - lo);
    return NULL;
}

/* The columns of a table that cells of the rows above still span into, as the cells are met.
 * Columns past GRID_COLS are not tracked (their spans are written as single cells). */
#define GRID_COLS 64
#define GRID_SPAN_MAX 1000

typedef struct table_grid {
    unsigned short rows_left[GRID_COLS]; /* rows below this one each column is spanned into */
    size_t col;                          /* the column of the row's next cell */
    size_t cols_left;                    /* columns the open cell spans past its own */
    bool in_row;
} table_grid;

/* The number in group `name` of the last match of `r`, 1 without one, at most `max`. */
static size_t span_of(zhx_stage *st, const zhx_rule *r, const char *in, size_t base,
                      const char *name, size_t max)
{
    size_t lo, hi, n = 0;
    if (!zhx_anchor_field(st, r, name, base, &lo, &hi))
        return 1;
    for (size_t i = lo; i < hi; i++)
        n = 10 * n + (size_t)(in[i] - '0');
    return n == 0 ? 1 : n > max ? max : n;
}

/* Passes the columns from the row's next one up to `to` (the row's last column that the rows
 * above span into, when `to` is GRID_COLS), an empty cell each; returns how many. */
static size_t grid_pass(table_grid *g, size_t to)
{
    if (to == GRID_COLS)
        while (to > g->col && g->rows_left[to - 1] == 0)
            to--;
    size_t passed = 0;
    for (; g->col < to; g->col++, passed++)
        if (g->rows_left[g->col] > 0)
            g->rows_left[g->col]--;
    return passed;
}

/* Updates the grid for a table tag that rule `r` matched; `*before` and `*after` are the
 * empty cells that go before and after the rule's own replacement. */
static void grid_take(zhx_stage *st, table_grid *g, const zhx_rule *r, const char *in, size_t base,
                      size_t *before, size_t *after)
{
    const char *role = zhx_rule_setting(r, "grid");
    *before = *after = 0;
    if (!role)
        return;
    if (strcmp(role, "table") == 0) {
        memset(g, 0, sizeof *g);
    } else if (strcmp(role, "row") == 0 || (strcmp(role, "row-start") == 0 && g->in_row)) {
        *before = grid_pass(g, GRID_COLS);
        g->col = 0;
        g->in_row = false;
    } else if (strcmp(role, "cell") == 0) {
        *before = g->cols_left; /* a cell that no end tag closed (a wiki table's) ends here */
        while (g->col < GRID_COLS && g->rows_left[g->col] > 0)
            *before += grid_pass(g, g->col + 1);
        size_t cols = span_of(st, r, in, base, "colspan", GRID_COLS);
        size_t rows = span_of(st, r, in, base, "rowspan", GRID_SPAN_MAX);
        for (size_t i = 0; i < cols && g->col < GRID_COLS; i++)
            g->rows_left[g->col++] = (unsigned short)(rows - 1);
        g->cols_left = cols - 1;
        g->in_row = true;
    } else if (strcmp(role, "cell-end") == 0) {
        *after = g->cols_left;
        g->cols_left = 0;
    }
}

static void add_tabs(zhx_buf *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        zhx_buf_addch(b, '\t');
}

/* The rest of a match whose `data` group the stage keeps (a script's article string, the text a
 * LaTeX command sets), cut once the group's own references and markup are done. */
typedef struct later_cut {
    size_t lo, hi; /* hi is 0 when there is none */
    size_t tabs;   /* empty cells it leaves (a cell over several columns ends there) */
    const char *rule;
} later_cut;

/* Makes the cut, from where the text is done if that is past its start (`scratch` holds its
 * empty cells); returns the new end of what is done. */
static size_t make_cut(zhx_rewriter *rw, later_cut *c, size_t done, zhx_buf *scratch)
{
    if (!c->hi)
        return done;
    zhx_buf_setlen(scratch, 0);
    add_tabs(scratch, c->tabs);
    zhx_rw_keep(rw, c->lo > done ? c->lo : done);
    zhx_rw_replace(rw, c->hi, scratch->s, scratch->len, c->rule);
    done = c->hi > done ? c->hi : done;
    c->hi = 0;
    return done;
}

/* What a markup rule's template makes of its match (in `made`), or NULL if it cannot be made. */
static const char *replacement(zhx_stage *st, const zhx_rule *r, const char *in, size_t len,
                               size_t at, zhx_buf *made)
{
    zhx_buf_setlen(made, 0);
    return zhx_anchor_substitute(st, r, in, len, at, made) ? made->s : NULL;
}

zhx_status zhx_entities(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    size_t nrules;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "entity", &nrules);
    zhx_anchors anchors;
    if (!zhx_anchors_find(st, &anchors, rules, nrules, in, len)) {
        zhx_anchors_free(&anchors);
        return ZHX_ERR_NOMEM;
    }
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, st->log, st->index);
    zhx_buf made = ZHX_BUF_INIT, spanned = ZHX_BUF_INIT;
    table_grid grid = {0};
    later_cut cut = {0, 0, 0, NULL};
    size_t done = 0;
    for (const zhx_anchor *a; (a = zhx_anchors_next(&anchors));) {
        size_t base, lo, hi, data_lo, data_hi;
        char buf[5];
        if (cut.hi && a->pos >= cut.lo)
            done = make_cut(&rw, &cut, done, &spanned);
        if (a->pos < done || !zhx_anchor_match(st, a->rule, in, len, a->pos, &base))
            continue;
        zhx_match_group(st->engine->matcher, 0, &lo, &hi);
        size_t before, after;
        if (zhx_anchor_field(st, a->rule, "data", base, &data_lo, &data_hi)) {
            if (cut.hi)
                continue; /* inside a group kept already: its own cut comes first */
            grid_take(st, &grid, a->rule, in, base, &before, &after);
            zhx_buf_setlen(&spanned, 0);
            add_tabs(&spanned, before);
            zhx_rw_keep(&rw, a->pos); /* the match up to its data goes, the data stays */
            zhx_rw_replace(&rw, data_lo, spanned.s, spanned.len, a->rule->name);
            cut = (later_cut){data_hi, base + hi, after, a->rule->name};
            done = data_lo;
            continue;
        }
        const char *text = a->rule->replace ? replacement(st, a->rule, in, len, a->pos, &made)
                                            : entity_text(st, a->rule, in, base, buf);
        if (!text)
            continue;
        grid_take(st, &grid, a->rule, in, base, &before, &after);
        zhx_buf_setlen(&spanned, 0);
        add_tabs(&spanned, before);
        zhx_buf_addstr(&spanned, text);
        add_tabs(&spanned, after);
        zhx_rw_keep(&rw, a->pos);
        zhx_rw_replace(&rw, base + hi, spanned.s, spanned.len, a->rule->name);
        done = base + hi;
    }
    make_cut(&rw, &cut, done, &spanned);
    zhx_anchors_free(&anchors);
    bool failed = made.failed || spanned.failed;
    zhx_buf_free(&made);
    zhx_buf_free(&spanned);
    return zhx_rw_finish(&rw, out) && !failed ? ZHX_OK : ZHX_ERR_NOMEM;
}
