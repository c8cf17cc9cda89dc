/* pinyin: toned pinyin in parentheses after a character goes; every other parenthesis stays. */
#include "stage.h"

static void test_annotations_go(void **state)
{
    (void)state;
    stage_run r = run_stage(zhx_pinyin, "衛(wèi)生健康工作要點,發(fā)展,網(wǎng)友");
    assert_string_equal(r.s, "衛生健康工作要點,發展,網友");
    assert_int_equal(r.doc->removed_pinyin, 3);
    stage_run_free(&r);
    assert_stage(zhx_pinyin, "人均10萬(wàn)元", "人均10萬元");
    assert_stage(zhx_pinyin, "衛（wèi）生", "衛生");
    assert_stage(zhx_pinyin, "衛(wei4)生", "衛生");
    assert_stage(zhx_pinyin, "衛生(wèishēng)院", "衛生院");
    assert_stage(zhx_pinyin, "衛生(wei4 sheng1)院", "衛生院");
    assert_stage(zhx_pinyin, "綠(lǜ)色,綠(lv4)色,女(nǚ)性,略(lüè)", "綠色,綠色,女性,略");
    assert_stage(zhx_pinyin, "嗯(ńg)", "嗯");
    /* a reading in Zhuyin goes as it is: its letters are a reading's alone */
    assert_stage(zhx_pinyin, "覆(ㄈㄨˋ)蓋(ㄍㄞˋ)率達78.6%，新增6處（ㄔㄨˋ）",
                 "覆蓋率達78.6%，新增6處");
    /* a character garbled next to its annotation still loses the annotation */
    assert_stage(zhx_pinyin, "重點??平ㄔO(shè)和醫", "重點??平ㄔO和醫");
}

static void test_real_parentheses_stay(void **state)
{
    (void)state;
    const char *same[] = {
        "推進按疾病診斷相關分組(DRG)收付費改革",
        "遠程影像(DR)系統",
        "(一)以核酸檢測為重點",
        "我區(一)以核酸",
        "方案(1)",
        "方案(a)",
        "方案(wei)",
        "香港(Hong Kong)",
        "方案(xyzè)",
        "方案(2021)",
        "方案(wei6)",
        "方案(è3x)",
        "方案(ā́)",
        "10 (wàn)",
        "鄉鎮衛生院(社區衛生服務中心)",
        "聯絡電話：(089)351-115",
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        assert_stage(zhx_pinyin, same[i], same[i]);
}

static void test_removal_maps_around_the_annotation(void **state)
{
    (void)state;
    const char *in = "衛(wèi)生";
    stage_run r = run_stage(zhx_pinyin, in);
    assert_maps_to(&r, in, "衛", "衛");
    assert_maps_to(&r, in, "生", "生");
    assert_maps_to(&r, in, "衛生", "衛(wèi)生");
    stage_run_free(&r);
}

static void test_text_without_parentheses_is_left_alone(void **state)
{
    (void)state;
    stage_run r = run_stage(zhx_pinyin, "婴儿死亡率控制在6‰以下。");
    assert_false(r.out.changed);
    assert_null(r.out.s);
    stage_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_annotations_go),
        cmocka_unit_test(test_real_parentheses_stay),
        cmocka_unit_test(test_removal_maps_around_the_annotation),
        cmocka_unit_test(test_text_without_parentheses_is_left_alone),
    };
    return run_group(tests);
}
