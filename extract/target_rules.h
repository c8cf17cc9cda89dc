/* The rules of the targets stage, read once per engine: each rule's settings and the field
 * each of its groups fills, and the `needs` words of the target rules indexed by their last
 * character, so that reading a document compares no names and builds no index of its own.
 * Built on first use and kept in the engine (core/doc.h, zhx_stage_cache). */
#ifndef ZHX_TARGET_RULES_H
#define ZHX_TARGET_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/doc.h"
#include "sentences.h"

/* The named groups the stage reads. */
typedef enum zhx_field {
    ZHX_FIELD_VALUE,
    ZHX_FIELD_VALUE_MAX,
    ZHX_FIELD_UNIT,
    ZHX_FIELD_FROM,
    ZHX_FIELD_CMP,
    ZHX_FIELD_NOUN,
    ZHX_FIELD_INDICATOR,
    ZHX_FIELD_PLACE,
    ZHX_FIELD_YEAR,
    ZHX_FIELD_DEADLINE,
    ZHX_FIELD_AHEAD,
    ZHX_FIELD_PAST,
    ZHX_FIELDS,
    ZHX_FIELD_NONE = ZHX_FIELDS
} zhx_field;

/* A rule as the stage uses it. */
typedef struct zhx_trule {
    const zhx_rule *rule;
    uint8_t *field;     /* field[g]: what group g of rule->groups fills, or ZHX_FIELD_NONE */
    size_t *needs_len;  /* the lengths of rule->needs */
    const char *kind;   /* set kind=, or NULL */
    const char *op;     /* set op= as one of the ops of records (">=" …), or NULL */
    const char *unit;   /* set unit= (unit rules), or NULL */
    bool row;           /* starts with ^: a row of a flattened table, matched from its start */
    bool clause;        /* start=clause: matched from the start of the clause holding the number */
    bool in_number;     /* start=number: tried at a number whose first bytes hold one of its
                           needs words (三分之一, 3/4), as the number writes its own form */
    bool like_previous; /* like=previous: coordinated with the figure before */
    bool one_name_each; /* names=one-each: it and the figures coordinated with it pair one to
                           one with the names its indicator lists (…分别为x、y、z) */
    bool object;        /* indicator=object */
    bool change_down;   /* change=down */
    uint32_t fields;    /* bit f: some group of it fills field f (zhx_trule_has) */
    bool weak;          /* weak=yes (cues) */
    bool only_object;   /* only=object (indicator rules): applied only to objects */
    bool only_names;    /* only=names (indicator rules): never trims; splits a list of names */
    bool only_place;    /* only=place (indicator rules): never trims; an indicator it matches
                           is a place's name alone, a part of the total before it */
    bool at_end;        /* anchored only at the end (…$): reads the last bytes of a text */
    bool traditional;   /* script=traditional (year rules): only in Traditional documents */
    bool title_year;    /* year=title (genre rules): its reported figures are of the title's year */
    bool title_first;   /* govern=untitled (year rules): governs a passage only when the title
                           names no year */
    bool governs_after; /* govern=following (year rules): governs all the text after it */
    bool title_only;    /* in=title (year rules): read in titles, never in the text */
    bool line_reach;    /* reach=line (deadline rules): also read in the rest of the figure's
                           line, a label's deadline for all the figures before it */
    int era;            /* era=N (year rules): years counted from N, or 0 */
} zhx_trule;

/* Whether the kind of `t`'s figures is the one its place in a row says (a row rule that sets
 * kind=: the base or the target of an indicator's item), whatever the cues around it. */
static inline bool zhx_trule_kind_by_place(const zhx_trule *t)
{
    return t->row && t->kind;
}

/* Whether some group of `t` fills field `f`. */
static inline bool zhx_trule_has(const zhx_trule *t, zhx_field f)
{
    return t->fields >> f & 1;
}

typedef struct zhx_trules {
    const zhx_trule *v;
    size_t n;
} zhx_trules;

/* A word of the `target.cmp` map, read: the op it gives, and whether it makes a figure
 * approximate. */
typedef struct zhx_cmp_word {
    const char *word;
    size_t len;
    const char *op; /* one of the ops of records, or NULL */
    bool approx;
    bool lead; /* it stands before a number (逾6300家), not after it (6300家以上) */
} zhx_cmp_word;

/* A `needs` word of a target rule, indexed by the character it ends with. */
typedef struct zhx_needs_word {
    const char *s;
    uint32_t len, rule;
} zhx_needs_word;

#define ZHX_WORD_BUCKETS 256

typedef struct zhx_target_rules {
    zhx_trules figures, years, deadlines, cues, genres, trims, units;
    zhx_trules columns, cells;       /* the head cells and the cells of tables (tables.c) */
    const zhx_rule *clause;          /* the first `clause` rule, or NULL */
    const zhx_rule *attribute;       /* the first `attribute` rule, or NULL */
    const zhx_rule *card;            /* the first `card` rule (a line KEY：VALUE), or NULL */
    const zhx_rule *caption;         /* the first `caption` rule (单位：万元), or NULL */
    const zhx_rule *relative;        /* the first `relative` rule (今年, 明年), or NULL */
    const zhx_table *relative_years; /* year.relative: 明年 → 1 */
    const zhx_table *table_totals;   /* table.totals: the places of a row of totals (合计) */
    const zhx_literals *cue_needs, *genre_needs; /* the needs of the cue and genre rules */
    const zhx_table *units_table;
    const zhx_table *plan_periods; /* year.plan-period: 十四五 → 2025 */
    zhx_cmp_word *cmp; /* the target.cmp map, hashed: cmp_mask + 1 slots, empty ones NULL */
    size_t cmp_mask;
    zhx_charset ends;       /* sentence.ends */
    zhx_charset full_stops; /* sentence.full-stops: where the cues before a figure may start */
    zhx_charset lead_ends;  /* sentence.lead-ends: the colon that ends a paragraph's lead */
    zhx_charset separators; /* indicator.separators: skipped at the start of a quoted clause */
    /* the needs words of the figure rules that are not rows: word_at[b] to word_at[b + 1] are
     * those whose last character hashes to bucket b, by rule, longest first */
    zhx_needs_word *words;
    uint32_t word_at[ZHX_WORD_BUCKETS + 1];
    zhx_needs_word *row_words; /* the needs words of the row rules, each once */
    size_t nrow_words;
    bool *needless;          /* needless[i]: figure rule i has no needs: it is tried anywhere */
    uint64_t last_chars[64]; /* the last characters of all those words (zhx_char_hash) */
    uint64_t clause_last_chars[64]; /* the same for the needs words of clause rules */
    bool has_rows;                  /* some figure rule is a row */
    bool has_clauses;               /* some figure rule is matched from the start of its clause */
    size_t *in_number;              /* the indexes of the figure rules that are start=number */
    size_t nin_number;
    bool has_coordinated; /* some clause rule is tried where the figure before ends (like=previous)
                           */
    bool year_after[256]; /* the bytes a year rule's needs words start with (all: one has none) */
} zhx_target_rules;

/* The engine's target rules, read on first use; NULL when out of memory. */
const zhx_target_rules *zhx_target_rules_get(zhx_engine *engine);

/* The comparator word `s` (len bytes) of the target.cmp map, or NULL. */
const zhx_cmp_word *zhx_cmp_find(const zhx_target_rules *tr, const char *s, size_t len);

/* The op of records named by the first `n` bytes of `op` (">=", "<=", "=", ">", "<"), as a
 * static string, or NULL. */
const char *zhx_op_named(const char *op, size_t n);

/* The span of the first group of field `f` that took part in the last match of `r`; with
 * `nonempty`, the first that took part and matched something. */
bool zhx_trule_field(const zhx_matcher *m, const zhx_trule *r, zhx_field f, bool nonempty,
                     size_t *lo, size_t *hi);

/* The length of the first of `r`'s `needs` words that starts at byte `at` of text[0..len), or 0
 * when none does. */
size_t zhx_trule_word_at(const zhx_trule *r, const char *text, size_t len, size_t at);

/* The bucket of the word index that the character `cp` falls in. */
static inline uint32_t zhx_word_bucket(uint32_t cp)
{
    return (cp ^ cp >> 8) & (ZHX_WORD_BUCKETS - 1);
}

/* A character hashed to 12 bits, for the tables of the characters words end with: its low 12
 * bits with the next four folded in, so that CJK punctuation (U+3000…) and the ideographs that
 * share its low bits hash apart (、 U+3001 and 送 U+9001: a line of ten million 1、 would have
 * a clause rule's word 移送 seem to end before every number). */
static inline unsigned zhx_char_hash(uint32_t cp)
{
    return (cp ^ (cp >> 12 << 8)) & 0xFFF;
}

#endif
