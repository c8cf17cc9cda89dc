/* Extraction on arbitrary bytes: every target and task record is well-formed, its `text` is
 * exactly the normalized text at its `span`, and its `raw_span` lies inside the input. */
#include "fuzzing.h"

/* The normalized text and the size of the input, which records are checked against. */
typedef struct doc_view {
    const char *text;
    size_t len, raw_size;
} doc_view;

static void check_record(json_t *rec, void *user)
{
    const doc_view *d = user;
    const char *text = d->text;
    size_t len = d->len, raw_size = d->raw_size;
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
    doc_view view = {text, len, size - 1};
    json_t *last;
    fuzz_check_jsonl(jsonl, n, &last, status == ZHX_OK ? check_record : NULL, &view);
    json_decref(last);
    free(jsonl);
    zhx_doc_free(doc);
    return 0;
}
