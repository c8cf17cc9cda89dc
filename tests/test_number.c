/* Numbers and units: exact decimals, Arabic and Chinese numerals, multipliers, ranges,
 * approximations, placeholders, units and where numbers start. */
#include "testing.h"

#include "../extract/number.h"

static void assert_decimal(zhx_decimal d, const char *want)
{
    char got[64];
    zhx_decimal_format(d, got, sizeof got);
    assert_string_equal(got, want);
}

/* `text` parsed as an amount, its value written in `got`; the test fails if it does not parse. */
static zhx_amount parsed(const char *text, char got[64])
{
    zhx_amount a;
    if (!zhx_amount_parse(text, strlen(text), &a))
        fail_msg("\"%s\" does not parse", text);
    zhx_decimal_format(a.value, got, 64);
    return a;
}

/* `text` parses as an amount of value `value` (and upper end `max` unless NULL). */
static void check_amount(const char *text, const char *value, const char *max, bool approx)
{
    char got[64];
    zhx_amount a = parsed(text, got);
    if (strcmp(got, value) != 0)
        fail_msg("\"%s\" is %s, expected %s", text, got, value);
    assert_false(a.placeholder);
    if (max) {
        if (!a.has_max)
            fail_msg("\"%s\" is not a range", text);
        zhx_decimal_format(a.max, got, sizeof got);
        if (strcmp(got, max) != 0)
            fail_msg("\"%s\" ends at %s, expected %s", text, got, max);
    } else if (a.has_max) {
        fail_msg("\"%s\" is read as a range", text);
    }
    if (a.approx != approx)
        fail_msg("\"%s\": approx is %d", text, a.approx);
}

#define assert_amount(text, value) check_amount((text), (value), NULL, false)

static void assert_not_amount(const char *text)
{
    zhx_amount a;
    if (zhx_amount_parse(text, strlen(text), &a))
        fail_msg("\"%s\" parses, but is not an amount", text);
}

static void test_decimal_parse(void **state)
{
    (void)state;
    zhx_decimal d;
    size_t used;
    assert_true(zhx_decimal_parse("77.5岁", 8, &d, &used));
    assert_int_equal(used, 4);
    assert_decimal(d, "77.5");
    assert_true(zhx_decimal_parse("1,200,000元", 12, &d, &used));
    assert_int_equal(used, 9);
    assert_decimal(d, "1200000");
    /* a comma not followed by a group of three is punctuation, a point not followed by a
     * digit ends the number */
    assert_true(zhx_decimal_parse("12,34", 5, &d, &used));
    assert_int_equal(used, 2);
    assert_true(zhx_decimal_parse("3.", 2, &d, &used));
    assert_int_equal(used, 1);
    assert_true(zhx_decimal_parse("0.05", 4, &d, NULL));
    assert_decimal(d, "0.05");
    assert_false(zhx_decimal_parse("元", 3, &d, NULL));
    assert_false(zhx_decimal_parse("99999999999999999999", 20, &d, NULL));
}

static void test_decimal_arithmetic(void **state)
{
    (void)state;
    zhx_decimal d;
    /* 16.4亿 must not become 1639999999 */
    assert_true(zhx_decimal_scale((zhx_decimal){164, 1}, 8, &d));
    assert_decimal(d, "1640000000");
    assert_true(zhx_decimal_scale((zhx_decimal){12305, 2}, 8, &d));
    assert_decimal(d, "12305000000");
    assert_true(zhx_decimal_add((zhx_decimal){15, 1}, (zhx_decimal){25, 2}, &d));
    assert_decimal(d, "1.75");
    assert_true(zhx_decimal_mul((zhx_decimal){3, 0}, (zhx_decimal){10, 0}, &d));
    assert_decimal(d, "30");
    assert_false(zhx_decimal_mul((zhx_decimal){INT64_MAX / 2, 0}, (zhx_decimal){3, 0}, &d));
    assert_false(zhx_decimal_scale((zhx_decimal){9, 0}, 19, &d));
    bool exact;
    assert_true(zhx_decimal_div((zhx_decimal){15, 1}, (zhx_decimal){1, 0}, 6, &d, &exact));
    assert_decimal(d, "1.5");
    assert_true(exact);
    assert_true(zhx_decimal_div((zhx_decimal){2, 0}, (zhx_decimal){3, 0}, 6, &d, &exact));
    assert_decimal(d, "0.666666");
    assert_false(exact);
    assert_false(zhx_decimal_div((zhx_decimal){2, 0}, (zhx_decimal){0, 0}, 6, &d, &exact));
    assert_decimal((zhx_decimal){-293, 1}, "-29.3");
    assert_decimal((zhx_decimal){5, -3}, "5000");
    assert_decimal((zhx_decimal){7, 4}, "0.0007");
    assert_decimal((zhx_decimal){0, 3}, "0");
    d = zhx_decimal_normal((zhx_decimal){1500, 3});
    assert_int_equal(d.units, 15);
    assert_int_equal(d.scale, 1);
}

static void test_arabic_amounts(void **state)
{
    (void)state;
    assert_amount("77.5", "77.5");
    assert_amount("1,200", "1200");
    assert_amount("0.5", "0.5");
    assert_amount("100", "100");
    assert_amount("1.1亿", "110000000");
    assert_amount("4.3万", "43000");
    assert_amount("16.4亿", "1640000000");
    assert_amount("123.05亿", "12305000000");
    assert_amount("616万", "6160000");
    assert_amount("3千万", "30000000");
    assert_amount("5千", "5000");
    assert_amount("1,593,700仟", "1593700000"); /* a ledger's 仟 */
    assert_amount("叁仟伍佰万", "35000000");    /* a sum in words, in capitals */
    assert_amount("壹亿贰仟万", "120000000");
    assert_amount("2.5万亿", "2500000000000");
    assert_amount("13万2", "132000");
    assert_amount("1.73亿", "173000000");
    assert_amount("30677", "30677");
}

static void test_chinese_numerals(void **state)
{
    (void)state;
    assert_amount("一千二百", "1200");
    assert_amount("两", "2");
    assert_amount("两千", "2000");
    assert_amount("十五", "15");
    assert_amount("十", "10");
    assert_amount("二十三", "23");
    assert_amount("一百零五", "105");
    assert_amount("一百五", "150");
    assert_amount("三百五", "350");
    assert_amount("一万二", "12000");
    assert_amount("两千五", "2500");
    assert_amount("十万零一千", "101000");
    assert_amount("一千二百万", "12000000");
    assert_amount("一亿二千万", "120000000");
    assert_amount("二十亿", "2000000000");
    assert_amount("十二万三千四百五十六", "123456");
    assert_amount("零点五", "0.5");
    assert_amount("三点五", "3.5");
    assert_amount("二十一点五", "21.5");
    assert_amount("〇", "0");
    assert_amount("○", "0");
    assert_amount("二〇二二", "2022");
    assert_amount("一九九八", "1998");
    assert_amount("万", "10000");
    assert_amount("百万", "1000000");
    assert_amount("九十五", "95");
}

static void test_approximate_amounts(void **state)
{
    (void)state;
    check_amount("近千", "1000", NULL, true);
    check_amount("约150万", "1500000", NULL, true);
    check_amount("逾万", "10000", NULL, true);
    assert_not_amount("约");
    assert_not_amount("约X");
    check_amount("三十几万", "300000", NULL, true);
    check_amount("二百余万", "2000000", NULL, true);
    check_amount("10多", "10", NULL, true);
    check_amount("1万多", "10000", NULL, true);
    check_amount("20余", "20", NULL, true);
    check_amount("十几", "10", NULL, true);
    check_amount("几十", "10", NULL, true);
    check_amount("十来", "10", NULL, true);
}

static void test_chinese_ranges(void **state)
{
    (void)state;
    check_amount("两三", "2", "3", false);
    check_amount("三五", "3", "5", false);
    check_amount("七八", "7", "8", false);
    check_amount("五六", "5", "6", false);
    check_amount("一两", "1", "2", false);
    check_amount("三四十", "30", "40", false);
    check_amount("两三万", "20000", "30000", false);
    /* not ranges: a falling pair, a positional number, digits split by a unit */
    assert_not_amount("三二");
    assert_amount("二十三", "23");
    assert_amount("一九九八", "1998");
}

/* The amount `text` reads as: its value, its unit and whether it is approximate. */
static void check_fraction(const char *text, const char *value, const char *unit, bool approx)
{
    char got[64];
    zhx_amount a = parsed(text, got);
    if (strcmp(got, value) != 0 || !a.unit || strcmp(a.unit, unit) != 0 || a.approx != approx)
        fail_msg("\"%s\" is %s %s%s, expected %s %s%s", text, got, a.unit ? a.unit : "(none)",
                 a.approx ? " approx" : "", value, unit, approx ? " approx" : "");
}

static void test_fractions(void **state)
{
    (void)state;
    check_fraction("千分之三", "3", "‰", false);
    check_fraction("千分之0.5", "0.5", "‰", false);
    check_fraction("万分之五", "5", "1/万", false);
    check_fraction("三分之一", "33.3", "%", true);
    check_fraction("三分之二", "66.7", "%", true); /* rounded, not cut */
    check_fraction("四分之三", "75", "%", false);
    check_fraction("五分之二", "40", "%", false);
    check_fraction("近四分之三", "75", "%", true);
    check_fraction("3/4", "75", "%", false);
    check_fraction("十分之一", "10", "%", false);
    /* no share of a whole: more parts than the whole, a part of nothing, a range */
    assert_not_amount("三分之四");
    assert_not_amount("一分之一");
    assert_not_amount("三分之");
    assert_not_amount("分之一");
    assert_not_amount("5/4");
    assert_not_amount("三分之一二");
}

/* A spreadsheet's export writes large amounts in scientific notation. */
static void test_scientific_notation(void **state)
{
    (void)state;
    assert_amount("1.2345E+05", "123450");
    assert_amount("3.86E+08", "386000000");
    assert_amount("7.9264e+09", "7926400000");
    assert_amount("2.5E-02", "0.025");
    assert_not_amount("1.2E+");
    assert_not_amount("1.2E+123");
    assert_not_amount("1.2E-99");
    assert_not_amount("1.2E+05万");
}

/* Digits and multipliers in turn, as people write amounts. */
static void test_digits_and_multipliers_in_turn(void **state)
{
    (void)state;
    assert_amount("1万3千", "13000");
    assert_amount("4千5百", "4500");
    assert_amount("3百60万", "3600000");
    assert_amount("两千3百万", "23000000");
    assert_amount("1千2百", "1200");
}

static void test_percent_ratio_placeholder(void **state)
{
    (void)state;
    zhx_amount a;
    assert_true(zhx_amount_parse("百分之九十五", strlen("百分之九十五"), &a));
    assert_string_equal(a.unit, "%");
    assert_decimal(a.value, "95");
    assert_true(zhx_amount_parse("百分之5.5", strlen("百分之5.5"), &a));
    assert_decimal(a.value, "5.5");
    assert_true(zhx_amount_parse("1:1.5", 5, &a));
    assert_string_equal(a.unit, "ratio");
    assert_decimal(a.value, "1.5");
    assert_false(a.approx);
    assert_true(zhx_amount_parse("1：1.5", strlen("1：1.5"), &a));
    assert_decimal(a.value, "1.5");
    assert_true(zhx_amount_parse("2:3", 3, &a));
    assert_decimal(a.value, "1.5");
    assert_true(zhx_amount_parse("3:2", 3, &a));
    assert_decimal(a.value, "0.666666");
    assert_true(a.approx);
    assert_not_amount("0:5");
    assert_not_amount("1:");
    const char *placeholders[] = {"X", "XX", "x", "*", "**", "_", "___", "××", "＊"};
    for (size_t i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++) {
        assert_true(zhx_amount_parse(placeholders[i], strlen(placeholders[i]), &a));
        assert_true(a.placeholder);
    }
}

static void test_not_amounts(void **state)
{
    (void)state;
    assert_not_amount("");
    assert_not_amount("元");
    assert_not_amount("三二");
    assert_not_amount("十四五x");
    assert_not_amount("余");
    assert_not_amount("点五");
    assert_not_amount("3X");
}

static const zhx_table *units(void)
{
    const zhx_table *t = zhx_rules_table(shipped_rules(), "number.units");
    assert_non_null(t);
    return t;
}

static void check_quantity(const char *value, const char *max, const char *unit, const char *want,
                           const char *want_max, const char *want_unit)
{
    zhx_quantity q;
    if (!zhx_quantity_read(units(), value, strlen(value), max, max ? strlen(max) : 0, unit,
                           unit ? strlen(unit) : 0, &q))
        fail_msg("%s %s does not read", value, unit ? unit : "");
    char got[64];
    zhx_decimal_format(q.value, got, sizeof got);
    assert_true(q.has_value);
    if (strcmp(got, want) != 0)
        fail_msg("%s%s is %s, expected %s", value, unit ? unit : "", got, want);
    if (want_max) {
        assert_true(q.has_max);
        zhx_decimal_format(q.max, got, sizeof got);
        assert_string_equal(got, want_max);
    } else {
        assert_false(q.has_max);
    }
    if (!want_unit) {
        assert_null(q.unit);
        return;
    }
    assert_non_null(q.unit);
    char u[64];
    snprintf(u, sizeof u, "%.*s", (int)q.unit_len, q.unit);
    assert_string_equal(u, want_unit);
}

static void test_quantities(void **state)
{
    (void)state;
    check_quantity("1.1亿", NULL, "元", "110000000", NULL, "元");
    check_quantity("4.3万", NULL, "人", "43000", NULL, "人");
    check_quantity("15", NULL, "/10万", "15", NULL, "1/10万");
    check_quantity("300", NULL, "/10万", "300", NULL, "1/10万");
    check_quantity("95", NULL, "%", "95", NULL, "%");
    check_quantity("95", NULL, "％", "95", NULL, "%");
    check_quantity("6", NULL, "‰", "6", NULL, "‰");
    check_quantity("三", NULL, "成", "30", NULL, "%");
    check_quantity("七", NULL, "成", "70", NULL, "%");
    check_quantity("三", NULL, "成五", "35", NULL, "%"); /* 三成五: 3.5 tenths */
    check_quantity("3", NULL, "倍", "3", NULL, "倍");
    check_quantity("一", NULL, "番", "2", NULL, "倍");
    check_quantity("两", NULL, "番", "4", NULL, "倍");
    check_quantity("20", NULL, "个百分点", "20", NULL, "百分点");
    check_quantity("百分之九十五", NULL, NULL, "95", NULL, "%");
    check_quantity("1:1.5", NULL, NULL, "1.5", NULL, "ratio");
    check_quantity("1", "2", "所", "1", "2", "所");
    check_quantity("3", "5", "个", "3", "5", "个");
    check_quantity("两三", NULL, "个", "2", "3", "个");
    check_quantity("40万", NULL, NULL, "400000", NULL, NULL);
    check_quantity("77.5", NULL, "岁", "77.5", NULL, "岁");
    check_quantity("二百余万", NULL, "元", "2000000", NULL, "元");
    check_quantity("1", "2", "成", "10", "20", "%");
    /* a unit per another takes its numerator's multiple; the denominator stays as written */
    check_quantity("300", NULL, "万吨/年", "3000000", NULL, "吨/年");
    check_quantity("0.36", NULL, "吨标准煤/万元", "0.36", NULL, "吨标准煤/万元");
    check_quantity("1.5", NULL, "万吨/日", "15000", NULL, "吨/日");
    check_quantity("5", NULL, "港币/月", "5", NULL, "港币/月"); /* 港元 does not end 港币 */
    zhx_quantity q;
    assert_true(zhx_quantity_read(units(), "X", 1, NULL, 0, "%", 1, &q));
    assert_true(q.placeholder);
    assert_false(q.has_value);
    assert_string_equal(q.unit, "%");
    assert_true(zhx_quantity_read(units(), "三十几万", strlen("三十几万"), NULL, 0, "元",
                                  strlen("元"), &q));
    assert_true(q.approx);
    assert_false(zhx_quantity_read(units(), "元", 3, NULL, 0, NULL, 0, &q));
    assert_false(zhx_quantity_read(units(), "100", 3, NULL, 0, "番", strlen("番"), &q));
}

/* The starts zhx_number_next finds in `text`, as "a|b|c" of what follows each. */
static void assert_starts(const char *text, const char *want)
{
    char got[512] = "";
    size_t len = strlen(text);
    for (size_t at = zhx_number_next(text, len, 0); at < len;) {
        size_t w = ((unsigned char)text[at] < 0x80) ? 1 : 3;
        if (*got)
            strcat(got, "|");
        strncat(got, text + at, w);
        at = zhx_number_next(text, len, at + w);
    }
    assert_string_equal(got, want);
}

static void test_number_starts(void **state)
{
    (void)state;
    assert_starts("婴儿死亡率控制在6‰以下", "6");
    /* a run starts once: 77.5 and 1,200 are one number each, 一千二百 one numeral */
    assert_starts("到达77.5岁和1,200元", "7|1");
    assert_starts("一千二百人", "一");
    assert_starts("进一步统一", "一|一");
    /* placeholders outside Latin words; digits inside codes like H7N9 are no numbers */
    assert_starts("达到X%，XX年，H7N9，Xeon，a*b", "X|X|*");
    assert_starts("__年", "_");
    assert_starts("没有数字", "");
    /* starting inside a numeral does not find its second half */
    const char *t = "一千二百人";
    assert_int_equal(zhx_number_next(t, strlen(t), 3), strlen(t));
}

/* The scan and the parser agree on what a Chinese numeral is: every character of the Basic
 * Multilingual Plane that zhx_number_next starts at parses as an amount on its own (but 约 近
 * 逾, which lead one), and every one that parses is a start (but 几, which only ever follows a
 * numeral). */
static void test_scan_agrees_with_parser(void **state)
{
    (void)state;
    size_t starts = 0;
    for (uint32_t cp = 0x80; cp < 0x10000; cp++) {
        if (cp >= 0xD800 && cp < 0xE000)
            continue;
        char s[8];
        size_t n = 0;
        if (cp < 0x800) {
            s[n++] = (char)(0xC0 | cp >> 6);
        } else {
            s[n++] = (char)(0xE0 | cp >> 12);
            s[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
        }
        s[n++] = (char)(0x80 | (cp & 0x3F));
        zhx_amount a;
        bool start = zhx_number_next(s, n, 0) == 0;
        bool about = cp == 0x7EA6 || cp == 0x8FD1 || cp == 0x903E; /* 约 近 逾 lead numbers */
        bool parses = (zhx_amount_parse(s, n, &a) && cp != 0x51E0 /* 几 */) || about;
        if (start != parses)
            fail_msg("U+%04X: scan says %d, parser says %d", cp, start, parses);
        starts += start;
    }
    assert_int_equal(starts,
                     33); /* 零〇○一二两三四五六七八九 十百千万亿, × ＊ ＿, 约 近 逾, 壹…玖 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decimal_parse),
        cmocka_unit_test(test_decimal_arithmetic),
        cmocka_unit_test(test_arabic_amounts),
        cmocka_unit_test(test_chinese_numerals),
        cmocka_unit_test(test_approximate_amounts),
        cmocka_unit_test(test_chinese_ranges),
        cmocka_unit_test(test_percent_ratio_placeholder),
        cmocka_unit_test(test_fractions),
        cmocka_unit_test(test_scientific_notation),
        cmocka_unit_test(test_digits_and_multipliers_in_turn),
        cmocka_unit_test(test_not_amounts),
        cmocka_unit_test(test_quantities),
        cmocka_unit_test(test_number_starts),
        cmocka_unit_test(test_scan_agrees_with_parser),
    };
    return run_group(tests);
}
