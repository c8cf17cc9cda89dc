/* Runs one normalize stage by itself, for the stage tests: the shipped rules, the given
 * options, and a document that holds the stage's counters and warnings. */
#ifndef ZHX_TEST_STAGE_H
#define ZHX_TEST_STAGE_H

#include "testing.h"

#include "../normalize/normalize.h"

typedef struct stage_run {
    zhx_doc *doc;  /* counters and warnings */
    zhx_text out;  /* the stage's output; out.changed false if it changed nothing */
    const char *s; /* the text after the stage: out.s, or the input if unchanged */
    size_t len;
    zhx_status status;
} stage_run;

static inline stage_run run_stage_with(zhx_normalize_fn fn, const zhx_options *options,
                                       const char *input, size_t len)
{
    zhx_diag diag;
    zhx_options defaults = test_options();
    zhx_engine *engine = zhx_engine_new(shipped_rules(), options ? options : &defaults, &diag);
    assert_non_null(engine);
    stage_run r = {zhx_doc_new("test", input, len), {0}, NULL, 0, ZHX_OK};
    assert_non_null(r.doc);
    zhx_stage st = {engine, r.doc, 0, NULL};
    r.status = fn(&st, input, len, &r.out);
    zhx_engine_free(engine);
    r.s = r.out.changed ? r.out.s : input;
    r.len = r.out.changed ? r.out.len : len;
    return r;
}

static inline stage_run run_stage(zhx_normalize_fn fn, const char *input)
{
    return run_stage_with(fn, NULL, input, strlen(input));
}

static inline void stage_run_free(stage_run *r)
{
    zhx_text_free(&r->out);
    zhx_doc_free(r->doc);
}

/* Asserts that `fn` turns `input` into `expected` (and changes nothing when they are equal). */
#define assert_stage(fn, input, expected)                                                          \
    do {                                                                                           \
        stage_run r_ = run_stage((fn), (input));                                                   \
        assert_int_equal(r_.status, ZHX_OK);                                                       \
        char *got_ = strndup(r_.s, r_.len);                                                        \
        assert_string_equal(got_, (expected));                                                     \
        assert_int_equal(r_.out.changed, strcmp((input), (expected)) != 0);                        \
        free(got_);                                                                                \
        stage_run_free(&r_);                                                                       \
    } while (0)

/* The input bytes that output bytes [lo, hi) of a stage came from, as a string. */
static inline char *mapped_from(const stage_run *r, const char *input, size_t lo, size_t hi)
{
    if (r->out.changed)
        zhx_map_span(&r->out.map, &lo, &hi);
    return strndup(input + lo, hi - lo);
}

/* Asserts that `piece` (first occurrence in the output) came from input text `from`. */
#define assert_maps_to(run, input, piece, from)                                                    \
    do {                                                                                           \
        const char *at_ = strstr((run)->s, (piece));                                               \
        assert_non_null(at_);                                                                      \
        size_t lo_ = (size_t)(at_ - (run)->s);                                                     \
        char *got_ = mapped_from((run), (input), lo_, lo_ + strlen(piece));                        \
        assert_string_equal(got_, (from));                                                         \
        free(got_);                                                                                \
    } while (0)

/* Whether one of the document's warnings holds `part`. */
static inline bool doc_warned(const zhx_doc *doc, const char *part)
{
    for (size_t at = 0; at < doc->warnings.len; at += strlen(doc->warnings.s + at) + 1)
        if (strstr(doc->warnings.s + at, part))
            return true;
    return false;
}

#endif
