/* The record writer: strings escaped wherever the special bytes fall, names that are not
 * UTF-8, and exact decimals; every line parses back with jansson. */
#include "testing.h"

#include <jansson.h>

#include "../core/doc.h"

/* The document's records, parsed; fails the test if a line is not JSON. */
static json_t *parsed_lines(const zhx_doc *doc, unsigned emit)
{
    size_t n;
    char *jsonl = zhx_doc_jsonl(doc, emit, &n);
    assert_non_null(jsonl);
    json_t *all = json_array();
    for (char *line = jsonl, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
        json_error_t err;
        json_t *rec = json_loadb(line, (size_t)(nl - line), 0, &err);
        if (!rec)
            fail_msg("not JSON (%s): %.*s", err.text, (int)(nl - line), line);
        json_array_append_new(all, rec);
    }
    free(jsonl);
    return all;
}

static void test_text_round_trips_wherever_the_specials_fall(void **state)
{
    (void)state;
    zhx_options o = test_options();
    o.punct = ZHX_PUNCT_KEEP;
    for (size_t shift = 0; shift < 17; shift++) {
        char input[128];
        snprintf(input, sizeof input, "%.*s引\"号\"\\斜\t杠一二三四五六七八九十\"", (int)shift,
                 "abcdefghijklmnopq");
        zhx_doc *doc = run_doc(shipped_rules(), &o, input, strlen(input), false);
        json_t *all = parsed_lines(doc, ZHX_EMIT_TEXT);
        json_t *rec = json_array_get(all, json_array_size(all) - 1);
        size_t len;
        const char *text = zhx_doc_text(doc, &len);
        assert_string_equal(json_string_value(json_object_get(rec, "text")), text);
        json_decref(all);
        zhx_doc_free(doc);
    }
}

static void test_a_name_that_is_not_utf8_keeps_its_field(void **state)
{
    (void)state;
    /* 你好 in GBK: C4 | E3 BA (a cut-off sequence) | C3, three ill-formed pieces */
    zhx_doc *doc = zhx_doc_new("dir/\xC4\xE3\xBA\xC3.txt", "", 0);
    zhx_doc_fail(doc, "cannot open", "No such file");
    json_t *all = parsed_lines(doc, ZHX_EMIT_RECORDS);
    json_t *rec = json_array_get(all, 0);
    assert_string_equal(json_string_value(json_object_get(rec, "doc")),
                        "dir/\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD.txt");
    assert_string_equal(json_string_value(json_object_get(rec, "error")), "cannot open");
    json_decref(all);
    zhx_doc_free(doc);
}

/* The value field of a target whose value is units * 10^-scale, as written. */
static char *written_value(int64_t units, int32_t scale)
{
    zhx_doc *doc = run_doc(shipped_rules(), NULL, "x", 1, false);
    zhx_target *t = zhx_doc_add_target(doc);
    t->lo = 0;
    t->hi = 1;
    t->has_value = true;
    t->value = (zhx_decimal){units, scale};
    size_t n;
    char *jsonl = zhx_doc_jsonl(doc, ZHX_EMIT_RECORDS, &n);
    const char *v = strstr(jsonl, "\"value\":") + 8;
    char *out = strndup(v, strcspn(v, ","));
    free(jsonl);
    zhx_doc_free(doc);
    return out;
}

#define assert_value(units, scale, text)                                                           \
    do {                                                                                           \
        char *got_ = written_value((units), (scale));                                              \
        assert_string_equal(got_, (text));                                                         \
        free(got_);                                                                                \
    } while (0)

static void test_decimals_are_written_exactly(void **state)
{
    (void)state;
    assert_value(164, -7, "1640000000"); /* 16.4亿 */
    assert_value(12305, -6, "12305000000");
    assert_value(9996, 2, "99.96");
    assert_value(150, 2, "1.5");
    assert_value(5, 3, "0.005");
    assert_value(-293, 1, "-29.3");
    assert_value(0, -4, "0");
    assert_value(12, -11, "1200000000000");
    assert_value(INT64_MAX, 18, "9.223372036854775807");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_round_trips_wherever_the_specials_fall),
        cmocka_unit_test(test_a_name_that_is_not_utf8_keeps_its_field),
        cmocka_unit_test(test_decimals_are_written_exactly),
    };
    return run_group(tests);
}
