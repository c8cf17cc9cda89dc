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
 * not an entity and stays as written; a code point that is no character becomes U+FFFD. */
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
    zhx_buf made = ZHX_BUF_INIT;
    size_t done = 0;
    for (const zhx_anchor *a; (a = zhx_anchors_next(&anchors));) {
        size_t base, lo, hi;
        char buf[5];
        if (a->pos < done || !zhx_anchor_match(st, a->rule, in, len, a->pos, &base))
            continue;
        zhx_match_group(st->engine->matcher, 0, &lo, &hi);
        const char *text = a->rule->replace ? replacement(st, a->rule, in, len, a->pos, &made)
                                            : entity_text(st, a->rule, in, base, buf);
        if (!text)
            continue;
        zhx_rw_keep(&rw, a->pos);
        zhx_rw_replace(&rw, base + hi, text, strlen(text), a->rule->name);
        done = base + hi;
    }
    zhx_anchors_free(&anchors);
    bool failed = made.failed;
    zhx_buf_free(&made);
    return zhx_rw_finish(&rw, out) && !failed ? ZHX_OK : ZHX_ERR_NOMEM;
}
