/* boilerplate: site chrome, footers and notices cut out by the `boilerplate.*` rules.
 *
 * A rule is matched against one line at a time (without its newline, so `^` and `$` are the
 * line's ends), and only on the lines where one of its `needs` literals occurs: one pass over
 * the text finds those for all rules at once (core/literals.h), so the stage costs about the
 * same with a hundred rules as with one. A rule without `needs` is tried on every line.
 *
 * A rule's action says what a match cuts: its line (drop-line), itself or its `drop` group
 * (drop-span), everything from its line to the end (drop-to-end) or everything from the start
 * to the end of its line (drop-from-start; the title, the first line with text, stays). A line
 * that span cuts leave blank goes whole.
 *
 * Rules of a site family apply only where the family's signature occurs, the way ad-block
 * lists scope a filter to a site. The family's own `needs` literals are found in the same pass;
 * its signature is matched only if one occurs, from the line of the first, and only once a
 * rule of the family is to be tried. A generic rule never cuts text that a `guard.*`
 * rule recognises as a target figure: only a site rule may.
 *
 * A drop-line rule with `set running=yes` cuts a page's furniture (its number: — 2 —); a short
 * line right before or after two or more of its cuts that is the same each time is a running
 * head or foot (the document's number at the top of each page), and goes with them.
 *
 * A block of lines (up to a blank line) that repeats the block before it word for word, as a
 * scraper that took a page's item twice leaves it, goes when a `repeat` rule matches it (its
 * figures would be read twice): the blocks are compared in one pass over the text, and the rule
 * is tried only on a repeated one.
 *
 * A rule with action `dateline` cuts nothing: the first line it matches gives the document the
 * date it was published (its `year`, `month` and `day` groups; `set era=1911` for a year of the
 * Republic of China, 114 for 2025), which the doc record shows and the targets stage reads 今年
 * and undated figures against.
 *
 * A drop-line rule with `set list=yes` cuts the heading of a list of links (相关阅读) and the
 * list under it: the lines up to a blank line that a `link` rule reads as a link (a bullet and
 * a headline, a headline and its date). The heading names those lines as links, so they go even
 * where their headlines hold figures (全市1—11月工业增加值增长7.8%): the figures are another
 * page's.
 *
 * A drop-line rule with `set seam=yes` cuts what stands where one page of an article ends and
 * the next begins (a pager, 点击进入下一页). Where the page before stopped in the middle of a
 * sentence (受教 / 育年限, 12. / 5万亿元), the cut takes the line breaks before it too, so the
 * sentence runs on. With `set seam=line` the cut takes the blank lines before it whatever the
 * text, and a counter line right before it (a subtitle cue's number), and leaves that text on
 * a line of its own (the cues of a subtitle file). The text before a seam runs on only from a
 * line of SEAM_LINE_CHARS characters or more (a paragraph's, not a heading's), or of as many as
 * `set seam-chars=N` says (a chat's message, which its sender may leave without a full stop,
 * was cut by the input box only when it was long). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "normalize.h"
#include "repeats.h"
#include "seams.h"

#define RUNNING_BYTES 120     /* a running head or foot is short: 40 Chinese characters at most */
#define REPEAT_BYTES_MAX 4096 /* a repeated item (a brief, a post) is a few paragraphs at most */
/* A passage repeated far from its first (a print version under the page) is this long at
 * least, blanks aside: two or three sentences, 100 characters. Shorter ones repeat by right (a
 * headline the article repeats, a closing formula). */
#define REPEAT_PASSAGE_BYTES 300
/* A heading ends no sentence either, but is short: a page's last line that a page break cut is
 * one of a paragraph, this long at least. */
#define SEAM_LINE_CHARS 20

typedef struct cut {
    size_t lo, hi;
    const char *rule;
    bool running; /* page furniture: lines beside it may be running heads or feet */
} cut;

typedef struct cuts {
    cut *v;
    size_t n, cap;
    size_t from_start; /* where the last drop-from-start cut ends, or 0 */
    bool failed;
} cuts;

static void add_cut(cuts *c, size_t lo, size_t hi, const char *rule, bool running)
{
    if (hi > lo)
        zhx_array_push(c, ((cut){lo, hi, rule, running}));
}

static size_t line_end(const char *s, size_t len, size_t pos)
{
    size_t stop = zhx_line_stop(s, len, pos);
    return stop < len ? stop + 1 : len;
}

static bool blank_line(const char *s, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* Takes the blank lines after a cut of whole lines with it, so no gap of blanks is left. */
static size_t past_blank_lines(const char *s, size_t len, size_t pos)
{
    while (pos < len) {
        size_t end = line_end(s, len, pos);
        if (!blank_line(s, pos, end))
            break;
        pos = end;
    }
    return pos;
}

/* The end of the title, the first line with text: drop-from-start keeps it. */
static size_t title_end(const char *s, size_t len)
{
    size_t pos = past_blank_lines(s, len, 0);
    return pos < len ? line_end(s, len, pos) : 0;
}

/* The bytes a match of `r` at [*lo, *hi) cuts. */
static void extent(const zhx_rule *r, const zhx_matcher *m, const char *s, size_t len,
                   size_t line_lo, size_t *lo, size_t *hi)
{
    const char *a = r->action;
    if (strcmp(a, "drop-span") == 0) {
        if (zhx_match_field(m, r, "drop", lo, hi)) {
            *lo += line_lo;
            *hi += line_lo;
        }
    } else if (strcmp(a, "drop-line") == 0) {
        *lo = zhx_line_start(s, *lo);
        *hi = past_blank_lines(s, len, line_end(s, len, *lo));
    } else if (strcmp(a, "drop-to-end") == 0) {
        *lo = zhx_line_start(s, *lo);
        while (*lo > 0 && blank_line(s, zhx_line_start(s, *lo - 1), *lo))
            *lo = zhx_line_start(s, *lo - 1);
        *hi = len;
    } else { /* drop-from-start */
        *hi = past_blank_lines(s, len, line_end(s, len, *lo));
        *lo = title_end(s, len);
    }
}

/* Whether the line [lo, hi) holds only a counter: digits, maybe blanks around them (a subtitle
 * cue's number). */
static bool counter_line(const char *s, size_t lo, size_t hi)
{
    bool digit = false;
    for (size_t i = lo; i < hi; i++) {
        if (zhx_is_digit(s[i]))
            digit = true;
        else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    }
    return digit;
}

/* Where the cut of a page's furniture at `lo` (a line's start) begins. With `line_only` (set
 * seam=line): at the line break after the text before it, so that the blank lines between go,
 * and a counter line right before the cut (a cue's number), while that text keeps a line of its
 * own. Else at the end of the text before it when that stops in the middle of a sentence on a
 * line of `min_chars` characters or more, so the sentence runs on across the cut; else at
 * `lo`. */
static size_t seam_start(zhx_stage *st, const char *s, size_t lo, bool line_only, size_t min_chars)
{
    if (line_only && lo > 0 && counter_line(s, zhx_line_start(s, lo - 1), lo))
        lo = zhx_line_start(s, lo - 1);
    size_t end = lo;
    while (end > 0 && blank_line(s, end - 1, end))
        end--;
    if (end == 0)
        return lo;
    if (line_only) {
        const char *nl = memchr(s + end, '\n', lo - end);
        return nl ? (size_t)(nl - s) + 1 : lo;
    }
    size_t from = zhx_line_start(s, end);
    bool paragraph = zhx_utf8_count(s + from, end - from) >= min_chars;
    return paragraph && !zhx_ends_sentence(st, s, from, end) ? end : lo;
}

/* Whether the line [lo, hi) (without its line break) reads as a link by a `link` rule. */
static bool link_line(zhx_stage *st, const char *s, size_t lo, size_t hi)
{
    size_t n;
    const zhx_rule *const *links = zhx_rules_of_kind(st->engine->rules, "link", &n);
    for (size_t i = 0; i < n; i++)
        if (zhx_stage_match(st, links[i], s + lo, hi - lo, 0))
            return true;
    return false;
}

/* Where the list of links that starts at `pos` (a line's start) ends: past its links, up to
 * the first line that is none. */
static size_t list_end(zhx_stage *st, const char *s, size_t len, size_t pos)
{
    while (pos < len) {
        size_t stop = zhx_line_stop(s, len, pos);
        if (!link_line(st, s, pos, stop))
            break;
        pos = line_end(s, len, pos);
    }
    return past_blank_lines(s, len, pos);
}

/* Whether [lo, hi) holds something a guard rule protects. */
static bool guarded(zhx_stage *st, const char *s, size_t lo, size_t hi)
{
    size_t n;
    const zhx_rule *const *guards = zhx_rules_of_kind(st->engine->rules, "guard", &n);
    for (size_t i = 0; i < n; i++)
        if (zhx_rule_may_match(guards[i], s + lo, hi - lo) &&
            zhx_stage_match(st, guards[i], s + lo, hi - lo, 0))
            return true;
    return false;
}

/* Notes the date that a dateline rule's match (in the line at `line`) gives, unless the
 * document has one already: the page's own date comes first. */
static void note_date(zhx_stage *st, const zhx_rule *r, const char *line)
{
    zhx_doc *doc = st->doc;
    size_t lo[3], hi[3];
    static const char *const parts[3] = {"year", "month", "day"};
    for (int i = 0; i < 3; i++)
        if (!zhx_match_field(st->engine->matcher, r, parts[i], &lo[i], &hi[i]))
            return;
    const char *era = zhx_rule_setting(r, "era");
    int year = atoi(line + lo[0]) + (era ? atoi(era) : 0);
    int month = atoi(line + lo[1]), day = atoi(line + lo[2]);
    if (doc->date[0] || year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 ||
        day > 31)
        return;
    snprintf(doc->date, sizeof doc->date, "%04d-%02d-%02d", year, month, day);
}

/* The cuts to the end (of `len`) that start before the last drop-from-start cut ends would take
 * what it keeps, the innermost message of a mail thread (a forwarder's signature or disclaimer
 * above it ends the forwarder's text, not the document), and go. */
static void forget_ends_before_start(cuts *c, size_t len)
{
    size_t kept = 0;
    for (size_t i = 0; i < c->n; i++)
        if (!(c->v[i].hi == len && c->v[i].lo < c->from_start))
            c->v[kept++] = c->v[i];
    c->n = kept;
}

/* Cuts what rule `r` finds in the line [lo, hi). */
static void apply_rule(zhx_stage *st, const zhx_rule *r, const char *s, size_t len, size_t lo,
                       size_t hi, cuts *out)
{
    const char *line = s + lo;
    size_t at = 0, mlo, mhi;
    while (zhx_stage_next(st, r, line, hi - lo, &at, &mlo, &mhi)) {
        if (strcmp(r->action, "dateline") == 0) {
            note_date(st, r, line);
            return;
        }
        size_t clo = lo + mlo, chi = lo + mhi;
        extent(r, st->engine->matcher, s, len, lo, &clo, &chi);
        const char *seam = zhx_rule_setting(r, "seam");
        const char *seam_chars = zhx_rule_setting(r, "seam-chars");
        if (seam && strcmp(r->action, "drop-line") == 0)
            clo = seam_start(st, s, clo, strcmp(seam, "line") == 0,
                             seam_chars ? strtoul(seam_chars, NULL, 10) : SEAM_LINE_CHARS);
        if (chi <= clo)
            continue;
        if (r->family < 0 && guarded(st, s, clo, chi))
            zhx_doc_warn(st->doc, "rule %s left text in place: it holds a target figure", r->name);
        else if (zhx_rule_setting(r, "list") && strcmp(r->action, "drop-line") == 0)
            add_cut(out, clo, list_end(st, s, len, chi), r->name, false);
        else
            add_cut(out, clo, chi, r->name, zhx_rule_setting(r, "running") != NULL);
        if (strcmp(r->action, "drop-from-start") == 0 && chi > out->from_start)
            out->from_start = chi;
        if (strcmp(r->action, "drop-span") != 0)
            return; /* the rest of the line goes with the first match */
    }
}

static int cut_cmp(const void *a, const void *b)
{
    const cut *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo ? 1 : (x->hi > y->hi) - (x->hi < y->hi);
}

enum { UNKNOWN, PRESENT, ABSENT };

/* Whether rule `r` applies to this document: generic, or its family's signature is here.
 * The signature is looked for from the line of the first of the family's `needs` literals
 * (`from`, SIZE_MAX if none occurs), and the answer kept in `state`. */
static bool in_scope(zhx_stage *st, const zhx_rule *r, const char *s, size_t len,
                     const size_t *from, unsigned char *state)
{
    if (r->family < 0)
        return true;
    size_t f = (size_t)r->family;
    if (state[f] == UNKNOWN) {
        const pcre2_code *sig = zhx_rules_family(st->engine->rules, f)->code;
        bool here =
            from[f] != SIZE_MAX && zhx_match(st->engine->matcher, sig, s, len, from[f]) == 1;
        state[f] = here ? PRESENT : ABSENT;
    }
    return state[f] == PRESENT;
}

/* Where the block of lines at `lo` (a line's start, not blank) ends: at the first blank line
 * after it, or the end of the text. */
static size_t block_end(const char *s, size_t len, size_t lo)
{
    for (const char *nl = memchr(s + lo, '\n', len - lo); nl;
         nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - s))) {
        size_t next = (size_t)(nl + 1 - s);
        if (next < len && blank_line(s, next, line_end(s, len, next)))
            return next;
    }
    return len;
}

/* The repeat rule that a copy [lo, hi) of an earlier text matches, or NULL. */
static const zhx_rule *repeat_rule(zhx_stage *st, const char *s, size_t lo, size_t hi)
{
    size_t n;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "repeat", &n);
    for (size_t i = 0; i < n; i++)
        if (zhx_rule_may_match(rules[i], s + lo, hi - lo) &&
            zhx_stage_match(st, rules[i], s + lo, hi - lo, 0))
            return rules[i];
    return NULL;
}

typedef struct passage_cuts {
    zhx_stage *st;
    const char *s;
    cuts *out;
} passage_cuts;

static void cut_passage(void *user, size_t lo, size_t hi)
{
    passage_cuts *p = user;
    const zhx_rule *r = repeat_rule(p->st, p->s, lo, hi);
    if (r)
        add_cut(p->out, lo, hi, r->name, false);
}

/* Cuts each passage that repeats an earlier one, blanks aside, for REPEAT_PASSAGE_BYTES or
 * more (a page saved with its print version under it) and that a `repeat` rule matches. */
static bool cut_repeated_passages(zhx_stage *st, const char *s, size_t len, cuts *out)
{
    passage_cuts p = {st, s, out};
    return zhx_repeats_find(s, len, REPEAT_PASSAGE_BYTES, cut_passage, &p);
}

/* Cuts each block of lines that repeats the block before it and that a `repeat` rule matches. */
static void cut_repeats(zhx_stage *st, const char *s, size_t len, cuts *out)
{
    size_t prev = SIZE_MAX, prev_end = 0;
    for (size_t lo = past_blank_lines(s, len, 0); lo < len;) {
        size_t end = block_end(s, len, lo);
        bool again = prev != SIZE_MAX && end - lo == prev_end - prev &&
                     memcmp(s + lo, s + prev, end - lo) == 0;
        const zhx_rule *r = again ? repeat_rule(st, s, lo, end) : NULL;
        if (r)
            add_cut(out, lo, past_blank_lines(s, len, end), r->name, false);
        prev = lo;
        prev_end = end;
        lo = past_blank_lines(s, len, end);
    }
}

static zhx_status find_cuts(zhx_stage *st, const char *in, size_t len, cuts *found)
{
    size_t n, nfam = zhx_rules_family_count(st->engine->rules);
    size_t *from = calloc(nfam + 1, sizeof *from);
    unsigned char *state = calloc(nfam + 1, 1);
    zhx_rule_line *todo =
        from && state ? zhx_rules_lines(st->engine->rules, "boilerplate", in, len, &n, from) : NULL;
    for (size_t i = 0; todo && i < n; i++)
        if (in_scope(st, todo[i].rule, in, len, from, state))
            apply_rule(st, todo[i].rule, in, len, todo[i].lo, todo[i].hi, found);
    bool ok = todo != NULL;
    forget_ends_before_start(found, len);
    if (ok)
        cut_repeats(st, in, len, found);
    if (ok && !cut_repeated_passages(st, in, len, found))
        ok = false;
    free(todo);
    free(state);
    free(from);
    return ok ? ZHX_OK : ZHX_ERR_NOMEM;
}

/* The line [lo, hi) without its newline: a line beside a cut of page furniture. */
typedef struct line_span {
    size_t lo, hi;
    const char *rule;
} line_span;

static bool same_text(const char *s, const line_span *a, const line_span *b)
{
    return a->hi - a->lo == b->hi - b->lo && memcmp(s + a->lo, s + b->lo, a->hi - a->lo) == 0;
}

/* Notes the line [lo, hi) beside a cut of page furniture, if it is short and not blank. */
static void note_beside(line_span *v, size_t *n, const char *s, size_t lo, size_t hi,
                        const char *rule)
{
    if (hi > lo && hi - lo <= RUNNING_BYTES && !blank_line(s, lo, hi))
        v[(*n)++] = (line_span){lo, hi, rule};
}

/* Cuts the running heads and feet: the lines beside two or more cuts of page furniture that
 * are the same each time. A page holds few of them, so every pair is compared. */
static void cut_running_lines(zhx_stage *st, const char *s, size_t len, cuts *c)
{
    size_t n = 0, furniture = c->n, running = 0; /* (the cuts added below come after these) */
    for (size_t i = 0; i < furniture; i++)
        running += c->v[i].running;
    if (running < 2) /* a running head is beside two of them at least */
        return;
    line_span *beside = malloc(2 * running * sizeof *beside);
    if (!beside) {
        c->failed = true;
        return;
    }
    for (size_t i = 0; i < furniture; i++) {
        if (!c->v[i].running)
            continue;
        size_t after = c->v[i].hi, before = c->v[i].lo;
        if (after < len)
            note_beside(beside, &n, s, after, zhx_line_stop(s, len, after), c->v[i].rule);
        if (before > 0)
            note_beside(beside, &n, s, zhx_line_start(s, before - 1), before - 1, c->v[i].rule);
    }
    for (size_t i = 0; i < n; i++) {
        bool again = false; /* the same text beside another cut, at another place */
        for (size_t j = 0; j < n && !again; j++)
            again = beside[j].lo != beside[i].lo && same_text(s, &beside[i], &beside[j]);
        if (again && !guarded(st, s, beside[i].lo, beside[i].hi))
            add_cut(c, beside[i].lo, past_blank_lines(s, len, line_end(s, len, beside[i].lo)),
                    beside[i].rule, false);
    }
    free(beside);
}

/* A line that the cuts leave blank goes as a whole, newline and all, so that no empty line is
 * left where a row of furniture stood. `c` is sorted; it stays sorted. */
static void drop_emptied_lines(const char *s, size_t len, cuts *c)
{
    size_t n = c->n;
    for (size_t i = 0, j; i < n; i = j) {
        size_t lo = zhx_line_start(s, c->v[i].lo), end = line_end(s, len, lo), at = lo;
        bool empty = true;
        for (j = i; j < n && c->v[j].lo < end; j++) {
            empty = empty && blank_line(s, at, c->v[j].lo > at ? c->v[j].lo : at);
            if (c->v[j].hi > at)
                at = c->v[j].hi;
        }
        if (empty && at < end && blank_line(s, at, end))
            add_cut(c, lo, past_blank_lines(s, len, end), c->v[i].rule, false);
    }
    if (c->n > n)
        qsort(c->v, c->n, sizeof *c->v, cut_cmp);
}

zhx_status zhx_boilerplate(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    cuts found = {0};
    zhx_status status = find_cuts(st, in, len, &found);
    if (status == ZHX_OK && found.failed)
        status = ZHX_ERR_NOMEM;
    if (status == ZHX_OK)
        cut_running_lines(st, in, len, &found);
    if (status == ZHX_OK && found.failed)
        status = ZHX_ERR_NOMEM;
    if (status != ZHX_OK) {
        free(found.v);
        return status;
    }
    if (found.n)
        qsort(found.v, found.n, sizeof *found.v, cut_cmp);
    drop_emptied_lines(in, len, &found);
    if (found.failed) {
        free(found.v);
        return ZHX_ERR_NOMEM;
    }
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, st->log, st->index);
    for (size_t i = 0; i < found.n;) {
        size_t lo = found.v[i].lo, hi = found.v[i].hi;
        const char *rule = found.v[i].rule;
        for (i++; i < found.n && found.v[i].lo < hi;
             i++) /* overlapping cuts merge; adjacent ones stay apart for --explain */
            if (found.v[i].hi > hi)
                hi = found.v[i].hi;
        zhx_rw_keep(&rw, lo);
        zhx_rw_replace(&rw, hi, "", 0, rule);
        st->doc->removed_boilerplate++;
    }
    free(found.v);
    return zhx_rw_finish(&rw, out) ? ZHX_OK : ZHX_ERR_NOMEM;
}
