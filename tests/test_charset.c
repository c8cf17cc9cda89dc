/* Character sets read from a rule map: what a stage asks of a character without a pattern. */
#include "testing.h"

#include "../core/charset.h"
#include "../core/rules.h"

static void test_a_set_holds_the_first_character_of_each_value(void **state)
{
    (void)state;
    zhx_diag diag;
    zhx_rules *rules = load_rules_text("map test.marks\n"
                                       "stop    。\n"
                                       "comma   ，\n"
                                       "ascii   ;\n"
                                       "newline \\x{000A}\n"
                                       "emoji   🔹\n",
                                       &diag);
    assert_non_null(rules);
    zhx_charset set;
    zhx_charset_init(&set, rules, "test.marks");
    size_t w;
    assert_true(zhx_charset_at(&set, "。后", &w));
    assert_int_equal(w, 3);
    assert_true(zhx_charset_at(&set, ";", &w));
    assert_int_equal(w, 1);
    assert_true(zhx_charset_at(&set, "\n", &w));
    assert_true(zhx_charset_at(&set, "🔹", &w));
    assert_int_equal(w, 4);
    assert_false(zhx_charset_at(&set, "、", &w)); /* same first byte as 。, another character */
    assert_int_equal(w, 3);
    assert_false(zhx_charset_at(&set, ",", &w));
    zhx_rules_free(rules);
}

static void test_find_and_before(void **state)
{
    (void)state;
    zhx_diag diag;
    zhx_rules *rules = load_rules_text("map test.stops\nstop 。\nbang ！\n", &diag);
    assert_non_null(rules);
    zhx_charset set;
    zhx_charset_init(&set, rules, "test.stops");
    const char *text = "达到95%。全面完成！";
    size_t len = strlen(text);
    size_t at = zhx_charset_find(&set, text, 0, len);
    assert_int_equal(at, strlen("达到95%"));
    assert_int_equal(zhx_charset_find(&set, text, at + 3, len), len - 3);
    assert_int_equal(zhx_charset_find(&set, text, 0, at), at); /* none before it: `hi` */
    assert_true(zhx_charset_before(&set, text, len));
    assert_false(zhx_charset_before(&set, text, len - 3));
    /* a map that is not loaded gives an empty set */
    zhx_charset_init(&set, rules, "test.missing");
    assert_false(zhx_charset_at(&set, "。", &at));
    zhx_rules_free(rules);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_set_holds_the_first_character_of_each_value),
        cmocka_unit_test(test_find_and_before),
    };
    return run_group(tests);
}
