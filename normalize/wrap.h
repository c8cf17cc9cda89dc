/* Hard wraps. A PDF, a fixed-width page or a text dump breaks a paragraph into lines of one
 * width; the layout stage joins such lines again, and the unicode stage takes the blank line
 * an extractor writes after each of them (a double-spaced text) for a plain line break. */
#ifndef ZHX_WRAP_H
#define ZHX_WRAP_H

#include <stdbool.h>
#include <stddef.h>

/* columns a wrapped line may fall short of the width: a paragraph's first line lost its indent
 * (two Han characters) in the unicode stage */
#define ZHX_WRAP_SLACK 8
#define ZHX_WRAP_WIDTH_MIN 24 /* columns; a narrower line says nothing of a wrap width */

/* The width in columns of s[lo, hi) as Chinese text is set: a character of three or four bytes
 * in UTF-8 (Han, CJK punctuation, the ideographic space, full-width forms, and the quotes and
 * ellipsis that Chinese fonts set full width) takes two, one of one or two bytes (ASCII,
 * Latin, Greek) one; the count stops once it is past `most`. */
size_t zhx_width(const char *s, size_t lo, size_t hi, size_t most);
/* A line's width, so counted, trailing blanks aside. */
size_t zhx_columns(const char *s, size_t lo, size_t hi);

/* The width W at which the lines of `s` were wrapped, or 0 if they were not. */
size_t zhx_wrap_width(const char *s, size_t len);

/* Whether `s` is a wrapped text double-spaced throughout: a blank line after every line of it
 * (as Apache Tika and some PDF extractors write a page), so that its blank lines part
 * nothing, neither paragraphs nor lines. */
bool zhx_double_spaced(const char *s, size_t len);

#endif
