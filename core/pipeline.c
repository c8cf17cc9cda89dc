/* The fixed order of the stages. This is the only place that knows it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"

#include "../extract/extract.h"
#include "../normalize/normalize.h"

/* Offsets in the maps are 32-bit; a decoded text may be up to three times its input. */
#define DOC_BYTES_MAX ((size_t)1 << 30)

static bool always(const zhx_options *o)
{
    (void)o;
    return true;
}

static bool boilerplate_on(const zhx_options *o)
{
    return o->boilerplate;
}

static bool repair_on(const zhx_options *o)
{
    return o->repair;
}

static const zhx_normalize_stage normalize_stages[] = {
    {"decode", zhx_decode, always},
    {"mime", zhx_mime, always},
    {"rtf", zhx_rtf, always},
    {"mojibake", zhx_mojibake, always},
    {"lost", zhx_lost, always},
    {"pages", zhx_pages, always},
    {"entities", zhx_entities, always},
    {"pinyin", zhx_pinyin, always},
    {"unicode", zhx_unicode, always},
    {"convert", zhx_convert_text, always},
    {"boilerplate", zhx_boilerplate, boilerplate_on},
    {"layout", zhx_layout, always},
    {"repair", zhx_repair, repair_on},
    {"title", zhx_title, always},
};

static const zhx_extract_stage extract_stages[] = {
    {"outline", zhx_outline},
    {"targets", zhx_targets},
    {"tasks", zhx_tasks},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

_Static_assert(COUNT(normalize_stages) <= ZHX_STAGES_MAX, "raise ZHX_STAGES_MAX");

const zhx_normalize_stage *zhx_pipeline_normalize(size_t *n)
{
    *n = COUNT(normalize_stages);
    return normalize_stages;
}

const zhx_extract_stage *zhx_pipeline_extract(size_t *n)
{
    *n = COUNT(extract_stages);
    return extract_stages;
}

static zhx_status fail(zhx_doc *doc, zhx_status status, const char *stage)
{
    char what[128];
    snprintf(what, sizeof what, "%s stage failed", stage);
    zhx_doc_fail(doc, status == ZHX_ERR_NOMEM ? "out of memory" : what,
                 status == ZHX_ERR_NOMEM ? stage : zhx_status_name(status));
    return status;
}

zhx_status zhx_normalize(zhx_engine *engine, zhx_doc *doc)
{
    if (doc->error)
        return ZHX_ERR_INPUT;
    if (doc->normalized)
        return ZHX_OK;
    if (doc->raw_len > DOC_BYTES_MAX) {
        char detail[96];
        snprintf(detail, sizeof detail, "%zu bytes; the most zhx can map is %zu", doc->raw_len,
                 DOC_BYTES_MAX);
        zhx_doc_fail(doc, "document too large", detail);
        return ZHX_ERR_LIMIT;
    }
    doc->text = doc->raw;
    doc->len = doc->raw_len;
    for (size_t i = 0; i < COUNT(normalize_stages); i++) {
        doc->stage_names[i] = normalize_stages[i].name;
        doc->nstages = i + 1;
        if (!normalize_stages[i].enabled(&engine->options))
            continue;
        zhx_stage st = {engine, doc, (uint32_t)i, engine->options.explain ? &doc->log : NULL};
        zhx_text out;
        zhx_status status = normalize_stages[i].run(&st, doc->text, doc->len, &out);
        if (status != ZHX_OK)
            return fail(doc, status, normalize_stages[i].name);
        if (!out.changed)
            continue;
        doc->maps[i] = out.map;
        free(doc->owned);
        doc->owned = out.s;
        doc->text = out.s;
        doc->len = out.len;
    }
    doc->normalized = true;
    return ZHX_OK;
}

zhx_status zhx_extract(zhx_engine *engine, zhx_doc *doc)
{
    zhx_status status = zhx_normalize(engine, doc);
    if (status != ZHX_OK || doc->extracted)
        return status;
    for (size_t i = 0; i < COUNT(extract_stages); i++) {
        zhx_stage st = {engine, doc, (uint32_t)doc->nstages, NULL};
        status = extract_stages[i].run(&st, doc->text, doc->len);
        if (status != ZHX_OK)
            return fail(doc, status, extract_stages[i].name);
    }
    doc->extracted = true;
    return ZHX_OK;
}
