/* targets: numeric targets and reported figures, one record per figure.
 *
 * Finding figures. Every place in the text where a number may start (number.c: digits,
 * placeholders, Chinese numerals) is looked at once. A figure is offered only to the
 * `target` rules whose `needs` word (the verb or sign that introduces a figure: 控制在,
 * 达到, ≥) ends right before it, found through the character before the number in an index
 * of those words (target_rules.c), so a number no rule can start at costs one table lookup,
 * and a figure a few matches anchored (\G) at the number, whatever the number of rules. Only
 * then is the sentence around it looked up (sentences.c): text with no figure is never split
 * into sentences, and no rule ever runs over it. A number that starts no figure may be a year
 * or a deadline (dates.c).
 *
 * Two kinds of rule are read from further back. A row of a flattened table (a rule that
 * starts with ^) is matched from the start of its sentence when its line holds one of its
 * words. A clause rule (`set start=clause`: 新建污水管网25公里, where a verb comes first and
 * the number follows its object) is matched from the nearest of its words in the CLAUSE_BYTES
 * before the number, when a Chinese character stands right before the number; its value must
 * start at the number, and its pattern keeps clause breaks out of the object.
 *
 * Completing the records of a sentence, once it is read: the indicator (indicators.c), the
 * kind (kinds.c), the year and deadline (dates.c), and
 *   op  from a comparator word (the `target.cmp` map); otherwise the rule's `op` for a
 *       target, "=" for a reported figure. A range without a comparator word is "=".
 * The files of the stage are listed in targets.h. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/utf8.h"
#include "extract.h"
#include "number.h"
#include "outline.h"
#include "tables.h"
#include "targets.h"

#define FIGURES_MAX 64 /* figures read in one sentence; more are left out, with a warning */
#define NONE ((size_t)-1)
#define CUE_REACH 360   /* bytes before its first figure a sentence is read for cues */
#define WINDOW 192      /* bytes a rule may read past the place it is tried at */
#define CLAUSE_BYTES 96 /* how far back a clause rule looks for its word: 32 Chinese characters */
#define IN_NUMBER_BYTES 12 /* where a start=number rule's word may start in a number: 近四分之 */
#define CLAUSE_TRIES 3     /* how many of its words, nearest first, a clause rule is tried from */
#define LEAD_BYTES 180 /* a paragraph's lead, up to its colon (主要预期目标是：), is short */
#define PARAGRAPH_BYTES 8192 /* how far back the start of a figure's paragraph is looked for */
#define ASIDE_BYTES_MAX 30   /* an aside in brackets between coordinated figures: （2026年） */

typedef struct reader {
    zhx_reading rd;
    size_t *heads;     /* per figure rule: where its needs word before the number starts, or NONE */
    size_t row_word;   /* where the next needs word of a row rule starts, or NONE */
    bool row_searched; /* whether row_word has been looked for */
    size_t line_hi;    /* the end of the line may_start_row looked at last */
    bool line_has_row; /* whether it holds a row rule's needs words */
    /* where a clause rule's word may end in the CLAUSE_BYTES before the number at ends_at,
     * nearest first: found once for all the clause rules tried at that number */
    size_t ends[CLAUSE_BYTES], nends, ends_at;
    zhx_dates dates;
    zhx_kinds kinds;
    zhx_tables tables;   /* the table rows read by their columns, which the rules skip */
    size_t table_cursor; /* for zhx_tables_claim */
} reader;

/* ---- matching ------------------------------------------------------------------------- */

void zhx_reading_warn(zhx_reading *rd, const zhx_rule *rule, int rc)
{
    zhx_doc_rule_stopped(rd->doc, rule, rc);
}

bool zhx_reading_match_at(zhx_reading *rd, const zhx_trule *rule, const zhx_sentence *s, size_t at,
                          size_t window)
{
    size_t end = at + window < s->hi ? at + window : s->hi;
    while (end > at && end < s->hi && ((unsigned char)rd->text[end] & 0xC0) == 0x80)
        end--;
    int rc = zhx_match(rd->m, rule->rule->code, rd->text + s->lo, end - s->lo, at - s->lo);
    if (rc < 0)
        zhx_reading_warn(rd, rule->rule, rc);
    size_t lo, hi;
    return rc == 1 && zhx_match_group(rd->m, 0, &lo, &hi) && lo == at - s->lo;
}

bool zhx_figures_in(const zhx_figure *figs, size_t n, size_t lo, size_t hi)
{
    for (size_t i = 0; i < n; i++)
        if (figs[i].at >= lo && figs[i].at < hi)
            return true;
    return false;
}

/* For each figure rule, where the longest of its `needs` words that ends right before `at`
 * starts (a blank between them is allowed), in r->heads: NONE for a rule none of whose words
 * ends there, `at` for a rule without needs. The words are found through the character
 * before `at`, whatever the number of rules. */
static void find_heads(reader *r, size_t from, size_t at)
{
    const zhx_target_rules *tr = r->rd.tr;
    for (size_t i = 0; i < tr->figures.n; i++)
        r->heads[i] = tr->needless[i] ? at : NONE;
    size_t end = at > from && r->rd.text[at - 1] == ' ' ? at - 1 : at, w;
    if (end == from)
        return;
    uint32_t b = zhx_word_bucket(zhx_utf8_at(r->rd.text + zhx_utf8_prev(r->rd.text, end), &w));
    for (uint32_t k = tr->word_at[b]; k < tr->word_at[b + 1]; k++) {
        const zhx_needs_word *word = &tr->words[k]; /* by rule, longest first */
        if (r->heads[word->rule] == NONE && word->len <= end - from &&
            memcmp(r->rd.text + end - word->len, word->s, word->len) == 0)
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
    span value, value_max, unit, from, cmp, noun, indicator, place;
} groups;

/* Reads every group of the last match of `rule` in one pass; of groups of the same name
 * (DUPNAMES), the first that took part counts. */
static void read_groups(const reader *r, const zhx_trule *rule, const zhx_sentence *s, groups *g)
{
    span *fields[ZHX_FIELDS] = {&g->value, &g->value_max, &g->unit,      &g->from,
                                &g->cmp,   &g->noun,      &g->indicator, &g->place};
    memset(g, 0, sizeof *g);
    for (size_t i = 0; i < rule->rule->ngroups; i++) {
        size_t lo, hi;
        span *sp = rule->field[i] < ZHX_FIELDS ? fields[rule->field[i]] : NULL;
        if (sp && sp->hi == sp->lo &&
            zhx_match_group(r->rd.m, rule->rule->groups[i].number, &lo, &hi) && hi > lo)
            *sp = (span){s->lo + lo, s->lo + hi};
    }
}

static bool read_span(const reader *r, span v, span max, span unit, zhx_quantity *q)
{
    return zhx_quantity_read(r->rd.tr->units_table, r->rd.text + v.lo, v.hi - v.lo,
                             r->rd.text + max.lo, max.hi - max.lo, r->rd.text + unit.lo,
                             unit.hi - unit.lo, q);
}

/* Whether what follows a figure that ends at `end` makes it a property of a noun (50万元以上的
 * 行政村), by the `attribute` rule. */
static bool qualifies_noun(reader *r, const zhx_sentence *s, size_t end)
{
    const zhx_rule *a = r->rd.tr->attribute;
    return a && end < s->hi &&
           zhx_match(r->rd.m, a->code, r->rd.text + s->lo, s->hi - s->lo, end - s->lo) == 1;
}

/* Fills a new record and its figure from the last match of `rule` at `at`, the introducing
 * word starting at `head`. False if the figure does not read, or qualifies a noun. */
static bool add_figure(reader *r, const zhx_trule *rule, const zhx_sentence *s, size_t at,
                       size_t head, zhx_figure *f)
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
    zhx_match_group(r->rd.m, 0, &mlo, &mhi);
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
    f->place_lo = g.place.lo;
    f->place_hi = g.place.hi;
    if (qualifies_noun(r, s, s->lo + mhi))
        return false;

    zhx_target *t = zhx_doc_add_target(r->rd.doc);
    if (!t) {
        r->rd.failed = true;
        return false;
    }
    f->t = (size_t)(t - r->rd.doc->targets);
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
        !(t->literal = strndup(r->rd.text + lit.lo, lit.hi - lit.lo)))
        r->rd.failed = true;
    return !r->rd.failed;
}

/* The character that ends `word` (len > 0 bytes), hashed to 12 bits. */
static unsigned last_char_hash(const char *word, size_t len)
{
    size_t w;
    return zhx_char_hash(zhx_utf8_at(word + zhx_utf8_prev(word, len), &w));
}

/* Where the word `w` (n > 0 bytes) first starts in `s`, or NONE. It is looked for where its
 * last byte is: in UTF-8 Chinese that is a continuation byte, rarer than a first byte. */
static size_t find_word(const char *s, size_t len, const char *w, size_t n)
{
    if (n > len)
        return NONE;
    for (const char *p = s + n - 1, *end = s + len;
         p < end && (p = memchr(p, w[n - 1], (size_t)(end - p))); p++)
        if (memcmp(p - (n - 1), w, n - 1) == 0)
            return (size_t)(p - (n - 1) - s);
    return NONE;
}

/* Where the first needs word of a row rule at or after `from` starts, or NONE. */
static size_t next_row_word(const reader *r, size_t from)
{
    size_t best = NONE;
    for (size_t k = 0; k < r->rd.tr->nrow_words; k++) {
        const zhx_needs_word *w = &r->rd.tr->row_words[k];
        size_t end = best == NONE ? r->rd.len : best, /* a later one is no better */
            at = find_word(r->rd.text + from, end - from, w->s, w->len);
        if (at != NONE)
            best = from + at;
    }
    return best;
}

/* Whether a row rule may read the Arabic number at `at`: the line holds one of its `needs`
 * words (a column only rows have, like 预期性). Each line is looked at once, and the words are
 * looked for once in all: the next of them is remembered until the lines pass it. */
static bool may_start_row(reader *r, size_t at)
{
    if (!r->rd.tr->has_rows || r->rd.text[at] < '0' || r->rd.text[at] > '9')
        return false;
    if (at >= r->line_hi) {
        const char *nl = memchr(r->rd.text + at, '\n', r->rd.len - at);
        size_t lo = at;
        while (lo > r->line_hi && r->rd.text[lo - 1] != '\n')
            lo--;
        r->line_hi = nl ? (size_t)(nl - r->rd.text) + 1 : r->rd.len;
        if (!r->row_searched || (r->row_word != NONE && r->row_word < lo)) {
            r->row_word = next_row_word(r, lo);
            r->row_searched = true;
        }
        r->line_has_row = r->row_word < r->line_hi; /* a word never holds a line break */
    }
    return r->line_has_row;
}

/* Whether some target rule's `needs` word may end right before `at`. */
static bool may_start_figure(const reader *r, size_t at)
{
    if (at > 1 && r->rd.text[at - 1] == ' ')
        at--;
    if (at == 0)
        return false;
    unsigned h = last_char_hash(r->rd.text, at);
    return r->rd.tr->last_chars[h >> 6] >> (h & 63) & 1;
}

/* Whether one of start=number rule `rule`'s words starts in the first IN_NUMBER_BYTES of the
 * number at `at` (分之 in 近四分之三). */
static bool number_holds_word(const reader *r, const zhx_trule *rule, size_t at)
{
    for (size_t k = 0; k < rule->rule->nneeds; k++) {
        size_t n = rule->needs_len[k], stop = at + IN_NUMBER_BYTES + n;
        if (stop > r->rd.len)
            stop = r->rd.len;
        if (stop > at && memmem(r->rd.text + at, stop - at, rule->rule->needs[k], n))
            return true;
    }
    return false;
}

/* Whether some start=number rule may read the number at `at`. */
static bool may_start_in_number(const reader *r, size_t at)
{
    const zhx_target_rules *tr = r->rd.tr;
    for (size_t k = 0; k < tr->nin_number; k++)
        if (number_holds_word(r, &tr->figures.v[tr->in_number[k]], at))
            return true;
    return false;
}

/* Going back from `end`, the end of the nearest character at or after `from` that may end a
 * clause rule's word (its hash is in clause_last_chars), or NONE: one table lookup a
 * character, Chinese ones read in place. */
static size_t clause_char_before(const reader *r, size_t from, size_t end)
{
    const unsigned char *u = (const unsigned char *)r->rd.text;
    while (end > from) {
        bool han = end - from >= 3 && (u[end - 3] & 0xF0) == 0xE0;
        size_t start = han ? end - 3 : zhx_utf8_prev(r->rd.text, end);
        if (start < from)
            break;
        unsigned h = han ? zhx_char_hash((u[end - 3] & 0x0Fu) << 12 | (u[end - 2] & 0x3Fu) << 6 |
                                         (u[end - 1] & 0x3Fu))
                         : last_char_hash(r->rd.text, end);
        if (r->rd.tr->clause_last_chars[h >> 6] >> (h & 63) & 1)
            return end;
        end = start;
    }
    return NONE;
}

/* Whether a clause rule may read the number at `at`: a Chinese character ends its object, and
 * the CLAUSE_BYTES before it hold a character that may end one of the rules' words (most
 * numbers go no further). */
static bool may_start_clause(const reader *r, size_t at)
{
    if (!r->rd.tr->has_clauses || at < 3 || ((unsigned char)r->rd.text[at - 3] & 0xF0) != 0xE0)
        return false;
    return clause_char_before(r, at > CLAUSE_BYTES ? at - CLAUSE_BYTES : 0, at - 3) != NONE;
}

/* Where a clause rule's word before the number at `at` may start, at the earliest. */
static size_t clause_reach(const zhx_sentence *s, size_t at)
{
    return at - s->lo > CLAUSE_BYTES ? at - CLAUSE_BYTES : s->lo;
}

/* Fills r->ends for the number at `at` in sentence `s`, unless it holds them already. */
static void clause_ends(reader *r, const zhx_sentence *s, size_t at)
{
    if (r->ends_at == at)
        return;
    size_t from = clause_reach(s, at);
    r->nends = 0;
    r->ends_at = at;
    for (size_t end = clause_char_before(r, from, at); end != NONE && r->nends < CLAUSE_BYTES;
         end = clause_char_before(r, from, zhx_utf8_prev(r->rd.text, end)))
        r->ends[r->nends++] = end;
}

/* Where one of `rule`'s words that ends at `end` starts (not before `from`), or NONE. */
static size_t word_ending_at(const reader *r, const zhx_trule *rule, size_t from, size_t end)
{
    const char *text = r->rd.text;
    for (size_t k = 0; k < rule->rule->nneeds; k++) {
        size_t n = rule->needs_len[k];
        const char *word = rule->rule->needs[k];
        if (n <= end - from && text[end - 1] == word[n - 1] && /* most end otherwise */
            memcmp(text + end - n, word, n) == 0)
            return end - n;
    }
    return NONE;
}

/* Whether clause rule `rule`, matched from its word at `w`, reads a value that starts at the
 * number at `at`. */
static bool matches_from_word(reader *r, const zhx_trule *rule, const zhx_sentence *s, size_t w,
                              size_t at)
{
    size_t lo, hi;
    return zhx_reading_match_at(&r->rd, rule, s, w, at - w + WINDOW) &&
           zhx_match_field(r->rd.m, rule->rule, "value", &lo, &hi) && s->lo + lo == at;
}

/* Matches clause rule `rule` from the nearest of its words before the number at `at` from
 * which it reads a value starting at `at` (its object between them holds no clause break);
 * that word's start in *head. Only the CLAUSE_TRIES nearest of its words are tried: a line of
 * ten million `1、` holds one before every number. */
static bool clause_matches(reader *r, const zhx_trule *rule, const zhx_sentence *s, size_t at,
                           size_t *head)
{
    size_t from = clause_reach(s, at);
    clause_ends(r, s, at);
    for (size_t i = 0, tries = 0; i < r->nends && tries < CLAUSE_TRIES; i++) {
        size_t w = word_ending_at(r, rule, from, r->ends[i]);
        if (w == NONE)
            continue;
        tries++;
        if (matches_from_word(r, rule, s, w, at)) {
            *head = w;
            return true;
        }
    }
    return false;
}

/* Where one of a coordinated clause rule's words starts right where figure `prev` ends (after
 * its value, or its noun) and before the number at `at`; else NONE. */
static size_t coordinated_word(const reader *r, const zhx_trule *rule, const zhx_figure *prev,
                               size_t at)
{
    size_t ends[] = {prev->end, prev->noun_hi > prev->noun_lo ? prev->noun_hi : prev->end};
    for (size_t e = 0; e < 2; e++) {
        size_t n = zhx_trule_word_at(rule, r->rd.text, at, ends[e]);
        if (n && ends[e] + n < at)
            return ends[e];
    }
    return NONE;
}

/* Whether a coordinated clause rule (like=previous) may read the number at `at`: one of its
 * words follows the figure before it in its sentence (新建体育公园86个、全民健身中心54个,
 * …信息42条，政策文件类信息156条), however far back the list began. */
static bool may_follow_figure(const reader *r, const zhx_sentence *s, size_t at,
                              const zhx_figure *figs, size_t nfig)
{
    if (!r->rd.tr->has_coordinated || !nfig || at >= s->hi)
        return false;
    for (size_t i = 0; i < r->rd.tr->figures.n; i++) {
        const zhx_trule *rule = &r->rd.tr->figures.v[i];
        if (rule->clause && rule->like_previous &&
            coordinated_word(r, rule, &figs[nfig - 1], at) != NONE)
            return true;
    }
    return false;
}

/* Matches `rule` for the number at `at`: at the number; for a rule that starts with ^ (rows
 * of flattened tables) from the start of the sentence, when its value is the number (a row
 * may hold two figures: a target and the value reached); for a clause rule from one of its
 * words before the number (its start in *head). The figure starts at the number in every
 * case. */
static bool rule_matches(reader *r, const zhx_trule *rule, const zhx_sentence *s, size_t at,
                         size_t *head)
{
    size_t lo, hi;
    if (rule->clause && rule->like_previous) /* from its word, where the figure before ends */
        return matches_from_word(r, rule, s, *head, at);
    if (rule->clause)
        return clause_matches(r, rule, s, at, head);
    if (!rule->row)
        return zhx_reading_match_at(&r->rd, rule, s, at, WINDOW);
    return zhx_reading_match_at(&r->rd, rule, s, s->lo, s->hi - s->lo) &&
           zhx_match_field(r->rd.m, rule->rule, "value", &lo, &hi) && s->lo + lo == at;
}

/* Whether [lo, hi) is an aside in brackets (42%（2026年）、48%（2027年）): what it says is the
 * figure's before it. */
static bool bracketed_aside(const reader *r, size_t lo, size_t hi)
{
    static const char open[] = "（", close[] = "）";
    size_t n = sizeof open - 1;
    return hi >= lo + 2 * n && hi - lo <= ASIDE_BYTES_MAX &&
           memcmp(r->rd.text + lo, open, n) == 0 && memcmp(r->rd.text + hi - n, close, n) == 0 &&
           !memmem(r->rd.text + lo + n, hi - lo - 2 * n, open, n);
}

/* Whether a figure whose rule's word starts at `head` follows `prev` directly, after its
 * value, after its noun when it has one (53个乡镇卫生院、145个贫困村), or after an aside in
 * brackets: a coordinated figure must. */
static bool follows(const reader *r, const zhx_figure *prev, size_t head)
{
    size_t after = prev->noun_hi > prev->noun_lo ? prev->noun_hi : prev->end;
    return prev->end == head || after == head || bracketed_aside(r, after, head);
}

/* Offers the number at `at` to the target rules whose `needs` word ends right before it; on
 * a match adds a figure and returns the end of what the rule read, else 0. */
static size_t try_targets(reader *r, const zhx_sentence *s, size_t at, zhx_figure *figs,
                          size_t *nfig)
{
    find_heads(r, s->lo, at);
    bool clause_words = may_start_clause(r, at);
    for (size_t i = 0; i < r->rd.tr->figures.n; i++) {
        const zhx_trule *rule = &r->rd.tr->figures.v[i];
        /* a coordinated figure follows one: 达2.9万户、4.3万人; a coordinated clause rule is
         * tried only from where the figure before ends (、全民健身中心54个) */
        if (rule->like_previous && !*nfig)
            continue;
        size_t head = rule->row         ? at
                      : rule->in_number ? (number_holds_word(r, rule, at) ? at : NONE)
                      : rule->clause && rule->like_previous
                          ? coordinated_word(r, rule, &figs[*nfig - 1], at)
                      : rule->clause ? (clause_words ? at : NONE)
                                     : r->heads[i];
        if (rule->row ? !may_start_row(r, at) : head == NONE)
            continue;
        if (rule->like_previous && !follows(r, &figs[*nfig - 1], head))
            continue;
        if (!rule_matches(r, rule, s, at, &head))
            continue;
        if (*nfig == FIGURES_MAX) {
            zhx_doc_warn(r->rd.doc, "more than %d figures in one sentence: the rest are left out",
                         FIGURES_MAX);
            return 0;
        }
        if (!add_figure(r, rule, s, at, head, &figs[*nfig]))
            continue;
        (*nfig)++;
        size_t lo, hi; /* a row may hold more figures after this one's value */
        if (!rule->row || !zhx_match_field(r->rd.m, rule->rule, "value", &lo, &hi))
            zhx_match_group(r->rd.m, 0, &lo, &hi);
        return s->lo + hi;
    }
    return 0;
}

/* ---- completing records --------------------------------------------------------------- */

/* A count that names no noun borrows the next one's: 拥有1名以上、每万人口拥有2名全科医生. */
static void borrow_nouns(zhx_figure *figs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!zhx_trule_has(figs[i].rule, ZHX_FIELD_NOUN) || figs[i].noun_hi > figs[i].noun_lo)
            continue;
        for (size_t j = i + 1; j < n; j++)
            if (figs[j].rule == figs[i].rule && figs[j].noun_hi > figs[j].noun_lo) {
                figs[i].noun_lo = figs[j].noun_lo;
                figs[i].noun_hi = figs[j].noun_hi;
                break;
            }
    }
}

static const char *mirror(const char *op)
{
    return strcmp(op, ">=") == 0   ? "<="
           : strcmp(op, "<=") == 0 ? ">="
           : strcmp(op, ">") == 0  ? "<"
           : strcmp(op, "<") == 0  ? ">"
                                   : op;
}

/* The comparator word of `min` to `max` characters (of three bytes) that ends right at `pos`,
 * the longest first (不超过, not 超过); with `lead`, only one the map marks as standing before
 * a number. NULL if none. */
static const zhx_cmp_word *cmp_ending_at(const reader *r, size_t pos, size_t min, size_t max,
                                         bool lead)
{
    for (size_t n = 3 * max; n >= 3 * min; n -= 3) {
        if (n > pos)
            continue;
        const zhx_cmp_word *cmp = zhx_cmp_find(r->rd.tr, r->rd.text + pos - n, n);
        if (cmp && (!lead || cmp->lead))
            return cmp;
    }
    return NULL;
}

/* The comparator word that leads the number at `at`: one the number opens with (逾6,300家: the
 * number rules take 逾 as its part) or one right before it. NULL if none. */
static const zhx_cmp_word *cmp_leading(const reader *r, size_t at)
{
    for (size_t n = 3; n <= 12 && at + n <= r->rd.len; n += 3) {
        const zhx_cmp_word *cmp = zhx_cmp_find(r->rd.tr, r->rd.text + at, n);
        if (cmp && cmp->lead)
            return cmp;
    }
    return cmp_ending_at(r, at, 1, 4, true);
}

static void complete_op(reader *r, const zhx_figure *f, zhx_target *t)
{
    const zhx_cmp_word *cmp = f->cmp_hi > f->cmp_lo ? zhx_cmp_find(r->rd.tr, r->rd.text + f->cmp_lo,
                                                                   f->cmp_hi - f->cmp_lo)
                                                    : NULL;
    /* 超过五分之二的; not where a coordinated figure's word starts: what ends there is the
     * figure's before it (收入15亿元以上↑8.6%). The word right before the number first
     * (登记的澳资企业逾6,300家, 增至逾1.2万人), then one before the verb (至少建成1所, 每季度至少
     * 开展1次) */
    if (!cmp && !f->rule->like_previous)
        cmp = cmp_leading(r, f->at);
    if (!cmp && !f->rule->like_previous && (f->head < f->at || f->reads->in_number))
        cmp = cmp_ending_at(r, f->head, 2, 3, false);
    const char *op = NULL;
    if (cmp) {
        op = cmp->op;
        if (cmp->approx)
            t->approx = true;
    } else if (t->has_value_max) {
        op = "=";
    } else if (strcmp(t->kind, "target") == 0) {
        op = f->reads->op;
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

/* Where the text after the last full stop (sentence.full-stops, or a line break) before `from`
 * starts, at most CUE_REACH bytes before `at`. */
static size_t full_stop_before(const reader *r, size_t from, size_t at)
{
    const char *text = r->rd.text;
    size_t lo = from;
    while (lo > 0 && text[lo - 1] != '\n' && at - lo < CUE_REACH) {
        if (zhx_charset_before(&r->rd.tr->full_stops, text, lo))
            return lo;
        lo = zhx_utf8_prev(text, lo);
    }
    return lo;
}

/* Whether the title sets out `year` as a plan's (…2026年主要目标任务明确), whatever it says of
 * the years before it. */
static bool title_plans(reader *r, int year)
{
    const char *kind = zhx_title_kind_of_year(&r->rd, &r->kinds, year);
    return kind && strcmp(kind, "target") == 0;
}

/* The lead of the paragraph (the line) that holds `from`: its opening up to a colon
 * (sentence.lead-ends) before `until` (今年主要预期目标是：…。…。), else its first sentence when
 * `from` is past it. Its cues are those of every sentence of the paragraph that has none of its
 * own, and a year it says against the document's (今年) is theirs too. */
static bool paragraph_lead(const reader *r, size_t from, size_t until, zhx_sentence *lead)
{
    const char *text = r->rd.text;
    size_t back = from < PARAGRAPH_BYTES ? from : PARAGRAPH_BYTES;
    const char *nl = memrchr(text + from - back, '\n', back);
    if (!nl && back < from)
        return false;
    size_t lo = nl ? (size_t)(nl - text) + 1 : 0;
    size_t end = until - lo < LEAD_BYTES ? until : lo + LEAD_BYTES;
    size_t colon = zhx_charset_find(&r->rd.tr->lead_ends, text, lo, end);
    if (colon < end) {
        *lead = (zhx_sentence){lo, colon};
        return true;
    }
    /* else its first sentence, for a figure in a later one: 过去一年，…稳中有进。全市…达到… */
    end = from - lo < CUE_REACH ? from : lo + CUE_REACH;
    size_t stop = zhx_charset_find(&r->rd.tr->full_stops, text, lo, end);
    if (stop == end)
        return false;
    *lead = (zhx_sentence){lo, stop};
    return true;
}

static void complete_sentence(reader *r, const zhx_sentence *s, zhx_figure *figs, size_t n,
                              size_t first_mention)
{
    /* only the stretch around the figures is read for clauses and cues */
    size_t from = figs[0].at > s->lo + CUE_REACH ? figs[0].at - CUE_REACH : s->lo;
    size_t to = figs[n - 1].end + CUE_REACH < s->hi ? figs[n - 1].end + CUE_REACH : s->hi;
    while (from > s->lo && ((unsigned char)r->rd.text[from] & 0xC0) == 0x80)
        from--;
    while (to < s->hi && ((unsigned char)r->rd.text[to] & 0xC0) == 0x80)
        to++;
    const zhx_sentence near = {from, to};
    zhx_clauses clauses;
    zhx_clauses_find(r->rd.m, r->rd.tr->clause, r->rd.text, &near, &clauses);
    /* cues are read from after the last full stop, so that one that opens a sentence governs
     * the parts of it that semicolons part (截至2020年底，…；经常参加体育锻炼人数比例达到36.2%) */
    size_t cue_from = full_stop_before(r, from, figs[0].at);
    const zhx_sentence paragraph = {cue_from < s->lo ? cue_from : s->lo, s->hi};
    /* so are the years: a year that opens a sentence dates the parts of it after a semicolon */
    size_t first_full = zhx_dates_from(&r->dates, paragraph.lo);
    zhx_cue cues[2 * ZHX_CUES_MAX];
    zhx_sentence lead; /* (its cues are read once: when it ends before the paragraph starts) */
    bool has_lead = paragraph_lead(r, paragraph.lo, figs[0].at, &lead);
    size_t ncues = has_lead && lead.hi <= paragraph.lo
                       ? zhx_cues_find(&r->rd, &r->kinds, &lead, lead.lo, lead.hi, cues)
                       : 0;
    ncues +=
        zhx_cues_find(&r->rd, &r->kinds, &paragraph, paragraph.lo, figs[n - 1].at, cues + ncues);
    const zhx_trule *genre = zhx_title_genre(&r->rd, &r->kinds);
    zhx_title_kind title = !genre                                              ? ZHX_TITLE_OTHER
                           : genre->title_year                                 ? ZHX_TITLE_BULLETIN
                           : genre->kind && strcmp(genre->kind, "target") == 0 ? ZHX_TITLE_PLAN
                           : genre->kind                                       ? ZHX_TITLE_REPORT
                                                                               : ZHX_TITLE_OTHER;
    zhx_buf b = ZHX_BUF_INIT;
    borrow_nouns(figs, n);
    for (size_t i = 0; i < n && !r->rd.failed; i++) {
        zhx_figure *f = &figs[i];
        zhx_target *t = &r->rd.doc->targets[f->t];
        bool like = f->rule->like_previous;
        if (like && i == 0) { /* (try_targets took it only right after the figure before) */
            t->kind = NULL;   /* coordinated with no figure: dropped below */
            continue;
        }
        if (like) { /* read as the figure before, but a count that names its own subject is
                     * no part of a fall (下降0.2个百分点，农村劳动力转移就业60.8万人), and a
                     * rule that says its own op reads its own way (15.3亿元↑8.6%: a change) */
            if (!(f->rule->object && figs[i - 1].reads->change_down) && !f->rule->op)
                f->reads = figs[i - 1].reads;
            if (figs[i - 1].noun_hi == figs[i - 1].noun_lo) /* parallel: no noun if none before */
                f->noun_lo = f->noun_hi = 0;
        }
        zhx_indicator_complete(&r->rd, &near, &clauses, figs, i, &b);
        if (!t->indicator)
            zhx_indicator_counted_alike(&r->rd, paragraph.lo, f->t);
        bool by_cue = like;
        t->kind = like ? r->rd.doc->targets[figs[i - 1].t].kind
                       : zhx_kind_of(&r->rd, &r->kinds, f, cues, ncues, &by_cue);
        const zhx_figure *next = i + 1 < n ? &figs[i + 1] : NULL;
        if (strcmp(t->kind, "target") == 0 && !zhx_trule_kind_by_place(f->reads) &&
            zhx_dates_before_title(&r->rd, &r->dates, &paragraph, &near, &clauses, first_full, f,
                                   next, has_lead ? &lead : NULL))
            t->kind = "actual"; /* 2025年，…达到88.3% in a 2026 plan: reached, not planned */
        zhx_dates_complete(&r->rd, &r->dates, &paragraph, s->lo, &near, &clauses, first_full, f,
                           next, has_lead ? &lead : NULL, t, title);
        int written = zhx_dates_document_year(&r->rd, &r->dates);
        if (!by_cue && strcmp(t->kind, "actual") == 0 && !f->reads->kind &&
            ((written && t->year > written) || title_plans(r, t->year))) {
            t->kind = "target"; /* 2026年… in a release on 2025's results: not reached yet */
            zhx_dates_complete(&r->rd, &r->dates, &paragraph, s->lo, &near, &clauses, first_full, f,
                               next, has_lead ? &lead : NULL, t, title); /* its deadline */
        }
        if (!zhx_tables_prose_complete(&r->rd, &r->tables, f->at, t))
            r->rd.failed = true;
        complete_op(r, f, t);
        zhx_unit_complete(&r->rd, t);
        t->section = zhx_section_at(r->rd.doc, t->lo);
    }
    zhx_indicators_one_each(&r->rd, figs, n);
    zhx_dates_one_each(&r->rd, &r->dates, first_mention, figs, n, s->lo);
    zhx_dates_mark_local(&r->dates, s, &near, &clauses, first_mention, figs, n);
    zhx_indicators_each_place(&r->rd, figs, n);
    if (b.failed)
        r->rd.failed = true;
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
static void finish_sentence(reader *r, const zhx_sentence *s, zhx_figure *figs, size_t n,
                            size_t first_target)
{
    if (!n)
        return;
    complete_sentence(r, s, figs, n, zhx_dates_from(&r->dates, s->lo));
    drop_orphans(r->rd.doc, first_target);
}

static void read_text(reader *r)
{
    zhx_figure figs[FIGURES_MAX];
    zhx_sentence s = {0, 0};
    size_t nfig = 0, first_target = 0;
    for (size_t at = zhx_number_next(r->rd.text, r->rd.len, 0); at < r->rd.len && !r->rd.failed;) {
        size_t next = 0;
        if (zhx_tables_claim(&r->tables, &r->table_cursor, at)) {
            /* a row read by its columns: only its years are read here */
        } else if (may_start_figure(r, at) || may_start_row(r, at) || may_start_clause(r, at) ||
                   may_follow_figure(r, &s, at, figs, nfig) || may_start_in_number(r, at)) {
            if (at >= s.hi) {
                finish_sentence(r, &s, figs, nfig, first_target);
                size_t prev_hi = s.hi;
                s = zhx_sentence_at(&r->rd.tr->ends, r->rd.text, r->rd.len, at);
                if (s.lo < prev_hi)
                    s.lo = prev_hi;
                nfig = 0;
                first_target = r->rd.doc->ntargets;
            }
            next = try_targets(r, &s, at, figs, &nfig);
        }
        if (!next)
            next = zhx_dates_read(&r->rd, &r->dates, at);
        if (next <= at)
            next = at + zhx_utf8_width((unsigned char)r->rd.text[at]);
        at = zhx_number_next(r->rd.text, r->rd.len, next);
    }
    finish_sentence(r, &s, figs, nfig, first_target);
}

zhx_status zhx_targets(zhx_stage *st, const char *text, size_t len)
{
    reader r = {.rd = {st->doc, text, len, st->engine->matcher, NULL, false}, .ends_at = NONE};
    r.rd.tr = zhx_target_rules_get(st->engine);
    if (!r.rd.tr)
        return ZHX_ERR_NOMEM;
    r.heads = malloc((r.rd.tr->figures.n ? r.rd.tr->figures.n : 1) * sizeof *r.heads);
    if (r.heads) {
        zhx_tables_read(&r.rd, &r.tables);
        read_text(&r);
        zhx_tables_date(&r.rd, &r.tables, &r.dates);
    } else {
        r.rd.failed = true;
    }
    free(r.heads);
    zhx_tables_free(&r.tables);
    zhx_dates_free(&r.dates);
    zhx_kinds_free(&r.kinds);
    return r.rd.failed ? ZHX_ERR_NOMEM : ZHX_OK;
}
