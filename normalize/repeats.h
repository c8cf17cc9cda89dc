/* Passages a scraper took twice. A page saved with its print version, its mobile version or an
 * accessible copy under it holds its text twice, the copy set with other line breaks and
 * indents: its figures would be read twice. The boilerplate stage asks this for such copies. */
#ifndef ZHX_REPEATS_H
#define ZHX_REPEATS_H

#include <stdbool.h>
#include <stddef.h>

/* Called for each copy found: bytes [lo, hi) of the text. */
typedef void zhx_repeat_fn(void *user, size_t lo, size_t hi);

/* Finds the passages of `s` that repeat an earlier passage, blanks and line breaks aside, for
 * at least `min_bytes` bytes other than blanks. A copy is whole lines: it starts where a line
 * starts and ends with the last line that agrees to its end (blanks after it aside); a lost
 * character (U+FFFD) ends it. Calls `found` for each, in text order; the copies do not
 * overlap. False when out of memory. */
bool zhx_repeats_find(const char *s, size_t len, size_t min_bytes, zhx_repeat_fn *found,
                      void *user);

#endif
