/* The inside of a document and of an engine, shared by the stages. Stages read the text
 * they are given and write a new text (normalize) or records (extract); they touch the
 * document only through the counters, warnings and record arrays declared here. */
#ifndef ZHX_DOC_H
#define ZHX_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../include/zhx.h"
#include "rules.h"
#include "text.h"

/* An exact decimal: units * 10^-scale. Never a binary floating-point number. */
typedef struct zhx_decimal {
    int64_t units;
    int32_t scale;
} zhx_decimal;

/* A node of the outline: a heading (一、 （一） 1、 一是 …) and the text it governs. */
typedef struct zhx_section {
    uint32_t lo, hi;   /* bytes of normalized text: heading marker to end of section */
    uint32_t body_lo;  /* first byte after the marker */
    int parent;        /* index of the enclosing section, or -1 */
    int level;         /* 1 for the outermost */
    char *marker;      /* as written, with its punctuation: "三、", "（一）", "一是" */
    char *label;       /* the bare sequence label for task paths: "三", "一", "一是" */
    char *title;       /* run-in title, or NULL */
    const char *style; /* its marker's style: the items of one list share it */
    int num;           /* its number in its list, from 1 */
    bool bullet;       /* its marker is a bullet (✔ ●), no number: counted by place */
    bool tasks;        /* items under this section are tasks */
} zhx_section;

typedef struct zhx_target {
    uint32_t lo, hi; /* bytes of normalized text: the clause the record quotes as `text` */
    const char *rule;
    char *indicator, *unit, *literal, *deadline;
    const char *op;   /* ">=", "<=", "=", ">", "<" */
    const char *kind; /* "target" or "actual" */
    zhx_decimal value, value_max, from;
    bool has_value, has_value_max, has_from, approx, placeholder;
    int year; /* 0 when unknown */
    int section;
} zhx_target;

typedef struct zhx_task {
    uint32_t lo, hi;
    int section;
    char *title, *deadline;
    char **owners;
    size_t nowners;
} zhx_task;

#define ZHX_STAGES_MAX 16

struct zhx_doc {
    char *id;
    const char *raw;
    size_t raw_len;

    /* normalize: the current text and how it came from the raw bytes */
    const char *text; /* `owned` or the raw bytes themselves */
    char *owned;
    size_t len;
    zhx_map maps[ZHX_STAGES_MAX]; /* maps[i] is stage i's, empty if it changed nothing */
    size_t nstages;
    const char *stage_names[ZHX_STAGES_MAX];
    zhx_changelog log;
    bool normalized, extracted;

    char *title;
    char date[11]; /* the date the page says it was published, YYYY-MM-DD, or "" */
    const char *encoding;
    const char *script;
    bool converted;
    size_t removed_boilerplate, removed_page_markers, removed_pinyin;
    size_t lost_chars;
    zhx_buf warnings; /* NUL-separated messages */
    size_t nwarnings;

    zhx_section *sections;
    size_t nsections, sections_cap;
    zhx_target *targets;
    size_t ntargets, targets_cap;
    zhx_task *tasks;
    size_t ntasks, tasks_cap;

    char *error, *error_detail;
};

/* Adds a warning (kept in the doc record); identical warnings are kept once. */
void zhx_doc_warn(zhx_doc *doc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Maps the byte span [*lo, *hi) of the current text back to the raw input, in place. */
void zhx_doc_raw_bytes(const zhx_doc *doc, size_t *lo, size_t *hi);
/* Maps a byte span of the text that stage `stage` received back to the raw input. */
void zhx_doc_raw_bytes_before(const zhx_doc *doc, size_t stage, size_t *lo, size_t *hi);
/* Appends a new zeroed record; NULL when out of memory. */
zhx_target *zhx_doc_add_target(zhx_doc *doc);
zhx_task *zhx_doc_add_task(zhx_doc *doc);
zhx_section *zhx_doc_add_section(zhx_doc *doc);

/* What a stage derives from the rules (its rules' settings and groups read, their `needs`
 * indexed): built by the stage on first use, kept for the engine's life and released with it
 * through `free`, so that no document pays for it. */
typedef struct zhx_stage_cache {
    void *data;
    void (*free)(void *data);
} zhx_stage_cache;

enum { ZHX_CACHE_PINYIN, ZHX_CACHE_OUTLINE, ZHX_CACHE_TARGETS, ZHX_CACHE_TASKS, ZHX_CACHES };

struct zhx_engine {
    const zhx_rules *rules;
    zhx_options options;
    zhx_matcher *matcher;
    void *opencc[ZHX_CONVERT_NONE]; /* opened on first use, one per conversion */
    zhx_stage_cache caches[ZHX_CACHES];
};

/* What a stage is given besides its text. */
typedef struct zhx_stage {
    zhx_engine *engine;
    zhx_doc *doc;
    uint32_t index;     /* position in the pipeline, for the change log */
    zhx_changelog *log; /* NULL unless explaining */
} zhx_stage;

/* Warns that `rule` was stopped by PCRE2 error `rc` (a match, depth or heap limit). */
void zhx_doc_rule_stopped(zhx_doc *doc, const zhx_rule *rule, int rc);
/* Matches `rule` in valid UTF-8 s[0..len) from byte `start` (a character boundary). A match
 * stopped by one of PCRE2's limits counts as none, and the document gets a warning naming the
 * rule: the stage goes on with its other rules and text. */
bool zhx_stage_match(zhx_stage *st, const zhx_rule *rule, const char *s, size_t len, size_t start);
/* Appends to `out` what `rule`'s `replace` template makes of the matcher's last match of it
 * in s[0..len) (the subject that match was made in). Returns true when made; false when out
 * of memory (out->failed says so) or PCRE2 could not make it (the document gets a warning
 * naming the rule, and the match should be left as it is). */
bool zhx_stage_substitute(zhx_stage *st, const zhx_rule *rule, const char *s, size_t len,
                          zhx_buf *out);
/* The next match of `rule` in s[0..len) at or after *at: its span in *lo, *hi, and *at moved
 * past it (one character past an empty match), ready for the next call. False when there is
 * none (or a limit stopped it, as for zhx_stage_match). */
bool zhx_stage_next(zhx_stage *st, const zhx_rule *rule, const char *s, size_t len, size_t *at,
                    size_t *lo, size_t *hi);

/* A normalize stage: reads `len` bytes of `in` (valid UTF-8 except for decode's input) and
 * fills `out`, leaving out->changed false if it changed nothing. */
typedef zhx_status (*zhx_normalize_fn)(zhx_stage *st, const char *in, size_t len, zhx_text *out);
/* An extract stage: reads the normalized text and adds records to st->doc. */
typedef zhx_status (*zhx_extract_fn)(zhx_stage *st, const char *text, size_t len);

#endif
