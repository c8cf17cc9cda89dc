/* targets: numeric targets and reported figures, one record per figure.
 *
 * Finding figures. The text is cut into sentences (sentences.c). In each sentence, every
 * place a number may start (number.c: digits, placeholders, Chinese numerals) is tried with
 * the `number.quantity` rule; a sentence with no such place costs one byte scan and no rule
 * at all. A quantity is offered only to the `target` rules whose `needs` word (the verb or
 * sign that introduces a figure: 控制在, 达到, ≥) ends right before it, so each figure costs a
 * few anchored matches whatever the number of rules. A place that is no quantity may be a
 * year or a deadline (the `year` rules).
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
 *              else a weak cue; else the `genre` of its section headings, innermost first, and
 *              of the title; else "target".
 *   year       a year in the figure's clause (before it, else after), then in its sentence;
 *              a target with none takes the nearest year before it that governs its passage
 *              (the section holding that year, or without sections its block of lines up to a
 *              blank line), then the title's year.
 *   deadline   likewise from the year and month rules' `deadline`, clause then sentence.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/utf8.h"
#include "extract.h"
#include "number.h"
#include "sentences.h"

#define FIGURES_MAX 64 /* figures read in one sentence; more are left out, with a warning */
#define CUES_MAX 32
#define WINDOW 192    /* bytes a rule may read past the place it is tried at */
#define GOVERN_MAX 64 /* year mentions looked back at for the year that governs a passage */
#define UNIT_MAX 32

/* A year or deadline in the text. */
typedef struct mention {
    size_t lo, hi;
    bool is_year; /* names a year, maybe anonymised (XX年): then `year` is 0 */
    int year;
    size_t dlo, dhi; /* the deadline, when it says more than the year; dlo == dhi if none */
} mention;

/* A record while its sentence is being read. Offsets are bytes of the text. */
typedef struct figure {
    size_t t;              /* index of its record */
    const zhx_rule *rule;  /* the rule that found it */
    const zhx_rule *reads; /* the rule whose settings it takes: its own, or for like=previous
                              the previous figure's */
    size_t head;           /* the indicator ends here: the start of the introducing word */
    size_t at, end;        /* the start of the quantity; the end of the figure (noun excluded) */
    size_t noun_lo, noun_hi;
    size_t cmp_lo, cmp_hi; /* the comparator word, if any */
    size_t ind_lo, ind_hi; /* an indicator the rule captured itself */
    bool has_noun_group;   /* the rule can read a counted noun */
} figure;

typedef struct cue {
    size_t pos;
    const char *kind;
    bool weak;
} cue;

typedef struct kinds {
    const zhx_rule *const *v;
    size_t n;
} kinds;

typedef struct reader {
    zhx_stage *st;
    zhx_doc *doc;
    const char *text;
    size_t len;
    zhx_matcher *m;
    const zhx_rule *quantity;
    kinds targets, years, cues, genres, trims, units_rules;
    const zhx_table *units, *cmp;
    mention *mentions;
    size_t nmentions, mentions_cap;
    bool title_read;
    int title_year;
    const char *title_kind;
    const char **section_kind; /* per section, computed when first needed */
    bool failed;               /* out of memory */
} reader;

static kinds of_kind(const zhx_rules *rules, const char *kind)
{
    kinds k;
    k.v = zhx_rules_of_kind(rules, kind, &k.n);
    return k;
}

static char *slice(const char *s, size_t lo, size_t hi)
{
    return strndup(s + lo, hi - lo);
}

static bool rule_has_group(const zhx_rule *rule, const char *name)
{
    for (size_t i = 0; i < rule->ngroups; i++)
        if (strcmp(rule->groups[i].name, name) == 0)
            return true;
    return false;
}

static bool setting_is(const zhx_rule *rule, const char *key, const char *value)
{
    const char *v = zhx_rule_setting(rule, key);
    return v && strcmp(v, value) == 0;
}

/* ---- matching ------------------------------------------------------------------------- */

static void warn_limit(reader *r, const zhx_rule *rule, int rc)
{
    char why[128];
    zhx_matcher_error(rc, why, sizeof why);
    zhx_doc_warn(r->doc, "rule %s stopped: %s", rule->name, why);
}

/* Matches `rule` at byte `at` of sentence `s`, seeing the sentence before `at` (for
 * lookbehinds) and at most WINDOW bytes after it. True if a match starts exactly at `at`. */
static bool match_at(reader *r, const zhx_rule *rule, const zhx_sentence *s, size_t at)
{
    size_t end = at + WINDOW < s->hi ? at + WINDOW : s->hi;
    while (end > at && end < s->hi && ((unsigned char)r->text[end] & 0xC0) == 0x80)
        end--;
    int rc = zhx_match(r->m, rule->code, r->text + s->lo, end - s->lo, at - s->lo);
    if (rc < 0)
        warn_limit(r, rule, rc);
    size_t lo, hi;
    return rc == 1 && zhx_match_group(r->m, 0, &lo, &hi) && lo == at - s->lo;
}

/* The span of group `name` of the last match, in bytes of the text. */
static bool field(const reader *r, const zhx_rule *rule, const zhx_sentence *s, const char *name,
                  size_t *lo, size_t *hi)
{
    if (!zhx_match_field(r->m, rule, name, lo, hi))
        return false;
    *lo += s->lo;
    *hi += s->lo;
    return true;
}

/* The longest of the rule's `needs` words that ends right before `at` (a blank between them
 * is allowed), as its start in *lo; true too for a rule without needs (then *lo is `at`). */
static bool needs_before(const reader *r, const zhx_rule *rule, size_t from, size_t at, size_t *lo)
{
    *lo = at;
    if (!rule->nneeds)
        return true;
    size_t end = at > from && r->text[at - 1] == ' ' ? at - 1 : at, best = 0;
    for (size_t i = 0; i < rule->nneeds; i++) {
        size_t n = strlen(rule->needs[i]);
        if (n > best && n <= end - from && memcmp(r->text + end - n, rule->needs[i], n) == 0)
            best = n;
    }
    *lo = end - best;
    return best > 0;
}

/* ---- reading figures ------------------------------------------------------------------ */

static bool read_quantity(reader *r, const zhx_rule *rule, const zhx_sentence *s, zhx_quantity *q)
{
    size_t vlo, vhi, mlo = 0, mhi = 0, ulo = 0, uhi = 0;
    if (!field(r, rule, s, "value", &vlo, &vhi))
        return false;
    field(r, rule, s, "value_max", &mlo, &mhi);
    field(r, rule, s, "unit", &ulo, &uhi);
    return zhx_quantity_read(r->units, r->text + vlo, vhi - vlo, r->text + mlo, mhi - mlo,
                             r->text + ulo, uhi - ulo, q);
}

/* Fills a new record and its figure from the last match of `rule` at `at`, the introducing
 * word starting at `head`. False if the figure does not read. */
static bool add_figure(reader *r, const zhx_rule *rule, const zhx_sentence *s, size_t at,
                       size_t head, figure *f)
{
    zhx_quantity q;
    if (!read_quantity(r, rule, s, &q))
        return false;
    size_t flo, fhi;
    zhx_decimal from = {0, 0};
    bool has_from = false;
    if (field(r, rule, s, "from", &flo, &fhi)) {
        zhx_quantity fq;
        if (!zhx_quantity_read(r->units, r->text + flo, fhi - flo, NULL, 0, q.unit, q.unit_len,
                               &fq) ||
            !fq.has_value)
            return false;
        from = fq.value;
        has_from = true;
    }
    memset(f, 0, sizeof *f);
    size_t mlo, mhi;
    zhx_match_group(r->m, 0, &mlo, &mhi);
    f->rule = f->reads = rule;
    f->at = at;
    f->head = setting_is(rule, "indicator", "object") ? at : head;
    f->end = s->lo + mhi;
    f->has_noun_group = rule_has_group(rule, "noun");
    if (field(r, rule, s, "noun", &f->noun_lo, &f->noun_hi))
        f->end = f->noun_lo;
    if (!field(r, rule, s, "cmp", &f->cmp_lo, &f->cmp_hi) && head < at) {
        f->cmp_lo = head;
        f->cmp_hi = at;
    }
    field(r, rule, s, "indicator", &f->ind_lo, &f->ind_hi);

    zhx_target *t = zhx_doc_add_target(r->doc);
    if (!t) {
        r->failed = true;
        return false;
    }
    f->t = (size_t)(t - r->doc->targets);
    t->rule = rule->name;
    t->value = q.value;
    t->has_value = q.has_value;
    t->value_max = q.max;
    t->has_value_max = q.has_max;
    t->from = from;
    t->has_from = has_from;
    t->approx = q.approx;
    t->placeholder = q.placeholder;
    t->section = -1;
    if ((q.unit && !(t->unit = strndup(q.unit, q.unit_len))) ||
        !(t->literal = slice(r->text, at, f->end)))
        r->failed = true;
    return !r->failed;
}

/* Offers the quantity at `at` to the target rules; on a match adds a figure and returns the
 * end of what the rule read. */
static size_t try_targets(reader *r, const zhx_sentence *s, size_t at, figure *figs, size_t *nfig)
{
    for (size_t i = 0; i < r->targets.n; i++) {
        const zhx_rule *rule = r->targets.v[i];
        size_t head;
        if (rule->pattern[0] == '^' || !needs_before(r, rule, s->lo, at, &head) ||
            !match_at(r, rule, s, at))
            continue;
        if (*nfig == FIGURES_MAX) {
            zhx_doc_warn(r->doc, "more than %d figures in one sentence: the rest are left out",
                         FIGURES_MAX);
            return 0;
        }
        if (!add_figure(r, rule, s, at, head, &figs[*nfig]))
            continue;
        figure *f = &figs[(*nfig)++];
        return f->noun_hi > f->end ? f->noun_hi : f->end;
    }
    return 0;
}

/* The rows of flattened tables: rules that start with ^, tried at the sentence start. */
static size_t try_rows(reader *r, const zhx_sentence *s, figure *figs, size_t *nfig)
{
    for (size_t i = 0; i < r->targets.n; i++) {
        const zhx_rule *rule = r->targets.v[i];
        if (rule->pattern[0] != '^' || !match_at(r, rule, s, s->lo))
            continue;
        size_t vlo, vhi;
        field(r, rule, s, "value", &vlo, &vhi);
        size_t flo, fhi, at = field(r, rule, s, "from", &flo, &fhi) ? flo : vlo;
        if (add_figure(r, rule, s, at, at, &figs[*nfig])) {
            figure *f = &figs[(*nfig)++];
            return f->end;
        }
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

/* Reads a year or deadline at `at`; returns the end of it, or 0. */
static size_t try_years(reader *r, const zhx_sentence *s, size_t at)
{
    for (size_t i = 0; i < r->years.n; i++) {
        const zhx_rule *rule = r->years.v[i];
        if (!match_at(r, rule, s, at))
            continue;
        mention m = {0};
        size_t lo, hi;
        zhx_match_group(r->m, 0, &lo, &hi);
        m.lo = s->lo + lo;
        m.hi = s->lo + hi;
        if (field(r, rule, s, "year", &lo, &hi)) {
            zhx_decimal y;
            size_t used;
            m.is_year = true;
            if (zhx_decimal_parse(r->text + lo, hi - lo, &y, &used) && used == hi - lo)
                m.year = (int)y.units;
        }
        field(r, rule, s, "deadline", &m.dlo, &m.dhi);
        add_mention(r, m);
        return m.hi;
    }
    return 0;
}

/* ---- completing records --------------------------------------------------------------- */

/* Cuts what `rule` matches in `b` (or keeps only its `indicator` group); a captured unit
 * goes to `unit`. Returns whether `b` changed. */
static bool trim_once(reader *r, const zhx_rule *rule, zhx_buf *b, char *unit)
{
    int rc = zhx_match(r->m, rule->code, b->s, b->len, 0);
    if (rc < 0)
        warn_limit(r, rule, rc);
    size_t lo, hi, ulo, uhi, ilo, ihi;
    if (rc != 1 || !zhx_match_group(r->m, 0, &lo, &hi) || hi == lo)
        return false;
    if (zhx_match_field(r->m, rule, "unit", &ulo, &uhi) && !*unit && uhi - ulo < UNIT_MAX)
        memcpy(unit, b->s + ulo, uhi - ulo);
    if (zhx_match_field(r->m, rule, "indicator", &ilo, &ihi)) {
        if (ilo == 0 && ihi == b->len)
            return false;
        memmove(b->s, b->s + ilo, ihi - ilo);
        zhx_buf_setlen(b, ihi - ilo);
        return true;
    }
    memmove(b->s + lo, b->s + hi, b->len - hi);
    zhx_buf_setlen(b, b->len - (hi - lo));
    return true;
}

/* Applies the indicator rules to `b`, in order, over and over until none cuts anything more
 * (力争到2025年全县… needs the modal cut before the year can be). A rule marked only=object
 * applies only when `object`. */
static void trim_indicator(reader *r, zhx_buf *b, bool object, char *unit)
{
    bool changed = true;
    for (int round = 0; changed && round < 8 && b->len && !b->failed; round++) {
        changed = false;
        for (size_t i = 0; i < r->trims.n && b->len; i++) {
            const zhx_rule *rule = r->trims.v[i];
            if (!zhx_rule_setting(rule, "only") || object)
                changed |= trim_once(r, rule, b, unit);
        }
    }
}

/* The indicator of text [lo, hi), trimmed; a unit it names goes to `unit`. */
static void indicator_of(reader *r, size_t lo, size_t hi, bool object, zhx_buf *b, char *unit)
{
    zhx_buf_setlen(b, 0);
    zhx_buf_add(b, r->text + lo, hi - lo);
    trim_indicator(r, b, object, unit);
}

/* Skips blanks and separators at the start of a quoted clause. */
static size_t skip_separators(const char *text, size_t lo, size_t hi)
{
    static const char *const seps[] = {"、", "，", "；", "：", "\xe3\x80\x80",
                                       ",",  ";",  ":",  " ",  "\t"};
    for (bool again = true; again && lo < hi;) {
        again = false;
        for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
            size_t n = strlen(seps[i]);
            if (n <= hi - lo && memcmp(text + lo, seps[i], n) == 0) {
                lo += n;
                again = true;
            }
        }
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
        indicator_of(r, left, f->head, setting_is(f->rule, "indicator", "object"), b, unit);
    }
    bool inherit = prev && !b->len && (setting_is(f->rule, "like", "previous") || prev->end > clo);
    if (inherit && r->doc->targets[prev->t].indicator) {
        zhx_buf_addstr(b, r->doc->targets[prev->t].indicator);
    } else if (!b->len && !(f->noun_hi > f->noun_lo) && clo > s->lo) {
        /* 接种率，以乡镇为单位稳定在90%以上: the subject is the clause before */
        size_t plo, phi;
        zhx_clause_at(c, s, clo - 1, &plo, &phi);
        if (!clause_has_figure(figs, i, plo, phi)) {
            indicator_of(r, plo, phi, false, b, unit);
            if (b->len)
                text_lo = plo;
        }
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
        if (!figs[i].has_noun_group || figs[i].noun_hi > figs[i].noun_lo)
            continue;
        for (size_t j = i + 1; j < n; j++)
            if (figs[j].rule == figs[i].rule && figs[j].noun_hi > figs[j].noun_lo) {
                figs[i].noun_lo = figs[j].noun_lo;
                figs[i].noun_hi = figs[j].noun_hi;
                break;
            }
    }
}

static size_t find_cues(reader *r, const zhx_sentence *s, cue *cues)
{
    size_t n = 0;
    for (size_t i = 0; i < r->cues.n; i++) {
        const zhx_rule *rule = r->cues.v[i];
        for (size_t at = s->lo; at < s->hi && n < CUES_MAX;) {
            int rc = zhx_match(r->m, rule->code, r->text + s->lo, s->hi - s->lo, at - s->lo);
            size_t lo, hi;
            if (rc < 0)
                warn_limit(r, rule, rc);
            if (rc != 1 || !zhx_match_group(r->m, 0, &lo, &hi))
                break;
            cues[n++] =
                (cue){s->lo + lo, zhx_rule_setting(rule, "kind"), setting_is(rule, "weak", "yes")};
            at = s->lo + (hi > lo ? hi : lo + zhx_utf8_width((unsigned char)r->text[s->lo + lo]));
        }
    }
    return n;
}

/* The kind the first genre rule matching `s` gives, or NULL. */
static const char *genre_of(reader *r, const char *s)
{
    if (!s)
        return NULL;
    for (size_t i = 0; i < r->genres.n; i++)
        if (zhx_match(r->m, r->genres.v[i]->code, s, strlen(s), 0) == 1)
            return zhx_rule_setting(r->genres.v[i], "kind");
    return NULL;
}

/* The innermost section that holds byte `pos`, or -1. (The outline stage will offer this as
 * zhx_section_at; until then, this local lookup.) */
static int section_at(const zhx_doc *doc, size_t pos)
{
    int best = -1;
    for (size_t i = 0; i < doc->nsections; i++) {
        const zhx_section *sec = &doc->sections[i];
        if (sec->lo <= pos && pos < sec->hi && (best < 0 || sec->level > doc->sections[best].level))
            best = (int)i;
    }
    return best;
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
    for (size_t i = 0; title && i < r->years.n && !r->title_year; i++) {
        size_t lo, hi;
        if (zhx_match(r->m, r->years.v[i]->code, title, strlen(title), 0) == 1 &&
            zhx_match_field(r->m, r->years.v[i], "year", &lo, &hi)) {
            zhx_decimal y;
            size_t used;
            if (zhx_decimal_parse(title + lo, hi - lo, &y, &used) && used == hi - lo)
                r->title_year = (int)y.units;
        }
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
    const char *k = zhx_rule_setting(f->reads, "kind");
    if (k)
        return k;
    if (weak)
        return weak->kind;
    for (int sec = section_at(r->doc, f->at); sec >= 0; sec = r->doc->sections[sec].parent)
        if ((k = section_genre(r, sec)))
            return k;
    read_title(r);
    return r->title_kind ? r->title_kind : "target";
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
    const char *cmp = f->cmp_hi > f->cmp_lo && r->cmp
                          ? zhx_table_get(r->cmp, r->text + f->cmp_lo, f->cmp_hi - f->cmp_lo)
                          : NULL;
    const char *rule_op = zhx_rule_setting(f->reads, "op");
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
    if (setting_is(f->reads, "change", "down")) {
        zhx_decimal v = t->value;
        t->value = (zhx_decimal){-(t->has_value_max ? t->value_max : v).units,
                                 (t->has_value_max ? t->value_max : v).scale};
        if (t->has_value_max)
            t->value_max = (zhx_decimal){-v.units, v.scale};
        t->op = mirror(t->op);
    }
}

/* Whether a year mentioned at `m` governs byte `pos`: both in the section that holds the
 * mention (a mention outside every section governs the whole document) or, in a document
 * without sections, no blank line between them. */
static bool governs(const reader *r, const mention *m, size_t pos)
{
    const zhx_doc *doc = r->doc;
    if (doc->nsections) {
        int sec = section_at(doc, m->lo);
        return sec < 0 || (doc->sections[sec].lo <= pos && pos < doc->sections[sec].hi);
    }
    for (const char *p = r->text + m->hi, *end = r->text + pos;
         p < end && (p = memchr(p, '\n', (size_t)(end - p)));) {
        p++;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
            p++;
        if (p < end && *p == '\n')
            return false;
    }
    return true;
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

static void complete_time(reader *r, const zhx_sentence *s, const zhx_clauses *c, size_t first,
                          const figure *f, zhx_target *t)
{
    size_t clo, chi;
    zhx_clause_at(c, s, f->at, &clo, &chi);
    const mention *y = nearest(r, first, r->nmentions, clo, f->at, chi, false);
    if (!y)
        y = nearest(r, first, r->nmentions, s->lo, f->at, s->hi, false);
    bool target = strcmp(t->kind, "target") == 0;
    for (size_t i = first, looked = 0; !y && target && i-- > 0 && looked < GOVERN_MAX;)
        if (r->mentions[i].is_year && (looked++, governs(r, &r->mentions[i], f->at)))
            y = &r->mentions[i];
    if (y) {
        t->year = y->year;
    } else if (target) {
        read_title(r);
        t->year = r->title_year;
    }
    /* a deadline later in the sentence belongs to the clause it is in */
    const mention *d = nearest(r, first, r->nmentions, clo, f->at, chi, true);
    if (!d)
        d = nearest(r, first, r->nmentions, s->lo, f->at, f->at, true);
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
    for (size_t i = 0; i < r->units_rules.n; i++) {
        const zhx_rule *rule = r->units_rules.v[i];
        if (zhx_match(r->m, rule->code, t->indicator, strlen(t->indicator), 0) == 1) {
            if (!(t->unit = strdup(zhx_rule_setting(rule, "unit"))))
                r->failed = true;
            return;
        }
    }
}

static void complete_sentence(reader *r, const zhx_sentence *s, figure *figs, size_t n,
                              size_t first_mention)
{
    zhx_clauses clauses;
    zhx_clauses_find(r->st, r->text, s, &clauses);
    cue cues[CUES_MAX];
    size_t ncues = find_cues(r, s, cues);
    zhx_buf b = ZHX_BUF_INIT;
    borrow_nouns(figs, n);
    for (size_t i = 0; i < n && !r->failed; i++) {
        figure *f = &figs[i];
        zhx_target *t = &r->doc->targets[f->t];
        bool like = setting_is(f->rule, "like", "previous");
        if (like && (i == 0 || figs[i - 1].end != f->head)) {
            t->kind = NULL; /* coordinated with no figure: dropped below */
            continue;
        }
        if (like) {
            f->reads = figs[i - 1].reads;
            if (figs[i - 1].noun_hi == figs[i - 1].noun_lo) /* parallel: no noun if none before */
                f->noun_lo = f->noun_hi = 0;
        }
        complete_indicator(r, s, &clauses, figs, i, &b);
        t->kind = like ? r->doc->targets[figs[i - 1].t].kind : kind_of(r, f, cues, ncues);
        complete_op(r, f, t);
        complete_time(r, s, &clauses, first_mention, f, t);
        complete_unit(r, t);
        t->section = section_at(r->doc, t->lo);
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

static void read_sentence(reader *r, const zhx_sentence *s)
{
    figure figs[FIGURES_MAX];
    size_t nfig = 0, first_target = r->doc->ntargets, first_mention = r->nmentions;
    size_t at = zhx_number_next(r->text, s->hi, s->lo);
    if (at >= s->hi)
        return; /* no number: no rule runs */
    size_t end = try_rows(r, s, figs, &nfig);
    if (end > at)
        at = zhx_number_next(r->text, s->hi, end);
    while (at < s->hi && !r->failed) {
        size_t next = 0;
        if (match_at(r, r->quantity, s, at)) {
            size_t lo, hi;
            zhx_match_group(r->m, 0, &lo, &hi);
            next = try_targets(r, s, at, figs, &nfig);
            if (!next)
                next = s->lo + hi;
        } else {
            next = try_years(r, s, at);
        }
        if (next <= at)
            next = at + zhx_utf8_width((unsigned char)r->text[at]);
        at = zhx_number_next(r->text, s->hi, next);
    }
    if (nfig) {
        complete_sentence(r, s, figs, nfig, first_mention);
        drop_orphans(r->doc, first_target);
    }
}

zhx_status zhx_targets(zhx_stage *st, const char *text, size_t len)
{
    const zhx_rules *rules = st->engine->rules;
    reader r = {.st = st, .doc = st->doc, .text = text, .len = len, .m = st->engine->matcher};
    kinds number = of_kind(rules, "number");
    if (!number.n)
        return ZHX_OK; /* no quantity rule: nothing can be read */
    r.quantity = number.v[0];
    r.targets = of_kind(rules, "target");
    r.years = of_kind(rules, "year");
    r.cues = of_kind(rules, "cue");
    r.genres = of_kind(rules, "genre");
    r.trims = of_kind(rules, "indicator");
    r.units_rules = of_kind(rules, "unit");
    r.units = zhx_rules_table(rules, "number.units");
    r.cmp = zhx_rules_table(rules, "target.cmp");
    zhx_sentences sentences = {0};
    if (!zhx_sentences_split(st, text, len, &sentences))
        r.failed = true;
    for (size_t i = 0; i < sentences.n && !r.failed; i++)
        read_sentence(&r, &sentences.v[i]);
    zhx_sentences_free(&sentences);
    free(r.mentions);
    free(r.section_kind);
    return r.failed ? ZHX_ERR_NOMEM : ZHX_OK;
}
