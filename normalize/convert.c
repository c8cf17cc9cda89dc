/* convert: Traditional Chinese to Simplified with OpenCC (--convert), called only on the
 * sentences that can change.
 *
 * OpenCC converts about 6 MB/s as installed (45 MB/s on the Darts copies of its dictionaries
 * that core/opencc_open.c opens), and most text that comes in is Simplified already. The table
 * of core/opencc_gate.h, derived from the installed dictionaries at build time, says of each
 * character whether it can make its sentence change. Sentences end at boundary characters,
 * which no dictionary entry holds, so a run of flagged sentences converted on its own comes out
 * exactly as it would from converting the whole text (tests/test_convert.c checks this over the
 * corpus), and unflagged text is kept without calling OpenCC at all. A conversion whose entries
 * all keep their length (t2s, tw2s, hk2s) maps its output character by character; for one that
 * does not (tw2sp), the boundaries, which line up in OpenCC's output, let each sentence be
 * mapped on its own: character by character when its length stays, as one replacement when it
 * does not.
 *
 * In auto mode a line (a paragraph) is converted when it holds more Traditional-only than
 * Simplified-only characters; a line with as many of each, usually none, goes with the
 * document as a whole. The document's script is reported in any mode. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/opencc_gate.h"
#include "../core/opencc_open.h"
#include "../core/utf8.h"
#include "normalize.h"

/* An OpenCC call costs about 0.8 µs, as much as converting 35 bytes (0.02 µs a byte on the
 * Darts dictionaries, measured here), so flagged runs this close together are converted in
 * one call. */
#define MERGE_GAP 32

static const struct {
    const char *config, *rule;
    unsigned gate;
    zhx_convert handle; /* engine->opencc slot: auto shares t2s's */
} modes[] = {
    [ZHX_CONVERT_AUTO] = {"t2s.json", "convert.t2s", ZHX_GATE_T2S, ZHX_CONVERT_T2S},
    [ZHX_CONVERT_T2S] = {"t2s.json", "convert.t2s", ZHX_GATE_T2S, ZHX_CONVERT_T2S},
    [ZHX_CONVERT_TW2S] = {"tw2s.json", "convert.tw2s", ZHX_GATE_TW2S, ZHX_CONVERT_TW2S},
    [ZHX_CONVERT_TW2SP] = {"tw2sp.json", "convert.tw2sp", ZHX_GATE_TW2SP, ZHX_CONVERT_TW2SP},
    [ZHX_CONVERT_HK2S] = {"hk2s.json", "convert.hk2s", ZHX_GATE_HK2S, ZHX_CONVERT_HK2S},
    [ZHX_CONVERT_NONE] = {NULL, NULL, 0, ZHX_CONVERT_NONE}, /* flags nothing, opens nothing */
};

typedef struct span {
    size_t lo, hi;
} span;

/* A growing array of spans: the runs to convert, a line's flagged pieces, a run's pieces. */
typedef struct spans {
    span *v;
    size_t n, cap;
    bool failed;
} spans;

typedef struct script_count {
    size_t trad, simp;
} script_count;

static inline unsigned flags_at(const char *s, size_t *width)
{
    return zhx_gate_flags(zhx_utf8_at(s, width));
}

/* Whether `s` holds a character that only Traditional script uses. */
static bool any_traditional(const char *s, size_t len)
{
    for (size_t i = 0, w; i < len; i += w)
        if (flags_at(s + i, &w) & ZHX_CHAR_TRADITIONAL)
            return true;
    return false;
}

static size_t line_end(const char *s, size_t len, size_t pos)
{
    const char *nl = memchr(s + pos, '\n', len - pos);
    return nl ? (size_t)(nl - s) + 1 : len;
}

static void spans_add(spans *a, size_t lo, size_t hi)
{
    zhx_array_push(a, ((span){lo, hi}));
}

/* Reads the line [lo, hi) once: counts its script evidence into `c` and adds to `pieces` the
 * sentences that hold a `gate` character. A NUL is added as the empty piece {at, at}: no run
 * may reach across it, since OpenCC stops at one. */
static void scan_line(const char *s, size_t lo, size_t hi, unsigned gate, script_count *c,
                      spans *pieces)
{
    for (size_t i = lo, w; i < hi;) {
        size_t start = i;
        bool flagged = false;
        unsigned f;
        for (; i < hi && !((f = flags_at(s + i, &w)) & ZHX_CHAR_BOUNDARY); i += w) {
            flagged |= (f & gate) != 0;
            c->trad += (f & ZHX_CHAR_TRADITIONAL) != 0;
            c->simp += (f & ZHX_CHAR_SIMPLIFIED) != 0;
        }
        if (flagged)
            spans_add(pieces, start, i);
        if (i < hi && s[i] == '\0')
            spans_add(pieces, i, i);
        if (i < hi)
            i += w;
    }
}

/* Adds flagged pieces to the runs to convert, joining those that are close. */
static void join_pieces(const span *p, size_t n, span *open, spans *runs)
{
    for (size_t k = 0; k < n; k++) {
        if (open->hi && p[k].hi > p[k].lo && p[k].lo - open->hi <= MERGE_GAP) {
            open->hi = p[k].hi;
            continue;
        }
        if (open->hi)
            spans_add(runs, open->lo, open->hi);
        *open = p[k].hi > p[k].lo ? p[k] : (span){0, 0};
    }
}

enum verdict { UNDECIDED, SIMPLIFIED, TRADITIONAL };

static enum verdict judge(script_count c)
{
    return c.trad > c.simp ? TRADITIONAL : c.simp > c.trad ? SIMPLIFIED : UNDECIDED;
}

/* A line's verdict and where its flagged pieces start in the list of all pieces. */
typedef struct line {
    size_t first_piece;
    enum verdict verdict;
} line;

typedef struct lines {
    line *v;
    size_t n, cap;
    bool failed;
} lines;

static void lines_add(lines *a, line l)
{
    zhx_array_push(a, l);
}

/* Judges every line, sets the document's script and collects the runs to convert, reading the
 * text once: a line with as many Traditional-only as Simplified-only characters waits for
 * the document's verdict. */
static void plan(zhx_stage *st, const char *s, size_t len, spans *runs)
{
    zhx_convert mode = st->engine->options.convert;
    unsigned gate = modes[mode].gate;
    script_count total = {0, 0};
    spans pieces = {0};
    lines ls = {0};
    for (size_t lo = 0, hi; lo < len; lo = hi) {
        hi = line_end(s, len, lo);
        script_count c = {0, 0};
        size_t first = pieces.n;
        scan_line(s, lo, hi, gate, &c, &pieces);
        lines_add(&ls, (line){first, judge(c)});
        total.trad += c.trad;
        total.simp += c.simp;
    }
    bool doc_traditional = judge(total) == TRADITIONAL;
    size_t count[3] = {0};
    span open = {0, 0};
    for (size_t i = 0; i < ls.n && !ls.failed; i++) {
        enum verdict v = ls.v[i].verdict;
        count[v]++;
        bool convert = mode == ZHX_CONVERT_AUTO
                           ? v == TRADITIONAL || (v == UNDECIDED && doc_traditional)
                           : mode != ZHX_CONVERT_NONE;
        size_t first = ls.v[i].first_piece;
        size_t end = i + 1 < ls.n ? ls.v[i + 1].first_piece : pieces.n;
        if (convert) {
            if (end > first) /* a line without flagged pieces leaves the open run open */
                join_pieces(pieces.v + first, end - first, &open, runs);
        } else if (open.hi) {
            spans_add(runs, open.lo, open.hi);
            open = (span){0, 0};
        }
    }
    if (open.hi)
        spans_add(runs, open.lo, open.hi);
    runs->failed |= pieces.failed || ls.failed;
    free(pieces.v);
    free(ls.v);
    st->doc->script = !count[TRADITIONAL] ? "simplified"
                      : count[SIMPLIFIED] ? "mixed"
                                          : "traditional";
}

/* The conversion's OpenCC handle, opened on first use and kept by the engine (one thread). */
static opencc_t handle(zhx_stage *st, zhx_convert mode)
{
    void **slot = &st->engine->opencc[modes[mode].handle];
    if (!*slot) {
        opencc_t cc = zhx_opencc_open(modes[mode].config);
        if (cc == (opencc_t)-1) {
            char detail[512];
            snprintf(detail, sizeof detail, "%s: %s", modes[mode].config, opencc_error());
            zhx_doc_fail(st->doc, "cannot open OpenCC", detail);
            return NULL;
        }
        *slot = cc;
    }
    return *slot;
}

/* Pairs each sentence of input run `r` with its conversion in `o`, walking both in step:
 * pieces->v[2k] is the k-th sentence of the input, pieces->v[2k+1] its conversion. The
 * boundaries between them are copied through by OpenCC, as the gate's construction
 * promises; false if they do not line up. */
static bool split_run(const char *s, span r, const char *o, size_t on, spans *pieces)
{
    pieces->n = 0;
    size_t i = r.lo, j = 0;
    while (i < r.hi) {
        size_t w, v;
        if (flags_at(s + i, &w) & ZHX_CHAR_BOUNDARY) {
            if (j + w > on || memcmp(o + j, s + i, w) != 0)
                return false;
            i += w;
            j += w;
            continue;
        }
        size_t end = i, oend = j;
        while (end < r.hi && !(flags_at(s + end, &w) & ZHX_CHAR_BOUNDARY))
            end += w;
        while (oend < on && !(flags_at(o + oend, &v) & ZHX_CHAR_BOUNDARY))
            oend += v;
        spans_add(pieces, i, end);
        spans_add(pieces, j, oend);
        i = end;
        j = oend;
    }
    return j == on && !pieces->failed;
}

/* Converts run `r`. A conversion that keeps the number of characters maps the run character
 * by character; one that may not is written sentence by sentence, so that each sentence keeps
 * its own map (or the run as one piece, should OpenCC's output not line up). When changes are
 * explained, they are listed sentence by sentence too.
 *
 * The text is valid UTF-8 (the decode stage made it so) and runs never hold a NUL; should
 * OpenCC refuse it all the same, its message becomes the document's error. */
static zhx_status convert_run(zhx_stage *st, zhx_convert mode, opencc_t cc, const char *s, span r,
                              spans *pieces, zhx_rewriter *rw)
{
    const char *rule = modes[mode].rule;
    char *o = opencc_convert_utf8(cc, s + r.lo, r.hi - r.lo);
    if (!o) {
        zhx_doc_fail(st->doc, "conversion failed", opencc_error());
        return ZHX_ERR_CONVERT;
    }
    size_t on = strlen(o);
    pieces->n = 0;
    if ((zhx_gate_keeps_length & modes[mode].gate) && !st->log) {
        zhx_rw_keep(rw, r.lo);
        zhx_rw_replace_chars(rw, r.hi, o, on, rule);
    } else if (split_run(s, r, o, on, pieces)) {
        for (size_t k = 0; k < pieces->n; k += 2) {
            span in = pieces->v[k], out = pieces->v[k + 1];
            zhx_rw_keep(rw, in.lo);
            zhx_rw_replace_chars(rw, in.hi, o + out.lo, out.hi - out.lo, rule);
        }
    } else {
        zhx_rw_keep(rw, r.lo);
        zhx_rw_replace(rw, r.hi, o, on, rule);
    }
    opencc_convert_utf8_free(o);
    return pieces->failed ? ZHX_ERR_NOMEM : ZHX_OK;
}

zhx_status zhx_convert_text(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    zhx_convert mode = st->engine->options.convert;
    st->doc->script = "simplified";
    if ((mode == ZHX_CONVERT_AUTO || mode == ZHX_CONVERT_NONE) && !any_traditional(in, len))
        return ZHX_OK; /* no line can be Traditional: the common case costs one lookup a char */
    spans todo = {0}, pieces = {0};
    plan(st, in, len, &todo);
    if (todo.failed) {
        free(todo.v);
        return ZHX_ERR_NOMEM;
    }
    zhx_status status = ZHX_OK;
    opencc_t cc = todo.n ? handle(st, mode) : NULL;
    if (todo.n && !cc)
        status = ZHX_ERR_CONVERT;
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, st->log, st->index);
    for (size_t i = 0; i < todo.n && status == ZHX_OK; i++)
        status = convert_run(st, mode, cc, in, todo.v[i], &pieces, &rw);
    free(todo.v);
    free(pieces.v);
    if (status != ZHX_OK) {
        zhx_rw_abandon(&rw);
        return status;
    }
    if (!zhx_rw_finish(&rw, out))
        return ZHX_ERR_NOMEM;
    st->doc->converted = out->changed;
    return ZHX_OK;
}
