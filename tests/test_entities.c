/* entities: HTML character references, with or without their `;`, escaped twice, numeric,
 * and `”;` standing for `“`; whatever is not a reference stays. */
#include "stage.h"

static void test_named_references(void **state)
{
    (void)state;
    assert_stage(zhx_entities, "出生率为9.10&permil;人口", "出生率为9.10‰人口");
    assert_stage(zhx_entities, "出生率为9.10&permil人口", "出生率为9.10‰人口");
    assert_stage(zhx_entities, "出生率为9.10&permil\n", "出生率为9.10‰\n");
    assert_stage(zhx_entities, "A&amp;B &lt;p&gt; &quot;x&quot;", "A&B <p> \"x\"");
    assert_stage(zhx_entities, "全市&nbsp;卫生", "全市\xC2\xA0卫生");
    assert_stage(zhx_entities, "&ldquo;十三五&rdquo;", "“十三五”");
}

static void test_references_escaped_twice(void **state)
{
    (void)state;
    assert_stage(zhx_entities, "全市&amp;nbsp;卫生&amp;amp;#8240;", "全市\xC2\xA0卫生‰");
}

static void test_numeric_references(void **state)
{
    (void)state;
    assert_stage(zhx_entities, "9.10&#8240;与9.10&#x2030;和&#X2030", "9.10‰与9.10‰和‰");
    /* 128-159 are read as windows-1252, as browsers do */
    assert_stage(zhx_entities, "10&#150;20", "10–20");
    /* what is no character becomes U+FFFD */
    assert_stage(zhx_entities, "a&#0;b&#xD800;c&#1114112;d",
                 "a\xEF\xBF\xBD"
                 "b\xEF\xBF\xBD"
                 "c\xEF\xBF\xBD"
                 "d");
}

static void test_what_is_no_reference_stays(void **state)
{
    (void)state;
    const char *same[] = {
        "index.php?a=1&lang=zh&copy=2",
        "AT&T",
        "&unknownname;",
        "a & b",
        "&#;",
        "&#xyz;",
        "&permilx",
        "他说“好”;然后“走”了",
        "他说“好”;然后走了。",
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        assert_stage(zhx_entities, same[i], same[i]);
}

static void test_mangled_opening_quotes(void **state)
{
    (void)state;
    assert_stage(zhx_entities, "2021年是”;十三五”规划的开局之年", "2021年是“十三五”规划的开局之年");
    assert_stage(zhx_entities, "在实施“十免四补助”;先诊疗后结算”“一站式服务”等方面",
                 "在实施“十免四补助“先诊疗后结算”“一站式服务”等方面");
}

static void test_a_reference_maps_to_all_its_bytes(void **state)
{
    (void)state;
    const char *in = "9.10&permil;人口";
    stage_run r = run_stage(zhx_entities, in);
    assert_maps_to(&r, in, "‰", "&permil;");
    assert_maps_to(&r, in, "人口", "人口");
    assert_maps_to(&r, in, "9.10", "9.10");
    stage_run_free(&r);
}

static void test_text_without_references_is_left_alone(void **state)
{
    (void)state;
    stage_run r = run_stage(zhx_entities, "婴儿死亡率控制在6‰以下。");
    assert_false(r.out.changed);
    assert_null(r.out.s);
    stage_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_named_references),
        cmocka_unit_test(test_references_escaped_twice),
        cmocka_unit_test(test_numeric_references),
        cmocka_unit_test(test_what_is_no_reference_stays),
        cmocka_unit_test(test_mangled_opening_quotes),
        cmocka_unit_test(test_a_reference_maps_to_all_its_bytes),
        cmocka_unit_test(test_text_without_references_is_left_alone),
    };
    return run_group(tests);
}
