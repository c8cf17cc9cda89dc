/* convert: Traditional Chinese to Simplified with OpenCC (--convert), called only on the
 * sentences that can change.
 *
 * OpenCC converts about 6 MB/s, and most text that comes in is Simplified already. The table
 * of core/opencc_gate.h, derived from the installed dictionaries at build time, says of each
 * character whether it can make its sentence change. Sentences end at boundary characters,
 * which no dictionary entry holds, so a run of flagged sentences converted on its own comes out
 * exactly as it would from converting the whole text (tests/test_convert.c checks this over the
 * corpus), and unflagged text is kept without calling OpenCC at all. The boundaries also line up
 * in OpenCC's output, so each sentence is mapped on its own: character by character when its
 * length stays, as one replacement when it does not.
 *
 * In auto mode a line (a paragraph) is converted when it holds more Traditional-only than
 * Simplified-only characters; a line with as many of each, usually none, goes with the
 * document as a whole. The document's script is reported in any mode. */
#include <opencc/opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/opencc_gate.h"
#include "../core/utf8.h"
#include "normalize.h"

/* An OpenCC call costs about 1.4 µs, as much as converting 10 bytes (0.15 µs a byte,
 * measured here), so flagged runs this close together are converted in one call. */
#define MERGE_GAP 16

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
};

typedef struct span {
    size_t lo, hi;
} span;

typedef struct runs {
    span *v;
    size_t n, cap;
    bool failed;
} runs;

typedef struct script_count {
    size_t trad, simp;
} script_count;

static unsigned flags_at(const char *s, size_t *width)
{
    return zhx_gate_flags(zhx_utf8_at(s, width));
}

static void count_script(const char *s, size_t lo, size_t hi, script_count *c)
{
    for (size_t i = lo, w; i < hi; i += w) {
        unsigned f = flags_at(s + i, &w);
        c->trad += (f & ZHX_CHAR_TRADITIONAL) != 0;
        c->simp += (f & ZHX_CHAR_SIMPLIFIED) != 0;
    }
}

static size_t line_end(const char *s, size_t len, size_t pos)
{
    const char *nl = memchr(s + pos, '\n', len - pos);
    return nl ? (size_t)(nl - s) + 1 : len;
}

static void runs_add(runs *r, span s)
{
    if (r->failed)
        return;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        span *v = realloc(r->v, cap * sizeof *v);
        if (!v) {
            r->failed = true;
            return;
        }
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n++] = s;
}

/* Collects the runs of [lo, hi) to convert: sentences holding a `gate` character, joined
 * when they are close. `open` is the run being built; a NUL ends it, since OpenCC stops at
 * one. */
static void gate_line(const char *s, size_t lo, size_t hi, unsigned gate, span *open, runs *out)
{
    for (size_t i = lo, w; i < hi;) {
        unsigned f = flags_at(s + i, &w);
        if (f & ZHX_CHAR_BOUNDARY) {
            if (s[i] == '\0' && open->hi) {
                runs_add(out, *open);
                *open = (span){0, 0};
            }
            i += w;
            continue;
        }
        size_t start = i;
        bool flagged = false;
        for (; i < hi && !((f = flags_at(s + i, &w)) & ZHX_CHAR_BOUNDARY); i += w)
            flagged |= (f & gate) != 0;
        if (!flagged)
            continue;
        if (open->hi && start - open->hi <= MERGE_GAP) {
            open->hi = i;
        } else {
            if (open->hi)
                runs_add(out, *open);
            *open = (span){start, i};
        }
    }
}

enum verdict { UNDECIDED, SIMPLIFIED, TRADITIONAL };

static enum verdict judge(script_count c)
{
    return c.trad > c.simp ? TRADITIONAL : c.simp > c.trad ? SIMPLIFIED : UNDECIDED;
}

/* Judges every line, sets the document's script and collects the runs to convert. */
static void plan(zhx_stage *st, const char *s, size_t len, script_count total, runs *out)
{
    zhx_convert mode = st->engine->options.convert;
    bool doc_traditional = judge(total) == TRADITIONAL;
    size_t lines[3] = {0};
    span open = {0, 0};
    for (size_t lo = 0, hi; lo < len; lo = hi) {
        hi = line_end(s, len, lo);
        script_count c = {0, 0};
        count_script(s, lo, hi, &c);
        enum verdict v = judge(c);
        lines[v]++;
        bool convert = mode == ZHX_CONVERT_AUTO
                           ? v == TRADITIONAL || (v == UNDECIDED && doc_traditional)
                           : mode != ZHX_CONVERT_NONE;
        if (convert) {
            gate_line(s, lo, hi, modes[mode].gate, &open, out);
        } else if (open.hi) {
            runs_add(out, open);
            open = (span){0, 0};
        }
    }
    if (open.hi)
        runs_add(out, open);
    st->doc->script = !lines[TRADITIONAL] ? "simplified"
                      : lines[SIMPLIFIED] ? "mixed"
                                          : "traditional";
}

/* The conversion's OpenCC handle, opened on first use and kept by the engine (one thread). */
static opencc_t handle(zhx_stage *st, zhx_convert mode)
{
    void **slot = &st->engine->opencc[modes[mode].handle];
    if (!*slot) {
        opencc_t cc = opencc_open(modes[mode].config);
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

/* Whether OpenCC's output `o` holds the boundary characters of input run `r` in the same
 * places between pieces, as the gate's construction promises. */
static bool aligned(const char *s, span r, const char *o, size_t on)
{
    size_t j = 0;
    for (size_t i = r.lo, w; i < r.hi; i += w) {
        if (!(flags_at(s + i, &w) & ZHX_CHAR_BOUNDARY))
            continue;
        for (size_t v; j < on && !(flags_at(o + j, &v) & ZHX_CHAR_BOUNDARY); j += v)
            ;
        if (j + w > on || memcmp(o + j, s + i, w) != 0)
            return false;
        j += w;
    }
    for (size_t v; j < on; j += v)
        if (flags_at(o + j, &v) & ZHX_CHAR_BOUNDARY)
            return false;
    return true;
}

/* Writes the converted run sentence by sentence, so that each keeps its own offset map. */
static void rewrite(zhx_rewriter *rw, const char *s, span r, const char *o, size_t on,
                    const char *rule)
{
    size_t j = 0;
    for (size_t i = r.lo, w; i < r.hi;) {
        if (flags_at(s + i, &w) & ZHX_CHAR_BOUNDARY) {
            i += w;
            j += w;
            continue;
        }
        size_t end = i, oend = j;
        while (end < r.hi && !(flags_at(s + end, &w) & ZHX_CHAR_BOUNDARY))
            end += w;
        while (oend < on && !(flags_at(o + oend, &w) & ZHX_CHAR_BOUNDARY))
            oend += w;
        zhx_rw_keep(rw, i);
        zhx_rw_replace_chars(rw, end, o + j, oend - j, rule);
        i = end;
        j = oend;
    }
}

static zhx_status convert_run(zhx_stage *st, opencc_t cc, const char *rule, const char *s, span r,
                              zhx_rewriter *rw)
{
    /* OpenCC throws on invalid UTF-8; stage input is valid, but a bug must not reach it */
    if (zhx_utf8_valid_prefix(s + r.lo, r.hi - r.lo) != r.hi - r.lo) {
        zhx_doc_fail(st->doc, "conversion failed", "invalid UTF-8 reached the convert stage");
        return ZHX_ERR_CONVERT;
    }
    char *o = opencc_convert_utf8(cc, s + r.lo, r.hi - r.lo);
    if (!o) {
        zhx_doc_fail(st->doc, "conversion failed", opencc_error());
        return ZHX_ERR_CONVERT;
    }
    size_t on = strlen(o);
    if (aligned(s, r, o, on)) {
        rewrite(rw, s, r, o, on, rule);
    } else {
        zhx_rw_keep(rw, r.lo);
        zhx_rw_replace(rw, r.hi, o, on, rule);
    }
    opencc_convert_utf8_free(o);
    return ZHX_OK;
}

zhx_status zhx_convert_text(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    zhx_convert mode = st->engine->options.convert;
    script_count total = {0, 0};
    count_script(in, 0, len, &total);
    st->doc->script = "simplified";
    if (total.trad == 0 && (mode == ZHX_CONVERT_AUTO || mode == ZHX_CONVERT_NONE))
        return ZHX_OK; /* no line can be Traditional: the common case costs one lookup a char */
    runs todo = {0};
    plan(st, in, len, total, &todo);
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
        status = convert_run(st, cc, modes[mode].rule, in, todo.v[i], &rw);
    free(todo.v);
    if (status != ZHX_OK) {
        zhx_rw_abandon(&rw);
        return status;
    }
    if (!zhx_rw_finish(&rw, out))
        return ZHX_ERR_NOMEM;
    st->doc->converted = out->changed;
    return ZHX_OK;
}
