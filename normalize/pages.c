/* pages: document sites show a preview of a file as pages of text glued together, each
 * opening with its page number at the start of a line (`1、…` `2、…`). A page ends wherever
 * the page ended, in the middle of a word (`落实保障资` / `2、金`) or of an entity
 * (`&permil` / `5、;`). This stage removes the page markers and joins the text across them.
 *
 * A number at the start of a line is not enough to call it a page: lists are written that way
 * too. What tells pages apart is the sequence and the seams. Page markers count up by one
 * from 1 through the document; and the text before each of them is a long stretch that stops
 * mid-sentence. A list written one item a line (`1、当您付费下载…。` `2、本站不对…。`) has
 * short items that end their sentences. So the stage gathers the line-start markers that the
 * `pages.*` rules with action `marker` recognise, strings them into runs 1, 2, 3, …, and
 * takes a run for pages when it has at least two markers and at least half of its seams are
 * cuts: the text before the seam is at least PAGE_CHARS_MIN characters long and no
 * `sentence-end` rule matches its end. Runs that are not pages are left as they are. */
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "anchors.h"
#include "normalize.h"
#include "seams.h"

/* A preview page holds hundreds of characters (the seeds' sites cut at 252 and 300); a list
 * item written on its own line rarely holds more than a few dozen. */
#define PAGE_CHARS_MIN 100
/* How much of a line the marker rules see. */
#define MARKER_WINDOW 64
/* Page numbers beyond this are not followed. */
#define MARKER_NUM_MAX 9999
/* Line-start markers looked at, at most, in one document: a preview has tens of pages, a long
 * list a few hundred items; a hostile file of ten million `1、` lines would cost gigabytes. */
#define MARKERS_MAX (1u << 18)

typedef struct marker {
    size_t line;   /* start of its line */
    size_t lo, hi; /* the marker itself */
    unsigned num;
    int prev;  /* the marker numbered one less in the same run, or -1 */
    int run;   /* index of the first marker of its run, or -1 if it is in none */
    int below; /* the next older marker with the same number still open for continuation */
    bool page; /* its run was taken for pages */
    const char *rule;
} marker;

typedef struct markers {
    marker *v;
    size_t n, cap;
    bool failed;
} markers;

static void add_marker(markers *m, const marker *k)
{
    zhx_array_push(m, *k);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Whether [s, s + n) holds one of the rule's `needs` literals (true if it has none). */
static bool holds_a_need(const zhx_rule *r, const char *s, size_t n)
{
    for (size_t i = 0; i < r->nneeds; i++)
        if (zhx_find_literal(s, n, r->needs[i], strlen(r->needs[i])))
            return true;
    return r->nneeds == 0;
}

/* The marker that opens the line [line, end), if a `marker` rule recognises one. */
static bool line_marker(zhx_stage *st, const zhx_rule *const *rules, size_t n, const char *in,
                        size_t line, size_t end, marker *k)
{
    if (end - line > MARKER_WINDOW)
        end = zhx_utf8_floor(in, line + MARKER_WINDOW);
    zhx_matcher *m = st->engine->matcher;
    for (size_t i = 0; i < n; i++) {
        const zhx_rule *r = rules[i];
        if (strcmp(r->action, "marker") != 0 || !holds_a_need(r, in + line, end - line))
            continue;
        size_t lo, hi, nlo, nhi;
        if (!zhx_stage_match(st, r, in + line, end - line, 0) ||
            !zhx_match_field(m, r, "marker", &lo, &hi) ||
            !zhx_match_field(m, r, "num", &nlo, &nhi) || nhi - nlo > 6)
            continue;
        unsigned num = 0;
        for (size_t j = line + nlo; j < line + nhi; j++)
            num = num * 10 + (unsigned)(in[j] - '0');
        if (num == 0 || num > MARKER_NUM_MAX)
            continue;
        *k = (marker){line, line + lo, line + hi, num, -1, -1, -1, false, r->name};
        return true;
    }
    return false;
}

/* Links each marker to the latest earlier one numbered one less that no later marker has
 * continued yet, so that interleaved sequences (a list inside the pages) are told apart: for
 * each number, the markers still open for continuation form a stack. */
static bool link_runs(markers *m)
{
    int *top = malloc((MARKER_NUM_MAX + 1) * sizeof *top);
    if (!top)
        return false;
    for (size_t i = 0; i <= MARKER_NUM_MAX; i++)
        top[i] = -1;
    for (size_t i = 0; i < m->n; i++) {
        marker *k = &m->v[i];
        if (k->num == 1) {
            k->run = (int)i;
        } else if (top[k->num - 1] >= 0) {
            int j = top[k->num - 1];
            top[k->num - 1] = m->v[j].below;
            k->prev = j;
            k->run = m->v[j].run;
        } else {
            continue; /* a run starts at 1: this number continues nothing */
        }
        k->below = top[k->num];
        top[k->num] = (int)i;
    }
    free(top);
    return true;
}

/* Whether `s` (n bytes) holds at least `want` characters; counts no further. */
static bool holds_chars(const char *s, size_t n, size_t want)
{
    size_t chars = 0;
    for (size_t i = 0; i < n && chars < want; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return chars >= want;
}

/* Decides every run: pages when at least half its seams are cuts. */
static bool judge_runs(zhx_stage *st, const char *in, markers *m)
{
    size_t *seams = calloc(2 * m->n + 1, sizeof *seams), *cuts = seams + m->n;
    if (!seams)
        return false;
    for (size_t i = 0; i < m->n; i++) {
        const marker *k = &m->v[i];
        if (k->prev < 0)
            continue;
        const marker *p = &m->v[k->prev];
        seams[k->run]++;
        cuts[k->run] += holds_chars(in + p->hi, k->line - p->hi, PAGE_CHARS_MIN) &&
                        !zhx_ends_sentence(st, in, p->hi, k->line);
    }
    for (size_t i = 0; i < m->n; i++) {
        int run = m->v[i].run;
        m->v[i].page = run >= 0 && seams[run] > 0 && cuts[run] * 2 >= seams[run];
    }
    free(seams);
    return true;
}

/* Removes the page markers, and with each one but the first the line break before it, so the
 * text it cut runs on. */
static void join_pages(zhx_rewriter *rw, const char *in, const markers *m, size_t *removed)
{
    for (size_t i = 0; i < m->n; i++) {
        const marker *k = &m->v[i];
        if (!k->page)
            continue;
        size_t from = k->lo;
        if (k->prev >= 0) {
            from = k->line;
            while (from > rw->pos && is_space(in[from - 1]))
                from--;
        }
        zhx_rw_keep(rw, from);
        zhx_rw_replace(rw, k->hi, "", 0, k->rule);
        (*removed)++;
    }
}

zhx_status zhx_pages(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    size_t nrules;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "pages", &nrules);
    markers found = {0};
    for (size_t line = 0; line < len;) {
        if (found.n == MARKERS_MAX) {
            zhx_doc_warn(st->doc,
                         "pages: more than %u line-start markers; page chunks are looked for in "
                         "the first %zu bytes only",
                         MARKERS_MAX, line);
            break;
        }
        const char *nl = memchr(in + line, '\n', len - line);
        size_t end = nl ? (size_t)(nl - in) : len;
        marker k;
        if (line_marker(st, rules, nrules, in, line, end, &k))
            add_marker(&found, &k);
        line = end + 1;
    }
    if (found.failed) {
        free(found.v);
        return ZHX_ERR_NOMEM;
    }
    if (found.n && (!link_runs(&found) || !judge_runs(st, in, &found))) {
        free(found.v);
        return ZHX_ERR_NOMEM;
    }
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, st->log, st->index);
    size_t removed = 0;
    join_pages(&rw, in, &found, &removed);
    free(found.v);
    st->doc->removed_page_markers += removed;
    return zhx_rw_finish(&rw, out) ? ZHX_OK : ZHX_ERR_NOMEM;
}
