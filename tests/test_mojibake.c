/* mojibake: UTF-8 text misread as GBK and saved again is read back; a byte the misreading
 * dropped costs one character, a U+FFFD counted in lost_chars, unless it can be told; real
 * text is never touched. (The damaged strings below are what Python's
 * text.encode("utf-8").decode("gbk", errors="replace") makes of the text after each `=`.) */
#include "stage.h"

#define FFFD "\xEF\xBF\xBD"

/* = 县卫生健康局， (锛, the first bytes of ，, is the mark the rule looks for) */
#define HEALTH_BUREAU "鍘垮崼鐢熷仴搴峰眬锛" FFFD
/* = 　　二、主要目标 (its last byte dropped) */
#define MAIN_GOALS "銆" FFFD "銆" FFFD "浜屻" FFFD "佷富瑕佺洰鏍" FFFD
/* = 全县新建农村公路120公里，改造危桥15座。 */
#define NEW_ROADS                                                                                  \
    "鍏ㄥ幙鏂板缓鍐滄潙鍏" FFFD "璺" FFFD "120鍏" FFFD "閲岋紝鏀归" FFFD "犲嵄妗" FFFD             \
    "15搴с" FFFD FFFD

static size_t count_fffd(const char *s)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, FFFD)); p += 3)
        n++;
    return n;
}

static void test_misread_text_is_read_back(void **state)
{
    (void)state;
    stage_run r = run_stage(zhx_mojibake, HEALTH_BUREAU "\n" MAIN_GOALS "\n");
    assert_true(r.out.changed);
    assert_non_null(strstr(r.s, "县卫生健康局"));
    /* the indent's lost bytes are told (E3 80 ? before more text is U+3000); the last is not */
    assert_non_null(strstr(r.s, "\n　　二、主要目" FFFD "\n"));
    stage_run_free(&r);
}

static void test_each_dropped_byte_costs_one_character(void **state)
{
    (void)state;
    stage_run r = run_stage(zhx_mojibake, NEW_ROADS "\n" HEALTH_BUREAU "\n");
    assert_true(r.out.changed);
    assert_non_null(strstr(r.s, "全县新建农村"));
    assert_non_null(strstr(r.s, "120"));
    assert_non_null(strstr(r.s, "15座"));
    size_t lost = count_fffd(r.s);
    assert_true(lost >= 1 && lost <= 7); /* 7 bytes dropped, some told */
    stage_run_free(&r);
}

static void test_real_text_beside_the_damage_stays(void **state)
{
    (void)state;
    const char *real[] = {
        "发布日期：2026-03-12　来源：县政府办公室",
        "扫一扫在手机打开当前页",
        "（一）加快公营房屋供应",
        "目　录",
    };
    for (size_t i = 0; i < sizeof real / sizeof real[0]; i++) {
        char in[512];
        snprintf(in, sizeof in, "%s\n%s\n", real[i], HEALTH_BUREAU);
        stage_run r = run_stage(zhx_mojibake, in);
        assert_true(r.out.changed);
        assert_memory_equal(r.s, real[i], strlen(real[i]));
        assert_non_null(strstr(r.s, "县卫生健康局"));
        stage_run_free(&r);
    }
}

static void test_text_without_the_marks_is_left_alone(void **state)
{
    (void)state;
    /* 鍘 and 瀹 are real characters; with none of the rule's marks, nothing is tried */
    stage_run r = run_stage(zhx_mojibake, "婴儿死亡率控制在6‰以下。\n鍘垮崼鐢熷仴搴峰眬\n");
    assert_false(r.out.changed);
    assert_int_equal(r.doc->lost_chars, 0);
    stage_run_free(&r);
}

static void test_repaired_text_maps_to_its_damage(void **state)
{
    (void)state;
    const char *in = HEALTH_BUREAU "\n";
    stage_run r = run_stage(zhx_mojibake, in);
    /* two characters of three bytes are three of two: the pieces align every two */
    assert_maps_to(&r, in, "县卫", "鍘垮崼");
    assert_maps_to(&r, in, "生健", "鐢熷仴");
    stage_run_free(&r);
}

static void test_lost_characters_reach_the_doc_record(void **state)
{
    (void)state;
    const char *in = NEW_ROADS "\n" HEALTH_BUREAU "\n";
    zhx_doc *doc = run_doc(shipped_rules(), NULL, in, strlen(in), false);
    char *jsonl = zhx_doc_jsonl(doc, 0, NULL);
    char want[64];
    snprintf(want, sizeof want, "\"lost_chars\":%zu", count_fffd(doc->text));
    assert_non_null(strstr(jsonl, want));
    assert_non_null(strstr(jsonl, "misread as GB18030"));
    free(jsonl);
    zhx_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_misread_text_is_read_back),
        cmocka_unit_test(test_each_dropped_byte_costs_one_character),
        cmocka_unit_test(test_real_text_beside_the_damage_stays),
        cmocka_unit_test(test_text_without_the_marks_is_left_alone),
        cmocka_unit_test(test_repaired_text_maps_to_its_damage),
        cmocka_unit_test(test_lost_characters_reach_the_doc_record),
    };
    return run_group(tests);
}
