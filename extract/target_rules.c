#include "target_rules.h"

#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"

static const char *const field_names[ZHX_FIELDS] = {"value", "value_max", "unit",      "from",
                                                    "cmp",   "noun",      "indicator", "place",
                                                    "year",  "deadline",  "ahead",     "past"};

static const char *const OPS[] = {">=", "<=", "=", ">", "<"};

const char *zhx_op_named(const char *op, size_t n)
{
    for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++)
        if (strlen(OPS[i]) == n && strncmp(op, OPS[i], n) == 0)
            return OPS[i];
    return NULL;
}

static bool setting_is(const zhx_rule *rule, const char *key, const char *value)
{
    const char *v = zhx_rule_setting(rule, key);
    return v && strcmp(v, value) == 0;
}

/* Whether the pattern is anchored at its end only (…$, not ^…): then only the last bytes of a
 * text can be matched, and it is not tried at every character of a long one. */
static bool anchored_at_end(const char *pattern)
{
    size_t n = strlen(pattern);
    return pattern[0] != '^' && n >= 2 && pattern[n - 1] == '$';
}

static bool trule_init(zhx_trule *t, const zhx_rule *rule)
{
    memset(t, 0, sizeof *t);
    t->rule = rule;
    t->field = malloc(rule->ngroups ? rule->ngroups : 1);
    t->needs_len = malloc((rule->nneeds ? rule->nneeds : 1) * sizeof *t->needs_len);
    if (!t->field || !t->needs_len)
        return false;
    for (size_t g = 0; g < rule->ngroups; g++) {
        t->field[g] = ZHX_FIELD_NONE;
        for (int f = 0; f < ZHX_FIELDS; f++)
            if (strcmp(rule->groups[g].name, field_names[f]) == 0)
                t->field[g] = (uint8_t)f;
        if (t->field[g] != ZHX_FIELD_NONE)
            t->fields |= (uint32_t)1 << t->field[g];
    }
    for (size_t k = 0; k < rule->nneeds; k++)
        t->needs_len[k] = strlen(rule->needs[k]);
    t->kind = zhx_rule_setting(rule, "kind");
    const char *op = zhx_rule_setting(rule, "op");
    t->op = op ? zhx_op_named(op, strlen(op)) : NULL;
    t->unit = zhx_rule_setting(rule, "unit");
    t->row = rule->pattern[0] == '^';
    t->clause = setting_is(rule, "start", "clause");
    t->in_number = setting_is(rule, "start", "number");
    t->like_previous = setting_is(rule, "like", "previous");
    t->one_name_each = setting_is(rule, "names", "one-each");
    t->object = setting_is(rule, "indicator", "object");
    t->change_down = setting_is(rule, "change", "down");
    t->weak = setting_is(rule, "weak", "yes");
    t->only_object = setting_is(rule, "only", "object");
    t->only_names = setting_is(rule, "only", "names");
    t->only_place = setting_is(rule, "only", "place");
    t->line_reach = setting_is(rule, "reach", "line");
    t->at_end = anchored_at_end(rule->pattern);
    t->traditional = setting_is(rule, "script", "traditional");
    t->title_year = setting_is(rule, "year", "title");
    t->title_first = setting_is(rule, "govern", "untitled");
    t->governs_after = setting_is(rule, "govern", "following");
    t->title_only = setting_is(rule, "in", "title");
    const char *era = zhx_rule_setting(rule, "era");
    t->era = era ? atoi(era) : 0;
    return true;
}

static void trules_free(zhx_trules *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->v[i].field);
        free(set->v[i].needs_len);
    }
    free((void *)set->v);
}

static bool trules_init(zhx_trules *set, const zhx_rules *rules, const char *kind)
{
    size_t n;
    const zhx_rule *const *v = zhx_rules_of_kind(rules, kind, &n);
    zhx_trule *t = calloc(n ? n : 1, sizeof *t);
    set->v = t;
    set->n = 0;
    if (!t)
        return false;
    for (; set->n < n; set->n++)
        if (!trule_init(&t[set->n], v[set->n])) {
            set->n++;
            return false;
        }
    return true;
}

static void target_rules_free(void *data)
{
    zhx_target_rules *tr = data;
    if (!tr)
        return;
    zhx_trules *sets[] = {&tr->figures, &tr->years, &tr->deadlines, &tr->cues, &tr->genres,
                          &tr->trims,   &tr->units, &tr->columns,   &tr->cells};
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        trules_free(sets[i]);
    free(tr->words);
    free(tr->row_words);
    free(tr->cmp);
    free(tr->needless);
    free(tr->in_number);
    free(tr);
}

/* The character a word (len > 0 bytes) ends with. */
static uint32_t last_char(const char *word, size_t len)
{
    size_t w;
    return zhx_utf8_at(word + zhx_utf8_prev(word, len), &w);
}

static int word_cmp(const void *a, const void *b)
{
    const zhx_needs_word *x = a, *y = b;
    uint32_t bx = zhx_word_bucket(last_char(x->s, x->len)),
             by = zhx_word_bucket(last_char(y->s, y->len));
    if (bx != by)
        return bx < by ? -1 : 1;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    return (x->len < y->len) - (x->len > y->len);
}

/* Indexes the needs words of the figure rules that are read from a word right before their
 * number: not rows, not clause rules (their words lead their clause). */
/* Notes the needs words of row rule `i`, each word once (rules of one table share them). */
static void add_row_words(zhx_target_rules *tr, size_t i)
{
    const zhx_trule *t = &tr->figures.v[i];
    for (size_t k = 0; k < t->rule->nneeds; k++) {
        size_t seen = 0;
        while (seen < tr->nrow_words && strcmp(tr->row_words[seen].s, t->rule->needs[k]) != 0)
            seen++;
        if (seen == tr->nrow_words)
            tr->row_words[tr->nrow_words++] =
                (zhx_needs_word){t->rule->needs[k], (uint32_t)t->needs_len[k], (uint32_t)i};
    }
}

static bool index_words(zhx_target_rules *tr)
{
    size_t n = 0, nrow = 0;
    for (size_t i = 0; i < tr->figures.n; i++)
        if (tr->figures.v[i].row)
            nrow += tr->figures.v[i].rule->nneeds;
        else if (!tr->figures.v[i].clause)
            n += tr->figures.v[i].rule->nneeds;
    tr->words = malloc((n ? n : 1) * sizeof *tr->words);
    tr->row_words = malloc((nrow ? nrow : 1) * sizeof *tr->row_words);
    tr->needless = calloc(tr->figures.n ? tr->figures.n : 1, sizeof *tr->needless);
    tr->in_number = calloc(tr->figures.n ? tr->figures.n : 1, sizeof *tr->in_number);
    if (!tr->words || !tr->row_words || !tr->needless || !tr->in_number)
        return false;
    n = 0;
    for (size_t i = 0; i < tr->figures.n; i++) {
        const zhx_trule *t = &tr->figures.v[i];
        if (t->row) {
            tr->has_rows = true;
            add_row_words(tr, i);
            continue;
        }
        if (t->clause && t->like_previous) {
            tr->has_coordinated = true; /* tried only where the figure before ends (targets.c) */
            continue;
        }
        if (t->in_number) { /* its words are looked for in the number (targets.c) */
            tr->in_number[tr->nin_number++] = i;
            continue;
        }
        if (t->clause) {
            tr->has_clauses = true;
            for (size_t k = 0; k < t->rule->nneeds; k++) {
                uint32_t cp = zhx_char_hash(last_char(t->rule->needs[k], t->needs_len[k]));
                tr->clause_last_chars[cp >> 6] |= 1ull << (cp & 63);
            }
            continue;
        }
        tr->needless[i] = t->rule->nneeds == 0;
        if (tr->needless[i]) /* tried everywhere */
            memset(tr->last_chars, 0xFF, sizeof tr->last_chars);
        for (size_t k = 0; k < t->rule->nneeds; k++) {
            const char *s = t->rule->needs[k];
            uint32_t cp = zhx_char_hash(last_char(s, t->needs_len[k]));
            tr->last_chars[cp >> 6] |= 1ull << (cp & 63);
            tr->words[n++] = (zhx_needs_word){s, (uint32_t)t->needs_len[k], (uint32_t)i};
        }
    }
    qsort(tr->words, n, sizeof *tr->words, word_cmp);
    for (size_t k = 0, b = 0; b <= ZHX_WORD_BUCKETS; b++) {
        while (k < n && zhx_word_bucket(last_char(tr->words[k].s, tr->words[k].len)) < b)
            k++;
        tr->word_at[b] = (uint32_t)k;
    }
    return true;
}

static size_t hash_word(const char *s, size_t len)
{
    size_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Reads the words of the target.cmp map ("WORD OP [approx] [lead]") into a hash table. */
static bool index_cmp(zhx_target_rules *tr, const zhx_table *cmp)
{
    size_t slots = 16;
    while (cmp && slots < 2 * cmp->n)
        slots *= 2;
    tr->cmp = calloc(slots, sizeof *tr->cmp);
    if (!tr->cmp)
        return false;
    tr->cmp_mask = slots - 1;
    for (size_t i = 0; cmp && i < cmp->n; i++) {
        const char *key = cmp->entries[i].key, *v = cmp->entries[i].value;
        size_t len = strlen(key), n = strcspn(v, " \t");
        size_t h = hash_word(key, len) & tr->cmp_mask;
        while (tr->cmp[h].word)
            h = (h + 1) & tr->cmp_mask;
        tr->cmp[h] = (zhx_cmp_word){key, len, zhx_op_named(v, n), strstr(v + n, "approx") != NULL,
                                    strstr(v + n, "lead") != NULL};
    }
    return true;
}

const zhx_cmp_word *zhx_cmp_find(const zhx_target_rules *tr, const char *s, size_t len)
{
    for (size_t h = hash_word(s, len) & tr->cmp_mask; tr->cmp[h].word; h = (h + 1) & tr->cmp_mask)
        if (tr->cmp[h].len == len && memcmp(tr->cmp[h].word, s, len) == 0)
            return &tr->cmp[h];
    return NULL;
}

/* The first rule of `kind` (the kinds whose first rule alone is used), or NULL. */
static const zhx_rule *first_of_kind(const zhx_rules *rules, const char *kind)
{
    size_t n;
    const zhx_rule *const *v = zhx_rules_of_kind(rules, kind, &n);
    return n ? v[0] : NULL;
}

static zhx_target_rules *target_rules_new(const zhx_rules *rules)
{
    zhx_target_rules *tr = calloc(1, sizeof *tr);
    if (!tr)
        return NULL;
    bool ok =
        trules_init(&tr->figures, rules, "target") && trules_init(&tr->years, rules, "year") &&
        trules_init(&tr->deadlines, rules, "deadline") && trules_init(&tr->cues, rules, "cue") &&
        trules_init(&tr->genres, rules, "genre") && trules_init(&tr->trims, rules, "indicator") &&
        trules_init(&tr->units, rules, "unit") && trules_init(&tr->columns, rules, "column") &&
        trules_init(&tr->cells, rules, "cell") && index_words(tr) &&
        index_cmp(tr, zhx_rules_table(rules, "target.cmp"));
    if (!ok) {
        target_rules_free(tr);
        return NULL;
    }
    tr->clause = first_of_kind(rules, "clause");
    tr->attribute = first_of_kind(rules, "attribute");
    tr->card = first_of_kind(rules, "card");
    tr->caption = first_of_kind(rules, "caption");
    tr->relative = first_of_kind(rules, "relative");
    tr->relative_years = zhx_rules_table(rules, "year.relative");
    tr->table_totals = zhx_rules_table(rules, "table.totals");
    tr->cue_needs = zhx_rules_needs_index(rules, "cue");
    tr->genre_needs = zhx_rules_needs_index(rules, "genre");
    for (size_t i = 0; i < tr->years.n; i++) {
        const zhx_rule *y = tr->years.v[i].rule;
        if (tr->years.v[i].title_only)
            continue;
        for (size_t k = 0; k < y->nneeds; k++)
            tr->year_after[(unsigned char)y->needs[k][0]] = true;
        if (!y->nneeds)
            memset(tr->year_after, true, sizeof tr->year_after);
    }
    tr->units_table = zhx_rules_table(rules, "number.units");
    tr->plan_periods = zhx_rules_table(rules, "year.plan-period");
    zhx_sentence_ends_init(rules, &tr->ends);
    zhx_charset_init(&tr->full_stops, rules, "sentence.full-stops");
    zhx_charset_init(&tr->lead_ends, rules, "sentence.lead-ends");
    zhx_charset_init(&tr->separators, rules, "indicator.separators");
    return tr;
}

const zhx_target_rules *zhx_target_rules_get(zhx_engine *engine)
{
    zhx_stage_cache *c = &engine->caches[ZHX_CACHE_TARGETS];
    if (!c->data) {
        c->data = target_rules_new(engine->rules);
        c->free = c->data ? target_rules_free : NULL;
    }
    return c->data;
}

size_t zhx_trule_word_at(const zhx_trule *r, const char *text, size_t len, size_t at)
{
    for (size_t i = 0; i < r->rule->nneeds; i++) {
        size_t n = r->needs_len[i];
        const char *word = r->rule->needs[i];
        if (at < len && n <= len - at && text[at] == word[0] && memcmp(text + at, word, n) == 0)
            return n;
    }
    return 0;
}

bool zhx_trule_field(const zhx_matcher *m, const zhx_trule *r, zhx_field f, bool nonempty,
                     size_t *lo, size_t *hi)
{
    for (size_t g = 0; g < r->rule->ngroups; g++)
        if (r->field[g] == f && zhx_match_group(m, r->rule->groups[g].number, lo, hi) &&
            (!nonempty || *hi > *lo))
            return true;
    return false;
}
