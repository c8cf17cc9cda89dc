/* mime: a mail message saved raw has its body decoded from quoted-printable or base64 in the
 * charset its headers name, and its headers' encoded words decoded; anything else stays. */
#include "stage.h"

#include "../core/utf8.h"

#define QP_HEADERS                                                                                 \
    "Subject: =?UTF-8?B?5YWz5LqO?= =?UTF-8?B?6YCa55+l?=\n"                                         \
    "Content-Type: text/plain; charset=UTF-8\n"                                                    \
    "Content-Transfer-Encoding: quoted-printable\n\n"

static void test_quoted_printable_body(void **state)
{
    (void)state;
    /* a soft line break inside a character's bytes and another inside a number */
    const char *in = QP_HEADERS "=E5=85=A8=E5=8E=BF=E6=A3=AE=E6=9E=97=E8=A6=86=E7=9B=96=E7=8E=\n"
                                "=87=E8=BE=BE=E5=88=B01=\n00%=E3=80=82\n";
    stage_run r = run_stage(zhx_mime, in);
    assert_int_equal(r.status, ZHX_OK);
    assert_non_null(strstr(r.s, "Subject: 关于通知\n")); /* adjacent encoded words join */
    assert_non_null(strstr(r.s, "\n\n全县森林覆盖率达到100%。\n"));
    assert_maps_to(&r, in, "全", "=E5=85=A8");
    assert_maps_to(&r, in, "率", "=E7=8E=\n=87");
    stage_run_free(&r);
}

static void test_base64_body_in_its_charset(void **state)
{
    (void)state;
    assert_stage(zhx_mime,
                 "Content-Transfer-Encoding: base64\n\n5YWo5Y6/5paw5bu65a2m5qCh\nNeaJgOOAgg==\n",
                 "Content-Transfer-Encoding: base64\n\n全县新建学校5所。\n");
    /* the charset the part's headers name, its Content-Type folded onto a second line */
    assert_stage(zhx_mime,
                 "Content-Type: text/plain;\n\tcharset=\"gb2312\"\n"
                 "Content-Transfer-Encoding: quoted-printable\n\n=C9=AD=C1=D6=CD=A8=D6=AA\n",
                 "Content-Type: text/plain;\n\tcharset=\"gb2312\"\n"
                 "Content-Transfer-Encoding: quoted-printable\n\n森林通知\n");
}

static void test_encoded_words_alone(void **state)
{
    (void)state;
    assert_stage(zhx_mime, "主题: =?GB2312?Q?=CD=A8=D6=AA?= 附件\n", "主题: 通知 附件\n");
}

static void test_text_that_is_no_mail_stays(void **state)
{
    (void)state;
    const char *texts[] = {
        "全县森林覆盖率达到72%，是?=的问题。\n",
        "Content-Transfer-Encoding: 8bit\n\n=E5=85=A8\n", /* no encoding of the two */
        "a=?b?c",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        stage_run r = run_stage(zhx_mime, texts[i]);
        assert_int_equal(r.status, ZHX_OK);
        assert_false(r.out.changed);
        stage_run_free(&r);
    }
}

/* Characters of the text itself inside an encoded body (damage, or a body that was never
 * encoded) are read in the part's charset like its bytes, but whatever comes of them maps to
 * whole characters of the input. */
static void test_raw_text_in_a_body_maps_to_whole_characters(void **state)
{
    (void)state;
    assert_stage(zhx_mime,
                 "Content-Transfer-Encoding: quoted-printable\n\n全县=E9=80=9A=E7=9F=A5\n",
                 "Content-Transfer-Encoding: quoted-printable\n\n全县通知\n");
    /* read in GB2312 they are other characters, none of them mapped into one of the input */
    const char *in = "Content-Type: text/plain; charset=GB2312\n"
                     "Content-Transfer-Encoding: quoted-printable\n\n全县=CD=A8=D6=AA\n";
    stage_run r = run_stage(zhx_mime, in);
    assert_true(r.out.changed);
    for (size_t b = 0; b < r.len; b += zhx_utf8_width((unsigned char)r.s[b])) {
        size_t lo = b, hi = b + zhx_utf8_width((unsigned char)r.s[b]);
        zhx_map_span(&r.out.map, &lo, &hi);
        assert_true(lo == strlen(in) || ((unsigned char)in[lo] & 0xC0) != 0x80);
        assert_true(hi == strlen(in) || ((unsigned char)in[hi] & 0xC0) != 0x80);
    }
    stage_run_free(&r);
}

static void test_unknown_charset_is_warned_and_left(void **state)
{
    (void)state;
    const char *in = "Subject: =?X-NONE?B?5YWz5LqO?=\n";
    stage_run r = run_stage(zhx_mime, in);
    assert_int_equal(r.status, ZHX_OK);
    assert_non_null(strstr(r.s, "X-NONE"));
    assert_true(doc_warned(r.doc, "unknown charset X-NONE"));
    stage_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoted_printable_body),
        cmocka_unit_test(test_base64_body_in_its_charset),
        cmocka_unit_test(test_encoded_words_alone),
        cmocka_unit_test(test_text_that_is_no_mail_stays),
        cmocka_unit_test(test_raw_text_in_a_body_maps_to_whole_characters),
        cmocka_unit_test(test_unknown_charset_is_warned_and_left),
    };
    return run_group(tests);
}
