/* Sentences and clauses: the units the target rules and their context work on. */
#ifndef ZHX_SENTENCES_H
#define ZHX_SENTENCES_H

#include <stddef.h>
#include <stdint.h>

#include "../core/charset.h"
#include "../core/doc.h"

typedef struct zhx_sentence {
    size_t lo, hi; /* bytes of the text, terminator included */
} zhx_sentence;

/* The characters that end a sentence: the values of the `sentence.ends` map. */
void zhx_sentence_ends_init(const zhx_rules *rules, zhx_charset *ends);

/* No sentence is longer than this many bytes on either side of the place it is looked up
 * from (or than this in all, when split): no rule ever runs over an unbounded subject. */
#define ZHX_SENTENCE_MAX 4096

/* The sentence that holds byte `pos` of `text` (valid UTF-8): from after the sentence end
 * before it to after the one at or after it, cut (at a character boundary) ZHX_SENTENCE_MAX
 * bytes from `pos` on either side. */
zhx_sentence zhx_sentence_at(const zhx_charset *ends, const char *text, size_t len, size_t pos);

typedef struct zhx_sentences {
    zhx_sentence *v;
    size_t n, cap;
} zhx_sentences;

/* Splits all of `text` into sentences, in pieces of at most ZHX_SENTENCE_MAX bytes. Returns
 * false when out of memory. */
bool zhx_sentences_split(zhx_stage *st, const char *text, size_t len, zhx_sentences *out);
void zhx_sentences_free(zhx_sentences *s);

/* The clause breaks of one sentence: the spans `rule` (the first `clause` rule, or NULL for
 * none) matches, in order.
 * A sentence has at most ZHX_CLAUSES_MAX breaks; later ones are not kept, which only joins
 * the last clauses of an extreme sentence. */
#define ZHX_CLAUSES_MAX 128
typedef struct zhx_clauses {
    size_t lo[ZHX_CLAUSES_MAX], hi[ZHX_CLAUSES_MAX];
    size_t n;
} zhx_clauses;

void zhx_clauses_find(zhx_matcher *m, const zhx_rule *rule, const char *text,
                      const zhx_sentence *sentence, zhx_clauses *out);
/* The clause of `pos`: *lo receives the end of the break before it (or the sentence start),
 * *hi the start of the break after it (or the sentence end). */
void zhx_clause_at(const zhx_clauses *c, const zhx_sentence *sentence, size_t pos, size_t *lo,
                   size_t *hi);

/* The clause before the one that starts at `lo` (the end of a break): *plo and *phi; both the
 * sentence start if there is none. */
void zhx_clause_before(const zhx_clauses *c, const zhx_sentence *sentence, size_t lo, size_t *plo,
                       size_t *phi);

/* The clause after the one that ends at `hi` (the start of a break): *nlo and *nhi; false if
 * the sentence ends there. */
bool zhx_clause_after(const zhx_clauses *c, const zhx_sentence *sentence, size_t hi, size_t *nlo,
                      size_t *nhi);

#endif
