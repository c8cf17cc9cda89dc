/* Seams between pages. Where a page of a scraped document ends, its text either closes a
 * sentence (the seam falls between sentences) or stops in the middle of one (the page cut
 * it, and the text after the page's furniture goes on with it). The pages stage asks this of
 * a document site's preview pages, the boilerplate stage of an article's pager lines. */
#ifndef ZHX_SEAMS_H
#define ZHX_SEAMS_H

#include "../core/doc.h"

/* Whether the text [lo, hi) of `in` ends a sentence, by the `sentence-end` rules of the pages
 * kind (which see the last 64 bytes of it, without its trailing blanks). */
bool zhx_ends_sentence(zhx_stage *st, const char *in, size_t lo, size_t hi);

#endif
