/* The tasks stage: which sections are tasks, their paths, levels, titles, owners, deadlines
 * and targets, read from the JSON records as a user sees them. Each test writes the tasks it
 * expects one a line: path/level title [owners] deadline. */
#include "testing.h"

#include <jansson.h>

static json_t *records_of(const char *text)
{
    zhx_doc *doc = run_doc(shipped_rules(), NULL, text, strlen(text), true);
    size_t len;
    char *jsonl = zhx_doc_jsonl(doc, ZHX_EMIT_RECORDS, &len);
    assert_non_null(jsonl);
    json_t *all = json_array();
    for (char *line = strtok(jsonl, "\n"); line; line = strtok(NULL, "\n")) {
        json_error_t err;
        json_t *rec = json_loads(line, 0, &err);
        if (!rec)
            fail_msg("bad record: %s", err.text);
        json_array_append_new(all, rec);
    }
    free(jsonl);
    zhx_doc_free(doc);
    return all;
}

static void add(char **out, size_t *len, const char *s)
{
    size_t n = strlen(s);
    *out = realloc(*out, *len + n + 1);
    assert_non_null(*out);
    memcpy(*out + *len, s, n + 1);
    *len += n;
}

/* One line per task record: path/level title [owner,owner] deadline. */
static char *tasks_of(const char *text)
{
    json_t *all = records_of(text);
    char *out = strdup("");
    size_t len = 0, i;
    json_t *rec;
    json_array_foreach(all, i, rec)
    {
        if (strcmp(json_string_value(json_object_get(rec, "type")), "task") != 0)
            continue;
        size_t j;
        json_t *v;
        json_array_foreach(json_object_get(rec, "path"), j, v)
        {
            add(&out, &len, j ? "/" : "");
            add(&out, &len, json_string_value(v));
        }
        char level[32];
        snprintf(level, sizeof level, " L%d ",
                 (int)json_integer_value(json_object_get(rec, "level")));
        add(&out, &len, level);
        const char *title = json_string_value(json_object_get(rec, "title"));
        add(&out, &len, title ? title : "-");
        add(&out, &len, " [");
        json_array_foreach(json_object_get(rec, "owners"), j, v)
        {
            add(&out, &len, j ? "," : "");
            add(&out, &len, json_string_value(v));
        }
        add(&out, &len, "] ");
        const char *deadline = json_string_value(json_object_get(rec, "deadline"));
        add(&out, &len, deadline ? deadline : "-");
        add(&out, &len, "\n");
    }
    json_decref(all);
    return out;
}

#define assert_tasks(text, expected)                                                               \
    do {                                                                                           \
        char *got_ = tasks_of(text);                                                               \
        assert_string_equal(got_, (expected));                                                     \
        free(got_);                                                                                \
    } while (0)

static void test_items_under_a_task_section(void **state)
{
    (void)state;
    /* 一、 and 二、 are not task-like: their lists are principles and targets */
    assert_tasks(
        "卫生局工作方案\n"
        "一、指导思想以科学发展观为统领。把握好以下原则:1、坚持科学发展。2、坚持以人为本。"
        "二、奋斗目标要通过不懈努力。具体目标是:1、婴儿死亡率控制在6‰以下;2、孕产妇死亡率控制在"
        "15/10万以下。三、主要任务1、落实“五项任务”,凝心聚力推医改。一是推进村级根本药物制度。"
        "加强监管。二是开展县级医院改革试点。逐步建立机制。2、推进“两大工程”,齐心协力打基础。"
        "一是推进服务能力建设工程。要打好持久战。",
        "三/1 L2 落实“五项任务”，凝心聚力推医改 [] -\n"
        "三/1/一是 L3 推进村级根本药物制度 [] -\n"
        "三/1/二是 L3 开展县级医院改革试点 [] -\n"
        "三/2 L2 推进“两大工程”，齐心协力打基础 [] -\n"
        "三/2/一是 L3 推进服务能力建设工程 [] -\n");
}

static void test_a_work_points_document_is_one_list_of_tasks(void **state)
{
    (void)state;
    assert_tasks(
        "2020年全县卫生健康工作要点\n"
        "总体要求是：全面深入学习。一、打好健康扶贫攻坚战（一）精准推动政策落实。X月底前对所有"
        "贫困人口进行健康体检。（二）精准实施分类救治。对大病贫困患者，由局分管卫生工作领导牵头，"
        "县医院具体负责，组建专家团队。（三）精准推进疾病预防。由医政股、疾控股、疾控中心负总责，"
        "落实各项规范要求。二、持续深化综合医改（一）深化支付方式改革。智能审核监控系统力争年内"
        "投入使用。（二）推进分级诊疗。到2025年，县域内就诊率达到90%。",
        "一 L1 打好健康扶贫攻坚战 [] -\n"
        "一/一 L2 精准推动政策落实 [] X月底前\n"
        "一/二 L2 精准实施分类救治 [局分管卫生工作领导,县医院] -\n"
        "一/三 L2 精准推进疾病预防 [医政股,疾控股,疾控中心] -\n"
        "二 L1 持续深化综合医改 [] -\n"
        "二/一 L2 深化支付方式改革 [] 年内\n"
        "二/二 L2 推进分级诊疗 [] 到2025年\n");
}

static void test_other_sections_hold_no_tasks_even_in_a_task_document(void **state)
{
    (void)state;
    assert_tasks(
        "2023年卫生工作要点\n"
        "一、指导思想\n（一）坚持人民至上。\n（二）坚持改革创新。\n"
        "二、加强基层建设\n（一）完善村卫生室。（牵头单位：县卫生健康局；配合单位：县财政局、"
        "县医保局）\n",
        "二 L1 加强基层建设 [] -\n"
        "二/一 L2 完善村卫生室 [县卫生健康局] -\n");
}

static void test_a_lead_in_makes_the_items_that_follow_tasks(void **state)
{
    (void)state;
    assert_tasks("在全市会议上的讲话\n"
                 "一、回顾过去\n（一）改革稳步推进。\n（二）扶贫扎实有效。\n"
                 "二、主动作为\n今年重点要抓好以下几个方面的工作：\n（一）深化医改。\n"
                 "（二）强化公共卫生。6月底前完成。\n",
                 "二/一 L2 深化医改 [] -\n"
                 "二/二 L2 强化公共卫生 [] 6月底前\n");
}

/* Notes after a task (注：1. … 2. …) define its words: the task stays, its notes are none. */
static void test_notes_under_a_task_are_no_tasks(void **state)
{
    (void)state;
    assert_tasks(
        "2026年工作方案\n一、主要任务\n（一）做强数字产业。软件收入达到3000亿元。\n"
        "（二）提升政务效能。推动热线高效对接。\n注：1. 软件收入以规模以上企业为统计范围。\n"
        "2. 高频事项指年办件量在1万件以上的事项。\n",
        "一/一 L2 做强数字产业 [] -\n"
        "一/二 L2 提升政务效能 [] -\n");
}

/* Items set with bullets and no numbers (✔ …) are a list: under a task title they are tasks;
 * the points of a numbered task (◇ …) are not tasks of their own. */
static void test_bullets_make_a_list(void **state)
{
    (void)state;
    assert_tasks("工作汇报\n下一步工作\n\n✔ 实施就业促进行动。牵头单位：县就业服务中心。\n"
                 "✔ 推进社保扩面提质。年底前完成。\n",
                 "✔ L1 实施就业促进行动 [县就业服务中心] -\n"
                 "✔ L1 推进社保扩面提质 [] 年底前\n");
    assert_tasks("2026年方案\n一、主要任务\n（一）推进管网改造。\n◇新建管网186公里。\n"
                 "◇改造水表2.3万只。\n（二）强化水质保障。\n",
                 "一/一 L2 推进管网改造 [] -\n"
                 "一/二 L2 强化水质保障 [] -\n");
}

/* A checklist's boxes, open or ticked, are one list under their heading, each item's lines
 * of details (its owner, its due date) between them; a wiki's numbered items (#) are items,
 * where bullets under an item are its points. */
static void test_checklists_and_numbered_wiki_items(void **state)
{
    (void)state;
    assert_tasks("农业农村局2026年安排\n一、重点任务\n\n- [ ] 抓好春耕生产。兑付补贴4260万元。\n"
                 "负责人：@陈明 （种植业股）\n截止：2026-04-30 🟢进行中\n\n"
                 "☑ 完成耕地保护自查\n负责人：@赵磊 （耕地保护股）、@张伟 （计划财务股）\n"
                 "截止：2026/01/31前\n",
                 "一/☐ L2 抓好春耕生产 [种植业股] 2026-04-30\n"
                 "一/☑ L2 完成耕地保护自查 [耕地保护股,计划财务股] 2026/01/31前\n");
    assert_tasks("计划\n一、重点工作\n（一）建设产业体系\n# 建设科创走廊。出台规划。\n"
                 "# 实施智改数转行动。建设智能工厂。\n",
                 "一/一 L2 建设产业体系 [] -\n"
                 "一/一/# L3 建设科创走廊 [] -\n"
                 "一/一/# L3 实施智改数转行动 [] -\n");
}

static void test_a_task_title_on_a_line_of_its_own_leads_into_a_list(void **state)
{
    (void)state;
    /* an unnumbered title (a slide's, after a bullet) makes the list after it tasks; the list
     * before it, and a list after a line that is no task title, are not */
    assert_tasks("一图读懂实施方案\n基本原则\n① 政府主导\n② 社会参与\n"
                 "📋 重点任务\n🔹 任务一：完善服务网络\n新建设施120个\n🔹 任务二：提升服务能力\n",
                 "任务一 L1 完善服务网络 [] -\n"
                 "任务二 L1 提升服务能力 [] -\n");
    assert_tasks("一图读懂实施方案\n发展成效\n🔹 任务一：完善服务网络\n🔹 任务二：提升服务能力\n",
                 "");
}

static void test_the_rows_under_a_task_tables_head_are_tasks(void **state)
{
    (void)state;
    /* a ledger: no heading says tasks, its head row does; the deadline cell is not the last */
    assert_tasks(
        "营商环境重点任务台账\n"
        "序号\t重点任务\t具体目标\t完成时限\t牵头单位\t进展情况\n"
        "1\t深化商事制度改革。推行一件事办理\t开办时间压缩至1个工作日\t2026年6月底前\t区市场"
        "监管局\t已完成85%\n"
        "2\t落实减税降费政策。直达快享\t不低于6亿元\t长期坚持\t区税务局\t推进中\n",
        "1 L1 深化商事制度改革 [区市场监管局] 2026年6月底前\n"
        "2 L1 落实减税降费政策 [区税务局] 长期坚持\n");
}

static void test_a_task_like_heading_without_items_does_not_hide_a_task_document(void **state)
{
    (void)state;
    /* the heading 1、…工作要点 has no items: the document is still one list of tasks */
    assert_tasks("2020年卫生健康工作要点\n"
                 "1、2020年卫生健康工作要点\n"
                 "一、加强领导\n"
                 "二、完善制度\n",
                 "1 L1 2020年卫生健康工作要点 [] -\n"
                 "一 L1 加强领导 [] -\n"
                 "二 L1 完善制度 [] -\n");
}

static void test_owners_are_split_between_units(void **state)
{
    (void)state;
    assert_tasks("工作要点\n"
                 "一、加强监管。由县卫生健康局和县医保局负责。\n"
                 "二、做好宣传。由国家卫生和计划生育委员会牵头。\n"
                 "三、完善制度。县疾控中心负总责，县医院具体负责。\n",
                 "一 L1 加强监管 [县卫生健康局,县医保局] -\n"
                 "二 L1 做好宣传 [国家卫生和计划生育委员会] -\n"
                 "三 L1 完善制度 [县疾控中心,县医院] -\n");
}

static void test_owners_and_deadline_come_from_the_tasks_own_text(void **state)
{
    (void)state;
    /* 一、's owner is its own; the items name theirs, and 一、 does not take them */
    assert_tasks("工作要点\n"
                 "一、推进改革。由县卫生健康局牵头。\n"
                 "（一）改革支付方式。由县医保局负责，2024年6月底前完成。\n"
                 "（二）改革薪酬制度。三年内完成，力争年底前见效。\n",
                 "一 L1 推进改革 [县卫生健康局] -\n"
                 "一/一 L2 改革支付方式 [县医保局] 2024年6月底前\n"
                 "一/二 L2 改革薪酬制度 [] 年底前\n");
}

/* A deadline that the item's label gives is read as written, whatever its form. */
static void test_a_labelled_deadline_is_read_as_written(void **state)
{
    (void)state;
    assert_tasks(
        "工作任务清单\n"
        "1.从快处置险情。能整改的立即整改。（责任单位：县水利局；完成时限：立行立改）\n"
        "2.加强物资储备。储备编织袋20万条。（责任单位：县应急管理局；完成时限：主汛期到来前）\n",
        "1 L1 从快处置险情 [县水利局] 立行立改\n"
        "2 L1 加强物资储备 [县应急管理局] 主汛期到来前\n");
}

/* A task table flattened to text: every row whose last cell is a deadline is a task, its
 * owners and deadline read from its cells; an indicator table's rows are none. */
static void test_the_rows_of_a_task_table_are_tasks(void **state)
{
    (void)state;
    assert_tasks("重点任务分工方案\n"
                 "序号\t重点任务\t牵头单位\t责任单位\t完成时限\n"
                 "一、提升政务服务效能\n"
                 "1\t深化改革。新增主题服务8项。\t县政务服务中心\t县数据资源局、县人社局\t"
                 "2025年6月底前\n"
                 "二、强化要素保障\n"
                 "2 | 降低企业用工成本。组织招聘会20场次。 | 县人社局 | 县总工会 | 长期坚持\n"
                 "三、主要指标\n"
                 "1\t用水总量（亿立方米）\t12.5\t≤13.2\t约束性\n",
                 "一 L1 提升政务服务效能 [] -\n"
                 "一/1 L2 深化改革 [县政务服务中心,县数据资源局,县人社局] 2025年6月底前\n"
                 "二 L1 强化要素保障 [] -\n"
                 "二/2 L2 降低企业用工成本 [县人社局,县总工会] 长期坚持\n");
}

static json_t *first_of_type(json_t *all, const char *type)
{
    size_t i;
    json_t *rec;
    json_array_foreach(all, i, rec)
    {
        if (strcmp(json_string_value(json_object_get(rec, "type")), type) == 0)
            return rec;
    }
    fail_msg("no %s record", type);
    return NULL;
}

static void test_a_task_lists_the_targets_inside_it_and_targets_get_their_section(void **state)
{
    (void)state;
    json_t *all = records_of("工作要点\n"
                             "一、提高服务能力\n（一）加强妇幼保健。婴儿死亡率控制在6‰以下。\n"
                             "（二）完善制度。\n");
    json_t *task = first_of_type(all, "task"), *target = first_of_type(all, "target");
    json_t *inner = json_array_get(all, 1); /* （一）: the task record right before the target */
    assert_string_equal(json_string_value(json_object_get(inner, "type")), "task");
    /* a task quotes and lists only its own text: 一、 ends where its first item begins */
    assert_string_equal(json_string_value(json_object_get(task, "text")), "一、提高服务能力");
    assert_int_equal(json_array_size(json_object_get(task, "targets")), 0);
    assert_int_equal(json_array_size(json_object_get(inner, "targets")), 1);
    json_int_t seq = json_integer_value(json_object_get(target, "seq"));
    assert_int_equal(json_integer_value(json_array_get(json_object_get(inner, "targets"), 0)), seq);
    json_t *section = json_object_get(target, "section");
    assert_int_equal(json_array_size(section), 2);
    assert_string_equal(json_string_value(json_array_get(section, 0)), "一、提高服务能力");
    assert_string_equal(json_string_value(json_array_get(section, 1)), "（一）加强妇幼保健");
    json_t *last = json_array_get(all, json_array_size(all) - 1);
    assert_int_equal(json_array_size(json_object_get(last, "targets")), 0);
    json_decref(all);
}

static void test_spans_quote_the_task(void **state)
{
    (void)state;
    const char *text = "工作要点\n一、加强领导。\n二、完善制度。\n";
    json_t *all = records_of(text);
    json_t *first = first_of_type(all, "task");
    json_t *span = json_object_get(first, "span");
    assert_int_equal(json_integer_value(json_array_get(span, 0)), 5);
    assert_int_equal(json_integer_value(json_array_get(span, 1)), 12);
    assert_string_equal(json_string_value(json_object_get(first, "text")), "一、加强领导。");
    json_t *raw = json_object_get(first, "raw_span");
    assert_int_equal(json_integer_value(json_array_get(raw, 0)), strstr(text, "一、") - text);
    assert_int_equal(json_integer_value(json_array_get(raw, 1)), strstr(text, "\n二") - text);
    json_decref(all);
}

static void test_no_tasks_without_a_task_section_or_document(void **state)
{
    (void)state;
    assert_tasks("工作报告\n一、回顾\n（一）成绩。\n（二）不足。\n二、展望\n", "");
    assert_tasks("", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_items_under_a_task_section),
        cmocka_unit_test(test_a_work_points_document_is_one_list_of_tasks),
        cmocka_unit_test(test_other_sections_hold_no_tasks_even_in_a_task_document),
        cmocka_unit_test(test_a_lead_in_makes_the_items_that_follow_tasks),
        cmocka_unit_test(test_notes_under_a_task_are_no_tasks),
        cmocka_unit_test(test_bullets_make_a_list),
        cmocka_unit_test(test_checklists_and_numbered_wiki_items),
        cmocka_unit_test(test_a_task_title_on_a_line_of_its_own_leads_into_a_list),
        cmocka_unit_test(test_the_rows_under_a_task_tables_head_are_tasks),
        cmocka_unit_test(test_a_task_like_heading_without_items_does_not_hide_a_task_document),
        cmocka_unit_test(test_owners_are_split_between_units),
        cmocka_unit_test(test_owners_and_deadline_come_from_the_tasks_own_text),
        cmocka_unit_test(test_a_labelled_deadline_is_read_as_written),
        cmocka_unit_test(test_the_rows_of_a_task_table_are_tasks),
        cmocka_unit_test(test_a_task_lists_the_targets_inside_it_and_targets_get_their_section),
        cmocka_unit_test(test_spans_quote_the_task),
        cmocka_unit_test(test_no_tasks_without_a_task_section_or_document),
    };
    return run_group(tests);
}
