/* What each kind of rule may say. A rule's kind is the first part of its dotted name
 * (`boilerplate.docsite.uploader` is a boilerplate rule); the loader checks every rule
 * against its kind, so that a misspelt group or action is an error at load time rather than
 * a field that silently never fills. */
#include "rules.h"

#include <string.h>

static const zhx_rule_kind kinds[] = {
    {"boilerplate", "drop year month day",
     "drop-line drop-span drop-to-end drop-from-start dateline",
     "running=yes seam=yes|line seam-chars list=yes era", ZHX_REPLACE_NEVER},
    {"guard", "", NULL, "", ZHX_REPLACE_NEVER},
    {"repeat", "", NULL, "", ZHX_REPLACE_NEVER},
    {"link", "", NULL, "", ZHX_REPLACE_NEVER},
    {"pages", "num marker", "marker sentence-end", "", ZHX_REPLACE_NEVER},
    {"entity", "name dec hex rowspan colspan data", NULL,
     "table window=lines|document grid=cell|cell-end|row|row-start|table", ZHX_REPLACE_MAY, true},
    {"pinyin", "syllable", NULL, "table", ZHX_REPLACE_NEVER, true},
    {"unicode", "from", NULL, "", ZHX_REPLACE_NEVER},
    {"mime", "encoding charset text type", NULL, "", ZHX_REPLACE_NEVER},
    {"mojibake", "", NULL, "charset", ZHX_REPLACE_NEVER},
    {"lost", "lost", "lose keep", "", ZHX_REPLACE_NEVER, true},
    {"layout", "", NULL, "at=wrap|cells|break unless when", ZHX_REPLACE_MUST},
    {"repair", "", NULL, "", ZHX_REPLACE_MUST},
    {"title", "title", NULL, "skip=yes", ZHX_REPLACE_NEVER},
    {"sentence", "", NULL, "", ZHX_REPLACE_NEVER},
    {"clause", "", NULL, "", ZHX_REPLACE_NEVER},
    {"outline", "marker num label next strong title", NULL,
     "rank style ends=line first=any|lines list=numbered|checklist", ZHX_REPLACE_NEVER},
    {"target", "indicator value value_max from unit cmp noun place", NULL,
     "op=>=|<=|=|>|< kind=target|actual change=down like=previous names=one-each "
     "indicator=object start=clause|number",
     ZHX_REPLACE_NEVER},
    {"task", "owner deadline title", NULL,
     "kind=tasks|other|intro|notes|document|owner|separator|deadline", ZHX_REPLACE_NEVER},
    {"number", "value value_max unit", NULL, "", ZHX_REPLACE_NEVER},
    {"year", "year deadline ahead past", NULL,
     "era script=traditional govern=untitled|following in=title", ZHX_REPLACE_NEVER},
    {"deadline", "deadline", NULL, "reach=line", ZHX_REPLACE_NEVER},
    {"indicator", "indicator unit", NULL, "only=object|names|place", ZHX_REPLACE_NEVER},
    {"unit", "", NULL, "unit", ZHX_REPLACE_NEVER},
    {"cue", "", NULL, "kind=target|actual weak=yes", ZHX_REPLACE_NEVER},
    {"attribute", "", NULL, "", ZHX_REPLACE_NEVER},
    {"card", "key value", NULL, "", ZHX_REPLACE_NEVER},
    {"caption", "unit rate", NULL, "", ZHX_REPLACE_NEVER},
    {"relative", "year", NULL, "", ZHX_REPLACE_NEVER},
    {"genre", "", NULL, "kind=target|actual year=title", ZHX_REPLACE_NEVER},
    {"column", "year unit", NULL,
     "role=indicator|unit|target|reached|base|change|year|place|deadline|content era "
     "script=traditional",
     ZHX_REPLACE_NEVER},
    {"cell", "indicator value value_max unit cmp", NULL, "change=down", ZHX_REPLACE_NEVER},
};

const zhx_rule_kind *zhx_rule_kind_find(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strlen(kinds[i].name) == len && memcmp(kinds[i].name, name, len) == 0)
            return &kinds[i];
    return NULL;
}

void zhx_rule_kinds_list(zhx_buf *out)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        zhx_buf_addf(out, "%s%s", i ? ", " : "", kinds[i].name);
}

/* True if `word` is one of the words of list[p, end) that `sep` parts. */
static bool in_list(const char *p, const char *end, char sep, const char *word, size_t len)
{
    while (p < end) {
        const char *at = memchr(p, sep, (size_t)(end - p));
        size_t n = at ? (size_t)(at - p) : (size_t)(end - p);
        if (n == len && memcmp(p, word, len) == 0)
            return true;
        p += n + 1;
    }
    return false;
}

/* True if `word` is one of the space-separated words of `list`. */
bool zhx_word_in(const char *list, const char *word, size_t len)
{
    return list && in_list(list, list + strlen(list), ' ', word, len);
}

zhx_setting_check zhx_rule_kind_setting(const zhx_rule_kind *kind, const char *key, size_t klen,
                                        const char *value, size_t vlen, const char **values,
                                        size_t *nvalues)
{
    for (const char *p = kind->sets; *p;) {
        size_t n = strcspn(p, " ");
        const char *eq = memchr(p, '=', n);
        size_t name = eq ? (size_t)(eq - p) : n;
        if (name == klen && memcmp(p, key, klen) == 0) {
            *values = eq ? eq + 1 : "";
            *nvalues = eq ? n - name - 1 : 0;
            return !eq || in_list(eq + 1, eq + 1 + *nvalues, '|', value, vlen)
                       ? ZHX_SETTING_OK
                       : ZHX_SETTING_BAD_VALUE;
        }
        p += n + (p[n] == ' ');
    }
    return ZHX_SETTING_BAD_KEY;
}
