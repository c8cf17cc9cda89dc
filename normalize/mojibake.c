/* mojibake: UTF-8 text that a scraper read in another charset and saved again as UTF-8
 * (清溪县 comes out as 娓呮邯鍘), put back.
 *
 * A `mojibake.*` rule names the charset of the misreading (`set charset=GB18030`). Its `needs`
 * are characters such damage leaves all over a page (锛, the first two bytes of ， read as one
 * character): where one occurs in the document, the rule's pattern is matched in every
 * line, since a damaged title or heading need hold none. Each match is encoded back into the
 * charset (ICU); where those bytes read as UTF-8 — at least MIN_CHARS characters beyond ASCII,
 * and more than WHOLE_PER_BROKEN of them for each sequence that breaks with no dropped byte to
 * explain it — they are the text. Real text in that charset does not read as UTF-8 (it breaks
 * about as often as it gives a character), so it stays as it is.
 *
 * A U+FFFD in the damage stands for a byte the misreading could not read and dropped. Where
 * exactly one byte there makes a common character (CJK punctuation, full width, GB2312's first
 * level) that the misreading could not have read with the byte after it, it is put back: the
 * ideographic space that indents each paragraph, 、 and 。 and many characters come back so.
 * Else the character that byte belonged to becomes one U+FFFD, and lost_chars counts it
 * instead. The repaired text is mapped onto the damage piece by piece, cut wherever a character
 * of both ends at the same byte (every two Han characters, and around ASCII). */
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/utf16.h>

#include "../core/utf8.h"
#include "normalize.h"

#define MIN_CHARS 3 /* fewer repaired characters are no evidence of damage */
/* Real text read back as UTF-8 breaks about as often as it gives a character; a misreading
 * breaks only where the bytes it dropped were (which count as lost, not as broken). */
#define WHOLE_PER_BROKEN 2
#define LOST_BYTE 0xFF /* a byte the misreading dropped: never part of UTF-8 */

static const char replacement[] = "\xEF\xBF\xBD";

/* The misread bytes of a match: `bytes`, and for each character of the match where its bytes
 * end there and in the input. */
typedef struct misread {
    unsigned char *bytes;
    size_t nbytes;
    size_t *byte_end, *in_end; /* per character of the match */
    size_t nchars, lost_in;    /* U+FFFD in the match */
} misread;

/* One character of the repaired text: the misread bytes [lo, hi) it comes from, and whether
 * they are one whole UTF-8 character (else it is lost). */
typedef struct repaired {
    size_t lo, hi;
    bool whole;
} repaired;

static void misread_free(misread *m)
{
    free(m->bytes);
    free(m->byte_end);
    free(m->in_end);
}

/* Encodes the character `cp` into `cnv`'s charset at m->bytes + m->nbytes. */
static bool encode_char(UConverter *cnv, uint32_t cp, misread *m)
{
    if (cp == 0xFFFD) {
        m->bytes[m->nbytes++] = LOST_BYTE;
        m->lost_in++;
        return true;
    }
    UChar units[2];
    int32_t n = 0;
    UBool failed = false;
    U16_APPEND(units, n, 2, cp, failed);
    UErrorCode err = U_ZERO_ERROR;
    int32_t w = ucnv_fromUChars(cnv, (char *)m->bytes + m->nbytes, 4, units, n, &err);
    if (failed || U_FAILURE(err) || w <= 0 || w > 4)
        return false;
    m->nbytes += (size_t)w;
    return true;
}

/* Encodes s[lo, hi) back into `cnv`'s charset. False when a character has no place in it
 * (then the match was no misreading in it) or memory ran out. */
static bool encode_back(UConverter *cnv, const char *s, size_t lo, size_t hi, misread *m)
{
    size_t chars = zhx_utf8_count(s + lo, hi - lo);
    memset(m, 0, sizeof *m);
    m->bytes = malloc(4 * chars + 1);
    m->byte_end = malloc(chars * sizeof *m->byte_end);
    m->in_end = malloc(chars * sizeof *m->in_end);
    if (!m->bytes || !m->byte_end || !m->in_end)
        return false;
    for (size_t at = lo, w; at < hi; at += w) {
        uint32_t cp = zhx_utf8_at(s + at, &w);
        if (!encode_char(cnv, cp, m))
            return false;
        m->byte_end[m->nchars] = m->nbytes;
        m->in_end[m->nchars++] = at + w;
    }
    return true;
}

/* The bytes of the character of UTF-8 that byte `b` leads (ASCII too), or 0 if it leads none
 * (a continuation, a lost byte, a byte UTF-8 never holds). */
static size_t lead_width(unsigned char b)
{
    return b < 0x80 ? 1 : b >= 0xC2 && b <= 0xF4 ? zhx_utf8_width(b) : 0;
}

/* Whether the misreading's charset reads bytes x and y as one character: where it does, x
 * was not the byte it dropped. A pair in a user-defined area is not read: some decoders give
 * it a private-use character, others (Python's GBK) drop it. */
static bool read_as_pair(UConverter *misread_cnv, unsigned char x, unsigned char y)
{
    const char in[2] = {(char)x, (char)y};
    UChar out[4];
    UErrorCode err = U_ZERO_ERROR;
    ucnv_resetToUnicode(misread_cnv);
    int32_t n = ucnv_toUChars(misread_cnv, out, 4, in, 2, &err);
    return U_SUCCESS(err) && n == 1 && !(out[0] >= 0xE000 && out[0] <= 0xF8FF);
}

/* Whether `cp` is a character Chinese text uses all the time: a mark of CJK punctuation
 * (U+3000 to U+301F but the postal marks) or of full width, or one of the 3755 characters of
 * GB2312's first level (leads B0 to D7). */
static bool common_char(UConverter *gb2312, uint32_t cp)
{
    if ((cp >= 0x3000 && cp <= 0x301F && cp != 0x3012 && cp != 0x3013) ||
        (cp >= 0xFF01 && cp <= 0xFF5E) || (cp >= 0x2010 && cp <= 0x2027))
        return true;
    if (!gb2312 || cp > 0xFFFF)
        return false;
    UChar u = (UChar)cp;
    char out[4];
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = ucnv_fromUChars(gb2312, out, sizeof out, &u, 1, &err);
    return U_SUCCESS(err) && n == 2 && (unsigned char)out[0] >= 0xB0 &&
           (unsigned char)out[0] <= 0xD7;
}

/* The byte lost at position `p` of the character at `i` (its only one), where one byte alone
 * makes it a common character that the misreading would have dropped (it could not read
 * that byte with the byte after it); 0 where none or several do. */
static unsigned char lost_byte_told(const misread *m, UConverter *cnv, UConverter *gb2312, size_t i,
                                    size_t want, size_t p)
{
    char c[4];
    memcpy(c, m->bytes + i, want);
    bool next = i + p + 1 < m->nbytes && m->bytes[i + p + 1] != LOST_BYTE;
    unsigned char found = 0;
    for (unsigned x = 0x80; x <= 0xBF; x++) {
        c[p] = (char)x;
        if (zhx_utf8_valid_prefix(c, want) != want ||
            (next && read_as_pair(cnv, (unsigned char)x, m->bytes[i + p + 1])))
            continue;
        size_t w;
        if (!common_char(gb2312, zhx_utf8_at(c, &w)))
            continue;
        if (found)
            return 0;
        found = (unsigned char)x;
    }
    return found;
}

/* Puts back each lost byte that can be told (lost_byte_told): the ideographic space that
 * indents every paragraph (E3 80 80) and many marks and characters besides. */
static void restore_lost(misread *m, UConverter *cnv, UConverter *gb2312)
{
    unsigned char *b = m->bytes;
    for (size_t i = 0; i < m->nbytes; i++) {
        size_t want = lead_width(b[i]), p = 0, lost = 0;
        if (want < 2 || i + want > m->nbytes)
            continue;
        for (size_t k = 1; k < want; k++) {
            if (b[i + k] == LOST_BYTE) {
                lost++;
                p = k;
            } else if (!zhx_utf8_continuation(b[i + k])) {
                lost = 2; /* cut short: no character to tell */
            }
        }
        unsigned char x = lost == 1 ? lost_byte_told(m, cnv, gb2312, i, want, p) : 0;
        if (x)
            b[i + p] = x;
    }
}

/* How many bytes from i make one character of UTF-8, or of what is left of one: a lead byte
 * and its continuations (a lost byte among them), or a lost byte or stray continuations and
 * those after them. `whole` says whether they are a character still; `dropped` whether a byte
 * the misreading dropped is what keeps them from being one. */
static size_t char_bytes(const misread *m, size_t i, bool *whole, bool *dropped)
{
    unsigned char b = m->bytes[i];
    size_t want = lead_width(b), k = 1;
    bool lost = false;
    if (want == 0) {
        while (k < 4 && i + k < m->nbytes && zhx_utf8_continuation(m->bytes[i + k]))
            k++;
        *whole = false;
        *dropped = b == LOST_BYTE || (i > 0 && m->bytes[i - 1] == LOST_BYTE);
        return k;
    }
    for (; k < want && i + k < m->nbytes; k++) {
        unsigned char c = m->bytes[i + k];
        if (c == LOST_BYTE)
            lost = true;
        else if (!zhx_utf8_continuation(c))
            break;
    }
    *whole = !lost && k == want && zhx_utf8_valid_prefix((const char *)m->bytes + i, want) == want;
    *dropped = lost;
    return k;
}

/* Reads m's bytes as UTF-8 into `out` (room for nbytes characters), one lost character for
 * each byte sequence that is none. Returns how many characters; *wide counts the whole ones
 * beyond ASCII, *broken the others that no dropped byte explains. */
static size_t read_back(const misread *m, repaired *out, size_t *wide, size_t *broken)
{
    size_t n = 0;
    *wide = *broken = 0;
    for (size_t i = 0, k; i < m->nbytes; i += k) {
        bool whole, dropped;
        k = char_bytes(m, i, &whole, &dropped);
        out[n++] = (repaired){i, i + k, whole};
        *wide += whole && k > 1;
        *broken += !whole && !dropped;
    }
    return n;
}

/* Writes the repaired text of match m over the input, one piece wherever a repaired
 * character and an input character end at the same byte. Returns the U+FFFD it wrote. */
static size_t write_back(zhx_rewriter *rw, const misread *m, const repaired *r, size_t n, size_t lo,
                         const char *rule)
{
    zhx_buf piece = ZHX_BUF_INIT;
    size_t k = 0, lost = 0;
    zhx_rw_keep(rw, lo);
    for (size_t i = 0; i < n; i++) {
        if (r[i].whole)
            zhx_buf_add(&piece, (const char *)m->bytes + r[i].lo, r[i].hi - r[i].lo);
        else
            zhx_buf_add(&piece, replacement, sizeof replacement - 1);
        lost += !r[i].whole;
        while (k < m->nchars && m->byte_end[k] < r[i].hi)
            k++;
        if (k == m->nchars || m->byte_end[k] != r[i].hi)
            continue;
        zhx_rw_replace(rw, m->in_end[k], piece.s, piece.len, rule); /* keeps what is the same */
        piece.len = 0;
    }
    zhx_buf_free(&piece);
    return lost;
}

/* Repairs the match [lo, hi) of rule `r` if it reads as a misreading. */
static bool repair_match(zhx_stage *st, UConverter *cnv, UConverter *gb2312, const zhx_rule *r,
                         const char *in, size_t lo, size_t hi, zhx_rewriter *rw)
{
    misread m;
    bool ok = true;
    if (encode_back(cnv, in, lo, hi, &m)) {
        restore_lost(&m, cnv, gb2312);
        repaired *rd = malloc((m.nbytes + 1) * sizeof *rd);
        size_t wide, broken, n = rd ? read_back(&m, rd, &wide, &broken) : 0;
        ok = rd != NULL;
        if (rd && wide >= MIN_CHARS && wide > WHOLE_PER_BROKEN * broken) {
            /* decode counted the U+FFFD of the damage; the characters lost replace them */
            size_t before = st->doc->lost_chars + write_back(rw, &m, rd, n, lo, r->name);
            st->doc->lost_chars = before > m.lost_in ? before - m.lost_in : 0;
        }
        free(rd);
    } else {
        ok = m.bytes && m.byte_end && m.in_end;
    }
    misread_free(&m);
    return ok;
}

/* Tries rule `r` in every line of `in`. */
static bool repair_lines(zhx_stage *st, const zhx_rule *r, const char *in, size_t len,
                         zhx_rewriter *rw)
{
    const char *charset = zhx_rule_setting(r, "charset");
    UErrorCode err = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open(charset, &err);
    if (U_FAILURE(err))
        return true; /* ICU's data lacks the charset here: nothing to repair with */
    /* a character the charset cannot hold ends the match's repair, not a substitute for it;
     * bytes it cannot read are no character (read_as_pair) */
    ucnv_setFromUCallBack(cnv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    UErrorCode gb_err = U_ZERO_ERROR;
    UConverter *gb2312 = ucnv_open("GB2312", &gb_err);
    if (U_SUCCESS(gb_err))
        ucnv_setFromUCallBack(gb2312, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &gb_err);
    bool ok = true;
    for (size_t pos = 0; ok && pos < len;) {
        size_t stop = zhx_line_stop(in, len, pos), at = 0, mlo, mhi;
        while (ok && zhx_stage_next(st, r, in + pos, stop - pos, &at, &mlo, &mhi))
            ok = repair_match(st, cnv, U_SUCCESS(gb_err) ? gb2312 : NULL, r, in, pos + mlo,
                              pos + mhi, rw);
        pos = stop + 1;
    }
    ucnv_close(gb2312);
    ucnv_close(cnv);
    return ok;
}

zhx_status zhx_mojibake(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    size_t n;
    const zhx_rule *const *rules = zhx_rules_of_kind(st->engine->rules, "mojibake", &n);
    const zhx_rule *found = NULL;
    for (size_t i = 0; i < n && !found; i++)
        if (zhx_rule_may_match(rules[i], in, len))
            found = rules[i];
    if (!found)
        return ZHX_OK;
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, st->log, st->index);
    if (!repair_lines(st, found, in, len, &rw)) {
        zhx_rw_abandon(&rw);
        return ZHX_ERR_NOMEM;
    }
    if (rw.edits)
        zhx_doc_warn(st->doc, "text misread as %s repaired (%s)",
                     zhx_rule_setting(found, "charset"), found->name);
    return zhx_rw_finish(&rw, out) ? ZHX_OK : ZHX_ERR_NOMEM;
}
