/* The boilerplate stage: family scoping, the guard, the one-pass `needs` prefilter, span and
 * block cuts, and the title line. */
#include "stage.h"

#include "../core/doc.h"
#include "../core/rules.h"

/* Normalizes `text` with `rules` and `explain` on; the caller frees the document. */
static zhx_doc *explained(const zhx_rules *rules, const char *text)
{
    zhx_options o = test_options();
    o.explain = true;
    o.convert = ZHX_CONVERT_NONE;
    zhx_doc *doc = run_doc(rules, &o, text, strlen(text), false);
    assert_null(zhx_doc_error(doc));
    return doc;
}

static bool cites(const zhx_doc *doc, const char *rule)
{
    for (size_t i = 0; i < doc->log.n; i++)
        if (strcmp(doc->log.v[i].rule, rule) == 0)
            return true;
    return false;
}

/* Every example of every site rule, on a page without the site's signature, is left alone:
 * one site's rules never cut another site's text. */
static void test_site_rules_never_fire_without_their_signature(void **state)
{
    (void)state;
    const zhx_rules *rules = shipped_rules();
    zhx_diag diag;
    zhx_options o = test_options();
    zhx_engine *e = zhx_engine_new(rules, &o, &diag);
    size_t n, checked = 0;
    const zhx_rule *const *bp = zhx_rules_of_kind(rules, "boilerplate", &n);
    for (size_t i = 0; i < n; i++) {
        if (bp[i]->family < 0)
            continue;
        const zhx_family *f = zhx_rules_family(rules, (size_t)bp[i]->family);
        for (size_t k = 0; k < bp[i]->nexamples; k++) {
            const zhx_example *x = &bp[i]->examples[k];
            if (x->reject || zhx_family_present(e->matcher, f, x->text, strlen(x->text)))
                continue;
            char text[1024];
            snprintf(text, sizeof text, "标题\n%s\n正文。\n", x->text);
            zhx_doc *doc = explained(rules, text);
            if (cites(doc, bp[i]->name))
                fail_msg("%s fired without the signature of %s on \"%s\"", bp[i]->name, f->name,
                         x->text);
            zhx_doc_free(doc);
            checked++;
        }
    }
    assert_true(checked >= 10);
    zhx_engine_free(e);
}

static void test_a_site_rule_fires_with_its_signature(void **state)
{
    (void)state;
    const char *page = "区卫生局工作计划方案\n"
                       "收藏 版权申诉 举报 下载\n"
                       "正文。\n";
    char *kept = normalized(NULL, page);
    assert_string_equal(kept, page); /* no 装配图网 on this page */
    free(kept);
    const char *signed_page = "区卫生局工作计划方案\n"
                              "收藏 版权申诉 举报 下载\n"
                              "正文。\n"
                              "装配图网仅提供信息存储空间。\n";
    assert_normalizes(signed_page, "区卫生局工作计划方案\n正文。\n");
}

static void test_document_site_fields_need_a_document_site(void **state)
{
    (void)state;
    /* a meeting notice's "时间:" line is text; on a preview page it is the upload date (the
     * unicode stage widens the colon between Han characters) */
    assert_normalizes("会议通知\n时间:2019-10-11\n地点:县卫生局\n",
                      "会议通知\n时间:2019-10-11\n地点：县卫生局\n");
    assert_normalizes("工作要点\n时间:2019-10-11\n资源描述:\n正文。\n", "工作要点\n正文。\n");
}

static void test_the_guard_keeps_target_figures_from_generic_rules(void **state)
{
    (void)state;
    const char *text = "工作方案\n"
                       "一、目标\n"
                       "展开阅读全文\n"
                       "二、到2025年，签约服务覆盖率达到75%以上。\n";
    zhx_doc *doc = explained(shipped_rules(), text);
    size_t len;
    assert_string_equal(zhx_doc_text(doc, &len), text);
    assert_true(doc_warned(doc, "boilerplate.generic.read-full-text left text in place"));
    zhx_doc_free(doc);
}

static void test_an_inline_notice_leaves_the_sentence_whole(void **state)
{
    (void)state;
    assert_normalizes("方案\n具体目标是:1、期望寿命达到77.5岁;2、---本文来源于网络,仅供参考,勿照抄,"
                      "如有侵权请联系删除---婴儿死亡率控制在6‰以下;\n",
                      "方案\n具体目标是:1、期望寿命达到77.5岁;2、婴儿死亡率控制在6‰以下;\n");
}

static void test_a_line_of_furniture_goes_whole(void **state)
{
    (void)state;
    assert_normalizes("通知\n【字体：大 中 小】 【打印本页】 【关闭窗口】\n各单位：\n",
                      "通知\n各单位：\n");
    /* furniture inside a line of text goes alone */
    assert_normalizes("通知\n各单位：【打印本页】\n", "通知\n各单位：\n");
}

/* The heading of a list of links names its lines as another page's headlines: they go with
 * it, figures and all, up to the first line that is no link; a bulleted line with no such
 * heading is text. */
static void test_a_list_of_links_goes_with_its_heading(void **state)
{
    (void)state;
    assert_normalizes("通知\n全县新建学校5所。\n分享到：\t微信\t微博\tQQ空间\n相关阅读\n"
                      "· 全市1—11月规上工业增加值增长7.8%\t2025-12-26\n"
                      "投资12亿元！第二水厂正式通水 2025-12-09\n\n主办：某县人民政府\n",
                      "通知\n全县新建学校5所。\n主办：某县人民政府\n");
    assert_normalizes("通知\n相关阅读\n全县新建学校5所，新增学位2000个。\n",
                      "通知\n全县新建学校5所，新增学位2000个。\n");
    assert_normalizes("通知\n· 全县新建学校5所\t2025-12-26\n",
                      "通知\n· 全县新建学校5所\t2025-12-26\n");
}

/* A table of contents goes with its heading (its entries come again as the body's headings);
 * text a revision struck through goes from the sentence it stood in. */
static void test_contents_and_struck_text_go(void **state)
{
    (void)state;
    assert_normalizes("专项规划\n目 录\n\n第一章 发展基础 1\n一、发展成效 1\n二、面临形势 2\n\n"
                      "第一章 发展基础\n一、发展成效\n养老床位5860张。\n",
                      "专项规划\n第一章 发展基础\n一、发展成效\n养老床位5860张。\n");
    assert_normalizes("通知\n污水治理率达到~~35%~~40%以上，户厕[删除]2000户[/删除]1800户。\n",
                      "通知\n污水治理率达到40%以上，户厕1800户。\n");
    /* a page's count of its views goes from its info line, which the title would otherwise be */
    assert_normalizes("浏览次数：1,342　　\n关于印发任务清单的通知\n新建公厕35座。\n",
                      "关于印发任务清单的通知\n新建公厕35座。\n");
    /* a number before every line, counting from 1 at the text's start, goes; a list numbered
     * so further down stays */
    assert_normalizes(
        "   1  实施方案\n   2  一、目标\n   3  农村卫生厕所普及率达到90%。\n   4\n"
        "   5  二、任务\n   6  新建公厕35座。\n",
        "实施方案\n一、目标\n农村卫生厕所普及率达到90%。\n二、任务\n新建公厕35座。\n");
    assert_normalizes(
        "实施方案\n1 加强领导\n2 明确责任\n3 强化督查\n4 严格考核\n5 营造氛围\n6 其他\n",
        "实施方案\n1 加强领导\n2 明确责任\n3 强化督查\n4 严格考核\n5 营造氛围\n6 其他\n");
}

/* A line beside two page numbers or more, the same each time, is a running head: it goes
 * with them; a line beside one page number only (二、目标, 附件) stays. */
static void test_a_running_head_goes_with_the_page_numbers(void **state)
{
    (void)state;
    assert_normalizes("方案\n第一段文字。\n— 1 —\n二、目标\n新建垃\n-2-\n柏政发(2024)7号\n"
                      "圾收集点24处。\n— 3 —\n柏政发(2024)7号\n附件\n",
                      "方案\n第一段文字。\n二、目标\n新建垃\n圾收集点24处。\n附件\n");
}

static void test_every_shipped_rule_has_a_prefilter(void **state)
{
    (void)state;
    const char *kinds[] = {"boilerplate", "repair"};
    for (size_t k = 0; k < 2; k++) {
        size_t n;
        const zhx_rule *const *r = zhx_rules_of_kind(shipped_rules(), kinds[k], &n);
        assert_true(n > 0);
        for (size_t i = 0; i < n; i++)
            if (r[i]->nneeds == 0)
                fail_msg("%s has no 'needs': it would be tried on every line", r[i]->name);
    }
}

static const char user_rules[] = "rule boilerplate.test.marked\n"
                                 "action drop-line\n"
                                 "needs  XYZ\n"
                                 "pattern ^abc\n"
                                 "\n"
                                 "rule boilerplate.test.header\n"
                                 "action drop-from-start\n"
                                 "needs  正文开始\n"
                                 "pattern ^正文开始$\n"
                                 "\n"
                                 "rule boilerplate.test.span\n"
                                 "action drop-span\n"
                                 "needs  [\n"
                                 "pattern \\[(?<drop>广告)\\]\n";

static void test_rules_run_only_where_their_literals_are(void **state)
{
    (void)state;
    zhx_diag diag;
    zhx_rules *rules = load_rules_text(user_rules, &diag);
    assert_non_null(rules);
    /* "abc" lines match the pattern, but only the one holding XYZ is tried */
    zhx_doc *doc = explained(rules, "题目\nabc\nabc XYZ\nxyz abc\nabc\n");
    size_t len;
    assert_string_equal(zhx_doc_text(doc, &len), "题目\nabc\nxyz abc\nabc\n");
    zhx_doc_free(doc);
    zhx_rules_free(rules);
}

static void test_drop_from_start_keeps_the_title(void **state)
{
    (void)state;
    zhx_diag diag;
    zhx_rules *rules = load_rules_text(user_rules, &diag);
    assert_non_null(rules);
    zhx_doc *doc = explained(rules, "\n年度工作要点\n站点导航\n登录 注册\n正文开始\n一、目标\n");
    size_t len;
    /* (the unicode stage has already dropped the blank line at the start) */
    assert_string_equal(zhx_doc_text(doc, &len), "年度工作要点\n一、目标\n");
    assert_string_equal(doc->title, "年度工作要点");
    zhx_doc_free(doc);
    /* a span rule cuts its `drop` group, not the whole match */
    doc = explained(rules, "题目\n正文[广告]继续。\n");
    assert_string_equal(zhx_doc_text(doc, &len), "题目\n正文[]继续。\n");
    zhx_doc_free(doc);
    zhx_rules_free(rules);
}

/* A pager between the pages of an article goes; where the page before stopped in the middle
 * of a sentence (a paragraph's line that no sentence-end rule closes), the sentence runs on
 * across it. A heading is short, and keeps its line; a page that closed its sentence keeps its
 * paragraph break. */
static void test_a_page_break_inside_a_sentence_is_rejoined(void **state)
{
    (void)state;
    zhx_doc *doc = explained(
        shipped_rules(), "标题\n健康和教育方面，到2030年，人均预期寿命达到80.5岁，劳动年龄人口平"
                         "均受教\n\n上一页 1 2 3 下一页\n\n育年限达到11.8年。\n\n上一页 1 2 3 "
                         "下一页\n\n【经济】总量再上新台阶\n上一页 1 2 3 下一页\n正文。\n");
    size_t len;
    assert_string_equal(zhx_doc_text(doc, &len),
                        "标题\n健康和教育方面，到2030年，人均预期寿命达到80.5岁，劳动年龄人口平均受"
                        "教育年限达到11.8年。\n\n【经济】总量再上新台阶\n正文。\n");
    assert_true(cites(doc, "boilerplate.generic.pagination"));
    zhx_doc_free(doc);
}

/* A subtitle file: its cue numbers, timings and style tags go, and so do the blank lines
 * between cues, each cue's text keeping a line of its own (which the layout stage joins where
 * a figure was cut). Without timing lines, numbers alone on a line stay. */
static void test_subtitle_cues_keep_a_line_each(void **state)
{
    (void)state;
    zhx_doc *doc =
        explained(shipped_rules(), "1\n00:00:01,000 --> 00:00:02,500\n{\\an8}发布会\n\n2\n"
                                   "00:00:02,500 --> 00:00:04,000\n主持人：大家好\n\n3\n"
                                   "00:00:04,000 --> 00:00:06,000\n欢迎出席\n");
    size_t len;
    assert_string_equal(zhx_doc_text(doc, &len), "发布会\n主持人：大家好\n欢迎出席\n");
    zhx_doc_free(doc);
    doc = explained(shipped_rules(), "标题\n12\n\n正文。\n");
    assert_string_equal(zhx_doc_text(doc, &len), "标题\n12\n\n正文。\n");
    zhx_doc_free(doc);
}

/* A group chat saved as text: the message heads go, a sentence that a long message stopped in
 * runs on into the next message, a short message keeps its line, and the group's replies go. */
static void test_a_chat_export_keeps_the_messages_text(void **state)
{
    (void)state;
    zhx_doc *doc = explained(
        shipped_rules(),
        "工作群\n\n2026-03-02 08:56:47 张建国（镇党政办）\n各位早上好，内容较长，分几条发\n\n"
        "2026-03-02 08:57:41 张建国（镇党政办）\n2026年全镇主要预期目标：地区生产总值增长6%左右；"
        "一般公共预算收入增长5%以上；粮食播种面积\n\n"
        "【群主】李敏 2026/3/2 8:58\n收到👍\n\n2026-03-02 08:58:35 王磊\n@张建国 收到\n\n"
        "2026-03-02 08:59:02 张建国（镇党政办）\n稳定在8.6万亩以上。\n\n"
        "2026-03-02 08:59:30 陈志强\n[强]\n");
    size_t len;
    assert_string_equal(
        zhx_doc_text(doc, &len),
        "工作群\n\n各位早上好，内容较长，分几条发\n\n2026年全镇主要预期目标：地区生产"
        "总值增长6%左右；一般公共预算收入增长5%以上；粮食播种面积稳定在8.6万亩以上。\n\n");
    assert_true(cites(doc, "boilerplate.chat.message-head"));
    zhx_doc_free(doc);
}

/* An answer on a question-and-answer site: the question stays as the title, the site's
 * buttons and counters go (a count alone on its line stays: it counts nothing), and so do the
 * comments and the related questions. */
static void test_a_qa_answer_keeps_the_answer(void **state)
{
    (void)state;
    zhx_doc *doc =
        explained(shipped_rules(), "如何看待某县2026年的目标？\n关注问题写回答\n被浏览\n12,345\n"
                                   "1.2 万人赞同了该回答\n先看报告原文：地区生产总值增长6%左右。\n"
                                   "编辑于 2026-02-18 10:21・IP 属地湖南\n赞同 1.2 万▲\n"
                                   "查看全部234条评论\n老表 说得对，房价跌了10%\n");
    size_t len;
    assert_string_equal(
        zhx_doc_text(doc, &len),
        "如何看待某县2026年的目标？\n12,345\n先看报告原文：地区生产总值增长6%左右。\n");
    zhx_doc_free(doc);
    /* a portal's buttons in brackets, on a line of their own */
    doc = explained(shipped_rules(), "标题\n字号：【大 中 小】 【打印】 【关闭】\n正文。\n");
    assert_string_equal(zhx_doc_text(doc, &len), "标题\n正文。\n");
    zhx_doc_free(doc);
}

/* The page's dateline gives the document its date, the first one only, and cuts nothing by
 * itself; an item the scraper took twice goes the second time; a mail thread keeps only its
 * innermost message, without the quote marks before its lines. */
static void test_date_repeats_and_mail(void **state)
{
    (void)state;
    zhx_doc *doc = explained(shipped_rules(), "工作动态\n发布日期：2025年11月3日\n正文。\n"
                                              "发布时间：2024-01-02 来源：本站\n");
    assert_string_equal(doc->date, "2025-11-03");
    zhx_doc_free(doc);
    doc = explained(shipped_rules(), "工作动态\n正文没有日期。\n");
    assert_string_equal(doc->date, "");
    zhx_doc_free(doc);
    /* a Taiwan portal's page dates itself in years of the Republic (114 is 2025); its
     * furniture goes, and the headline is the title */
    doc = explained(shipped_rules(), "跳到主要内容区块\n:::\n字级：小中大 | 友善列印\n回上一页\n"
                                     "长照量能再升级\n发布日期：114-11-20\n浏览人次：1,873\n"
                                     "正文。\n");
    size_t n;
    assert_string_equal(zhx_doc_text(doc, &n), "长照量能再升级\n正文。\n");
    assert_string_equal(doc->date, "2025-11-20");
    zhx_doc_free(doc);
    const char *brief =
        "【永宁县】农村人居环境整治提升见实效\n今年以来，新建改造农村户厕3420户。\n";
    char text[512];
    snprintf(text, sizeof text, "政务信息\n\n%s\n%s\n【云岗区】就业\n今年以来，新增就业1268人。\n",
             brief, brief);
    doc = explained(shipped_rules(), text);
    size_t len;
    snprintf(text, sizeof text, "政务信息\n\n%s\n【云岗区】就业\n今年以来，新增就业1268人。\n",
             brief);
    assert_string_equal(zhx_doc_text(doc, &len), text);
    zhx_doc_free(doc);
    doc = explained(
        shipped_rules(),
        "发件人: 甲 <a@b.cn>\n发送时间: 2026年2月12日 9:41\n主题: 转发: 通知\n\n请落实。\n\n"
        "> -----原始邮件-----\n> 发件人: 乙 <c@d.cn>\n> 发送时间: 2026年2月10日\n>\n"
        "> 关于印发工作要点的通知\n> 各科室：\n>> 　　现将工作要点印发给你们。\n");
    assert_string_equal(zhx_doc_text(doc, &len),
                        "关于印发工作要点的通知\n各科室：\n现将工作要点印发给你们。\n");
    assert_string_equal(doc->title, "关于印发工作要点的通知");
    zhx_doc_free(doc);
    /* the forwarder's disclaimer above the forwarded message ends the forwarder's text, not
     * the document: the message stays, and its own disclaimer goes */
    doc = explained(
        shipped_rules(),
        "转发：通知\n请落实。\n本邮件及其附件含有县应急局的保密信息，仅限收件人。\n"
        "-------- 转发的邮件 --------\n发件人: 乙 <c@d.cn>\n发送时间: 2026年4月10日\n"
        "关于报送目标完成情况的通知\n"
        "全年培训不少于1.2万人次。\n本邮件及其附件含有县安委办的保密信息，仅限收件人。\n");
    assert_string_equal(zhx_doc_text(doc, &len),
                        "转发：通知\n关于报送目标完成情况的通知\n全年培训不少于1.2万人次。\n");
    zhx_doc_free(doc);
}

/* A page saved with its print version under it: the copy goes, set with other line breaks and
 * indents as it is; a passage repeated too briefly to be a copy (a headline) stays. */
static void test_repeated_passages(void **state)
{
    (void)state;
    const char *body = "一、2025年工作回顾\n过去一年，全县地区生产总值完成246.8亿元，增长6.1%；"
                       "一般公共预算收入18.35亿元，增长4.7%。全年新增城镇就业6120人，县城空气质量"
                       "优良天数比率91.8%。\n二、重点工作\n（一）坚持项目为王。全年安排县级重点项目"
                       "128个，年度计划投资165亿元。\n";
    char text[2048];
    snprintf(text, sizeof text,
             "桐溪县政府工作报告\n%s\n打印版\n一、2025年工作回顾\n过去一年，全县地区生产总值完成"
             "246.8亿元，增长6.1%%；一般公共预算收入18.35亿元，\n增长4.7%%。全年新增城镇就业6120"
             "人，县城空气质量优良天数比率91.8%%。\n二、重点工作\n（一）坚持项目为王。\n全年安排县"
             "级重点项目128个，年度计划投资165亿元。\n",
             body);
    zhx_doc *doc = explained(shipped_rules(), text);
    size_t len;
    char want[2048];
    snprintf(want, sizeof want, "桐溪县政府工作报告\n%s\n打印版\n", body);
    assert_string_equal(zhx_doc_text(doc, &len), want);
    zhx_doc_free(doc);
    /* a passage that lost characters is not known to be a copy: what was lost may differ */
    snprintf(text, sizeof text, "报告\n%s\n%s", body, body);
    for (char *lost = text; (lost = strstr(lost, "6120")) != NULL;)
        memcpy(lost, "\xEF\xBF\xBD", 3); /* 612 lost, in both */
    doc = explained(shipped_rules(), text);
    assert_string_equal(zhx_doc_text(doc, &len), text);
    zhx_doc_free(doc);
    doc =
        explained(shipped_rules(), "全县新增城镇就业6120人\n今年，全县新增城镇就业6120人，同比增长"
                                   "3.2%。\n全县新增城镇就业6120人\n");
    assert_string_equal(zhx_doc_text(doc, &len),
                        "全县新增城镇就业6120人\n今年，全县新增城镇就业"
                        "6120人，同比增长3.2%。\n全县新增城镇就业6120人\n");
    zhx_doc_free(doc);
}

static void test_no_boilerplate_option(void **state)
{
    (void)state;
    zhx_options o = test_options();
    o.boilerplate = false;
    const char *text = "工作要点\n资源描述:\n正文。\n";
    char *kept = normalized(&o, text);
    assert_string_equal(kept, text);
    free(kept);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_site_rules_never_fire_without_their_signature),
        cmocka_unit_test(test_a_site_rule_fires_with_its_signature),
        cmocka_unit_test(test_document_site_fields_need_a_document_site),
        cmocka_unit_test(test_the_guard_keeps_target_figures_from_generic_rules),
        cmocka_unit_test(test_an_inline_notice_leaves_the_sentence_whole),
        cmocka_unit_test(test_a_line_of_furniture_goes_whole),
        cmocka_unit_test(test_a_list_of_links_goes_with_its_heading),
        cmocka_unit_test(test_a_running_head_goes_with_the_page_numbers),
        cmocka_unit_test(test_every_shipped_rule_has_a_prefilter),
        cmocka_unit_test(test_rules_run_only_where_their_literals_are),
        cmocka_unit_test(test_drop_from_start_keeps_the_title),
        cmocka_unit_test(test_a_page_break_inside_a_sentence_is_rejoined),
        cmocka_unit_test(test_subtitle_cues_keep_a_line_each),
        cmocka_unit_test(test_a_chat_export_keeps_the_messages_text),
        cmocka_unit_test(test_a_qa_answer_keeps_the_answer),
        cmocka_unit_test(test_date_repeats_and_mail),
        cmocka_unit_test(test_repeated_passages),
        cmocka_unit_test(test_contents_and_struck_text_go),
        cmocka_unit_test(test_no_boilerplate_option),
    };
    return run_group(tests);
}
