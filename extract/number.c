#include "number.h"

#include <stdint.h>

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A thousands separator is followed by exactly three digits. */
static bool thousands_group(const char *s, size_t len)
{
    return len >= 3 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) &&
           (len == 3 || !is_digit(s[3]));
}

bool zhx_decimal_parse(const char *s, size_t len, zhx_decimal *d, size_t *used)
{
    int64_t units = 0;
    int32_t scale = 0;
    size_t i = 0, digits = 0;
    bool point = false;
    for (; i < len; i++) {
        char c = s[i];
        if (c == ',' && digits && !point && thousands_group(s + i + 1, len - i - 1))
            continue;
        if (c == '.' && !point && digits && i + 1 < len && is_digit(s[i + 1])) {
            point = true;
            continue;
        }
        if (!is_digit(c))
            break;
        if (units > (INT64_MAX - 9) / 10)
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
