/* tasks: a task record for every section of the outline that is a task, with the owners and
 * the deadline its own text names; and the section of every target that the targets stage
 * left without one.
 *
 * Which sections are tasks, and how owners and deadlines read, is said by the `task.*` rules;
 * rules/tasks.rules explains their kinds. A section is a task when its nearest ancestor that
 * is task-like (`tasks` title or `intro` lead-in) or `other` is task-like; when it has neither
 * and the document has no task-like section at all, it is a task if the document's title says
 * it is one list of tasks (`document`). A task's span and text are its whole section, items
 * included, so that its targets are the targets inside that span; owners and deadline come
 * from its own text, from its marker to its first item. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../core/utf8.h"
#include "extract.h"
#include "outline.h"
#include "sentences.h"

#define KIND_RULES_MAX 32
#define SCANNED_MAX 64
#define KIND_MAX 256 /* task rules past this are never scanned */
#define OWNERS_MAX 16
#define INTRO_BYTES 240     /* how much of the end of a section's own text an `intro` rule sees */
#define TITLE_LINE_BYTES 60 /* a title on a line of its own is short: 20 Chinese characters */
#define BULLET_BYTES 8      /* a bullet before a marker on its line: a symbol and a blank */

typedef struct rule_list {
    const zhx_rule *v[KIND_RULES_MAX];
    size_t n;
} rule_list;

/* The task rules by kind. The rules that read text (intro, owner, deadline) are also indexed
 * by their `needs` literals, so that a piece of text is read only by the rules whose literals
 * it holds: bit i of a mask stands for scanned[i]. */
typedef struct task_rules {
    rule_list tasks, other, document, separator;
    const zhx_rule *scanned[SCANNED_MAX];
    size_t nscanned;
    uint64_t intro, owner, deadline, notes; /* masks of the scanned rules of each kind */
    uint64_t always;           /* scanned rules without `needs`: every piece is theirs */
    const zhx_literals *needs; /* the task rules' needs, indexed */
    uint64_t bit_of[KIND_MAX]; /* rule i of the kind is scanned rule bit_of[i] (0: not scanned) */
} task_rules;

static void task_rules_init(task_rules *tr, const zhx_rules *rules)
{
    memset(tr, 0, sizeof *tr);
    tr->needs = zhx_rules_needs_index(rules, "task");
    size_t n;
    const zhx_rule *const *all = zhx_rules_of_kind(rules, "task", &n);
    static const char *const listed[] = {"tasks", "other", "document", "separator"};
    rule_list *lists[] = {&tr->tasks, &tr->other, &tr->document, &tr->separator};
    static const char *const scanned[] = {"intro", "owner", "deadline", "notes"};
    uint64_t *masks[] = {&tr->intro, &tr->owner, &tr->deadline, &tr->notes};
    for (size_t i = 0; i < n; i++) {
        const char *kind = zhx_rule_setting(all[i], "kind");
        for (size_t k = 0; kind && k < 4; k++)
            if (strcmp(kind, listed[k]) == 0 && lists[k]->n < KIND_RULES_MAX)
                lists[k]->v[lists[k]->n++] = all[i];
        for (size_t k = 0; kind && k < 4; k++)
            if (strcmp(kind, scanned[k]) == 0 && tr->nscanned < SCANNED_MAX) {
                uint64_t bit = (uint64_t)1 << tr->nscanned;
                *masks[k] |= bit;
                tr->always |= all[i]->nneeds ? 0 : bit;
                if (i < KIND_MAX)
                    tr->bit_of[i] = bit;
                tr->scanned[tr->nscanned++] = all[i];
            }
    }
}

/* The task rules, read once per engine (zhx_stage_cache); NULL when out of memory. */
static const task_rules *task_rules_get(zhx_engine *engine)
{
    zhx_stage_cache *c = &engine->caches[ZHX_CACHE_TASKS];
    if (!c->data && (c->data = malloc(sizeof(task_rules)))) {
        task_rules_init(c->data, engine->rules);
        c->free = free;
    }
    return c->data;
}

typedef struct mask_of {
    const task_rules *tr;
    uint64_t mask;
} mask_of;

static void add_rule_bit(void *user, size_t rule, size_t pos, size_t len)
{
    (void)pos, (void)len;
    mask_of *m = user;
    if (rule < KIND_MAX)
        m->mask |= m->tr->bit_of[rule];
}

/* The scanned rules that may match in text[lo, hi): those whose literals it holds. */
static uint64_t rules_for(const task_rules *tr, const char *text, size_t lo, size_t hi)
{
    mask_of m = {tr, tr->always};
    zhx_literals_scan(tr->needs, text + lo, hi - lo, add_rule_bit, &m);
    return m.mask;
}

/* Whether one of the rules of `l` matches the short text `s` (a title). */
static bool any_matches(zhx_stage *st, const rule_list *l, const char *s, size_t len)
{
    for (size_t i = 0; s && i < l->n; i++)
        if (zhx_rule_may_match(l->v[i], s, len) && zhx_stage_match(st, l->v[i], s, len, 0))
            return true;
    return false;
}

/* Whether one of the scanned rules in `mask` matches s[0, len). */
static bool any_scanned_matches(zhx_stage *st, const task_rules *tr, uint64_t mask, const char *s,
                                size_t len)
{
    for (size_t i = 0; i < tr->nscanned; i++)
        if ((mask >> i & 1) && zhx_stage_match(st, tr->scanned[i], s, len, 0))
            return true;
    return false;
}

/* ---- which sections are tasks --------------------------------------------------------- */

/* SCOPE_NOTES: the section may be a task, the items inside it are not (they are notes) */
enum scope { SCOPE_NONE, SCOPE_TASKS, SCOPE_OTHER, SCOPE_NOTES };

/* Where the own text of section `i` ends: at its first item, or at its end. */
static size_t own_end(const zhx_doc *doc, size_t i)
{
    bool items = i + 1 < doc->nsections && doc->sections[i + 1].parent == (int)i;
    return items ? doc->sections[i + 1].lo : doc->sections[i].hi;
}

/* `end` moved back over the blanks before it, not before `lo`. */
static size_t trim_trailing(const char *text, size_t lo, size_t end)
{
    while (end > lo && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\t'))
        end--;
    return end;
}

static bool has_items(const zhx_doc *doc, size_t i)
{
    return i + 1 < doc->nsections && doc->sections[i + 1].parent == (int)i;
}

/* Whether the text [lo, end) ends with a lead-in of the scanned rules `kind` (a mask: intro,
 * 重点做好以下工作：, or notes, 注：), as much of it as INTRO_BYTES. */
static bool ends_with_lead(zhx_stage *st, const task_rules *tr, uint64_t kind, const char *text,
                           size_t lo, size_t end)
{
    if (end - lo > INTRO_BYTES)
        lo = end - INTRO_BYTES;
    while (lo < end && zhx_utf8_continuation((unsigned char)text[lo]))
        lo++;
    uint64_t mask = rules_for(tr, text, lo, end) & kind;
    return mask && any_scanned_matches(st, tr, mask, text + lo, end - lo);
}

static bool ends_with_intro(zhx_stage *st, const task_rules *tr, const char *text, size_t lo,
                            size_t end)
{
    return ends_with_lead(st, tr, tr->intro, text, lo, end);
}

/* What section `i` says of itself and the sections inside it. A section whose title is
 * `other` (指导思想, 主要指标) is no task, with items or without, nor are the items that a
 * `notes` lead-in (注：) introduces. A task-like section without
 * items holds no tasks: a heading such as 1、2020年全县卫生健康工作要点 then does not hide
 * that the document is one list of tasks. */
static enum scope scope_of(zhx_stage *st, const task_rules *tr, const char *text, size_t i)
{
    const zhx_section *s = &st->doc->sections[i];
    size_t title_len = s->title ? strlen(s->title) : 0;
    if (any_matches(st, &tr->other, s->title, title_len))
        return SCOPE_OTHER;
    if (!has_items(st->doc, i))
        return SCOPE_NONE;
    if (ends_with_lead(st, tr, tr->notes, text, s->body_lo, own_end(st->doc, i)))
        return SCOPE_NOTES; /* 注：1. … 2. …: notes to what came before */
    if (any_matches(st, &tr->tasks, s->title, title_len))
        return SCOPE_TASKS;
    return ends_with_intro(st, tr, text, s->body_lo, own_end(st->doc, i)) ? SCOPE_TASKS
                                                                          : SCOPE_NONE;
}

/* Whether the last line of text[lo, end) is a task-like title on a line of its own, without a
 * number (📋 重点任务), as a page that set it apart by its type alone prints it. */
static bool ends_with_task_title(zhx_stage *st, const task_rules *tr, const char *text, size_t lo,
                                 size_t end)
{
    end = trim_trailing(text, lo, end);
    size_t start = end;
    while (start > lo && text[start - 1] != '\n' && end - start <= TITLE_LINE_BYTES)
        start--;
    return end > start && end - start <= TITLE_LINE_BYTES &&
           (start == lo || text[start - 1] == '\n') &&
           any_matches(st, &tr->tasks, text + start, end - start);
}

/* Whether section `i` starts a list (its number is 1) that the text right before it leads
 * into: a lead-in (重点做好以下工作：) or a task-like title on a line of its own. */
static bool led_into(zhx_stage *st, const task_rules *tr, const char *text, size_t i)
{
    const zhx_section *s = &st->doc->sections[i];
    size_t lo = i ? st->doc->sections[i - 1].body_lo : 0, end = s->lo;
    /* a bullet before the marker on its line (🔹 任务一：) is no part of the text before it */
    while (end > lo && text[end - 1] != '\n' && s->lo - end < BULLET_BYTES)
        end--;
    if (end > lo && text[end - 1] != '\n')
        end = s->lo;
    return s->num == 1 && end > lo &&
           (ends_with_intro(st, tr, text, lo, end) || ends_with_task_title(st, tr, text, lo, end));
}

/* For each section, whether its list is led into as a list of tasks: led_into of its first
 * item, which the items after it (the next siblings of its style) share. `last` is scratch
 * room for nsections + 1 entries: the last section seen under each parent. */
static void find_led_lists(zhx_stage *st, const task_rules *tr, const char *text, bool *led,
                           size_t *last)
{
    const zhx_doc *doc = st->doc;
    for (size_t p = 0; p <= doc->nsections; p++)
        last[p] = SIZE_MAX; /* none yet */
    for (size_t i = 0; i < doc->nsections; i++) {
        const zhx_section *s = &doc->sections[i];
        size_t *before = &last[s->parent + 1], prev = *before;
        if (s->num == 1)
            led[i] = led_into(st, tr, text, i);
        else
            led[i] = prev != SIZE_MAX && doc->sections[prev].style == s->style && led[prev];
        *before = i;
    }
}

static bool is_task(const zhx_doc *doc, const enum scope *scope, const bool *led, size_t i,
                    bool whole_doc)
{
    if (scope[i] == SCOPE_OTHER)
        return false;
    int parent = doc->sections[i].parent;
    if (doc->sections[i].bullet && !led[i]) /* a list of bullets is the task list itself, or */
        return parent >= 0 && scope[parent] == SCOPE_TASKS; /* the points of an item, no tasks */
    for (int a = parent; a >= 0; a = doc->sections[a].parent)
        if (scope[a] != SCOPE_NONE) /* an ancestor's notes are no tasks */
            return scope[a] == SCOPE_TASKS;
    return led[i] || whole_doc;
}

/* ---- owners and deadline -------------------------------------------------------------- */

static bool is_blank_or_punct(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == 0x3000 || cp == 0x3001 || cp == 0xFF0C ||
           cp == ',';
}

static bool add_owner(zhx_task *t, const char *s, size_t lo, size_t hi)
{
    size_t w;
    while (lo < hi && is_blank_or_punct(zhx_utf8_at(s + lo, &w)))
        lo += w;
    while (hi > lo) {
        size_t prev = zhx_utf8_prev(s, hi);
        if (!is_blank_or_punct(zhx_utf8_at(s + prev, &w)))
            break;
        hi = prev;
    }
    if (hi == lo || t->nowners == OWNERS_MAX)
        return true;
    for (size_t i = 0; i < t->nowners; i++)
        if (strlen(t->owners[i]) == hi - lo && memcmp(t->owners[i], s + lo, hi - lo) == 0)
            return true;
    char **owners = realloc(t->owners, (t->nowners + 1) * sizeof *owners);
    if (!owners)
        return false;
    t->owners = owners;
    if (!(owners[t->nowners] = strndup(s + lo, hi - lo)))
        return false;
    t->nowners++;
    return true;
}

/* Adds the owners named in s[lo, hi), split where the separator rules match. */
static bool add_owners(zhx_stage *st, const task_rules *tr, zhx_task *t, const char *s, size_t lo,
                       size_t hi)
{
    const char *piece = s + lo;
    size_t len = hi - lo, from = 0;
    while (from < len) {
        size_t cut = len, next = len;
        for (size_t i = 0; i < tr->separator.n; i++) {
            size_t mlo, mhi;
            if (zhx_stage_match(st, tr->separator.v[i], piece, len, from) &&
                zhx_match_group(st->engine->matcher, 0, &mlo, &mhi) && mlo < cut && mhi > mlo) {
                cut = mlo;
                next = mhi;
            }
        }
        if (!add_owner(t, piece, from, cut))
            return false;
        from = next;
    }
    return true;
}

/* Reads owners (every match) and the deadline (the first) from one sentence, with the rules
 * in `mask`. */
static bool read_sentence(zhx_stage *st, const task_rules *tr, uint64_t mask, zhx_task *t,
                          const char *s, size_t len)
{
    zhx_matcher *m = st->engine->matcher;
    size_t lo, hi, first = len, first_hi = len;
    for (size_t i = 0; i < tr->nscanned && !t->deadline; i++) {
        const zhx_rule *r = tr->scanned[i];
        if ((mask & tr->deadline) >> i & 1 && zhx_stage_match(st, r, s, len, 0) &&
            zhx_match_field(m, r, "deadline", &lo, &hi) && lo < first) {
            first = lo;
            first_hi = hi;
        }
    }
    if (first < len && !(t->deadline = strndup(s + first, first_hi - first)))
        return false;
    for (size_t i = 0; i < tr->nscanned; i++) {
        const zhx_rule *r = tr->scanned[i];
        if (!((mask & tr->owner) >> i & 1))
            continue;
        for (size_t at = 0, olo, ohi; at < len && zhx_stage_match(st, r, s, len, at);) {
            zhx_match_group(m, 0, &lo, &hi);
            at = hi > lo ? hi : lo + zhx_utf8_width((unsigned char)s[lo]);
            if (zhx_match_field(m, r, "owner", &olo, &ohi) && !add_owners(st, tr, t, s, olo, ohi))
                return false;
        }
    }
    return true;
}

/* Reads the own text [lo, hi) of task `t`, sentence by sentence, each with the rules whose
 * literals it holds; text that holds none is not even split. */
static zhx_status read_own_text(zhx_stage *st, const task_rules *tr, zhx_task *t, const char *text,
                                size_t lo, size_t hi)
{
    uint64_t readers = tr->owner | tr->deadline;
    if (!(rules_for(tr, text, lo, hi) & readers))
        return ZHX_OK;
    zhx_sentences sentences = {0};
    if (!zhx_sentences_split(st, text + lo, hi - lo, &sentences)) {
        zhx_sentences_free(&sentences);
        return ZHX_ERR_NOMEM;
    }
    bool ok = true;
    for (size_t i = 0; ok && i < sentences.n; i++) {
        size_t slo = lo + sentences.v[i].lo, shi = lo + sentences.v[i].hi;
        uint64_t mask = rules_for(tr, text, slo, shi) & readers;
        ok = !mask || read_sentence(st, tr, mask, t, text + slo, shi - slo);
    }
    zhx_sentences_free(&sentences);
    return ok ? ZHX_OK : ZHX_ERR_NOMEM;
}

/* ---- the stage ------------------------------------------------------------------------ */

static zhx_status add_task(zhx_stage *st, const task_rules *tr, const char *text, size_t i)
{
    zhx_doc *doc = st->doc;
    const zhx_section *s = &doc->sections[i];
    zhx_task *t = zhx_doc_add_task(doc);
    if (!t)
        return ZHX_ERR_NOMEM;
    t->section = (int)i;
    /* a task quotes its own text, marker to first item: its items are tasks of their own, and
     * quoting them again in every ancestor would repeat the document once per level */
    t->lo = s->lo;
    t->hi = (uint32_t)trim_trailing(text, s->lo, own_end(doc, i));
    if (s->title && !(t->title = strdup(s->title)))
        return ZHX_ERR_NOMEM;
    return read_own_text(st, tr, t, text, s->lo, own_end(doc, i));
}

/* The targets stage runs before this one; a target it left without a section gets the
 * innermost section around it here. */
static void place_targets(zhx_doc *doc)
{
    for (size_t i = 0; i < doc->ntargets; i++)
        if (doc->targets[i].section < 0)
            doc->targets[i].section = zhx_section_at(doc, doc->targets[i].lo);
}

zhx_status zhx_tasks(zhx_stage *st, const char *text, size_t len)
{
    (void)len;
    zhx_doc *doc = st->doc;
    place_targets(doc);
    if (!doc->nsections)
        return ZHX_OK;
    const task_rules *tr = task_rules_get(st->engine);
    if (!tr)
        return ZHX_ERR_NOMEM;
    enum scope *scope = malloc(doc->nsections * sizeof *scope);
    bool *led = malloc(doc->nsections * sizeof *led);
    size_t *last = malloc((doc->nsections + 1) * sizeof *last);
    if (!scope || !led || !last) {
        free(scope);
        free(led);
        free(last);
        return ZHX_ERR_NOMEM;
    }
    bool any_tasks = false;
    for (size_t i = 0; i < doc->nsections; i++) {
        scope[i] = scope_of(st, tr, text, i);
        doc->sections[i].tasks = scope[i] == SCOPE_TASKS;
        any_tasks |= doc->sections[i].tasks;
    }
    /* a document with no task-like section is one list of tasks when its title says so, or
     * when the text before its first item leads into them (会议议定事项如下：) */
    bool whole_doc =
        !any_tasks && doc->nsections &&
        ((doc->title && any_matches(st, &tr->document, doc->title, strlen(doc->title))) ||
         ends_with_intro(st, tr, text, 0, doc->sections[0].lo));
    find_led_lists(st, tr, text, led, last);
    zhx_status status = ZHX_OK;
    for (size_t i = 0; i < doc->nsections && status == ZHX_OK; i++)
        if (is_task(doc, scope, led, i, whole_doc))
            status = add_task(st, tr, text, i);
    free(scope);
    free(led);
    free(last);
    return status;
}
