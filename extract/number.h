/* Numbers and units as policy documents write them, parsed into exact decimals.
 *
 * Values are computed in decimal, never through binary floating point: 16.4亿 is
 * 1640000000 exactly. The work is split in three:
 *
 *   - where a number may start (zhx_number_next): a fast scan for ASCII digits, placeholders,
 *     Chinese numerals and 约/近/逾, so that only those places reach the rules;
 *   - what the amount is (zhx_amount_parse): Arabic and Chinese numerals, the multipliers
 *     十/百/千/万/亿 in both, approximate markers, Chinese ranges (两三), 百分之, ratios and
 *     placeholders. This grammar is code, written once here;
 *   - what the unit is (zhx_quantity_read): the unit as written, renamed and scaled by the
 *     `number.units` table of the rules (成 is a tenth: 三成 is 30 %; /10万 is reported as
 *     1/10万). Multipliers are applied to the value and dropped from the unit: 1.1亿元 is
 *     110000000 元. Which text is an amount and which is a unit is decided by the
 *     `number.quantity` rule (rules/number.rules), which gives both as named groups. */
#ifndef ZHX_NUMBER_H
#define ZHX_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/doc.h"
#include "../core/rules.h"

/* ---- exact decimals ------------------------------------------------------------------- */

/* Parses an Arabic number ("77.5", "1,200", "0.05") at the start of `s`. Returns false if
 * there is none or it does not fit; `used` (if not NULL) receives the bytes it took. */
bool zhx_decimal_parse(const char *s, size_t len, zhx_decimal *d, size_t *used);
/* a + b, a * b and a * 10^k; false when the result does not fit. */
bool zhx_decimal_add(zhx_decimal a, zhx_decimal b, zhx_decimal *out);
bool zhx_decimal_mul(zhx_decimal a, zhx_decimal b, zhx_decimal *out);
bool zhx_decimal_scale(zhx_decimal a, int k, zhx_decimal *out);
/* a / b to at most `places` decimals; `exact` (if not NULL) tells whether nothing was cut. */
bool zhx_decimal_div(zhx_decimal a, zhx_decimal b, int places, zhx_decimal *out, bool *exact);
/* The same number with no trailing zeros after the point and no negative scale. */
zhx_decimal zhx_decimal_normal(zhx_decimal d);
/* Writes the number as plain digits ("1640000000", "-29.3", "0.5"); returns its length. */
size_t zhx_decimal_format(zhx_decimal d, char *buf, size_t size);

/* ---- where numbers are ---------------------------------------------------------------- */

/* The first byte at or after `at` where a number may start: an ASCII digit that does not
 * continue a number or a Latin word, a placeholder (X, x, *, _) outside Latin words, or a
 * Chinese numeral that does not continue another. Returns `len` when there is none. `s` is
 * valid UTF-8 and `at` a character boundary. */
size_t zhx_number_next(const char *s, size_t len, size_t at);

/* The end of the run of digits, placeholders and Chinese numerals that starts at `at`. */
size_t zhx_number_run_end(const char *s, size_t len, size_t at);

/* ---- amounts and quantities ----------------------------------------------------------- */

/* An amount as written before its unit. */
typedef struct zhx_amount {
    zhx_decimal value, max;
    bool has_max;     /* a range written with adjacent numerals: 两三 is 2 to 3 */
    bool approx;      /* 三十几, 二百余, 10多 */
    bool placeholder; /* X, XX, *, _: an anonymised figure with no value */
    /* the unit the amount's own form brings, or NULL: "%" for 百分之五 and a share written as
     * a fraction (三分之一, 3/4), "‰" for 千分之三, "1/万" for 万分之五, "ratio" for a:b (as
     * a / b is not what is meant, the value is b / a) */
    const char *unit;
} zhx_amount;

/* Parses the whole of `s` (len bytes) as one amount: "77.5", "1,200", "1.1亿", "13万2",
 * "一千二百", "两千", "十万零一千", "零点五", "三十几万", "二百余万", "10多", "两三",
 * "百分之九十五", "千分之三", "三分之一" (33.3 %, approximate), "3/4" (75 %), "1:1.5", "X";
 * led by 约, 近 or 逾 it is approximate ("近千"). Returns false if it is not one. */
bool zhx_amount_parse(const char *s, size_t len, zhx_amount *out);

/* A value with its unit, as a record reports it. */
typedef struct zhx_quantity {
    zhx_decimal value, max;
    bool has_value, has_max, approx, placeholder;
    const char *unit; /* into the units table or the text; NULL when there is none */
    size_t unit_len;
} zhx_quantity;

/* Reads the amount `value` (and the upper end of a range, `max`, when mlen > 0) with the unit
 * `unit` as written (ulen == 0 when there is none), renaming and scaling the unit by `units`
 * (the `number.units` table; NULL for none). Returns false if an amount does not parse or a
 * value does not fit. */
bool zhx_quantity_read(const zhx_table *units, const char *value, size_t vlen, const char *max,
                       size_t mlen, const char *unit, size_t ulen, zhx_quantity *q);

#endif
