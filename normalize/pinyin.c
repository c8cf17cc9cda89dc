/* pinyin: reading aids that some sites print after characters, `衛(wèi)生` `發(fā)展`
 * `10萬(wàn)`, are dropped; real parentheses — `(DRG)` `(DR)` `(一)` `(1)` — stay.
 *
 * A `pinyin.*` rule, tried where its `needs` literal occurs, finds a parenthesised annotation
 * and captures its inside as `syllable`. The annotation goes only if that inside reads as
 * pinyin: words that split into syllables of the table the rule names with `set table=`
 * (initials to finals), with at least one tone written, as a mark (wèi) or a number (wei4).
 * Tone marks are taken apart with ICU's NFD, which leaves ü and ê as letters plus a mark.
 * A rule that names no table drops what it matches: a reading in Zhuyin, `衛(ㄨㄟˋ)生`, whose
 * letters are never anything else. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include "../core/utf8.h"

#include "anchors.h"
#include "normalize.h"

/* Long enough for any annotation of a few syllables; longer text is no annotation. */
#define ANNOTATION_MAX 96
/* The longest syllable in bytes: zhuang, or lüe with its two-byte ü. */
#define SYLLABLE_BYTES_MAX 6

/* The syllables of the table, each (initial + final, NUL-padded to eight bytes) read as one
 * 64-bit number, in an open-addressing hash set; built when the first annotation needs it,
 * and kept by the engine (zhx_stage_cache) for the documents after. */
#define KEY_BYTES 8
typedef struct syllable_set {
    const zhx_rule *rule;
    const zhx_table *table;
    uint64_t *slots; /* 0 is an empty slot; NULL until first needed */
    size_t mask;
    bool failed;
} syllable_set;

static uint64_t key_of(const char *s, size_t n, const char *more, size_t m)
{
    char bytes[KEY_BYTES] = {0};
    memcpy(bytes, s, n);
    memcpy(bytes + n, more, m);
    uint64_t key;
    memcpy(&key, bytes, KEY_BYTES);
    return key;
}

static size_t slot_of(const syllable_set *set, uint64_t key)
{
    size_t i = (size_t)((key * 0x9E3779B97F4A7C15u) >> 32) & set->mask; /* Fibonacci hashing */
    while (set->slots[i] && set->slots[i] != key)
        i = (i + 1) & set->mask;
    return i;
}

static bool syllables_build(syllable_set *set)
{
    const zhx_table *t = set->table;
    size_t most = 0, size = 64;
    for (size_t i = 0; i < t->n; i++)
        most += strlen(t->entries[i].value) / 2 + 1; /* a final and a blank take two bytes */
    while (size < 2 * most)
        size *= 2;
    set->slots = calloc(size, sizeof *set->slots);
    if (!set->slots)
        return !(set->failed = true);
    set->mask = size - 1;
    for (size_t i = 0; i < t->n; i++) {
        const char *initial = strcmp(t->entries[i].key, "-") == 0 ? "" : t->entries[i].key;
        size_t k = strlen(initial);
        for (const char *f = t->entries[i].value; *f;) {
            size_t n = strcspn(f, " ");
            if (n && k + n < KEY_BYTES) {
                uint64_t key = key_of(initial, k, f, n);
                set->slots[slot_of(set, key)] = key;
            }
            f += n + strspn(f + n, " ");
        }
    }
    return true;
}

/* Whether `s` (n bytes) is one syllable of the set. */
static bool is_syllable(syllable_set *set, const char *s, size_t n)
{
    if (n >= KEY_BYTES || (!set->slots && !set->failed && !syllables_build(set)) || set->failed)
        return false;
    uint64_t key = key_of(s, n, "", 0);
    return set->slots[slot_of(set, key)] == key;
}

/* Whether the word `s` (n bytes) splits into syllables, by dynamic programming over its
 * byte positions; longer syllables are tried first, so a word of one syllable takes one
 * look-up. */
static bool splits_into_syllables(syllable_set *set, const char *s, size_t n)
{
    bool reach[ANNOTATION_MAX * 2 + 1];
    if (n == 0 || n > ANNOTATION_MAX * 2)
        return false;
    memset(reach, 0, n + 1);
    reach[0] = true;
    for (size_t i = 0; i < n && !reach[n]; i++) {
        if (!reach[i])
            continue;
        for (size_t k = n - i < SYLLABLE_BYTES_MAX ? n - i : SYLLABLE_BYTES_MAX; k > 0; k--)
            if (!reach[i + k] && is_syllable(set, s + i, k))
                reach[i + k] = true;
    }
    return reach[n];
}

/* Words of an annotation, as plain lower-case letters (ü and ê kept as such). */
typedef struct words {
    char text[ANNOTATION_MAX * 2];
    size_t len, start; /* bytes written; start of the current word */
    bool tone, ok;
    bool marked; /* the last letter carries a tone mark */
    syllable_set *set;
} words;

static void end_word(words *w)
{
    if (w->len > w->start && !splits_into_syllables(w->set, w->text + w->start, w->len - w->start))
        w->ok = false;
    w->start = w->len;
}

static void add_letter(words *w, const char *utf8, size_t n)
{
    if (w->len + n > sizeof w->text) {
        w->ok = false;
        return;
    }
    memcpy(w->text + w->len, utf8, n);
    w->len += n;
}

/* Replaces the letter just written (`base`) by `with`, for a combining mark on it. */
static void combine(words *w, char base, const char *with)
{
    if (w->len > w->start && w->text[w->len - 1] == base) {
        w->len--;
        add_letter(w, with, strlen(with));
    } else {
        w->ok = false;
    }
}

static void read_unit(words *w, UChar c)
{
    bool marked = w->marked;
    w->marked = false;
    if (c >= 'A' && c <= 'Z')
        c = (UChar)(c - 'A' + 'a');
    if (c == 'v') {
        add_letter(w, "ü", 2);
    } else if (c >= 'a' && c <= 'z') {
        char letter = (char)c;
        add_letter(w, &letter, 1);
    } else if (c == 0x0304 || c == 0x0301 || c == 0x030C || c == 0x0300) {
        if (w->len == w->start || marked) /* the four tone marks, one on a letter */
            w->ok = false;
        w->tone = w->marked = true;
        return;
    } else if (c == 0x0308 && !marked) {
        combine(w, 'u', "ü");
    } else if (c == 0x0302) {
        combine(w, 'e', "ê");
    } else if (c >= '1' && c <= '5') {
        w->ok = w->ok && w->len > w->start; /* a tone number ends a syllable */
        w->tone = true;
        end_word(w);
    } else if (c == ' ' || c == '\'' || c == 0x2019 || c == '-') {
        end_word(w);
    } else {
        w->ok = false;
    }
}

/* Whether `s` (n bytes of UTF-8) reads as toned pinyin. */
static bool is_pinyin(syllable_set *set, const UNormalizer2 *nfd, const char *s, size_t n)
{
    UChar raw[ANNOTATION_MAX], parts[ANNOTATION_MAX * 3];
    int32_t nraw = 0;
    UErrorCode err = U_ZERO_ERROR;
    size_t first;
    if (!nfd || n == 0 || n > ANNOTATION_MAX ||
        uscript_getScript((UChar32)zhx_utf8_at(s, &first), &err) != USCRIPT_LATIN)
        return false; /* pinyin starts with a Latin letter: `(一)` and `(1)` stop here */
    u_strFromUTF8(raw, ANNOTATION_MAX, &nraw, s, (int32_t)n, &err);
    int32_t nparts =
        U_SUCCESS(err) ? unorm2_normalize(nfd, raw, nraw, parts, ANNOTATION_MAX * 3, &err) : 0;
    if (U_FAILURE(err))
        return false;
    words w = {.ok = true, .set = set};
    for (int32_t i = 0; i < nparts && w.ok; i++)
        read_unit(&w, parts[i]);
    end_word(&w);
    return w.ok && w.tone;
}

#define SETS_MAX 4 /* tables the rules name; rules share one in practice */

typedef struct syllable_sets {
    syllable_set v[SETS_MAX];
} syllable_sets;

static void sets_free(void *data)
{
    syllable_sets *sets = data;
    for (size_t i = 0; i < SETS_MAX; i++)
        free(sets->v[i].slots);
    free(sets);
}

/* The engine's syllable sets; NULL when out of memory. */
static syllable_sets *sets_get(zhx_engine *engine)
{
    zhx_stage_cache *c = &engine->caches[ZHX_CACHE_PINYIN];
    if (!c->data && (c->data = calloc(1, sizeof(syllable_sets))))
        c->free = sets_free;
    return c->data;
}

/* The syllable set of the table `rule` names; NULL if the rule names no table, or more rules
 * name tables than SETS_MAX. */
static syllable_set *syllables_of(zhx_stage *st, const zhx_rule *rule, syllable_sets *sets)
{
    for (size_t i = 0; i < SETS_MAX; i++) {
        syllable_set *set = &sets->v[i];
        if (set->rule && set->rule != rule)
            continue;
        if (!set->rule) {
            const char *name = zhx_rule_setting(rule, "table");
            set->rule = rule;
            set->table = name ? zhx_rules_table(st->engine->rules, name) : NULL;
        }
        return set->table ? set : NULL;
    }
    return NULL;
}

/* Whether a set could not be built for lack of memory; clears that, so that the next
 * document tries again. */
static bool sets_failed(syllable_sets *sets)
{
    bool failed = false;
    for (size_t i = 0; i < SETS_MAX; i++) {
        failed |= sets->v[i].failed;
        sets->v[i].failed = false;
    }
    return failed;
}

/* Whether the last match of `rule` is an annotation: its `syllable` group reads as pinyin by
 * the table the rule names; a rule that names no table (Zhuyin, whose letters are a reading's
 * alone) says so by matching. */
static bool reads_as_annotation(zhx_stage *st, const zhx_rule *rule, syllable_sets *sets,
                                const UNormalizer2 *nfd, const char *in, size_t base)
{
    if (!zhx_rule_setting(rule, "table"))
        return true;
    syllable_set *set = syllables_of(st, rule, sets);
    size_t lo, hi;
    return set && zhx_anchor_field(st, rule, "syllable", base, &lo, &hi) &&
           is_pinyin(set, nfd, in + lo, hi - lo);
}

zhx_status zhx_pinyin(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    size_t nrules;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "pinyin", &nrules);
    syllable_sets *sets = sets_get(st->engine);
    if (!sets)
        return ZHX_ERR_NOMEM;
    zhx_anchors anchors;
    if (!zhx_anchors_find(st, &anchors, rules, nrules, in, len)) {
        zhx_anchors_free(&anchors);
        return ZHX_ERR_NOMEM;
    }
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, st->log, st->index);
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&err);
    size_t done = 0;
    for (const zhx_anchor *a; (a = zhx_anchors_next(&anchors));) {
        size_t base, lo, hi;
        if (a->pos < done || !zhx_anchor_match(st, a->rule, in, len, a->pos, &base) ||
            !reads_as_annotation(st, a->rule, sets, nfd, in, base))
            continue;
        zhx_match_group(st->engine->matcher, 0, &lo, &hi);
        zhx_rw_keep(&rw, a->pos);
        zhx_rw_replace(&rw, base + hi, "", 0, a->rule->name);
        done = base + hi;
        st->doc->removed_pinyin++;
    }
    zhx_anchors_free(&anchors);
    if (sets_failed(sets)) {
        zhx_rw_abandon(&rw);
        return ZHX_ERR_NOMEM;
    }
    return zhx_rw_finish(&rw, out) ? ZHX_OK : ZHX_ERR_NOMEM;
}
