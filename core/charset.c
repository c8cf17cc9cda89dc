#include "charset.h"

#include <string.h>

#include "utf8.h"

void zhx_charset_init(zhx_charset *set, const zhx_rules *rules, const char *name)
{
    memset(set, 0, sizeof *set);
    const zhx_table *t = zhx_rules_table(rules, name);
    for (size_t i = 0; t && i < t->n; i++) {
        size_t w;
        const char *v = t->entries[i].value;
        if (!*v)
            continue;
        uint32_t cp = zhx_utf8_at(v, &w);
        if (cp < 0x80)
            set->ascii[cp >> 6] |= 1ull << (cp & 63);
        else if (set->nwide < ZHX_CHARSET_WIDE_MAX)
            set->wide[set->nwide++] = zhx_charset_pack(v, w);
        else
            continue;
        set->first_byte[(unsigned char)v[0]] = true;
    }
}

size_t zhx_charset_find(const zhx_charset *set, const char *text, size_t lo, size_t hi)
{
    size_t w;
    for (size_t at = lo; at < hi; at += w)
        if (zhx_charset_at(set, text + at, &w))
            return at;
    return hi;
}

bool zhx_charset_before(const zhx_charset *set, const char *text, size_t hi)
{
    size_t w;
    return zhx_charset_at(set, text + zhx_utf8_prev(text, hi), &w);
}
