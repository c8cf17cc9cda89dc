/* Extraction on arbitrary bytes: every target and task record is well-formed, its `text` is
 * exactly the normalized text at its `span`, and its `raw_span` lies inside the input. */
#include "fuzzing.h"

static void check_record(json_t *rec, const char *text, size_t len, size_t raw_size)
{
    const char *type = json_string_value(json_object_get(rec, "type"));
    if (strcmp(type, "target") != 0 && strcmp(type, "task") != 0)
        return;
    size_t chars = zhx_utf8_count(text, len);
    fuzz_check_span(rec, "span", chars);
    fuzz_check_span(rec, "raw_span", raw_size);
    json_t *span = json_object_get(rec, "span");
    size_t lo = (size_t)json_integer_value(json_array_get(span, 0));
    size_t hi = (size_t)json_integer_value(json_array_get(span, 1));
    /* walk to the code points: the record's text must be that slice */
    size_t b = 0, cp = 0, blo = 0;
    while (b < len && cp < hi) {
        if (cp == lo)
            blo = b;
        b += zhx_utf8_width((unsigned char)text[b]);
        cp++;
    }
    if (lo == hi)
        blo = b;
    const char *quoted = json_string_value(json_object_get(rec, "text"));
    FUZZ_CHECK(quoted != NULL && strlen(quoted) == b - blo &&
               memcmp(quoted, text + blo, b - blo) == 0);
    if (strcmp(type, "target") == 0) {
        json_t *value = json_object_get(rec, "value");
        FUZZ_CHECK(json_is_null(value) || json_is_number(value));
        FUZZ_CHECK(json_is_string(json_object_get(rec, "rule")));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    zhx_engine *engine = fuzz_engine(data[0]);
    zhx_doc *doc = zhx_doc_new("fuzz", data + 1, size - 1);
    FUZZ_CHECK(doc != NULL);
    zhx_status status = zhx_extract(engine, doc);
    size_t n, len;
    char *jsonl = zhx_doc_jsonl(doc, ZHX_EMIT_RECORDS, &n);
    FUZZ_CHECK(jsonl != NULL);
    const char *text = zhx_doc_text(doc, &len);
    for (size_t at = 0; at < n;) {
        const char *nl = memchr(jsonl + at, '\n', n - at);
        FUZZ_CHECK(nl != NULL);
        json_error_t err;
        json_t *rec = json_loadb(jsonl + at, (size_t)(nl - jsonl) - at, 0, &err);
        FUZZ_CHECK(rec != NULL);
        if (status == ZHX_OK)
            check_record(rec, text, len, size - 1);
        json_decref(rec);
        at = (size_t)(nl - jsonl) + 1;
    }
    free(jsonl);
    zhx_doc_free(doc);
    return 0;
}
