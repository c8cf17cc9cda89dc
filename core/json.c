/* Records as JSON Lines, in the schema of DESIGN.md, written with jansson. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "utf8.h"

/* Positions of one document: code points of the normalized text and raw bytes. */
typedef struct spans {
    const zhx_doc *doc;
    zhx_cpindex index;
} spans;

static json_t *span_pair(size_t lo, size_t hi)
{
    return json_pack("[II]", (json_int_t)lo, (json_int_t)hi);
}

static void set_spans(json_t *rec, const spans *sp, size_t lo, size_t hi)
{
    json_object_set_new(rec, "span",
                        span_pair(zhx_cpindex_cp(&sp->index, lo), zhx_cpindex_cp(&sp->index, hi)));
    zhx_doc_raw_bytes(sp->doc, &lo, &hi);
    json_object_set_new(rec, "raw_span", span_pair(lo, hi));
}

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* Text of the normalized document, as a JSON string. */
static json_t *text_slice(const zhx_doc *doc, size_t lo, size_t hi)
{
    return json_stringn(doc->text + lo, hi - lo);
}

/* An exact decimal as a JSON number: an integer when it has no fraction, otherwise the
 * shortest real that prints back as exactly these digits. */
static json_t *decimal_json(zhx_decimal d)
{
    while (d.scale > 0 && d.units % 10 == 0) {
        d.units /= 10;
        d.scale--;
    }
    while (d.scale < 0) {
        if (d.units > INT64_MAX / 10 || d.units < INT64_MIN / 10)
            return json_null();
        d.units *= 10;
        d.scale++;
    }
    if (d.scale == 0)
        return json_integer((json_int_t)d.units);
    char digits[64];
    snprintf(digits, sizeof digits, "%lldE-%d", (long long)d.units, (int)d.scale);
    return json_real(strtod(digits, NULL));
}

static json_t *decimal_or_null(bool has, zhx_decimal d)
{
    return has ? decimal_json(d) : json_null();
}

/* The heading of a section as it reads: marker and run-in title. */
static json_t *heading(const zhx_section *s)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s%s", s->marker ? s->marker : "", s->title ? s->title : "");
    return json_string(buf);
}

/* Whether section `i` is a heading of the target at byte `at`: it has a title, and the target
 * is not that title itself (an item such as "4、建档率≥65%" is the target, not its heading). */
static bool heads(const zhx_section *s, size_t at)
{
    return s->title && at >= s->body_lo + strlen(s->title);
}

/* The chain of sections from the outermost down to `index`: for a task, their labels; for a
 * target at byte `at` (labels false), the headings over it. */
static json_t *section_path(const zhx_doc *doc, int index, bool labels, size_t at)
{
    int chain[64];
    size_t n = 0;
    for (int i = index; i >= 0 && n < 64; i = doc->sections[i].parent)
        if (labels || heads(&doc->sections[i], at))
            chain[n++] = i;
    json_t *a = json_array();
    while (n-- > 0) {
        const zhx_section *s = &doc->sections[chain[n]];
        json_array_append_new(a, labels ? json_string(s->label ? s->label : "") : heading(s));
    }
    return a;
}

static json_t *target_record(const spans *sp, const zhx_target *t, size_t seq)
{
    const zhx_doc *doc = sp->doc;
    json_t *r = json_object();
    json_object_set_new(r, "type", json_string("target"));
    json_object_set_new(r, "doc", json_string(doc->id));
    json_object_set_new(r, "seq", json_integer((json_int_t)seq));
    json_object_set_new(r, "section", section_path(doc, t->section, false, t->lo));
    json_object_set_new(r, "indicator", string_or_null(t->indicator));
    json_object_set_new(r, "op", string_or_null(t->op));
    json_object_set_new(r, "value", decimal_or_null(t->has_value, t->value));
    json_object_set_new(r, "value_max", decimal_or_null(t->has_value_max, t->value_max));
    json_object_set_new(r, "from", decimal_or_null(t->has_from, t->from));
    json_object_set_new(r, "unit", string_or_null(t->unit));
    json_object_set_new(r, "literal", string_or_null(t->literal));
    json_object_set_new(r, "approx", json_boolean(t->approx));
    json_object_set_new(r, "year", t->year ? json_integer(t->year) : json_null());
    json_object_set_new(r, "deadline", string_or_null(t->deadline));
    json_object_set_new(r, "kind", json_string(t->kind ? t->kind : "target"));
    json_object_set_new(r, "placeholder", json_boolean(t->placeholder));
    json_object_set_new(r, "text", text_slice(doc, t->lo, t->hi));
    set_spans(r, sp, t->lo, t->hi);
    json_object_set_new(r, "rule", string_or_null(t->rule));
    return r;
}

static json_t *task_record(const spans *sp, const zhx_task *t, size_t seq, const size_t *target_seq)
{
    const zhx_doc *doc = sp->doc;
    json_t *r = json_object();
    json_object_set_new(r, "type", json_string("task"));
    json_object_set_new(r, "doc", json_string(doc->id));
    json_object_set_new(r, "seq", json_integer((json_int_t)seq));
    json_object_set_new(r, "path", section_path(doc, t->section, true, t->lo));
    int level = t->section >= 0 ? doc->sections[t->section].level : 0;
    json_object_set_new(r, "level", json_integer(level));
    json_object_set_new(r, "title", string_or_null(t->title));
    json_object_set_new(r, "text", text_slice(doc, t->lo, t->hi));
    json_t *owners = json_array();
    for (size_t i = 0; i < t->nowners; i++)
        json_array_append_new(owners, json_string(t->owners[i]));
    json_object_set_new(r, "owners", owners);
    json_object_set_new(r, "deadline", string_or_null(t->deadline));
    json_t *targets = json_array();
    for (size_t i = 0; i < doc->ntargets; i++)
        if (doc->targets[i].lo >= t->lo && doc->targets[i].hi <= t->hi)
            json_array_append_new(targets, json_integer((json_int_t)target_seq[i]));
    json_object_set_new(r, "targets", targets);
    set_spans(r, sp, t->lo, t->hi);
    return r;
}

static json_t *doc_record(const spans *sp, bool with_text)
{
    const zhx_doc *doc = sp->doc;
    json_t *r = json_object();
    json_object_set_new(r, "type", json_string("doc"));
    json_object_set_new(r, "doc", json_string(doc->id));
    json_object_set_new(r, "title", string_or_null(doc->title));
    json_object_set_new(r, "encoding", json_string(doc->encoding));
    json_object_set_new(r, "script", json_string(doc->script));
    json_object_set_new(r, "converted", json_boolean(doc->converted));
    json_object_set_new(r, "bytes", json_integer((json_int_t)doc->raw_len));
    json_object_set_new(r, "chars", json_integer((json_int_t)zhx_cpindex_cp(&sp->index, doc->len)));
    json_object_set_new(r, "removed",
                        json_pack("{sIsIsI}", "boilerplate", (json_int_t)doc->removed_boilerplate,
                                  "page_markers", (json_int_t)doc->removed_page_markers, "pinyin",
                                  (json_int_t)doc->removed_pinyin));
    json_object_set_new(r, "lost_chars", json_integer((json_int_t)doc->lost_chars));
    json_object_set_new(r, "targets", json_integer((json_int_t)doc->ntargets));
    json_object_set_new(r, "tasks", json_integer((json_int_t)doc->ntasks));
    json_t *warnings = json_array();
    for (size_t at = 0; at < doc->warnings.len; at += strlen(doc->warnings.s + at) + 1)
        json_array_append_new(warnings, json_string(doc->warnings.s + at));
    json_object_set_new(r, "warnings", warnings);
    if (with_text)
        json_object_set_new(r, "text", json_stringn(doc->text, doc->len));
    return r;
}

static json_t *error_record(const zhx_doc *doc, const char *error, const char *detail)
{
    json_t *r = json_object();
    json_object_set_new(r, "type", json_string("error"));
    json_object_set_new(r, "doc", json_string(doc->id));
    json_object_set_new(r, "error", json_string(error));
    json_object_set_new(r, "detail", string_or_null(detail));
    return r;
}

/* One edit: the stage, the rule, the raw bytes it came from, and the text before and after. */
static json_t *change_record(const zhx_doc *doc, const zhx_change *c)
{
    size_t lo = c->in_lo, hi = c->in_hi;
    zhx_doc_raw_bytes_before(doc, c->stage, &lo, &hi);
    json_t *r = json_object();
    json_object_set_new(r, "type", json_string("change"));
    json_object_set_new(r, "doc", json_string(doc->id));
    json_object_set_new(r, "stage", json_string(doc->stage_names[c->stage]));
    json_object_set_new(r, "rule", string_or_null(c->rule));
    json_object_set_new(r, "raw_span", span_pair(lo, hi));
    json_object_set_new(r, "from", string_or_null(c->before));
    json_object_set_new(r, "to", string_or_null(c->after));
    return r;
}

static void append(zhx_buf *out, json_t *rec)
{
    if (!rec) {
        out->failed = true;
        return;
    }
    char *line = json_dumps(rec, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(rec);
    if (!line) {
        out->failed = true;
        return;
    }
    zhx_buf_addstr(out, line);
    zhx_buf_addch(out, '\n');
    free(line);
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

static void append_records(zhx_buf *out, const spans *sp)
{
    const zhx_doc *doc = sp->doc;
    size_t n = doc->ntargets + doc->ntasks;
    order *o = malloc((n ? n : 1) * sizeof *o);
    size_t *target_seq = malloc((doc->ntargets ? doc->ntargets : 1) * sizeof *target_seq);
    if (!o || !target_seq) {
        out->failed = true;
        free(o);
        free(target_seq);
        return;
    }
    for (size_t i = 0; i < doc->ntargets; i++)
        o[i] = (order){doc->targets[i].lo, 1, i};
    for (size_t i = 0; i < doc->ntasks; i++)
        o[doc->ntargets + i] = (order){doc->tasks[i].lo, 0, i};
    qsort(o, n, sizeof *o, order_cmp);
    for (size_t k = 0; k < n; k++)
        if (o[k].is_target)
            target_seq[o[k].index] = k + 1;
    for (size_t k = 0; k < n; k++)
        append(out, o[k].is_target ? target_record(sp, &doc->targets[o[k].index], k + 1)
                                   : task_record(sp, &doc->tasks[o[k].index], k + 1, target_seq));
    free(o);
    free(target_seq);
}

char *zhx_doc_jsonl(const zhx_doc *doc, unsigned emit, size_t *len)
{
    zhx_buf out = ZHX_BUF_INIT;
    if (doc->error || !doc->normalized) {
        append(&out, doc->error ? error_record(doc, doc->error, doc->error_detail)
                                : error_record(doc, "not processed", NULL));
        return zhx_buf_detach(&out, len);
    }
    spans sp = {doc, {0}};
    if (!zhx_cpindex_init(&sp.index, doc->text, doc->len)) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (emit & ZHX_EMIT_CHANGES)
        for (size_t i = 0; i < doc->log.n; i++)
            append(&out, change_record(doc, &doc->log.v[i]));
    if (emit & ZHX_EMIT_RECORDS)
        append_records(&out, &sp);
    append(&out, doc_record(&sp, (emit & ZHX_EMIT_TEXT) != 0));
    zhx_cpindex_free(&sp.index);
    return zhx_buf_detach(&out, len);
}
