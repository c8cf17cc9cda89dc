/* Each normalize stage by itself, as core/pipeline.c lists them: the first byte picks the
 * stage (decode aside, which fuzz_decode covers), the second the options; the rest goes
 * through decode first, since every other stage is promised valid UTF-8. The stage must
 * succeed, or fail with the document's error set, and its output must keep the promises of
 * fuzz_check_stage_output, plus those a stage makes of its own. */
#include "fuzzing.h"

#include "../core/pipeline.h"

/* What a stage promises the stages after it, beyond valid UTF-8. */
static void check_stage_promises(const char *name, const char *s, size_t len)
{
    if (strcmp(name, "unicode") == 0) {
        /* controls go, line breaks become LF, no blank run is left at a line's ends */
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)s[i];
            FUZZ_CHECK(c >= 0x20 || c == '\n' || c == '\t');
            FUZZ_CHECK(c != 0x7F);
        }
        FUZZ_CHECK(!memmem(s, len, "\n\n\n", 3));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t nstages;
    const zhx_normalize_stage *stages = zhx_pipeline_normalize(&nstages);
    size_t pick = 1 + data[0] % (nstages - 1);
    zhx_engine *engine = fuzz_engine(data[1]);
    const char *raw = (const char *)data + 2;
    size_t raw_len = size - 2;
    zhx_doc *doc = zhx_doc_new("fuzz", raw, raw_len);
    FUZZ_CHECK(doc != NULL);
    zhx_stage st = {engine, doc, 0, NULL};
    zhx_text decoded;
    if (stages[0].run(&st, raw, raw_len, &decoded) != ZHX_OK) {
        zhx_doc_free(doc);
        return 0; /* refused as binary: no text for the stage */
    }
    const char *in = decoded.changed ? decoded.s : raw;
    size_t len = decoded.changed ? decoded.len : raw_len;
    st.index = (uint32_t)pick;
    st.log = engine->options.explain ? &doc->log : NULL;
    zhx_text out;
    zhx_status status = stages[pick].run(&st, in, len, &out);
    if (status != ZHX_OK) {
        FUZZ_CHECK(zhx_doc_error(doc) != NULL && !out.changed);
    } else {
        fuzz_check_stage_output(in, len, false, &out);
        check_stage_promises(stages[pick].name, out.changed ? out.s : in,
                             out.changed ? out.len : len);
        for (size_t i = 0; i < doc->log.n; i++) {
            const zhx_change *c = &doc->log.v[i];
            FUZZ_CHECK(c->stage == pick && c->in_lo <= c->in_hi && c->in_hi <= len);
            FUZZ_CHECK(c->out_lo <= c->out_hi && c->out_hi <= out.len);
        }
    }
    zhx_text_free(&out);
    zhx_text_free(&decoded);
    zhx_doc_free(doc);
    return 0;
}
