/* The outline stage: markers of every style, at line starts and inside paragraphs, validated as
 * sequences; run-in titles; false headings; zhx_section_at. Each test writes the tree it
 * expects as an indented outline: one section a line, two spaces a level, marker and title. */
#include "testing.h"

#include "../core/doc.h"
#include "../extract/outline.h"

static zhx_doc *extracted(const char *text)
{
    return run_doc(shipped_rules(), NULL, text, strlen(text), true);
}

/* The section tree of `doc` as an indented outline (the caller frees it). */
static char *tree_of(const zhx_doc *doc)
{
    size_t cap = 64;
    for (size_t i = 0; i < doc->nsections; i++)
        cap += 2 * (size_t)doc->sections[i].level + strlen(doc->sections[i].marker) +
               (doc->sections[i].title ? strlen(doc->sections[i].title) : 0) + 1;
    char *out = malloc(cap), *p = out;
    assert_non_null(out);
    *p = '\0';
    for (size_t i = 0; i < doc->nsections; i++) {
        const zhx_section *s = &doc->sections[i];
        p += sprintf(p, "%*s%s%s\n", 2 * (s->level - 1), "", s->marker, s->title ? s->title : "");
    }
    return out;
}

#define assert_tree(text, expected)                                                                \
    do {                                                                                           \
        zhx_doc *doc_ = extracted(text);                                                           \
        char *tree_ = tree_of(doc_);                                                               \
        assert_string_equal(tree_, (expected));                                                    \
        free(tree_);                                                                               \
        zhx_doc_free(doc_);                                                                        \
    } while (0)

/* The text that section `i` spans. */
static char *section_text(const zhx_doc *doc, size_t i)
{
    return strndup(doc->text + doc->sections[i].lo, doc->sections[i].hi - doc->sections[i].lo);
}

static void test_levels_at_line_starts(void **state)
{
    (void)state;
    assert_tree("卫生工作实施方案\n"
                "一、总体要求\n"
                "（一）指导思想\n"
                "坚持以人民健康为中心。\n"
                "（二）基本原则\n"
                "1．坚持政府主导。发挥政府作用。\n"
                "（1）加强组织领导。成立工作专班。\n"
                "①明确责任分工；\n"
                "②建立工作台账；\n"
                "（2）强化经费保障。\n"
                "2．坚持改革创新。\n"
                "二、主要任务\n",
                "一、总体要求\n"
                "  （一）指导思想\n"
                "  （二）基本原则\n"
                "    1.坚持政府主导\n" /* the unicode stage folds the full-width point */
                "      （1）加强组织领导\n"
                "        ①明确责任分工\n"
                "        ②建立工作台账\n"
                "      （2）强化经费保障\n"
                "    2.坚持改革创新\n"
                "二、主要任务\n");
}

/* Word's enclosed numbers: ㈠ in the style of （一）, ⒈ of 1., ⑴ of （1）; never figures. */
static void test_enclosed_numerals(void **state)
{
    (void)state;
    assert_tree("实施方案\n一、主要任务\n㈠ 促进青年就业。实施启航计划。\n"
                "⒈扩大岗位供给。新增岗位3000个。\n⒉强化服务。\n"
                "㈡ 支持创业。（牵头单位：市人社局）\n⑴\t强化载体建设。\n⑵\t落实担保贷款。\n",
                "一、主要任务\n"
                "  ㈠促进青年就业\n"
                "    ⒈扩大岗位供给\n"
                "    ⒉强化服务\n"
                "  ㈡支持创业\n"
                "    ⑴强化载体建设\n"
                "    ⑵落实担保贷款\n");
}

static void test_headings_that_lost_their_line_breaks(void **state)
{
    (void)state;
    assert_tree(
        "特制定本方案。一、指导思想以科学发展观为统领，加快构建战略支点。"
        "二、奋斗目标要通过不懈努力，到2022年初步建立根本医疗卫生制度。"
        "三、主要任务1、落实“五项任务”，凝心聚力推医改。一是推进村级根本药物制度。加强监管。"
        "二是开展县级医院改革试点。逐步建立机制。2、推进“两大工程”，齐心协力打基础。",
        "一、指导思想\n"
        "二、奋斗目标\n"
        "三、主要任务\n"
        "  1、落实“五项任务”，凝心聚力推医改\n"
        "    一是推进村级根本药物制度\n"
        "    二是开展县级医院改革试点\n"
        "  2、推进“两大工程”，齐心协力打基础\n");
}

static void test_half_width_brackets_run_into_their_parent_title(void **state)
{
    (void)state;
    assert_tree("保障。一、打好健康扶贫攻坚战(一)精准推动政策落实。X月底前完成体检。"
                "(二)精准实施分类救治。完善机制。二、持续深化综合医改(一)推动分级诊疗。",
                /* between Han characters the unicode stage widens the brackets */
                "一、打好健康扶贫攻坚战\n"
                "  （一）精准推动政策落实\n"
                "  （二）精准实施分类救治\n"
                "二、持续深化综合医改\n"
                "  （一）推动分级诊疗\n");
}

/* Chapters hold the 一、 headings; an excerpt may start at any chapter; 第三章 in a sentence
 * is no heading. */
static void test_chapters(void **state)
{
    (void)state;
    assert_tree("规划纲要（节选）\n"
                "第三章 主要指标\n"
                "到2030年，按照第二章的要求，人均预期寿命达到79.5岁。\n"
                "第四章 重点任务\n"
                "一、普及健康生活。建成健康促进县12个。\n"
                "二、优化健康服务。\n"
                "第六章 保障措施\n",
                "第三章主要指标\n"
                "第四章重点任务\n"
                "  一、普及健康生活\n"
                "  二、优化健康服务\n"
                "第六章保障措施\n");
}

static void test_numbers_counted_are_not_headings(void **state)
{
    (void)state;
    /* 一、二级医院 and 1、2月份 count numbers; 2、65岁 does not (65 is not 3 or 4) */
    assert_tree("一、加强医院建设\n"
                "推进一、二级医院提质，三、四季度完成验收，1、2月份开展摸底。\n"
                "二、目标\n"
                "1、高血压患者规范管理率≥70%，糖尿病患者规范管理率≥70%，严重精神障碍患者管理率达到"
                "90%以上；2、65岁以上老年人健康管理率≥75%；\n",
                "一、加强医院建设\n"
                "二、目标\n"
                "  1、\n"
                "  2、65岁以上老年人健康管理率≥75%\n");
}

static void test_words_that_hold_numerals_are_not_headings(void **state)
{
    (void)state;
    /* 统一、 and 之一是 have no boundary before them and no 二 after: text. The real 一、
     * that follows is then still the start of its sequence. */
    assert_tree("坚持统一、规范、高效的原则，这是重点之一是共识。第一书记驻村，放在第一位。"
                "测算为77.5岁，采用(DRG)付费，达2.1倍。\n"
                "一、指导思想\n"
                "二、基本原则\n",
                "一、指导思想\n"
                "二、基本原则\n");
}

static void test_a_glued_first_heading_counts_when_its_second_follows(void **state)
{
    (void)state;
    /* the first sentence of each runs on past 50 characters: the title ends at 2021年, 近年来 */
    assert_tree(
        "在全市工作会议上的工作报告一、砥砺奋进实现良好开局2021年是规划的开局之年也是全市卫生"
        "计生事业健康融合发展的关键之年全市卫生计生系统深入贯彻落实决策部署。"
        "二、深化认识切实增强责任感近年来党中央、国务院和省委、省政府对卫生计生工作作出了一系列"
        "重大决策部署为新时期卫生计生事业发展指明了方向。",
        "一、砥砺奋进实现良好开局\n"
        "二、深化认识切实增强责任感\n");
}

static void test_a_marker_that_breaks_its_sequence_is_text(void **state)
{
    (void)state;
    assert_tree("一、甲项工作\n二、乙项工作\n四、丁项工作\n三、丙项工作\n", "一、甲项工作\n"
                                                                            "二、乙项工作\n"
                                                                            "三、丙项工作\n");
}

static void test_a_restarted_numbering_is_a_new_list(void **state)
{
    (void)state;
    assert_tree("一、任务\n主要有：1、甲。2、乙。\n另外：\n1、丙。2、丁。3、戊。\n", "一、任务\n"
                                                                                     "  1、甲\n"
                                                                                     "  2、乙\n"
                                                                                     "  1、丙\n"
                                                                                     "  2、丁\n"
                                                                                     "  3、戊\n");
}

/* A list whose numbering runs on under the next section (一、 1. 2. 二、 3. 4.), as task lists
 * number their items through the document; a number that does not run on stays text. */
static void test_numbering_runs_on_under_the_next_section(void **state)
{
    (void)state;
    assert_tree("一、防汛\n1.排查隐患。\n2.储备物资。\n二、建设\n3.加固水库。\n4.治理河流。\n",
                "一、防汛\n  1.排查隐患\n  2.储备物资\n二、建设\n  3.加固水库\n  4.治理河流\n");
    assert_tree("一、防汛\n1.排查隐患。\n二、建设\n5.加固水库。\n",
                "一、防汛\n  1.排查隐患\n二、建设\n");
}

/* Roman numerals as markers (Ⅰ、 （ⅰ）), and as the classes and levels they also name, which
 * are none (Ⅳ、Ⅴ类水体). */
static void test_roman_numerals(void **state)
{
    (void)state;
    assert_tree("Ⅰ、总体要求\n消除Ⅳ、Ⅴ类水体。\nⅡ、主要任务\n（ⅰ）治理污水。\n（ⅱ）整治排口。\n",
                "Ⅰ、总体要求\nⅡ、主要任务\n  （ⅰ）治理污水\n  （ⅱ）整治排口\n");
}

/* numbered as a standard numbers its clauses: 1, 2.1, 3.2．; a section's 3.1.1 paragraphs and
 * a decimal that opens a line (3.5万个) are its text */
static void test_decimal_numbering(void **state)
{
    (void)state;
    assert_tree(
        "实施方案\n1 总体要求\n坚持安全发展。\n2 工作目标\n2.1 总体目标\n到2027年基本建成。\n"
        "3 重点任务\n3.1 建设燃气管网监测系统\n3.1.1 开展风险评估。\n"
        "3.5万个传感器已接入。\n3.2．建设供水管网监测系统。布设监测点。\n",
        "1 总体要求\n2 工作目标\n  2.1 总体目标\n3 重点任务\n  3.1 建设燃气管网监测系统\n"
        "  3.2.建设供水管网监测系统\n");
}

static void test_a_higher_rank_closes_a_lower_list(void **state)
{
    (void)state;
    /* a 一、 ends an open 1、 list rather than nesting in it; 2、 then has no list to join */
    assert_tree("1、工作计划\n一、加强学习\n2、巩固成绩\n二、精心筹划\n", "1、工作计划\n"
                                                                          "一、加强学习\n"
                                                                          "二、精心筹划\n");
}

static void test_inline_items_end_with_their_paragraph(void **state)
{
    (void)state;
    const char *text = "一、重点工作\n工作措施：一是加强领导；二是完善制度。\n下一段不属于二是。\n";
    zhx_doc *doc = extracted(text);
    char *tree = tree_of(doc);
    assert_string_equal(tree, "一、重点工作\n  一是加强领导\n  二是完善制度\n");
    char *second = section_text(doc, 2);
    assert_string_equal(second, "二是完善制度。");
    free(second);
    free(tree);
    zhx_doc_free(doc);
}

static void test_inline_items_go_on_at_the_next_line_start(void **state)
{
    (void)state;
    /* one item a line: each ends with its line, and the next line's 二是 is the next item */
    const char *text =
        "一、重点工作\n（一）抓项目。\n一是强化谋划。储备项目150个。\n"
        "二是加快建设。实施项目126个。\n三是优化保障。\n（二）抓产业。二是不是项目\n";
    zhx_doc *doc = extracted(text);
    char *tree = tree_of(doc);
    assert_string_equal(tree, "一、重点工作\n  （一）抓项目\n    一是强化谋划\n    二是加快建设\n"
                              "    三是优化保障\n  （二）抓产业\n");
    char *second = section_text(doc, 3);
    assert_string_equal(second, "二是加快建设。实施项目126个。");
    free(second);
    free(tree);
    zhx_doc_free(doc);
    /* a 二是 on the next line after another heading is no item of the list before it */
    assert_tree("（一）甲。\n一是加强领导。\n（二）乙。\n二是完善制度。\n",
                "（一）甲\n  一是加强领导\n（二）乙\n");
}

static void test_an_excerpt_may_start_past_one_at_line_starts(void **state)
{
    (void)state;
    assert_tree(
        "以下为第四章的段落：\n四、改善民生\n（一）加快供应\n五、主要措施\n（一）增加宿位\n",
        "四、改善民生\n  （一）加快供应\n五、主要措施\n  （一）增加宿位\n");
    /* not inside a paragraph, nor without its next number at a line start */
    assert_tree("全年完成。四、改善民生\n五、主要措施\n", "");
    assert_tree("四、改善民生\n全年完成五、主要措施\n", "");
}

static void test_di_yi_and_circled_styles(void **state)
{
    (void)state;
    assert_tree("会议指出。第一，提高思想认识。要统一思想。第二，狠抓工作落实。\n"
                "（一）院感防控\n⑴规范预检分诊。⑵加强院感管理。\n",
                "第一，提高思想认识\n"
                "第二，狠抓工作落实\n"
                "（一）院感防控\n"
                "  ⑴规范预检分诊\n"
                "  ⑵加强院感管理\n");
}

static void test_titles_end_where_they_should(void **state)
{
    (void)state;
    assert_tree("一、加强理论学习，全面落实会议精神我们要将学习作为首要政治任务和中心工作来抓，"
                "要充分利用好学习日，深入学习会议精神。\n"
                "二、构建适应农村经济发展的新型区域性卫生保健网络农村卫生工作是建设社会主义新农村的"
                "主要内容，是保障广大农民健康的大事。\n"
                "三、主要目标：到2025年，床位数达到1:1.5的比例。\n"
                "四、医护比提高到1:1.5，每千人口床位数达到6张，每千人口医生数达到2.2名以上，"
                "每所乡镇卫生院拥有1名以上全科医生。\n",
                "一、加强理论学习，全面落实会议精神\n"
                "二、\n"
                "三、主要目标\n"
                "四、\n");
    /* a title cut at a stop word leaves the comma before it */
    assert_tree(
        "一、挑战\n一是人口老龄化加速，2020年第七次全国人口普查数据显示，全县65岁及以上老年人口"
        "占常住人口的比重达16.8%，老年健康服务需求快速增长。二是负担加重。\n",
        "一、挑战\n  一是人口老龄化加速\n  二是负担加重\n");
}

static void test_section_at(void **state)
{
    (void)state;
    const char *text = "前言。\n一、总体要求\n（一）指导思想\n坚持发展。\n二、主要任务\n";
    zhx_doc *doc = extracted(text);
    assert_int_equal(doc->nsections, 3);
    assert_int_equal(zhx_section_at(doc, 0), -1);
    size_t inner = (size_t)(strstr(text, "坚持") - text);
    assert_int_equal(zhx_section_at(doc, inner), 1);
    assert_int_equal(zhx_section_at(doc, doc->sections[0].lo), 0);
    assert_int_equal(zhx_section_at(doc, doc->sections[2].lo), 2);
    assert_int_equal(doc->sections[1].parent, 0);
    assert_int_equal(doc->sections[2].parent, -1);
    assert_int_equal(zhx_section_at(doc, strlen(text)), -1);
    zhx_doc_free(doc);
}

static void test_labels_for_task_paths(void **state)
{
    (void)state;
    zhx_doc *doc = extracted(
        "一、主要任务\n1、落实任务。一是推进改革。\n（一）其他\n第一，坚持。第二，落实。");
    const char *labels[] = {"一", "1", "一是", "一", "第一", "第二"};
    assert_int_equal(doc->nsections, 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(doc->sections[i].label, labels[i]);
    zhx_doc_free(doc);
}

static void test_empty_and_markerless_texts(void **state)
{
    (void)state;
    assert_tree("", "");
    assert_tree("没有任何标题的一段文字，只有二、三个字。", "");
    assert_tree("一、", "一、\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_levels_at_line_starts),
        cmocka_unit_test(test_headings_that_lost_their_line_breaks),
        cmocka_unit_test(test_half_width_brackets_run_into_their_parent_title),
        cmocka_unit_test(test_chapters),
        cmocka_unit_test(test_numbers_counted_are_not_headings),
        cmocka_unit_test(test_words_that_hold_numerals_are_not_headings),
        cmocka_unit_test(test_a_glued_first_heading_counts_when_its_second_follows),
        cmocka_unit_test(test_a_marker_that_breaks_its_sequence_is_text),
        cmocka_unit_test(test_a_restarted_numbering_is_a_new_list),
        cmocka_unit_test(test_numbering_runs_on_under_the_next_section),
        cmocka_unit_test(test_roman_numerals),
        cmocka_unit_test(test_decimal_numbering),
        cmocka_unit_test(test_a_higher_rank_closes_a_lower_list),
        cmocka_unit_test(test_inline_items_end_with_their_paragraph),
        cmocka_unit_test(test_inline_items_go_on_at_the_next_line_start),
        cmocka_unit_test(test_an_excerpt_may_start_past_one_at_line_starts),
        cmocka_unit_test(test_di_yi_and_circled_styles),
        cmocka_unit_test(test_titles_end_where_they_should),
        cmocka_unit_test(test_section_at),
        cmocka_unit_test(test_labels_for_task_paths),
        cmocka_unit_test(test_empty_and_markerless_texts),
        cmocka_unit_test(test_enclosed_numerals),
    };
    return run_group(tests);
}
