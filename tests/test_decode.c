/* decode: charsets found or given, every character mapped back to its exact source bytes, and
 * the seeds decoded the same from GB18030 and Big5 as from UTF-8. */
#include "stage.h"

#include "../core/utf8.h"

#include <glob.h>
#include <opencc/opencc.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

/* ---- helpers: ICU as the reference encoder and decoder -------------------------------- */

/* Counts and skips the characters a charset cannot encode. */
static void skip_unencodable(const void *context, UConverterFromUnicodeArgs *args,
                             const UChar *units, int32_t length, UChar32 cp,
                             UConverterCallbackReason reason, UErrorCode *err)
{
    (void)args, (void)units, (void)length, (void)cp;
    if (reason > UCNV_IRREGULAR)
        return;
    (*(size_t *)context)++;
    *err = U_ZERO_ERROR;
}

/* `utf8` in `charset`; characters it cannot hold are left out and counted in *skipped. */
static char *encode(const char *utf8, size_t len, const char *charset, size_t *out_len,
                    size_t *skipped)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = 0;
    UChar *u = malloc((len + 1) * sizeof *u);
    u_strFromUTF8(u, (int32_t)len + 1, &n, utf8, (int32_t)len, &err);
    UConverter *cnv = ucnv_open(charset, &err);
    *skipped = 0;
    ucnv_setFromUCallBack(cnv, skip_unencodable, skipped, NULL, NULL, &err);
    char *out = malloc(4 * (size_t)n + 16);
    *out_len = (size_t)ucnv_fromUChars(cnv, out, 4 * n + 16, u, n, &err);
    assert_true(U_SUCCESS(err));
    ucnv_close(cnv);
    free(u);
    return out;
}

/* `bytes` decoded from `charset` as UTF-8, NUL-terminated. */
static char *decode(const char *bytes, size_t len, const char *charset, size_t *out_len)
{
    UErrorCode err = U_ZERO_ERROR;
    UChar *u = malloc((len + 1) * sizeof *u);
    UConverter *cnv = ucnv_open(charset, &err);
    int32_t n = ucnv_toUChars(cnv, u, (int32_t)len + 1, bytes, (int32_t)len, &err);
    ucnv_close(cnv);
    char *out = malloc(3 * (size_t)n + 1);
    int32_t m = 0;
    u_strToUTF8(out, 3 * n + 1, &m, u, n, &err);
    assert_true(U_SUCCESS(err));
    out[m] = '\0';
    free(u);
    if (out_len)
        *out_len = (size_t)m;
    return out;
}

/* The whole pipeline, but with the script left as decoded: these tests are about reading. */
static zhx_doc *normalize(const char *bytes, size_t len)
{
    zhx_options o = test_options();
    o.convert = ZHX_CONVERT_NONE;
    zhx_doc *doc = run_doc(shipped_rules(), &o, bytes, len, false);
    if (zhx_doc_error(doc))
        fail_msg("normalize failed: %s", zhx_doc_error(doc));
    return doc;
}

/* The raw bytes character `i` of the normalized text came from. */
static void raw_of(const zhx_doc *doc, size_t i, size_t *lo, size_t *hi)
{
    assert_true(zhx_doc_raw_span(doc, i, i + 1, lo, hi));
}

/* ---- detection and conversion --------------------------------------------------------- */

static void test_utf8_with_and_without_mark(void **state)
{
    (void)state;
    static const char in[] = "\xEF\xBB\xBF婴儿死亡率";
    zhx_doc *doc = normalize(in, sizeof in - 1);
    assert_string_equal(zhx_doc_text(doc, NULL), "婴儿死亡率");
    assert_string_equal(doc->encoding, "UTF-8");
    size_t lo, hi;
    raw_of(doc, 0, &lo, &hi);
    assert_int_equal(lo, 3);
    assert_int_equal(hi, 6);
    zhx_doc_free(doc);
}

static void test_ill_formed_utf8_is_lost_not_misread(void **state)
{
    (void)state;
    /* a UTF-8 text with two stray bytes stays UTF-8: each becomes one U+FFFD */
    static const char in[] = "婴儿死亡率控制在6‰以下\xFF,孕产妇死亡率控制在\xC3(15/10万以下";
    zhx_doc *doc = normalize(in, sizeof in - 1);
    assert_string_equal(doc->encoding, "UTF-8");
    assert_non_null(strstr(zhx_doc_text(doc, NULL), "以下\xEF\xBF\xBD"));
    assert_int_equal(doc->lost_chars, 2);
    zhx_doc_free(doc);
    /* a U+FFFD already in the text is a character lost before, and counts */
    doc = normalize("重點\xEF\xBF\xBD平", strlen("重點\xEF\xBF\xBD平"));
    assert_int_equal(doc->lost_chars, 1);
    zhx_doc_free(doc);
}

static void test_utf16_with_mark(void **state)
{
    (void)state;
    /* 卫 (U+536B), 𠀀 (U+20000, a surrogate pair), A */
    static const char le[] = "\xFF\xFE\x6B\x53\x40\xD8\x00\xDC\x41\x00";
    static const char be[] = "\xFE\xFF\x53\x6B\xD8\x40\xDC\x00\x00\x41";
    const char *const names[] = {"UTF-16LE", "UTF-16BE"};
    const char *const inputs[] = {le, be};
    for (size_t k = 0; k < 2; k++) {
        zhx_doc *doc = normalize(inputs[k], sizeof le - 1);
        assert_string_equal(zhx_doc_text(doc, NULL), "卫𠀀A");
        assert_string_equal(doc->encoding, names[k]);
        size_t lo, hi;
        raw_of(doc, 0, &lo, &hi);
        assert_int_equal(lo, 2);
        assert_int_equal(hi, 4);
        raw_of(doc, 1, &lo, &hi);
        assert_int_equal(lo, 4);
        assert_int_equal(hi, 8);
        raw_of(doc, 2, &lo, &hi);
        assert_int_equal(lo, 8);
        assert_int_equal(hi, 10);
        zhx_doc_free(doc);
    }
}

static void test_gb18030_four_byte_sequences_map_exactly(void **state)
{
    (void)state;
    const char *text = "婴儿死亡率控制在6‰以下，𠀀㐀字€。覆盖率达到百分之九十五以上。";
    size_t len, skipped;
    char *gb = encode(text, strlen(text), "GB18030", &len, &skipped);
    assert_int_equal(skipped, 0);
    zhx_doc *doc = normalize(gb, len);
    assert_string_equal(doc->encoding, "GB18030");
    const char *got = zhx_doc_text(doc, NULL);
    for (size_t i = 0, at = 0; got[at]; i++) {
        size_t lo, hi, w = zhx_utf8_width((unsigned char)got[at]);
        raw_of(doc, i, &lo, &hi);
        char *back = decode(gb + lo, hi - lo, "GB18030", NULL);
        assert_memory_equal(back, got + at, w);
        assert_int_equal(strlen(back), w);
        free(back);
        at += w;
    }
    zhx_doc_free(doc);
    free(gb);
}

static void test_short_texts_by_their_pairs(void **state)
{
    (void)state;
    /* too short for ICU's detector to be sure: told apart by the trail bytes */
    size_t len, skipped;
    char *gb = encode("卫生健康工作要点", strlen("卫生健康工作要点"), "GB18030", &len, &skipped);
    zhx_doc *doc = normalize(gb, len);
    assert_string_equal(zhx_doc_text(doc, NULL), "卫生健康工作要点");
    assert_string_equal(doc->encoding, "GB18030");
    zhx_doc_free(doc);
    free(gb);
    char *big5 = encode("衛生健康工作要點", strlen("衛生健康工作要點"), "Big5", &len, &skipped);
    doc = normalize(big5, len);
    assert_string_equal(zhx_doc_text(doc, NULL), "衛生健康工作要點");
    assert_string_equal(doc->encoding, "Big5");
    zhx_doc_free(doc);
    free(big5);
}

static void test_encoding_option_overrides_detection(void **state)
{
    (void)state;
    const char *text = "衛生健康工作要點：推進醫療衛生體制改革，提高醫療服務質量和水平。";
    size_t len, skipped;
    char *big5 = encode(text, strlen(text), "Big5", &len, &skipped);
    zhx_options o = test_options();
    o.encoding = "Big5";
    o.convert = ZHX_CONVERT_NONE;
    zhx_doc *doc = run_doc(shipped_rules(), &o, big5, len, false);
    assert_string_equal(zhx_doc_text(doc, NULL), text);
    assert_string_equal(doc->encoding, "Big5");
    zhx_doc_free(doc);
    /* read as GB18030 on request, the same bytes are other characters */
    o.encoding = "GB18030";
    doc = run_doc(shipped_rules(), &o, big5, len, false);
    assert_string_equal(doc->encoding, "GB18030");
    assert_string_not_equal(zhx_doc_text(doc, NULL), text);
    zhx_doc_free(doc);
    free(big5);
    /* a charset ICU does not know is refused with the engine, before any document */
    o.encoding = "no-such-charset";
    zhx_diag diag;
    assert_null(zhx_engine_new(shipped_rules(), &o, &diag));
    assert_non_null(strstr(diag.message, "unknown encoding 'no-such-charset'"));
}

static void test_a_character_cut_off_is_lost(void **state)
{
    (void)state;
    const char *text =
        "婴儿死亡率控制在6‰以下,孕产妇死亡率控制在15/10万以下。覆盖率达到百分之九十五";
    size_t len, skipped;
    char *gb = encode(text, strlen(text), "GB18030", &len, &skipped);
    zhx_doc *doc = normalize(gb, len - 1); /* half of the last character */
    assert_string_equal(doc->encoding, "GB18030");
    assert_int_equal(doc->lost_chars, 1);
    const char *got = zhx_doc_text(doc, NULL);
    assert_string_equal(got + strlen(got) - 3, "\xEF\xBF\xBD");
    zhx_doc_free(doc);
    free(gb);
}

static void test_binary_data_is_refused(void **state)
{
    (void)state;
    static const char in[] = "\0\0\0\0binary\0\0\0\0\0\0\0\0\0\0\0\0\x89PNG\0\0";
    zhx_doc *doc = run_doc(shipped_rules(), NULL, in, sizeof in - 1, false);
    assert_string_equal(zhx_doc_error(doc), "binary data, not text");
    zhx_doc_free(doc);
}

/* Random bytes (or compressed data) with few NULs fit no charset well, yet decode in any: as
 * UTF-16 every pair is a character. They are refused, not guessed into a page of nonsense. */
static void test_random_bytes_are_refused(void **state)
{
    (void)state;
    size_t len = 8192;
    char *in = malloc(len);
    uint32_t x = 2463534242u; /* xorshift32: the same bytes every run */
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        in[i] = (char)(x >> 24);
    }
    zhx_doc *doc = run_doc(shipped_rules(), NULL, in, len, false);
    assert_non_null(zhx_doc_error(doc));
    assert_string_equal(zhx_doc_error(doc), "binary data, not text");
    zhx_doc_free(doc);
    free(in);
}

/* ---- the seeds, re-encoded ------------------------------------------------------------ */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc(*len + 1);
    assert_int_equal(fread(s, 1, *len, f), *len);
    s[*len] = '\0';
    fclose(f);
    return s;
}

/* Normalizes `utf8` once as UTF-8 and once encoded in `charset`: the texts must be the same,
 * the charset found, and every character of the text must come from bytes that decode to what
 * it came from in the UTF-8 run. Characters the charset cannot hold are left out of both runs
 * (their number is returned). */
static size_t assert_same_as_utf8(const char *path, const char *utf8, size_t len,
                                  const char *charset)
{
    size_t enc_len, skipped, base_len;
    char *enc = encode(utf8, len, charset, &enc_len, &skipped);
    char *base = decode(enc, enc_len, charset, &base_len);
    zhx_doc *a = normalize(base, base_len);
    zhx_doc *b = normalize(enc, enc_len);
    size_t alen, blen;
    const char *at = zhx_doc_text(a, &alen), *bt = zhx_doc_text(b, &blen);
    if (alen != blen || memcmp(at, bt, alen) != 0)
        fail_msg("%s in %s: normalized text differs from the UTF-8 run", path, charset);
    if (strcmp(b->encoding, charset) != 0)
        fail_msg("%s in %s: read as %s", path, charset, b->encoding);
    size_t chars = zhx_utf8_count(at, alen);
    for (size_t i = 0; i < chars; i++) {
        size_t alo, ahi, blo, bhi;
        raw_of(a, i, &alo, &ahi);
        raw_of(b, i, &blo, &bhi);
        size_t n;
        char *back = decode(enc + blo, bhi - blo, charset, &n);
        if (n != ahi - alo || memcmp(back, base + alo, n) != 0)
            fail_msg("%s in %s: character %zu comes from \"%s\", in UTF-8 from \"%.*s\"", path,
                     charset, i, back, (int)(ahi - alo), base + alo);
        free(back);
    }
    zhx_doc_free(a);
    zhx_doc_free(b);
    free(base);
    free(enc);
    return skipped;
}

static void test_seeds_in_gb18030_and_big5(void **state)
{
    (void)state;
    glob_t g;
    assert_int_equal(glob("corpus/seeds/*.txt", 0, NULL, &g), 0);
    opencc_t s2tw = opencc_open("s2tw.json");
    assert_true(s2tw != (opencc_t)-1);
    size_t seeds = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        const char *path = g.gl_pathv[i];
        if (strstr(path, ".expected."))
            continue;
        seeds++;
        size_t len;
        char *utf8 = read_file(path, &len);
        /* GB18030 holds every character: nothing is left out */
        assert_int_equal(assert_same_as_utf8(path, utf8, len, "GB18030"), 0);
        /* Big5 holds Traditional characters only, and not ‰ ≥ NBSP or pinyin's tone marks */
        char *trad = opencc_convert_utf8(s2tw, utf8, len);
        size_t skipped = assert_same_as_utf8(path, trad, strlen(trad), "Big5");
        print_message("# %s: Big5 run without %zu characters Big5 cannot hold\n", path, skipped);
        opencc_convert_utf8_free(trad);
        free(utf8);
    }
    assert_true(seeds >= 5);
    opencc_close(s2tw);
    globfree(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_with_and_without_mark),
        cmocka_unit_test(test_ill_formed_utf8_is_lost_not_misread),
        cmocka_unit_test(test_utf16_with_mark),
        cmocka_unit_test(test_gb18030_four_byte_sequences_map_exactly),
        cmocka_unit_test(test_short_texts_by_their_pairs),
        cmocka_unit_test(test_encoding_option_overrides_detection),
        cmocka_unit_test(test_a_character_cut_off_is_lost),
        cmocka_unit_test(test_binary_data_is_refused),
        cmocka_unit_test(test_random_bytes_are_refused),
        cmocka_unit_test(test_seeds_in_gb18030_and_big5),
    };
    return run_group(tests);
}
