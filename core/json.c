/* Records as JSON Lines, in the schema of DESIGN.md.
 *
 * Records are written straight into a buffer rather than built as jansson objects: values are
 * exact decimals, and jansson can only print a fraction through a binary double (the very
 * rounding DESIGN.md rules out); and building a tree of small allocations per record cost more
 * than all the extract stages together. jansson still reads JSON wherever zhx reads it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "utf8.h"

/* ---- the writer ----------------------------------------------------------------------- */

/* One record being written: `first` is true until its first field. */
typedef struct rec {
    zhx_buf *b;
    bool first;
} rec;

/* Whether one of eight bytes is below 0x20, '"' or '\\' (the bit tricks of "Bit Twiddling
 * Hacks": a byte is zero where x - 0x01.. borrows and x had no high bit). */
static bool needs_escape8(const char *s)
{
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t x;
    memcpy(&x, s, 8);
    uint64_t quote = x ^ (ones * '"'), slash = x ^ (ones * '\\');
    uint64_t control = (x - ones * 0x20) & ~x;
    return ((quote - ones) & ~quote & high) || ((slash - ones) & ~slash & high) || (control & high);
}

/* A JSON string. Text zhx produced is valid UTF-8 (`valid`: its bytes above 0x7F need no
 * look); a name from outside (a file path) may not be, and each ill-formed sequence in it is
 * written as U+FFFD rather than dropping the field. */
static void put_utf8(zhx_buf *b, const char *s, size_t n, bool valid)
{
    static const char hex[] = "0123456789abcdef";
    zhx_buf_grow(b, n + 2);
    zhx_buf_addch(b, '"');
    size_t run = 0, i = 0;
    while (i < n) {
        if (valid) { /* skip eight bytes at a time while none is a control, '"' or '\\' */
            while (i + 8 <= n && !needs_escape8(s + i))
                i += 8;
            if (i >= n)
                break;
        }
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && (c < 0x80 || valid)) {
            i++;
            continue;
        }
        if (c >= 0x80) {
            uint32_t cp;
            int w = zhx_utf8_decode(s + i, n - i, &cp);
            if (w > 0) {
                i += (size_t)w;
                continue;
            }
            zhx_buf_add(b, s + run, i - run);
            zhx_buf_addlit(b, "\xEF\xBF\xBD");
            i += (size_t)-w;
            run = i;
            continue;
        }
        zhx_buf_add(b, s + run, i - run);
        switch (c) {
        case '"':
            zhx_buf_addlit(b, "\\\"");
            break;
        case '\\':
            zhx_buf_addlit(b, "\\\\");
            break;
        case '\n':
            zhx_buf_addlit(b, "\\n");
            break;
        case '\t':
            zhx_buf_addlit(b, "\\t");
            break;
        case '\r':
            zhx_buf_addlit(b, "\\r");
            break;
        default: {
            char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
            zhx_buf_addstr(b, esc);
        }
        }
        run = ++i;
    }
    zhx_buf_add(b, s + run, n - run);
    zhx_buf_addch(b, '"');
}

/* Text of the normalized document or made from it. */
static void put_string(zhx_buf *b, const char *s, size_t n)
{
    put_utf8(b, s, n, true);
}

/* A name or message that may have come from outside zhx. */
static void put_cstring(zhx_buf *b, const char *s)
{
    if (s)
        put_utf8(b, s, strlen(s), false);
    else
        zhx_buf_addlit(b, "null");
}

/* An exact decimal, digit by digit: 1640000000, 99.96, 0.005, -29.3. */
static void put_decimal(zhx_buf *b, zhx_decimal d)
{
    while (d.scale > 0 && d.units % 10 == 0) {
        d.units /= 10;
        d.scale--;
    }
    char digits[24];
    unsigned long long u =
        d.units < 0 ? 0ULL - (unsigned long long)d.units : (unsigned long long)d.units;
    int n = snprintf(digits, sizeof digits, "%llu", u);
    if (d.units < 0)
        zhx_buf_addch(b, '-');
    if (d.scale <= 0) {
        zhx_buf_add(b, digits, (size_t)n);
        for (int32_t z = 0; u && z < -d.scale; z++)
            zhx_buf_addch(b, '0');
        return;
    }
    if (n <= d.scale) { /* 0.005: a zero, the point, then the leading zeros of the fraction */
        zhx_buf_addlit(b, "0.");
        for (int32_t z = n; z < d.scale; z++)
            zhx_buf_addch(b, '0');
        zhx_buf_add(b, digits, (size_t)n);
        return;
    }
    zhx_buf_add(b, digits, (size_t)(n - d.scale));
    zhx_buf_addch(b, '.');
    zhx_buf_add(b, digits + n - d.scale, (size_t)d.scale);
}

/* Opens a record of `type` (a plain ASCII name) for the document whose id `doc_json` holds
 * as a JSON string already: a document's records write it once, not once a record. */
static void rec_open(rec *r, zhx_buf *b, const char *type, const zhx_buf *doc_json)
{
    r->b = b;
    r->first = false;
    zhx_buf_addlit(b, "{\"type\":\"");
    zhx_buf_addstr(b, type);
    zhx_buf_addlit(b, "\",\"doc\":");
    zhx_buf_add(b, doc_json->s, doc_json->len);
}

static void rec_close(rec *r)
{
    zhx_buf_addlit(r->b, "}\n");
}

/* Starts field `key` (a plain ASCII name) and returns the buffer to write its value to. */
static zhx_buf *field(rec *r, const char *key)
{
    zhx_buf_addstr(r->b, r->first ? "\"" : ",\"");
    r->first = false;
    zhx_buf_addstr(r->b, key);
    zhx_buf_addlit(r->b, "\":");
    return r->b;
}

static void field_string(rec *r, const char *key, const char *s)
{
    put_cstring(field(r, key), s);
}

static void field_count(rec *r, const char *key, size_t v)
{
    zhx_buf_addu(field(r, key), v);
}

static void field_bool(rec *r, const char *key, bool v)
{
    zhx_buf_addstr(field(r, key), v ? "true" : "false");
}

static void field_decimal(rec *r, const char *key, bool has, zhx_decimal d)
{
    zhx_buf *b = field(r, key);
    if (has)
        put_decimal(b, d);
    else
        zhx_buf_addlit(b, "null");
}

static void field_pair(rec *r, const char *key, size_t lo, size_t hi)
{
    zhx_buf *b = field(r, key);
    zhx_buf_addch(b, '[');
    zhx_buf_addu(b, lo);
    zhx_buf_addch(b, ',');
    zhx_buf_addu(b, hi);
    zhx_buf_addch(b, ']');
}

/* ---- records -------------------------------------------------------------------------- */

/* Positions of one document: code points of the normalized text and raw bytes; and its id
 * as a JSON string. */
typedef struct spans {
    const zhx_doc *doc;
    zhx_cpindex index;
    const zhx_buf *id;
} spans;

static void field_spans(rec *r, const spans *sp, size_t lo, size_t hi)
{
    field_pair(r, "span", zhx_cpindex_cp(&sp->index, lo), zhx_cpindex_cp(&sp->index, hi));
    zhx_doc_raw_bytes(sp->doc, &lo, &hi);
    field_pair(r, "raw_span", lo, hi);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Whether section `i` is a heading of the target at byte `at`: it has a title, and the target
 * is not that title itself (an item such as "4、建档率≥65%" is the target, not its heading). */
static bool heads(const zhx_section *s, size_t at)
{
    return s->title && at >= s->body_lo + strlen(s->title);
}

/* The chain of sections from the outermost down to `index`: for a task, their labels; for a
 * target at byte `at` (labels false), the headings over it, marker and run-in title. */
static void field_sections(rec *r, const char *key, const zhx_doc *doc, int index, bool labels,
                           size_t at)
{
    int chain[64];
    size_t n = 0;
    for (int i = index; i >= 0 && n < 64; i = doc->sections[i].parent)
        if (labels || heads(&doc->sections[i], at))
            chain[n++] = i;
    zhx_buf *b = field(r, key);
    zhx_buf_addch(b, '[');
    for (size_t k = n; k-- > 0;) {
        const zhx_section *s = &doc->sections[chain[k]];
        if (k + 1 < n)
            zhx_buf_addch(b, ',');
        if (labels) {
            put_cstring(b, s->label ? s->label : "");
            continue;
        }
        zhx_buf heading = ZHX_BUF_INIT;
        zhx_buf_addstr(&heading, s->marker ? s->marker : "");
        if (s->title && s->body_lo < doc->len && is_blank(doc->text[s->body_lo]))
            zhx_buf_addch(&heading, ' '); /* 第一章 发展基础, as written */
        zhx_buf_addstr(&heading, s->title ? s->title : "");
        put_string(b, heading.s, heading.len);
        b->failed |= heading.failed;
        zhx_buf_free(&heading);
    }
    zhx_buf_addch(b, ']');
}

static void target_record(zhx_buf *b, const spans *sp, const zhx_target *t, size_t seq)
{
    const zhx_doc *doc = sp->doc;
    rec r;
    rec_open(&r, b, "target", sp->id);
    field_count(&r, "seq", seq);
    field_sections(&r, "section", doc, t->section, false, t->lo);
    field_string(&r, "indicator", t->indicator);
    field_string(&r, "op", t->op);
    field_decimal(&r, "value", t->has_value, t->value);
    field_decimal(&r, "value_max", t->has_value_max, t->value_max);
    field_decimal(&r, "from", t->has_from, t->from);
    field_string(&r, "unit", t->unit);
    field_string(&r, "literal", t->literal);
    field_bool(&r, "approx", t->approx);
    if (t->year > 0)
        field_count(&r, "year", (size_t)t->year);
    else
        field_string(&r, "year", NULL);
    field_string(&r, "deadline", t->deadline);
    field_string(&r, "kind", t->kind ? t->kind : "target");
    field_bool(&r, "placeholder", t->placeholder);
    put_string(field(&r, "text"), doc->text + t->lo, t->hi - t->lo);
    field_spans(&r, sp, t->lo, t->hi);
    field_string(&r, "rule", t->rule);
    rec_close(&r);
}

/* The first of the targets ordered by start (`by_start`) that starts at or after `lo`. */
static size_t first_target_from(const zhx_doc *doc, const size_t *by_start, size_t lo)
{
    size_t a = 0, z = doc->ntargets;
    while (a < z) {
        size_t mid = a + (z - a) / 2;
        if (doc->targets[by_start[mid]].lo < lo)
            a = mid + 1;
        else
            z = mid;
    }
    return a;
}

static void task_record(zhx_buf *b, const spans *sp, const zhx_task *t, size_t seq,
                        const size_t *target_seq, const size_t *by_start)
{
    const zhx_doc *doc = sp->doc;
    rec r;
    rec_open(&r, b, "task", sp->id);
    field_count(&r, "seq", seq);
    field_sections(&r, "path", doc, t->section, true, t->lo);
    field_count(&r, "level", t->section >= 0 ? (size_t)doc->sections[t->section].level : 0);
    field_string(&r, "title", t->title);
    put_string(field(&r, "text"), doc->text + t->lo, t->hi - t->lo);
    zhx_buf_addch(field(&r, "owners"), '[');
    for (size_t i = 0; i < t->nowners; i++) {
        if (i)
            zhx_buf_addch(b, ',');
        put_cstring(b, t->owners[i]);
    }
    zhx_buf_addch(b, ']');
    field_string(&r, "deadline", t->deadline);
    zhx_buf_addch(field(&r, "targets"), '[');
    bool any = false;
    for (size_t k = first_target_from(doc, by_start, t->lo);
         k < doc->ntargets && doc->targets[by_start[k]].lo < t->hi; k++) {
        const zhx_target *g = &doc->targets[by_start[k]];
        if (g->hi > t->hi)
            continue;
        if (any)
            zhx_buf_addch(b, ',');
        zhx_buf_addu(b, target_seq[by_start[k]]);
        any = true;
    }
    zhx_buf_addch(b, ']');
    field_spans(&r, sp, t->lo, t->hi);
    rec_close(&r);
}

static void doc_record(zhx_buf *b, const spans *sp, bool with_text)
{
    const zhx_doc *doc = sp->doc;
    rec r;
    rec_open(&r, b, "doc", sp->id);
    field_string(&r, "title", doc->title);
    field_string(&r, "date", doc->date[0] ? doc->date : NULL);
    field_string(&r, "encoding", doc->encoding);
    field_string(&r, "script", doc->script);
    field_bool(&r, "converted", doc->converted);
    field_count(&r, "bytes", doc->raw_len);
    field_count(&r, "chars", zhx_cpindex_cp(&sp->index, doc->len));
    zhx_buf_addlit(field(&r, "removed"), "{\"boilerplate\":");
    zhx_buf_addu(b, doc->removed_boilerplate);
    zhx_buf_addlit(b, ",\"page_markers\":");
    zhx_buf_addu(b, doc->removed_page_markers);
    zhx_buf_addlit(b, ",\"pinyin\":");
    zhx_buf_addu(b, doc->removed_pinyin);
    zhx_buf_addch(b, '}');
    field_count(&r, "lost_chars", doc->lost_chars);
    field_count(&r, "targets", doc->ntargets);
    field_count(&r, "tasks", doc->ntasks);
    zhx_buf_addch(field(&r, "warnings"), '[');
    for (size_t at = 0; at < doc->warnings.len; at += strlen(doc->warnings.s + at) + 1) {
        if (at)
            zhx_buf_addch(b, ',');
        put_cstring(b, doc->warnings.s + at);
    }
    zhx_buf_addch(b, ']');
    if (with_text)
        put_string(field(&r, "text"), doc->text, doc->len);
    rec_close(&r);
}

static void error_record(zhx_buf *b, const zhx_buf *id, const char *error, const char *detail)
{
    rec r;
    rec_open(&r, b, "error", id);
    field_string(&r, "error", error);
    field_string(&r, "detail", detail);
    rec_close(&r);
}

/* One edit: the stage, the rule, the raw bytes it came from, and the text before and after. */
static void change_record(zhx_buf *b, const spans *sp, const zhx_change *c)
{
    const zhx_doc *doc = sp->doc;
    size_t lo = c->in_lo, hi = c->in_hi;
    zhx_doc_raw_bytes_before(doc, c->stage, &lo, &hi);
    rec r;
    rec_open(&r, b, "change", sp->id);
    field_string(&r, "stage", doc->stage_names[c->stage]);
    field_string(&r, "rule", c->rule);
    field_pair(&r, "raw_span", lo, hi);
    field_string(&r, "from", c->before);
    field_string(&r, "to", c->after);
    rec_close(&r);
}

/* Records come out in text order; a task comes before the targets inside it. */
typedef struct order {
    uint32_t lo;
    int is_target;
    size_t index;
} order;

static int order_cmp(const void *a, const void *b)
{
    const order *x = a, *y = b;
    if (x->lo != y->lo)
        return x->lo < y->lo ? -1 : 1;
    if (x->is_target != y->is_target)
        return x->is_target - y->is_target;
    return x->index < y->index ? -1 : x->index > y->index;
}

static void append_records(zhx_buf *b, const spans *sp)
{
    const zhx_doc *doc = sp->doc;
    size_t n = doc->ntargets + doc->ntasks;
    order *o = malloc((n ? n : 1) * sizeof *o);
    size_t *target_seq = malloc((doc->ntargets ? doc->ntargets : 1) * sizeof *target_seq);
    size_t *by_start = malloc((doc->ntargets ? doc->ntargets : 1) * sizeof *by_start);
    if (!o || !target_seq || !by_start) {
        zhx_buf_fail(b);
        free(o);
        free(target_seq);
        free(by_start);
        return;
    }
    for (size_t i = 0; i < doc->ntargets; i++)
        o[i] = (order){doc->targets[i].lo, 1, i};
    for (size_t i = 0; i < doc->ntasks; i++)
        o[doc->ntargets + i] = (order){doc->tasks[i].lo, 0, i};
    qsort(o, n, sizeof *o, order_cmp);
    for (size_t k = 0, t = 0; k < n; k++)
        if (o[k].is_target) {
            target_seq[o[k].index] = k + 1;
            by_start[t++] = o[k].index;
        }
    for (size_t k = 0; k < n; k++) {
        if (o[k].is_target)
            target_record(b, sp, &doc->targets[o[k].index], k + 1);
        else
            task_record(b, sp, &doc->tasks[o[k].index], k + 1, target_seq, by_start);
    }
    free(o);
    free(target_seq);
    free(by_start);
}

char *zhx_doc_jsonl(const zhx_doc *doc, unsigned emit, size_t *len)
{
    zhx_buf out = ZHX_BUF_INIT, id = ZHX_BUF_INIT;
    put_cstring(&id, doc->id);
    out.failed = id.failed;
    if (doc->error || !doc->normalized) {
        if (doc->error)
            error_record(&out, &id, doc->error, doc->error_detail);
        else
            error_record(&out, &id, "not processed", NULL);
        zhx_buf_free(&id);
        return zhx_buf_detach(&out, len);
    }
    spans sp = {doc, {0}, &id};
    if (!zhx_cpindex_init(&sp.index, doc->text, doc->len)) {
        zhx_buf_free(&id);
        if (len)
            *len = 0;
        return NULL;
    }
    if (emit & ZHX_EMIT_CHANGES)
        for (size_t i = 0; i < doc->log.n; i++)
            change_record(&out, &sp, &doc->log.v[i]);
    if (emit & ZHX_EMIT_RECORDS)
        append_records(&out, &sp);
    doc_record(&out, &sp, (emit & ZHX_EMIT_TEXT) != 0);
    zhx_cpindex_free(&sp.index);
    zhx_buf_free(&id);
    return zhx_buf_detach(&out, len);
}
