/* mime: a mail message saved raw (an .eml file, a mail archive's page), its body still in the
 * transfer encoding that carried it: quoted-printable (=E5=85=A8=E5=8E=BF, lines broken with a
 * trailing =) or base64, and its headers' encoded words (=?UTF-8?B?…?=).
 *
 * The `mime.transfer` rule finds a part's Content-Transfer-Encoding header; the part's body
 * runs from the first blank line after it to a `mime.boundary` line or the end of the text.
 * The body is decoded to bytes, and the bytes to text in the charset a `mime.charset` rule
 * finds among the part's headers (UTF-8 when none does), with ICU. Each `mime.word` is decoded
 * the same way. The text of each character maps to the encoded bytes it came from; a byte
 * sequence the charset cannot read becomes U+FFFD, counted in lost_chars. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/utf8.h"
#include "bytes.h"

static int base64_digit(char c)
{
    return c >= 'A' && c <= 'Z'   ? c - 'A'
           : c >= 'a' && c <= 'z' ? c - 'a' + 26
           : c >= '0' && c <= '9' ? c - '0' + 52
           : c == '+'             ? 62
           : c == '/'             ? 63
                                  : -1;
}

/* Quoted-printable s[lo, hi): =XX is a byte, = before a line break is none (a soft break), `_`
 * a space in an encoded word (`underscore`). */
static void unquote(const char *s, size_t lo, size_t hi, bool underscore, zhx_bytes *d)
{
    for (size_t i = lo; i < hi;) {
        int a = i + 2 < hi ? zhx_hex_digit(s[i + 1]) : -1,
            b = i + 2 < hi ? zhx_hex_digit(s[i + 2]) : -1;
        if (s[i] == '=' && a >= 0 && b >= 0) {
            d->bytes[d->n] = (char)(a << 4 | b);
            i += 3;
        } else if (s[i] == '=' && i + 1 < hi && (s[i + 1] == '\n' || s[i + 1] == '\r')) {
            i += s[i + 1] == '\r' && i + 2 < hi && s[i + 2] == '\n' ? 3 : 2;
            continue; /* a soft line break: no byte */
        } else if ((unsigned char)s[i] >= 0x80) {
            /* a character of the text itself, not of the encoding: its bytes all end where it
             * does, so that no character decoded from them maps into the middle of it */
            size_t w = zhx_utf8_width((unsigned char)s[i]), end = i + w <= hi ? i + w : hi;
            for (; i < end; i++) {
                d->bytes[d->n] = s[i];
                d->end[d->n++] = end;
            }
            continue;
        } else {
            d->bytes[d->n] = underscore && s[i] == '_' ? ' ' : s[i];
            i++;
        }
        d->end[d->n++] = i;
    }
}

/* Base64 s[lo, hi), blanks and line breaks skipped; each byte ends where its quartet does. */
static void unbase64(const char *s, size_t lo, size_t hi, zhx_bytes *d)
{
    uint32_t bits = 0;
    int nbits = 0;
    for (size_t i = lo; i < hi; i++) {
        int v = base64_digit(s[i]);
        if (v < 0)
            continue;
        bits = bits << 6 | (uint32_t)v;
        nbits += 6;
        if (nbits >= 8) {
            nbits -= 8;
            d->bytes[d->n] = (char)(bits >> nbits & 0xFF);
            d->end[d->n++] = i + 1;
        }
    }
}

/* Decodes s[lo, hi) in `encoding` (its first letter: b for base64, else quoted-printable, `_`
 * a space in an encoded word). False when out of memory. */
static bool decode_bytes(const char *s, size_t lo, size_t hi, char encoding, bool word,
                         zhx_bytes *d)
{
    if (!zhx_bytes_alloc(d, hi - lo))
        return false;
    if (encoding == 'b' || encoding == 'B')
        unbase64(s, lo, hi, d);
    else
        unquote(s, lo, hi, word, d);
    return true;
}

/* The `mime.*` rule named `name`, among the few of its kind: every document asks, so not a
 * search of all the rules by name. */
static const zhx_rule *mime_rule(const zhx_stage *st, const char *name)
{
    size_t n;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "mime", &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rules[i]->name, name) == 0)
            return rules[i];
    return NULL;
}

/* The `field` that rule `name` finds first in the headers s[lo, hi), into `out`; `otherwise` if
 * it finds none. */
static void header_field(zhx_stage *st, const char *name, const char *field, const char *s,
                         size_t lo, size_t hi, const char *otherwise, char *out, size_t size)
{
    const zhx_rule *r = mime_rule(st, name);
    size_t at = 0, mlo, mhi, flo, fhi;
    snprintf(out, size, "%s", otherwise);
    if (r && zhx_stage_next(st, r, s + lo, hi - lo, &at, &mlo, &mhi) &&
        zhx_match_field(st->engine->matcher, r, field, &flo, &fhi) && fhi - flo < size)
        snprintf(out, size, "%.*s", (int)(fhi - flo), s + lo + flo);
}

/* Where the text's multipart/alternative begins (its Content-Type header), or SIZE_MAX. */
static size_t alternatives_start(zhx_stage *st, const char *s, size_t len)
{
    const zhx_rule *r = mime_rule(st, "mime.type");
    size_t at = 0, mlo, mhi, tlo, thi;
    while (r && zhx_stage_next(st, r, s, len, &at, &mlo, &mhi))
        if (zhx_match_field(st->engine->matcher, r, "type", &tlo, &thi) && thi - tlo == 21 &&
            strncasecmp(s + tlo, "multipart/alternative", 21) == 0)
            return mlo;
    return SIZE_MAX;
}

/* Where the part whose headers hold `header` (a Content-Transfer-Encoding line's start) has
 * its body: from the line after the first blank line, to a boundary line or the end. */
static bool part_body(zhx_stage *st, const char *s, size_t len, size_t header, size_t *lo,
                      size_t *hi)
{
    const char *blank = NULL;
    for (const char *p = s + header; (p = memchr(p, '\n', (size_t)(s + len - p))); p++) {
        const char *q = p + 1;
        if (q < s + len && *q == '\r')
            q++;
        if (q >= s + len || *q == '\n') {
            blank = q < s + len ? q + 1 : q;
            break;
        }
    }
    if (!blank)
        return false;
    *lo = (size_t)(blank - s);
    *hi = len;
    const zhx_rule *boundary = mime_rule(st, "mime.boundary");
    size_t at = 0, mlo, mhi;
    if (boundary && zhx_stage_next(st, boundary, s + *lo, len - *lo, &at, &mlo, &mhi))
        *hi = *lo + mlo;
    return true;
}

/* Decodes the part body [lo, hi) in `encoding` (its first letter: q or b). */
static bool decode_part(zhx_stage *st, zhx_rewriter *rw, const char *s, size_t lo, size_t hi,
                        char encoding, const char *charset, const char *rule)
{
    UConverter *cnv = zhx_bytes_charset(st, charset, "mail part");
    if (!cnv)
        return true;
    zhx_bytes d;
    bool ok = decode_bytes(s, lo, hi, encoding, false, &d);
    if (ok) {
        bool base64 = encoding == 'b' || encoding == 'B';
        zhx_rw_keep(rw, lo);
        st->doc->lost_chars += zhx_bytes_write(rw, &d, cnv, rule);
        /* base64's padding and line breaks after the last byte: the body's last line break */
        if (base64 && hi > lo)
            zhx_rw_replace(rw, hi, "\n", s[hi - 1] == '\n', rule);
    }
    zhx_bytes_free(&d);
    ucnv_close(cnv);
    return ok;
}

/* Decodes the encoded word that rule `r` matched at [lo, hi) of `s`, its fields relative to
 * `base`; `gap` is where the blanks before it start when they follow another encoded word
 * (they go: RFC 2047), else lo. */
static bool decode_word(zhx_stage *st, zhx_rewriter *rw, const zhx_rule *r, const char *s,
                        size_t base, size_t gap, size_t lo, size_t hi)
{
    size_t clo, chi, elo, ehi, tlo, thi;
    const zhx_matcher *m = st->engine->matcher;
    if (!zhx_match_field(m, r, "charset", &clo, &chi) ||
        !zhx_match_field(m, r, "encoding", &elo, &ehi) ||
        !zhx_match_field(m, r, "text", &tlo, &thi) || chi - clo >= 48)
        return true;
    char charset[48];
    snprintf(charset, sizeof charset, "%.*s", (int)(chi - clo), s + base + clo);
    UConverter *cnv = zhx_bytes_charset(st, charset, "encoded word");
    if (!cnv)
        return true;
    zhx_bytes d;
    bool ok = decode_bytes(s, base + tlo, base + thi, s[base + elo], true, &d);
    if (ok) {
        zhx_rw_keep(rw, gap);
        zhx_rw_replace(rw, lo, "", 0, r->name);         /* blanks between two encoded words */
        zhx_rw_replace(rw, base + tlo, "", 0, r->name); /* =?UTF-8?B? */
        st->doc->lost_chars += zhx_bytes_write(rw, &d, cnv, r->name);
        zhx_rw_replace(rw, hi, "", 0, r->name); /* ?= */
    }
    zhx_bytes_free(&d);
    ucnv_close(cnv);
    return ok;
}

/* Decodes the encoded words in s[lo, hi) (the headers before a body, or after the last). */
static bool decode_words(zhx_stage *st, zhx_rewriter *rw, const char *s, size_t lo, size_t hi)
{
    const zhx_rule *r = mime_rule(st, "mime.word");
    size_t at = 0, mlo, mhi, prev = SIZE_MAX;
    while (r && zhx_stage_next(st, r, s + lo, hi - lo, &at, &mlo, &mhi)) {
        size_t gap = lo + mlo;
        if (prev != SIZE_MAX && strspn(s + prev, " \t\r\n") >= lo + mlo - prev)
            gap = prev;
        if (!decode_word(st, rw, r, s, lo, gap, lo + mlo, lo + mhi))
            return false;
        prev = lo + mhi;
    }
    return true;
}

/* The start of the block of header lines that holds `pos`: after the blank line before it. */
static size_t headers_start(const char *s, size_t pos)
{
    for (size_t i = pos; i > 1; i--)
        if (s[i - 1] == '\n' &&
            (s[i - 2] == '\n' || (i > 2 && s[i - 2] == '\r' && s[i - 3] == '\n')))
            return i;
    return 0;
}

zhx_status zhx_mime(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    const zhx_rule *transfer = mime_rule(st, "mime.transfer");
    const zhx_rule *word = mime_rule(st, "mime.word");
    if (!(transfer && zhx_rule_may_match(transfer, in, len)) &&
        !(word && zhx_rule_may_match(word, in, len)))
        return ZHX_OK;
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, st->log, st->index);
    size_t done = 0, at = 0, mlo, mhi, elo, ehi, alternatives = alternatives_start(st, in, len);
    bool ok = true, text_kept = false; /* a text among the alternatives */
    while (ok && transfer && zhx_stage_next(st, transfer, in, len, &at, &mlo, &mhi)) {
        size_t lo, hi;
        if (mlo < done || !part_body(st, in, len, mlo, &lo, &hi) ||
            !zhx_match_field(st->engine->matcher, transfer, "encoding", &elo, &ehi))
            continue;
        char charset[48], type[64];
        size_t headers = headers_start(in, mlo);
        header_field(st, "mime.charset", "charset", in, headers, lo, "UTF-8", charset,
                     sizeof charset);
        header_field(st, "mime.type", "type", in, headers, lo, "text/plain", type, sizeof type);
        bool text = strncasecmp(type, "text/", 5) == 0;
        ok = decode_words(st, &rw, in, done, lo);
        if (ok && (!text || (mlo > alternatives && text_kept))) {
            zhx_rw_keep(&rw, lo); /* an attachment, or the same text again */
            zhx_rw_replace(&rw, hi, "", 0, "mime.type");
        } else if (ok) {
            ok = decode_part(st, &rw, in, lo, hi, in[elo], charset, transfer->name);
            text_kept |= mlo > alternatives;
        }
        done = at = hi;
    }
    ok = ok && decode_words(st, &rw, in, done, len);
    if (!ok) {
        zhx_rw_abandon(&rw);
        return ZHX_ERR_NOMEM;
    }
    return zhx_rw_finish(&rw, out) ? ZHX_OK : ZHX_ERR_NOMEM;
}
