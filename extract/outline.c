/* outline: the section tree of a document, from the heading markers that the `outline.*`
 * rules describe (一、 （一） 1、 （1） ① 一是 第一，), found at line starts and inside
 * paragraphs alike, since scraped pages often lose their line breaks.
 *
 * Finding candidates, in one pass: every marker holds one of its rule's `needs` literals next
 * to a numeral (、 after 一, （ and 第 before it) or is one (①). The text is scanned once for
 * numerals, a table lookup a character; where a literal touches one, its rules are tried,
 * anchored, where the marker would start: at the numeral when it comes first, at the literal
 * when it does. Each try reads a bounded piece of text, so the work is linear in the text.
 * The rules' settings, groups and literals are read once per engine (zhx_stage_cache).
 *
 * Validating, over the candidates in text order, with a stack of open sections whose ranks
 * increase from the outermost:
 *  - a candidate of an open style is a heading when it counts up by one (二 after 一); the
 *    sections inside the one it follows close;
 *  - a candidate of a style that is not open is a heading when it is a 1 (or any number, for
 *    a style whose rules say `first=any`: an excerpt starts at 第三章; or, for `first=lines`,
 *    a number at a line start whose next one starts a later line: an excerpt starts at 四、);
 *    it closes the open sections of its rank and above (a 一、 ends a 1、 list) and opens
 *    inside the rest;
 *  - a 1 with no boundary before it (`strong`) starts a sequence only if the next candidate
 *    of its style is its 2: 工作报告一、砥砺奋进…二、 is a heading, 坚持统一、规范 is not;
 *  - a 1 of an open style after a boundary restarts the numbering: the open list ends and a
 *    new one starts;
 *  - every other candidate is text.
 * Sections of rules set `ends=line` also end with their line; the next item of such a list
 * may still start the next line (一是… on one line, 二是… on the next), where it takes the
 * place of the one that ended. */
#include <stdlib.h>
#include <string.h>

#include "../core/charset.h"
#include "../core/utf8.h"
#include "extract.h"
#include "outline.h"

#define RULES_MAX 32
#define GROUPS_PER_FIELD 8
#define DEPTH_MAX 16
#define NUMERALS_MAX 4  /* numeral characters of one marker: 二十三 */
#define BEFORE_BYTES 16 /* what a rule may look at before its marker: the boundary */
#define AFTER_BYTES 640 /* what it may read after the marker's start: marker and title */
#define NONE ((size_t)-1)
/* Places where a marker may start, at most, in one document: real documents hold a few
 * thousand; a hostile one (ten million lines of `1、`) would otherwise cost gigabytes. */
#define HITS_MAX (1u << 18)

/* ---- numerals ------------------------------------------------------------------------- */

/* The Chinese numerals of markers, by code point: 〇 零 0, 一 … 九 1 … 9, 十 10, and the
 * capitals that Taiwan's documents number their parts with (壹 贰 叁/参 肆 伍 陆 柒 捌 玖 拾,
 * as OpenCC writes 壹 貳 參 …). */
static const struct {
    uint32_t cp;
    int value;
} han_numerals[] = {{0x3007, 0}, {0x4E00, 1}, {0x4E03, 7}, {0x4E09, 3},  {0x4E5D, 9},  {0x4E8C, 2},
                    {0x4E94, 5}, {0x4F0D, 5}, {0x516B, 8}, {0x516D, 6},  {0x5341, 10}, {0x53C1, 3},
                    {0x53C2, 3}, {0x56DB, 4}, {0x58F9, 1}, {0x62FE, 10}, {0x634C, 8},  {0x67D2, 7},
                    {0x7396, 9}, {0x8086, 4}, {0x8D30, 2}, {0x9646, 6},  {0x96F6, 0}};

/* The numerals that are a number by themselves, one character each: ① … ⑳, ⑴ … ⒇, ⒈ … ⒛
 * and ㈠ … ㈩, as Word numbers its lists, and the Roman numerals Ⅰ … Ⅻ and ⅰ … ⅻ. */
static const struct {
    uint32_t first;
    int count;
} enclosed[] = {{0x2160, 12}, {0x2170, 12}, {0x2460, 20}, {0x2474, 20}, {0x2488, 20}, {0x3220, 10}};
#define NENCLOSED (sizeof enclosed / sizeof enclosed[0])

/* The number an enclosed numeral stands for, or -1. */
static int enclosed_value(uint32_t cp)
{
    for (size_t r = 0; r < NENCLOSED; r++)
        if (cp >= enclosed[r].first && cp < enclosed[r].first + (uint32_t)enclosed[r].count)
            return (int)(cp - enclosed[r].first + 1);
    return -1;
}

/* The value of one numeral character, or -1: the Chinese numerals above, ASCII digits and the
 * enclosed numerals. */
static int numeral_of(uint32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    int v = enclosed_value(cp);
    if (v > 0)
        return v;
    size_t lo = 0, hi = sizeof han_numerals / sizeof han_numerals[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (han_numerals[mid].cp == cp)
            return han_numerals[mid].value;
        if (han_numerals[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* The value of a marker's numeral: 12, 十一 11, 二十三 23, ③ 3; 0 if it is none. */
static int numeral_value(const char *s, size_t len)
{
    int total = 0, pending = -1;
    bool han = false, arabic = false;
    for (size_t i = 0, w; i < len; i += w) {
        uint32_t cp = zhx_utf8_at(s + i, &w);
        int v = numeral_of(cp);
        if (v < 0 || total > 99)
            return 0;
        if (enclosed_value(cp) > 0)
            return w == len ? v : 0;
        if (cp < 0x80) {
            if (han)
                return 0;
            arabic = true;
            total = total * 10 + v;
        } else if (arabic) {
            return 0;
        } else if (v == 10) { /* 十, 二十 */
            if (total)
                return 0;
            han = true;
            total = 10 * (pending < 0 ? 1 : pending);
            pending = -1;
        } else {
            if (pending >= 0)
                return 0;
            han = true;
            pending = v;
        }
    }
    return total + (pending < 0 ? 0 : pending);
}

#define KEY(b1, b2) (((b1)&0x0F) << 6 | ((b2)&0x3F))

/* The numerals of three bytes, as a set tested with one lookup (as number.c indexes its own):
 * bit b3 & 0x3F of three[KEY(b1, b2)] for the character b1 b2 b3. */
typedef struct numeral_set {
    uint64_t three[1024];
} numeral_set;

static void numeral_set_add(numeral_set *set, uint32_t cp)
{
    char u[4];
    zhx_utf8_encode(cp, u);
    set->three[KEY((unsigned char)u[0], (unsigned char)u[1])] |= 1ull << (u[2] & 0x3F);
}

static void numeral_set_init(numeral_set *set)
{
    memset(set, 0, sizeof *set);
    for (size_t k = 0; k < sizeof han_numerals / sizeof han_numerals[0]; k++)
        numeral_set_add(set, han_numerals[k].cp);
    for (size_t r = 0; r < NENCLOSED; r++)
        for (int k = 0; k < enclosed[r].count; k++)
            numeral_set_add(set, enclosed[r].first + (uint32_t)k);
}

/* Whether the character at `u`, of three bytes, is a numeral. */
static bool is_numeral3(const numeral_set *set, const unsigned char *u)
{
    return set->three[KEY(u[0], u[1])] >> (u[2] & 0x3F) & 1;
}

/* Whether the character at byte `at` of `text` is a numeral. */
static bool numeral_at(const numeral_set *set, const char *text, size_t at)
{
    const unsigned char *u = (const unsigned char *)text + at;
    return zhx_is_digit((char)*u) || ((*u & 0xF0) == 0xE0 && is_numeral3(set, u));
}

/* Where a marker that holds the literal [at, at + n) may start: at the numerals right before
 * the literal (一、 1、 一是), and at the literal itself when it is a numeral (①) or numerals
 * follow it (（一） 第一). Fills `starts` (NONE where there is none). */
static void marker_starts(const numeral_set *set, const char *text, size_t len, size_t at, size_t n,
                          size_t starts[2])
{
    size_t run = at;
    for (int k = 0; k < NUMERALS_MAX && run > 0; k++) {
        size_t prev = zhx_utf8_prev(text, run);
        if (!numeral_at(set, text, prev))
            break;
        run = prev;
    }
    starts[0] = run < at ? run : NONE;
    starts[1] =
        numeral_at(set, text, at) || (at + n < len && numeral_at(set, text, at + n)) ? at : NONE;
}

/* ---- text --------------------------------------------------------------------------- */

static size_t char_start(const char *text, size_t at)
{
    while (at > 0 && ((unsigned char)text[at] & 0xC0) == 0x80)
        at--;
    return at;
}

/* Whether the character at `at` is white space: ASCII, U+3000 or NO-BREAK SPACE. */
static bool is_space_at(const char *text, size_t at)
{
    const unsigned char *u = (const unsigned char *)text + at;
    return u[0] == ' ' || u[0] == '\t' || u[0] == '\n' || u[0] == '\r' ||
           (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) || (u[0] == 0xC2 && u[1] == 0xA0);
}

/* `hi` moved back over trailing white space, but not before `lo`. */
static size_t trim_end(const char *text, size_t lo, size_t hi)
{
    while (hi > lo) {
        size_t prev = zhx_utf8_prev(text, hi);
        if (!is_space_at(text, prev))
            break;
        hi = prev;
    }
    return hi;
}

/* A title's end moved back over white space and the marks that a title cut at a stop word
 * keeps (outline.title-trailing: 一是人口老龄化加速，2020年… → 人口老龄化加速). */
static size_t trim_title_end(const zhx_charset *trailing, const char *text, size_t lo, size_t hi)
{
    for (;;) {
        hi = trim_end(text, lo, hi);
        if (hi == lo || !zhx_charset_before(trailing, text, hi))
            return hi;
        hi = zhx_utf8_prev(text, hi);
    }
}

/* ---- rules and their literals --------------------------------------------------------- */

enum field { F_MARKER, F_NUM, F_LABEL, F_NEXT, F_STRONG, F_TITLE, FIELDS };
static const char *const field_names[FIELDS] = {"marker", "num",    "label",
                                                "next",   "strong", "title"};

/* Where a list of a style may start: at 1; at any number (first=any: 第三章); past 1 only at a
 * line start with its next number at a later line's start (first=lines: 四、 … 五、). */
typedef enum first_item { FIRST_ONE, FIRST_ANY, FIRST_LINES } first_item;

/* An outline rule with its settings read and its groups looked up, once per document. */
typedef struct style_rule {
    const zhx_rule *rule;
    const char *style;
    int rank;
    bool ends_line;
    bool bullet;   /* its markers hold no number (✔ ● ▪): a line's bullet, counted by place */
    bool numbered; /* yet they stand for numbers (a wiki's #): items, not an item's points */
    bool checklist; /* its markers (☐ ☑) are one list's, however far apart under a heading */
    first_item first;
    uint32_t group[FIELDS][GROUPS_PER_FIELD]; /* the numbers of the groups of each name */
    size_t ngroups[FIELDS];
} style_rule;

/* The outline rules. Rules past RULES_MAX are not tried; an outline rule without `needs`
 * never is: it has no literal to be found by. */
typedef struct scanner {
    style_rule rules[RULES_MAX];
    size_t nrules;
} scanner;

static void style_rule_init(style_rule *sr, const zhx_rule *r)
{
    memset(sr, 0, sizeof *sr);
    const char *style = zhx_rule_setting(r, "style"), *rank = zhx_rule_setting(r, "rank");
    const char *ends = zhx_rule_setting(r, "ends"), *first = zhx_rule_setting(r, "first");
    const char *list = zhx_rule_setting(r, "list");
    sr->rule = r;
    sr->style = style ? style : r->name;
    sr->rank = rank ? atoi(rank) : 9;
    sr->ends_line = ends && strcmp(ends, "line") == 0;
    sr->first = !first                        ? FIRST_ONE
                : strcmp(first, "any") == 0   ? FIRST_ANY
                : strcmp(first, "lines") == 0 ? FIRST_LINES
                                              : FIRST_ONE;
    for (size_t g = 0; g < r->ngroups; g++)
        for (int f = 0; f < FIELDS; f++)
            if (r->groups[g].name[0] == field_names[f][0] &&
                strcmp(r->groups[g].name, field_names[f]) == 0 && sr->ngroups[f] < GROUPS_PER_FIELD)
                sr->group[f][sr->ngroups[f]++] = r->groups[g].number;
    sr->bullet = sr->ngroups[F_NUM] == 0;
    sr->numbered = sr->bullet && list && strcmp(list, "numbered") == 0;
    sr->checklist = sr->bullet && list && strcmp(list, "checklist") == 0;
}

/* Rules of one style share the `style` string of the first of them, so that styles compare
 * as pointers. */
static void scanner_init(scanner *sc, const zhx_rule *const *rules, size_t nrules)
{
    if (nrules > RULES_MAX)
        nrules = RULES_MAX;
    sc->nrules = nrules;
    for (size_t r = 0; r < nrules; r++) {
        style_rule_init(&sc->rules[r], rules[r]);
        for (size_t q = 0; q < r; q++)
            if (strcmp(sc->rules[q].style, sc->rules[r].style) == 0) {
                sc->rules[r].style = sc->rules[q].style;
                break;
            }
    }
}

/* The span of the first group of field `f` that took part in the match. */
static bool field(const zhx_matcher *m, const style_rule *sr, enum field f, size_t *lo, size_t *hi)
{
    for (size_t i = 0; i < sr->ngroups[f]; i++)
        if (zhx_match_group(m, sr->group[f][i], lo, hi))
            return true;
    return false;
}

/* A `needs` literal of an outline rule. */
typedef struct literal {
    const char *s;
    uint32_t len, rule;
} literal;

/* The literals by the byte they start with, and by the byte they end with: by_first[b] to
 * by_first[b + 1] index `first`, and likewise for `last`. */
typedef struct literal_index {
    literal *first, *last;
    uint32_t by_first[257], by_last[257];
} literal_index;

typedef struct outline_rules {
    scanner sc;
    bool bullets; /* one rule at least is a bullet's */
    literal_index lits;
    numeral_set numerals;
    zhx_charset title_trailing; /* outline.title-trailing: marks a run-in title does not end with */
} outline_rules;

/* ---- candidates ----------------------------------------------------------------------- */

typedef struct candidate {
    const char *style;
    int rank, num;
    bool strong, ends_line, bullet, numbered, checklist;
    first_item first;
    size_t lo, hi; /* the marker */
    size_t label_lo, label_hi;
    size_t title_lo, title_hi; /* equal when there is no title */
} candidate;

typedef struct candidates {
    candidate *v;
    size_t n, cap;
} candidates;

static candidate *candidate_add(candidates *c)
{
    if (!zhx_array_room(&c->v, &c->cap, c->n, sizeof *c->v))
        return NULL;
    return memset(&c->v[c->n++], 0, sizeof c->v[0]);
}

/* Fills `c` from the match of `sr` in the piece starting at `base`; false if the marker does
 * not hold the literal at `at`, if its numeral is none, or if it is a number counted. */
static bool candidate_fill(candidate *c, const outline_rules *o, const style_rule *sr,
                           const zhx_matcher *m, const char *text, size_t base, size_t at)
{
    size_t lo, hi, nlo = 0, nhi = 0, xlo, xhi, slo, shi;
    if (!field(m, sr, F_MARKER, &lo, &hi) || base + lo > at || base + hi <= at ||
        (!sr->bullet && !field(m, sr, F_NUM, &nlo, &nhi)))
        return false;
    c->num = sr->bullet ? 1 : numeral_value(text + base + nlo, nhi - nlo); /* see count_bullets */
    c->bullet = sr->bullet;
    c->numbered = sr->numbered;
    c->checklist = sr->checklist;
    if (field(m, sr, F_NEXT, &xlo, &xhi)) { /* 一、二级, 1、2月: numbers counted */
        int next = numeral_value(text + base + xlo, xhi - xlo);
        if (next > c->num && next <= c->num + 2)
            return false;
    }
    c->style = sr->style;
    c->rank = sr->rank;
    c->ends_line = sr->ends_line;
    c->first = sr->first;
    c->strong = field(m, sr, F_STRONG, &slo, &shi);
    c->lo = base + lo;
    c->hi = base + hi;
    if (!field(m, sr, F_LABEL, &c->label_lo, &c->label_hi)) {
        c->label_lo = sr->bullet ? lo : nlo; /* a bullet is its own label */
        c->label_hi = sr->bullet ? hi : nhi;
    }
    c->label_lo += base;
    c->label_hi += base;
    if (field(m, sr, F_TITLE, &c->title_lo, &c->title_hi)) {
        c->title_lo += base;
        c->title_hi = trim_title_end(&o->title_trailing, text, c->title_lo, base + c->title_hi);
    }
    return c->num > 0;
}

/* Tries rule `sr`, whose literal of `n` bytes starts at `at`; adds its marker if it finds
 * one. `after` is the end of the last candidate's marker: markers do not overlap. */
static zhx_status try_rule(zhx_stage *st, const outline_rules *o, const char *text, size_t len,
                           const style_rule *sr, size_t at, size_t n, candidates *out, bool *found)
{
    size_t starts[2], after = out->n ? out->v[out->n - 1].hi : 0;
    marker_starts(&o->numerals, text, len, at, n, starts);
    if (sr->bullet) /* a bullet's marker is its literal */
        starts[0] = NONE, starts[1] = at;
    zhx_matcher *m = st->engine->matcher;
    for (size_t i = 0; i < 2 && !*found; i++) {
        size_t s = starts[i];
        if (s == NONE || s < after)
            continue;
        size_t lo = s > BEFORE_BYTES ? char_start(text, s - BEFORE_BYTES) : 0;
        size_t hi = len - s > AFTER_BYTES ? char_start(text, s + AFTER_BYTES) : len;
        bool matched = zhx_stage_match(st, sr->rule, text + lo, hi - lo, s - lo);
        candidate c;
        memset(&c, 0, sizeof c);
        if (matched && candidate_fill(&c, o, sr, m, text, lo, at)) {
            candidate *slot = candidate_add(out);
            if (!slot)
                return ZHX_ERR_NOMEM;
            *slot = c;
            *found = true;
        }
    }
    return ZHX_OK;
}

/* ---- the rules, read once per engine ---------------------------------------------------- */

static int by_first_byte(const void *a, const void *b)
{
    const literal *x = a, *y = b;
    return (unsigned char)x->s[0] - (unsigned char)y->s[0];
}

static int by_last_byte(const void *a, const void *b)
{
    const literal *x = a, *y = b;
    return (unsigned char)x->s[x->len - 1] - (unsigned char)y->s[y->len - 1];
}

static void index_by(literal *v, size_t n, uint32_t at[257], bool last)
{
    qsort(v, n, sizeof *v, last ? by_last_byte : by_first_byte);
    for (size_t k = 0, b = 0; b <= 256; b++) {
        while (k < n && (unsigned char)(last ? v[k].s[v[k].len - 1] : v[k].s[0]) < b)
            k++;
        at[b] = (uint32_t)k;
    }
}

static void outline_rules_free(void *data)
{
    outline_rules *o = data;
    if (o) {
        free(o->lits.first);
        free(o->lits.last);
        free(o);
    }
}

static outline_rules *outline_rules_new(const zhx_rules *rules)
{
    size_t nrules, n = 0;
    const zhx_rule *const *v = zhx_rules_of_kind(rules, "outline", &nrules);
    outline_rules *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    scanner_init(&o->sc, v, nrules);
    for (size_t r = 0; r < o->sc.nrules; r++) {
        n += v[r]->nneeds;
        o->bullets |= o->sc.rules[r].bullet && v[r]->nneeds;
    }
    o->lits.first = malloc((n ? n : 1) * sizeof *o->lits.first);
    o->lits.last = malloc((n ? n : 1) * sizeof *o->lits.last);
    if (!o->lits.first || !o->lits.last) {
        outline_rules_free(o);
        return NULL;
    }
    n = 0;
    for (size_t r = 0; r < o->sc.nrules; r++)
        for (size_t k = 0; k < v[r]->nneeds; k++)
            o->lits.first[n++] =
                (literal){v[r]->needs[k], (uint32_t)strlen(v[r]->needs[k]), (uint32_t)r};
    memcpy(o->lits.last, o->lits.first, n * sizeof *o->lits.last);
    index_by(o->lits.first, n, o->lits.by_first, false);
    index_by(o->lits.last, n, o->lits.by_last, true);
    numeral_set_init(&o->numerals);
    zhx_charset_init(&o->title_trailing, rules, "outline.title-trailing");
    return o;
}

static const outline_rules *outline_rules_get(zhx_engine *engine)
{
    zhx_stage_cache *c = &engine->caches[ZHX_CACHE_OUTLINE];
    if (!c->data) {
        c->data = outline_rules_new(engine->rules);
        c->free = c->data ? outline_rules_free : NULL;
    }
    return c->data;
}

/* ---- where the literals touch numerals ------------------------------------------------ */

/* Where a `needs` literal of an outline rule starts: the rule (its place in the kind, which is
 * load order) and the literal's length. */
typedef struct hit {
    size_t pos, rule, len;
} hit;

typedef struct hits {
    hit *v;
    size_t n, cap;
    bool failed;
    size_t stopped_at; /* where HITS_MAX was reached, or NONE */
} hits;

static int hit_cmp(const hit *x, const hit *y)
{
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    return (x->len > y->len) - (x->len < y->len);
}

/* Notes the literal `l` at `pos`, unless it is noted already. Hits come nearly in order (only
 * one that ends right before a numeral may come after those of the numeral before it), so
 * each is put in place from the end. */
static void add_hit(hits *h, size_t pos, const literal *l)
{
    if (!zhx_array_room(&h->v, &h->cap, h->n, sizeof *h->v)) {
        h->failed = true;
        return;
    }
    hit x = {pos, l->rule, l->len};
    size_t k = h->n;
    while (k > 0 && hit_cmp(&h->v[k - 1], &x) > 0)
        k--;
    if (k > 0 && hit_cmp(&h->v[k - 1], &x) == 0)
        return;
    memmove(&h->v[k + 1], &h->v[k], (h->n - k) * sizeof *h->v);
    h->v[k] = x;
    h->n++;
}

/* memcmp(a, b, n) == 0 for the few bytes of a literal, without the call. */
static bool same_bytes(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* Notes the literals that start at `pos` (from_start) or end there. */
static void literals_at(const literal_index *li, const char *text, size_t len, size_t pos,
                        bool from_start, hits *h)
{
    const literal *v = from_start ? li->first : li->last;
    const uint32_t *at = from_start ? li->by_first : li->by_last;
    unsigned char b = (unsigned char)text[from_start ? pos : pos - 1];
    for (uint32_t k = at[b]; k < at[b + 1]; k++) {
        const literal *l = &v[k];
        size_t lo = from_start ? pos : pos - l->len;
        if (l->len <= (from_start ? len - pos : pos) && same_bytes(text + lo, l->s, l->len))
            add_hit(h, lo, l);
    }
}

/* Whether a literal may start (from_start) or end at `pos`: one starts or ends with its byte. */
static bool may_touch(const literal_index *li, const char *text, size_t pos, bool from_start)
{
    unsigned char b = (unsigned char)text[from_start ? pos : pos - 1];
    const uint32_t *at = from_start ? li->by_first : li->by_last;
    return at[b] != at[b + 1];
}

/* Every place where a literal touches a numeral (ends right before it, starts right after it,
 * or starts at it), in text order, each once. */
static void find_hits(const outline_rules *o, const char *text, size_t len, hits *h)
{
    const unsigned char *u = (const unsigned char *)text;
    const literal_index *li = &o->lits;
    for (size_t i = 0, w; i < len && !h->failed; i += w) {
        if (h->n >= HITS_MAX) {
            h->stopped_at = i;
            return;
        }
        unsigned char c = u[i];
        if ((c & 0xF0) == 0xE0) { /* a Chinese character: one lookup tells a numeral */
            w = 3;
            if (!is_numeral3(&o->numerals, u + i)) {
                while (i + w < len && (u[i + w] & 0xF0) == 0xE0 &&
                       !is_numeral3(&o->numerals, u + i + w))
                    w += 3; /* most of a Chinese text, passed over in a tight loop */
                continue;
            }
        } else {
            w = zhx_utf8_width(c);
            if (c < '0' || c > '9')
                continue;
        }
        if (i > 0 && may_touch(li, text, i, false))
            literals_at(li, text, len, i, false, h);
        if (may_touch(li, text, i, true))
            literals_at(li, text, len, i, true, h);
        if (i + w < len && may_touch(li, text, i + w, true))
            literals_at(li, text, len, i + w, true, h);
    }
}

/* The places where a bullet rule's literal starts a line, blanks aside (✔ 实施…): a bullet's
 * marker holds no numeral for find_hits to find it by. */
static void find_bullet_hits(const outline_rules *o, const char *text, size_t len, hits *h)
{
    const literal_index *li = &o->lits;
    for (size_t lo = 0; lo < len && !h->failed && h->n < HITS_MAX;) {
        size_t at = lo;
        while (at < len && (text[at] == ' ' || text[at] == '\t'))
            at++;
        unsigned char b = at < len ? (unsigned char)text[at] : 0;
        for (uint32_t k = li->by_first[b]; at < len && k < li->by_first[b + 1]; k++) {
            const literal *l = &li->first[k];
            if (o->sc.rules[l->rule].bullet && l->len <= len - at &&
                same_bytes(text + at, l->s, l->len))
                add_hit(h, at, l);
        }
        lo = zhx_line_stop(text, len, lo) + 1;
    }
}

/* Numbers the bullets (count_bullets): a bullet is item 1 of its list unless the one before it
 * has its glyph, is of its style, and stands on the line before its line with no heading of a
 * higher rank between (a list of bullets is a run of lines). A checklist's boxes, open or
 * ticked, are one list's wherever they stand under their heading, each item's lines (who, by
 * when) between them. */
static void count_bullets(const char *text, candidates *cs)
{
    for (size_t k = 0; k < cs->n; k++) {
        candidate *c = &cs->v[k];
        if (!c->bullet)
            continue;
        size_t j = k;
        while (j > 0 && cs->v[j - 1].style != c->style && cs->v[j - 1].rank > c->rank)
            j--;
        const candidate *p = j > 0 && cs->v[j - 1].style == c->style ? &cs->v[j - 1] : NULL;
        size_t line = zhx_line_start(text, c->lo);
        bool next_line =
            p && (c->checklist || (line > 0 && zhx_line_start(text, line - 1) <= p->lo));
        bool same_glyph =
            p && (c->checklist || (p->hi - p->lo == c->hi - c->lo &&
                                   memcmp(text + p->lo, text + c->lo, c->hi - c->lo) == 0));
        c->num = next_line && same_glyph ? p->num + 1 : 1;
    }
}

/* Where a literal touches a numeral, the rules of the literals there are tried in load order,
 * and the first marker wins. */
static zhx_status find_candidates(zhx_stage *st, const outline_rules *o, const char *text,
                                  size_t len, candidates *out)
{
    hits h = {NULL, 0, 0, false, NONE};
    find_hits(o, text, len, &h);
    if (o->bullets)
        find_bullet_hits(o, text, len, &h);
    if (h.failed) {
        free(h.v);
        return ZHX_ERR_NOMEM;
    }
    if (h.stopped_at != NONE)
        zhx_doc_warn(st->doc,
                     "outline: more than %u places that may start a list marker; sections and "
                     "tasks cover only the first %zu bytes of the normalized text",
                     HITS_MAX, h.stopped_at);
    zhx_status status = ZHX_OK;
    bool found = false;
    for (size_t i = 0; i < h.n && status == ZHX_OK; i++) {
        if (i == 0 || h.v[i].pos != h.v[i - 1].pos)
            found = false;
        if (!found)
            status = try_rule(st, o, text, len, &o->sc.rules[h.v[i].rule], h.v[i].pos, h.v[i].len,
                              out, &found);
    }
    free(h.v);
    if (status == ZHX_OK && o->bullets)
        count_bullets(text, out);
    return status;
}

/* ---- the tree ------------------------------------------------------------------------- */

typedef struct tree {
    zhx_doc *doc;
    const char *text;
    size_t len;
    struct {
        const candidate *c;
        int section;
        size_t line_end;
    } open[DEPTH_MAX];
    size_t depth;
    /* the last section that ended with its line, and the stack position it had; NULL once
     * another heading came after it */
    const candidate *line_ended;
    size_t line_ended_at;
    /* the innermost item that a heading further out closed (6. when 二、 came), and the style
     * of the section it was in; NULL once an item of its style came after it */
    const candidate *closed_item;
    const char *closed_in;
} tree;

/* Closes the open sections from stack position `k` up, where the text reaches `at`. */
static void close_from(tree *t, size_t k, size_t at)
{
    while (t->depth > k) {
        t->depth--;
        size_t end = at < t->open[t->depth].line_end ? at : t->open[t->depth].line_end;
        zhx_section *s = &t->doc->sections[t->open[t->depth].section];
        s->hi = (uint32_t)trim_end(t->text, s->body_lo, end);
    }
}

/* Closes the sections that end with a line which ended before `at`, and those inside them. */
static void close_lines(tree *t, size_t at)
{
    for (size_t k = 0; k < t->depth; k++)
        if (t->open[k].line_end <= at) {
            t->line_ended = t->open[k].c;
            t->line_ended_at = k;
            close_from(t, k, t->open[k].line_end);
            return;
        }
}

static int open_style(const tree *t, const char *style)
{
    for (size_t k = 0; k < t->depth; k++)
        if (t->open[k].c->style == style)
            return (int)k;
    return -1;
}

static char *slice(const char *text, size_t lo, size_t hi)
{
    return strndup(text + lo, hi - lo);
}

static zhx_status accept(tree *t, const candidate *c)
{
    if (t->depth == DEPTH_MAX)
        return ZHX_OK;
    int parent = t->depth ? t->open[t->depth - 1].section : -1;
    zhx_section *s = zhx_doc_add_section(t->doc);
    if (!s)
        return ZHX_ERR_NOMEM;
    s->lo = (uint32_t)c->lo;
    s->body_lo = (uint32_t)c->hi;
    s->hi = (uint32_t)t->len;
    s->parent = parent;
    s->level = (int)t->depth + 1;
    s->style = c->style;
    s->num = c->num;
    s->bullet = c->bullet && !c->numbered;
    s->marker = slice(t->text, c->lo, c->hi);
    s->label = slice(t->text, c->label_lo, c->label_hi);
    if (c->title_hi > c->title_lo)
        s->title = slice(t->text, c->title_lo, c->title_hi);
    if (!s->marker || !s->label || (c->title_hi > c->title_lo && !s->title))
        return ZHX_ERR_NOMEM;
    size_t line_end = t->len;
    if (c->ends_line) {
        const char *nl = memchr(t->text + c->hi, '\n', t->len - c->hi);
        line_end = nl ? (size_t)(nl - t->text) : t->len;
    }
    t->open[t->depth].c = c;
    t->open[t->depth].section = (int)(t->doc->nsections - 1);
    t->open[t->depth].line_end = line_end;
    t->depth++;
    return ZHX_OK;
}

/* The next candidate of the style of candidate `k`, or NULL. */
static const candidate *next_of_style(const candidates *cs, size_t k)
{
    for (size_t j = k + 1; j < cs->n; j++)
        if (cs->v[j].style == cs->v[k].style)
            return &cs->v[j];
    return NULL;
}

/* Whether the next candidate of the style of candidate `k` is its 2. */
static bool followed_by_two(const candidates *cs, size_t k)
{
    const candidate *next = next_of_style(cs, k);
    return next && next->num == 2;
}

/* Whether byte `at` starts a line, white space aside. */
static bool at_line_start(const char *text, size_t at)
{
    while (at > 0) {
        size_t prev = zhx_utf8_prev(text, at);
        if (text[prev] == '\n')
            return true;
        if (!is_space_at(text, prev))
            return false;
        at = prev;
    }
    return true;
}

/* Whether candidate `k` may start a list of its style past 1 (see first_item). */
static bool opens_past_one(const tree *t, const candidates *cs, size_t k)
{
    const candidate *c = &cs->v[k], *next;
    if (c->first == FIRST_ANY)
        return true;
    return c->first == FIRST_LINES && at_line_start(t->text, c->lo) &&
           (next = next_of_style(cs, k)) && next->num == c->num + 1 &&
           at_line_start(t->text, next->lo);
}

/* Where the heading that `c` makes ends: after its title, or after its marker. */
static size_t heading_end(const candidate *c)
{
    return c->title_hi > c->title_lo ? c->title_hi : c->hi;
}

/* Where candidate `k` goes: the stack position from which the open sections close before it
 * opens, or -1 when it is text. `strong`: a boundary or a heading stands right before it. */
static int place(const tree *t, const candidates *cs, size_t k, bool strong)
{
    const candidate *c = &cs->v[k];
    int at = open_style(t, c->style);
    if (at >= 0 && c->num == t->open[at].c->num + 1)
        return at; /* the next item of its list */
    const candidate *ended = t->line_ended;
    if (at < 0 && strong && ended && ended->style == c->style && c->num == ended->num + 1 &&
        t->depth == t->line_ended_at)
        return (int)t->depth; /* the next item of a list whose last item ended with its line */
    const candidate *closed = t->closed_item, *top = t->depth ? t->open[t->depth - 1].c : NULL;
    if (at < 0 && strong && closed && closed->style == c->style && c->num == closed->num + 1 &&
        top && top->style == t->closed_in && top->rank < c->rank && at_line_start(t->text, c->lo))
        return (int)t->depth; /* numbering that runs on under the next section: 二、 … 7. */
    if ((c->num != 1 && !opens_past_one(t, cs, k)) ||
        (!strong && (at >= 0 || !followed_by_two(cs, k))))
        return -1;
    if (at >= 0)
        return at; /* the numbering restarts: the list ends, a new one takes its place */
    size_t keep = t->depth;
    while (keep > 0 && t->open[keep - 1].c->rank >= c->rank)
        keep--;
    return (int)keep;
}

static zhx_status build_tree(tree *t, const candidates *cs)
{
    size_t last_heading_end = 0, title_lo = 0, title_hi = 0;
    for (size_t k = 0; k < cs->n; k++) {
        const candidate *c = &cs->v[k];
        if (c->lo >= title_lo && c->lo < title_hi)
            continue; /* a marker in a heading's title (a slide's 重点任务（一）) is its words */
        close_lines(t, c->lo);
        /* right after a heading, a marker starts its first item: 三、主要任务1、落实… */
        bool strong = c->strong || (t->depth && c->lo == last_heading_end);
        int from = place(t, cs, k, strong);
        if (from < 0)
            continue;
        if ((size_t)from + 1 < t->depth) { /* an item inside a section that this closes */
            t->closed_item = t->open[t->depth - 1].c;
            t->closed_in = t->open[t->depth - 2].c->style;
        } else if (t->closed_item && t->closed_item->style == c->style) {
            t->closed_item = NULL;
        }
        close_from(t, (size_t)from, c->lo);
        zhx_status status = accept(t, c);
        if (status != ZHX_OK)
            return status;
        t->line_ended = NULL;
        last_heading_end = heading_end(c);
        title_lo = c->title_lo;
        title_hi = c->title_hi;
    }
    close_from(t, 0, t->len);
    return ZHX_OK;
}

zhx_status zhx_outline(zhx_stage *st, const char *text, size_t len)
{
    const outline_rules *o = outline_rules_get(st->engine);
    if (!o)
        return ZHX_ERR_NOMEM;
    if (!o->sc.nrules || !len)
        return ZHX_OK;
    candidates cs = {0};
    zhx_status status = find_candidates(st, o, text, len, &cs);
    if (status == ZHX_OK) {
        tree t = {st->doc, text, len, {{0}}, 0, NULL, 0};
        status = build_tree(&t, &cs);
    }
    free(cs.v);
    return status;
}

int zhx_section_at(const zhx_doc *doc, size_t byte)
{
    size_t lo = 0, hi = doc->nsections;
    while (lo < hi) { /* the first section that starts after `byte` */
        size_t mid = lo + (hi - lo) / 2;
        if (doc->sections[mid].lo <= byte)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int i = (int)lo - 1; i >= 0; i = doc->sections[i].parent)
        if (byte < doc->sections[i].hi)
            return i;
    return -1;
}
