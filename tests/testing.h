/* Shared helpers for the unit tests (cmocka). */
#ifndef ZHX_TESTING_H
#define ZHX_TESTING_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zhx.h"

/* Whether to match with PCRE2's JIT: not under valgrind, which cannot follow JIT code
 * (tests/run.sh sets ZHX_TEST_NO_JIT there). */
static inline bool test_jit(void)
{
    const char *v = getenv("ZHX_TEST_NO_JIT");
    return !v || !*v || strcmp(v, "0") == 0;
}

/* The default options, with the JIT as test_jit() says. */
static inline zhx_options test_options(void)
{
    zhx_options o;
    zhx_options_init(&o);
    o.no_jit = !test_jit();
    return o;
}

/* Writes `text` as NAME in a fresh temporary folder and returns the folder (caller frees
 * it with remove_dir). */
static inline char *write_rules_dir(const char *name, const char *text)
{
    char tmpl[] = "/tmp/zhx-test-XXXXXX";
    char *dir = mkdtemp(tmpl);
    assert_non_null(dir);
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(text, 1, strlen(text), f);
    fclose(f);
    return strdup(dir);
}

static inline void remove_dir(char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(dir);
}

/* Loads only the rules in `text` (no shipped rules); NULL and `diag` filled on error. */
static inline zhx_rules *load_rules_text(const char *text, zhx_diag *diag)
{
    char *dir = write_rules_dir("test.rules", text);
    const char *dirs[] = {dir};
    memset(diag, 0, sizeof *diag);
    zhx_rules *rules = zhx_rules_load(dirs, 1, false, diag);
    remove_dir(dir);
    return rules;
}

/* The shipped rules, loaded once per test binary and freed by the group teardown. */
static zhx_rules *shipped_rules_;

static inline const zhx_rules *shipped_rules(void)
{
    if (!shipped_rules_) {
        zhx_diag diag;
        shipped_rules_ = zhx_rules_load(NULL, 0, true, &diag);
        if (!shipped_rules_)
            fail_msg("shipped rules: %s:%u:%u: %s", diag.file, diag.line, diag.column,
                     diag.message);
    }
    return shipped_rules_;
}

static inline int free_shipped_rules(void **state)
{
    (void)state;
    zhx_rules_free(shipped_rules_);
    shipped_rules_ = NULL;
    return 0;
}

/* Runs a test group and frees the shipped rules afterwards. */
#define run_group(tests) cmocka_run_group_tests(tests, NULL, free_shipped_rules)

/* Runs the whole normalize (extract if `extract`) over `text` with `options` (NULL: the
 * defaults) and returns the document, which the caller frees. */
static inline zhx_doc *run_doc(const zhx_rules *rules, const zhx_options *options, const char *text,
                               size_t len, bool extract)
{
    zhx_diag diag;
    zhx_options defaults = test_options();
    zhx_engine *engine = zhx_engine_new(rules, options ? options : &defaults, &diag);
    assert_non_null(engine);
    zhx_doc *doc = zhx_doc_new("test", text, len);
    assert_non_null(doc);
    if (extract)
        zhx_extract(engine, doc);
    else
        zhx_normalize(engine, doc);
    zhx_engine_free(engine);
    return doc;
}

/* The normalized text of `input` with the shipped rules, as a malloc'd string. */
static inline char *normalized(const zhx_options *options, const char *input)
{
    zhx_doc *doc = run_doc(shipped_rules(), options, input, strlen(input), false);
    size_t len;
    const char *text = zhx_doc_text(doc, &len);
    char *copy = text ? strndup(text, len) : NULL;
    if (!text)
        fail_msg("normalize failed: %s", zhx_doc_error(doc));
    zhx_doc_free(doc);
    return copy;
}

#define assert_normalizes(input, expected)                                                         \
    do {                                                                                           \
        char *got_ = normalized(NULL, (input));                                                    \
        assert_string_equal(got_, (expected));                                                     \
        free(got_);                                                                                \
    } while (0)

#endif
