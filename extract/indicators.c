/* indicators: what a figure measures. The text before the word that introduces the figure, back
 * to the start of its clause or the end of the figure before, trimmed by the `indicator` rules
 * (list markers, times, modal words before the subject; 必须, 较2021年 after it). Left empty,
 * it is the previous figure's (降至4.3万人，减少28.3%; 达2.9万户、4.3万人) or the previous
 * clause (接种率，以乡镇为单位稳定在90%以上). A counted noun after the unit is appended. */
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "number.h"
#include "targets.h"

#define INDICATOR_REACH 180 /* bytes of text before a figure an indicator may come from */
#define UNIT_MAX 32
#define TAIL_REACH 48 /* bytes an indicator rule anchored at the end looks at */
#define NAMES_MAX 8
#define MODIFIER_CHARS 2 /* a name this short before a longer last one modifies its head */
#define PLACE_MAX 64     /* bytes of a place's name alone: six characters and 自治区 */

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
static bool match_short(zhx_reading *r, const zhx_trule *rule, const char *s, size_t len)
{
    if (!window_has_needs(rule, s, len))
        return false;
    int rc = zhx_match(r->m, rule->rule->code, s, len, tail_start(rule, s, len));
    if (rc < 0)
        zhx_reading_warn(r, rule->rule, rc);
    return rc == 1;
}

/* Cuts what `rule` matches in `b` (or keeps only its `indicator` group); a captured unit
 * goes to `unit`. */
static void trim_once(zhx_reading *r, const zhx_trule *rule, zhx_buf *b, char *unit)
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
 * only when `object`; one marked only=names never trims. */
static void trim_indicator(zhx_reading *r, zhx_buf *b, bool object, char *unit)
{
    const zhx_trules *trims = &r->tr->trims;
    for (size_t i = 0; i < trims->n && b->len && !b->failed; i++)
        if (!trims->v[i].only_names && !trims->v[i].only_place &&
            (!trims->v[i].only_object || object))
            trim_once(r, &trims->v[i], b, unit);
}

/* The indicator of text [lo, hi), trimmed; a unit it names goes to `unit`. Only the last
 * INDICATOR_REACH bytes count: an indicator is a name, not a paragraph. */
static void indicator_of(zhx_reading *r, size_t lo, size_t hi, bool object, zhx_buf *b, char *unit)
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

/* Skips the separators (indicator.separators: blanks, marks and bullets) at the start of a
 * quoted clause. */
static size_t skip_separators(const zhx_reading *r, size_t lo, size_t hi)
{
    size_t w;
    while (lo < hi && zhx_charset_at(&r->tr->separators, r->text + lo, &w))
        lo += w;
    return lo;
}

/* Whether `s` is a place's name alone (an only=place indicator rule matches it). */
static bool names_a_place(zhx_reading *r, const char *s, size_t len)
{
    for (size_t i = 0; i < r->tr->trims.n; i++) {
        const zhx_trule *rule = &r->tr->trims.v[i];
        if (rule->only_place && zhx_match(r->m, rule->rule->code, s, len, 0) == 1)
            return true;
    }
    return false;
}

static size_t split_names(zhx_reading *r, const char *s, size_t len, size_t *lo, size_t *hi);

/* Names figs[i] a place's part of the total before it: the place, then the total's indicator
 * (其中：南湖区900户 after 完成农村户厕改造4800户 is 南湖区农村户厕改造), as a matrix table names
 * a cell by its place and its column. The total is the last figure before that is no part. Of
 * a list of places that each take the part (东城区、西城区各600个), the first; the others get
 * records of their own (zhx_indicators_each_place). */
static void name_by_place(zhx_reading *r, zhx_figure *figs, size_t i, const char *place, size_t len,
                          zhx_buf *b)
{
    size_t k = i;
    while (k > 0 && figs[k - 1].of_place)
        k--;
    const char *total = k > 0 ? r->doc->targets[figs[k - 1].t].indicator : NULL;
    size_t lo[NAMES_MAX + 1], hi[NAMES_MAX + 1];
    split_names(r, place, len, lo, hi);
    figs[i].of_place = true;
    zhx_buf_setlen(b, 0);
    zhx_buf_add(b, place + lo[0], hi[0] - lo[0]);
    if (total)
        zhx_buf_addstr(b, total);
}

void zhx_indicator_complete(zhx_reading *r, const zhx_sentence *s, const zhx_clauses *c,
                            zhx_figure *figs, size_t i, zhx_buf *b)
{
    zhx_figure *f = &figs[i];
    zhx_target *t = &r->doc->targets[f->t];
    if (f->place_hi > f->place_lo) { /* 48个（东城区） */
        name_by_place(r, figs, i, r->text + f->place_lo, f->place_hi - f->place_lo, b);
        if (!(t->indicator = strndup(b->s, b->len)))
            r->failed = true;
        t->lo = (uint32_t)(f->place_lo < f->at ? f->place_lo : f->at);
        t->hi = (uint32_t)(f->place_hi > f->end ? f->place_hi : f->end);
        return;
    }
    const zhx_figure *prev = i ? &figs[i - 1] : NULL;
    char unit[UNIT_MAX] = "";
    size_t clo, chi, text_lo;
    zhx_clause_at(c, s, f->head, &clo, &chi);
    size_t left = prev && prev->end > clo && prev->end <= f->head ? prev->end : clo;
    if (prev && prev->noun_hi > left && prev->noun_hi <= f->head)
        left = prev->noun_hi;
    text_lo = left;
    if (f->ind_hi > f->ind_lo) {
        indicator_of(r, f->ind_lo, f->ind_hi, false, b, unit);
        if (f->ind_lo < text_lo) /* the indicator may come after the figure: 等12个项目 */
            text_lo = f->ind_lo;
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
               !zhx_figures_in(figs, i, plo, phi)) {
        /* up to a number it holds: 卫生人员总数4.12万人，比上年增长3.5% (a number it starts
         * with is a list marker or part of the subject: 7、接种率, 5岁以下儿童死亡率) */
        size_t from = skip_separators(r, plo, phi); /* • 一般公共预算收入 */
        size_t cut =
            from < phi
                ? zhx_number_next(r->text, phi, from + zhx_utf8_width((unsigned char)r->text[from]))
                : phi;
        indicator_of(r, plo, cut, false, b, unit);
        if (b->len)
            text_lo = plo;
        else if (prev && r->doc->targets[prev->t].indicator) /* 按不变价格计算: a basis */
            zhx_buf_addstr(b, r->doc->targets[prev->t].indicator);
    }
    if (f->noun_hi > f->noun_lo)
        zhx_buf_add(b, r->text + f->noun_lo, f->noun_hi - f->noun_lo);
    char place[PLACE_MAX];
    if (i > 0 && b->len < sizeof place && names_a_place(r, b->s, b->len)) {
        size_t len = b->len; /* 其中东城区8600人, 安平县不低于98万亩 */
        memcpy(place, b->s, len);
        name_by_place(r, figs, i, place, len, b);
    }
    if (b->len && !(t->indicator = strndup(b->s, b->len)))
        r->failed = true;
    if (*unit && !t->unit && !(t->unit = strdup(unit)))
        r->failed = true;
    t->lo = (uint32_t)skip_separators(r, text_lo, f->at);
    t->hi = (uint32_t)(f->noun_hi > f->end ? f->noun_hi : f->end);
}

void zhx_indicator_counted_alike(zhx_reading *r, size_t from, size_t t)
{
    zhx_target *named = &r->doc->targets[t];
    for (size_t k = t; named->unit && k-- > 0 && r->doc->targets[k].lo >= from;) {
        const zhx_target *before = &r->doc->targets[k];
        if (before->unit && before->indicator && strcmp(before->unit, named->unit) == 0) {
            if (!(named->indicator = strdup(before->indicator)))
                r->failed = true;
            return;
        }
    }
}

void zhx_unit_complete(zhx_reading *r, zhx_target *t)
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

/* Splits `s` where an only=names rule matches; the number of names (at most NAMES_MAX, or
 * NAMES_MAX + 1 when there are more), their spans in lo[] and hi[]. */
static size_t split_names(zhx_reading *r, const char *s, size_t len, size_t *lo, size_t *hi)
{
    size_t n = 0, start = 0;
    for (size_t at = 0; at < len && n < NAMES_MAX;) {
        size_t best = len, best_end = len;
        for (size_t i = 0; i < r->tr->trims.n; i++) {
            const zhx_trule *rule = &r->tr->trims.v[i];
            size_t mlo, mhi;
            if (rule->only_names && zhx_match(r->m, rule->rule->code, s, len, at) == 1 &&
                zhx_match_group(r->m, 0, &mlo, &mhi) && mhi > mlo && mlo < best) {
                best = mlo;
                best_end = mhi;
            }
        }
        if (best == len)
            break;
        lo[n] = start;
        hi[n++] = best;
        start = at = best_end;
    }
    lo[n] = start;
    hi[n++] = len;
    return n;
}

/* Gives the records of figs[0, n) one name each from the list that the first one's indicator
 * holds, if the list has n names, each a whole name like the last (孕产妇死亡率、婴儿死亡率:
 * the same last character) or, in a pair, a short modifier of the other's head (城镇和农村居民
 * 人均可支配收入). Otherwise (高血压、糖尿病患者管理率分别达到65%和60%; 化学需氧量、氨氮、二氧化硫
 * 排放量, whose shared head no rule can find) the list is left as one name. */
static void one_name_each(zhx_reading *r, const zhx_figure *figs, size_t n)
{
    const char *names = r->doc->targets[figs[0].t].indicator;
    size_t lo[NAMES_MAX + 1], hi[NAMES_MAX + 1];
    if (!names || split_names(r, names, strlen(names), lo, hi) != n)
        return;
    size_t last_lo = lo[n - 1], end = hi[n - 1];
    size_t last_chars = zhx_utf8_count(names + last_lo, end - last_lo);
    size_t head[NAMES_MAX];
    for (size_t j = 0; j < n; j++) {
        size_t chars = zhx_utf8_count(names + lo[j], hi[j] - lo[j]);
        head[j] = end; /* a whole name: nothing of the last one is added */
        if (n == 2 && j == 0 && chars && chars <= MODIFIER_CHARS && last_chars > 2 * chars)
            head[j] = last_lo + zhx_utf8_skip(names + last_lo, end - last_lo, chars);
        else if (!chars || !zhx_utf8_ends_alike(names, lo[j], hi[j], 0, end))
            return;
    }
    char *given[NAMES_MAX];
    for (size_t j = 0; j < n; j++) {
        zhx_buf b = ZHX_BUF_INIT;
        zhx_buf_add(&b, names + lo[j], hi[j] - lo[j]);
        zhx_buf_add(&b, names + head[j], end - head[j]);
        if (!(given[j] = zhx_buf_detach(&b, NULL)))
            r->failed = true;
    }
    for (size_t j = 0; j < n; j++) {
        zhx_target *t = &r->doc->targets[figs[j].t];
        if (r->failed) {
            free(given[j]);
            continue;
        }
        free(t->indicator);
        t->indicator = given[j];
    }
}

size_t zhx_coordinated_end(const zhx_reading *r, const zhx_figure *figs, size_t n, size_t i)
{
    size_t k = i + 1;
    while (k < n && k - i < NAMES_MAX && figs[k].rule->like_previous &&
           r->doc->targets[figs[k].t].kind)
        k++;
    return k;
}

/* A copy of record `t` named `name` then `rest`, put among the document's records at index
 * `at` (those from there on move up one); false when out of memory. */
static bool add_named_copy(zhx_reading *r, size_t t, size_t at, const char *name, size_t len,
                           const char *rest)
{
    zhx_buf b = ZHX_BUF_INIT;
    zhx_buf_add(&b, name, len);
    zhx_buf_addstr(&b, rest);
    char *indicator = zhx_buf_detach(&b, NULL);
    zhx_target *copy = indicator ? zhx_doc_add_target(r->doc) : NULL;
    if (!copy) {
        free(indicator);
        return false;
    }
    const zhx_target *from = &r->doc->targets[t]; /* (after the add, which may move them) */
    *copy = *from;
    copy->indicator = indicator;
    copy->unit = from->unit ? strdup(from->unit) : NULL;
    copy->literal = from->literal ? strdup(from->literal) : NULL;
    copy->deadline = from->deadline ? strdup(from->deadline) : NULL;
    bool whole = (!from->unit || copy->unit) && (!from->literal || copy->literal) &&
                 (!from->deadline || copy->deadline);
    zhx_target moved = *copy;
    zhx_target *v = r->doc->targets;
    memmove(&v[at + 1], &v[at], (r->doc->ntargets - 1 - at) * sizeof *v);
    v[at] = moved;
    return whole;
}

void zhx_indicators_each_place(zhx_reading *r, const zhx_figure *figs, size_t n)
{
    /* from the last, so that the records a copy moves up belong to figures done already */
    for (size_t i = n; i-- > 0 && !r->failed;) {
        const zhx_figure *f = &figs[i];
        size_t lo[NAMES_MAX + 1], hi[NAMES_MAX + 1];
        const char *place = r->text + f->place_lo;
        size_t names = f->place_hi > f->place_lo
                           ? split_names(r, place, f->place_hi - f->place_lo, lo, hi)
                           : 0;
        const char *indicator = r->doc->targets[f->t].indicator;
        if (names < 2 || !indicator || !r->doc->targets[f->t].kind)
            continue;
        size_t first = hi[0] - lo[0]; /* the record is named by the first place already */
        char *rest = strdup(indicator + (strncmp(indicator, place + lo[0], first) ? 0 : first));
        for (size_t j = 1; j < names && j < NAMES_MAX && rest && !r->failed; j++)
            if (!add_named_copy(r, f->t, f->t + j, place + lo[j], hi[j] - lo[j], rest))
                r->failed = true;
        if (!rest)
            r->failed = true;
        free(rest);
    }
}

void zhx_indicators_one_each(zhx_reading *r, const zhx_figure *figs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!figs[i].rule->one_name_each)
            continue;
        size_t k = zhx_coordinated_end(r, figs, n, i);
        if (k - i >= 2)
            one_name_each(r, figs + i, k - i);
        i = k - 1;
    }
}
