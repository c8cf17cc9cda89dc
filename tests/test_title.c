/* The title stage: the record's title, the file extension cut from the text, and the title
 * printed twice kept once. */
#include "testing.h"

#include "../core/doc.h"

static zhx_doc *titled(const char *text)
{
    zhx_options o = test_options();
    return run_doc(shipped_rules(), &o, text, strlen(text), false);
}

static void assert_title(const char *text, const char *title, const char *normalized_text)
{
    zhx_doc *doc = titled(text);
    size_t len;
    assert_string_equal(zhx_doc_text(doc, &len), normalized_text);
    if (title)
        assert_string_equal(doc->title, title);
    else
        assert_null(doc->title);
    zhx_doc_free(doc);
}

static void test_first_line_with_text(void **state)
{
    (void)state;
    /* (the unicode stage has dropped the blank lines and the trailing blanks before) */
    assert_title("\n  \n县卫生健康工作要点  \n一、总体要求\n", "县卫生健康工作要点",
                 "县卫生健康工作要点\n一、总体要求\n");
    assert_title("", NULL, "");
    assert_title("\n\n", NULL, "");
}

/* A first line too long to be a title (a page scraped onto one line) stays whole in the text;
 * the title is its first 512 bytes, cut between characters, not the whole line. */
static void test_long_first_line_is_no_title(void **state)
{
    (void)state;
    char text[4096] = "";
    for (int i = 0; i < 100; i++)
        strcat(text, "坚持以人民为中心，");   /* 27 bytes a time */
    memcpy(text + strlen(text) - 3, "。", 3); /* a line that ends with a comma goes on */
    strcat(text, "\n正文。\n");
    zhx_doc *doc = titled(text);
    size_t len;
    assert_string_equal(zhx_doc_text(doc, &len), text);
    assert_int_equal(strlen(doc->title), 510); /* 170 characters of three bytes */
    assert_memory_equal(doc->title, text, 510);
    zhx_doc_free(doc);
}

static void test_file_extension_is_cut(void **state)
{
    (void)state;
    assert_title("2021卫生计生工作报告,在全市卫生计生工作会议上的工作报告.doc\n正文。\n",
                 "2021卫生计生工作报告，在全市卫生计生工作会议上的工作报告",
                 "2021卫生计生工作报告，在全市卫生计生工作会议上的工作报告\n正文。\n");
}

/* A portal's header, the name of the body that runs it, is no title: it goes. */
static void test_a_body_name_before_the_title_is_no_title(void **state)
{
    (void)state;
    assert_title("澄川县人民政府\n澄川县卫生健康委员会2024年度重点工作目标任务\n正文。\n",
                 "澄川县卫生健康委员会2024年度重点工作目标任务",
                 "澄川县卫生健康委员会2024年度重点工作目标任务\n正文。\n");
    assert_title("县卫生健康局2024年工作要点\n正文。\n", "县卫生健康局2024年工作要点",
                 "县卫生健康局2024年工作要点\n正文。\n");
    /* a document of that line alone keeps it */
    assert_title("澄川县人民政府\n", "澄川县人民政府", "澄川县人民政府\n");
}

static void test_a_repeated_title_line_is_kept_once(void **state)
{
    (void)state;
    assert_title("2020年全县卫生健康工作要点\n\n2020年全县卫生健康工作要点\n\n一、总体要求\n",
                 "2020年全县卫生健康工作要点", "2020年全县卫生健康工作要点\n\n一、总体要求\n");
}

static void test_a_title_repeated_at_the_head_of_the_text(void **state)
{
    (void)state;
    /* the first preview page opens with the title: the body starts after it */
    assert_title("2021卫生计生工作报告.doc\n2021卫生计生工作报告一、砥砺奋进\n",
                 "2021卫生计生工作报告", "2021卫生计生工作报告\n一、砥砺奋进\n");
    assert_title("2020年全县卫生健康工作要点\n2020年全县卫生健康工作要点 2020年全县卫生健康工作的"
                 "总体要求是:\n",
                 "2020年全县卫生健康工作要点",
                 "2020年全县卫生健康工作要点\n2020年全县卫生健康工作的总体要求是:\n");
    /* a short title at the head of a line may be chance: it stays */
    assert_title("工作方案\n工作方案如下。\n", "工作方案", "工作方案\n工作方案如下。\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_line_with_text),
        cmocka_unit_test(test_long_first_line_is_no_title),
        cmocka_unit_test(test_file_extension_is_cut),
        cmocka_unit_test(test_a_body_name_before_the_title_is_no_title),
        cmocka_unit_test(test_a_repeated_title_line_is_kept_once),
        cmocka_unit_test(test_a_title_repeated_at_the_head_of_the_text),
    };
    return run_group(tests);
}
