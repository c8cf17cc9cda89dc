/* The rule engine: rule files parsed, macros expanded, patterns compiled with PCRE2's JIT,
 * and a per-thread matcher with limits. The file format is described in README.md
 * ("Rule files"); in short:
 *
 *     # comment
 *     macro NUM  \d+(?:\.\d+)?
 *     family docsite.renrendoc
 *     signature  人人文库
 *     needs      人人文库
 *     rule boilerplate.renrendoc.footer
 *     site     docsite.renrendoc
 *     action   drop-to-end
 *     pattern  ^人人文库版权所有
 *     rule target.control-below
 *     pattern  (?<indicator>{IND})控制在(?<value>{NUM})以下
 *     set      op=<= kind=target
 *     example  婴儿死亡率控制在6‰以下
 *     expect   indicator=婴儿死亡率 value=6
 *     reject   控制在合理范围
 *     map entity.names
 *     amp   &
 *
 * A line that starts with blanks continues the value of the line before it. */
#ifndef ZHX_RULES_H
#define ZHX_RULES_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>

#include "../include/zhx.h"
#include "buf.h"
#include "literals.h"

/* Whether rules of a kind rewrite their match with a `replace` template. */
typedef enum zhx_replace_use {
    ZHX_REPLACE_NEVER,
    ZHX_REPLACE_MAY, /* some do (an entity rule for leftover markup), others not */
    ZHX_REPLACE_MUST,
} zhx_replace_use;

/* What rules of one kind may contain. Lists are space-separated words. */
typedef struct zhx_rule_kind {
    const char *name;
    const char *groups;  /* named groups a pattern may capture */
    const char *actions; /* allowed values of `action`; NULL: rules of this kind take none */
    const char *sets;    /* fields `set` may assign: KEY (any value) or KEY=V1|V2 (one of them) */
    zhx_replace_use replace;
    bool anchored; /* tried only where a `needs` literal begins: compiled anchored as well */
} zhx_rule_kind;

const zhx_rule_kind *zhx_rule_kind_find(const char *name, size_t len);
void zhx_rule_kinds_list(zhx_buf *out);
bool zhx_word_in(const char *list, const char *word, size_t len);

typedef enum zhx_setting_check {
    ZHX_SETTING_OK,
    ZHX_SETTING_BAD_KEY,  /* the kind cannot set the key */
    ZHX_SETTING_BAD_VALUE /* the key takes one of *values[0, *nvalues), and not this one */
} zhx_setting_check;

/* Whether a rule of `kind` may say `set KEY=VALUE`. */
zhx_setting_check zhx_rule_kind_setting(const zhx_rule_kind *kind, const char *key, size_t klen,
                                        const char *value, size_t vlen, const char **values,
                                        size_t *nvalues);

typedef struct zhx_group {
    const char *name;
    uint32_t number;
} zhx_group;

typedef struct zhx_setting {
    const char *key, *value;
} zhx_setting;

typedef struct zhx_example {
    const char *text;
    const char *expect; /* "group=value ..." or NULL */
    const char *result; /* expected text after the replacement, or NULL */
    unsigned line;
    bool reject; /* must not match */
} zhx_example;

typedef struct zhx_rule {
    const char *name;
    const zhx_rule_kind *kind;
    const char *file;
    unsigned line;
    int family; /* index into the families, or -1 for a generic rule */
    const char *action, *replace, *note;
    const char *pattern; /* expanded */
    const char **needs;  /* literals one of which every match contains (prefilter) */
    size_t nneeds;
    zhx_setting *settings;
    size_t nsettings;
    zhx_group *groups;
    size_t ngroups;
    zhx_example *examples;
    size_t nexamples;
    pcre2_code *code;
    pcre2_code *anchored; /* the pattern anchored at the start offset, for an anchored kind */
} zhx_rule;

typedef struct zhx_family {
    const char *name, *file;
    unsigned line;
    const char *pattern;
    pcre2_code *code;
    const char **needs; /* literals one of which every signature match contains */
    size_t nneeds;
} zhx_family;

typedef struct zhx_table_entry {
    const char *key, *value;
} zhx_table_entry;

typedef struct zhx_table {
    const char *name, *file;
    unsigned line;
    zhx_table_entry *entries; /* sorted by key */
    size_t n;
} zhx_table;

/* Loads the rules of one file held in memory (no shipped rules): for fuzzing and tests. */
zhx_rules *zhx_rules_load_text(const char *name, const char *text, size_t len, zhx_diag *diag);

/* The rules of `kind`, in load order. */
const zhx_rule *const *zhx_rules_of_kind(const zhx_rules *rules, const char *kind, size_t *n);
/* Finds in one pass where the `needs` literals of the rules of `kind` occur in valid UTF-8 `s`:
 * calls `hit(user, i, pos)` for rule i of zhx_rules_of_kind(kind) wherever one of its literals
 * starts, at byte `pos`, in text order. Rules without `needs` are never reported. The `needs`
 * of the families these rules are scoped to are found in the same pass and reported as
 * i = (number of rules of the kind) + the family's index. */
void zhx_rules_find_needs(const zhx_rules *rules, const char *kind, const char *s, size_t len,
                          zhx_literal_fn hit, void *user);
/* The index zhx_rules_find_needs scans with for `kind` (NULL if no rule is of that kind), for
 * a stage that scans many pieces of text: looked up once, then given to zhx_literals_scan. */
const zhx_literals *zhx_rules_needs_index(const zhx_rules *rules, const char *kind);
/* A rule and a line to try it on: bytes [lo, hi) of the text, without the newline. */
typedef struct zhx_rule_line {
    const zhx_rule *rule;
    size_t lo, hi;
} zhx_rule_line;
/* The lines of valid UTF-8 `s` to try each rule of `kind` on: those that hold one of its
 * `needs` literals, found for all the rules in one pass (every line, for a rule without
 * `needs`). Returns a malloc'd array of *n pairs, the lines in text order (then those of the
 * rules without `needs`); NULL when out of memory. If `family_from` is not NULL, it receives
 * for each family (zhx_rules_family_count of them) the byte where its signature may first
 * match: the start of the line that holds the first of its `needs` literals, 0 for a family
 * without `needs`, SIZE_MAX when none of them occurs. */
zhx_rule_line *zhx_rules_lines(const zhx_rules *rules, const char *kind, const char *s, size_t len,
                               size_t *n, size_t *family_from);
const zhx_rule *zhx_rules_find(const zhx_rules *rules, const char *name);
size_t zhx_rules_family_count(const zhx_rules *rules);
const zhx_family *zhx_rules_family(const zhx_rules *rules, size_t index);
const zhx_table *zhx_rules_table(const zhx_rules *rules, const char *name);
/* The value of `key` (len bytes) in `table`, or NULL. */
const char *zhx_table_get(const zhx_table *table, const char *key, size_t len);
/* The value `set` gives `key` in `rule`, or NULL. */
const char *zhx_rule_setting(const zhx_rule *rule, const char *key);
/* Whether `text` holds one of the rule's `needs` literals (true when it has none). */
bool zhx_rule_may_match(const zhx_rule *rule, const char *text, size_t len);

/* Per-thread matching state: match data sized for the largest rule, a match context with
 * limits, and a JIT stack. */
typedef struct zhx_matcher zhx_matcher;

zhx_matcher *zhx_matcher_new(const zhx_rules *rules, bool no_jit);
void zhx_matcher_free(zhx_matcher *m);

/* Finds the first match of `code` in valid UTF-8 `s` at or after byte `start` (a character
 * boundary). Returns 1 on a match, 0 on none, or a negative PCRE2 error code: then
 * zhx_matcher_error() names it (for instance, the match limit was hit). */
int zhx_match(zhx_matcher *m, const pcre2_code *code, const char *s, size_t len, size_t start);

/* The span of group `number` of the last match; false if the group did not take part. */
bool zhx_match_group(const zhx_matcher *m, uint32_t number, size_t *lo, size_t *hi);
/* The span of the first group named `name` that took part in the last match of `rule`. */
bool zhx_match_field(const zhx_matcher *m, const zhx_rule *rule, const char *name, size_t *lo,
                     size_t *hi);
/* Appends the rule's `replace` template, expanded for the last match, to `out`. Returns 1
 * when it did; 0 when the rule has none or memory ran out (out->failed); or a negative PCRE2
 * error when the template cannot be expanded (zhx_matcher_error names it): `out` is then
 * left as it was. */
int zhx_match_substitute(zhx_matcher *m, const zhx_rule *rule, const char *s, size_t len,
                         zhx_buf *out);
/* A message for a negative zhx_match result, e.g. "match limit exceeded". */
void zhx_matcher_error(int code, char *buf, size_t size);

/* Whether family `f`'s signature occurs in `s` (its `needs`, if any, are looked for first). */
bool zhx_family_present(zhx_matcher *m, const zhx_family *f, const char *s, size_t len);

#endif
