#include "number.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../core/utf8.h"

/* ---- exact decimals ------------------------------------------------------------------- */

/* A thousands separator is followed by exactly three digits. */
static bool thousands_group(const char *s, size_t len)
{
    return len >= 3 && zhx_is_digit(s[0]) && zhx_is_digit(s[1]) && zhx_is_digit(s[2]) &&
           (len == 3 || !zhx_is_digit(s[3]));
}

/* Digits after the point a number may have: as many as an int64 holds. */
#define SCALE_MAX 18

bool zhx_decimal_parse(const char *s, size_t len, zhx_decimal *d, size_t *used)
{
    int64_t units = 0;
    int32_t scale = 0;
    size_t i = 0, digits = 0;
    bool point = false;
    for (; i < len; i++) {
        char c = s[i];
        /* 1,200; and 98 765, as a scanned table's OCR spells a thin space */
        if ((c == ',' || c == ' ') && digits && !point && thousands_group(s + i + 1, len - i - 1))
            continue;
        if (c == '.' && !point && digits && i + 1 < len && zhx_is_digit(s[i + 1])) {
            point = true;
            continue;
        }
        if (!zhx_is_digit(c))
            break;
        if (units > (INT64_MAX - 9) / 10 || (point && scale >= SCALE_MAX))
            return false;
        units = units * 10 + (c - '0');
        scale += point;
        digits++;
    }
    if (!digits)
        return false;
    d->units = units;
    d->scale = scale;
    if (used)
        *used = i;
    return true;
}

/* units * 10^k, false on overflow (k >= 0). */
static bool mul_pow10(int64_t units, int k, int64_t *out)
{
    for (; k > 0; k--)
        if (__builtin_mul_overflow(units, 10, &units))
            return false;
    *out = units;
    return true;
}

bool zhx_decimal_add(zhx_decimal a, zhx_decimal b, zhx_decimal *out)
{
    if (a.scale < b.scale) {
        zhx_decimal t = a;
        a = b;
        b = t;
    }
    int64_t bu;
    if (!mul_pow10(b.units, a.scale - b.scale, &bu) ||
        __builtin_add_overflow(a.units, bu, &out->units))
        return false;
    out->scale = a.scale;
    return true;
}

bool zhx_decimal_mul(zhx_decimal a, zhx_decimal b, zhx_decimal *out)
{
    if (__builtin_mul_overflow(a.units, b.units, &out->units))
        return false;
    out->scale = a.scale + b.scale;
    return true;
}

bool zhx_decimal_scale(zhx_decimal a, int k, zhx_decimal *out)
{
    if (k <= a.scale) {
        *out = (zhx_decimal){a.units, a.scale - k};
        return true;
    }
    int64_t u;
    if (!mul_pow10(a.units, k - a.scale, &u))
        return false;
    *out = (zhx_decimal){u, 0};
    return true;
}

bool zhx_decimal_div(zhx_decimal a, zhx_decimal b, int places, zhx_decimal *out, bool *exact)
{
    if (b.units == 0)
        return false;
    /* a / b = (a.units / b.units) * 10^(b.scale - a.scale): bring the numerator up to
     * `places` decimals and divide once, in 128 bits */
    __int128 num = a.units, den = b.units;
    const __int128 bound = (__int128)INT64_MAX * 1000; /* far below the 128-bit edge */
    int shift = places + b.scale - a.scale;
    for (; shift > 0; shift--, num *= 10)
        if (num > bound || num < -bound)
            return false;
    for (; shift < 0; shift++, den *= 10)
        if (den > bound || den < -bound)
            return false;
    if (num > bound || num < -bound || den > bound || den < -bound)
        return false;
    __int128 q = num / den;
    if (q > INT64_MAX || q < -INT64_MAX)
        return false;
    if (exact)
        *exact = num % den == 0;
    *out = zhx_decimal_normal((zhx_decimal){(int64_t)q, places});
    return true;
}

zhx_decimal zhx_decimal_normal(zhx_decimal d)
{
    while (d.scale > 0 && d.units % 10 == 0) {
        d.units /= 10;
        d.scale--;
    }
    int64_t u;
    if (d.scale < 0 && mul_pow10(d.units, -d.scale, &u))
        d = (zhx_decimal){u, 0};
    if (d.units == 0)
        d.scale = 0;
    return d;
}

size_t zhx_decimal_format(zhx_decimal d, char *buf, size_t size)
{
    d = zhx_decimal_normal(d);
    char digits[32];
    uint64_t mag = d.units < 0 ? 0 - (uint64_t)d.units : (uint64_t)d.units;
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)mag);
    /* a sign, the digits, a point and up to SCALE_MAX zeros: whatever the scale, never more
     * zeros than fit (a decimal past SCALE_MAX places is never made by the parser) */
    char out[32 + 2 * SCALE_MAX + 8];
    const int zeros_max = 2 * SCALE_MAX;
    size_t k = 0;
    if (d.units < 0)
        out[k++] = '-';
    if (d.scale <= 0) {
        memcpy(out + k, digits, (size_t)n);
        k += (size_t)n;
        for (int i = d.scale; i < 0 && i < d.scale + zeros_max; i++)
            out[k++] = '0';
    } else {
        int whole = n - d.scale;
        if (whole <= 0) {
            out[k++] = '0';
            out[k++] = '.';
            for (int i = whole < -zeros_max ? -zeros_max : whole; i < 0; i++)
                out[k++] = '0';
            memcpy(out + k, digits, (size_t)n);
            k += (size_t)n;
        } else {
            memcpy(out + k, digits, (size_t)whole);
            k += (size_t)whole;
            out[k++] = '.';
            memcpy(out + k, digits + whole, (size_t)d.scale);
            k += (size_t)d.scale;
        }
    }
    out[k] = '\0';
    snprintf(buf, size, "%s", out);
    return k;
}

/* ---- Chinese numerals ----------------------------------------------------------------- */

/* 零一二三四五六七八九 (and 〇 ○ 两, and the capitals a sum in words is written in, 壹 … 玖): the
 * digit, or -1. */
static int cn_digit(uint32_t cp)
{
    switch (cp) {
    case 0x58F9:
        return 1; /* 壹 */
    case 0x8D30:
        return 2; /* 贰 */
    case 0x53C1:
        return 3; /* 叁 */
    case 0x8086:
        return 4; /* 肆 */
    case 0x4F0D:
        return 5; /* 伍 */
    case 0x9646:
        return 6; /* 陆 */
    case 0x67D2:
        return 7; /* 柒 */
    case 0x634C:
        return 8; /* 捌 */
    case 0x7396:
        return 9; /* 玖 */
    case 0x96F6:  /* 零 */
    case 0x3007:  /* 〇 */
    case 0x25CB:  /* ○, written for 〇 */
        return 0;
    case 0x4E00:
        return 1; /* 一 */
    case 0x4E8C:
        return 2; /* 二 */
    case 0x4E24:
        return 2; /* 两 */
    case 0x4E09:
        return 3; /* 三 */
    case 0x56DB:
        return 4; /* 四 */
    case 0x4E94:
        return 5; /* 五 */
    case 0x516D:
        return 6; /* 六 */
    case 0x4E03:
        return 7; /* 七 */
    case 0x516B:
        return 8; /* 八 */
    case 0x4E5D:
        return 9; /* 九 */
    default:
        return -1;
    }
}

/* 十百千万亿: the power of ten, or 0. */
static int cn_unit(uint32_t cp)
{
    switch (cp) {
    case 0x5341:
        return 1; /* 十 */
    case 0x767E:
        return 2; /* 百 */
    case 0x5343:
        return 3; /* 千 */
    case 0x4E07:
        return 4; /* 万 */
    case 0x4EBF:
        return 8; /* 亿 */
    default:
        return 0;
    }
}

enum {
    CP_POINT = 0x70B9, /* 点, the decimal point of Chinese numerals */
    CP_JI = 0x51E0,    /* 几, "some": 三十几 */
    CP_YU = 0x4F59,    /* 余, "and more": 二百余 */
    CP_DUO = 0x591A,   /* 多 */
    CP_LAI = 0x6765,   /* 来 */
    CP_GE = 0x4E2A,    /* 个, spoken between a number and 亿 or 万: 三个多亿 */
    CP_LING = 0x96F6,  /* 零 */
    CP_SHI = 0x62FE,   /* 拾: 十 as a sum in words writes it (叁拾万) */
    CP_BAI = 0x4F70,   /* 佰: 百 so (叁仟伍佰万) */
    CP_QIAN = 0x4EDF   /* 仟: 千 so, and after figures as a ledger writes it (1,593,700仟元) */
};

/* The state of reading one numeral: 一千二百万 is read as the sections of 亿, of 万 and of
 * units, each summed from digit-times-unit terms, the way the numeral is spoken. */
typedef struct reading {
    zhx_decimal yi, wan, section; /* completed sections: value = yi*10^8 + wan*10^4 + section */
    zhx_decimal digit;            /* the digit (or Arabic number) waiting for its unit */
    bool has_digit, any, approx;
    bool digit_small; /* the waiting digit is a single digit 1-9, so 一万二 can mean 12000 */
    bool few;         /* the waiting digit is 几 */
    bool zero;        /* a 零 since the last unit: 一百零五 is 105, not 150 */
    int unit;         /* power of ten of the unit just read; 0 after anything else */
    int digit_after;  /* the unit read right before the waiting digit, for 一万二 */
} reading;

static bool add_term(zhx_decimal *sum, zhx_decimal d, int pow10)
{
    zhx_decimal t;
    return zhx_decimal_scale(d, pow10, &t) && zhx_decimal_add(*sum, t, sum);
}

static bool read_digit(reading *r, zhx_decimal d, bool small)
{
    if (r->has_digit)
        return false; /* two numbers in a row: 五六 is a range, handled before */
    r->digit = d;
    r->has_digit = r->any = true;
    r->digit_small = small;
    r->few = false;
    r->digit_after = r->zero ? 0 : r->unit;
    r->unit = 0;
    return true;
}

static bool read_unit(reading *r, int pow10)
{
    zhx_decimal one = {1, 0}, zero = {0, 0};
    zhx_decimal d = r->has_digit ? r->digit : one;
    if (r->few)
        d = one; /* 几十 is some tens */
    bool ok = true;
    if (pow10 < 4) {
        ok = add_term(&r->section, d, pow10);
    } else if (pow10 == 4) {
        if (r->has_digit || (r->section.units == 0 && r->wan.units == 0))
            ok = zhx_decimal_add(r->section, r->has_digit ? r->digit : one, &r->section);
        ok = ok && zhx_decimal_add(r->wan, r->section, &r->wan);
        r->section = zero;
    } else {
        if (r->has_digit || (r->section.units == 0 && r->wan.units == 0))
            ok = zhx_decimal_add(r->section, r->has_digit ? r->digit : one, &r->section);
        ok = ok && add_term(&r->section, r->wan, 4) && zhx_decimal_add(r->yi, r->section, &r->yi);
        r->wan = r->section = zero;
    }
    r->has_digit = r->few = r->zero = false;
    r->any = true;
    r->unit = pow10;
    return ok;
}

/* Reads the digits after 点 at `s`, adding them to the waiting digit. */
static bool read_fraction(reading *r, const char *s, size_t len, size_t *used)
{
    if (!r->has_digit)
        return false;
    int64_t units = 0;
    int32_t scale = 0;
    size_t i = 0, w;
    while (i < len) {
        int d = zhx_is_digit(s[i]) ? (w = 1, s[i] - '0') /* 3点5, as a speech is minuted */
                                   : cn_digit(zhx_utf8_at(s + i, &w));
        if (d < 0)
            break;
        if (scale >= 15)
            return false;
        units = units * 10 + d;
        scale++;
        i += w;
    }
    *used = i;
    r->digit_small = false;
    return scale > 0 && zhx_decimal_add(r->digit, (zhx_decimal){units, scale}, &r->digit);
}

/* Whether 多 or a unit of 万 or more starts at byte `i` of s[0..len): 个 before it is spoken
 * between a number and its unit (三个多亿). */
static bool before_wan_or_yi(const char *s, size_t len, size_t i)
{
    size_t w;
    uint32_t cp = i < len ? zhx_utf8_at(s + i, &w) : 0;
    return cp == CP_DUO || cn_unit(cp) >= 4;
}

static bool read_numeral(const char *s, size_t len, zhx_decimal *value, bool *approx)
{
    reading r = {0};
    for (size_t i = 0; i < len;) {
        if (zhx_is_digit(s[i])) {
            zhx_decimal d;
            size_t used;
            if (!zhx_decimal_parse(s + i, len - i, &d, &used) ||
                !read_digit(&r, d, d.scale == 0 && used == 1 && s[i] != '0'))
                return false;
            i += used;
            continue;
        }
        size_t w;
        uint32_t cp = zhx_utf8_at(s + i, &w);
        int digit = cn_digit(cp), pow10 = cn_unit(cp);
        if (r.has_digit && (cp == CP_SHI || cp == CP_BAI || cp == CP_QIAN)) /* never alone */
            pow10 = cp == CP_SHI ? 1 : cp == CP_BAI ? 2 : 3;
        if (r.has_digit && (cp == 'w' || cp == 'k')) /* a post's shorthand: 1.2w, 3k+ */
            pow10 = cp == 'w' ? 4 : 3;
        i += w;
        if (digit == 0 && !(i < len && zhx_utf8_at(s + i, &w) == CP_POINT)) {
            if (r.has_digit)
                return false;
            r.zero = r.any = true; /* 一百零五: a gap, not a digit */
        } else if (digit >= 0) {
            if (!read_digit(&r, (zhx_decimal){digit, 0}, digit > 0))
                return false;
        } else if (pow10) {
            if (!read_unit(&r, pow10))
                return false;
        } else if (cp == CP_POINT) {
            size_t used;
            if (!read_fraction(&r, s + i, len - i, &used))
                return false;
            i += used;
        } else if (cp == CP_JI) {
            if (!read_digit(&r, (zhx_decimal){0, 0}, false))
                return false;
            r.few = r.approx = true;
        } else if ((cp == CP_YU || cp == CP_DUO || cp == CP_LAI) && r.any) {
            r.approx = true;
        } else if (cp == CP_GE && r.has_digit && before_wan_or_yi(s, len, i)) {
            /* 三个亿, 十一个多亿: the measure word says nothing of the value */
        } else {
            return false;
        }
    }
    if (!r.any)
        return false;
    zhx_decimal total = r.section;
    if (r.has_digit) {
        /* 一万二 is 12000 and 三百五 is 350: a lone digit right after a unit counts in the
         * next unit down */
        int pow10 = r.digit_after > 1 && r.digit_small && !r.few ? r.digit_after - 1 : 0;
        if (r.digit_after == 8)
            pow10 = 7;
        if (!add_term(&total, r.digit, pow10))
            return false;
    }
    if (!add_term(&total, r.wan, 4) || !add_term(&total, r.yi, 8))
        return false;
    *value = zhx_decimal_normal(total);
    *approx = r.approx;
    return true;
}

/* A run of Chinese digits with no unit, read digit by digit: 二〇二二 is 2022. Two digits
 * are a number that way only with a zero in them (二〇); 三二 is nothing. */
static bool read_positional(const char *s, size_t len, zhx_decimal *value)
{
    int64_t units = 0;
    size_t n = 0, w;
    bool zero = false;
    for (size_t i = 0; i < len; i += w, n++) {
        int d = cn_digit(zhx_utf8_at(s + i, &w));
        if (d < 0 || units > INT64_MAX / 10 - 9)
            return false;
        units = units * 10 + d;
        zero |= d == 0;
    }
    *value = (zhx_decimal){units, 0};
    return n == 1 || n >= 3 || zero;
}

/* Two adjacent digits, the second the larger (两三, 三五, 七八), are a range: returns the
 * byte offset of the second, or 0. A longer run of digits (一九九八) is a positional number. */
static size_t range_split(const char *s, size_t len)
{
    size_t w1, w2, w0;
    for (size_t i = 0; i < len; i += w1) {
        int a = cn_digit(zhx_utf8_at(s + i, &w1));
        if (a <= 0 || i + w1 >= len)
            continue;
        int b = cn_digit(zhx_utf8_at(s + i + w1, &w2));
        if (b <= a || b - a > 2)
            continue;
        bool before = i > 0 && cn_digit(zhx_utf8_at(s + zhx_utf8_prev(s, i), &w0)) >= 0;
        bool after = i + w1 + w2 < len && cn_digit(zhx_utf8_at(s + i + w1 + w2, &w0)) >= 0;
        if (!before && !after)
            return i + w1;
    }
    return 0;
}

static bool only_cn_digits(const char *s, size_t len)
{
    size_t w;
    for (size_t i = 0; i < len; i += w)
        if (cn_digit(zhx_utf8_at(s + i, &w)) < 0)
            return false;
    return len > 0;
}

/* X, XX, *, _, ×: the figure was anonymised. */
static bool is_placeholder(const char *s, size_t len)
{
    size_t w;
    for (size_t i = 0; i < len; i += w) {
        uint32_t cp = zhx_utf8_at(s + i, &w);
        if (cp != 'X' && cp != 'x' && cp != '*' && cp != '_' && cp != 0xD7 /* × */ &&
            cp != 0xFF0A /* ＊ */ && cp != 0xFF3F /* ＿ */)
            return false;
    }
    return len > 0;
}

/* A fraction's denominators that name a unit: 百分之五 is 5 %, 千分之三 3 ‰, 万分之五 a rate
 * of 5 in 10000; any other denominator makes a share (三分之一 is 33.3 %). */
static const char PARTS_OF[] = "分之";
static const struct {
    const char *denominator, *unit;
} PER_UNIT[] = {{"百", "%"}, {"千", "‰"}, {"万", "1/万"}};
static const char *const ABOUT[] = {"约", "近", "逾"}; /* 约100人, 近千人, 逾万元 */

/* a:b (or a：b) with Arabic numbers. */
static bool read_ratio(const char *s, size_t len, zhx_amount *out)
{
    zhx_decimal a, b;
    size_t used, used_b;
    if (!zhx_decimal_parse(s, len, &a, &used) || used >= len)
        return false;
    size_t sep = s[used] == ':' ? 1 : strncmp(s + used, "：", 3) == 0 ? 3 : 0;
    if (!sep || !zhx_decimal_parse(s + used + sep, len - used - sep, &b, &used_b) ||
        used + sep + used_b != len || a.units == 0)
        return false;
    bool exact;
    if (!zhx_decimal_div(b, a, 6, &out->value, &exact))
        return false;
    out->unit = "ratio";
    out->approx = !exact;
    return true;
}

/* 1.2345E+05, as a spreadsheet exports a large amount: the mantissa times a power of ten.
 * Returns whether `s` is written so; `ok` whether it reads. */
static bool read_scientific(const char *s, size_t len, zhx_decimal *value, bool *ok)
{
    zhx_decimal m;
    size_t used, i;
    if (!zhx_decimal_parse(s, len, &m, &used) || used + 2 > len ||
        (s[used] != 'E' && s[used] != 'e'))
        return false;
    i = used + 1;
    bool down = s[i] == '-';
    i += s[i] == '+' || s[i] == '-';
    int power = 0;
    *ok = false;
    for (size_t start = i; i < len; i++) {
        if (!zhx_is_digit(s[i]) || i - start >= 2)
            return true;
        power = power * 10 + (s[i] - '0');
    }
    if ((down && m.scale + power > 18) || /* no amount is that small */
        !zhx_decimal_scale(m, down ? -power : power, &m))
        return true;
    *value = zhx_decimal_normal(m);
    return *ok = i > used + 1 && zhx_is_digit(s[i - 1]);
}

/* num / den of a whole as a percentage to one decimal, rounded: approximate unless exact. */
static bool read_share(zhx_amount num, zhx_amount den, zhx_amount *out)
{
    zhx_decimal n = zhx_decimal_normal(num.value), d = zhx_decimal_normal(den.value);
    if (num.unit || den.unit || num.has_max || den.has_max || n.scale || d.scale || d.units < 2 ||
        d.units > 100 || n.units < 1 || n.units >= d.units)
        return false;
    int64_t thousandths = n.units * 1000;
    out->value = zhx_decimal_normal((zhx_decimal){(thousandths + d.units / 2) / d.units, 1});
    out->approx = num.approx || thousandths % d.units != 0;
    out->unit = "%";
    return true;
}

/* 百分之九十五, 千分之三, 三分之一: the denominator before 分之 and the numerator after it; 3/4
 * the other way round. Returns whether `s` is written as a fraction; `ok` whether it reads. */
static bool read_parts(const char *s, size_t len, zhx_amount *out, bool *ok)
{
    const char *mark = memmem(s, len, PARTS_OF, strlen(PARTS_OF));
    zhx_amount den, part;
    if (!mark && len == 3 && zhx_is_digit(s[0]) && s[1] == '/' && zhx_is_digit(s[2])) {
        *ok = zhx_amount_parse(s, 1, &part) && zhx_amount_parse(s + 2, 1, &den) &&
              read_share(part, den, out);
        return true;
    }
    if (!mark)
        return false;
    size_t den_len = (size_t)(mark - s), num_at = den_len + strlen(PARTS_OF);
    *ok = false;
    if (num_at >= len || !zhx_amount_parse(s + num_at, len - num_at, &part) || part.placeholder)
        return true;
    for (size_t i = 0; i < sizeof PER_UNIT / sizeof PER_UNIT[0]; i++)
        if (den_len == strlen(PER_UNIT[i].denominator) &&
            memcmp(s, PER_UNIT[i].denominator, den_len) == 0) {
            *out = part;
            out->unit = PER_UNIT[i].unit;
            return *ok = !part.unit;
        }
    *ok = den_len && zhx_amount_parse(s, den_len, &den) && read_share(part, den, out);
    return true;
}

bool zhx_amount_parse(const char *s, size_t len, zhx_amount *out)
{
    memset(out, 0, sizeof *out);
    zhx_decimal d;
    size_t used;
    if (len && zhx_is_digit(s[0]) && zhx_decimal_parse(s, len, &d, &used) && used == len) {
        out->value = zhx_decimal_normal(d); /* the most common amount: 95, 77.5, 1,200 */
        return true;
    }
    if (len > 1 && s[0] == '-' && zhx_is_digit(s[1])) { /* a fall, as a table's cell writes it */
        bool ok = zhx_amount_parse(s + 1, len - 1, out) && !out->placeholder && !out->has_max;
        out->value.units = -out->value.units;
        return ok;
    }
    for (size_t i = 0; i < sizeof ABOUT / sizeof ABOUT[0]; i++) {
        size_t n = strlen(ABOUT[i]);
        if (len > n && memcmp(s, ABOUT[i], n) == 0) {
            bool ok = zhx_amount_parse(s + n, len - n, out);
            out->approx = true;
            return ok && !out->placeholder;
        }
    }
    if (is_placeholder(s, len))
        return out->placeholder = true;
    bool read;
    if (read_parts(s, len, out, &read) || read_scientific(s, len, &out->value, &read))
        return read;
    if (memchr(s, ':', len) || memmem(s, len, "：", 3))
        return read_ratio(s, len, out);
    size_t second = range_split(s, len);
    if (second) {
        /* 两三万 is read twice, once without each digit: 2万 to 3万 */
        char buf[96];
        size_t w;
        zhx_utf8_at(s + second, &w);
        size_t first = zhx_utf8_prev(s, second);
        if (len >= sizeof buf)
            return false;
        memcpy(buf, s, second);
        memcpy(buf + second, s + second + w, len - second - w);
        if (!read_numeral(buf, len - w, &out->value, &out->approx))
            return false;
        memcpy(buf, s, first);
        memcpy(buf + first, s + second, len - second);
        bool approx;
        out->has_max = true;
        return read_numeral(buf, len - (second - first), &out->max, &approx);
    }
    if (only_cn_digits(s, len))
        return read_positional(s, len, &out->value);
    return read_numeral(s, len, &out->value, &out->approx);
}

/* ---- units ---------------------------------------------------------------------------- */

static const char FAN[] = "番";   /* 翻一番 is twice, 翻两番 four times */
static const char CHENG[] = "成"; /* 三成五: three and a half tenths */

/* The tenths of 成 that a digit after it adds (三成五 is 3.5 成, 35 %): the unit becomes 成. */
static bool add_cheng_tenths(zhx_quantity *q)
{
    size_t n = strlen(CHENG), w;
    if (q->unit_len <= n || memcmp(q->unit, CHENG, n) != 0)
        return true;
    int d = cn_digit(zhx_utf8_at(q->unit + n, &w));
    q->unit_len = n;
    zhx_decimal tenths = {d, 1};
    return d > 0 && zhx_decimal_add(q->value, tenths, &q->value);
}

/* The length of the name that an entry of number.units ("NAME" or "NAME FACTOR": "元  10000")
 * gives a unit, and its multiple in *factor (1 when it names none). */
static size_t unit_entry(const char *v, zhx_decimal *factor)
{
    size_t n = strcspn(v, " \t");
    *factor = (zhx_decimal){1, 0};
    const char *f = v + n + strspn(v + n, " \t");
    if (*f)
        zhx_decimal_parse(f, strlen(f), factor, NULL);
    return n;
}

/* Renames and scales the unit by number.units. A unit per another (300万吨/年) that the map does
 * not list takes its numerator's multiple, when the numerator's new name ends it (万吨 is 吨
 * times 10000: 吨/年); the unit then stays in the text, from that name on. */
static void unit_lookup(const zhx_table *units, zhx_quantity *q, zhx_decimal *factor)
{
    *factor = (zhx_decimal){1, 0};
    const char *v = units ? zhx_table_get(units, q->unit, q->unit_len) : NULL;
    if (v) {
        q->unit = v;
        q->unit_len = unit_entry(v, factor);
        return;
    }
    const char *slash = units ? memchr(q->unit, '/', q->unit_len) : NULL;
    size_t over = slash ? (size_t)(slash - q->unit) : 0;
    if (!over || !(v = zhx_table_get(units, q->unit, over)))
        return;
    zhx_decimal multiple;
    size_t n = unit_entry(v, &multiple);
    if (n > over || memcmp(q->unit + over - n, v, n) != 0)
        return;
    *factor = multiple;
    q->unit += over - n;
    q->unit_len -= over - n;
}

bool zhx_quantity_read(const zhx_table *units, const char *value, size_t vlen, const char *max,
                       size_t mlen, const char *unit, size_t ulen, zhx_quantity *q)
{
    memset(q, 0, sizeof *q);
    zhx_amount a, b;
    if (!zhx_amount_parse(value, vlen, &a) || (mlen && !zhx_amount_parse(max, mlen, &b)))
        return false;
    q->value = a.value;
    q->has_value = !a.placeholder;
    q->placeholder = a.placeholder;
    q->approx = a.approx;
    q->max = a.max;
    q->has_max = a.has_max;
    if (mlen) {
        q->max = b.value;
        q->has_max = !b.placeholder;
        q->approx |= b.approx;
    }
    if (a.unit) {
        q->unit = a.unit;
        q->unit_len = strlen(q->unit);
        return true;
    }
    if (!ulen)
        return true;
    q->unit = unit;
    q->unit_len = ulen;
    if (ulen == strlen(FAN) && memcmp(unit, FAN, ulen) == 0) {
        if (q->value.scale != 0 || q->value.units < 1 || q->value.units > 30)
            return false;
        q->value = (zhx_decimal){(int64_t)1 << q->value.units, 0};
    }
    if (!add_cheng_tenths(q))
        return false;
    zhx_decimal factor;
    unit_lookup(units, q, &factor);
    return zhx_decimal_mul(q->value, factor, &q->value) &&
           zhx_decimal_mul(q->max, factor, &q->max) &&
           ((q->value = zhx_decimal_normal(q->value)), (q->max = zhx_decimal_normal(q->max)), true);
}

/* ---- where numbers are ---------------------------------------------------------------- */

static bool is_latin(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_placeholder_letter(unsigned char c)
{
    return c == 'X' || c == 'x';
}

/* Whether the ASCII byte at `i` may start a number. */
static bool ascii_starts(const unsigned char *u, size_t len, size_t i)
{
    unsigned char c = u[i], prev = i ? u[i - 1] : ' ';
    if (zhx_is_digit((char)c))
        return !zhx_is_digit((char)prev) && prev != '.' && prev != ',' && !is_latin(prev);
    if (c == '*' || c == '_')
        return prev != c;
    if (is_placeholder_letter(c)) {
        unsigned char next = i + 1 < len ? u[i + 1] : ' ';
        return !is_latin(prev) && (!is_latin(next) || is_placeholder_letter(next));
    }
    return false;
}

/* The ASCII bytes a number may start with: 0-9 * X _ x. */
static const uint64_t ASCII_STARTS[2] = {0x03FF040000000000u, 0x0100000081000000u};

/* The three-byte characters a number may start with, as a table indexed by the low bits of
 * the first two bytes, each entry the set of third bytes (less 0x80) that complete one: the
 * Chinese numerals, the full-width placeholders ＊ ＿ and the words for "about" (约 近 逾) that
 * may lead an amount. Most characters are passed over after this one lookup, undecoded. */
#define KEY(b1, b2) (((b1)&0x0F) << 6 | ((b2)&0x3F))
#define LAST(b3) (1ull << ((b3)&0x3F))
static const uint64_t THREE_BYTE_STARTS[1024] = {
    [KEY(0xE4, 0xB8)] =
        LAST(0x80) | LAST(0x89) | LAST(0x83) | LAST(0x87) | LAST(0xA4), /* 一三七万两 */
    [KEY(0xE4, 0xBA)] = LAST(0x8C) | LAST(0x94) | LAST(0xBF),           /* 二五亿 */
    [KEY(0xE4, 0xB9)] = LAST(0x9D),                                     /* 九 */
    [KEY(0xE5, 0x9B)] = LAST(0x9B),                                     /* 四 */
    [KEY(0xE5, 0x85)] = LAST(0xAD) | LAST(0xAB),                        /* 六八 */
    [KEY(0xE5, 0x8D)] = LAST(0x81) | LAST(0x83),                        /* 十千 */
    [KEY(0xE7, 0x99)] = LAST(0xBE),                                     /* 百 */
    [KEY(0xE9, 0x9B)] = LAST(0xB6),                                     /* 零 */
    [KEY(0xE3, 0x80)] = LAST(0x87),                                     /* 〇 */
    [KEY(0xE2, 0x97)] = LAST(0x8B),                                     /* ○ */
    [KEY(0xEF, 0xBC)] = LAST(0x8A) | LAST(0xBF),                        /* ＊＿ (not numerals) */
    [KEY(0xE5, 0xA3)] = LAST(0xB9), /* 壹 and the other capitals of a sum in words */
    [KEY(0xE8, 0xB4)] = LAST(0xB0), /* 贰 */
    [KEY(0xE5, 0x8F)] = LAST(0x81), /* 叁 */
    [KEY(0xE8, 0x82)] = LAST(0x86), /* 肆 */
    [KEY(0xE4, 0xBC)] = LAST(0x8D), /* 伍 */
    [KEY(0xE9, 0x99)] = LAST(0x86), /* 陆 */
    [KEY(0xE6, 0x9F)] = LAST(0x92), /* 柒 */
    [KEY(0xE6, 0x8D)] = LAST(0x8C), /* 捌 */
    [KEY(0xE7, 0x8E)] = LAST(0x96), /* 玖 */
    [KEY(0xE7, 0xBA)] = LAST(0xA6), /* 约, about (not a numeral) */
    [KEY(0xE8, 0xBF)] = LAST(0x91), /* 近, nearly */
    [KEY(0xE9, 0x80)] = LAST(0xBE), /* 逾, over */
};

static bool three_byte_start(const unsigned char *u)
{
    return THREE_BYTE_STARTS[KEY(u[0], u[1])] >> (u[2] & 0x3F) & 1;
}

/* A start that is no numeral: a full-width placeholder or a word for "about". */
static bool is_wide_placeholder(const unsigned char *u)
{
    int key = KEY(u[0], u[1]);
    return key == KEY(0xEF, 0xBC) || key == KEY(0xE7, 0xBA) || key == KEY(0xE8, 0xBF) ||
           key == KEY(0xE9, 0x80);
}

size_t zhx_number_next(const char *s, size_t len, size_t at)
{
    const unsigned char *u = (const unsigned char *)s;
    /* a numeral that continues one before `at` does not start a number */
    bool after_numeral = false;
    if (at >= 3 && at <= len && (u[at - 3] & 0xF0) == 0xE0)
        after_numeral = three_byte_start(u + at - 3) && !is_wide_placeholder(u + at - 3);
    for (size_t i = at; i < len;) {
        unsigned char c = u[i];
        if ((c & 0xF0) == 0xE0) {
            if (three_byte_start(u + i)) {
                if (is_wide_placeholder(u + i) || !after_numeral)
                    return i;
                i += 3;
                continue;
            }
            /* most of a Chinese text: characters that start nothing, one lookup each */
            do
                i += 3;
            while (i < len && (u[i] & 0xF0) == 0xE0 && !three_byte_start(u + i));
            after_numeral = false;
        } else if (c < 0x80) {
            if ((ASCII_STARTS[c >> 6] >> (c & 63) & 1) && ascii_starts(u, len, i))
                return i;
            after_numeral = false;
            i++;
        } else {
            if (c == 0xC3 && u[i + 1] == 0x97) /* × */
                return i;
            after_numeral = false;
            i += zhx_utf8_width(c);
        }
    }
    return len;
}

size_t zhx_number_run_end(const char *s, size_t len, size_t at)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = at;
    while (i < len) {
        unsigned char c = u[i];
        if (c < 0x80 && ((ASCII_STARTS[c >> 6] >> (c & 63) & 1) || c == '.' || c == ','))
            i++;
        else if ((c & 0xF0) == 0xE0 && i + 2 < len && three_byte_start(u + i))
            i += 3;
        else if (c == 0xC3 && i + 1 < len && u[i + 1] == 0x97) /* × */
            i += 2;
        else
            break;
    }
    return i;
}
