/* title: the document's title, for its doc record, and the title line of the text.
 *
 * The title is the first line that holds text, read through the `title.*` rules, the first of
 * which to capture `title` wins (they strip what sites append, such as a file extension). What
 * the rule strips is cut from the text as well, so that the text opens with the title as the
 * record gives it. A first line that a rule with `set skip=yes` matches whole (a portal's
 * header: the name of the body that runs it) is no title: it is cut, and the next is read.
 *
 * Sites print the title again as a header or at the head of the first preview page. The text
 * keeps it once, on its first line: a next line that repeats it is dropped, and so is a repeat
 * at the start of the next line when the title is long enough (MIN_REPEAT characters) for that
 * not to be chance, since the heading or text that follows it belongs to the body. */
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "normalize.h"

#define MIN_REPEAT 8
/* A first line longer than this is a paragraph (or a whole page scraped onto one line), not a
 * title: the title is then its start, cut at a character boundary, and the line is left as it
 * is. It also bounds what the title rules are matched against. */
#define TITLE_BYTES_MAX 512
#define SKIPS_MAX 6 /* lines before the title that skip rules may cut */

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The first line with text at or after `pos`, trimmed; lo == hi when there is none. */
static void next_line(const char *s, size_t len, size_t pos, size_t *lo, size_t *hi)
{
    while (pos < len && blank(s[pos]))
        pos++;
    const char *nl = memchr(s + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - s) : len;
    while (end > pos && blank(s[end - 1]))
        end--;
    *lo = pos;
    *hi = end;
}

/* The end of the line holding `pos`, past its newline and the blank lines after it. */
static size_t past_line(const char *s, size_t len, size_t pos)
{
    const char *nl = memchr(s + pos, '\n', len - pos);
    pos = nl ? (size_t)(nl - s) + 1 : len;
    for (size_t i = pos; i < len && blank(s[i]); i++)
        if (s[i] == '\n')
            pos = i + 1;
    return pos;
}

/* Narrows [*lo, *hi) to what the first title rule to capture `title` keeps. Returns the rule. */
static const char *read_title(zhx_stage *st, const char *s, size_t *lo, size_t *hi)
{
    size_t n;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "title", &n);
    for (size_t i = 0; i < n; i++) {
        size_t glo, ghi;
        if (!zhx_rule_setting(rules[i], "skip") &&
            zhx_stage_match(st, rules[i], s + *lo, *hi - *lo, 0) &&
            zhx_match_field(st->engine->matcher, rules[i], "title", &glo, &ghi)) {
            *hi = *lo + ghi;
            *lo += glo;
            return rules[i]->name;
        }
    }
    return NULL;
}

/* The skip rule that matches all of the line [lo, hi), or NULL. */
static const char *skipped_by(zhx_stage *st, const char *s, size_t lo, size_t hi)
{
    size_t n, mlo, mhi;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "title", &n);
    for (size_t i = 0; i < n && hi - lo <= TITLE_BYTES_MAX; i++)
        if (zhx_rule_setting(rules[i], "skip") &&
            zhx_stage_match(st, rules[i], s + lo, hi - lo, 0) &&
            zhx_match_group(st->engine->matcher, 0, &mlo, &mhi) && mlo == 0 && mhi == hi - lo)
            return rules[i]->name;
    return NULL;
}

/* Cuts the repeat of the title [tlo, thi) from the line that follows the title line. */
static void drop_repeat(zhx_rewriter *rw, const char *s, size_t len, size_t tlo, size_t thi,
                        size_t after)
{
    size_t lo, hi, n = thi - tlo;
    next_line(s, len, after, &lo, &hi);
    if (hi - lo < n || memcmp(s + lo, s + tlo, n) != 0)
        return;
    size_t end = lo + n;
    if (end == hi) {
        end = past_line(s, len, lo);
    } else if (zhx_utf8_count(s + tlo, n) >= MIN_REPEAT) {
        while (end < hi && (s[end] == ' ' || s[end] == '\t'))
            end++;
    } else {
        return;
    }
    zhx_rw_keep(rw, lo);
    zhx_rw_replace(rw, end, "", 0, "title.repeated");
}

zhx_status zhx_title(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, st->log, st->index);
    size_t lo, hi;
    next_line(in, len, 0, &lo, &hi);
    const char *skip;
    for (int k = 0; k < SKIPS_MAX && hi > lo && (skip = skipped_by(st, in, lo, hi)); k++) {
        size_t next = past_line(in, len, lo), nlo, nhi;
        next_line(in, len, next, &nlo, &nhi);
        if (nhi == nlo) /* a document of that line alone keeps it as its title */
            break;
        zhx_rw_keep(&rw, lo);
        zhx_rw_replace(&rw, next, "", 0, skip);
        lo = nlo;
        hi = nhi;
    }
    if (hi == lo)
        return zhx_rw_finish(&rw, out) ? ZHX_OK : ZHX_ERR_NOMEM;
    size_t tlo = lo, thi = hi;
    const char *rule = NULL;
    if (hi - lo > TITLE_BYTES_MAX)
        thi = zhx_utf8_floor(in, lo + TITLE_BYTES_MAX);
    else
        rule = read_title(st, in, &tlo, &thi);
    free(st->doc->title);
    st->doc->title = strndup(in + tlo, thi - tlo);
    if (!st->doc->title) {
        zhx_rw_abandon(&rw);
        return ZHX_ERR_NOMEM;
    }
    if (rule && tlo > lo) {
        zhx_rw_keep(&rw, lo);
        zhx_rw_replace(&rw, tlo, "", 0, rule);
    }
    if (rule && thi < hi) {
        zhx_rw_keep(&rw, thi);
        zhx_rw_replace(&rw, hi, "", 0, rule);
    }
    if (thi > tlo && hi - lo <= TITLE_BYTES_MAX)
        drop_repeat(&rw, in, len, tlo, thi, past_line(in, len, lo));
    return zhx_rw_finish(&rw, out) ? ZHX_OK : ZHX_ERR_NOMEM;
}
