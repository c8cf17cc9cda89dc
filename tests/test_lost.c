/* lost: question marks that stand for lost characters become U+FFFD, one for one, and are
 * counted; real question marks stay. */
#include "stage.h"

#define FFFD "\xEF\xBF\xBD"

static void test_runs_inside_han_text_are_lost(void **state)
{
    (void)state;
    stage_run r = run_stage(zhx_lost, "持續抓好省、市級臨床重點??平ㄔO和醫技提升");
    assert_string_equal(r.s, "持續抓好省、市級臨床重點" FFFD FFFD "平ㄔO和醫技提升");
    assert_int_equal(r.doc->lost_chars, 2);
    stage_run_free(&r);
    assert_stage(zhx_lost, "扶持建設16個臨床重點和薄弱???,引進",
                 "扶持建設16個臨床重點和薄弱" FFFD FFFD FFFD ",引進");
    assert_stage(zhx_lost, "患者王?明同志", "患者王" FFFD "明同志");
    assert_stage(zhx_lost, "??平ㄔO和醫技", FFFD FFFD "平ㄔO和醫技");
}

static void test_real_question_marks_stay(void **state)
{
    (void)state;
    const char *questions[] = {
        "确认删除?",
        "1、问:已经付过费的文档可以多次下载吗?\n\n答:可以。",
        "这究竟是什么?我们认为应当如此。",
        "他问:“真的要删除?”",
        "详见 index.php?id=3&page=2",
        "增长15%?不",
        "?什么",
    };
    for (size_t i = 0; i < sizeof questions / sizeof questions[0]; i++) {
        stage_run r = run_stage(zhx_lost, questions[i]);
        assert_false(r.out.changed);
        assert_int_equal(r.doc->lost_chars, 0);
        stage_run_free(&r);
    }
}

static void test_each_replacement_maps_to_its_question_mark(void **state)
{
    (void)state;
    const char *in = "重點??平";
    stage_run r = run_stage(zhx_lost, in);
    size_t at = strlen("重點");
    for (size_t k = 0; k < 2; k++) {
        size_t lo = at + 3 * k, hi = lo + 3;
        zhx_map_span(&r.out.map, &lo, &hi);
        assert_int_equal(lo, at + k);
        assert_int_equal(hi, at + k + 1);
    }
    assert_maps_to(&r, in, "平", "平");
    stage_run_free(&r);
}

static void test_text_without_question_marks_is_left_alone(void **state)
{
    (void)state;
    stage_run r = run_stage(zhx_lost, "婴儿死亡率控制在6‰以下。");
    assert_false(r.out.changed);
    assert_null(r.out.s);
    stage_run_free(&r);
}

static void test_lost_chars_reach_the_doc_record(void **state)
{
    (void)state;
    const char *in = "重點??平和醫技\n确认删除?\n";
    zhx_doc *doc = run_doc(shipped_rules(), NULL, in, strlen(in), false);
    char *jsonl = zhx_doc_jsonl(doc, 0, NULL);
    assert_non_null(strstr(jsonl, "\"lost_chars\":2"));
    free(jsonl);
    zhx_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_inside_han_text_are_lost),
        cmocka_unit_test(test_real_question_marks_stay),
        cmocka_unit_test(test_each_replacement_maps_to_its_question_mark),
        cmocka_unit_test(test_text_without_question_marks_is_left_alone),
        cmocka_unit_test(test_lost_chars_reach_the_doc_record),
    };
    return run_group(tests);
}
