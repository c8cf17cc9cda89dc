/* dates: years and deadlines, and the figures they are for.
 *
 * A number that starts no figure may name a year or a deadline: the `year` rules are tried at
 * it when one of their `needs` words follows it (年 after 2022, 月 after X). A figure takes
 *   year      a year in its clause (before it, else after), then in its sentence; a target with
 *             none takes the nearest year before it that governs its passage (the section
 *             holding that year, or without sections its block of lines up to a blank line),
 *             then the title's year, or the last year of the plan period it names (十四五); a
 *             reported figure with none takes the year in the title of its innermost section
 *             that names one (一、2023年工作回顾), else the nearest year before it that governs
 *             its passage and is not looked forward to (截至2020年底, not 到2025年), else, in a
 *             bulletin, the title's. A year after the figure counts up to the
 *             clause of the next figure. A year after a figure, or in its clause after
 *             the word that introduces it, or a deadline in its clause, is that figure's
 *             and governs no passage; a year that opens its clause governs its passage too.
 *   deadline  likewise, from the `deadline` of the year and month rules; targets only. A
 *             target with none takes one that names no year (年内, 年底前) from its clause,
 *             found by the `deadline` rules. */
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "number.h"
#include "outline.h"
#include "targets.h"

#define GOVERN_MAX 64     /* year mentions looked back at for the year that governs a passage */
#define YEAR_WINDOW 32    /* a year or deadline is short: 2021年6月底前 */
#define PLAN_YEARS 5      /* the years of a plan period (十四五: 2021 to 2025) */
#define NAMES_MAX_YEARS 8 /* years given one each to the figures of a run (as names are) */

static bool add_mention(zhx_reading *rd, zhx_dates *d, zhx_mention m)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        zhx_mention *v = realloc(d->v, cap * sizeof *v);
        if (!v) {
            rd->failed = true;
            return false;
        }
        d->v = v;
        d->cap = cap;
    }
    d->v[d->n++] = m;
    return true;
}

/* The last year of the plan period `s` names (“十四五” runs to 2025), or 0. */
static int plan_period_year(const zhx_table *periods, const char *s, size_t len)
{
    for (size_t i = 0; periods && i < periods->n; i++)
        if (memmem(s, len, periods->entries[i].key, strlen(periods->entries[i].key)))
            return atoi(periods->entries[i].value);
    return 0;
}

/* The year written in `s` (2022, 二〇二二, or a plan period: 十四五), or 0 for an anonymised
 * one (XX). A rule with `set era=N` reads years counted from year N (era=1911: the Republic of
 * China's calendar, 民国112年 is 2023). */
static int year_of(const zhx_reading *rd, const zhx_trule *rule, const char *s, size_t len)
{
    zhx_amount a;
    int period = plan_period_year(rd->tr->plan_periods, s, len);
    if (period)
        return period;
    if (!zhx_amount_parse(s, len, &a) || a.placeholder || a.value.scale != 0)
        return 0;
    if (rule->era)
        return a.value.units >= 1 && a.value.units <= 200 ? rule->era + (int)a.value.units : 0;
    return a.value.units >= 1000 && a.value.units <= 9999 ? (int)a.value.units : 0;
}

bool zhx_script_fits(const zhx_reading *rd, const zhx_trule *rule)
{
    return !rule->traditional || (rd->doc->script && strcmp(rd->doc->script, "simplified") != 0);
}

/* Whether one of the rule's `needs` words starts at `at` (or it has none). */
static bool needs_after(const zhx_reading *rd, const zhx_trule *rule, size_t at)
{
    return !rule->rule->nneeds || zhx_trule_word_at(rule, rd->text, rd->len, at);
}

/* The span of field `f` of the last match of `rule` in `s`, in bytes of the text. */
static bool field(const zhx_reading *rd, const zhx_trule *rule, const zhx_sentence *s, zhx_field f,
                  size_t *lo, size_t *hi)
{
    if (!zhx_trule_field(rd->m, rule, f, false, lo, hi))
        return false;
    *lo += s->lo;
    *hi += s->lo;
    return true;
}

/* The rules see a few characters before the number (for 较2021年) and YEAR_WINDOW bytes
 * after it. */
size_t zhx_dates_read(zhx_reading *rd, zhx_dates *d, size_t at)
{
    size_t end = zhx_number_run_end(rd->text, rd->len, at);
    if (end < rd->len ? !rd->tr->year_after[(unsigned char)rd->text[end]] : rd->tr->years.n == 0)
        return 0; /* no year rule's word follows: the common case, told by one byte */
    size_t from = at > 16 ? at - 16 : 0;
    while (from > 0 && ((unsigned char)rd->text[from] & 0xC0) == 0x80)
        from--;
    const zhx_sentence around = {from, rd->len}, *s = &around;
    for (size_t i = 0; i < rd->tr->years.n; i++) {
        const zhx_trule *rule = &rd->tr->years.v[i];
        if (rule->title_only || !needs_after(rd, rule, end) || !zhx_script_fits(rd, rule) ||
            !zhx_reading_match_at(rd, rule, s, at, YEAR_WINDOW))
            continue;
        zhx_mention m = {0};
        size_t lo, hi;
        zhx_match_group(rd->m, 0, &lo, &hi);
        m.lo = s->lo + lo;
        m.hi = s->lo + hi;
        if (field(rd, rule, s, ZHX_FIELD_YEAR, &lo, &hi)) {
            m.is_year = true;
            m.year = year_of(rd, rule, rd->text + lo, hi - lo);
        }
        field(rd, rule, s, ZHX_FIELD_DEADLINE, &m.dlo, &m.dhi);
        size_t alo, ahi;
        m.ahead = field(rd, rule, s, ZHX_FIELD_AHEAD, &alo, &ahi);
        m.past = field(rd, rule, s, ZHX_FIELD_PAST, &alo, &ahi);
        m.title_first = rule->title_first;
        m.governs_after = rule->governs_after;
        m.section = zhx_section_at(rd->doc, m.lo);
        add_mention(rd, d, m);
        return m.hi;
    }
    return 0;
}

size_t zhx_dates_from(const zhx_dates *d, size_t lo)
{
    size_t first = d->n;
    while (first > 0 && d->v[first - 1].lo >= lo)
        first--;
    return first;
}

/* Which year of those a title names year_in_title reads. */
typedef enum title_pick { PICK_FIRST, PICK_LATEST, PICK_EARLIEST } title_pick;

/* The year a title names: the first year rule's first match in it; the latest year any of them
 * finds (2023年工作总结及2024年工作要点: 2024, the year its targets are for); or the earliest
 * (2022—2024年: 2022). 0 for none. */
static int year_in_title(zhx_reading *rd, const char *s, title_pick pick)
{
    int best = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < rd->tr->years.n; i++) {
        const zhx_trule *rule = &rd->tr->years.v[i];
        size_t lo, hi;
        int rc = 0;
        if (!zhx_script_fits(rd, rule))
            continue;
        /* a year rule is anchored (\G) at the number that names the year, as in the text */
        for (size_t at = zhx_number_next(s, len, 0); at < len && (rc == 0 || pick != PICK_FIRST);
             at = zhx_number_next(s, len, at + zhx_utf8_width((unsigned char)s[at]))) {
            if ((rc = zhx_match(rd->m, rule->rule->code, s, len, at)) < 0)
                zhx_reading_warn(rd, rule->rule, rc);
            int year;
            if (rc == 1 && zhx_trule_field(rd->m, rule, ZHX_FIELD_YEAR, false, &lo, &hi) &&
                (year = year_of(rd, rule, s + lo, hi - lo))) {
                if (pick == PICK_FIRST)
                    return year;
                if (!best || (pick == PICK_LATEST ? year > best : year < best))
                    best = year;
            }
        }
    }
    return best;
}

/* The year that the first year rule to match anywhere in `s` names, or 0. */
static int year_in(zhx_reading *rd, const char *s)
{
    return year_in_title(rd, s, PICK_FIRST);
}

/* The year of the title: the first year rule that matches it somewhere, else the end of the
 * plan period it names. */
static int title_year(zhx_reading *rd, zhx_dates *d)
{
    if (d->title_read)
        return d->title_year;
    d->title_read = true;
    const char *title = rd->doc->title;
    /* a plan period (十四五, to 2025) counts as its last year, and starts four years before */
    int period = title ? plan_period_year(rd->tr->plan_periods, title, strlen(title)) : 0;
    if (title && !(d->title_year = d->title_named_year = year_in(rd, title)))
        d->title_year = period;
    d->title_target_year = title ? year_in_title(rd, title, PICK_LATEST) : 0;
    if (d->title_target_year < d->title_year)
        d->title_target_year = d->title_year;
    d->title_first_year = title ? year_in_title(rd, title, PICK_EARLIEST) : 0;
    if (period && (!d->title_first_year || period - PLAN_YEARS + 1 < d->title_first_year))
        d->title_first_year = period - PLAN_YEARS + 1;
    return d->title_year;
}

/* The year of the title for a target: the latest it names (a summary of 2023 and the work
 * points of 2024 set targets for 2024). */
static int title_target_year(zhx_reading *rd, zhx_dates *d)
{
    title_year(rd, d);
    return d->title_target_year;
}

/* The year that the `relative` rule's last match in `s` names against the document's (今年,
 * 明年: the year.relative map gives how many years on), or 0. The JIT's scan for the rule's
 * first characters is its prefilter. */
static int relative_year_in(zhx_reading *rd, zhx_dates *d, const char *s, size_t len)
{
    const zhx_rule *rule = rd->tr->relative;
    const char *offset = NULL;
    size_t at = 0;
    while (rule && at < len) {
        size_t mlo, mhi, ylo, yhi;
        int rc = zhx_match(rd->m, rule->code, s, len, at);
        if (rc < 0)
            zhx_reading_warn(rd, rule, rc);
        if (rc != 1 || !zhx_match_group(rd->m, 0, &mlo, &mhi))
            break;
        if (zhx_match_field(rd->m, rule, "year", &ylo, &yhi))
            offset = zhx_table_get(rd->tr->relative_years, s + ylo, yhi - ylo);
        at = mhi > at ? mhi : at + 1;
    }
    int base = offset ? zhx_dates_document_year(rd, d) : 0;
    return base ? base + atoi(offset) : 0;
}

/* The year that a relative word nearest before `pos` in [lo, pos) of the text names, or 0. */
static int relative_year(zhx_reading *rd, zhx_dates *d, size_t lo, size_t pos)
{
    return relative_year_in(rd, d, rd->text + lo, pos > lo ? pos - lo : 0);
}

/* The year in the title of the innermost section around byte `pos` that names one
 * (一、2023年工作回顾), or 0. Each title is read once. */
/* The year a heading names, or names against the document's (三、抓好明年经济工作), or 0. */
static int heading_year(zhx_reading *rd, zhx_dates *d, const char *title)
{
    if (!title)
        return 0;
    int year = year_in(rd, title);
    return year ? year : relative_year_in(rd, d, title, strlen(title));
}

static int section_year(zhx_reading *rd, zhx_dates *d, size_t pos)
{
    const zhx_doc *doc = rd->doc;
    if (!d->section_years && doc->nsections) {
        if (!(d->section_years = malloc(doc->nsections * sizeof *d->section_years))) {
            rd->failed = true;
            return 0;
        }
        for (size_t i = 0; i < doc->nsections; i++)
            d->section_years[i] = -1;
    }
    for (int i = zhx_section_at(doc, pos); i >= 0; i = doc->sections[i].parent) {
        if (d->section_years[i] < 0)
            d->section_years[i] = heading_year(rd, d, doc->sections[i].title);
        if (d->section_years[i])
            return d->section_years[i];
    }
    return 0;
}

/* Notes where the blank lines of the text are, once: the passages a year governs end there. */
static void index_blank_lines(zhx_reading *rd, zhx_dates *d)
{
    d->blanks_read = true;
    size_t cap = 0;
    for (const char *p = rd->text, *end = rd->text + rd->len;
         p < end && (p = memchr(p, '\n', (size_t)(end - p)));) {
        p++;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
            p++;
        if (p >= end || *p != '\n')
            continue;
        if (d->nblanks == cap) {
            cap = cap ? 2 * cap : 64;
            size_t *v = realloc(d->blanks, cap * sizeof *v);
            if (!v) {
                rd->failed = true;
                return;
            }
            d->blanks = v;
        }
        d->blanks[d->nblanks++] = (size_t)(p - rd->text);
    }
}

/* Whether mention `m`, before the sections, names a year beyond the title's that its paragraph
 * looks to (到2027年 in a 2025 plan's preamble), not the year of the sections. In a report or a
 * bulletin a later year that no word looks forward to is none: it heads its part on the next
 * year (数说2025 … 2026年，我们这样干). */
static bool horizon(zhx_reading *rd, zhx_dates *d, const zhx_mention *m, zhx_title_kind genre)
{
    bool reviews = genre == ZHX_TITLE_REPORT || genre == ZHX_TITLE_BULLETIN;
    return (m->ahead || !reviews) && m->year && title_year(rd, d) && m->year > d->title_target_year;
}

/* Whether a year mentioned at `m` governs byte `pos`: both in the section that holds the
 * mention (a mention outside every section governs the whole document) or, in a document
 * without sections, no blank line between them. */
static bool governs(zhx_reading *rd, zhx_dates *d, const zhx_mention *m, size_t pos,
                    zhx_title_kind genre)
{
    const zhx_doc *doc = rd->doc;
    if (m->governs_after)
        return pos >= m->hi;
    int sec = m->section;
    if (doc->nsections && sec >= 0)
        return doc->sections[sec].lo <= pos && pos < doc->sections[sec].hi;
    if (doc->nsections && !horizon(rd, d, m, genre))
        return true;
    if (!d->blanks_read)
        index_blank_lines(rd, d);
    size_t lo = 0, hi = d->nblanks; /* the first blank line after the mention */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->blanks[mid] < m->hi)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == d->nblanks || d->blanks[lo] >= pos;
}

/* The mention from `first` on nearest before `pos` in [lo, pos), else the first in
 * [pos, hi), that names a year (or with `deadline`, a deadline). */
static const zhx_mention *nearest(const zhx_dates *d, size_t first, size_t lo, size_t pos,
                                  size_t hi, bool deadline)
{
    const zhx_mention *before = NULL, *after = NULL;
    for (size_t i = first; i < d->n; i++) {
        const zhx_mention *m = &d->v[i];
        if (deadline ? m->dhi == m->dlo : !m->is_year)
            continue;
        if (m->lo >= lo && m->lo < pos)
            before = m;
        else if (m->lo >= pos && m->lo < hi && !after)
            after = m;
    }
    return before ? before : after;
}

/* Whether mention `m` names a year before the first the title names that it does not look
 * forward to (in a 2026 plan, 2025年，全县…达到88.3%): what it dates was reached, not planned. */
static bool before_title(zhx_reading *rd, zhx_dates *d, const zhx_mention *m)
{
    title_year(rd, d);
    return m->is_year && !m->ahead && m->year && d->title_first_year &&
           m->year < d->title_first_year;
}

/* The nearest year mentioned before `pos` (mentions before `first`) that governs its passage;
 * for a reported figure (`reported`), one not looked forward to (到2025年, 2025年底前), for a
 * target one not looked back to (截至2024年底) nor before the title's year. */
static const zhx_mention *governing(zhx_reading *rd, zhx_dates *d, size_t first, size_t pos,
                                    bool reported, zhx_title_kind genre)
{
    for (size_t i = first, looked = 0; i-- > 0 && looked < GOVERN_MAX;) {
        const zhx_mention *m = &d->v[i];
        if (m->is_year && !m->local && !(m->title_first && title_year(rd, d)) &&
            !(reported ? m->ahead : m->past || before_title(rd, d, m)) &&
            (looked++, governs(rd, d, m, pos, genre)))
            return m;
    }
    return NULL;
}

/* The first deadline that a `deadline` rule finds in [lo, hi) (年内, 年底前: no year, so no
 * number to try the year rules at), or false; `labelled`: only those of rules that reach
 * through the line (完成时限：5月底前), else only the others (the line's look finds those). */
static bool deadline_in(zhx_reading *rd, size_t lo, size_t hi, bool labelled, size_t *dlo,
                        size_t *dhi)
{
    const zhx_trules *rules = &rd->tr->deadlines;
    for (size_t i = 0; i < rules->n; i++) {
        const zhx_trule *rule = &rules->v[i];
        int rc;
        if (labelled != rule->line_reach || !zhx_rule_may_match(rule->rule, rd->text + lo, hi - lo))
            continue;
        if ((rc = zhx_match(rd->m, rule->rule->code, rd->text + lo, hi - lo, 0)) < 0)
            zhx_reading_warn(rd, rule->rule, rc);
        if (rc == 1 && zhx_trule_field(rd->m, rule, ZHX_FIELD_DEADLINE, true, dlo, dhi)) {
            *dlo += lo;
            *dhi += lo;
            return true;
        }
    }
    return false;
}

/* The year that deadline [lo, hi) names (完成时限：2025年12月底前: 2025), or 0. */
static int year_named(zhx_reading *rd, size_t lo, size_t hi)
{
    char *deadline = strndup(rd->text + lo, hi - lo);
    if (!deadline) {
        rd->failed = true;
        return 0;
    }
    int year = year_in(rd, deadline);
    free(deadline);
    return year;
}

/* The first deadline that a label gives in the rest of the line from `from` (…。（完成时限：5月
 * 底前）), and in *year the year it names (or 0); false if none. A line's figures ask in turn:
 * the last answer serves a figure that comes before what it found (or anywhere after its
 * start, when it found none). */
static bool labelled_deadline(zhx_reading *rd, zhx_dates *d, size_t from, size_t *lo, size_t *hi,
                              int *year)
{
    if (from < d->label.from || from >= d->label.line_end ||
        (d->label.found && from > d->label.lo)) {
        const char *nl = memchr(rd->text + from, '\n', rd->len - from);
        d->label.from = from;
        d->label.line_end = nl ? (size_t)(nl - rd->text) : rd->len;
        d->label.found = deadline_in(rd, from, d->label.line_end, true, &d->label.lo, &d->label.hi);
        d->label.year = d->label.found ? year_named(rd, d->label.lo, d->label.hi) : 0;
    }
    *lo = d->label.lo;
    *hi = d->label.hi;
    *year = d->label.year;
    return d->label.found;
}

/* Whether [lo, hi) speaks of a time of its own that no deadline rule reads as a deadline
 * (三年内): one of the rules' `needs` words is in it. */
static bool names_a_time(zhx_reading *rd, size_t lo, size_t hi)
{
    const zhx_trules *rules = &rd->tr->deadlines;
    for (size_t i = 0; i < rules->n; i++)
        if (rules->v[i].rule->nneeds &&
            zhx_rule_may_match(rules->v[i].rule, rd->text + lo, hi - lo))
            return true;
    return false;
}

int zhx_dates_document_year(zhx_reading *rd, zhx_dates *d)
{
    title_year(rd, d);
    if (d->title_named_year)
        return d->title_target_year; /* 2025年经济运行情况暨2026年经济工作重点: 2026 */
    return rd->doc->date[0] ? atoi(rd->doc->date) : 0;
}

/* A year or deadline after a figure is the figure's, up to the clause of the next figure:
 * "达到95%以上，力争2023年底前完成" but not "站1个，…，到*年年底覆盖率达60". */
/* The year of a figure at `pos` whose clause and sentence name none (their mentions start at
 * `first`): for a target, the year governing its passage, else the title's; for a reported
 * figure, its section's, else one governing its passage that is not looked forward to, else,
 * by the genre of the title: a bulletin's own year, or the year before a plan's first (what a
 * 2026—2030 plan reports is where 2025 left off). */
static int year_around(zhx_reading *rd, zhx_dates *d, size_t first, size_t pos, bool target,
                       zhx_title_kind genre)
{
    const zhx_mention *y;
    int year;
    if (target) {
        /* a year of the preamble governs all sections but one whose heading names its own
         * (…总结二〇二五年经济工作… 三、抓好明年经济工作); not a year before the title's, a
         * base (（二）…涵盖率由112年的68.5%提升至75% in a plan for 113) */
        y = governing(rd, d, first, pos, false, genre);
        int heading = section_year(rd, d, pos);
        if (title_year(rd, d) && heading < d->title_first_year)
            heading = 0;
        if (y && !(heading && y->section < 0 && !y->governs_after))
            return y->year;
        if ((year = heading) || (year = title_target_year(rd, d)))
            return year;
        return zhx_dates_document_year(rd, d);
    }
    year = section_year(rd, d, pos);
    if (!year && (y = governing(rd, d, first, pos, true, genre)))
        year = y->year;
    if (year)
        return year;
    if (genre == ZHX_TITLE_OTHER || genre == ZHX_TITLE_REPORT)
        return zhx_dates_document_year(rd, d);
    if (genre == ZHX_TITLE_BULLETIN)
        return title_year(rd, d);
    title_year(rd, d);
    return d->title_first_year ? d->title_first_year - 1 : 0;
}

/* The year mentioned in the clause of figure `f` (before it, else after it), else in its
 * sentence up to the clause of the next figure: the figure's own, or NULL. The clause of `f`
 * in [*clo, *chi), and how far a mention after it may be in *after. */
static const zhx_mention *own_year(const zhx_dates *d, const zhx_sentence *s,
                                   const zhx_sentence *near, const zhx_clauses *c, size_t first,
                                   const zhx_figure *f, const zhx_figure *next, size_t *clo,
                                   size_t *chi, size_t *after)
{
    size_t nlo = s->hi, nhi;
    zhx_clause_at(c, near, f->at, clo, chi);
    if (next)
        zhx_clause_at(c, near, next->at, &nlo, &nhi);
    *after = nlo > *chi ? nlo : *chi;
    const zhx_mention *y = nearest(d, first, *clo, f->at, *chi, false);
    return y ? y : nearest(d, first, s->lo, f->at, *after, false);
}

/* The year that a relative word (今年, 明年) in sentence `s` before figure `f` names, when it
 * is nearer the figure than mention `y` (or there is none) and `y` is not of the figure's own
 * clause, which starts at `clo` (…2025年…，今年…达到: 今年's); else 0. */
static int nearer_relative(zhx_reading *rd, zhx_dates *d, const zhx_sentence *s,
                           const zhx_mention *y, size_t clo, const zhx_figure *f)
{
    if (y && y->lo >= clo)
        return 0;
    return relative_year(rd, d, y ? y->hi : s->lo, f->at); /* only the words after y */
}

bool zhx_dates_before_title(zhx_reading *rd, zhx_dates *d, const zhx_sentence *s,
                            const zhx_sentence *near, const zhx_clauses *c, size_t first,
                            const zhx_figure *f, const zhx_figure *next, const zhx_sentence *lead)
{
    size_t clo, chi, after;
    const zhx_mention *y = own_year(d, s, near, c, first, f, next, &clo, &chi, &after);
    if (!y && lead && lead->hi <= s->lo) /* 2025年，…稳中有进。全年实现…486.3亿元 */
        y = nearest(d, zhx_dates_from(d, lead->lo), lead->lo, lead->hi, lead->hi, false);
    return y && before_title(rd, d, y) && !nearer_relative(rd, d, s, y, clo, f);
}

void zhx_dates_complete(zhx_reading *rd, zhx_dates *d, const zhx_sentence *s, size_t part,
                        const zhx_sentence *near, const zhx_clauses *c, size_t first,
                        const zhx_figure *f, const zhx_figure *next, const zhx_sentence *lead,
                        zhx_target *t, zhx_title_kind genre)
{
    size_t clo, chi, after;
    const zhx_mention *y = own_year(d, s, near, c, first, f, next, &clo, &chi, &after);
    bool target = strcmp(t->kind, "target") == 0;
    int relative = nearer_relative(rd, d, s, y, clo, f);
    if (y && !relative && !(target && f->reads->row && before_title(rd, d, y)))
        t->year = y->year; /* (a row's target is not of its base's year: 2025年2.31，预期2.45) */
    else if (!(t->year = relative) &&
             !(lead && lead->hi <= f->at && (t->year = relative_year(rd, d, lead->lo, lead->hi))))
        t->year = year_around(rd, d, first, f->at, target, genre);
    if (!target && zhx_trule_kind_by_place(f->reads) && genre == ZHX_TITLE_PLAN &&
        (!y || y->lo < clo) && title_year(rd, d) && d->title_first_year &&
        t->year >= d->title_first_year)
        t->year = d->title_first_year - 1; /* a row's base in a plan: the year it starts from */
    if (!target)                           /* a reported figure has a date, not a deadline */
        return;
    /* the clause's own, with a year (2025年6月底前) or without (年内), then the sentence's when
     * it is of the figure's year (到2025年底，…；到2027年，…达到98%: not 2025年底) */
    const zhx_mention *dl = nearest(d, first, clo, f->at, chi, true);
    size_t dlo, dhi;
    bool found = dl || deadline_in(rd, clo, chi, false, &dlo, &dhi);
    if (!found && (dl = nearest(d, first, s->lo, f->at, after, true)))
        found = dl->lo >= part || (dl->is_year && dl->year == t->year);
    /* a deadline of an earlier clause (年内新增…550张，…总数达到2000张), unless the figure's own
     * speaks of another time (…，三年内建成卫生院5所) */
    if (!found && (dl = NULL, part < clo) && !names_a_time(rd, clo, chi))
        found = deadline_in(rd, part, clo, false, &dlo, &dhi);
    /* one that opens the clause after it, which holds no figure (改造城镇老旧小区32个，年内全部
     * 完工) */
    size_t alo, ahi;
    if (!found && zhx_clause_after(c, near, chi, &alo, &ahi) && (!next || next->at >= ahi))
        found = deadline_in(rd, alo, ahi, false, &dlo, &dhi) && dlo == alo;
    /* one that a label gives later in its line, as a task list sets each item's (…清淤河道42公里。
     * （责任单位：县水利局；完成时限：5月底前）) */
    /* 2025年12月底前 is no deadline of a 2024 figure, but it dates one whose sentence names no
     * year (a task's 完成时限：2027年底前 in a plan to 2028) */
    int named;
    if (!found && labelled_deadline(rd, d, chi, &dlo, &dhi, &named)) {
        found = !named || named == t->year || (!y && !relative);
        if (found && named)
            t->year = named;
    }
    if (!found)
        return;
    if (dl)
        dlo = dl->dlo, dhi = dl->dhi;
    if (!(t->deadline = strndup(rd->text + dlo, dhi - dlo)))
        rd->failed = true;
}

void zhx_dates_mark_local(zhx_dates *d, const zhx_sentence *s, const zhx_sentence *near,
                          const zhx_clauses *c, size_t first, const zhx_figure *figs, size_t n)
{
    for (size_t i = first; i < d->n; i++) {
        zhx_mention *m = &d->v[i];
        size_t mlo, mhi;
        zhx_clause_at(c, near, m->lo, &mlo, &mhi);
        m->local =
            m->lo < s->hi && (m->lo > figs[0].at || (zhx_figures_in(figs, n, mlo, mhi) &&
                                                     (m->lo > figs[0].head || m->dhi > m->dlo)));
    }
}

/* The years named in [lo, hi), into years[0, max): how many, or max + 1 if more, or 0 if they
 * do not rise. */
static size_t years_in(const zhx_dates *d, size_t first, size_t lo, size_t hi, int *years,
                       size_t max)
{
    size_t k = 0;
    for (size_t i = first; i < d->n && d->v[i].lo < hi; i++) {
        const zhx_mention *m = &d->v[i];
        if (m->lo < lo || !m->is_year || !m->year)
            continue;
        if (k == max)
            return max + 1;
        if (k && m->year <= years[k - 1])
            return 0;
        years[k++] = m->year;
    }
    return k;
}

/* Gives the n figures of a run n years: those named in [lo, figs[0].head), or else one named
 * right after each figure, before the next (42%（2026年）、48%（2027年）), if they rise. */
static void years_one_each(zhx_reading *rd, const zhx_dates *d, size_t first,
                           const zhx_figure *figs, size_t n, size_t lo)
{
    int years[NAMES_MAX_YEARS];
    bool each = years_in(d, first, lo, figs[0].head, years, n) == n;
    for (size_t j = 0; !each && j < n; j++) {
        size_t hi = j + 1 < n ? figs[j + 1].at : figs[j].end + YEAR_WINDOW;
        if (years_in(d, first, figs[j].end, hi, years + j, 1) != 1 ||
            (j && years[j] <= years[j - 1]))
            return;
    }
    for (size_t j = 0; j < n; j++)
        rd->doc->targets[figs[j].t].year = years[j];
}

void zhx_dates_one_each(zhx_reading *rd, const zhx_dates *d, size_t first, const zhx_figure *figs,
                        size_t n, size_t lo)
{
    for (size_t i = 0; i < n; i++) {
        if (!figs[i].rule->one_name_each)
            continue;
        size_t k = zhx_coordinated_end(rd, figs, n, i);
        if (k - i >= 2 && k - i <= NAMES_MAX_YEARS)
            years_one_each(rd, d, first, figs + i, k - i, i ? figs[i - 1].end : lo);
        i = k - 1;
    }
}

int zhx_dates_year_at(zhx_reading *rd, zhx_dates *d, size_t pos, bool target)
{
    return year_around(rd, d, zhx_dates_from(d, pos), pos, target, ZHX_TITLE_OTHER);
}

void zhx_dates_free(zhx_dates *d)
{
    free(d->v);
    free(d->blanks);
    free(d->section_years);
}
