/* Literals: where the `needs` literals of a set of rules occur in a text, found in one pass.
 *
 * A rule's `needs` names literals one of which every match of the rule holds. A stage that
 * runs many rules over a long text indexes their literals once per document, walks the text
 * with zhx_literals_next, and runs only the rules whose literals it meets, on a bounded piece
 * around them: the cost is one pass over the bytes, whatever the number of rules. */
#ifndef ZHX_LITERALS_H
#define ZHX_LITERALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/rules.h"

#define ZHX_LITERALS_MAX 255

typedef struct zhx_literal {
    const char *s;
    size_t len;
    size_t rule; /* index of its rule in the array given to zhx_literals_init */
} zhx_literal;

/* The literals ordered by first byte (in load order within it): v[by_byte[b]] ..
 * v[by_byte[b + 1] - 1] start with byte b. Bit (c & 63) of second[b] is set when one of them
 * has c for its second byte, of third[b] when one has c for its third (every bit where a
 * literal is shorter). A literal is a character or more; with three bytes the two tables tell
 * nearly every Han character apart. */
typedef struct zhx_literals {
    zhx_literal v[ZHX_LITERALS_MAX];
    uint8_t by_byte[257];
    uint64_t second[256], third[256];
} zhx_literals;

/* Indexes the `needs` literals of `rules`. Literals past ZHX_LITERALS_MAX are left out; a
 * rule without `needs` has none, and is never found. */
void zhx_literals_init(zhx_literals *l, const zhx_rule *const *rules, size_t n);

/* The first byte at or after `from` where one of the literals may start (its first three bytes
 * pass the tables), or `len`. The text is valid UTF-8: a literal never starts inside a
 * character. */
size_t zhx_literals_next(const zhx_literals *l, const char *text, size_t len, size_t from);

/* The literals that start at `at`, one per call: the first after `prev` (NULL: the first of
 * all), or NULL when there is no other. */
const zhx_literal *zhx_literals_at(const zhx_literals *l, const char *text, size_t len, size_t at,
                                   const zhx_literal *prev);

#endif
