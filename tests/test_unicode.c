/* unicode: exactly the listed folds, and numbers never damaged. */
#include "stage.h"

static void test_controls_and_invisible_characters_go(void **state)
{
    (void)state;
    /* NUL, other C0 and C1 controls, zero-width space and joiners, BOM, soft hyphen, bidi marks */
    static const char in[] = "卫\0生\x01健\x7F康\xC2\x85";
    stage_run r = run_stage_with(zhx_unicode, NULL, in, sizeof in - 1);
    assert_int_equal(r.len, strlen("卫生健康\n"));
    assert_memory_equal(r.s, "卫生健康\n", r.len);
    stage_run_free(&r);
    assert_stage(zhx_unicode, "卫\u200B生\u200C健\u200D康\uFEFF工\u00AD作\u200E要\u2060点",
                 "卫生健康工作要点");
}

static void test_white_space(void **state)
{
    (void)state;
    assert_stage(zhx_unicode, "一\r\n二\r三\n", "一\n二\n三\n");
    assert_stage(zhx_unicode, "a  b\u00A0c\u3000d\u2003e", "a b c d e");
    /* a run that holds a tab is a tab for each: they part the cells of a flattened table */
    assert_stage(zhx_unicode, "指标 \t 单位\t\t2020年\t\u3000目标值",
                 "指标\t单位\t\t2020年\t目标值");
    /* so do runs of two blanks or more, when a line holds two of them or more: a table copied
     * from a page or a PDF; a single wide gap in a line is a space */
    assert_stage(zhx_unicode, "1  用水总量（亿立方米）\u00A0\u00A012.5  ≤13.2 约束性\n县长  张三\n",
                 "1\t用水总量（亿立方米）\t12.5\t≤13.2 约束性\n县长 张三\n");
    assert_stage(zhx_unicode, "a  b\u3000\u3000c", "a\tb\tc");
    /* each tab of a run of tabs is a cell break (empty cells stay cells), and the tabs that
     * open a row of cells stay (its first cells empty, merged with the row above); a tab
     * indenting a line of prose goes */
    assert_stage(zhx_unicode, "合计\t\t32,000\t3100\n\t2\t人均\t10.6\n\t一、总体要求\n",
                 "合计\t\t32,000\t3100\n\t2\t人均\t10.6\n一、总体要求\n");
    /* in a row whose cells tabs part, a run of blanks is inside a cell (指  标) */
    assert_stage(zhx_unicode, "类别\t指\u00A0\u00A0标\t单位\t2025年  目标\n",
                 "类别\t指 标\t单位\t2025年 目标\n");
    /* white space at the start of the text, and at the start and end of lines, goes */
    assert_stage(zhx_unicode, "\n\n  标题  \n      答:可以。 \n", "标题\n答：可以。\n");
    /* at most one empty line */
    assert_stage(zhx_unicode, "一\n\n\n\n二\n \n\t\n三\n\n\n", "一\n\n二\n\n三\n");
    assert_stage(zhx_unicode, "一\f二\u2028三", "一\n二\n三");
    assert_stage(zhx_unicode, "一 \u200B 二", "一 二");
}

static void test_full_width_forms_become_ascii(void **state)
{
    (void)state;
    assert_stage(zhx_unicode, "ＡＢＣａｂｃ１２３％＋－＝／＠＃", "ABCabc123%+-=/@#");
    assert_stage(zhx_unicode, "覆盖率达９５．５％以上，１０～２０所", "覆盖率达95.5%以上，10~20所");
    /* the marks Chinese writes full-width stay full-width */
    assert_stage(zhx_unicode, "（一）目标：达到９５％；完成！是否？",
                 "（一）目标：达到95%；完成！是否？");
}

static void test_marks_between_han_become_full_width(void **state)
{
    (void)state;
    assert_stage(zhx_unicode, "县政府战略部署,加快构建;特制定:方案!好",
                 "县政府战略部署，加快构建；特制定：方案！好");
    assert_stage(zhx_unicode, "“应检尽检”,切实做到", "“应检尽检”，切实做到");
    /* not between Han characters: `、` and digits are not Han */
    const char *same[] = {"医护比提高到1:1.5", "时间:2022-04-23", "原则:1、坚持", "、,、", "a,b",
                          "达到95%,以上",      "Hello, world"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        assert_stage(zhx_unicode, same[i], same[i]);
}

static void test_parentheses_fold_in_pairs(void **state)
{
    (void)state;
    assert_stage(zhx_unicode, "(一)以核酸检测为重点", "（一）以核酸检测为重点");
    assert_stage(zhx_unicode, "乡镇卫生院(社区卫生服务中心)结合",
                 "乡镇卫生院（社区卫生服务中心）结合");
    assert_stage(zhx_unicode, "其他商业用途(如 [转卖]进行间接盈利)。",
                 "其他商业用途（如 [转卖]进行间接盈利）。");
    assert_stage(zhx_unicode, "为准(内容中显示的页数不一定正确),网站",
                 "为准（内容中显示的页数不一定正确），网站");
    const char *same[] = {"相关分组(DRG)收付费改革", "远程影像(DR)系统", "方案(2021年)工作",
                          "达到(1)", "(a)选项"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        assert_stage(zhx_unicode, same[i], same[i]);
}

static void test_listed_folds(void **state)
{
    (void)state;
    assert_stage(zhx_unicode, "建设现代化综合新城〞的要求,〝持久战〞",
                 "建设现代化综合新城”的要求，“持久战”");
    assert_stage(zhx_unicode, "培育20〜25家", "培育20~25家"); /* the wave dash a range's tilde */
}

static void test_numbers_and_symbols_survive(void **state)
{
    (void)state;
    const char *same[] = {"①2023年", "10³",  "国发〔2023〕5号", "10~20", "句号。",
                          "6‰以下",  "≥65%", "15/10万",         "Ⅲ级",   "㎡",
                          "℃"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        assert_stage(zhx_unicode, same[i], same[i]);
}

static void test_punct_keep_leaves_punctuation(void **state)
{
    (void)state;
    zhx_options o = test_options();
    o.punct = ZHX_PUNCT_KEEP;
    const char *in = "部署,加快〝新城〞(一)以核酸％ＡＢＣ１２";
    stage_run r = run_stage_with(zhx_unicode, &o, in, strlen(in));
    assert_string_equal(r.s, "部署,加快〝新城〞(一)以核酸％ABC12");
    stage_run_free(&r);
}

/* Kangxi radicals, and the radicals of the supplement that look like a whole character, that
 * a PDF's font put for the ideographs they look like become those; a radical that is only part
 * of a character stays. */
static void test_radicals_become_ideographs(void **state)
{
    (void)state;
    assert_stage(zhx_unicode, "全省每千⼈⼝拥有托位数，“⼀老⼀小”",
                 "全省每千人口拥有托位数，“一老一小”");
    assert_stage(zhx_unicode, "城镇居⺠收入增⻓5.1%，更新公交⻋辆，偏旁⺡",
                 "城镇居民收入增长5.1%，更新公交车辆，偏旁⺡");
}

/* CJK compatibility ideographs that a PDF's font put for the unified ones they decompose to
 * become those (率 U+F9DF is 履, 不 U+F967 is 不, 年 U+F98E is 年); 﨎 U+FA0E, a unified
 * ideograph of that block, has no decomposition and stays. */
static void test_compatibility_ideographs_become_unified(void **state)
{
    (void)state;
    assert_stage(zhx_unicode, "\uF967低于95%，到2028\uF98E，\uF9DF职，\uFA0E",
                 "不低于95%，到2028年，履职，\uFA0E");
}

/* A table pasted as CSV: the commas outside quotes of lines that hold as many of them as the
 * line before or after become tabs, so its rows read as rows of cells; a comma inside quotes,
 * and those of running text, stay. */
static void test_csv_commas_part_cells(void **state)
{
    (void)state;
    assert_stage(
        zhx_unicode,
        "序号,指标名称,单位,2027年目标\n1,农村自来水普及率,%,≥97\n2,新建管网,公里,\"1,200\"\n"
        "全县共有水厂3座,管网1,200公里。\n",
        "序号\t指标名称\t单位\t2027年目标\n1\t农村自来水普及率\t%\t≥97\n"
        "2\t新建管网\t公里\t\"1,200\"\n全县共有水厂3座，管网1,200公里。\n");
    assert_stage(zhx_unicode, "指标,单位,目标\n二、主要任务\n", "指标，单位，目标\n二、主要任务\n");
    assert_stage(zhx_unicode,
                 "（一）推动智慧医疗,据点增加至120处,涵盖乡镇。\n（二）落实长期照顾,涵盖率达到70%,"
                 "服务人数成长10%。\n",
                 "（一）推动智慧医疗，据点增加至120处，涵盖乡镇。\n（二）落实长期照顾，涵盖率达到70"
                 "%,服务人数成长10%。\n");
    /* rows whose cells tabs part already: their commas part thousands */
    assert_stage(zhx_unicode, "税收收入\t58,310.45\t(1,264.08)\n非税收入\t28,141.92\t4,391.98\n",
                 "税收收入\t58,310.45\t(1,264.08)\n非税收入\t28,141.92\t4,391.98\n");
}

/* A CSV record whose quoted cell holds a line break is one row: its commas after the break
 * part cells too. */
static void test_csv_record_over_lines(void **state)
{
    (void)state;
    assert_stage(
        zhx_unicode,
        "序号,指标名称,单位,目标\n1,新增就业,人,300\n2,\"劳动人事争议仲裁\n结案率\",%,≥93\n",
        "序号\t指标名称\t单位\t目标\n1\t新增就业\t人\t300\n2\t\"劳动人事争议仲裁\n结案率\""
        "\t%\t≥93\n");
}

/* A full-width comma between full-width digits parts thousands (１５，８６０元) and becomes a
 * comma of the number; one before other than three digits, or between half-width digits, stays
 * a comma of the text. */
static void test_wide_thousands(void **state)
{
    (void)state;
    assert_stage(zhx_unicode, "收入达到１５，８６０元，监测对象１８，６０３户",
                 "收入达到15,860元，监测对象18,603户");
    assert_stage(zhx_unicode, "分别为１２，３４５６户", "分别为12，3456户");
    assert_stage(zhx_unicode, "建成5，300个", "建成5，300个");
}

/* A thin or no-break space that a typesetter put between the thousands of a number (U+2009,
 * U+202F, U+00A0, U+2007) becomes a comma of the number; one with other than three digits after
 * it, one in the decimals, and an ordinary space between two numbers stay blanks. */
static void test_thin_thousands(void **state)
{
    (void)state;
    assert_stage(zhx_unicode, "总值12\u2009345.6亿元，3\u202F862\u202F000户，4\u00A0500家",
                 "总值12,345.6亿元，3,862,000户，4,500家");
    assert_stage(zhx_unicode, "占80\u00A0%，500\u2009家，3.141\u2009592，2025 123，1234\u2009567",
                 "占80 %，500 家，3.141 592，2025 123，1234 567");
    /* Hong Kong's ordinary space between thousands, in a number before a Han character */
    assert_stage(zhx_unicode, "落成量为30 800个单位，共12 345 678元，表中 2025 123，10 600\n",
                 "落成量为30,800个单位，共12,345,678元，表中 2025 123，10 600\n");
}

/* A line a PDF tool letter-spaced (全 市 新 增 就 业 1 . 2 万 人) is closed up, and the end of
 * its paragraph on the next line; prose with words apart, and rows of cells, keep their blanks. */
static void test_letter_spacing_is_closed_up(void **state)
{
    (void)state;
    assert_stage(
        zhx_unicode,
        "全 市 城 镇 新 增 就 业 1 . 2 万 人 以 上 ， 城 镇 调 查 失 业 率\n"
        "控 制 在 5 . 5 % 以 内 。\n牵头单位：市人社局\n",
        "全市城镇新增就业1.2万人以上，城镇调查失业率\n控制在5.5%以内。\n牵头单位：市人社局\n");
    assert_stage(zhx_unicode, "| | 地表水劣Ⅴ类水体比例 | % | 0 | 0 | 约束性 |\n",
                 "| | 地表水劣Ⅴ类水体比例 | % | 0 | 0 | 约束性 |\n");
    assert_stage(zhx_unicode, "PM 2.5 年 均 浓 度\n", "PM 2.5 年 均 浓 度\n");
    assert_stage(zhx_unicode, " 政 坛 源", "政 坛 源"); /* blanks at the text's start (fuzz find) */
}

/* A table aligned with ideographic spaces: a head word spread to its column's width closes up
 * (科　　　　目), one ideographic space between two cells of a row parts them (款次　科目), and
 * a row under a row of cells that opens with blanks opens with an empty cell (the total's
 * row, 款次 left blank); an indented paragraph, and a lone character in prose, stay as they
 * were. */
static void test_table_aligned_with_blanks(void **state)
{
    (void)state;
    assert_stage(zhx_unicode,
                 "款次\u3000科\u3000\u3000\u3000\u3000目\u3000\u3000\u3000\u3000115年度预算数\n"
                 "4\u3000\u3000其他收入\u3000\u3000\u3000\u30001,143,200\n"
                 "\u3000\u3000\u3000岁入合计\u3000\u3000\u3000\u300038,524,600\n"
                 "\u3000\u3000另查决算岁入实收数36,812,450仟元。\n",
                 "款次\t科目\t115年度预算数\n4\t其他收入\t1,143,200\n\t岁入合计\t38,524,600\n"
                 "另查决算岁入实收数36,812,450仟元。\n");
    assert_stage(zhx_unicode, "县长\u3000张\u3000\u3000三\n", "县长 张 三\n");
    /* a head printed on two lines by a fixed-width report: the second opens with an empty
     * cell under the first's letter-spaced 指  标 */
    assert_stage(zhx_unicode,
                 "指  标          1-10月      同比增长\n                累计        （%）\n",
                 "指标\t1-10月\t同比增长\n\t累计\t（%）\n");
    /* bars part the cells of a table antiword draws: the blanks that pad a cell to its bar
     * are no cell break of their own */
    assert_stage(zhx_unicode,
                 "|指标名称      |单位    |2025年完成|\n|用水总量      |亿立方米|1.62      |\n",
                 "|指标名称 |单位 |2025年完成|\n|用水总量 |亿立方米|1.62 |\n");
}

/* A wrapped text with a blank line after every line (Apache Tika writes a PDF so) is single-
 * spaced: its blank lines part nothing, and two of them in a row part paragraphs. Text of one
 * paragraph a line with blank lines between them (no wrap width) keeps its blank lines. */
static void test_double_spacing_is_taken_out(void **state)
{
    (void)state;
    const char *wrapped = "全县地区生产总值完成186.4亿元，增长5.8%；一般公共预算收入完成12.\n\n";
    zhx_buf in = ZHX_BUF_INIT, want = ZHX_BUF_INIT;
    for (int i = 0; i < 10; i++) {
        zhx_buf_addstr(&in, wrapped);
        zhx_buf_addstr(&want, "全县地区生产总值完成186.4亿元，增长5.8%；一般公共预算收入完成12.\n");
    }
    zhx_buf_addstr(&in, "\n第 3 页 共 12 页\n\n\n二、主要目标\n\n");
    zhx_buf_addstr(&want, "\n第 3 页 共 12 页\n\n二、主要目标\n");
    assert_stage(zhx_unicode, in.s, want.s);
    zhx_buf_setlen(&in, 0);
    for (int i = 1; i <= 10; i++) { /* paragraphs of 10 to 100 characters */
        for (int k = 0; k < i; k++)
            zhx_buf_addstr(&in, "全面推进健康县城建设");
        zhx_buf_addstr(&in, "。\n\n");
    }
    zhx_buf_setlen(&in, in.len - 2); /* the text's end keeps one line break at most */
    assert_stage(zhx_unicode, in.s, in.s);
    zhx_buf_free(&in);
    zhx_buf_free(&want);
}

/* A superscript digit after a character or a mark is a note's mark and goes; after a letter or
 * a digit it is a power and stays. */
static void test_note_marks_go(void **state)
{
    (void)state;
    assert_stage(zhx_unicode, "数字经济规模¹达到1.86万亿元，占比13%²，面积10³平方米，共5000m²。",
                 "数字经济规模达到1.86万亿元，占比13%，面积10³平方米，共5000m²。");
}

static void test_folds_map_one_to_one(void **state)
{
    (void)state;
    const char *in = "部署,加快ＡＢ\u200B完成";
    stage_run r = run_stage(zhx_unicode, in);
    assert_maps_to(&r, in, "，", ",");
    assert_maps_to(&r, in, "B", "Ｂ");
    assert_maps_to(&r, in, "完成", "完成");
    assert_maps_to(&r, in, "B完", "Ｂ\u200B完");
    stage_run_free(&r);
}

static void test_clean_text_is_left_alone(void **state)
{
    (void)state;
    stage_run r =
        run_stage(zhx_unicode, "婴儿死亡率控制在6‰以下，孕产妇死亡率控制在15/10万以下。\n");
    assert_false(r.out.changed);
    assert_null(r.out.s);
    stage_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_controls_and_invisible_characters_go),
        cmocka_unit_test(test_white_space),
        cmocka_unit_test(test_full_width_forms_become_ascii),
        cmocka_unit_test(test_marks_between_han_become_full_width),
        cmocka_unit_test(test_parentheses_fold_in_pairs),
        cmocka_unit_test(test_listed_folds),
        cmocka_unit_test(test_numbers_and_symbols_survive),
        cmocka_unit_test(test_punct_keep_leaves_punctuation),
        cmocka_unit_test(test_csv_commas_part_cells),
        cmocka_unit_test(test_csv_record_over_lines),
        cmocka_unit_test(test_wide_thousands),
        cmocka_unit_test(test_thin_thousands),
        cmocka_unit_test(test_letter_spacing_is_closed_up),
        cmocka_unit_test(test_double_spacing_is_taken_out),
        cmocka_unit_test(test_table_aligned_with_blanks),
        cmocka_unit_test(test_note_marks_go),
        cmocka_unit_test(test_radicals_become_ideographs),
        cmocka_unit_test(test_compatibility_ideographs_become_unified),
        cmocka_unit_test(test_folds_map_one_to_one),
        cmocka_unit_test(test_clean_text_is_left_alone),
    };
    return run_group(tests);
}
