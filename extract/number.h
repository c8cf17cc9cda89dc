/* Numbers and units as policy documents write them, parsed into exact decimals.
 *
 * Values are computed in decimal, never through binary floating point: 16.4亿 is
 * 1640000000 exactly. Multipliers (万, 亿, 千万) are applied to the value and dropped from the
 * unit: 1.1亿元 is 110000000 元, 4.3万人 is 43000 人. A rate 15/10万 keeps its base in the
 * unit (value 15, unit "1/10万"); a ratio 1:1.5 is value 1.5, unit "ratio". */
#ifndef ZHX_NUMBER_H
#define ZHX_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/doc.h"

/* Parses an Arabic number ("77.5", "1,200", "0.05") at the start of `s`. Returns false if
 * there is none or it does not fit; `used` (if not NULL) receives the bytes it took. */
bool zhx_decimal_parse(const char *s, size_t len, zhx_decimal *d, size_t *used);

#endif
