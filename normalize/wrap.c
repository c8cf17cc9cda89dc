#include "wrap.h"

#include "../core/text.h"
#include "../core/utf8.h"

#define WIDTH_MAX 200 /* columns; no page wraps wider (100 Han characters) */
#define WRAPPED_MIN 5 /* lines at the width for a document to count as wrapped */
#define DOUBLE_MIN 8  /* blank lines between lines for a text to count as double-spaced */

size_t zhx_width(const char *s, size_t lo, size_t hi, size_t most)
{
    size_t cols = 0;
    for (size_t i = lo; i < hi && cols <= most; i += zhx_utf8_width((unsigned char)s[i]))
        cols += (unsigned char)s[i] >= 0xE0 ? 2 : 1;
    return cols;
}

size_t zhx_columns(const char *s, size_t lo, size_t hi)
{
    while (hi > lo && (s[hi - 1] == ' ' || s[hi - 1] == '\t' || s[hi - 1] == '\r'))
        hi--;
    return zhx_width(s, lo, hi, WIDTH_MAX);
}

/* Whether the document may have a wrap width, judged from the lengths of its lines in bytes
 * alone, which costs far less than their widths: a character takes at most 4 bytes and at
 * least 2 columns (1 for 1 byte), so a line of more than 2 * WIDTH_MAX bytes is wider than
 * WIDTH_MAX, and one of fewer than WIDTH_MIN bytes narrower than WIDTH_MIN. Most pages keep
 * each paragraph on one long line, and more than a tenth of those settles it. */
static bool may_be_wrapped(const char *s, size_t len)
{
    size_t lines = 0, wider = 0;
    for (size_t lo = 0, hi; lo < len; lo = hi + 1) {
        hi = zhx_line_stop(s, len, lo);
        lines += hi - lo >= ZHX_WRAP_WIDTH_MIN;
        wider += hi - lo > 2 * WIDTH_MAX;
    }
    return lines >= WRAPPED_MIN && 10 * wider <= lines;
}

/* At least WRAPPED_MIN lines, and a third of those WIDTH_MIN columns wide or more, are between
 * W - SLACK and W wide, and no more than a tenth are wider. Wrapped lines fall short of the
 * width by a little: a half-width digit leaves a column free, a full stop may not start a
 * line. */
size_t zhx_wrap_width(const char *s, size_t len)
{
    if (!may_be_wrapped(s, len))
        return 0;
    size_t count[WIDTH_MAX + 2] = {0}, lines = 0;
    for (size_t lo = 0, hi; lo < len; lo = hi + 1) {
        hi = zhx_line_stop(s, len, lo);
        size_t w = hi - lo >= ZHX_WRAP_WIDTH_MIN ? zhx_columns(s, lo, hi) : 0;
        if (w >= ZHX_WRAP_WIDTH_MIN) {
            count[w <= WIDTH_MAX ? w : WIDTH_MAX + 1]++;
            lines++;
        }
    }
    size_t best = 0, best_at = 0, at = 0;
    for (size_t w = ZHX_WRAP_WIDTH_MIN; w <= WIDTH_MAX; w++) {
        at += count[w] -
              (w >= ZHX_WRAP_WIDTH_MIN + ZHX_WRAP_SLACK + 1 ? count[w - ZHX_WRAP_SLACK - 1] : 0);
        if (at >= best_at && at) { /* ties: the wider window */
            best = w;
            best_at = at;
        }
    }
    size_t wider = 0;
    for (size_t w = best + 1; best && w <= WIDTH_MAX + 1; w++)
        wider += count[w];
    return best_at >= WRAPPED_MIN && 3 * best_at >= lines && 10 * wider <= lines ? best : 0;
}

static bool blank_line(const char *s, size_t lo, size_t hi)
{
    while (lo < hi && (s[lo] == ' ' || s[lo] == '\t' || s[lo] == '\r' || s[lo] == '\f'))
        lo++;
    return lo == hi;
}

/* Between two lines of text, nine times in ten or more exactly one blank line, and the text
 * wrapped: a text of one paragraph a line with a blank line between paragraphs (the way many
 * pages are scraped) is not, its blank lines part its paragraphs. */
bool zhx_double_spaced(const char *s, size_t len)
{
    size_t adjacent = 0, one_apart = 0, blanks = 0;
    bool after_text = false;
    for (size_t lo = 0, hi; lo < len; lo = hi + 1) {
        hi = zhx_line_stop(s, len, lo);
        if (blank_line(s, lo, hi)) {
            blanks++;
            continue;
        }
        adjacent += after_text && blanks == 0;
        one_apart += after_text && blanks == 1;
        after_text = true;
        blanks = 0;
    }
    return one_apart >= DOUBLE_MIN && 10 * adjacent <= one_apart && zhx_wrap_width(s, len) > 0;
}
