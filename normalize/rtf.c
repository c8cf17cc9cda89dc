/* rtf: a document saved as RTF and read as text (a Word file saved as .rtf, scraped or opened
 * raw): {\rtf1\ansi\ansicpg936 … \'d6\'d0 … \par …}. Its text is recovered as a reader of RTF
 * would show it:
 *
 *   - the bytes that \'xx escapes and plain characters give are text in the code page that
 *     \ansicpgN names (windows-N; windows-1252 without one), read with ICU; a \uN escape is
 *     its character, and the \ucN characters after it that stand in for it go;
 *   - a control word the rtf.words map lists becomes its text (\par a line break, \cell a tab,
 *     \row a line break); any other is formatting and goes, and so do braces;
 *   - a group that starts with \* or with a destination the rtf.skip map lists (\fonttbl,
 *     \info, \pict …) goes whole;
 *   - the source's own line breaks are no text.
 *
 * Each character maps to the escapes or characters it came from. A text that does not start
 * with {\rtf is left as it is. */
#include <stdio.h>
#include <string.h>

#include "../core/utf8.h"
#include "bytes.h"

#define RULE "rtf"
#define GROUPS_MAX 256 /* deeper groups than this share their parent's state */
#define WORD_MAX 32

typedef struct group {
    bool skip; /* a destination that holds no text */
    int uc;    /* characters after \uN that stand in for it */
} group;

typedef struct reader {
    zhx_stage *st;
    const char *in;
    size_t len, at;
    zhx_rewriter rw;
    zhx_bytes text; /* bytes of text not written yet */
    UConverter *cnv;
    const zhx_table *words, *skip;
    group groups[GROUPS_MAX];
    size_t depth;
    bool fresh;    /* right after a group's opening brace */
    int stand_ins; /* characters still to drop after a \uN */
    size_t lost;
} reader;

static group *current(reader *r)
{
    return &r->groups[r->depth < GROUPS_MAX ? r->depth : GROUPS_MAX - 1];
}

/* Writes the bytes of text read so far. */
static void flush(reader *r)
{
    if (r->text.n && r->cnv)
        r->lost += zhx_bytes_write(&r->rw, &r->text, r->cnv, RULE);
    r->text.n = 0;
}

/* Drops the source before `at` that nothing was written for (control words, braces). */
static void drop_to(reader *r, size_t at)
{
    zhx_rw_replace(&r->rw, at, "", 0, RULE);
}

/* Writes `s` for the source [start, end). */
static void put(reader *r, const char *s, size_t n, size_t start, size_t end)
{
    flush(r);
    drop_to(r, start);
    zhx_rw_replace(&r->rw, end, s, n, RULE);
}

/* A byte of text, whose source is [start, end). */
static void add_byte(reader *r, char byte, size_t start, size_t end)
{
    if (current(r)->skip)
        return;
    if (r->stand_ins > 0) {
        r->stand_ins--;
        return;
    }
    if (!r->text.n)
        drop_to(r, start);
    r->text.bytes[r->text.n] = byte;
    r->text.end[r->text.n++] = end;
}

/* A character of the text itself, not of the RTF's escapes (the input is UTF-8 by now, as the
 * decode stage read it): written as it is. */
static void add_char(reader *r, size_t start, size_t w)
{
    if (current(r)->skip)
        return;
    if (r->stand_ins > 0) {
        r->stand_ins--;
        return;
    }
    put(r, r->in + start, w, start, start + w);
}

static void set_code_page(reader *r, long page)
{
    char name[32];
    snprintf(name, sizeof name, "windows-%ld", page);
    UConverter *cnv = zhx_bytes_charset(r->st, name, "RTF text");
    if (!cnv)
        return;
    flush(r);
    if (r->cnv)
        ucnv_close(r->cnv);
    r->cnv = cnv;
}

/* A control word at r->at, past its backslash at `start`: its name, parameter, and what it
 * does. */
static void control_word(reader *r, size_t start)
{
    char word[WORD_MAX + 1];
    size_t n = 0;
    while (r->at < r->len && ((r->in[r->at] | 0x20) >= 'a' && (r->in[r->at] | 0x20) <= 'z')) {
        if (n < WORD_MAX)
            word[n++] = r->in[r->at];
        r->at++;
    }
    word[n] = '\0';
    bool has_param = false;
    long param = 0;
    int sign = 1;
    if (r->at < r->len && r->in[r->at] == '-' && r->at + 1 < r->len && r->in[r->at + 1] >= '0' &&
        r->in[r->at + 1] <= '9') {
        sign = -1;
        r->at++;
    }
    while (r->at < r->len && r->in[r->at] >= '0' && r->in[r->at] <= '9') {
        if (param < 100000000)
            param = 10 * param + (r->in[r->at] - '0');
        has_param = true;
        r->at++;
    }
    param *= sign;
    if (r->at < r->len && r->in[r->at] == ' ')
        r->at++; /* the space that ends a control word is part of it */
    bool fresh = r->fresh;
    r->fresh = false;
    group *g = current(r);
    if (fresh && zhx_table_get(r->skip, word, n))
        g->skip = true;
    else if (strcmp(word, "ansicpg") == 0 && has_param)
        set_code_page(r, param);
    else if (strcmp(word, "uc") == 0 && has_param)
        g->uc = (int)param;
    else if (strcmp(word, "u") == 0 && has_param && !g->skip) {
        char utf8[4];
        uint32_t cp = (uint32_t)(param < 0 ? param + 65536 : param);
        put(r, utf8, zhx_utf8_encode(cp, utf8), start, r->at);
        r->stand_ins = g->uc;
    } else if (!g->skip) {
        const char *text = zhx_table_get(r->words, word, n);
        if (text)
            put(r, text, strlen(text), start, r->at);
    }
}

/* A control symbol or word at r->at, past its backslash at `start`. */
static void control(reader *r, size_t start)
{
    char c = r->at < r->len ? r->in[r->at] : '\0';
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
        control_word(r, start);
        return;
    }
    if ((unsigned char)c >= 0x80)
        return; /* a backslash before a character of the text: the character stays text */
    bool fresh = r->fresh;
    r->fresh = false;
    r->at++;
    int hi, lo;
    if (c == '\'' && r->at + 1 < r->len && (hi = zhx_hex_digit(r->in[r->at])) >= 0 &&
        (lo = zhx_hex_digit(r->in[r->at + 1])) >= 0) {
        r->at += 2;
        add_byte(r, (char)(hi << 4 | lo), start, r->at);
    } else if (c == '\\' || c == '{' || c == '}') {
        add_byte(r, c, start, r->at);
    } else if (c == '*' && fresh) {
        current(r)->skip = true;
    } else if ((c == '\n' || c == '\r') && !current(r)->skip) {
        put(r, "\n", 1, start, r->at); /* a backslash before a line break: a paragraph's end */
    } else if (c == '~' && !current(r)->skip) {
        put(r, "\xC2\xA0", 2, start, r->at);
    } else if (c == '_' && !current(r)->skip) {
        put(r, "-", 1, start, r->at);
    }
}

static void read_rtf(reader *r)
{
    while (r->at < r->len) {
        char c = r->in[r->at];
        if (c == '{') {
            group parent = *current(r);
            r->depth++;
            *current(r) = parent;
            r->fresh = true;
            r->at++;
        } else if (c == '}') {
            if (r->depth > 0)
                r->depth--;
            r->fresh = false;
            r->at++;
        } else if (c == '\\') {
            r->at++;
            control(r, r->at - 1);
        } else if ((unsigned char)c >= 0x80) {
            size_t w = zhx_utf8_width((unsigned char)c);
            w = w && r->at + w <= r->len ? w : 1;
            r->fresh = false;
            add_char(r, r->at, w);
            r->at += w;
        } else {
            r->at++;
            r->fresh = false;
            if (c != '\n' && c != '\r')
                add_byte(r, c, r->at - 1, r->at);
        }
    }
    put(r, "", 0, r->len, r->len);
}

zhx_status zhx_rtf(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    size_t start = 0;
    while (start < len &&
           (in[start] == ' ' || in[start] == '\n' || in[start] == '\r' || in[start] == '\t'))
        start++;
    if (len - start < 5 || memcmp(in + start, "{\\rtf", 5) != 0)
        return ZHX_OK;
    reader r = {.st = st, .in = in, .len = len, .at = start};
    r.words = zhx_rules_table(st->engine->rules, "rtf.words");
    r.skip = zhx_rules_table(st->engine->rules, "rtf.skip");
    r.groups[0].uc = 1;
    zhx_rw_init(&r.rw, in, len, st->log, st->index);
    if (!r.words || !r.skip || !zhx_bytes_alloc(&r.text, len)) {
        zhx_bytes_free(&r.text);
        zhx_rw_abandon(&r.rw);
        return r.words && r.skip ? ZHX_ERR_NOMEM : ZHX_OK;
    }
    r.cnv = zhx_bytes_charset(st, "windows-1252", "RTF text");
    read_rtf(&r);
    if (r.cnv)
        ucnv_close(r.cnv);
    zhx_bytes_free(&r.text);
    st->doc->lost_chars += r.lost;
    return zhx_rw_finish(&r.rw, out) ? ZHX_OK : ZHX_ERR_NOMEM;
}
