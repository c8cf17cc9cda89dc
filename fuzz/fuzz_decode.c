/* The decode stage alone on arbitrary bytes, with the charset detected or forced (the first
 * byte chooses): it refuses the input with an error, or its output is valid UTF-8 whose map
 * takes every character back, in order, to the bytes it was decoded from, and every U+FFFD
 * in the output is counted in lost_chars, no more and no fewer. */
#include "fuzzing.h"

#include "../core/pipeline.h"

/* NULL detects the charset; the others are forced as with --encoding, stateful ones and
 * UTF-7 among them because their offsets are the hardest to keep. */
static const char *const charsets[] = {
    NULL,    NULL,        NULL,          NULL,         NULL,           NULL,       NULL,
    NULL,    "UTF-8",     "GB18030",     "Big5",       "UTF-16LE",     "UTF-16BE", "UTF-32",
    "UTF-7", "Shift_JIS", "ISO-2022-JP", "HZ-GB-2312", "windows-1252", "EUC-KR",   "SCSU"};
#define NCHARSETS (sizeof charsets / sizeof charsets[0])

static zhx_engine *engine_for(size_t k)
{
    static zhx_engine *engines[NCHARSETS];
    if (!engines[k]) {
        zhx_options o;
        zhx_options_init(&o);
        o.encoding = charsets[k];
        o.explain = k % 2; /* the change log quotes undecodable bytes: fuzz it too */
        zhx_diag diag;
        engines[k] = zhx_engine_new(fuzz_shipped_rules(), &o, &diag);
        FUZZ_CHECK(engines[k] != NULL);
    }
    return engines[k];
}

static size_t replacements(const char *s, size_t len)
{
    size_t n = 0;
    for (const char *p = s; (p = memmem(p, len - (size_t)(p - s), "\xEF\xBF\xBD", 3)); p += 3)
        n++;
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t nstages;
    const zhx_normalize_stage *decode = &zhx_pipeline_normalize(&nstages)[0];
    FUZZ_CHECK(strcmp(decode->name, "decode") == 0);
    zhx_engine *engine = engine_for(data[0] % NCHARSETS);
    const char *raw = (const char *)data + 1;
    size_t len = size - 1;
    zhx_doc *doc = zhx_doc_new("fuzz", raw, len);
    FUZZ_CHECK(doc != NULL);
    zhx_stage st = {engine, doc, 0, engine->options.explain ? &doc->log : NULL};
    zhx_text out;
    zhx_status status = decode->run(&st, raw, len, &out);
    if (status != ZHX_OK) {
        FUZZ_CHECK(status == ZHX_ERR_INPUT && zhx_doc_error(doc) != NULL);
        FUZZ_CHECK(!out.changed);
    } else {
        fuzz_check_stage_output(raw, len, true, &out);
        const char *text = out.changed ? out.s : raw;
        size_t n = out.changed ? out.len : len;
        FUZZ_CHECK(doc->lost_chars == replacements(text, n));
        for (size_t i = 0; i < doc->log.n; i++) {
            const zhx_change *c = &doc->log.v[i];
            FUZZ_CHECK(c->in_lo <= c->in_hi && c->in_hi <= len);
            FUZZ_CHECK(zhx_utf8_valid_prefix(c->before, strlen(c->before)) == strlen(c->before));
        }
    }
    zhx_text_free(&out);
    zhx_doc_free(doc);
    return 0;
}
