/* rtf: a document saved as RTF and read as text has its text recovered, in the code page its
 * header names; a text that is no RTF stays as it is. */
#include "stage.h"

#define GBK_HEADER                                                                                 \
    "{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 \\'cb\\'ce\\'cc\\'e5;}}\n"

static void test_escapes_in_the_code_page(void **state)
{
    (void)state;
    /* 全县 in GBK escapes, a line break of the source between a character's two bytes, a
     * paragraph's end, and a \uN escape whose stand-in character goes */
    const char *in =
        GBK_HEADER "{\\pard\\plain \\f0\\fs32 \\'c8\\'ab\\'cf\n\\'d8 95%\\u65292?\\par\n}}";
    stage_run r = run_stage(zhx_rtf, in);
    assert_int_equal(r.status, ZHX_OK);
    assert_string_equal(r.s, "全县 95%，\n");
    assert_maps_to(&r, in, "全", "\\'c8\\'ab");
    assert_maps_to(&r, in, "县", "\\'cf\n\\'d8");
    stage_run_free(&r);
}

static void test_tables_and_skipped_groups(void **state)
{
    (void)state;
    /* a table's cells and rows, a group of the file's properties and a \* destination */
    assert_stage(zhx_rtf,
                 "{\\rtf1\\ansi{\\info{\\title x}{\\author y}}{\\*\\generator Word 16;}"
                 "\\trowd\\cellx2000\\cellx4000 \\intbl A\\cell 12\\cell\\row\\pard B\\{1\\}\\par}",
                 "A\t12\t\nB{1}\n");
}

/* characters of the text itself (the decode stage read the file as UTF-8) stay as they are and
 * map to themselves, a backslash before one too */
static void test_text_characters_stay(void **state)
{
    (void)state;
    const char *in = "{\\rtf1\\ansi 全县\\\'展开\\par}";
    stage_run r = run_stage(zhx_rtf, in);
    assert_string_equal(r.s, "全县展开\n");
    assert_maps_to(&r, in, "县", "县");
    stage_run_free(&r);
}

static void test_other_text_stays(void **state)
{
    (void)state;
    stage_run r = run_stage(zhx_rtf, "全县{\\rtf1} 不是RTF");
    assert_false(r.out.changed);
    stage_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes_in_the_code_page),
        cmocka_unit_test(test_tables_and_skipped_groups),
        cmocka_unit_test(test_text_characters_stay),
        cmocka_unit_test(test_other_text_stays),
    };
    return run_group(tests);
}
