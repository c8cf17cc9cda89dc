/* The whole normalize pipeline on arbitrary bytes, in every option set: the result is an
 * error record or valid UTF-8 text without NUL bytes, and its records are well-formed JSON
 * whose spans stay inside the input. */
#include "fuzzing.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    zhx_engine *engine = fuzz_engine(data[0]);
    zhx_doc *doc = zhx_doc_new("fuzz", data + 1, size - 1);
    FUZZ_CHECK(doc != NULL);
    zhx_status status = zhx_normalize(engine, doc);
    size_t len;
    const char *text = zhx_doc_text(doc, &len);
    if (status == ZHX_OK) {
        FUZZ_CHECK(text != NULL);
        FUZZ_CHECK(zhx_utf8_valid_prefix(text, len) == len);
        FUZZ_CHECK(memchr(text, '\0', len) == NULL);
        size_t chars = zhx_utf8_count(text, len), raw_lo, raw_hi;
        FUZZ_CHECK(zhx_doc_raw_span(doc, 0, chars, &raw_lo, &raw_hi));
        FUZZ_CHECK(raw_lo <= raw_hi && raw_hi <= size - 1);
    } else {
        FUZZ_CHECK(zhx_doc_error(doc) != NULL);
    }
    size_t n;
    char *jsonl = zhx_doc_jsonl(doc, ZHX_EMIT_TEXT | ZHX_EMIT_CHANGES, &n);
    FUZZ_CHECK(jsonl != NULL);
    json_t *last;
    FUZZ_CHECK(fuzz_check_jsonl(jsonl, n, &last, NULL, NULL) >= 1);
    const char *type = json_string_value(json_object_get(last, "type"));
    FUZZ_CHECK(strcmp(type, status == ZHX_OK ? "doc" : "error") == 0);
    json_decref(last);
    free(jsonl);
    zhx_doc_free(doc);
    return 0;
}
