/* The text + offset map: edits of every shape, composition across stages, code points. */
#include "testing.h"

#include "../core/text.h"

/* Runs one stage's worth of edits over `in`: each edit replaces [lo, hi) of the input by
 * `with`, in increasing order. */
typedef struct edit {
    size_t lo, hi;
    const char *with;
} edit;

static zhx_text apply(const char *in, const edit *edits, size_t n)
{
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, strlen(in), NULL, 0);
    for (size_t i = 0; i < n; i++) {
        zhx_rw_keep(&rw, edits[i].lo);
        zhx_rw_replace(&rw, edits[i].hi, edits[i].with, strlen(edits[i].with), "test");
    }
    zhx_text out;
    assert_true(zhx_rw_finish(&rw, &out));
    return out;
}

static void assert_maps(const zhx_map *map, size_t lo, size_t hi, size_t want_lo, size_t want_hi)
{
    zhx_map_span(map, &lo, &hi);
    assert_int_equal(lo, want_lo);
    assert_int_equal(hi, want_hi);
}

static void test_no_edit_copies_nothing(void **state)
{
    (void)state;
    zhx_text out = apply("unchanged", NULL, 0);
    assert_false(out.changed);
    assert_null(out.s);
    assert_int_equal(out.map.n, 0);
}

static void test_deletion(void **state)
{
    (void)state;
    /* "ab[XYZ]cd" -> "abcd" */
    edit e[] = {{2, 5, ""}};
    zhx_text out = apply("abXYZcd", e, 1);
    assert_string_equal(out.s, "abcd");
    assert_maps(&out.map, 0, 2, 0, 2); /* "ab" */
    assert_maps(&out.map, 2, 4, 5, 7); /* "cd" */
    assert_maps(&out.map, 1, 3, 1, 6); /* "bc" spans the deleted bytes */
    zhx_text_free(&out);
}

static void test_insertion(void **state)
{
    (void)state;
    /* "abcd" -> "ab--cd": inserted text maps to an empty span where it was inserted */
    edit e[] = {{2, 2, "--"}};
    zhx_text out = apply("abcd", e, 1);
    assert_string_equal(out.s, "ab--cd");
    assert_maps(&out.map, 2, 4, 2, 2);
    assert_maps(&out.map, 4, 6, 2, 4);
    assert_maps(&out.map, 0, 6, 0, 4);
    zhx_text_free(&out);
}

static void test_replacement_longer_and_shorter(void **state)
{
    (void)state;
    /* "9.10&permil;x" -> "9.10‰x" (8 bytes become 3) and "a&lt;b" grows nothing */
    edit e[] = {{4, 12, "‰"}};
    zhx_text out = apply("9.10&permil;x", e, 1);
    assert_string_equal(out.s, "9.10‰x");
    assert_maps(&out.map, 4, 7, 4, 12); /* the per-mille sign is the whole entity */
    assert_maps(&out.map, 0, 7, 0, 12);
    assert_maps(&out.map, 7, 8, 12, 13);
    zhx_text_free(&out);
    /* "ab" -> "long text": the whole replacement maps onto the two bytes */
    edit g[] = {{1, 3, "long text"}};
    out = apply("xaby", g, 1);
    assert_string_equal(out.s, "xlong texty");
    assert_maps(&out.map, 3, 5, 1, 3);
    assert_maps(&out.map, 10, 11, 3, 4);
    zhx_text_free(&out);
    /* as many bytes as it replaces, cut elsewhere ("髯琟" -> "�׬^", 6 bytes each): one
     * block, never a character of the output mapped to part of one of the input */
    edit h[] = {{0, 6, "\xEF\xBF\xBD\xD7\xAC^"}};
    out = apply("髯琟", h, 1);
    assert_maps(&out.map, 3, 5, 0, 6);
    assert_maps(&out.map, 5, 6, 0, 6);
    zhx_text_free(&out);
}

static void test_character_replacement_keeps_characters_apart(void **state)
{
    (void)state;
    /* full-width "１２" -> "12": each digit maps to its own 3-byte original */
    zhx_rewriter rw;
    const char *in = "到１２年";
    zhx_rw_init(&rw, in, strlen(in), NULL, 0);
    zhx_rw_keep(&rw, 3);
    zhx_rw_replace_chars(&rw, 9, "12", 2, "test");
    zhx_text out;
    assert_true(zhx_rw_finish(&rw, &out));
    assert_string_equal(out.s, "到12年");
    assert_maps(&out.map, 3, 4, 3, 6);
    assert_maps(&out.map, 4, 5, 6, 9);
    assert_maps(&out.map, 5, 8, 9, 12);
    zhx_text_free(&out);
}

static void test_many_edits(void **state)
{
    (void)state;
    /* "0123456789" with [1,2) deleted, [4,4) inserted "ab", [6,9) replaced by "Z" */
    edit e[] = {{1, 2, ""}, {4, 4, "ab"}, {6, 9, "Z"}};
    zhx_text out = apply("0123456789", e, 3);
    assert_string_equal(out.s, "023ab45Z9");
    assert_maps(&out.map, 0, 1, 0, 1);  /* 0 */
    assert_maps(&out.map, 1, 3, 2, 4);  /* 23 */
    assert_maps(&out.map, 3, 5, 4, 4);  /* ab */
    assert_maps(&out.map, 5, 7, 4, 6);  /* 45 */
    assert_maps(&out.map, 7, 8, 6, 9);  /* Z */
    assert_maps(&out.map, 8, 9, 9, 10); /* 9 */
    zhx_text_free(&out);
}

/* Three stages in a row; a span of the last text maps back through all of them. */
static void test_composition(void **state)
{
    (void)state;
    const char *raw = "<<落实保障资\n2、金>>";
    /* stage 1: drop the page marker "\n2、" (bytes 17..22) */
    edit e1[] = {{17, 22, ""}};
    zhx_text s1 = apply(raw, e1, 1);
    assert_string_equal(s1.s, "<<落实保障资金>>");
    /* stage 2: drop the leading "<<" */
    edit e2[] = {{0, 2, ""}};
    zhx_text s2 = apply(s1.s, e2, 1);
    assert_string_equal(s2.s, "落实保障资金>>");
    /* stage 3: ">>" becomes "》" */
    edit e3[] = {{18, 20, "》"}};
    zhx_text s3 = apply(s2.s, e3, 1);
    assert_string_equal(s3.s, "落实保障资金》");
    const zhx_map *chain[] = {&s3.map, &s2.map, &s1.map};
    /* "资金" is bytes 12..18 of the last text; in the raw input it spans the marker */
    size_t lo = 12, hi = 18;
    for (size_t i = 0; i < 3; i++)
        zhx_map_span(chain[i], &lo, &hi);
    assert_int_equal(lo, 14);
    assert_int_equal(hi, 25);
    assert_memory_equal(raw + lo, "资\n2、金", hi - lo);
    /* "》" comes from the two ">" */
    lo = 18, hi = 21;
    for (size_t i = 0; i < 3; i++)
        zhx_map_span(chain[i], &lo, &hi);
    assert_int_equal(lo, 25);
    assert_int_equal(hi, 27);
    zhx_text_free(&s1);
    zhx_text_free(&s2);
    zhx_text_free(&s3);
}

static void test_change_log(void **state)
{
    (void)state;
    zhx_changelog log = {0};
    zhx_rewriter rw;
    const char *in = "a\xFF"
                     "b";
    zhx_rw_init(&rw, in, 3, &log, 2);
    zhx_rw_keep(&rw, 1);
    zhx_rw_replace(&rw, 2, "\xEF\xBF\xBD", 3, "decode.invalid-utf8");
    zhx_text out;
    assert_true(zhx_rw_finish(&rw, &out));
    assert_int_equal(log.n, 1);
    assert_string_equal(log.v[0].rule, "decode.invalid-utf8");
    assert_int_equal(log.v[0].stage, 2);
    assert_int_equal(log.v[0].in_lo, 1);
    assert_int_equal(log.v[0].in_hi, 2);
    assert_string_equal(log.v[0].before, "\\xFF"); /* quoted so that it is valid UTF-8 */
    assert_string_equal(log.v[0].after, "\xEF\xBF\xBD");
    zhx_text_free(&out);
    zhx_changelog_free(&log);
}

/* The buffer under the text: appends (inline) grow it, and once it failed nothing more goes
 * in, truncation included, and it hands over nothing. */
static void test_buffer_appends_and_failure(void **state)
{
    (void)state;
    zhx_buf b = ZHX_BUF_INIT;
    assert_string_equal(b.s, "");
    for (int i = 0; i < 100; i++)
        zhx_buf_addlit(&b, "达到95%");
    zhx_buf_addch(&b, '!');
    assert_int_equal(b.len, 100 * strlen("达到95%") + 1);
    assert_int_equal(b.s[b.len], '\0');
    size_t len = b.len;
    assert_false(zhx_buf_fail(&b));
    zhx_buf_addlit(&b, "x");
    zhx_buf_addch(&b, 'y');
    zhx_buf_add(&b, "", 0);
    zhx_buf_setlen(&b, 0);
    zhx_buf_addlit(&b, "z");
    assert_int_equal(b.len, len);
    assert_true(b.failed);
    size_t out = 1;
    char *s = zhx_buf_detach(&b, &out);
    assert_null(s);
    zhx_buf_free(&b);
}

static void test_cpindex(void **state)
{
    (void)state;
    /* long enough to cross several index blocks, mixing 1- and 3-byte characters */
    char text[3000];
    size_t len = 0, cps = 0;
    while (len + 4 < sizeof text) {
        const char *piece = cps % 3 == 0 ? "a" : "字";
        memcpy(text + len, piece, strlen(piece));
        len += strlen(piece);
        cps++;
    }
    zhx_cpindex index;
    assert_true(zhx_cpindex_init(&index, text, len));
    assert_int_equal(zhx_cpindex_cp(&index, len), cps);
    for (size_t cp = 0, byte = 0; cp <= cps; cp++) {
        assert_int_equal(zhx_cpindex_byte(&index, cp), byte);
        assert_int_equal(zhx_cpindex_cp(&index, byte), cp);
        byte += cp % 3 == 0 ? 1 : 3;
    }
    zhx_cpindex_free(&index);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_edit_copies_nothing),
        cmocka_unit_test(test_deletion),
        cmocka_unit_test(test_insertion),
        cmocka_unit_test(test_replacement_longer_and_shorter),
        cmocka_unit_test(test_character_replacement_keeps_characters_apart),
        cmocka_unit_test(test_many_edits),
        cmocka_unit_test(test_composition),
        cmocka_unit_test(test_change_log),
        cmocka_unit_test(test_buffer_appends_and_failure),
        cmocka_unit_test(test_cpindex),
    };
    return run_group(tests);
}
