/* entities: HTML character references, with or without their `;`, escaped twice, numeric,
 * and `”;` standing for `“`; markup a scraper left; whatever is neither stays. */
#include "stage.h"

static void test_named_references(void **state)
{
    (void)state;
    assert_stage(zhx_entities, "出生率为9.10&permil;人口", "出生率为9.10‰人口");
    assert_stage(zhx_entities, "出生率为9.10&permil人口", "出生率为9.10‰人口");
    assert_stage(zhx_entities, "出生率为9.10&permil\n", "出生率为9.10‰\n");
    assert_stage(zhx_entities, "A&amp;B &lt;x&gt; &quot;x&quot;", "A&B <x> \"x\"");
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

static void test_markup_becomes_line_breaks_tabs_or_nothing(void **state)
{
    (void)state;
    assert_stage(zhx_entities, "一、主要目标</P><p class=\"x\">到2025年<br/>二、任务<br>",
                 "一、主要目标\n\n到2025年\n二、任务\n");
    assert_stage(zhx_entities, "达到<span style=\"color:red\">95%</span>以上<!-- x -->。",
                 "达到95%以上。");
    assert_stage(zhx_entities, "<tr><td>指标</td><td width=\"80\">2025年</td></tr>",
                 "指标\t2025年\t\n");
    /* cells that span rows or columns leave empty cells where they span, so that every row
     * keeps its cells under its head's: 指标值 over 2025年 | 2030年, 类别 over two rows, 属性
     * over the head's two rows */
    assert_stage(zhx_entities,
                 "<table><tr><th rowspan=\"2\">类别</th><th rowspan=2>指标</th>"
                 "<th colspan=\"2\">指标值</th><th rowspan=\"2\">属性</th></tr>"
                 "<tr><th>2025年</th><th>2030年</th></tr>"
                 "<tr><td rowspan=\"2\">经济</td><td>产值</td><td>10</td><td>12</td>"
                 "<td>预期性</td></tr>"
                 "<tr><td>人口</td><td>3</td><td>4</td><td>约束性</td></tr></table>",
                 "\n类别\t指标\t指标值\t\t属性\t\n"
                 "\t\t2025年\t2030年\t\t\n"
                 "经济\t产值\t10\t12\t预期性\t\n"
                 "\t人口\t3\t4\t约束性\t\n\n");
    /* a ruby annotation's reading goes, its characters stay */
    assert_stage(
        zhx_entities,
        "全年<ruby>補<rt>ㄅㄨˇ</rt></ruby><ruby>助<rp>(</rp><rt>ㄓㄨˋ</rt><rp>)</rp></ruby>",
        "全年補助");
    /* a new table starts a new grid: no span runs on into it */
    assert_stage(zhx_entities,
                 "<table><tr><td rowspan=\"3\">甲</td><td>1</td></tr></table>"
                 "<table><tr><td>乙</td><td>2</td></tr></table>",
                 "\n甲\t1\t\n\n\n乙\t2\t\n\n");
    /* a feed saved raw: its declaration and CDATA brackets go, its elements part its lines */
    assert_stage(zhx_entities,
                 "<?xml version=\"1.0\"?><rss><item><pubDate>Mon, 15 Dec 2025</pubDate>"
                 "<description><![CDATA[<p>增长7.3%</p>]]></description></item>",
                 "\n\n\nMon, 15 Dec 2025\n\n\n增长7.3%\n\n\n");
}

/* MediaWiki source: quotes, links, footnotes and templates go, headings lose their marks, and
 * a wiki table becomes rows of cells, a cell spanning rows kept as empty cells below it */
static void test_wiki_source_is_undone(void **state)
{
    (void)state;
    assert_stage(zhx_entities,
                 "{{简化字}}\n== 二、主要目标 ==\n'''地区生产总值'''增长5%<ref>快报数。</ref>，"
                 "[[居民消费价格指数|居民消费价格]]涨幅3%<ref name=\"a\" />。",
                 "\n二、主要目标\n地区生产总值增长5%，居民消费价格涨幅3%。");
    assert_stage(zhx_entities,
                 "{| class=\"wikitable\"\n|+ 表1 主要指标\n! 类别 !! 指标 !! 目标\n|-\n"
                 "| rowspan=\"2\" | 经济 || 投资增速 || 6\n|-\n| 消费增速 || 7\n|}",
                 "\n表1 主要指标\n类别 \t指标 \t目标\n经济 \t投资增速 \t6\n\t消费增速 \t7\n");
    /* a Markdown table's rows, which end with a bar, are no wiki table's */
    assert_stage(zhx_entities, "| 指标 || 目标 |\n", "| 指标 || 目标 |\n");
}

/* Markdown a reader-mode crawler wrote: links become their text, images and heading and bold
 * marks go; placeholders of stars stay. */
static void test_markdown_is_undone(void **state)
{
    (void)state;
    assert_stage(zhx_entities,
                 "## 一、主要目标\n**（一）总体思路。**到2027年，[点击下载](https://a.cn/1.pdf)"
                 "![](https://a.cn/2.png)【[打印本页](javascript:window.print())】",
                 "一、主要目标\n（一）总体思路。到2027年，点击下载【打印本页】");
    assert_stage(zhx_entities, "覆盖率达到**%，培训**人次", "覆盖率达到**%，培训**人次");
}

static void test_what_is_no_markup_stays(void **state)
{
    (void)state;
    const char *same[] = {
        "PM2.5<35微克/立方米", "印发<<关于加强基层卫生工作的通知>>",
        "若a<b，则b>a",        "人数<10万",
        "<pre-school>",        "<bold>",
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        assert_stage(zhx_entities, same[i], same[i]);
    /* a tag whose attributes Word broke over lines is markup all the same */
    assert_stage(zhx_entities, "收入达<span\nstyle=\"x\">24860元", "收入达24860元");
    /* a reference to `<` is decoded once and never read as a tag; a known tag escaped whole
     * (a CMS that escaped its HTML, a feed's description) goes as the tag would */
    assert_stage(zhx_entities, "人数&lt;10万，&lt;x&gt;", "人数<10万，<x>");
    assert_stage(zhx_entities, "&lt;p&gt;段落&lt;/p&gt;", "\n段落\n");
    assert_stage(zhx_entities, "&amp;lt;strong&amp;gt;一、目标&amp;lt;/strong&amp;gt;", "一、目标");
}

/* A JSON string saved undecoded: its escapes become what they stand for, and escaped markup
 * goes as markup does; a half of a surrogate pair stays as written. */
static void test_json_escapes(void **state)
{
    (void)state;
    assert_stage(zhx_entities, "<p>一\\u3001总体要求<\\/p>\\n\\t坚持\\\"有求必应\\\"<br\\/>",
                 "\n一、总体要求\n\n坚持\"有求必应\"\n");
    assert_stage(zhx_entities, "\\ud83d\\ude00", "\\ud83d\\ude00");
}

static void test_markup_maps_to_its_bytes(void **state)
{
    (void)state;
    const char *in = "目标<br/>达到<b>95%</b>";
    stage_run r = run_stage(zhx_entities, in);
    assert_maps_to(&r, in, "\n", "<br/>");
    assert_maps_to(&r, in, "达到", "达到");
    assert_maps_to(&r, in, "95%", "95%");
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
        cmocka_unit_test(test_markup_becomes_line_breaks_tabs_or_nothing),
        cmocka_unit_test(test_markdown_is_undone),
        cmocka_unit_test(test_json_escapes),
        cmocka_unit_test(test_wiki_source_is_undone),
        cmocka_unit_test(test_what_is_no_markup_stays),
        cmocka_unit_test(test_markup_maps_to_its_bytes),
    };
    return run_group(tests);
}
