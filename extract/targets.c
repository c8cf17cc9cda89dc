/* targets: numeric targets and reported figures, one record per figure.
 *
 * Finding figures. Every place in the text where a number may start (number.c: digits,
 * placeholders, Chinese numerals) is looked at once. A figure is offered only to the
 * `target` rules whose `needs` word (the verb or sign that introduces a figure: 控制在,
 * 达到, ≥) ends right before it, so a number no rule can start at costs one table lookup,
 * and a figure a few anchored matches, whatever the number of rules. Only then is the
 * sentence around it looked up (sentences.c): text with no figure is never split into
 * sentences, and no rule ever runs over it. A number that starts no figure may be a year or
 * a deadline (the `year` rules).
 *
 * Completing a record, once its sentence is read:
 *   indicator  the text before the introducing word, back to the start of its clause or the
 *              end of the previous figure, trimmed by the `indicator` rules. Left empty, it is
 *              the previous figure's (降至4.3万人，减少28.3%; 达2.9万户、4.3万人) or the
 *              previous clause (接种率，以乡镇为单位稳定在90%以上). A counted noun after the
 *              unit is appended; a count without one borrows the next one's (每所卫生院拥有1名
 *              以上、每万人口拥有2名全科医生).
 *   op         from a comparator word (the `target.cmp` map); otherwise the rule's `op` for a
 *              target, "=" for a reported figure. A range without a comparator word is "=".
 *   kind       the nearest `cue` before the figure in its sentence; else the rule's `kind`;
 *              else the `genre` of its section headings, innermost first, and of the title;
 *              else a weak cue; else "target".
 *   year       a year in the figure's clause (before it, else after), then in its sentence;
 *              a target with none takes the nearest year before it that governs its passage
 *              (the section holding that year, or without sections its block of lines up to a
 *              blank line), then the title's year.
 *              A year after the figure counts up to the clause of the next figure. A year in
 *              a figure's clause or after it is that figure's, and governs no passage.
 *   deadline   likewise, from the `deadline` of the year and month rules; targets only.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/utf8.h"
#include "extract.h"
#include "outline.h"
#include "number.h"
#include "sentences.h"
#include "target_rules.h"

#define FIGURES_MAX 64 /* figures read in one sentence; more are left out, with a warning */
#define CUES_MAX 32
#define NONE ((size_t)-1)
#define CUE_REACH 360       /* bytes before its first figure a sentence is read for cues */
#define INDICATOR_REACH 180 /* bytes of text before a figure an indicator may come from */
#define WINDOW 192          /* bytes a rule may read past the place it is tried at */
#define GOVERN_MAX 64       /* year mentions looked back at for the year that governs a passage */
#define UNIT_MAX 32
#define YEAR_WINDOW 32 /* a year or deadline is short: 2021年6月底前 */
#define TAIL_REACH 48  /* bytes an indicator rule anchored at the end looks at */

/* A year or deadline in the text. */
typedef struct mention {
    size_t lo, hi;
    bool is_year; /* names a year, maybe anonymised (XX年): then `year` is 0 */
    bool local;   /* in or after a figure's clause: it is that figure's, and governs nothing */
    int year;
    size_t dlo, dhi; /* the deadline, when it says more than the year; dlo == dhi if none */
} mention;

/* A record while its sentence is being read. Offsets are bytes of the text. */
typedef struct figure {
    size_t t;               /* index of its record */
    const zhx_trule *rule;  /* the rule that found it */
    const zhx_trule *reads; /* the rule whose settings it takes: its own, or for like=previous
                               the previous figure's */
    size_t head;            /* the indicator ends here: the start of the introducing word */
    size_t at, end;         /* the start of the quantity; the end of the figure (noun excluded) */
    size_t noun_lo, noun_hi;
    size_t cmp_lo, cmp_hi; /* the comparator word, if any */
    size_t ind_lo, ind_hi; /* an indicator the rule captured itself */
} figure;

typedef struct cue {
    size_t pos;
    const char *kind;
    bool weak;
} cue;

typedef struct reader {
    zhx_stage *st;
    zhx_doc *doc;
    const char *text;
    size_t len;
    zhx_matcher *m;
    const zhx_target_rules *tr;
    size_t *heads; /* per figure rule: where its needs word before the number starts, or NONE */
    mention *mentions;
    size_t nmentions, mentions_cap;
    bool title_read;
    int title_year;
    const char *title_kind;
    const char **section_kind; /* per section, computed when first needed */
    int rows;                  /* whether a row rule's needs word is in the text: -1 unknown */
    size_t line_hi;            /* the end of the line may_start_row looked at last */
    bool line_has_row;         /* whether it holds a row rule's needs words */
    size_t *blanks, nblanks;   /* where blank lines end, found when first needed */
    struct cue_hit *hits;      /* where the cue rules' words start in the stretch read for cues */
    size_t nhits, hits_cap, hits_from;
    bool blanks_read;
    bool failed; /* out of memory */
} reader;

static char *slice(const char *s, size_t lo, size_t hi)
{
    return strndup(s + lo, hi - lo);
}

/* ---- matching ------------------------------------------------------------------------- */

static void warn_limit(reader *r, const zhx_rule *rule, int rc)
{
    char why[128];
    zhx_matcher_error(rc, why, sizeof why);
    zhx_doc_warn(r->doc, "rule %s stopped: %s", rule->name, why);
}

/* Matches `rule` at byte `at` of sentence `s`, seeing the sentence before `at` (for
 * lookbehinds) and at most `window` bytes after it, so that a rule that fails at `at` only
 * looks that far for a match elsewhere. True if a match starts exactly at `at`. */
static bool match_at(reader *r, const zhx_trule *rule, const zhx_sentence *s, size_t at,
                     size_t window)
{
    size_t end = at + window < s->hi ? at + window : s->hi;
    while (end > at && end < s->hi && ((unsigned char)r->text[end] & 0xC0) == 0x80)
        end--;
    int rc = zhx_match(r->m, rule->rule->code, r->text + s->lo, end - s->lo, at - s->lo);
    if (rc < 0)
        warn_limit(r, rule->rule, rc);
    size_t lo, hi;
    return rc == 1 && zhx_match_group(r->m, 0, &lo, &hi) && lo == at - s->lo;
}

/* The span of field `f` of the last match, in bytes of the text. */
static bool field(const reader *r, const zhx_trule *rule, const zhx_sentence *s, zhx_field f,
                  size_t *lo, size_t *hi)
{
    if (!zhx_trule_field(r->m, rule, f, false, lo, hi))
        return false;
    *lo += s->lo;
    *hi += s->lo;
    return true;
}

/* For each figure rule, where the longest of its `needs` words that ends right before `at`
 * starts (a blank between them is allowed), in r->heads: NONE for a rule none of whose words
 * ends there, `at` for a rule without needs. The words are found through the character
 * before `at`, whatever the number of rules. */
static void find_heads(reader *r, size_t from, size_t at)
{
    const zhx_target_rules *tr = r->tr;
    for (size_t i = 0; i < tr->figures.n; i++)
        r->heads[i] = tr->needless[i] ? at : NONE;
    size_t end = at > from && r->text[at - 1] == ' ' ? at - 1 : at, w;
    if (end == from)
        return;
    uint32_t b = zhx_word_bucket(zhx_utf8_at(r->text + zhx_utf8_prev(r->text, end), &w));
    for (uint32_t k = tr->word_at[b]; k < tr->word_at[b + 1]; k++) {
        const zhx_needs_word *word = &tr->words[k]; /* by rule, longest first */
        if (r->heads[word->rule] == NONE && word->len <= end - from &&
            memcmp(r->text + end - word->len, word->s, word->len) == 0)
            r->heads[word->rule] = end - word->len;
    }
}

/* ---- reading figures ------------------------------------------------------------------ */

/* The groups of a target rule's match, in bytes of the text; lo == hi for one that did not
 * take part. */
typedef struct span {
    size_t lo, hi;
} span;

typedef struct groups {
    span value, value_max, unit, from, cmp, noun, indicator;
} groups;

/* Reads every group of the last match of `rule` in one pass; of groups of the same name
 * (DUPNAMES), the first that took part counts. */
static void read_groups(const reader *r, const zhx_trule *rule, const zhx_sentence *s, groups *g)
{
    span *fields[ZHX_FIELDS] = {&g->value, &g->value_max, &g->unit,     &g->from,
                                &g->cmp,   &g->noun,      &g->indicator};
    memset(g, 0, sizeof *g);
    for (size_t i = 0; i < rule->rule->ngroups; i++) {
        size_t lo, hi;
        span *sp = rule->field[i] < ZHX_FIELDS ? fields[rule->field[i]] : NULL;
        if (sp && sp->hi == sp->lo &&
            zhx_match_group(r->m, rule->rule->groups[i].number, &lo, &hi) && hi > lo)
            *sp = (span){s->lo + lo, s->lo + hi};
    }
}

static bool read_span(const reader *r, span v, span max, span unit, zhx_quantity *q)
{
    return zhx_quantity_read(r->tr->units_table, r->text + v.lo, v.hi - v.lo, r->text + max.lo,
                             max.hi - max.lo, r->text + unit.lo, unit.hi - unit.lo, q);
}

/* Fills a new record and its figure from the last match of `rule` at `at`, the introducing
 * word starting at `head`. False if the figure does not read. */
static bool add_figure(reader *r, const zhx_trule *rule, const zhx_sentence *s, size_t at,
                       size_t head, figure *f)
{
    groups g;
    read_groups(r, rule, s, &g);
    zhx_quantity q, fq = {0};
    if (g.value.hi == g.value.lo || !read_span(r, g.value, g.value_max, g.unit, &q))
        return false;
    if (g.from.hi > g.from.lo &&
        (!read_span(r, g.from, (span){0, 0}, g.unit, &fq) || !fq.has_value))
        return false;
    memset(f, 0, sizeof *f);
    size_t mlo, mhi;
    zhx_match_group(r->m, 0, &mlo, &mhi);
    f->rule = f->reads = rule;
    f->at = at;
    f->head = rule->object ? at : head;
    f->end = g.noun.hi > g.noun.lo ? g.noun.lo : s->lo + mhi;
    f->noun_lo = g.noun.lo;
    f->noun_hi = g.noun.hi;
    f->cmp_lo = g.cmp.hi > g.cmp.lo ? g.cmp.lo : head;
    f->cmp_hi = g.cmp.hi > g.cmp.lo ? g.cmp.hi : at;
    f->ind_lo = g.indicator.lo;
    f->ind_hi = g.indicator.hi;

    zhx_target *t = zhx_doc_add_target(r->doc);
    if (!t) {
        r->failed = true;
        return false;
    }
    f->t = (size_t)(t - r->doc->targets);
    t->rule = rule->rule->name;
    t->value = q.value;
    t->has_value = q.has_value;
    t->value_max = q.max;
    t->has_value_max = q.has_max;
    t->from = fq.value;
    t->has_from = fq.has_value;
    t->approx = q.approx;
    t->placeholder = q.placeholder;
    t->section = -1;
    span lit = {at, f->end};
    if (rule->row) /* a row: its value, and a sign before it */
        lit = (span){f->cmp_hi == g.value.lo ? f->cmp_lo : g.value.lo, g.value.hi};
    if ((q.unit && !(t->unit = strndup(q.unit, q.unit_len))) ||
        !(t->literal = slice(r->text, lit.lo, lit.hi)))
        r->failed = true;
    return !r->failed;
}

/* The character that ends `word` (len > 0 bytes), hashed to 12 bits. */
static unsigned last_char_hash(const char *word, size_t len)
{
    size_t w;
    return zhx_utf8_at(word + zhx_utf8_prev(word, len), &w) & 0xFFF;
}

/* Whether `s` holds the word `w` (n > 0 bytes). It is looked for where its last byte is: in
 * UTF-8 Chinese that is a continuation byte, rarer than a first byte. */
static bool holds_word(const char *s, size_t len, const char *w, size_t n)
{
    if (n > len)
        return false;
    for (const char *p = s + n - 1, *end = s + len;
         p < end && (p = memchr(p, w[n - 1], (size_t)(end - p))); p++)
        if (memcmp(p - (n - 1), w, n - 1) == 0)
            return true;
    return false;
}

/* Whether one of the `needs` words of a row rule is in the text. */
static bool text_has_rows(const reader *r)
{
    const zhx_trules *fig = &r->tr->figures;
    for (size_t i = 0; i < fig->n; i++)
        for (size_t k = 0; fig->v[i].row && k < fig->v[i].rule->nneeds; k++)
            if (holds_word(r->text, r->len, fig->v[i].rule->needs[k], fig->v[i].needs_len[k]))
                return true;
    return false;
}

/* Whether a row rule may read the Arabic number at `at`: the line holds one of its `needs`
 * words (a column only rows have, like 预期性). Each line is looked at once, and none when the
 * text holds none of those words. */
static bool may_start_row(reader *r, size_t at)
{
    const zhx_trules *fig = &r->tr->figures;
    if (!r->tr->has_rows || r->text[at] < '0' || r->text[at] > '9')
        return false;
    if (r->rows < 0)
        r->rows = text_has_rows(r);
    if (!r->rows)
        return false;
    if (at >= r->line_hi) {
        const char *nl = memchr(r->text + at, '\n', r->len - at);
        size_t lo = at;
        while (lo > r->line_hi && r->text[lo - 1] != '\n')
            lo--;
        r->line_hi = nl ? (size_t)(nl - r->text) + 1 : r->len;
        r->line_has_row = false;
        for (size_t i = 0; i < fig->n && !r->line_has_row; i++)
            r->line_has_row =
                fig->v[i].row && zhx_rule_may_match(fig->v[i].rule, r->text + lo, r->line_hi - lo);
    }
    return r->line_has_row;
}

/* Whether some target rule's `needs` word may end right before `at`. */
static bool may_start_figure(const reader *r, size_t at)
{
    if (at > 1 && r->text[at - 1] == ' ')
        at--;
    if (at == 0)
        return false;
    unsigned h = last_char_hash(r->text, at);
    return r->tr->last_chars[h >> 6] >> (h & 63) & 1;
}

/* Matches `rule` for the number at `at`: at the number, or for a rule that starts with ^ (rows
 * of flattened tables) from the start of the sentence, when the row holds the number. The
 * figure starts at the number either way. */
static bool rule_matches(reader *r, const zhx_trule *rule, const zhx_sentence *s, size_t at)
{
    if (!rule->row)
        return match_at(r, rule, s, at, WINDOW);
    size_t lo, hi;
    return match_at(r, rule, s, s->lo, s->hi - s->lo) && zhx_match_group(r->m, 0, &lo, &hi) &&
           s->lo + hi > at;
}

/* Offers the number at `at` to the target rules whose `needs` word ends right before it; on
 * a match adds a figure and returns the end of what the rule read, else 0. */
static size_t try_targets(reader *r, const zhx_sentence *s, size_t at, figure *figs, size_t *nfig)
{
    find_heads(r, s->lo, at);
    for (size_t i = 0; i < r->tr->figures.n; i++) {
        const zhx_trule *rule = &r->tr->figures.v[i];
        size_t head = rule->row ? at : r->heads[i];
        if (rule->row ? !may_start_row(r, at) : head == NONE)
            continue;
        /* a coordinated figure follows one: 达2.9万户、4.3万人 */
        if (rule->like_previous && (!*nfig || figs[*nfig - 1].end != head))
            continue;
        if (!rule_matches(r, rule, s, at))
            continue;
        if (*nfig == FIGURES_MAX) {
            zhx_doc_warn(r->doc, "more than %d figures in one sentence: the rest are left out",
                         FIGURES_MAX);
            return 0;
        }
        if (!add_figure(r, rule, s, at, head, &figs[*nfig]))
            continue;
        (*nfig)++;
        size_t lo, hi;
        zhx_match_group(r->m, 0, &lo, &hi);
        return s->lo + hi;
    }
    return 0;
}

static bool add_mention(reader *r, mention m)
{
    if (r->nmentions == r->mentions_cap) {
        size_t cap = r->mentions_cap ? 2 * r->mentions_cap : 16;
        mention *v = realloc(r->mentions, cap * sizeof *v);
        if (!v) {
            r->failed = true;
            return false;
        }
        r->mentions = v;
        r->mentions_cap = cap;
    }
    r->mentions[r->nmentions++] = m;
    return true;
}

/* The year written in `s` (2022, 二〇二二), or 0 for an anonymised one (XX). */
static int year_of(const char *s, size_t len)
{
    zhx_amount a;
    if (!zhx_amount_parse(s, len, &a) || a.placeholder || a.value.scale != 0 ||
        a.value.units < 1000 || a.value.units > 9999)
        return 0;
    return (int)a.value.units;
}

/* Whether one of the rule's `needs` words (or no word: it has none) is in the few bytes of
 * `s`. The same as zhx_rule_may_match, without memmem's setup, which costs more than these
 * short windows do. */
static bool window_has_needs(const zhx_trule *rule, const char *s, size_t len)
{
    if (!rule->rule->nneeds)
        return true;
    for (size_t i = 0; i < rule->rule->nneeds; i++) {
        const char *w = rule->rule->needs[i];
        size_t n = rule->needs_len[i];
        for (const char *p = s, *end = s + len;
             n <= (size_t)(end - p) && (p = memchr(p, w[0], (size_t)(end - p) - n + 1)); p++)
            if (memcmp(p, w, n) == 0)
                return true;
    }
    return false;
}

/* Whether one of the rule's `needs` words starts at `at` (or it has none). */
static bool needs_after(const reader *r, const zhx_trule *rule, size_t at)
{
    for (size_t i = 0; i < rule->rule->nneeds; i++) {
        size_t n = rule->needs_len[i];
        if (n <= r->len - at && r->text[at] == rule->rule->needs[i][0] &&
            memcmp(r->text + at, rule->rule->needs[i], n) == 0)
            return true;
    }
    return !rule->rule->nneeds;
}

/* Reads a year or deadline at `at`: tried by the `year` rules one of whose `needs` words
 * directly follows the number (年 after 2022, 月 after X). Returns the end of it, or 0. The
 * rules see a few characters before it (for 较2021年) and YEAR_WINDOW bytes after. */
static size_t try_years(reader *r, size_t at)
{
    size_t from = at > 16 ? at - 16 : 0;
    while (from > 0 && ((unsigned char)r->text[from] & 0xC0) == 0x80)
        from--;
    const zhx_sentence around = {from, r->len}, *s = &around;
    size_t end = zhx_number_run_end(r->text, r->len, at);
    for (size_t i = 0; i < r->tr->years.n; i++) {
        const zhx_trule *rule = &r->tr->years.v[i];
        if (!needs_after(r, rule, end) || !match_at(r, rule, s, at, YEAR_WINDOW))
            continue;
        mention m = {0};
        size_t lo, hi;
        zhx_match_group(r->m, 0, &lo, &hi);
        m.lo = s->lo + lo;
        m.hi = s->lo + hi;
        if (field(r, rule, s, ZHX_FIELD_YEAR, &lo, &hi)) {
            m.is_year = true;
            m.year = year_of(r->text + lo, hi - lo);
        }
        field(r, rule, s, ZHX_FIELD_DEADLINE, &m.dlo, &m.dhi);
        add_mention(r, m);
        return m.hi;
    }
    return 0;
}

/* ---- completing records --------------------------------------------------------------- */

/* Where in `s` to start matching `rule`: a rule anchored only at the end (…$) looks at the
 * last TAIL_REACH bytes, so that it is not tried at every character of a long text. */
static size_t tail_start(const zhx_trule *rule, const char *s, size_t len)
{
    if (!rule->at_end || len <= TAIL_REACH)
        return 0;
    size_t at = len - TAIL_REACH;
    while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
        at--;
    return at;
}

/* Whether `rule` matches `s`, honouring its `needs` and tail_start. */
static bool match_short(reader *r, const zhx_trule *rule, const char *s, size_t len)
{
    if (!window_has_needs(rule, s, len))
        return false;
    int rc = zhx_match(r->m, rule->rule->code, s, len, tail_start(rule, s, len));
    if (rc < 0)
        warn_limit(r, rule->rule, rc);
    return rc == 1;
}

/* Cuts what `rule` matches in `b` (or keeps only its `indicator` group); a captured unit
 * goes to `unit`. */
static void trim_once(reader *r, const zhx_trule *rule, zhx_buf *b, char *unit)
{
    bool rc = match_short(r, rule, b->s, b->len);
    size_t lo, hi, ulo, uhi, ilo, ihi;
    if (!rc || !zhx_match_group(r->m, 0, &lo, &hi) || hi == lo)
        return;
    if (zhx_trule_field(r->m, rule, ZHX_FIELD_UNIT, false, &ulo, &uhi) && !*unit &&
        uhi - ulo < UNIT_MAX)
        memcpy(unit, b->s + ulo, uhi - ulo);
    if (zhx_trule_field(r->m, rule, ZHX_FIELD_INDICATOR, false, &ilo, &ihi)) {
        memmove(b->s, b->s + ilo, ihi - ilo);
        zhx_buf_setlen(b, ihi - ilo);
        return;
    }
    memmove(b->s + lo, b->s + hi, b->len - hi);
    zhx_buf_setlen(b, b->len - (hi - lo));
}

/* Applies the indicator rules to `b`, once each, in order. A rule marked only=object applies
 * only when `object`. */
static void trim_indicator(reader *r, zhx_buf *b, bool object, char *unit)
{
    const zhx_trules *trims = &r->tr->trims;
    for (size_t i = 0; i < trims->n && b->len && !b->failed; i++)
        if (!trims->v[i].only_object || object)
            trim_once(r, &trims->v[i], b, unit);
}

/* The indicator of text [lo, hi), trimmed; a unit it names goes to `unit`. Only the last
 * INDICATOR_REACH bytes count: an indicator is a name, not a paragraph. */
static void indicator_of(reader *r, size_t lo, size_t hi, bool object, zhx_buf *b, char *unit)
{
    if (hi - lo > INDICATOR_REACH) {
        lo = hi - INDICATOR_REACH;
        while (((unsigned char)r->text[lo] & 0xC0) == 0x80)
            lo++;
    }
    zhx_buf_setlen(b, 0);
    zhx_buf_add(b, r->text + lo, hi - lo);
    trim_indicator(r, b, object, unit);
}

/* Skips blanks and separators at the start of a quoted clause. */
static size_t skip_separators(const char *text, size_t lo, size_t hi)
{
    static const struct {
        char s[4];
        size_t len;
    } seps[] = {{"、", 3}, {"，", 3}, {"；", 3}, {"：", 3}, {"\xe3\x80\x80", 3},
                {",", 1},  {";", 1},  {":", 1},  {" ", 1},  {"\t", 1}};
    for (size_t i = 0; i < sizeof seps / sizeof seps[0] && lo < hi;)
        if (text[lo] == seps[i].s[0] && seps[i].len <= hi - lo &&
            memcmp(text + lo, seps[i].s, seps[i].len) == 0) {
            lo += seps[i].len;
            i = 0;
        } else {
            i++;
        }
    return lo;
}

static bool clause_has_figure(const figure *figs, size_t n, size_t lo, size_t hi)
{
    for (size_t i = 0; i < n; i++)
        if (figs[i].at >= lo && figs[i].at < hi)
            return true;
    return false;
}

/* Sets the indicator, unit (when an indicator rule names one) and text span of figs[i]. */
static void complete_indicator(reader *r, const zhx_sentence *s, const zhx_clauses *c, figure *figs,
                               size_t i, zhx_buf *b)
{
    figure *f = &figs[i];
    zhx_target *t = &r->doc->targets[f->t];
    const figure *prev = i ? &figs[i - 1] : NULL;
    char unit[UNIT_MAX] = "";
    size_t clo, chi, text_lo;
    zhx_clause_at(c, s, f->head, &clo, &chi);
    size_t left = prev && prev->end > clo && prev->end <= f->head ? prev->end : clo;
    if (prev && prev->noun_hi > left && prev->noun_hi <= f->head)
        left = prev->noun_hi;
    text_lo = left;
    if (f->ind_hi > f->ind_lo) {
        indicator_of(r, f->ind_lo, f->ind_hi, false, b, unit);
        text_lo = s->lo;
    } else {
        indicator_of(r, left, f->head, f->rule->object, b, unit);
    }
    size_t plo, phi;
    zhx_clause_before(c, s, clo, &plo, &phi);
    /* left empty: the subject of the figure before, if that is in this clause or the one
     * before (降至4.3万人，减少28.3%); or else the clause before, if it holds no figure
     * (接种率，以乡镇为单位稳定在90%以上) */
    bool inherit = prev && !b->len && !(f->noun_hi > f->noun_lo) &&
                   (f->rule->like_previous || prev->end > plo);
    if (inherit && r->doc->targets[prev->t].indicator) {
        zhx_buf_addstr(b, r->doc->targets[prev->t].indicator);
    } else if (!b->len && !(f->noun_hi > f->noun_lo) && phi > plo &&
               !clause_has_figure(figs, i, plo, phi)) {
        /* up to a number it holds: 卫生人员总数4.12万人，比上年增长3.5% (a number it starts
         * with is a list marker or part of the subject: 7、接种率, 5岁以下儿童死亡率) */
        size_t cut =
            zhx_number_next(r->text, phi, plo + zhx_utf8_width((unsigned char)r->text[plo]));
        indicator_of(r, plo, cut, false, b, unit);
        if (b->len)
            text_lo = plo;
    }
    if (f->noun_hi > f->noun_lo)
        zhx_buf_add(b, r->text + f->noun_lo, f->noun_hi - f->noun_lo);
    if (b->len && !(t->indicator = strndup(b->s, b->len)))
        r->failed = true;
    if (*unit && !t->unit && !(t->unit = strdup(unit)))
        r->failed = true;
    t->lo = (uint32_t)skip_separators(r->text, text_lo, f->at);
    t->hi = (uint32_t)(f->noun_hi > f->end ? f->noun_hi : f->end);
}

/* A count that names no noun borrows the next one's: 拥有1名以上、每万人口拥有2名全科医生. */
static void borrow_nouns(figure *figs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!figs[i].rule->has_noun || figs[i].noun_hi > figs[i].noun_lo)
            continue;
        for (size_t j = i + 1; j < n; j++)
            if (figs[j].rule == figs[i].rule && figs[j].noun_hi > figs[j].noun_lo) {
                figs[i].noun_lo = figs[j].noun_lo;
                figs[i].noun_hi = figs[j].noun_hi;
                break;
            }
    }
}

/* Where a `needs` word of a cue rule starts. */
typedef struct cue_hit {
    size_t pos, rule;
} cue_hit;

static void collect_cue_hit(void *user, size_t rule, size_t pos, size_t len)
{
    (void)len;
    reader *r = user;
    if (r->nhits == r->hits_cap) {
        size_t cap = r->hits_cap ? 2 * r->hits_cap : 64;
        cue_hit *v = realloc(r->hits, cap * sizeof *v);
        if (!v) {
            r->failed = true;
            return;
        }
        r->hits = v;
        r->hits_cap = cap;
    }
    r->hits[r->nhits++] = (cue_hit){r->hits_from + pos, rule};
}

/* The next place at or after `from` to try cue rule `i` at: where one of its `needs` words
 * starts (*k walks the hits), or for a rule without them, `from` itself. NONE if there is none
 * before `to`. */
static size_t next_cue_try(const reader *r, size_t i, size_t from, size_t to, size_t *k)
{
    if (!r->tr->cues.v[i].rule->nneeds)
        return from < to ? from : NONE;
    for (; *k < r->nhits; (*k)++)
        if (r->hits[*k].rule == i && r->hits[*k].pos >= from)
            return r->hits[(*k)++].pos;
    return NONE;
}

/* The cues in [from, to) of sentence `s`: for each cue rule in turn, its matches from left to
 * right, none overlapping the one before, at most CUES_MAX in all. A rule is tried only where
 * one of its `needs` words starts, found for all of them in one pass. */
static size_t find_cues(reader *r, const zhx_sentence *s, size_t from, size_t to, cue *cues)
{
    r->nhits = 0;
    r->hits_from = from;
    zhx_literals_scan(r->tr->cue_needs, r->text + from, to - from, collect_cue_hit, r);
    size_t n = 0;
    for (size_t i = 0; i < r->tr->cues.n; i++) {
        const zhx_trule *cue_rule = &r->tr->cues.v[i];
        const zhx_rule *rule = cue_rule->rule;
        size_t k = 0;
        for (size_t at = from; n < CUES_MAX && (at = next_cue_try(r, i, at, to, &k)) != NONE;) {
            int rc = zhx_match(r->m, rule->code, r->text + s->lo, to - s->lo, at - s->lo);
            size_t lo, hi;
            if (rc < 0)
                warn_limit(r, rule, rc);
            if (rc == 0 && rule->nneeds)
                continue; /* not here: at its next word */
            if (rc != 1 || !zhx_match_group(r->m, 0, &lo, &hi))
                break;
            cues[n++] = (cue){s->lo + lo, cue_rule->kind, cue_rule->weak};
            at = s->lo + (hi > lo ? hi : lo + zhx_utf8_width((unsigned char)r->text[s->lo + lo]));
        }
    }
    return n;
}

static void note_genre_word(void *user, size_t rule, size_t pos, size_t len)
{
    (void)pos, (void)len;
    if (rule < 64)
        *(uint64_t *)user |= (uint64_t)1 << rule;
}

/* The kind the first genre rule matching `s` gives, or NULL. A rule is tried only when one of
 * its words is in `s` (rules past the 64th, and those without `needs`, always). */
static const char *genre_of(reader *r, const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    uint64_t words = 0;
    zhx_literals_scan(r->tr->genre_needs, s, len, note_genre_word, &words);
    for (size_t i = 0; i < r->tr->genres.n; i++) {
        const zhx_trule *g = &r->tr->genres.v[i];
        bool may = i >= 64 || !g->rule->nneeds || (words >> i & 1);
        if (may && zhx_match(r->m, g->rule->code, s, len, 0) == 1)
            return g->kind;
    }
    return NULL;
}

static const char *section_genre(reader *r, int sec)
{
    if (!r->section_kind) {
        r->section_kind = calloc(r->doc->nsections, sizeof *r->section_kind);
        if (!r->section_kind)
            return NULL;
    }
    if (!r->section_kind[sec]) {
        const char *k = genre_of(r, r->doc->sections[sec].title);
        r->section_kind[sec] = k ? k : "";
    }
    return *r->section_kind[sec] ? r->section_kind[sec] : NULL;
}

static void read_title(reader *r)
{
    if (r->title_read)
        return;
    r->title_read = true;
    const char *title = r->doc->title;
    r->title_kind = genre_of(r, title);
    size_t len = title ? strlen(title) : 0;
    for (size_t i = 0; title && i < r->tr->years.n && !r->title_year; i++) {
        const zhx_trule *rule = &r->tr->years.v[i];
        size_t lo, hi;
        int rc = 0;
        /* a year rule is anchored (\G) where the text names it: tried at every character */
        for (size_t at = 0; at < len && rc == 0; at += zhx_utf8_width((unsigned char)title[at]))
            if ((rc = zhx_match(r->m, rule->rule->code, title, len, at)) < 0)
                warn_limit(r, rule->rule, rc);
        if (rc == 1 && zhx_trule_field(r->m, rule, ZHX_FIELD_YEAR, false, &lo, &hi))
            r->title_year = year_of(title + lo, hi - lo);
    }
}

static const char *kind_of(reader *r, const figure *f, const cue *cues, size_t ncues)
{
    const cue *strong = NULL, *weak = NULL;
    for (size_t i = 0; i < ncues; i++) {
        const cue *c = &cues[i];
        const cue **slot = c->weak ? &weak : &strong;
        if (c->pos < f->at && (!*slot || c->pos > (*slot)->pos))
            *slot = c;
    }
    if (strong)
        return strong->kind;
    const char *k = f->reads->kind;
    if (k)
        return k;
    for (int sec = zhx_section_at(r->doc, f->at); sec >= 0; sec = r->doc->sections[sec].parent)
        if ((k = section_genre(r, sec)))
            return k;
    read_title(r);
    if (r->title_kind)
        return r->title_kind;
    return weak ? weak->kind : "target";
}

static const char *const OPS[] = {">=", "<=", "=", ">", "<"};

static const char *op_named(const char *op, size_t n)
{
    for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++)
        if (strlen(OPS[i]) == n && strncmp(op, OPS[i], n) == 0)
            return OPS[i];
    return NULL;
}

static const char *mirror(const char *op)
{
    return strcmp(op, ">=") == 0   ? "<="
           : strcmp(op, "<=") == 0 ? ">="
           : strcmp(op, ">") == 0  ? "<"
           : strcmp(op, "<") == 0  ? ">"
                                   : op;
}

static void complete_op(reader *r, const figure *f, zhx_target *t)
{
    const char *cmp = f->cmp_hi > f->cmp_lo && r->tr->cmp
                          ? zhx_table_get(r->tr->cmp, r->text + f->cmp_lo, f->cmp_hi - f->cmp_lo)
                          : NULL;
    const char *rule_op = f->reads->op;
    const char *op = NULL;
    if (cmp) {
        size_t n = strcspn(cmp, " \t");
        op = op_named(cmp, n);
        if (strstr(cmp + n, "approx"))
            t->approx = true;
    } else if (t->has_value_max) {
        op = "=";
    } else if (strcmp(t->kind, "target") == 0 && rule_op) {
        op = op_named(rule_op, strlen(rule_op));
    }
    t->op = op ? op : "=";
    if (f->reads->change_down) {
        zhx_decimal v = t->value;
        t->value = (zhx_decimal){-(t->has_value_max ? t->value_max : v).units,
                                 (t->has_value_max ? t->value_max : v).scale};
        if (t->has_value_max)
            t->value_max = (zhx_decimal){-v.units, v.scale};
        t->op = mirror(t->op);
    }
}

/* Notes where the blank lines of the text are, once: the passages a year governs end there. */
static void index_blank_lines(reader *r)
{
    r->blanks_read = true;
    size_t cap = 0;
    for (const char *p = r->text, *end = r->text + r->len;
         p < end && (p = memchr(p, '\n', (size_t)(end - p)));) {
        p++;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
            p++;
        if (p >= end || *p != '\n')
            continue;
        if (r->nblanks == cap) {
            cap = cap ? 2 * cap : 64;
            size_t *v = realloc(r->blanks, cap * sizeof *v);
            if (!v) {
                r->failed = true;
                return;
            }
            r->blanks = v;
        }
        r->blanks[r->nblanks++] = (size_t)(p - r->text);
    }
}

/* Whether a year mentioned at `m` governs byte `pos`: both in the section that holds the
 * mention (a mention outside every section governs the whole document) or, in a document
 * without sections, no blank line between them. */
static bool governs(reader *r, const mention *m, size_t pos)
{
    const zhx_doc *doc = r->doc;
    if (doc->nsections) {
        int sec = zhx_section_at(doc, m->lo);
        return sec < 0 || (doc->sections[sec].lo <= pos && pos < doc->sections[sec].hi);
    }
    if (!r->blanks_read)
        index_blank_lines(r);
    size_t lo = 0, hi = r->nblanks; /* the first blank line after the mention */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->blanks[mid] < m->hi)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == r->nblanks || r->blanks[lo] >= pos;
}

/* The mention among [first, last) nearest before `pos` in [lo, pos), else the first in
 * [pos, hi), that `want` accepts. */
static const mention *nearest(const reader *r, size_t first, size_t last, size_t lo, size_t pos,
                              size_t hi, bool deadline)
{
    const mention *before = NULL, *after = NULL;
    for (size_t i = first; i < last; i++) {
        const mention *m = &r->mentions[i];
        if (deadline ? m->dhi == m->dlo : !m->is_year)
            continue;
        if (m->lo >= lo && m->lo < pos)
            before = m;
        else if (m->lo >= pos && m->lo < hi && !after)
            after = m;
    }
    return before ? before : after;
}

/* A year or deadline after a figure is the figure's, up to the clause of the next figure:
 * "达到95%以上，力争2023年底前完成" but not "站1个，…，到*年年底覆盖率达60". */
static void complete_time(reader *r, const zhx_sentence *s, const zhx_sentence *near,
                          const zhx_clauses *c, size_t first, const figure *f, const figure *next,
                          zhx_target *t)
{
    size_t clo, chi, nlo = s->hi, nhi;
    zhx_clause_at(c, near, f->at, &clo, &chi);
    if (next)
        zhx_clause_at(c, near, next->at, &nlo, &nhi);
    size_t after = nlo > chi ? nlo : chi;
    const mention *y = nearest(r, first, r->nmentions, clo, f->at, chi, false);
    if (!y)
        y = nearest(r, first, r->nmentions, s->lo, f->at, after, false);
    bool target = strcmp(t->kind, "target") == 0;
    for (size_t i = first, looked = 0; !y && target && i-- > 0 && looked < GOVERN_MAX;)
        if (r->mentions[i].is_year && !r->mentions[i].local &&
            (looked++, governs(r, &r->mentions[i], f->at)))
            y = &r->mentions[i];
    if (y) {
        t->year = y->year;
    } else if (target) {
        read_title(r);
        t->year = r->title_year;
    }
    if (!target) /* a reported figure has a date, not a deadline */
        return;
    const mention *d = nearest(r, first, r->nmentions, clo, f->at, chi, true);
    if (!d)
        d = nearest(r, first, r->nmentions, s->lo, f->at, after, true);
    if (d && !(t->deadline = slice(r->text, d->dlo, d->dhi)))
        r->failed = true;
}

/* A figure with no unit whose indicator is a rate is a percentage (`unit` rules). */
static void complete_unit(reader *r, zhx_target *t)
{
    if (t->unit || !t->indicator || !t->has_value || t->value.units < 0)
        return;
    zhx_decimal hundred = {100, 0}, diff;
    zhx_decimal neg = {-t->value.units, t->value.scale};
    if (!zhx_decimal_add(hundred, neg, &diff) || diff.units < 0)
        return;
    for (size_t i = 0; i < r->tr->units.n; i++) {
        const zhx_trule *rule = &r->tr->units.v[i];
        if (match_short(r, rule, t->indicator, strlen(t->indicator))) {
            if (!(t->unit = strdup(rule->unit)))
                r->failed = true;
            return;
        }
    }
}

static void complete_sentence(reader *r, const zhx_sentence *s, figure *figs, size_t n,
                              size_t first_mention)
{
    /* only the stretch around the figures is read for clauses and cues */
    size_t from = figs[0].at > s->lo + CUE_REACH ? figs[0].at - CUE_REACH : s->lo;
    size_t to = figs[n - 1].end + CUE_REACH < s->hi ? figs[n - 1].end + CUE_REACH : s->hi;
    while (from > s->lo && ((unsigned char)r->text[from] & 0xC0) == 0x80)
        from--;
    while (to < s->hi && ((unsigned char)r->text[to] & 0xC0) == 0x80)
        to++;
    const zhx_sentence near = {from, to};
    zhx_clauses clauses;
    zhx_clauses_find(r->m, r->tr->clause, r->text, &near, &clauses);
    cue cues[CUES_MAX];
    size_t ncues = find_cues(r, s, from, figs[n - 1].at, cues);
    zhx_buf b = ZHX_BUF_INIT;
    borrow_nouns(figs, n);
    for (size_t i = 0; i < n && !r->failed; i++) {
        figure *f = &figs[i];
        zhx_target *t = &r->doc->targets[f->t];
        bool like = f->rule->like_previous;
        if (like && (i == 0 || figs[i - 1].end != f->head)) {
            t->kind = NULL; /* coordinated with no figure: dropped below */
            continue;
        }
        if (like) {
            f->reads = figs[i - 1].reads;
            if (figs[i - 1].noun_hi == figs[i - 1].noun_lo) /* parallel: no noun if none before */
                f->noun_lo = f->noun_hi = 0;
        }
        complete_indicator(r, &near, &clauses, figs, i, &b);
        t->kind = like ? r->doc->targets[figs[i - 1].t].kind : kind_of(r, f, cues, ncues);
        complete_op(r, f, t);
        complete_time(r, s, &near, &clauses, first_mention, f, i + 1 < n ? &figs[i + 1] : NULL, t);
        complete_unit(r, t);
        t->section = zhx_section_at(r->doc, t->lo);
    }
    /* a year in the clause of a figure, or after one, is that figure's: it governs nothing */
    for (size_t i = first_mention; i < r->nmentions; i++) {
        mention *m = &r->mentions[i];
        size_t mlo, mhi;
        zhx_clause_at(&clauses, &near, m->lo, &mlo, &mhi);
        m->local = m->lo < s->hi && (m->lo > figs[0].at || clause_has_figure(figs, n, mlo, mhi));
    }
    if (b.failed)
        r->failed = true;
    zhx_buf_free(&b);
}

/* A coordinated figure that follows no figure is no figure: drops the records left without
 * a kind (they are the last ones added). */
static void drop_orphans(zhx_doc *doc, size_t first)
{
    size_t keep = first;
    for (size_t i = first; i < doc->ntargets; i++) {
        zhx_target *t = &doc->targets[i];
        if (t->kind) {
            doc->targets[keep++] = *t;
            continue;
        }
        free(t->indicator);
        free(t->unit);
        free(t->literal);
        free(t->deadline);
    }
    doc->ntargets = keep;
}

/* Completes the figures of sentence `s`, which start at record `first_target`. */
static void finish_sentence(reader *r, const zhx_sentence *s, figure *figs, size_t n,
                            size_t first_target)
{
    if (!n)
        return;
    size_t first_mention = r->nmentions;
    while (first_mention > 0 && r->mentions[first_mention - 1].lo >= s->lo)
        first_mention--;
    complete_sentence(r, s, figs, n, first_mention);
    drop_orphans(r->doc, first_target);
}

static void read_text(reader *r)
{
    figure figs[FIGURES_MAX];
    zhx_sentence s = {0, 0};
    size_t nfig = 0, first_target = 0;
    for (size_t at = zhx_number_next(r->text, r->len, 0); at < r->len && !r->failed;) {
        size_t next = 0;
        if (may_start_figure(r, at) || may_start_row(r, at)) {
            if (at >= s.hi) {
                finish_sentence(r, &s, figs, nfig, first_target);
                size_t prev_hi = s.hi;
                s = zhx_sentence_at(&r->tr->ends, r->text, r->len, at);
                if (s.lo < prev_hi)
                    s.lo = prev_hi;
                nfig = 0;
                first_target = r->doc->ntargets;
            }
            next = try_targets(r, &s, at, figs, &nfig);
        }
        if (!next)
            next = try_years(r, at);
        if (next <= at)
            next = at + zhx_utf8_width((unsigned char)r->text[at]);
        at = zhx_number_next(r->text, r->len, next);
    }
    finish_sentence(r, &s, figs, nfig, first_target);
}

zhx_status zhx_targets(zhx_stage *st, const char *text, size_t len)
{
    reader r = {.st = st, .doc = st->doc, .text = text, .len = len, .m = st->engine->matcher};
    r.rows = -1;
    r.tr = zhx_target_rules_get(st->engine);
    if (!r.tr)
        return ZHX_ERR_NOMEM;
    r.heads = malloc((r.tr->figures.n ? r.tr->figures.n : 1) * sizeof *r.heads);
    if (r.heads)
        read_text(&r);
    else
        r.failed = true;
    free(r.heads);
    free(r.mentions);
    free(r.section_kind);
    free(r.blanks);
    free(r.hits);
    return r.failed ? ZHX_ERR_NOMEM : ZHX_OK;
}
