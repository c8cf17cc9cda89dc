/* The repair stage: off unless asked for, the shipped repairs on seed 000's damage, legitimate
 * uses left alone, overlaps, and the offset map. */
#include "testing.h"

#include "../core/doc.h"

static const char damaged[] = "以科学开展观为统领,把增强效劳能力作为中心环节,确保新农合资金平安、"
                              "稳定运行,齐心协力打根底,平均期望寿命到达77.5岁。\n";
static const char repaired[] = "以科学发展观为统领,把增强服务能力作为中心环节,确保新农合资金安全、"
                               "稳定运行,齐心协力打基础,平均期望寿命达到77.5岁。\n";

/* Punctuation is kept as written, so that only the repairs change the text. */
static zhx_options with_repair(bool on)
{
    zhx_options o = test_options();
    o.repair = on;
    o.punct = ZHX_PUNCT_KEEP;
    return o;
}

static void test_repair_is_opt_in(void **state)
{
    (void)state;
    zhx_options off = with_repair(false), on = with_repair(true);
    char *text = normalized(&off, damaged);
    assert_string_equal(text, damaged);
    free(text);
    text = normalized(&on, damaged);
    assert_string_equal(text, repaired);
    free(text);
}

static void test_legitimate_uses_stay(void **state)
{
    (void)state;
    zhx_options on = with_repair(true);
    const char *fine = "全心全意为人民效劳。深入开展平安医院创建,全面开展爱国卫生运动,"
                       "医疗队于10时到达现场,从根本上解决看病难问题。\n";
    char *text = normalized(&on, fine);
    assert_string_equal(text, fine);
    free(text);
}

static void test_overlapping_repairs_take_the_first(void **state)
{
    (void)state;
    zhx_diag diag;
    zhx_rules *rules = load_rules_text("rule repair.a\nneeds 甲乙\npattern 甲乙\nreplace 子丑\n\n"
                                       "rule repair.b\nneeds 乙丙\npattern 乙丙\nreplace 寅卯\n",
                                       &diag);
    assert_non_null(rules);
    zhx_options on = with_repair(true);
    zhx_doc *doc = run_doc(rules, &on, "甲乙丙乙丙", strlen("甲乙丙乙丙"), false);
    size_t len;
    assert_string_equal(zhx_doc_text(doc, &len), "子丑丙寅卯");
    zhx_doc_free(doc);
    zhx_rules_free(rules);
}

static void test_repairs_map_character_to_character(void **state)
{
    (void)state;
    zhx_options on = with_repair(true);
    const char *text = "增强效劳能力";
    zhx_doc *doc = run_doc(shipped_rules(), &on, text, strlen(text), false);
    size_t len, lo, hi;
    assert_string_equal(zhx_doc_text(doc, &len), "增强服务能力");
    assert_true(zhx_doc_raw_span(doc, 3, 4, &lo, &hi)); /* 务 came from 劳 */
    assert_int_equal(lo, 9);
    assert_int_equal(hi, 12);
    zhx_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repair_is_opt_in),
        cmocka_unit_test(test_legitimate_uses_stay),
        cmocka_unit_test(test_overlapping_repairs_take_the_first),
        cmocka_unit_test(test_repairs_map_character_to_character),
    };
    return run_group(tests);
}
