/*
 * zhx — clean scraped Chinese policy documents and extract their numeric targets and task
 * lists as JSON Lines.
 *
 * Ownership, stated once: an object returned by zhx_*_new or zhx_*_load belongs to the caller
 * and is released by the matching zhx_*_free, which accepts NULL. A `const char *` returned by
 * an accessor belongs to the object it came from and lives as long as that object. A `char *`
 * returned by the library is the caller's to free().
 *
 * Threads: a zhx_rules is immutable once loaded and may be shared by any number of threads.
 * A zhx_engine and the documents processed with it belong to one thread at a time.
 *
 * The library never prints and never exits: it returns a zhx_status and, where there is more
 * to say, fills a zhx_diag that the caller provides.
 */
#ifndef ZHX_H
#define ZHX_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZHX_VERSION "0.1.0"

#if defined(__GNUC__)
#define ZHX_API __attribute__((visibility("default")))
#else
#define ZHX_API
#endif

typedef enum zhx_status {
    ZHX_OK = 0,
    ZHX_ERR_INPUT,   /* the document cannot be processed: the diag says why */
    ZHX_ERR_RULES,   /* a rule file is broken: the diag names file, line, column and rule */
    ZHX_ERR_NOMEM,   /* an allocation failed */
    ZHX_ERR_CONVERT, /* OpenCC could not be opened or failed on the text */
    ZHX_ERR_LIMIT    /* a configured limit was exceeded */
} zhx_status;

/* What went wrong, in words a person can act on. `file`, `line`, `column` and `rule` are
 * set for rule-file errors (line and column 1-based, column in characters); `source` then
 * holds the offending line so that a caret can be drawn under `column`. */
typedef struct zhx_diag {
    zhx_status status;
    char file[512];
    unsigned line, column;
    char rule[128];
    char message[512];
    char source[512];
} zhx_diag;

/* A short lowercase name of a status, e.g. "rule error". */
ZHX_API const char *zhx_status_name(zhx_status status);

/* ---- rules ---------------------------------------------------------------------------- */

typedef struct zhx_rules zhx_rules;

/* Loads the shipped rules (unless `builtin` is false) and then every `*.rules` file of each
 * folder in `dirs`, in order; a user rule with the name of an earlier rule replaces it.
 * Macros are expanded and every pattern is compiled (with PCRE2's JIT) here, once.
 * Returns NULL and fills `diag` on the first broken file. */
ZHX_API zhx_rules *zhx_rules_load(const char *const *dirs, size_t ndirs, bool builtin,
                                  zhx_diag *diag);
ZHX_API void zhx_rules_free(zhx_rules *rules);

typedef struct zhx_rule_info {
    const char *name;    /* dotted: boilerplate.docsite.uploader */
    const char *file;    /* where it was defined */
    unsigned line;       /* line of its `rule` directive */
    const char *family;  /* site family it is scoped to, or NULL for a generic rule */
    const char *action;  /* e.g. drop-line, or NULL */
    const char *pattern; /* after macro expansion */
    size_t examples;     /* positive and negative examples it carries */
} zhx_rule_info;

ZHX_API size_t zhx_rules_count(const zhx_rules *rules);
/* Fills `info` for the rule at `index` (0 <= index < zhx_rules_count), in load order. */
ZHX_API void zhx_rules_info(const zhx_rules *rules, size_t index, zhx_rule_info *info);

/* Runs the examples of every rule, matching with PCRE2's JIT if `jit` and with its interpreter
 * otherwise (PCRE2's authors test both ways; run both). For each failing example,
 * `on_failure` (if not NULL) gets the rule name, its file and line, and what went wrong.
 * Returns the number of examples that failed; `passed` (if not NULL) receives the number that
 * held. */
typedef void (*zhx_example_failure_fn)(void *user, const char *rule, const char *file,
                                       unsigned line, const char *what);
ZHX_API size_t zhx_rules_test(const zhx_rules *rules, bool jit, zhx_example_failure_fn on_failure,
                              void *user, size_t *passed);

/* ---- options and engine --------------------------------------------------------------- */

typedef enum zhx_convert {
    ZHX_CONVERT_AUTO, /* convert the paragraphs that are written in Traditional script */
    ZHX_CONVERT_T2S,
    ZHX_CONVERT_TW2S,
    ZHX_CONVERT_TW2SP,
    ZHX_CONVERT_HK2S,
    ZHX_CONVERT_NONE
} zhx_convert;

typedef enum zhx_punct {
    ZHX_PUNCT_CJK, /* half-width , : ; ( ) ! ? between Han characters become full-width */
    ZHX_PUNCT_KEEP
} zhx_punct;

typedef struct zhx_options {
    zhx_convert convert;
    zhx_punct punct;
    bool boilerplate;     /* run the boilerplate stage (default true) */
    bool repair;          /* run the opt-in phrase repairs (default false) */
    bool explain;         /* keep a log of every change, for zhx_doc_jsonl(ZHX_EMIT_CHANGES) */
    bool no_jit;          /* match without PCRE2's JIT (tests run both ways) */
    const char *encoding; /* force an input charset (ICU name); NULL detects it */
} zhx_options;

/* Sets every option to its default. */
ZHX_API void zhx_options_init(zhx_options *options);

/* Parses a --convert or --punct value; returns false if `name` is not one of them. */
ZHX_API bool zhx_convert_parse(const char *name, zhx_convert *mode);
ZHX_API bool zhx_punct_parse(const char *name, zhx_punct *mode);

/* Everything one thread needs to process documents: the shared rules, its own PCRE2 match
 * data and OpenCC handles. `rules` must outlive the engine; `options` is copied (but the
 * `encoding` string must outlive the engine). */
typedef struct zhx_engine zhx_engine;
ZHX_API zhx_engine *zhx_engine_new(const zhx_rules *rules, const zhx_options *options,
                                   zhx_diag *diag);
ZHX_API void zhx_engine_free(zhx_engine *engine);

/* ---- documents ------------------------------------------------------------------------ */

typedef struct zhx_doc zhx_doc;

/* A document named `id` over `len` raw bytes. The bytes are borrowed: they must stay alive
 * and unchanged until the document is freed. Returns NULL when out of memory. */
ZHX_API zhx_doc *zhx_doc_new(const char *id, const void *bytes, size_t len);
ZHX_API void zhx_doc_free(zhx_doc *doc);

/* Runs the normalize stages. On an error the document records the cause and its JSON output
 * becomes one `error` record; the status says which kind of error it was. */
ZHX_API zhx_status zhx_normalize(zhx_engine *engine, zhx_doc *doc);

/* Runs the extract stages, normalizing first if that has not been done. */
ZHX_API zhx_status zhx_extract(zhx_engine *engine, zhx_doc *doc);

/* Marks the document failed for a reason found outside the library (unreadable file,
 * corrupt archive member, too large): its JSON output becomes one `error` record. */
ZHX_API void zhx_doc_fail(zhx_doc *doc, const char *error, const char *detail);

/* The normalized text (UTF-8, NUL-terminated); NULL before zhx_normalize or after an error. */
ZHX_API const char *zhx_doc_text(const zhx_doc *doc, size_t *len);
ZHX_API const char *zhx_doc_id(const zhx_doc *doc);
/* The error message of a failed document, or NULL. */
ZHX_API const char *zhx_doc_error(const zhx_doc *doc);

/* Maps the code-point span [lo, hi) of the normalized text back to the byte span of the raw
 * input it came from. Returns false if the span is out of range. */
ZHX_API bool zhx_doc_raw_span(const zhx_doc *doc, size_t lo, size_t hi, size_t *raw_lo,
                              size_t *raw_hi);

enum {
    ZHX_EMIT_RECORDS = 1u << 0, /* target and task records */
    ZHX_EMIT_TEXT = 1u << 1,    /* the doc record carries the normalized text */
    ZHX_EMIT_CHANGES = 1u << 2  /* one `change` record per edit (needs options.explain) */
};

/* The document's JSON Lines: the records asked for in `emit`, then its `doc` record; or a
 * single `error` record. Every line ends in '\n'. Returns a malloc'd string the caller frees
 * (length in *len), or NULL when out of memory. */
ZHX_API char *zhx_doc_jsonl(const zhx_doc *doc, unsigned emit, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
