/* The layout stage: a figure alone on its line, an ideographic full stop for a decimal point,
 * hard-wrapped paragraphs joined only where the document has a wrap width, headings and list
 * items kept on their lines, OCR damage, and the offset map back to the input. */
#include "stage.h"

/* A paragraph wrapped every 18 characters (36 columns), with a heading before it and a list
 * item after it, as text copied from a PDF comes. */
static const char wrapped[] = "二、发展目标\n"
                              "到2025年，全县每千名老年人拥有养老床位\n"
                              "数达到35张以上，护理型床位占比不低于五成\n"
                              "，城镇新增就业一万二千人，城镇调查失业率控\n"
                              "制在百分之五点五以内，基本养老保险参保率达\n"
                              "到百分之九十五，每千人口执业医师数达到三人\n"
                              "，建成标准化村卫生室一百二十个。\n"
                              "（一）加快建设县级养老服务指导中心。\n";
static const char unwrapped[] = "二、发展目标\n"
                                "到2025年，全县每千名老年人拥有养老床位数达到35张以上，护理型床位"
                                "占比不低于五成，城镇新增就业一万二千人，城镇调查失业率控制在百分之"
                                "五点五以内，基本养老保险参保率达到百分之九十五，每千人口执业医师数"
                                "达到三人，建成标准化村卫生室一百二十个。\n"
                                "（一）加快建设县级养老服务指导中心。\n";

static void test_a_figure_alone_on_its_line_rejoins_its_sentence(void **state)
{
    (void)state;
    assert_stage(zhx_layout, "孕产妇系统管理率达到\n92\n%以上，人均预期寿命达\n79.5\n岁。\n",
                 "孕产妇系统管理率达到92%以上，人均预期寿命达79.5岁。\n");
    /* a page number between a heading and its text is no figure of the sentence */
    assert_stage(zhx_layout, "二、主要任务\n2\n加强基层能力建设\n",
                 "二、主要任务\n2\n加强基层能力建设\n");
}

static void test_one_phrase_a_line_joins_the_way_its_figures_read(void **state)
{
    /* a post's emphasis brackets around a figure go, and the figure joins its label */
    assert_stage(
        zhx_layout,
        "地区生产总值\n【286.4亿元】\n同比增长「6.8%」\n新增市场主体【1.26万】户，见【1】\n",
        "地区生产总值286.4亿元，同比增长6.8%\n新增市场主体1.26万户，见【1】\n");
    (void)state;
    /* labels before their figures: each label and its verb join the figure under them */
    assert_stage(zhx_layout, "截至2024年底\n全市养老机构\n168家\n护理型床位占比\n达到\n60% 以上\n",
                 "截至2024年底全市养老机构168家\n护理型床位占比达到60%以上\n");
    /* figures before their labels (a figure alone right after a sentence's end): a label is
     * never joined to the figure under it, which is the next card's; each card becomes its
     * label, a colon and its figure, its unit line after the figure */
    assert_stage(zhx_layout,
                 "看病更方便了。\n186.4万\n人次\n全县医疗机构总诊疗\n98.5%\n疫苗接种率\n",
                 "看病更方便了。\n全县医疗机构总诊疗：186.4万人次\n疫苗接种率：98.5%\n");
    /* the first card after a blank line, in a text that does not otherwise set figures first */
    assert_stage(zhx_layout, "年度核心数据\n\n12,860\n城镇新增就业（人）\n",
                 "年度核心数据\n\n城镇新增就业：12,860人\n");
}

static void test_a_full_stop_before_a_percentage_is_a_decimal_point(void **state)
{
    (void)state;
    assert_stage(zhx_layout, "婴儿死亡率控制在4。5‰以下，占比达25。4%。\n",
                 "婴儿死亡率控制在4.5‰以下，占比达25.4%。\n");
    assert_stage(zhx_layout, "全年完成投资25亿元。2023年计划投资30亿元。\n",
                 "全年完成投资25亿元。2023年计划投资30亿元。\n");
    /* and before an amount in 亿; a Chinese comma between a number's thousands is a separator,
     * not one between a year and a count */
    assert_stage(zhx_layout, "收入21。6亿元，新登记经营主体4，326户，零售额1，568，423万元。\n",
                 "收入21.6亿元，新登记经营主体4,326户，零售额1,568,423万元。\n");
    assert_stage(zhx_layout, "到2025，100所学校达标，分别为2，3，4个。\n",
                 "到2025，100所学校达标，分别为2，3，4个。\n");
}

/* A box drawn in ASCII around a plan's 专栏: its rules and sides go, a line the box wrapped is
 * joined to the next, an item (◇) keeps its line, and a table inside it keeps its own bars. */
static void test_an_ascii_box_is_taken_apart(void **state)
{
    (void)state;
    assert_stage(zhx_layout,
                 "前文。\n+----------------+\n| 专栏2\t重点工程\t|\n| "
                 "◇扩建工程：新增日供水能力5万吨，配套建设 |\n"
                 "| 深度处理工艺。 |\n| ◇改造入户水表2.3万只。 |\n| +------+------+ |\n"
                 "| | 指标\t| 2028年 | |\n| +------+------+ |\n+----------------+\n后文\n",
                 "前文。\n专栏2\t重点工程\n◇扩建工程：新增日供水能力5万吨，配套建设深度处理工艺。\n"
                 "◇改造入户水表2.3万只。\n| 指标\t| 2028年 |\n后文\n");
}

static void test_a_wrapped_paragraph_is_joined(void **state)
{
    (void)state;
    assert_stage(zhx_layout, wrapped, unwrapped);
}

/* Lines of many widths, as a page's paragraphs are, have no wrap width: a line that ends
 * without punctuation stays a line. */
static void test_unwrapped_text_keeps_its_lines(void **state)
{
    (void)state;
    const char *text = "关于印发某县卫生健康工作要点的通知\n"
                       "各乡镇人民政府，县直各有关单位\n"
                       "现将某县卫生健康工作要点印发给你们，请结合实际认真贯彻落实。\n"
                       "某县卫生健康局\n"
                       "全县卫生健康工作要坚持以人民健康为中心，坚持新时代卫生与健康工作方针，"
                       "持续深化医药卫生体制改革\n"
                       "全面完成年度目标任务\n"
                       "2023年全县卫生健康工作要点\n";
    assert_stage(zhx_layout, text, text);
}

/* A page read back by OCR: letters for digits, blanks between characters and around numbers;
 * a table row's cells and a blank between two words stay apart. */
static void test_ocr_damage_is_undone(void **state)
{
    (void)state;
    assert_stage(zhx_layout, "到 2O25 年，覆 盖 率达到 l00%，新建户厕32O户。\n",
                 "到2025年，覆盖率达到100%，新建户厕320户。\n");
    assert_stage(zhx_layout, "第一章 发展基础\n人均预期寿命 岁 77.9 78.9 预期性\nH2O含量\n",
                 "第一章 发展基础\n人均预期寿命 岁 77.9 78.9 预期性\nH2O含量\n");
}

static void test_joined_text_maps_back_to_its_lines(void **state)
{
    (void)state;
    const char *input = "全市人均预期寿命达\n79.5\n岁。\n";
    stage_run r = run_stage(zhx_layout, input);
    assert_int_equal(r.status, ZHX_OK);
    assert_maps_to(&r, input, "79.5岁", "\n79.5\n岁");
    assert_maps_to(&r, input, "寿命达", "寿命达");
    stage_run_free(&r);
}

/* Breaks and blanks inside a sentence that a page's markup left: a blank before a figure or
 * between a number and its unit, a line break after the verb that introduces a figure or in
 * the middle of a paragraph's sentence; a label line and a heading stay apart. */
static void test_breaks_and_blanks_inside_sentences(void **state)
{
    (void)state;
    assert_stage(zhx_layout, "实施农村公路提质改造 420公里，事故起数控制在3 起以内。\n",
                 "实施农村公路提质改造420公里，事故起数控制在3起以内。\n");
    assert_stage(zhx_layout, "全县道路运输事故死亡人数较2024年下降\n10%以上。\n",
                 "全县道路运输事故死亡人数较2024年下降10%以上。\n");
    assert_stage(zhx_layout,
                 "我市养老服务体系建设取得积极成效，城市社区养老服务设施实现全覆盖，农村互助养老\n"
                 "服务点覆盖率为76.5%。\n",
                 "我市养老服务体系建设取得积极成效，城市社区养老服务设施实现全覆盖，农村互助养老"
                 "服务点覆盖率为76.5%。\n");
    assert_stage(
        zhx_layout,
        "（一）工作基础。截至2024年底，全省每千人口拥有3岁以下婴幼儿托位数\n3.6个，占比为52.3%。\n",
        "（一）工作基础。截至2024年底，全省每千人口拥有3岁以下婴幼儿托位数3.6个，占比为52.3%。\n");
    assert_stage(zhx_layout, "乙方：柳湾村民委员会\n为深入贯彻落实安全生产法，坚持人民至上。\n",
                 "乙方：柳湾村民委员会\n为深入贯彻落实安全生产法，坚持人民至上。\n");
    assert_stage(zhx_layout, "各股室要对照目标任务，细化分解到月\n三、工作措施，\n",
                 "各股室要对照目标任务，细化分解到月\n三、工作措施，\n");
}

/* A table scraped one cell a line comes back a row a line, its cells apart by tabs: the rows
 * counted 1, 2, 3 every as many lines as a row has cells, and the head row before them. */
static void test_a_table_of_one_cell_a_line_is_rejoined(void **state)
{
    (void)state;
    assert_stage(zhx_layout,
                 "重点指标\n序号\n指标名称\n单位\n2024年目标\n1\n婴儿死亡率\n‰\n≤4.5\n"
                 "2\n居民健康素养水平\n%\n≥31\n三、工作措施\n",
                 "重点指标\n序号\t指标名称\t单位\t2024年目标\n1\t婴儿死亡率\t‰\t≤4.5\n"
                 "2\t居民健康素养水平\t%\t≥31\n三、工作措施\n");
    /* docx2txt writes a blank line after every cell; a row's last cell may be one the head
     * row has no head for (a mark of its status), and a table's caption is no head cell */
    assert_stage(zhx_layout,
                 "表1 推进情况\n\n序号\n\n目标任务\n\n年度目标\n\n1\n\n城镇新增就业\n\n3200人\n\n"
                 "☑正常\n\n2\n\n改造农村户厕\n\n2500户\n\n☐正常\n\n二、存在问题\n",
                 "表1 推进情况\n\n序号\t目标任务\t年度目标\n\n1\t城镇新增就业\t3200人\t☑正常\n\n"
                 "2\t改造农村户厕\t2500户\t☐正常\n\n二、存在问题\n");
    /* a count that does not go on at the same period, or one row alone, is no table */
    assert_stage(zhx_layout, "1\n加强领导\n明确责任\n3\n落实经费\n",
                 "1\n加强领导\n明确责任\n3\n落实经费\n");
    assert_stage(zhx_layout, "指标\n单位\n目标\n1\n婴儿死亡率\n‰\n二、主要任务\n",
                 "指标\n单位\n目标\n1\n婴儿死亡率\n‰\n二、主要任务\n");
    /* a line with a sentence in it is no cell */
    assert_stage(zhx_layout, "1\n到2025年，全县婴儿死亡率控制在4.5‰以下。\n甲\n2\n乙\n丙\n",
                 "1\n到2025年，全县婴儿死亡率控制在4.5‰以下。\n甲\n2\n乙\n丙\n");
}

/* Damage that shows in the whole text, undone only where a guard finds it: an editor's
 * spacing between Chinese and digits, a PDF's bold printed twice, a transcript without
 * punctuation; a text without the sign keeps such characters as they are. */
static void test_whole_text_damage_is_undone_where_its_sign_is(void **state)
{
    (void)state;
    assert_stage(zhx_layout,
                 "全年新建 5G 基站 2,350 个，规上工业企业总数达到 1 286 家，增长 7.2 %。\n",
                 "全年新建5G基站2,350个，规上工业企业总数达到1286家，增长7.2%。\n");
    assert_stage(zhx_layout, "人均预期寿命 岁 77.9 78.9 预期性\n",
                 "人均预期寿命 岁 77.9 78.9 预期性\n");
    assert_stage(zhx_layout,
                 "二二、、主主要要目目标标\n到到22002266年年，，全全区区城城镇镇新新增增就就业业11."
                 ".22万万人人。\n",
                 "二、主要目标\n到2026年，全区城镇新增就业1.2万人。\n");
    assert_stage(zhx_layout, "大家高高兴兴、明明白白，主主要要目目标标任任务务。。\n",
                 "大家高高兴兴、明明白白，主要目标任务。\n");
    assert_stage(zhx_layout, "大家高高兴兴、明明白白。\n", "大家高高兴兴、明明白白。\n");
    /* junk a page hid between characters to spoil copying, where it is thick; a unit in Latin
     * letters stays, and so does a word in a text without such junk */
    assert_stage(
        zhx_layout,
        "全UdMP年城镇新kq3增就业1.2万人，粮食总产量达到31.5万tijy吨，由县财政局负5CJst责，"
        "年发电量3.6亿kWh的。\n",
        "全年城镇新增就业1.2万人，粮食总产量达到31.5万吨，由县财政局负责，年发电量3.6亿kWh的。\n");
    assert_stage(zhx_layout, "土壤pH值稳定，下载WinRAR软件解压。\n",
                 "土壤pH值稳定，下载WinRAR软件解压。\n");
    char transcript[2048] = "县长讲话 语音转写\n";
    while (strlen(transcript) < 1200)
        strcat(transcript, "主要任务是 总结去年工作 城镇新增就业 一点二万人 嗯 完成户厕改造\n");
    stage_run r = run_stage(zhx_layout, transcript);
    char *got = strndup(r.s, r.len);
    assert_non_null(strstr(got, "主要任务是，总结去年工作，城镇新增就业一点二万人，完成户厕改造"));
    assert_memory_equal(got, "县长讲话 语音转写\n", strlen("县长讲话 语音转写\n"));
    free(got);
    stage_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_figure_alone_on_its_line_rejoins_its_sentence),
        cmocka_unit_test(test_one_phrase_a_line_joins_the_way_its_figures_read),
        cmocka_unit_test(test_a_full_stop_before_a_percentage_is_a_decimal_point),
        cmocka_unit_test(test_a_wrapped_paragraph_is_joined),
        cmocka_unit_test(test_an_ascii_box_is_taken_apart),
        cmocka_unit_test(test_unwrapped_text_keeps_its_lines),
        cmocka_unit_test(test_ocr_damage_is_undone),
        cmocka_unit_test(test_a_table_of_one_cell_a_line_is_rejoined),
        cmocka_unit_test(test_breaks_and_blanks_inside_sentences),
        cmocka_unit_test(test_joined_text_maps_back_to_its_lines),
        cmocka_unit_test(test_whole_text_damage_is_undone_where_its_sign_is),
    };
    return run_group(tests);
}
