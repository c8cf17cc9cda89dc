/* repeats: passages a scraper took twice (repeats.h).
 *
 * Where a line starts (an anchor), the next KEY_BYTES bytes other than blanks are hashed; the
 * first anchor of each hash is kept in a table. An anchor whose hash an earlier one has is
 * compared with it, blanks aside, for as long as the two agree and the earlier stays before
 * the later: a long enough agreement is a copy. A copy set with other line breaks still starts
 * its paragraphs where the first does, and from there the comparison passes over the breaks.
 * Only anchors are hashed, one a line, found by memchr: the cost is a table lookup a line and
 * one comparison a copy. */
#include "repeats.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "../core/utf8.h"

#define KEY_BYTES 48 /* bytes other than blanks that an anchor is known by: 16 characters */

typedef struct anchor_table {
    struct slot {
        uint64_t hash;
        size_t at; /* SIZE_MAX: empty */
    } * v;
    size_t cap, n;
} anchor_table;

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t skip_blanks(const char *s, size_t len, size_t i)
{
    while (i < len && is_blank(s[i]))
        i++;
    return i;
}

/* The FNV-1a hash of the KEY_BYTES bytes other than blanks from `i`; false if fewer remain. */
static bool key_at(const char *s, size_t len, size_t i, uint64_t *hash)
{
    uint64_t h = 0xcbf29ce484222325u;
    size_t n = 0;
    for (; i < len && n < KEY_BYTES; i++) {
        if (is_blank(s[i]))
            continue;
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
        n++;
    }
    *hash = h;
    return n == KEY_BYTES;
}

static bool table_grow(anchor_table *t)
{
    size_t cap = t->cap ? 2 * t->cap : 256;
    struct slot *v = malloc(cap * sizeof *v);
    if (!v)
        return false;
    for (size_t i = 0; i < cap; i++)
        v[i].at = SIZE_MAX;
    for (size_t i = 0; i < t->cap; i++) {
        if (t->v[i].at == SIZE_MAX)
            continue;
        size_t k = t->v[i].hash & (cap - 1);
        while (v[k].at != SIZE_MAX)
            k = (k + 1) & (cap - 1);
        v[k] = t->v[i];
    }
    free(t->v);
    t->v = v;
    t->cap = cap;
    return true;
}

/* The earlier anchor with this hash, or SIZE_MAX after adding `at` as its first. */
static size_t first_with(anchor_table *t, uint64_t hash, size_t at, bool *failed)
{
    if (2 * (t->n + 1) > t->cap && !table_grow(t)) {
        *failed = true;
        return SIZE_MAX;
    }
    size_t k = hash & (t->cap - 1);
    for (; t->v[k].at != SIZE_MAX; k = (k + 1) & (t->cap - 1))
        if (t->v[k].hash == hash)
            return t->v[k].at;
    t->v[k] = (struct slot){hash, at};
    t->n++;
    return SIZE_MAX;
}

/* Whether a lost character (U+FFFD) starts at `i`: what two passages lost may differ, so no
 * passage that lost some is known to be a copy (and the count of lost characters stays what
 * the text shows). */
static bool lost_at(const char *s, size_t len, size_t i)
{
    static const char lost[] = "\xEF\xBF\xBD";
    return i + 3 <= len && memcmp(s + i, lost, 3) == 0;
}

/* How far the text from `copy` agrees with the text from `first`, blanks aside, while `first`
 * stays before `copy`: the end of the copy's agreeing text, at a character boundary, and in
 * *same the bytes other than blanks that agree. */
static size_t agreement(const char *s, size_t len, size_t first, size_t copy, size_t *same)
{
    size_t a = first, b = copy, end = copy;
    *same = 0;
    for (;;) {
        a = skip_blanks(s, copy, a);
        b = skip_blanks(s, len, b);
        if (a >= copy || b >= len || s[a] != s[b] || lost_at(s, len, b))
            break;
        a++;
        b++;
        ++*same;
        if (b == len || !zhx_utf8_continuation((unsigned char)s[b]))
            end = b; /* a whole character agrees */
    }
    return end;
}

/* The end of a copy from `start` that agrees up to `end`: past the line break after it, if only
 * blanks follow it on its line, else the end of the last whole line before it (a copy is whole
 * lines: one that parts from its first in the middle of a line leaves that line be), or
 * `start` if there is none. */
static size_t whole_lines_end(const char *s, size_t len, size_t start, size_t end)
{
    size_t i = end;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
        i++;
    if (i == len || s[i] == '\n')
        return i < len ? i + 1 : len;
    const char *nl = memrchr(s + start, '\n', end - start);
    return nl ? (size_t)(nl - s) + 1 : start;
}

/* Where the next line starts at or after `i`. */
static size_t next_line(const char *s, size_t len, size_t i)
{
    if (i == 0)
        return 0;
    size_t stop = zhx_line_stop(s, len, i - 1);
    return stop < len ? stop + 1 : len;
}

bool zhx_repeats_find(const char *s, size_t len, size_t min_bytes, zhx_repeat_fn *found, void *user)
{
    anchor_table t = {NULL, 0, 0};
    bool failed = false;
    for (size_t at = 0; at < len && !failed;) {
        size_t start = skip_blanks(s, len, at), same, end;
        uint64_t hash;
        size_t first = start < len && key_at(s, len, start, &hash)
                           ? first_with(&t, hash, start, &failed)
                           : SIZE_MAX;
        size_t stop = first != SIZE_MAX && (end = agreement(s, len, first, start, &same)) > start &&
                              same >= min_bytes
                          ? whole_lines_end(s, len, start, end)
                          : start;
        if (stop - start >= min_bytes) {
            found(user, start, stop);
            at = next_line(s, len, stop);
            continue;
        }
        at = start < len ? next_line(s, len, start + 1) : len;
    }
    free(t.v);
    return !failed;
}
