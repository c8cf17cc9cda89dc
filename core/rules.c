/* Rule files: parsed into drafts (pass 1, every file), then macros expanded, every draft
 * checked against its kind and compiled (pass 2), so that a user folder can redefine a macro
 * or replace a rule that a shipped file defined. */
#include "rules.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "bundle.h"
#include "literals.h"
#include "text.h"
#include "utf8.h"

#define MACRO_DEPTH_MAX 16
#define MATCH_LIMIT 5000000
#define DEPTH_LIMIT 100000
#define HEAP_LIMIT_KIB 65536
#define JIT_STACK_MAX (4 * 1024 * 1024)

/* A piece of a value, with where it sits in its file, for error columns. */
typedef struct frag {
    const char *text;
    size_t len;
    const char *line_text; /* the whole source line */
    size_t line_len;
    size_t col; /* byte offset of `text` in the line */
    unsigned line;
} frag;

typedef struct value {
    frag *v;
    size_t n, cap;
} value;

typedef struct entry {
    const char *key;
    value val;
    frag at; /* the key itself */
} entry;

enum draft_type { DRAFT_RULE, DRAFT_FAMILY, DRAFT_MACRO, DRAFT_MAP };

typedef struct draft {
    enum draft_type type;
    const char *name;
    const char *file;
    frag at; /* the name */
    int level;
    bool replaced;
    value body; /* a macro's definition */
    entry *e;
    size_t n, cap;
} draft;

struct kind_index {
    const zhx_rule_kind *kind;
    const zhx_rule **v;
    size_t n, cap;
    zhx_literals *needs; /* the `needs` literals of these rules, owned by their index in v */
};

struct zhx_rules {
    zhx_arena arena;
    zhx_rule *rules;
    size_t nrules;
    zhx_family *families;
    size_t nfamilies;
    zhx_table *tables;
    size_t ntables;
    struct kind_index *kinds;
    size_t nkinds, kinds_cap;
    uint32_t max_captures;
};

typedef struct loader {
    zhx_rules *rules;
    zhx_arena *arena;
    zhx_diag *diag;
    draft *d;
    size_t n, cap;
    int level;
    pcre2_compile_context *cc;
} loader;

/* ---- diagnostics ---------------------------------------------------------------------- */

static size_t column_of(const char *line_text, size_t byte)
{
    return zhx_utf8_count(line_text, byte) + 1;
}

static bool failf(loader *L, const char *file, const frag *at, size_t extra, const char *rule,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Fills the diag for a problem at byte `extra` past `at` (or at the file level if `at` is
 * NULL) and returns false, so that callers can `return failf(...)`. */
static bool failf(loader *L, const char *file, const frag *at, size_t extra, const char *rule,
                  const char *fmt, ...)
{
    zhx_diag *d = L->diag;
    if (!d)
        return false;
    memset(d, 0, sizeof *d);
    d->status = ZHX_ERR_RULES;
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    snprintf(d->rule, sizeof d->rule, "%s", rule ? rule : "");
    if (at) {
        size_t byte = at->col + extra;
        if (byte > at->line_len)
            byte = at->line_len;
        d->line = at->line;
        d->column = (unsigned)column_of(at->line_text, byte);
        size_t n = at->line_len < sizeof d->source - 1 ? at->line_len : sizeof d->source - 1;
        while (n < at->line_len && n > 0 && ((unsigned char)at->line_text[n] & 0xC0) == 0x80)
            n--;
        memcpy(d->source, at->line_text, n);
        d->source[n] = '\0';
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    return false;
}

static bool out_of_memory(loader *L)
{
    return failf(L, NULL, NULL, 0, NULL, "out of memory");
}

/* ---- pass 1: parsing ------------------------------------------------------------------ */

static bool value_add(loader *L, value *v, const frag *f)
{
    if (!zhx_arena_reserve(L->arena, (void **)&v->v, &v->cap, v->n, sizeof *v->v))
        return out_of_memory(L);
    v->v[v->n++] = *f;
    return true;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool valid_rule_name(const char *s, size_t n)
{
    bool dotted = false, part_start = true;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.') {
            if (part_start)
                return false;
            dotted = part_start = true;
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && !part_start) ||
                   (c == '_' && !part_start)) {
            part_start = false;
        } else {
            return false;
        }
    }
    return dotted && !part_start;
}

static bool valid_macro_name(const char *s, size_t n)
{
    if (n == 0 || s[0] < 'A' || s[0] > 'Z')
        return false;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return false;
    return true;
}

static draft *draft_new(loader *L, enum draft_type type, const char *file, const frag *name)
{
    if (!zhx_arena_reserve(L->arena, (void **)&L->d, &L->cap, L->n, sizeof *L->d)) {
        out_of_memory(L);
        return NULL;
    }
    draft *d = &L->d[L->n++];
    memset(d, 0, sizeof *d);
    d->type = type;
    d->file = file;
    d->at = *name;
    d->level = L->level;
    d->name = zhx_arena_strndup(L->arena, name->text, name->len);
    return d->name ? d : NULL;
}

static const char *const block_words[] = {"rule", "family", "map", "macro"};

static bool starts_block(const char *word, size_t n)
{
    for (size_t i = 0; i < sizeof block_words / sizeof block_words[0]; i++)
        if (strlen(block_words[i]) == n && memcmp(block_words[i], word, n) == 0)
            return true;
    return false;
}

/* Splits "NAME rest" of a directive's value at the first blank. */
static void split_name(const frag *v, frag *name, frag *rest)
{
    size_t i = 0;
    while (i < v->len && !is_blank(v->text[i]))
        i++;
    *name = *v;
    name->len = i;
    while (i < v->len && is_blank(v->text[i]))
        i++;
    *rest = *v;
    rest->text += i;
    rest->col += i;
    rest->len -= i;
}

static bool parse_directive(loader *L, const char *file, draft **cur, entry **last,
                            const frag *word, const frag *val)
{
    *last = NULL;
    if (starts_block(word->text, word->len)) {
        frag name, rest;
        split_name(val, &name, &rest);
        bool macro = word->text[1] == 'a' && word->len == 5; /* "macro" */
        if (name.len == 0)
            return failf(L, file, val, 0, NULL, "'%.*s' needs a name", (int)word->len, word->text);
        if (macro ? !valid_macro_name(name.text, name.len) : !valid_rule_name(name.text, name.len))
            return failf(L, file, &name, 0, NULL,
                         macro ? "macro name '%.*s' must be upper case, like NUM or UNIT_CN"
                               : "name '%.*s' must be dotted lower case, like "
                                 "boilerplate.docsite.uploader",
                         (int)name.len, name.text);
        enum draft_type type = macro                  ? DRAFT_MACRO
                               : word->text[0] == 'r' ? DRAFT_RULE
                               : word->text[0] == 'f' ? DRAFT_FAMILY
                                                      : DRAFT_MAP;
        draft *d = draft_new(L, type, file, &name);
        if (!d)
            return false;
        if (macro) {
            if (rest.len == 0)
                return failf(L, file, &name, name.len, NULL, "macro %.*s has no definition",
                             (int)name.len, name.text);
            *cur = NULL;
            return value_add(L, &d->body, &rest);
        }
        if (rest.len)
            return failf(L, file, &rest, 0, d->name, "unexpected text after the name");
        *cur = d;
        return true;
    }
    if (!*cur)
        return failf(L, file, word, 0, NULL,
                     "'%.*s' outside a rule, family or map (start one with 'rule NAME')",
                     (int)word->len, word->text);
    draft *d = *cur;
    if (!zhx_arena_reserve(L->arena, (void **)&d->e, &d->cap, d->n, sizeof *d->e))
        return out_of_memory(L);
    entry *e = &d->e[d->n++];
    memset(e, 0, sizeof *e);
    e->key = zhx_arena_strndup(L->arena, word->text, word->len);
    e->at = *word;
    *last = e;
    return e->key && value_add(L, &e->val, val);
}

static bool parse_file(loader *L, const char *file, const char *data, size_t len)
{
    size_t valid = zhx_utf8_valid_prefix(data, len);
    if (valid < len) {
        size_t line_start = valid;
        while (line_start > 0 && data[line_start - 1] != '\n')
            line_start--;
        unsigned line = 1;
        for (size_t i = 0; i < line_start; i++)
            line += data[i] == '\n';
        frag at = {data + valid,       0,   data + line_start, valid - line_start,
                   valid - line_start, line};
        return failf(L, file, &at, 0, NULL, "invalid UTF-8 (byte 0x%02X)",
                     (unsigned char)data[valid]);
    }
    draft *cur = NULL;
    entry *last = NULL;
    unsigned lineno = 0;
    for (size_t pos = 0; pos < len;) {
        const char *line = data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl != NULL);
        lineno++;
        size_t end = n;
        if (end && line[end - 1] == '\r')
            end--;
        size_t trimmed = end;
        while (end && is_blank(line[end - 1]))
            end--;
        size_t start = 0;
        while (start < end && is_blank(line[start]))
            start++;
        if (start == end || line[start] == '#')
            continue;
        if (end < trimmed) { /* an editor may strip it unseen, and a pattern would then change */
            frag at = {line + end, trimmed - end, line, trimmed, end, lineno};
            return failf(L, file, &at, 0, NULL,
                         "line ends in a blank: write a blank that belongs to the value as \\x20");
        }
        frag text = {line + start, end - start, line, end, start, lineno};
        if (start > 0) { /* continuation */
            if (!last && !(L->n && L->d[L->n - 1].type == DRAFT_MACRO && !cur))
                return failf(L, file, &text, 0, NULL,
                             "indented line continues nothing (indent only continuations)");
            value *v = last ? &last->val : &L->d[L->n - 1].body;
            if (!value_add(L, v, &text))
                return false;
            continue;
        }
        size_t w = 0;
        while (w < text.len && !is_blank(text.text[w]))
            w++;
        frag word = text, val = text;
        word.len = w;
        while (w < text.len && is_blank(text.text[w]))
            w++;
        val.text += w;
        val.col += w;
        val.len -= w;
        if (!parse_directive(L, file, &cur, &last, &word, &val))
            return false;
    }
    return true;
}

/* ---- values --------------------------------------------------------------------------- */

/* A value's text with its fragments joined. */
static char *joined_text(loader *L, const value *v, const char *sep)
{
    size_t n = 0, seplen = strlen(sep);
    for (size_t i = 0; i < v->n; i++)
        n += v->v[i].len + seplen;
    char *s = zhx_arena_alloc(L->arena, n + 1);
    if (!s)
        return NULL;
    size_t at = 0;
    for (size_t i = 0; i < v->n; i++) {
        if (i) {
            memcpy(s + at, sep, seplen);
            at += seplen;
        }
        memcpy(s + at, v->v[i].text, v->v[i].len);
        at += v->v[i].len;
    }
    s[at] = '\0';
    return s;
}

/* A value's text with its lines joined as they are (a long pattern or phrase split up). */
static char *value_text(loader *L, const value *v)
{
    return joined_text(L, v, "");
}

/* Where each run of an expanded pattern came from. */
typedef struct origin {
    size_t at; /* first byte of the run in the expansion */
    frag src;  /* the run's first byte is src.text */
    const char *file;
} origin;

typedef struct expansion {
    zhx_buf text;
    origin *o;
    size_t n, cap;
} expansion;

static const draft *find_macro(const loader *L, const char *name, size_t n)
{
    const draft *found = NULL;
    for (size_t i = 0; i < L->n; i++) {
        const draft *d = &L->d[i];
        if (d->type == DRAFT_MACRO && !d->replaced && strlen(d->name) == n &&
            memcmp(d->name, name, n) == 0)
            found = d;
    }
    return found;
}

static bool expand_value(loader *L, const value *v, const char *file, const char *rule,
                         expansion *x, int depth);

static bool add_run(loader *L, expansion *x, const frag *f, size_t from, size_t to,
                    const char *file)
{
    if (to <= from)
        return true;
    if (!zhx_arena_reserve(L->arena, (void **)&x->o, &x->cap, x->n, sizeof *x->o))
        return out_of_memory(L);
    frag src = *f;
    src.text += from;
    src.col += from;
    src.len = to - from;
    x->o[x->n++] = (origin){x->text.len, src, file};
    zhx_buf_add(&x->text, f->text + from, to - from);
    return true;
}

static bool expand_frag(loader *L, const frag *f, const char *file, const char *rule, expansion *x,
                        int depth)
{
    size_t run = 0;
    for (size_t i = 0; i < f->len; i++) {
        if (f->text[i] == '\\') {
            /* an escaped character is not a macro reference, nor is the braced argument of
             * the escapes that take one: \x{FFFD}, \p{L}, \N{U+3000}, \g{name} (but \G{QTY}
             * is an anchor and a macro) */
            i++;
            if (i + 1 < f->len && f->text[i + 1] == '{' && strchr("xoPpNgk", f->text[i])) {
                const char *close = memchr(f->text + i + 1, '}', f->len - i - 1);
                if (close)
                    i = (size_t)(close - f->text);
            }
            continue;
        }
        if (f->text[i] != '{' || i + 1 >= f->len || f->text[i + 1] < 'A' || f->text[i + 1] > 'Z')
            continue;
        size_t j = i + 1;
        while (j < f->len && f->text[j] != '}')
            j++;
        if (j >= f->len || !valid_macro_name(f->text + i + 1, j - i - 1))
            continue;
        const draft *m = find_macro(L, f->text + i + 1, j - i - 1);
        if (!m)
            return failf(L, file, f, i, rule, "unknown macro {%.*s}", (int)(j - i - 1),
                         f->text + i + 1);
        if (depth >= MACRO_DEPTH_MAX)
            return failf(L, file, f, i, rule, "macro {%s} expands itself (through %d levels)",
                         m->name, depth);
        if (!add_run(L, x, f, run, i, file) ||
            !expand_value(L, &m->body, m->file, rule, x, depth + 1))
            return false;
        run = i = j;
        run++;
    }
    return add_run(L, x, f, run, f->len, file);
}

static bool expand_value(loader *L, const value *v, const char *file, const char *rule,
                         expansion *x, int depth)
{
    for (size_t i = 0; i < v->n; i++)
        if (!expand_frag(L, &v->v[i], file, rule, x, depth))
            return false;
    return true;
}

/* Reports a problem at byte `offset` of an expansion, at the source it came from. */
static bool fail_in_expansion(loader *L, const expansion *x, size_t offset, const char *rule,
                              const char *fmt, const char *what)
{
    if (!x->n)
        return failf(L, NULL, NULL, 0, rule, fmt, what);
    size_t k = 0;
    while (k + 1 < x->n && x->o[k + 1].at <= offset)
        k++;
    const origin *o = &x->o[k];
    size_t extra = offset - o->at;
    if (extra > o->src.len)
        extra = o->src.len;
    return failf(L, o->file, &o->src, extra, rule, fmt, what);
}

/* ---- pass 2: building ----------------------------------------------------------------- */

static pcre2_code *compile_value(loader *L, const value *v, const char *file, const char *rule,
                                 uint32_t options, const char **pattern_out)
{
    expansion x = {ZHX_BUF_INIT, NULL, 0, 0};
    if (!expand_value(L, v, file, rule, &x, 0)) {
        zhx_buf_free(&x.text);
        return NULL;
    }
    int err;
    PCRE2_SIZE erroff;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)x.text.s, x.text.len,
                                     PCRE2_UTF | PCRE2_DUPNAMES | options, &err, &erroff, L->cc);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        fail_in_expansion(L, &x, erroff, rule, "%s", (const char *)msg);
    } else {
        pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* the interpreter serves if JIT fails */
        *pattern_out = zhx_arena_strndup(L->arena, x.text.s, x.text.len);
        if (x.text.failed || !*pattern_out) {
            pcre2_code_free(code);
            code = NULL;
            out_of_memory(L);
        }
    }
    zhx_buf_free(&x.text);
    return code;
}

static const entry *draft_get(const draft *d, const char *key)
{
    const entry *found = NULL;
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->e[i].key, key) == 0)
            found = &d->e[i];
    return found;
}

static const char *const rule_keys[] = {"pattern", "action",  "site",  "needs",
                                        "set",     "replace", "note",  "example",
                                        "reject",  "expect",  "result"};
static const char *const single_keys[] = {"pattern", "action", "site", "needs", "replace", "note"};

static bool in_list(const char *const *list, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], key) == 0)
            return true;
    return false;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool check_rule_keys(loader *L, const draft *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const entry *e = &d->e[i];
        if (!in_list(rule_keys, COUNT(rule_keys), e->key))
            return failf(L, d->file, &e->at, 0, d->name,
                         "unknown key '%s' (a rule takes pattern, action, site, needs, set, "
                         "replace, note, example, reject, expect, result)",
                         e->key);
        if (in_list(single_keys, COUNT(single_keys), e->key) && draft_get(d, e->key) != e)
            return failf(L, d->file, &e->at, 0, d->name, "'%s' given twice", e->key);
        bool after_example = i > 0 && (strcmp(d->e[i - 1].key, "example") == 0 ||
                                       strcmp(d->e[i - 1].key, "expect") == 0 ||
                                       strcmp(d->e[i - 1].key, "result") == 0);
        if ((strcmp(e->key, "expect") == 0 || strcmp(e->key, "result") == 0) && !after_example)
            return failf(L, d->file, &e->at, 0, d->name, "'%s' must follow an 'example'", e->key);
    }
    if (!draft_get(d, "pattern"))
        return failf(L, d->file, &d->at, 0, d->name, "rule '%s' has no 'pattern'", d->name);
    return true;
}

static bool build_action(loader *L, const draft *d, zhx_rule *r)
{
    const entry *a = draft_get(d, "action");
    if (!r->kind->actions) {
        if (a)
            return failf(L, d->file, &a->at, 0, d->name, "%s rules take no 'action'",
                         r->kind->name);
        return true;
    }
    if (!a)
        return failf(L, d->file, &d->at, 0, d->name, "rule '%s' has no 'action' (one of: %s)",
                     d->name, r->kind->actions);
    r->action = value_text(L, &a->val);
    if (!r->action || !zhx_word_in(r->kind->actions, r->action, strlen(r->action)))
        return failf(L, d->file, &a->val.v[0], 0, d->name, "unknown action '%s' (one of: %s)",
                     r->action ? r->action : "", r->kind->actions);
    return true;
}

static bool build_replace(loader *L, const draft *d, zhx_rule *r)
{
    const entry *e = draft_get(d, "replace");
    if (r->kind->replace == ZHX_REPLACE_MUST && !e)
        return failf(L, d->file, &d->at, 0, d->name, "rule '%s' has no 'replace'", d->name);
    if (!e)
        return true;
    if (r->kind->replace == ZHX_REPLACE_NEVER)
        return failf(L, d->file, &e->at, 0, d->name, "%s rules take no 'replace'", r->kind->name);
    r->replace = value_text(L, &e->val);
    return r->replace != NULL;
}

/* One KEY=VALUE word of a `set` or `expect` value, where it stands for error messages. */
typedef struct pair {
    const frag *at;
    size_t col; /* byte offset in the fragment */
    const char *key, *value;
    size_t klen, vlen;
} pair;

typedef bool (*pair_fn)(loader *L, const draft *d, const pair *p, void *user);

/* Calls `fn` for each KEY=VALUE word of entry `e` (words apart by blanks, on all its lines),
 * stopping when it returns false. A word without '=' is an error saying the key (`what`) takes
 * `form` pairs. */
static bool each_pair(loader *L, const draft *d, const entry *e, const char *what, const char *form,
                      pair_fn fn, void *user)
{
    for (size_t k = 0; k < e->val.n; k++) {
        const frag *f = &e->val.v[k];
        for (size_t at = 0; at < f->len;) {
            size_t end = at;
            while (end < f->len && !is_blank(f->text[end]))
                end++;
            const char *eq = memchr(f->text + at, '=', end - at);
            if (!eq || eq == f->text + at)
                return failf(L, d->file, f, at, d->name, "'%s' takes %s pairs", what, form);
            pair p = {f,
                      at,
                      f->text + at,
                      eq + 1,
                      (size_t)(eq - (f->text + at)),
                      (size_t)(f->text + end - eq - 1)};
            if (!fn(L, d, &p, user))
                return false;
            at = end;
            while (at < f->len && is_blank(f->text[at]))
                at++;
        }
    }
    return true;
}

typedef struct settings {
    zhx_rule *rule;
    size_t cap;
} settings;

static bool add_setting(loader *L, const draft *d, const pair *p, void *user)
{
    settings *s = user;
    zhx_rule *r = s->rule;
    const char *values;
    size_t nvalues;
    switch (zhx_rule_kind_setting(r->kind, p->key, p->klen, p->value, p->vlen, &values, &nvalues)) {
    case ZHX_SETTING_BAD_KEY:
        return failf(L, d->file, p->at, p->col, d->name,
                     "%s rules cannot set '%.*s' (they can set: %s)", r->kind->name, (int)p->klen,
                     p->key, *r->kind->sets ? r->kind->sets : "nothing");
    case ZHX_SETTING_BAD_VALUE:
        return failf(L, d->file, p->at, p->col + p->klen + 1, d->name,
                     "'%.*s' cannot be '%.*s' (it is one of: %.*s)", (int)p->klen, p->key,
                     (int)p->vlen, p->value, (int)nvalues, values);
    case ZHX_SETTING_OK:
        break;
    }
    if (!zhx_arena_reserve(L->arena, (void **)&r->settings, &s->cap, r->nsettings,
                           sizeof *r->settings))
        return out_of_memory(L);
    r->settings[r->nsettings++] = (zhx_setting){zhx_arena_strndup(L->arena, p->key, p->klen),
                                                zhx_arena_strndup(L->arena, p->value, p->vlen)};
    return !L->arena->failed || out_of_memory(L);
}

static bool build_settings(loader *L, const draft *d, zhx_rule *r)
{
    settings s = {r, 0};
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->e[i].key, "set") == 0 &&
            !each_pair(L, d, &d->e[i], "set", "FIELD=VALUE", add_setting, &s))
            return false;
    return true;
}

/* Parses the `needs` of a rule or family: literals separated by '|' (a literal bar is `\|`, a
 * tab `\t`, a line break `\n`). */
static bool build_needs(loader *L, const draft *d, const char ***needs, size_t *nneeds)
{
    const entry *e = draft_get(d, "needs");
    if (!e)
        return true;
    char *s = value_text(L, &e->val);
    if (!s)
        return out_of_memory(L);
    size_t n = 1;
    for (char *p = s; *p; p++)
        n += *p == '|';
    *needs = zhx_arena_alloc(L->arena, n * sizeof **needs);
    if (!*needs)
        return out_of_memory(L);
    char *literal = s, *to = s;
    for (const char *p = s;; p++) {
        if (p[0] == '\\' && (p[1] == '|' || p[1] == 't' || p[1] == 'n')) {
            p++;
            *to++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : '|';
            continue;
        }
        if (strncmp(p, "\\x20", 4) == 0) { /* a blank, which an entry's value cannot end with */
            p += 3;
            *to++ = ' ';
            continue;
        }
        if (*p && *p != '|') {
            *to++ = *p;
            continue;
        }
        bool last = !*p;
        *to++ = '\0';
        if (!*literal)
            return failf(L, d->file, &e->val.v[0], 0, d->name,
                         "'needs' takes literals separated by '|', none of them empty");
        (*needs)[(*nneeds)++] = literal;
        if (last)
            break;
        literal = to;
    }
    return true;
}

/* In example text a line break is written `\n` and a tab `\t`, since an entry is one line and
 * a tab would not show, a blank that ends it `\x20` (a line may not end in a blank), and a
 * backslash before them `\\`; in place. */
static const char *with_breaks_and_tabs(char *s)
{
    if (!s)
        return NULL;
    char *to = s;
    for (const char *p = s; *p; p++) {
        if (strncmp(p, "\\x20", 4) == 0) {
            *to++ = ' ';
            p += 3;
            continue;
        }
        bool escape = p[0] == '\\' && (p[1] == 'n' || p[1] == 't' || p[1] == '\\');
        *to++ = !escape ? *p : p[1] == 'n' ? '\n' : p[1] == 't' ? '\t' : '\\';
        p += escape;
    }
    *to = '\0';
    return s;
}

static bool build_examples(loader *L, const draft *d, zhx_rule *r)
{
    size_t cap = 0;
    for (size_t i = 0; i < d->n; i++) {
        const entry *e = &d->e[i];
        bool reject = strcmp(e->key, "reject") == 0;
        if (reject || strcmp(e->key, "example") == 0) {
            if (!zhx_arena_reserve(L->arena, (void **)&r->examples, &cap, r->nexamples,
                                   sizeof *r->examples))
                return out_of_memory(L);
            zhx_example *x = &r->examples[r->nexamples++];
            memset(x, 0, sizeof *x);
            x->text = with_breaks_and_tabs(value_text(L, &e->val));
            x->line = e->at.line;
            x->reject = reject;
        } else if (strcmp(e->key, "expect") == 0) {
            /* NAME=VALUE pairs on several lines are still apart */
            r->examples[r->nexamples - 1].expect = joined_text(L, &e->val, " ");
        } else if (strcmp(e->key, "result") == 0) {
            if (!r->replace)
                return failf(L, d->file, &e->at, 0, d->name,
                             "'result' needs a rule with 'replace'");
            r->examples[r->nexamples - 1].result = with_breaks_and_tabs(value_text(L, &e->val));
        }
    }
    return !L->arena->failed || out_of_memory(L);
}

/* Offset of the named group `name` in `pattern`, for pointing at it. */
static size_t group_offset(const char *pattern, const char *name)
{
    static const char *const forms[] = {"(?<%s>", "(?P<%s>", "(?'%s'"};
    char probe[160];
    for (size_t i = 0; i < COUNT(forms); i++) {
        snprintf(probe, sizeof probe, forms[i], name);
        const char *p = strstr(pattern, probe);
        if (p)
            return (size_t)(p - pattern) + 3;
    }
    return 0;
}

static bool build_groups(loader *L, const draft *d, zhx_rule *r, const value *pattern_value)
{
    uint32_t count, entry_size, captures;
    PCRE2_SPTR table;
    pcre2_pattern_info(r->code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(r->code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
    pcre2_pattern_info(r->code, PCRE2_INFO_NAMETABLE, &table);
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &captures);
    if (captures > L->rules->max_captures)
        L->rules->max_captures = captures;
    r->groups = count ? zhx_arena_alloc(L->arena, count * sizeof *r->groups) : NULL;
    if (count && !r->groups)
        return out_of_memory(L);
    for (uint32_t i = 0; i < count; i++) {
        PCRE2_SPTR e = table + (size_t)i * entry_size;
        const char *name = (const char *)e + 2;
        if (!zhx_word_in(r->kind->groups, name, strlen(name))) {
            expansion x = {ZHX_BUF_INIT, NULL, 0, 0};
            expand_value(L, pattern_value, d->file, d->name, &x, 0);
            char msg[400];
            snprintf(msg, sizeof msg,
                     "named group '%s' is not a field of %s rules (they capture: %s)", name,
                     r->kind->name, *r->kind->groups ? r->kind->groups : "no named groups");
            fail_in_expansion(L, &x, group_offset(x.text.s, name), d->name, "%s", msg);
            zhx_buf_free(&x.text);
            return false;
        }
        r->groups[r->ngroups++] =
            (zhx_group){zhx_arena_strdup(L->arena, name), (uint32_t)(e[0] << 8 | e[1])};
    }
    return true;
}

/* An `expect` names a group the pattern has, or `match`. */
static bool known_group(loader *L, const draft *d, const pair *p, void *user)
{
    const zhx_rule *r = user;
    bool known = p->klen == 5 && memcmp(p->key, "match", 5) == 0;
    for (size_t g = 0; g < r->ngroups && !known; g++)
        known =
            strlen(r->groups[g].name) == p->klen && memcmp(r->groups[g].name, p->key, p->klen) == 0;
    return known ||
           failf(L, d->file, p->at, p->col, d->name,
                 "'expect' names '%.*s', which the pattern does not capture", (int)p->klen, p->key);
}

static bool check_expects(loader *L, const draft *d, zhx_rule *r)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->e[i].key, "expect") == 0 &&
            !each_pair(L, d, &d->e[i], "expect", "GROUP=VALUE", known_group, r))
            return false;
    return true;
}

static int family_index(const zhx_rules *rules, const char *name)
{
    for (size_t i = 0; i < rules->nfamilies; i++)
        if (strcmp(rules->families[i].name, name) == 0)
            return (int)i;
    return -1;
}

static bool build_rule(loader *L, const draft *d, zhx_rule *r)
{
    memset(r, 0, sizeof *r);
    r->name = d->name;
    r->file = d->file;
    r->line = d->at.line;
    r->family = -1;
    const char *dot = strchr(d->name, '.');
    r->kind = zhx_rule_kind_find(d->name, (size_t)(dot - d->name));
    if (!r->kind) {
        zhx_buf kinds = ZHX_BUF_INIT;
        zhx_rule_kinds_list(&kinds);
        failf(L, d->file, &d->at, 0, d->name, "unknown kind of rule '%.*s' (kinds: %s)",
              (int)(dot - d->name), d->name, kinds.s);
        zhx_buf_free(&kinds);
        return false;
    }
    if (!check_rule_keys(L, d) || !build_action(L, d, r) || !build_replace(L, d, r) ||
        !build_settings(L, d, r) || !build_needs(L, d, &r->needs, &r->nneeds) ||
        !build_examples(L, d, r))
        return false;
    const entry *fam = draft_get(d, "site");
    if (fam) {
        const char *name = value_text(L, &fam->val);
        r->family = name ? family_index(L->rules, name) : -1;
        if (r->family < 0)
            return failf(L, d->file, &fam->val.v[0], 0, d->name, "unknown family '%s'",
                         name ? name : "");
    }
    const entry *note = draft_get(d, "note");
    r->note = note ? value_text(L, &note->val) : NULL;
    const entry *p = draft_get(d, "pattern");
    r->code = compile_value(L, &p->val, d->file, d->name, 0, &r->pattern);
    const char *again;
    if (r->code && r->kind->anchored &&
        !(r->anchored = compile_value(L, &p->val, d->file, d->name, PCRE2_ANCHORED, &again)))
        return false;
    return r->code && build_groups(L, d, r, &p->val) && check_expects(L, d, r);
}

static bool build_family(loader *L, const draft *d, zhx_family *f)
{
    memset(f, 0, sizeof *f);
    f->name = d->name;
    f->file = d->file;
    f->line = d->at.line;
    const entry *sig = NULL;
    for (size_t i = 0; i < d->n; i++) {
        if (strcmp(d->e[i].key, "signature") == 0 && !sig)
            sig = &d->e[i];
        else if (strcmp(d->e[i].key, "note") != 0 && strcmp(d->e[i].key, "needs") != 0)
            return failf(L, d->file, &d->e[i].at, 0, d->name,
                         "unknown key '%s' (a family takes one signature, needs and a note)",
                         d->e[i].key);
    }
    if (!sig)
        return failf(L, d->file, &d->at, 0, d->name, "family '%s' has no 'signature'", d->name);
    if (!build_needs(L, d, &f->needs, &f->nneeds))
        return false;
    f->code = compile_value(L, &sig->val, d->file, d->name, 0, &f->pattern);
    return f->code != NULL;
}

/* Table values may spell invisible characters as \x{HHHH}; `\\` is a backslash. */
static char *unescape(loader *L, const char *s)
{
    zhx_buf b = ZHX_BUF_INIT;
    for (const char *p = s; *p; p++) {
        if (p[0] == '\\' && p[1] == 'x' && p[2] == '{') {
            char *end;
            unsigned long cp = strtoul(p + 3, &end, 16);
            if (*end == '}' && end > p + 3) {
                zhx_buf_addcp(&b, (uint32_t)cp);
                p = end;
                continue;
            }
        }
        if (p[0] == '\\' && p[1] == '\\')
            p++;
        zhx_buf_addch(&b, *p);
    }
    char *out = b.failed ? NULL : zhx_arena_strndup(L->arena, b.s, b.len);
    zhx_buf_free(&b);
    return out;
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const zhx_table_entry *)a)->key, ((const zhx_table_entry *)b)->key);
}

static bool build_table(loader *L, const draft *d, zhx_table *t)
{
    t->name = d->name;
    t->file = d->file;
    t->line = d->at.line;
    t->n = 0;
    t->entries = zhx_arena_alloc(L->arena, (d->n ? d->n : 1) * sizeof *t->entries);
    if (!t->entries)
        return out_of_memory(L);
    for (size_t i = 0; i < d->n; i++) {
        const char *text = value_text(L, &d->e[i].val);
        t->entries[t->n++] = (zhx_table_entry){d->e[i].key, text ? unescape(L, text) : NULL};
        if (!t->entries[t->n - 1].value)
            return out_of_memory(L);
    }
    qsort(t->entries, t->n, sizeof *t->entries, entry_cmp);
    for (size_t i = 1; i < t->n; i++)
        if (strcmp(t->entries[i].key, t->entries[i - 1].key) == 0) {
            for (size_t j = d->n; j-- > 0;)
                if (strcmp(d->e[j].key, t->entries[i].key) == 0)
                    return failf(L, d->file, &d->e[j].at, 0, d->name, "'%s' given twice",
                                 d->e[j].key);
        }
    return true;
}

/* Later levels replace earlier drafts of the same name and type; within a level, a second
 * definition is an error. */
static bool resolve_names(loader *L)
{
    for (size_t i = 0; i < L->n; i++) {
        draft *d = &L->d[i];
        for (size_t j = 0; j < i; j++) {
            draft *e = &L->d[j];
            if (e->replaced || e->type != d->type || strcmp(e->name, d->name) != 0)
                continue;
            if (e->level == d->level)
                return failf(L, d->file, &d->at, 0, d->name, "'%s' is already defined at %s:%u",
                             d->name, e->file, e->at.line);
            e->replaced = true;
        }
    }
    return true;
}

static bool index_by_kind(loader *L, const zhx_rule *r)
{
    zhx_rules *R = L->rules;
    struct kind_index *k = NULL;
    for (size_t i = 0; i < R->nkinds && !k; i++)
        if (R->kinds[i].kind == r->kind)
            k = &R->kinds[i];
    if (!k) {
        if (!zhx_arena_reserve(L->arena, (void **)&R->kinds, &R->kinds_cap, R->nkinds,
                               sizeof *R->kinds))
            return out_of_memory(L);
        k = &R->kinds[R->nkinds++];
        memset(k, 0, sizeof *k);
        k->kind = r->kind;
    }
    if (!zhx_arena_reserve(L->arena, (void **)&k->v, &k->cap, k->n, sizeof *k->v))
        return out_of_memory(L);
    k->v[k->n++] = r;
    return true;
}

/* Indexes the `needs` of the kind's rules (owner: the rule's index among them) and of the
 * families its rules are scoped to (owner: k->n + the family's index), for one pass. */
static bool index_needs(loader *L, struct kind_index *k)
{
    size_t n = 0, cap = 0, ocap = 0;
    const char **lits = NULL;
    size_t *owners = NULL;
    for (size_t i = 0; i < k->n + L->rules->nfamilies; i++) {
        const char *const *needs;
        size_t nneeds;
        if (i < k->n) {
            needs = k->v[i]->needs;
            nneeds = k->v[i]->nneeds;
        } else {
            const zhx_family *f = &L->rules->families[i - k->n];
            bool used = false;
            for (size_t j = 0; j < k->n && !used; j++)
                used = k->v[j]->family == (int)(i - k->n);
            needs = f->needs;
            nneeds = used ? f->nneeds : 0;
        }
        for (size_t j = 0; j < nneeds; j++) {
            if (!zhx_arena_reserve(L->arena, (void **)&lits, &cap, n, sizeof *lits) ||
                !zhx_arena_reserve(L->arena, (void **)&owners, &ocap, n, sizeof *owners))
                return out_of_memory(L);
            lits[n] = needs[j];
            owners[n++] = i;
        }
    }
    k->needs = zhx_literals_new(lits, owners, n);
    return k->needs || out_of_memory(L);
}

/* Which draft of a replaced name comes last, so the winner can take the first one's place. */
static const draft *winner(const loader *L, const draft *d)
{
    const draft *w = d;
    for (size_t i = 0; i < L->n; i++)
        if (!L->d[i].replaced && L->d[i].type == d->type && strcmp(L->d[i].name, d->name) == 0)
            w = &L->d[i];
    return w;
}

/* Whether setting `key` of rule `r`, if it has one, names a loaded rule (a layout rule's
 * `unless` or `when`): a misspelt name is an error, not a condition that silently never holds. */
static bool names_a_rule(loader *L, const zhx_rule *r, const char *key)
{
    const char *name = zhx_rule_setting(r, key);
    if (!name || zhx_rules_find(L->rules, name))
        return true;
    for (size_t i = 0; i < L->n; i++) {
        const draft *d = &L->d[i];
        if (d->type == DRAFT_RULE && !d->replaced && strcmp(d->name, r->name) == 0)
            return failf(L, d->file, &d->at, 0, r->name, "'%s' names no rule '%s'", key, name);
    }
    return failf(L, NULL, NULL, 0, r->name, "'%s' names no rule '%s'", key, name);
}

static bool build_all(loader *L)
{
    zhx_rules *R = L->rules;
    size_t nrules = 0, nfam = 0, ntab = 0;
    for (size_t i = 0; i < L->n; i++) {
        nrules += L->d[i].type == DRAFT_RULE;
        nfam += L->d[i].type == DRAFT_FAMILY;
        ntab += L->d[i].type == DRAFT_MAP;
    }
    R->rules = zhx_arena_alloc(L->arena, (nrules + 1) * sizeof *R->rules);
    R->families = zhx_arena_alloc(L->arena, (nfam + 1) * sizeof *R->families);
    R->tables = zhx_arena_alloc(L->arena, (ntab + 1) * sizeof *R->tables);
    if (!R->rules || !R->families || !R->tables)
        return out_of_memory(L);
    /* names replaced later keep their first position: that is the order stages apply them */
    for (int pass = 0; pass < 3; pass++) {
        enum draft_type type = pass == 0 ? DRAFT_FAMILY : pass == 1 ? DRAFT_MAP : DRAFT_RULE;
        for (size_t i = 0; i < L->n; i++) {
            const draft *d = &L->d[i];
            if (d->type != type)
                continue;
            bool first = true;
            for (size_t j = 0; j < i && first; j++)
                first = !(L->d[j].type == type && strcmp(L->d[j].name, d->name) == 0);
            if (!first)
                continue;
            d = winner(L, d);
            bool ok = type == DRAFT_FAMILY ? build_family(L, d, &R->families[R->nfamilies++])
                      : type == DRAFT_MAP  ? build_table(L, d, &R->tables[R->ntables++])
                                           : build_rule(L, d, &R->rules[R->nrules++]);
            if (!ok)
                return false;
        }
    }
    for (size_t i = 0; i < R->nrules; i++)
        if (!index_by_kind(L, &R->rules[i]) || !names_a_rule(L, &R->rules[i], "unless") ||
            !names_a_rule(L, &R->rules[i], "when"))
            return false;
    for (size_t i = 0; i < R->nkinds; i++)
        if (!index_needs(L, &R->kinds[i]))
            return false;
    return true;
}

/* ---- sources -------------------------------------------------------------------------- */

static bool load_buffer(loader *L, const char *path, const char *data, size_t len)
{
    char *file = zhx_arena_strdup(L->arena, path);
    char *copy = zhx_arena_strndup(L->arena, data, len);
    if (!file || !copy)
        return out_of_memory(L);
    return parse_file(L, file, copy, len);
}

static bool read_file(const char *path, zhx_buf *out, char *err, size_t errsize)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errsize, "cannot open: %s", strerror(errno));
        return false;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        zhx_buf_add(out, chunk, n);
    bool ok = !ferror(f) && !out->failed;
    if (!ok)
        snprintf(err, errsize, "cannot read: %s", out->failed ? "out of memory" : strerror(errno));
    fclose(f);
    return ok;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool load_dir(loader *L, const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return failf(L, dir, NULL, 0, NULL, "cannot open rule folder: %s", strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    struct dirent *de;
    while (ok && (de = readdir(dp))) {
        size_t len = strlen(de->d_name);
        if (len < 7 || strcmp(de->d_name + len - 6, ".rules") != 0 || de->d_name[0] == '.')
            continue;
        ok = zhx_arena_reserve(L->arena, (void **)&names, &cap, n, sizeof *names) &&
             (names[n++] = zhx_arena_strdup(L->arena, de->d_name)) != NULL;
    }
    closedir(dp);
    if (!ok)
        return out_of_memory(L);
    if (n)
        qsort(names, n, sizeof *names, name_cmp);
    for (size_t i = 0; i < n && ok; i++) {
        zhx_buf path = ZHX_BUF_INIT, data = ZHX_BUF_INIT;
        zhx_buf_addf(&path, "%s/%s", dir, names[i]);
        char err[256];
        ok = read_file(path.s, &data, err, sizeof err);
        if (!ok)
            failf(L, path.s, NULL, 0, NULL, "%s", err);
        else
            ok = load_buffer(L, path.s, data.s, data.len);
        zhx_buf_free(&path);
        zhx_buf_free(&data);
    }
    return ok;
}

zhx_rules *zhx_rules_load(const char *const *dirs, size_t ndirs, bool builtin, zhx_diag *diag)
{
    zhx_rules *R = calloc(1, sizeof *R);
    if (!R) {
        if (diag)
            snprintf(diag->message, sizeof diag->message, "out of memory");
        return NULL;
    }
    loader L = {R, &R->arena, diag, NULL, 0, 0, 0, pcre2_compile_context_create(NULL)};
    bool ok = L.cc != NULL;
    if (ok)
        pcre2_set_newline(L.cc, PCRE2_NEWLINE_LF);
    for (size_t i = 0; ok && builtin && i < zhx_bundled_rules_count; i++) {
        const zhx_bundled_file *f = &zhx_bundled_rules[i];
        ok = load_buffer(&L, f->path, (const char *)f->data, f->len);
    }
    for (size_t i = 0; ok && i < ndirs; i++) {
        L.level = (int)i + 1;
        ok = load_dir(&L, dirs[i]);
    }
    ok = ok && resolve_names(&L) && build_all(&L);
    pcre2_compile_context_free(L.cc);
    if (!ok) {
        zhx_rules_free(R);
        return NULL;
    }
    return R;
}

zhx_rules *zhx_rules_load_text(const char *name, const char *text, size_t len, zhx_diag *diag)
{
    zhx_rules *R = calloc(1, sizeof *R);
    if (!R)
        return NULL;
    loader L = {R, &R->arena, diag, NULL, 0, 0, 1, pcre2_compile_context_create(NULL)};
    bool ok = L.cc != NULL;
    if (ok)
        pcre2_set_newline(L.cc, PCRE2_NEWLINE_LF);
    ok = ok && load_buffer(&L, name, text, len) && resolve_names(&L) && build_all(&L);
    pcre2_compile_context_free(L.cc);
    if (!ok) {
        zhx_rules_free(R);
        return NULL;
    }
    return R;
}

void zhx_rules_free(zhx_rules *rules)
{
    if (!rules)
        return;
    for (size_t i = 0; i < rules->nrules; i++) {
        pcre2_code_free(rules->rules[i].code);
        pcre2_code_free(rules->rules[i].anchored);
    }
    for (size_t i = 0; i < rules->nfamilies; i++)
        pcre2_code_free(rules->families[i].code);
    for (size_t i = 0; i < rules->nkinds; i++)
        zhx_literals_free(rules->kinds[i].needs);
    zhx_arena_free(&rules->arena);
    free(rules);
}

/* ---- queries -------------------------------------------------------------------------- */

size_t zhx_rules_count(const zhx_rules *rules)
{
    return rules->nrules;
}

void zhx_rules_info(const zhx_rules *rules, size_t index, zhx_rule_info *info)
{
    const zhx_rule *r = &rules->rules[index];
    info->name = r->name;
    info->file = r->file;
    info->line = r->line;
    info->family = r->family >= 0 ? rules->families[r->family].name : NULL;
    info->action = r->action;
    info->pattern = r->pattern;
    info->examples = r->nexamples;
}

const zhx_rule *const *zhx_rules_of_kind(const zhx_rules *rules, const char *kind, size_t *n)
{
    for (size_t i = 0; i < rules->nkinds; i++)
        if (strcmp(rules->kinds[i].kind->name, kind) == 0) {
            *n = rules->kinds[i].n;
            return rules->kinds[i].v;
        }
    *n = 0;
    return NULL;
}

void zhx_rules_find_needs(const zhx_rules *rules, const char *kind, const char *s, size_t len,
                          zhx_literal_fn hit, void *user)
{
    for (size_t i = 0; i < rules->nkinds; i++)
        if (strcmp(rules->kinds[i].kind->name, kind) == 0)
            zhx_literals_scan(rules->kinds[i].needs, s, len, hit, user);
}

const zhx_literals *zhx_rules_needs_index(const zhx_rules *rules, const char *kind)
{
    for (size_t i = 0; i < rules->nkinds; i++)
        if (strcmp(rules->kinds[i].kind->name, kind) == 0)
            return rules->kinds[i].needs;
    return NULL;
}

const zhx_rule *zhx_rules_find(const zhx_rules *rules, const char *name)
{
    for (size_t i = 0; i < rules->nrules; i++)
        if (strcmp(rules->rules[i].name, name) == 0)
            return &rules->rules[i];
    return NULL;
}

size_t zhx_rules_family_count(const zhx_rules *rules)
{
    return rules->nfamilies;
}

const zhx_family *zhx_rules_family(const zhx_rules *rules, size_t index)
{
    return &rules->families[index];
}

const zhx_table *zhx_rules_table(const zhx_rules *rules, const char *name)
{
    for (size_t i = 0; i < rules->ntables; i++)
        if (strcmp(rules->tables[i].name, name) == 0)
            return &rules->tables[i];
    return NULL;
}

const char *zhx_table_get(const zhx_table *table, const char *key, size_t len)
{
    size_t lo = 0, hi = table->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *k = table->entries[mid].key;
        int c = strncmp(k, key, len);
        if (c == 0 && k[len] != '\0')
            c = 1;
        if (c == 0)
            return table->entries[mid].value;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *zhx_rule_setting(const zhx_rule *rule, const char *key)
{
    for (size_t i = 0; i < rule->nsettings; i++)
        if (strcmp(rule->settings[i].key, key) == 0)
            return rule->settings[i].value;
    return NULL;
}

bool zhx_rule_may_match(const zhx_rule *rule, const char *text, size_t len)
{
    if (!rule->nneeds)
        return true;
    for (size_t i = 0; i < rule->nneeds; i++)
        if (zhx_find_literal(text, len, rule->needs[i], strlen(rule->needs[i])))
            return true;
    return false;
}

/* ---- matching ------------------------------------------------------------------------- */

struct zhx_matcher {
    pcre2_match_data *md;
    pcre2_match_context *mc;
    pcre2_jit_stack *jit;
    uint32_t options;
};

zhx_matcher *zhx_matcher_new(const zhx_rules *rules, bool no_jit)
{
    zhx_matcher *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    uint32_t pairs = (rules ? rules->max_captures : 0) + 1;
    m->md = pcre2_match_data_create(pairs < 16 ? 16 : pairs, NULL);
    m->mc = pcre2_match_context_create(NULL);
    m->jit = pcre2_jit_stack_create(32 * 1024, JIT_STACK_MAX, NULL);
    if (!m->md || !m->mc || !m->jit) {
        zhx_matcher_free(m);
        return NULL;
    }
    pcre2_set_match_limit(m->mc, MATCH_LIMIT);
    pcre2_set_depth_limit(m->mc, DEPTH_LIMIT);
    pcre2_set_heap_limit(m->mc, HEAP_LIMIT_KIB);
    pcre2_jit_stack_assign(m->mc, NULL, m->jit);
    m->options = PCRE2_NO_UTF_CHECK | (no_jit ? PCRE2_NO_JIT : 0);
    return m;
}

void zhx_matcher_free(zhx_matcher *m)
{
    if (!m)
        return;
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mc);
    pcre2_jit_stack_free(m->jit);
    free(m);
}

int zhx_match(zhx_matcher *m, const pcre2_code *code, const char *s, size_t len, size_t start)
{
    if (start > len)
        return 0;
    /* PCRE2's fast path to the JIT code skips checks that cost more than a short match does;
     * a pattern JIT could not compile reports JIT_BADOPTION and goes to the interpreter */
    int rc = PCRE2_ERROR_JIT_BADOPTION;
    if (!(m->options & PCRE2_NO_JIT))
        rc = pcre2_jit_match(code, (PCRE2_SPTR)s, len, start, 0, m->md, m->mc);
    if (rc == PCRE2_ERROR_JIT_BADOPTION)
        rc = pcre2_match(code, (PCRE2_SPTR)s, len, start, m->options, m->md, m->mc);
    if (rc >= 0)
        return 1;
    return rc == PCRE2_ERROR_NOMATCH ? 0 : rc;
}

bool zhx_match_group(const zhx_matcher *m, uint32_t number, size_t *lo, size_t *hi)
{
    if (number >= pcre2_get_ovector_count(m->md))
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
    if (ov[2 * number] == PCRE2_UNSET)
        return false;
    *lo = ov[2 * number];
    *hi = ov[2 * number + 1];
    return true;
}

bool zhx_match_field(const zhx_matcher *m, const zhx_rule *rule, const char *name, size_t *lo,
                     size_t *hi)
{
    for (size_t i = 0; i < rule->ngroups; i++)
        if (strcmp(rule->groups[i].name, name) == 0 &&
            zhx_match_group(m, rule->groups[i].number, lo, hi))
            return true;
    return false;
}

int zhx_match_substitute(zhx_matcher *m, const zhx_rule *rule, const char *s, size_t len,
                         zhx_buf *out)
{
    if (!rule->replace)
        return 0;
    uint32_t opts = PCRE2_SUBSTITUTE_MATCHED | PCRE2_SUBSTITUTE_REPLACEMENT_ONLY |
                    PCRE2_SUBSTITUTE_EXTENDED | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH |
                    PCRE2_SUBSTITUTE_UNSET_EMPTY | (m->options & PCRE2_NO_UTF_CHECK);
    size_t room = strlen(rule->replace) * 2 + 64;
    int rc = PCRE2_ERROR_NOMEMORY;
    for (int attempt = 0; attempt < 2 && rc == PCRE2_ERROR_NOMEMORY; attempt++) {
        if (!zhx_buf_grow(out, room))
            return 0;
        PCRE2_SIZE n = room;
        rc = pcre2_substitute(rule->code, (PCRE2_SPTR)s, len, 0, opts, m->md, m->mc,
                              (PCRE2_SPTR)rule->replace, PCRE2_ZERO_TERMINATED,
                              (PCRE2_UCHAR *)out->s + out->len, &n);
        if (rc >= 0) {
            zhx_buf_setlen(out, out->len + n);
            return 1;
        }
        room = n + 1;
    }
    /* PCRE2 may have written part of it past the end: the buffer stays what it was */
    out->s[out->len] = '\0';
    return rc;
}

void zhx_matcher_error(int code, char *buf, size_t size)
{
    PCRE2_UCHAR msg[256];
    if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
        snprintf((char *)msg, sizeof msg, "PCRE2 error %d", code);
    snprintf(buf, size, "%.100s", (const char *)msg);
}

bool zhx_family_present(zhx_matcher *m, const zhx_family *f, const char *s, size_t len)
{
    bool may = f->nneeds == 0;
    for (size_t i = 0; i < f->nneeds && !may; i++)
        may = memmem(s, len, f->needs[i], strlen(f->needs[i])) != NULL;
    return may && zhx_match(m, f->code, s, len, 0) == 1;
}

/* ---- examples ------------------------------------------------------------------------- */

/* Copies the `n` bytes of expected value `v` into `out` (of `size` bytes), a \x20 in it a blank
 * and a \t a tab, which a value could not otherwise hold (pairs are parted by blanks); the bytes
 * copied. */
static size_t expected_value(const char *v, size_t n, char *out, size_t size)
{
    size_t len = 0;
    for (size_t i = 0; i < n && len < size; i++) {
        bool blank = n - i >= 4 && memcmp(v + i, "\\x20", 4) == 0;
        bool tab = n - i >= 2 && memcmp(v + i, "\\t", 2) == 0;
        out[len++] = blank ? ' ' : tab ? '\t' : v[i];
        i += blank ? 3 : tab ? 1 : 0;
    }
    return len;
}

/* Checks `expect` pairs against the last match; on a difference, describes it in `why`. */
static bool expects_hold(const zhx_matcher *m, const zhx_rule *r, const zhx_example *x, char *why,
                         size_t size)
{
    /* the loader made sure every pair holds its `=` (check_expects) */
    for (const char *p = x->expect; p && *(p += strspn(p, " \t"));) {
        size_t n = strcspn(p, " \t");
        const char *eq = memchr(p, '=', n);
        size_t klen = (size_t)(eq - p), vlen = n - klen - 1;
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)(klen < 63 ? klen : 63), p);
        size_t lo = 0, hi = 0;
        bool set = strcmp(key, "match") == 0 ? zhx_match_group(m, 0, &lo, &hi)
                                             : zhx_match_field(m, r, key, &lo, &hi);
        if (!set)
            lo = hi = 0;
        char want[256];
        size_t wlen = expected_value(eq + 1, vlen, want, sizeof want);
        if (hi - lo != wlen || memcmp(x->text + lo, want, wlen) != 0) {
            snprintf(why, size, "example \"%s\": %s is \"%.*s\", expected \"%.*s\"", x->text, key,
                     (int)(hi - lo), x->text + lo, (int)wlen, want);
            return false;
        }
        p += n;
    }
    return true;
}

/* Matches an example. A pattern that starts with \G is anchored where a stage tries it (at a
 * number, after a word): it is tried at every character of the example, and the first place
 * it matches at counts, so that an example can show the text before that place too. */
static int example_match(zhx_matcher *m, const zhx_rule *r, const char *s, size_t len)
{
    bool anchored = strncmp(r->pattern, "\\G", 2) == 0;
    for (size_t at = 0;; at += zhx_utf8_width((unsigned char)s[at])) {
        int rc = zhx_match(m, r->code, s, len, at);
        if (rc != 0 || !anchored || at >= len)
            return rc;
    }
}

static bool example_holds(zhx_matcher *m, const zhx_rule *r, const zhx_example *x, char *why,
                          size_t size)
{
    size_t len = strlen(x->text);
    int rc = example_match(m, r, x->text, len);
    if (rc < 0) {
        char err[128];
        zhx_matcher_error(rc, err, sizeof err);
        snprintf(why, size, "example \"%s\": %s", x->text, err);
        return false;
    }
    if (x->reject) {
        size_t lo, hi;
        if (rc == 1 && zhx_match_group(m, 0, &lo, &hi))
            snprintf(why, size, "reject \"%s\" matched \"%.*s\"", x->text, (int)(hi - lo),
                     x->text + lo);
        return rc == 0;
    }
    if (rc == 0) {
        snprintf(why, size, "example \"%s\" did not match", x->text);
        return false;
    }
    if (!zhx_rule_may_match(r, x->text, len)) {
        snprintf(why, size, "example \"%s\" matches but holds none of its 'needs' literals",
                 x->text);
        return false;
    }
    if (!expects_hold(m, r, x, why, size))
        return false;
    if (x->result) {
        zhx_buf out = ZHX_BUF_INIT;
        zhx_buf_add(&out, x->text, 0);
        size_t at = 0;
        /* apply the replacement at every match, as the stages do */
        while (at <= len && zhx_match(m, r->code, x->text, len, at) == 1) {
            size_t lo = at, hi = at;
            zhx_match_group(m, 0, &lo, &hi);
            zhx_buf_add(&out, x->text + at, lo - at);
            int sub = zhx_match_substitute(m, r, x->text, len, &out);
            if (sub < 0) {
                char err[128];
                zhx_matcher_error(sub, err, sizeof err);
                snprintf(why, size, "example \"%s\": its replacement cannot be made: %s", x->text,
                         err);
                zhx_buf_free(&out);
                return false;
            }
            if (hi == lo) {
                if (lo < len)
                    zhx_buf_add(&out, x->text + lo, zhx_utf8_width((unsigned char)x->text[lo]));
                hi = lo + (lo < len ? zhx_utf8_width((unsigned char)x->text[lo]) : 1);
            }
            at = hi;
        }
        if (at < len)
            zhx_buf_add(&out, x->text + at, len - at);
        bool same = !out.failed && strcmp(out.s, x->result) == 0;
        if (!same)
            snprintf(why, size, "example \"%s\" became \"%s\", expected \"%s\"", x->text, out.s,
                     x->result);
        zhx_buf_free(&out);
        return same;
    }
    return true;
}

size_t zhx_rules_test(const zhx_rules *rules, bool jit, zhx_example_failure_fn on_failure,
                      void *user, size_t *passed)
{
    size_t failed = 0, ok = 0;
    zhx_matcher *m = zhx_matcher_new(rules, !jit);
    if (!m)
        return 1;
    for (size_t i = 0; i < rules->nrules; i++) {
        const zhx_rule *r = &rules->rules[i];
        for (size_t j = 0; j < r->nexamples; j++) {
            char why[1024] = "";
            if (example_holds(m, r, &r->examples[j], why, sizeof why)) {
                ok++;
            } else {
                failed++;
                if (on_failure)
                    on_failure(user, r->name, r->file, r->examples[j].line, why);
            }
        }
    }
    zhx_matcher_free(m);
    if (passed)
        *passed = ok;
    return failed;
}
