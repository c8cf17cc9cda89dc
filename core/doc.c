#include "doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

zhx_doc *zhx_doc_new(const char *id, const void *bytes, size_t len)
{
    zhx_doc *doc = calloc(1, sizeof *doc);
    if (!doc)
        return NULL;
    doc->id = strdup(id ? id : "-");
    if (!doc->id) {
        free(doc);
        return NULL;
    }
    doc->raw = bytes;
    doc->raw_len = len;
    doc->encoding = "UTF-8";
    doc->script = "simplified";
    zhx_buf_init(&doc->warnings);
    return doc;
}

static void free_records(zhx_doc *doc)
{
    for (size_t i = 0; i < doc->nsections; i++) {
        free(doc->sections[i].marker);
        free(doc->sections[i].label);
        free(doc->sections[i].title);
    }
    for (size_t i = 0; i < doc->ntargets; i++) {
        zhx_target *t = &doc->targets[i];
        free(t->indicator);
        free(t->unit);
        free(t->literal);
        free(t->deadline);
    }
    for (size_t i = 0; i < doc->ntasks; i++) {
        zhx_task *t = &doc->tasks[i];
        free(t->title);
        free(t->deadline);
        for (size_t j = 0; j < t->nowners; j++)
            free(t->owners[j]);
        free(t->owners);
    }
    free(doc->sections);
    free(doc->targets);
    free(doc->tasks);
}

void zhx_doc_free(zhx_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->nstages; i++)
        zhx_map_free(&doc->maps[i]);
    zhx_changelog_free(&doc->log);
    zhx_buf_free(&doc->warnings);
    free_records(doc);
    free(doc->owned);
    free(doc->title);
    free(doc->error);
    free(doc->error_detail);
    free(doc->id);
    free(doc);
}

void zhx_doc_fail(zhx_doc *doc, const char *error, const char *detail)
{
    if (doc->error)
        return; /* the first cause is the one to report */
    doc->error = strdup(error ? error : "failed");
    doc->error_detail = detail ? strdup(detail) : NULL;
}

const char *zhx_doc_text(const zhx_doc *doc, size_t *len)
{
    if (!doc->normalized || doc->error) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = doc->len;
    return doc->text;
}

const char *zhx_doc_id(const zhx_doc *doc)
{
    return doc->id;
}

const char *zhx_doc_error(const zhx_doc *doc)
{
    return doc->error;
}

void zhx_doc_warn(zhx_doc *doc, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (size_t at = 0; at < doc->warnings.len; at += strlen(doc->warnings.s + at) + 1)
        if (strcmp(doc->warnings.s + at, msg) == 0)
            return;
    zhx_buf_add(&doc->warnings, msg, strlen(msg) + 1);
    doc->nwarnings++;
}

void zhx_doc_raw_bytes_before(const zhx_doc *doc, size_t stage, size_t *lo, size_t *hi)
{
    for (size_t i = stage; i-- > 0;)
        if (doc->maps[i].n)
            zhx_map_span(&doc->maps[i], lo, hi);
}

void zhx_doc_raw_bytes(const zhx_doc *doc, size_t *lo, size_t *hi)
{
    zhx_doc_raw_bytes_before(doc, doc->nstages, lo, hi);
}

bool zhx_doc_raw_span(const zhx_doc *doc, size_t lo, size_t hi, size_t *raw_lo, size_t *raw_hi)
{
    if (!doc->normalized || doc->error || lo > hi)
        return false;
    zhx_cpindex index;
    if (!zhx_cpindex_init(&index, doc->text, doc->len))
        return false;
    bool ok = hi <= zhx_cpindex_cp(&index, doc->len);
    if (ok) {
        *raw_lo = zhx_cpindex_byte(&index, lo);
        *raw_hi = zhx_cpindex_byte(&index, hi);
        zhx_doc_raw_bytes(doc, raw_lo, raw_hi);
    }
    zhx_cpindex_free(&index);
    return ok;
}

bool zhx_stage_match(zhx_stage *st, const zhx_rule *rule, const char *s, size_t len, size_t start)
{
    int rc = zhx_match(st->engine->matcher, rule->code, s, len, start);
    if (rc >= 0)
        return rc == 1;
    zhx_doc_rule_stopped(st->doc, rule, rc);
    return false;
}

void zhx_doc_rule_stopped(zhx_doc *doc, const zhx_rule *rule, int rc)
{
    char why[128];
    zhx_matcher_error(rc, why, sizeof why);
    zhx_doc_warn(doc, "rule %s stopped: %s", rule->name, why);
}

bool zhx_stage_substitute(zhx_stage *st, const zhx_rule *rule, const char *s, size_t len,
                          zhx_buf *out)
{
    int rc = zhx_match_substitute(st->engine->matcher, rule, s, len, out);
    if (rc < 0) {
        char why[128];
        zhx_matcher_error(rc, why, sizeof why);
        zhx_doc_warn(st->doc, "rule %s: its replacement cannot be made: %s", rule->name, why);
    }
    return rc == 1;
}

bool zhx_stage_next(zhx_stage *st, const zhx_rule *rule, const char *s, size_t len, size_t *at,
                    size_t *lo, size_t *hi)
{
    if (*at > len || !zhx_stage_match(st, rule, s, len, *at))
        return false;
    zhx_match_group(st->engine->matcher, 0, lo, hi);
    *at = *hi > *lo ? *hi : *lo + (*lo < len ? zhx_utf8_width((unsigned char)s[*lo]) : 1);
    return true;
}

/* Grows one of the record arrays and returns its new zeroed element. */
static void *add_record(void **array, size_t *n, size_t *cap, size_t size)
{
    if (!zhx_array_room(array, cap, *n, size))
        return NULL;
    void *rec = (char *)*array + (*n)++ * size;
    memset(rec, 0, size);
    return rec;
}

zhx_target *zhx_doc_add_target(zhx_doc *doc)
{
    zhx_target *t =
        add_record((void **)&doc->targets, &doc->ntargets, &doc->targets_cap, sizeof *t);
    if (t)
        t->section = -1;
    return t;
}

zhx_task *zhx_doc_add_task(zhx_doc *doc)
{
    zhx_task *t = add_record((void **)&doc->tasks, &doc->ntasks, &doc->tasks_cap, sizeof *t);
    if (t)
        t->section = -1;
    return t;
}

zhx_section *zhx_doc_add_section(zhx_doc *doc)
{
    zhx_section *s =
        add_record((void **)&doc->sections, &doc->nsections, &doc->sections_cap, sizeof *s);
    if (s)
        s->parent = -1;
    return s;
}
