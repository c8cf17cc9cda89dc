/* Anchored rules: the literal search they start from, and the promise every anchored rule
 * makes, that its matches begin where one of its `needs` literals does. */
#include "stage.h"

#include "../core/rules.h"
#include "../normalize/anchors.h"

static void test_find_literal_agrees_with_memmem(void **state)
{
    (void)state;
    const char *texts[] = {"",         "a",       "2021年是”;十三五”规划",
                           "”;”;;”",   "&&amp;&", "（一）（二",
                           "重點??平", "abc",     "；;”;",
                           "中文（",   "（"};
    const char *lits[] = {"”;", "&", "（", "?", "、", ";", "c", "文（", "amp;"};
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
        for (size_t l = 0; l < sizeof lits / sizeof lits[0]; l++) {
            size_t len = strlen(texts[t]), n = strlen(lits[l]);
            for (size_t from = 0; from <= len; from++) {
                const char *want = memmem(texts[t] + from, len - from, lits[l], n);
                const char *got = zhx_find_literal(texts[t] + from, len - from, lits[l], n);
                if (want != got)
                    fail_msg("\"%s\" in \"%s\" from %zu: %p, memmem %p", lits[l], texts[t], from,
                             (const void *)got, (const void *)want);
            }
        }
}

/* Whether the match of `r` on `text` begins where one of its literals does. */
static bool begins_at_a_need(zhx_matcher *m, const zhx_rule *r, const char *text)
{
    size_t lo, hi;
    if (zhx_match(m, r->code, text, strlen(text), 0) != 1 || !zhx_match_group(m, 0, &lo, &hi))
        return false;
    for (size_t i = 0; i < r->nneeds; i++)
        if (strncmp(text + lo, r->needs[i], strlen(r->needs[i])) == 0)
            return true;
    return false;
}

static void test_anchored_rules_begin_at_their_literals(void **state)
{
    (void)state;
    const zhx_rules *rules = shipped_rules();
    zhx_matcher *m = zhx_matcher_new(rules, !test_jit());
    const char *kinds[] = {"lost", "entity", "pinyin"};
    size_t checked = 0;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        size_t n;
        const zhx_rule *const *v = zhx_rules_of_kind(rules, kinds[k], &n);
        assert_true(n > 0);
        for (size_t i = 0; i < n; i++) {
            if (v[i]->nneeds == 0)
                fail_msg("rule %s has no 'needs': the %s stage never tries it", v[i]->name,
                         kinds[k]);
            for (size_t j = 0; j < v[i]->nexamples; j++) {
                const zhx_example *x = &v[i]->examples[j];
                if (x->reject)
                    continue;
                if (!begins_at_a_need(m, v[i], x->text))
                    fail_msg("rule %s, example \"%s\": the match does not begin at a 'needs' "
                             "literal, so the stage would not find it",
                             v[i]->name, x->text);
                checked++;
            }
        }
    }
    assert_true(checked >= 10);
    zhx_matcher_free(m);
}

static void test_a_match_sees_its_line(void **state)
{
    (void)state;
    /* a rule sees the line its literal is on: `^` is the start of that line, however far into
     * the text (lost.line-start), and a lookbehind does not reach into the line before */
    assert_stage(zhx_lost, "第一行\n??平", "第一行\n\xEF\xBF\xBD\xEF\xBF\xBD平");
    assert_stage(zhx_lost, "第一行??平", "第一行\xEF\xBF\xBD\xEF\xBF\xBD平");
    assert_stage(zhx_lost, "重點\n?,", "重點\n?,");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find_literal_agrees_with_memmem),
        cmocka_unit_test(test_anchored_rules_begin_at_their_literals),
        cmocka_unit_test(test_a_match_sees_its_line),
    };
    return run_group(tests);
}
