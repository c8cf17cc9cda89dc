/* Many literals found in one pass over a text: the prefilter that lets a stage with dozens of
 * rules look at a document once, then run each rule only on the lines where its `needs`
 * literals occur, so that its cost does not grow with rules times text length.
 *
 * The first two characters of every literal are kept, hashed, in a bitmap (one-character
 * literals in another); the scan decodes each character of the text once, tests the bit of
 * it and the character before, and compares literals only where the bit is set, which with a
 * few hundred literals is next to never where none occurs. */
#ifndef ZHX_LITERALS_H
#define ZHX_LITERALS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct zhx_literals zhx_literals;

/* Indexes `n` non-empty UTF-8 literals; literal i belongs to `owners[i]`, which the scan
 * reports. The strings are borrowed and must outlive the index. NULL when out of memory. */
zhx_literals *zhx_literals_new(const char *const *literals, const size_t *owners, size_t n);
void zhx_literals_free(zhx_literals *lits);

/* Calls `hit` for every occurrence of every literal in valid UTF-8 `s`, in text order, with
 * the literal's owner, the byte where it starts and its length in bytes. (Where literals of
 * different lengths start at one byte, the one-character ones come first.) */
typedef void (*zhx_literal_fn)(void *user, size_t owner, size_t pos, size_t len);
void zhx_literals_scan(const zhx_literals *lits, const char *s, size_t len, zhx_literal_fn hit,
                       void *user);

#endif
