/* The number parser (extract/number.h) on arbitrary text made valid UTF-8: the scan for
 * where numbers start stays on character boundaries and moves forward; every amount it
 * reads, the whole text read as one, and a value|max|unit split of it read as a quantity,
 * give exact decimals that print within bounds and read back as themselves; and the decimal
 * arithmetic agrees with itself (a + b = b + a, a * b = b * a, (a / b) * b = a when exact). */
#include "fuzzing.h"

#include "../extract/number.h"

static bool same(zhx_decimal a, zhx_decimal b)
{
    a = zhx_decimal_normal(a);
    b = zhx_decimal_normal(b);
    return a.units == b.units && a.scale == b.scale;
}

/* Prints `d` and, when it is a plain non-negative number, reads it back. */
static void check_decimal(zhx_decimal d)
{
    char buf[128];
    size_t n = zhx_decimal_format(d, buf, sizeof buf);
    FUZZ_CHECK(n < sizeof buf && strlen(buf) == n);
    zhx_decimal normal = zhx_decimal_normal(d), back;
    size_t used;
    if (normal.units >= 0 && normal.scale >= 0) {
        FUZZ_CHECK(zhx_decimal_parse(buf, n, &back, &used) && used == n);
        FUZZ_CHECK(same(back, d));
    }
}

static void check_arithmetic(zhx_decimal a, zhx_decimal b)
{
    zhx_decimal x, y;
    bool ok = zhx_decimal_add(a, b, &x);
    FUZZ_CHECK(ok == zhx_decimal_add(b, a, &y) && (!ok || same(x, y)));
    ok = zhx_decimal_mul(a, b, &x);
    FUZZ_CHECK(ok == zhx_decimal_mul(b, a, &y) && (!ok || same(x, y)));
    bool exact;
    if (zhx_decimal_div(a, b, 6, &x, &exact)) {
        check_decimal(x);
        if (exact && zhx_decimal_mul(x, b, &y))
            FUZZ_CHECK(same(y, a));
    }
}

static void check_amount(const char *s, size_t len, zhx_decimal *last, bool *have_last)
{
    zhx_amount a;
    if (!zhx_amount_parse(s, len, &a) || a.placeholder)
        return;
    check_decimal(a.value);
    if (a.has_max)
        check_decimal(a.max);
    if (*have_last)
        check_arithmetic(*last, a.value);
    *last = a.value;
    *have_last = true;
}

static bool boundary(const char *s, size_t len, size_t at)
{
    return at == len || ((unsigned char)s[at] & 0xC0) != 0x80;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len;
    char *s = fuzz_valid_utf8(data, size, &len);
    zhx_decimal last = {0, 0};
    bool have_last = false;
    for (size_t at = 0; at < len;) {
        size_t start = zhx_number_next(s, len, at);
        FUZZ_CHECK(start >= at && start <= len && boundary(s, len, start));
        if (start == len)
            break;
        size_t end = zhx_number_run_end(s, len, start);
        FUZZ_CHECK(end >= start && end <= len && boundary(s, len, end));
        check_amount(s + start, end - start, &last, &have_last);
        at = end > start ? end : start + zhx_utf8_width((unsigned char)s[start]);
    }
    check_amount(s, len, &last, &have_last);
    zhx_decimal d;
    size_t used;
    if (zhx_decimal_parse(s, len, &d, &used)) {
        FUZZ_CHECK(used <= len);
        check_decimal(d);
    }
    /* value|max|unit, as a target rule's groups would give them */
    const char *bar = memchr(s, '|', len),
               *bar2 = bar ? memchr(bar + 1, '|', len - (size_t)(bar + 1 - s)) : NULL;
    if (bar && bar2) {
        const zhx_table *units = zhx_rules_table(fuzz_shipped_rules(), "number.units");
        zhx_quantity q;
        size_t vlen = (size_t)(bar - s), mlen = (size_t)(bar2 - bar - 1);
        if (vlen && zhx_quantity_read(units, s, vlen, bar + 1, mlen, bar2 + 1,
                                      len - (size_t)(bar2 + 1 - s), &q)) {
            if (q.has_value)
                check_decimal(q.value);
            if (q.has_max)
                check_decimal(q.max);
            if (q.unit) { /* the unit as written, or the name the units table gives it */
                uintptr_t u = (uintptr_t)q.unit, lo = (uintptr_t)s;
                FUZZ_CHECK(u >= lo && u <= lo + len ? u + q.unit_len <= lo + len
                                                    : q.unit_len <= strlen(q.unit));
            }
        }
    }
    free(s);
    return 0;
}
