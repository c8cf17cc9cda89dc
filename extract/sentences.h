/* Sentences: the units the target rules run over. */
#ifndef ZHX_SENTENCES_H
#define ZHX_SENTENCES_H

#include <stddef.h>

#include "../core/doc.h"

typedef struct zhx_sentence {
    size_t lo, hi; /* bytes of the text, terminator included */
} zhx_sentence;

typedef struct zhx_sentences {
    zhx_sentence *v;
    size_t n, cap;
} zhx_sentences;

/* Splits `text` at the matches of the `sentence.*` rules. Sentences longer than
 * ZHX_SENTENCE_MAX bytes are cut (at a character boundary) so that no rule ever runs over an
 * unbounded subject. Returns false when out of memory. */
#define ZHX_SENTENCE_MAX 4096
bool zhx_sentences_split(zhx_stage *st, const char *text, size_t len, zhx_sentences *out);
void zhx_sentences_free(zhx_sentences *s);

#endif
