/* The rule engine: file format, every loader error with its position, replacement by user
 * folders, examples, tables and the matcher. */
#include "testing.h"

#include "../core/doc.h"
#include "../core/rules.h"

static void assert_load_error(const char *text, unsigned line, unsigned column, const char *rule,
                              const char *message_part)
{
    zhx_diag diag;
    zhx_rules *rules = load_rules_text(text, &diag);
    assert_null(rules);
    assert_int_equal(diag.status, ZHX_ERR_RULES);
    assert_non_null(strstr(diag.file, "test.rules"));
    if (!strstr(diag.message, message_part))
        fail_msg("message \"%s\" lacks \"%s\"", diag.message, message_part);
    assert_int_equal(diag.line, line);
    assert_int_equal(diag.column, column);
    assert_string_equal(diag.rule, rule);
}

static void test_unknown_macro(void **state)
{
    (void)state;
    assert_load_error("macro NUM \\d+\n"
                      "rule target.x\n"
                      "pattern 达到{NUM}{UNITS}以上\n",
                      3, 16, "target.x", "unknown macro {UNITS}");
}

static void test_bad_group_name(void **state)
{
    (void)state;
    assert_load_error("rule target.x\n"
                      "pattern (?<indicator>\\p{Han}+)达到(?<amount>\\d+)\n",
                      2, 36, "target.x", "named group 'amount' is not a field of target rules");
}

/* `expect` pairs may go on over continuation lines: each line is checked at load, and every
 * pair is checked when the examples run (the rules fuzzer found a line the loader let through
 * and the example check then read without its `=`). */
static void test_expect_on_continuation_lines(void **state)
{
    (void)state;
    assert_load_error("rule target.x\npattern (?<value>\\d+)\nexample 12\nexpect value=12\n"
                      "  nothing\n",
                      5, 3, "target.x", "'expect' takes GROUP=VALUE pairs");
    zhx_diag diag;
    zhx_rules *rules = load_rules_text("rule target.x\npattern (?<value>\\d+)\nexample 12\n"
                                       "expect value=12\n  match=13\n",
                                       &diag);
    assert_non_null(rules);
    size_t passed = 0;
    assert_int_equal(zhx_rules_test(rules, test_jit(), NULL, NULL, &passed), 1);
    zhx_rules_free(rules);
}

static void test_duplicate_name(void **state)
{
    (void)state;
    assert_load_error("rule guard.a\npattern x\n\nrule guard.a\npattern y\n", 4, 6, "guard.a",
                      "already defined at");
}

static void test_bad_regex_points_at_the_column(void **state)
{
    (void)state;
    /* PCRE2 finds the unclosed group at the end of the pattern, after its 9 characters */
    assert_load_error("rule guard.a\n"
                      "pattern 控制在(\\d+以下\n",
                      2, 18, "guard.a", "missing closing parenthesis");
}

static void test_bad_regex_inside_a_macro_points_into_the_macro(void **state)
{
    (void)state;
    /* the error is reported in the macro's own line, at the closing brace */
    assert_load_error("macro BAD a{2,1}\n"
                      "rule guard.a\n"
                      "pattern x{BAD}y\n",
                      1, 16, "guard.a", "numbers out of order");
}

static void test_missing_field(void **state)
{
    (void)state;
    assert_load_error("rule boilerplate.x\npattern foo\n", 1, 6, "boilerplate.x",
                      "has no 'action'");
    assert_load_error("rule guard.x\nnote nothing\n", 1, 6, "guard.x", "has no 'pattern'");
}

static void test_bad_utf8_in_the_file(void **state)
{
    (void)state;
    assert_load_error("rule guard.a\npattern 控制\xE5\xB1在\n", 2, 11, "", "invalid UTF-8");
}

static void test_a_line_may_not_end_in_a_blank(void **state)
{
    (void)state;
    assert_load_error("rule guard.a\nneeds 控制 \npattern 控制\n", 2, 9, "",
                      "line ends in a blank");
    zhx_diag diag;
    zhx_rules *rules = load_rules_text("rule boilerplate.x\n"
                                       "action drop-line\n"
                                       "pattern ^-- $\n"
                                       "example --\\x20\n",
                                       &diag);
    assert_non_null(rules);
    const zhx_rule *r = zhx_rules_find(rules, "boilerplate.x");
    assert_int_equal(r->nexamples, 1);
    assert_string_equal(r->examples[0].text, "-- ");
    zhx_rules_free(rules);
}

static void test_unknown_key_and_action(void **state)
{
    (void)state;
    assert_load_error("rule guard.a\npatern x\n", 2, 1, "guard.a", "unknown key 'patern'");
    assert_load_error("rule boilerplate.a\naction drop-lines\npattern x\n", 2, 8, "boilerplate.a",
                      "unknown action 'drop-lines'");
}

static void test_a_setting_takes_only_its_values(void **state)
{
    (void)state;
    assert_load_error("rule column.a\npattern x\nset role=targt\n", 3, 10, "column.a",
                      "'role' cannot be 'targt' (it is one of: indicator|unit|target|reached|");
    assert_load_error("rule target.a\npattern x\nset kind=target op=>==\n", 3, 20, "target.a",
                      "'op' cannot be '>=='");
    assert_load_error("rule column.a\npattern x\nset year=2025\n", 3, 5, "column.a",
                      "column rules cannot set 'year'");
    assert_load_error("rule layout.a\npattern x\nreplace y\nset unless=guard.b\n", 1, 6, "layout.a",
                      "'unless' names no rule 'guard.b'");
    zhx_diag diag;
    zhx_rules *rules = load_rules_text(
        "rule target.a\npattern x\nset op=<= kind=actual\nrule outline.b\npattern y\n"
        "set rank=3 first=lines\nrule unit.c\npattern z\nset unit=起\n",
        &diag);
    if (!rules)
        fail_msg("%u:%u: %s", diag.line, diag.column, diag.message);
    zhx_rules_free(rules);
}

static void test_unknown_kind_and_bad_names(void **state)
{
    (void)state;
    assert_load_error("rule targte.x\npattern x\n", 1, 6, "targte.x", "unknown kind");
    assert_load_error("rule Target\npattern x\n", 1, 6, "", "must be dotted lower case");
}

static void test_expect_must_name_a_group(void **state)
{
    (void)state;
    assert_load_error("rule target.x\npattern (?<value>\\d+)\nexample 5\nexpect unit=%\n", 4, 8,
                      "target.x", "does not capture");
}

static void test_macros_continuations_and_settings(void **state)
{
    (void)state;
    zhx_diag diag;
    zhx_rules *rules = load_rules_text("# a comment\n"
                                       "macro NUM \\d+(?:\\.\\d+)?\n"
                                       "macro PCT {NUM}%\n"
                                       "rule target.x\n"
                                       "pattern (?<indicator>\\p{sc=Han}+)\n"
                                       "    达到(?<value>{PCT})\n"
                                       "set op=>= kind=target\n"
                                       "example 覆盖率达到60.5%\n"
                                       "expect indicator=覆盖率 value=60.5%\n",
                                       &diag);
    assert_non_null(rules);
    const zhx_rule *r = zhx_rules_find(rules, "target.x");
    assert_non_null(r);
    assert_string_equal(r->pattern, "(?<indicator>\\p{sc=Han}+)达到(?<value>\\d+(?:\\.\\d+)?%)");
    assert_string_equal(zhx_rule_setting(r, "op"), ">=");
    assert_string_equal(zhx_rule_setting(r, "kind"), "target");
    size_t passed = 0;
    assert_int_equal(zhx_rules_test(rules, test_jit(), NULL, NULL, &passed), 0);
    assert_int_equal(passed, 1);
    zhx_rules_free(rules);
}

static void count_failure(void *user, const char *rule, const char *file, unsigned line,
                          const char *what)
{
    (void)rule, (void)file, (void)what;
    *(unsigned *)user = line;
}

/* The braced argument of an escape is PCRE2's, never a macro: \x{FFFD}, \p{L}, \N{U+3000}. */
static void test_escapes_with_braces_are_not_macros(void **state)
{
    (void)state;
    zhx_diag diag;
    zhx_rules *rules = load_rules_text("macro L \\d\n"
                                       "rule guard.x\n"
                                       "pattern ^\\p{L}[\\x{FFFD}\\N{U+3000}]{L}\\{L}\\b{L}$\n"
                                       "example a\xEF\xBF\xBD"
                                       "5{L}7\n"
                                       "reject a\xEF\xBF\xBD"
                                       "x{L}7\n",
                                       &diag);
    if (!rules)
        fail_msg("%u:%u: %s", diag.line, diag.column, diag.message);
    assert_string_equal(zhx_rules_find(rules, "guard.x")->pattern,
                        "^\\p{L}[\\x{FFFD}\\N{U+3000}]\\d\\{L}\\b\\d$");
    assert_int_equal(zhx_rules_test(rules, test_jit(), NULL, NULL, NULL), 0);
    zhx_rules_free(rules);
}

/* `set` and `expect` pairs may go on over several lines, like any value. */
static void test_pairs_on_continuation_lines(void **state)
{
    (void)state;
    zhx_diag diag;
    zhx_rules *rules = load_rules_text("rule target.x\n"
                                       "pattern (?<indicator>\\p{sc=Han}+)达到(?<value>\\d+)\n"
                                       "set op=>=\n"
                                       "    kind=target\n"
                                       "example 覆盖率达到60\n"
                                       "expect indicator=覆盖率\n"
                                       "    value=61\n",
                                       &diag);
    if (!rules)
        fail_msg("%u:%u: %s", diag.line, diag.column, diag.message);
    const zhx_rule *r = zhx_rules_find(rules, "target.x");
    assert_string_equal(zhx_rule_setting(r, "kind"), "target");
    /* the expectation on the second line is checked: 61 is wrong, so the example fails */
    assert_int_equal(zhx_rules_test(rules, test_jit(), NULL, NULL, NULL), 1);
    zhx_rules_free(rules);
    /* a value that holds a blank writes it \x20, since blanks part the pairs */
    rules = load_rules_text("rule target.x\npattern (?<indicator>\\d+[ ])号\nexample 23 号\n"
                            "expect indicator=23\\x20\nexample 7 号\nexpect indicator=7\n",
                            &diag);
    assert_non_null(rules);
    assert_int_equal(zhx_rules_test(rules, test_jit(), NULL, NULL, NULL), 1);
    zhx_rules_free(rules);
    assert_load_error("rule target.x\npattern (?<value>\\d+)\nexample 5\nexpect value=5\n"
                      "    unit=%\n",
                      5, 5, "target.x", "does not capture");
}

static void test_failing_examples_are_reported(void **state)
{
    (void)state;
    zhx_diag diag;
    zhx_rules *rules = load_rules_text("rule guard.x\n"
                                       "pattern \\d+%\n"
                                       "example 65%\n"
                                       "example no number\n"
                                       "reject 12%\n",
                                       &diag);
    assert_non_null(rules);
    unsigned line = 0;
    size_t passed = 0;
    assert_int_equal(zhx_rules_test(rules, test_jit(), count_failure, &line, &passed), 2);
    assert_int_equal(passed, 1);
    assert_int_equal(line, 5);
    zhx_rules_free(rules);
}

static void test_replace_and_result(void **state)
{
    (void)state;
    zhx_diag diag;
    zhx_rules *rules = load_rules_text("rule repair.fuwu\n"
                                       "pattern 效劳\n"
                                       "replace 服务\n"
                                       "example 增强效劳能力、提高效劳水平\n"
                                       "result 增强服务能力、提高服务水平\n",
                                       &diag);
    assert_non_null(rules);
    assert_int_equal(zhx_rules_test(rules, test_jit(), NULL, NULL, NULL), 0);
    zhx_rules_free(rules);
}

static void test_needs_must_hold_in_examples(void **state)
{
    (void)state;
    zhx_diag diag;
    zhx_rules *rules = load_rules_text("rule boilerplate.x\n"
                                       "action drop-line\n"
                                       "needs 上一篇\n"
                                       "pattern 上一篇|下一篇\n"
                                       "example - 下一篇:虫口夺粮\n",
                                       &diag);
    assert_non_null(rules);
    assert_int_equal(zhx_rules_test(rules, test_jit(), NULL, NULL, NULL), 1);
    const zhx_rule *r = zhx_rules_find(rules, "boilerplate.x");
    assert_true(zhx_rule_may_match(r, "a 上一篇 b", strlen("a 上一篇 b")));
    assert_false(zhx_rule_may_match(r, "nothing", 7));
    zhx_rules_free(rules);
}

static void test_a_needed_bar_is_escaped(void **state)
{
    (void)state;
    zhx_diag diag;
    zhx_rules *rules = load_rules_text("rule boilerplate.x\n"
                                       "action drop-line\n"
                                       "needs \\||首页\n"
                                       "pattern ^首页 \\| 政务公开$\n"
                                       "example 首页 | 政务公开\n",
                                       &diag);
    assert_non_null(rules);
    const zhx_rule *r = zhx_rules_find(rules, "boilerplate.x");
    assert_int_equal(r->nneeds, 2);
    assert_string_equal(r->needs[0], "|");
    assert_string_equal(r->needs[1], "首页");
    assert_true(zhx_rule_may_match(r, "a | b", 5));
    assert_false(zhx_rule_may_match(r, "a \\ b", 5));
    zhx_rules_free(rules);
}

static void test_anchored_examples_are_tried_at_every_character(void **state)
{
    (void)state;
    zhx_diag diag;
    /* \G: the rule is tried where a stage tries it; an example holds where it first matches,
     * with the text before that place seen by the lookbehind */
    zhx_rules *rules = load_rules_text("rule target.x\n"
                                       "pattern \\G(?<=达到)(?<value>\\d+)%\n"
                                       "example 覆盖率达到95%以上\n"
                                       "expect value=95\n"
                                       "reject 覆盖率为95%\n"
                                       "example 达到 5%\n",
                                       &diag);
    assert_non_null(rules);
    unsigned line = 0;
    size_t passed = 0;
    assert_int_equal(zhx_rules_test(rules, test_jit(), count_failure, &line, &passed), 1);
    assert_int_equal(passed, 2);
    assert_int_equal(line, 6);
    zhx_rules_free(rules);
}

static void test_tables(void **state)
{
    (void)state;
    zhx_diag diag;
    zhx_rules *rules = load_rules_text("map entity.names\n"
                                       "permil ‰\n"
                                       "nbsp \\x{A0}\n"
                                       "amp &\n",
                                       &diag);
    assert_non_null(rules);
    const zhx_table *t = zhx_rules_table(rules, "entity.names");
    assert_non_null(t);
    assert_string_equal(zhx_table_get(t, "permil", 6), "‰");
    assert_string_equal(zhx_table_get(t, "nbsp", 4), "\xC2\xA0");
    assert_string_equal(zhx_table_get(t, "amp", 3), "&");
    assert_null(zhx_table_get(t, "per", 3));
    assert_null(zhx_table_get(t, "permille", 8));
    zhx_rules_free(rules);
}

/* A user folder adds rules and replaces shipped ones by name, keeping their place. */
static void test_user_folder_replaces_by_name(void **state)
{
    (void)state;
    char *dir = write_rules_dir("mine.rules", "rule target.ceiling\n"
                                              "pattern (?<value>\\d+)以内\n"
                                              "set op=<=\n"
                                              "rule guard.mine\n"
                                              "pattern 自定义\n");
    const char *dirs[] = {dir};
    zhx_diag diag;
    zhx_rules *rules = zhx_rules_load(dirs, 1, true, &diag);
    remove_dir(dir);
    assert_non_null(rules);
    const zhx_rule *r = zhx_rules_find(rules, "target.ceiling");
    assert_string_equal(r->pattern, "(?<value>\\d+)以内");
    assert_non_null(zhx_rules_find(rules, "guard.mine"));
    size_t n_user, n_shipped;
    zhx_rules_of_kind(rules, "target", &n_user);
    zhx_rules *shipped = zhx_rules_load(NULL, 0, true, &diag);
    zhx_rules_of_kind(shipped, "target", &n_shipped);
    assert_int_equal(n_user, n_shipped);
    assert_int_equal(zhx_rules_count(rules), zhx_rules_count(shipped) + 1);
    zhx_rules_free(shipped);
    zhx_rules_free(rules);
}

static void test_missing_folder(void **state)
{
    (void)state;
    const char *dirs[] = {"/nonexistent/zhx-rules"};
    zhx_diag diag;
    assert_null(zhx_rules_load(dirs, 1, false, &diag));
    assert_string_equal(diag.file, "/nonexistent/zhx-rules");
    assert_non_null(strstr(diag.message, "cannot open rule folder"));
}

/* A catastrophic pattern stops at the match limit instead of running away. */
static void test_match_limit_stops_a_runaway_rule(void **state)
{
    (void)state;
    zhx_diag diag;
    zhx_rules *rules = load_rules_text("rule guard.evil\npattern ^(a+)+$\n", &diag);
    assert_non_null(rules);
    char subject[64];
    memset(subject, 'a', sizeof subject - 2);
    subject[sizeof subject - 2] = 'b';
    subject[sizeof subject - 1] = '\0';
    for (int jit = 0; jit < 2; jit++) {
        zhx_matcher *m = zhx_matcher_new(rules, jit == 0);
        int rc =
            zhx_match(m, zhx_rules_find(rules, "guard.evil")->code, subject, strlen(subject), 0);
        assert_true(rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
                    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT);
        zhx_matcher_free(m);
    }
    zhx_rules_free(rules);
}

/* A `replace` template PCRE2 cannot expand (`$ ` names no group) fails the rule's examples
 * with PCRE2's reason, leaves the output buffer as it was, and in the repair stage costs the
 * document only that rule, with a warning naming it, not the document. */
static void test_a_replacement_that_cannot_be_made(void **state)
{
    (void)state;
    static const char text[] = "rule repair.broken\nneeds 根底\npattern 根底\nreplace 基$ 础\n"
                               "example 打根底\nresult 打基础\n";
    zhx_diag diag;
    zhx_rules *rules = load_rules_text(text, &diag);
    assert_non_null(rules);
    size_t passed = 9;
    assert_int_equal(zhx_rules_test(rules, test_jit(), NULL, NULL, &passed), 1);
    assert_int_equal(passed, 0);

    const zhx_rule *r = zhx_rules_find(rules, "repair.broken");
    zhx_matcher *m = zhx_matcher_new(rules, !test_jit());
    assert_int_equal(zhx_match(m, r->code, "打根底", strlen("打根底"), 0), 1);
    zhx_buf out = ZHX_BUF_INIT;
    zhx_buf_addstr(&out, "kept");
    assert_true(zhx_match_substitute(m, r, "打根底", strlen("打根底"), &out) < 0);
    assert_int_equal(out.len, 4);
    assert_string_equal(out.s, "kept");
    zhx_buf_free(&out);
    zhx_matcher_free(m);

    zhx_options o = test_options();
    o.repair = true;
    zhx_doc *doc = run_doc(rules, &o, "标题\n打根底。\n", strlen("标题\n打根底。\n"), false);
    assert_null(zhx_doc_error(doc));
    assert_string_equal(doc->warnings.s,
                        "rule repair.broken: its replacement cannot be made: invalid replacement "
                        "string");
    zhx_doc_free(doc);
    zhx_rules_free(rules);
}

static void test_shipped_rules_load_and_their_examples_hold(void **state)
{
    (void)state;
    const zhx_rules *rules = shipped_rules();
    assert_true(zhx_rules_count(rules) > 0);
    size_t passed = 0;
    assert_int_equal(zhx_rules_test(rules, test_jit(), NULL, NULL, &passed), 0);
    assert_true(passed > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_macro),
        cmocka_unit_test(test_bad_group_name),
        cmocka_unit_test(test_duplicate_name),
        cmocka_unit_test(test_expect_on_continuation_lines),
        cmocka_unit_test(test_bad_regex_points_at_the_column),
        cmocka_unit_test(test_bad_regex_inside_a_macro_points_into_the_macro),
        cmocka_unit_test(test_missing_field),
        cmocka_unit_test(test_bad_utf8_in_the_file),
        cmocka_unit_test(test_a_line_may_not_end_in_a_blank),
        cmocka_unit_test(test_unknown_key_and_action),
        cmocka_unit_test(test_a_setting_takes_only_its_values),
        cmocka_unit_test(test_unknown_kind_and_bad_names),
        cmocka_unit_test(test_expect_must_name_a_group),
        cmocka_unit_test(test_macros_continuations_and_settings),
        cmocka_unit_test(test_escapes_with_braces_are_not_macros),
        cmocka_unit_test(test_pairs_on_continuation_lines),
        cmocka_unit_test(test_failing_examples_are_reported),
        cmocka_unit_test(test_replace_and_result),
        cmocka_unit_test(test_needs_must_hold_in_examples),
        cmocka_unit_test(test_a_needed_bar_is_escaped),
        cmocka_unit_test(test_anchored_examples_are_tried_at_every_character),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_user_folder_replaces_by_name),
        cmocka_unit_test(test_missing_folder),
        cmocka_unit_test(test_match_limit_stops_a_runaway_rule),
        cmocka_unit_test(test_a_replacement_that_cannot_be_made),
        cmocka_unit_test(test_shipped_rules_load_and_their_examples_hold),
    };
    return run_group(tests);
}
