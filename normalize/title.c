/* title: the document's title, for its doc record. It is the first line that holds text,
 * read through the `title.*` rules, the first of which to capture `title` wins (they strip
 * what sites append, such as a file extension). The text itself is left as it is. */
#include <stdlib.h>
#include <string.h>

#include "normalize.h"

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The first line with text in it, trimmed. */
static void first_line(const char *s, size_t len, size_t *lo, size_t *hi)
{
    size_t i = 0;
    while (i < len && blank(s[i]))
        i++;
    const char *nl = memchr(s + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - s) : len;
    while (end > i && blank(s[end - 1]))
        end--;
    *lo = i;
    *hi = end;
}

zhx_status zhx_title(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    size_t lo, hi;
    first_line(in, len, &lo, &hi);
    if (hi == lo)
        return ZHX_OK;
    size_t n;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "title", &n);
    size_t tlo = lo, thi = hi;
    for (size_t i = 0; i < n; i++) {
        int rc = zhx_match(st->engine->matcher, rules[i]->code, in + lo, hi - lo, 0);
        size_t glo, ghi;
        if (rc == 1 && zhx_match_field(st->engine->matcher, rules[i], "title", &glo, &ghi)) {
            tlo = lo + glo;
            thi = lo + ghi;
            break;
        }
    }
    free(st->doc->title);
    st->doc->title = strndup(in + tlo, thi - tlo);
    return st->doc->title ? ZHX_OK : ZHX_ERR_NOMEM;
}
