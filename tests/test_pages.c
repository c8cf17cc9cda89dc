/* pages: preview-page markers go and the text they cut runs on; lists written one item a
 * line stay, whichever way they are numbered. */
#include "stage.h"

/* Three preview pages of some hundred characters each, cut mid-word ("落实保障资" / "金"),
 * mid-number ("1." / "73亿元") and mid-entity ("&permil" / ";"). */
#define PAGE1                                                                                                                              \
    "全面深入学习贯彻党的十九大精神,坚持稳中求进工作总基调,全面推进健康战略,突出健康扶贫重大政" \
    "治任务,持续深化医药卫生体制改革,切实提升医疗服务质量,有效预防控制重大疾病,着力促进卫生"      \
    "健康融合发展。一、打好健康扶贫攻坚战(一)精准推动政策落实。制定方案,落实保障资"
#define PAGE2                                                                                                                           \
    "金,纳入一站式即时结算服务范围。从严控制贫困人口住院非合规费用占比,严禁全额报销医疗费用," \
    "杜绝过度医疗。完善大病救治机制,推动基层首诊,将肺癌、乳腺癌、宫颈癌、尘肺病、儿童肿瘤等"  \
    "病种纳入集中救治范围。全年争取中省医疗卫生项目7个,获得捐赠医疗设施设备价值1."
#define PAGE3                                                                                                                           \
    "73亿元,重点装备了全市乡镇(中心)卫生院和社区卫生服务中心。坚持政府主导与市场机制相结合,全" \
    "市新增民营医疗机构6家。全市孕产妇住院分娩率达99.96%,出生人口42602人,出生率为9.10&permil"
#define PAGE4                                                                                                                 \
    ";人口自然增长率为3.05‰,符合政策生育率达98.95%,严格控制在省定目标范围内;婴儿死亡率、" \
    "孕产妇死亡率和5岁以下儿童死亡率、传染病发病率均低于全省平均水平。"

static void test_preview_pages_are_joined(void **state)
{
    (void)state;
    const char *in = "标题\n\n1、" PAGE1 "\n\n2、" PAGE2 "\n\n3、" PAGE3 "\n4、" PAGE4 "\n";
    stage_run r = run_stage(zhx_pages, in);
    char *got = strndup(r.s, r.len);
    assert_string_equal(got, "标题\n\n" PAGE1 PAGE2 PAGE3 PAGE4 "\n");
    assert_non_null(strstr(got, "落实保障资金"));
    assert_non_null(strstr(got, "价值1.73亿元"));
    assert_non_null(strstr(got, "9.10&permil;人口"));
    assert_int_equal(r.doc->removed_page_markers, 4);
    /* the re-joined word maps back to the bytes on both sides of the seam */
    assert_maps_to(&r, in, "资金", "资\n\n2、金");
    assert_maps_to(&r, in, "73亿元", "73亿元");
    free(got);
    stage_run_free(&r);
}

static void test_short_items_that_end_sentences_are_a_list(void **state)
{
    (void)state;
    /* seed 000's footer: lines count up from 1 at line starts, but each is short and ends
     * its sentence; joining them would glue the footer onto the text before it */
    assert_stage(zhx_pages,
                 "大力加强人才培养和引进...\n\n"
                 "1、当您付费下载文档后,您只拥有了使用权限,并不意味着购买了版权,文档只能用于自身"
                 "使用,不得用于其他商业用途(如 [转卖]进行直接盈利或[编辑后售卖]进行间接盈利)。\n"
                 "2、本站不对文档的完整性、权威性及其观点立场正确性做任何保证或承诺!文档内容仅供"
                 "参考,付费前请自行鉴别。\n"
                 "3、如文档内容存在侵犯商业秘密、侵犯著作权等,请点击“举报”。\n\n"
                 "常见问题具体如下:\n\n1、问:已经付过费的文档可以多次下载吗?\n\n"
                 "      答:可以。登陆您已经付过费的账号,付过费的文档可以免费进行多次下载。\n\n"
                 "2、问:已经付过费的文档不知下载到什么地方去了?\n",
                 "大力加强人才培养和引进...\n\n"
                 "1、当您付费下载文档后,您只拥有了使用权限,并不意味着购买了版权,文档只能用于自身"
                 "使用,不得用于其他商业用途(如 [转卖]进行直接盈利或[编辑后售卖]进行间接盈利)。\n"
                 "2、本站不对文档的完整性、权威性及其观点立场正确性做任何保证或承诺!文档内容仅供"
                 "参考,付费前请自行鉴别。\n"
                 "3、如文档内容存在侵犯商业秘密、侵犯著作权等,请点击“举报”。\n\n"
                 "常见问题具体如下:\n\n1、问:已经付过费的文档可以多次下载吗?\n\n"
                 "      答:可以。登陆您已经付过费的账号,付过费的文档可以免费进行多次下载。\n\n"
                 "2、问:已经付过费的文档不知下载到什么地方去了?\n");
}

static void test_short_headings_are_a_list(void **state)
{
    (void)state;
    /* no sentence ends, but the items are far too short to be pages */
    const char *in = "1、指导思想\n2、基本原则\n3、主要目标\n4、保障措施\n";
    assert_stage(zhx_pages, in, in);
}

static void test_long_paragraphs_that_end_sentences_are_a_list(void **state)
{
    (void)state;
    const char *in = "1、" PAGE1 "。\n2、" PAGE2 "。\n3、" PAGE4 "\n";
    assert_stage(zhx_pages, in, in);
}

static void test_inline_list_items_are_not_markers(void **state)
{
    (void)state;
    /* seed 000: a list run into its paragraph; only line starts can be pages */
    const char *in =
        "在开展中着力把握好以下六个根本原则:1、坚持科学开展。把增强服务能力作为中心环节"
        "。2、坚持以人为本。以人人享有基本医疗卫生服务为根本出发点和落脚点。\n";
    assert_stage(zhx_pages, in, in);
}

static void test_a_list_inside_the_pages_stays(void **state)
{
    (void)state;
    /* a page holds a list written one item a line; its numbers interleave with the pages' */
    const char *in = "1、" PAGE1 "\n2、" PAGE2 "\n1、坚持科学发展。\n2、坚持以人为本。\n"
                     "3、坚持预防为主。\n" PAGE1 "\n3、" PAGE3 "\n";
    stage_run r = run_stage(zhx_pages, in);
    char *got = strndup(r.s, r.len);
    assert_string_equal(got, PAGE1 PAGE2 "\n1、坚持科学发展。\n2、坚持以人为本。\n"
                                         "3、坚持预防为主。\n" PAGE1 PAGE3 "\n");
    assert_int_equal(r.doc->removed_page_markers, 3);
    free(got);
    stage_run_free(&r);
}

static void test_a_run_must_start_at_one_and_count_by_one(void **state)
{
    (void)state;
    const char *gap = "1、" PAGE1 "\n3、" PAGE2 "\n";
    assert_stage(zhx_pages, gap, gap);
    const char *late = "2、" PAGE1 "\n3、" PAGE2 "\n";
    assert_stage(zhx_pages, late, late);
    const char *alone = "1、" PAGE1 "\n";
    assert_stage(zhx_pages, alone, alone);
}

static void test_most_seams_must_be_cuts(void **state)
{
    (void)state;
    /* one page of three happens to end a sentence: the run is still pages */
    const char *in = "1、" PAGE1 "\n2、" PAGE2 "。\n3、" PAGE3 "\n4、" PAGE4 "\n";
    stage_run r = run_stage(zhx_pages, in);
    assert_int_equal(r.doc->removed_page_markers, 4);
    stage_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_preview_pages_are_joined),
        cmocka_unit_test(test_short_items_that_end_sentences_are_a_list),
        cmocka_unit_test(test_short_headings_are_a_list),
        cmocka_unit_test(test_long_paragraphs_that_end_sentences_are_a_list),
        cmocka_unit_test(test_inline_list_items_are_not_markers),
        cmocka_unit_test(test_a_list_inside_the_pages_stays),
        cmocka_unit_test(test_a_run_must_start_at_one_and_count_by_one),
        cmocka_unit_test(test_most_seams_must_be_cuts),
    };
    return run_group(tests);
}
