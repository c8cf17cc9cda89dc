/* Numbers as policy documents write them, parsed into exact decimals. */
#ifndef ZHX_NUMBER_H
#define ZHX_NUMBER_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/doc.h"

/* Parses an Arabic number ("77.5", "1,200", "0.05") at the start of `s`. Returns false if
 * there is none or it does not fit; `used` (if not NULL) receives the bytes it took. */
bool zhx_decimal_parse(const char *s, size_t len, zhx_decimal *d, size_t *used);

#endif
