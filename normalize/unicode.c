/* unicode: characters folded to the forms the later stages and rules expect, by their Unicode
 * properties (ICU) rather than by hand-kept ranges:
 *
 *   - controls (Cc) and format characters (Cf: zero-width spaces and joiners, byte-order
 *     marks, soft hyphens, bidi marks) go; NUL never survives this stage (OpenCC, next, stops
 *     at one);
 *   - white space: a run of blanks (space, tab, any space separator such as NBSP or the
 *     ideographic space) becomes one space, or a tab for each tab it holds (a tab parts the
 *     cells of a table flattened to text, and the target rules read rows by it; two in a row
 *     part an empty cell), or one tab if it is one of at least two runs of two blanks or more
 *     inside a line that no tab parts (a table copied from a page or a PDF, its cells apart by
 *     runs of blanks; in a table aligned with ideographic spaces, one of them between two
 *     cells, a run that opens a row under a row of cells at its second cell's column, and no
 *     run inside a head word spread to its column's width, 科　　　　目); line breaks (CRLF,
 *     CR, form feed, U+2028, …) become LF, at most two in a row, and one fewer in a wrapped
 *     text double-spaced throughout (normalize/wrap.h), whose blank lines part nothing; white
 *     space at the start of the text and at the start and end of a line goes, but for the tabs
 *     that open a row of cells (its first cells empty); a space between a number's thousands
 *     (a thin or no-break space, or Hong Kong's ordinary one before a Han character) a comma;
 *   - characters whose compatibility decomposition is <wide> ASCII (full-width letters,
 *     digits and symbols) become that ASCII character, except the marks Chinese writes
 *     full-width (the keys of unicode.cjk-punct), which stay; a Kangxi radical or a CJK
 *     compatibility ideograph becomes the ideograph it stands for (⼈ → 人, 率 → 率: fonts
 *     of PDFs map them so);
 *   - with --punct cjk (the default): a half-width mark of unicode.cjk-punct between two
 *     characters of Han script becomes its full-width form (`部署,加快` → `部署，加快`); a
 *     quote or bracket that is not ASCII counts as Han on its inner side (`“看病难”,“看病贵”`).
 *     A pair of parentheses folds as one, when its text starts and ends with Han characters
 *     and Chinese goes on outside it or it opens a line (`(一)以核酸` → `（一）以核酸`), so no
 *     pair comes out half folded; `(DRG)` stays. The characters of unicode.fold become theirs
 *     (`〝〞` → `“”`).
 *
 * Nothing else changes. In particular there is no NFKC: it would turn `①` into `1` (so
 * `①2023年` reads `12023年`) and `10³` into `103`. */
#include <stdint.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/uscript.h>

#include "../core/charset.h"
#include "../core/text.h"
#include "../core/utf8.h"
#include "normalize.h"
#include "wrap.h"

/* How far apart a pair of parentheses may stand to be folded together. */
#define PAIR_BYTES_MAX 96

typedef struct folding {
    const zhx_table *fold; /* unicode.fold */
    const char *cjk[128];  /* unicode.cjk-punct: the full-width form of an ASCII mark */
    bool punct;            /* --punct cjk */
    bool look[128];        /* ASCII characters that may change */
    uint32_t kept[256];    /* non-ASCII characters seen to stay as they are, by low byte */
    const UNormalizer2 *nfkc;
    size_t pair_close; /* a `)` whose `(` was folded (pair_full) or kept as it was */
    bool pair_full;
    size_t line_lo, line_hi; /* the line last looked at for cells, and its verdict */
    bool line_has_cells, line_spaced;
    size_t csv_lo, csv_hi; /* the line last looked at for commas that part cells, and its verdict */
    bool csv_line;
    zhx_charset prose_marks; /* unicode.prose-marks: no line of CSV holds one */
    bool double_spaced;      /* a blank line after every line of the text (normalize/wrap.h) */
} folding;

#define MAX_EMPTY_CELLS 64    /* tabs a run of them keeps: empty cells of a row, no more */
#define CELL_BREAKS_MIN 2     /* runs of blanks inside a line that make it a row of cells */
#define ALIGN_SLACK 2         /* columns by which cells aligned with blanks may miss their column */
#define LETTER_SPACED_WORDS 8 /* words of one character apart that show a letter-spaced line */
#define CSV_COMMAS_MIN 2      /* commas outside quotes of a row of CSV (and of its neighbour) */
#define FULLWIDTH_COMMA 0xFF0C
#define CSV_RECORD_LINES_MAX 4 /* lines of a CSV record whose quoted cells hold line breaks */

static bool folding_init(zhx_stage *st, folding *f)
{
    memset(f, 0, sizeof *f);
    const zhx_rules *rules = st->engine->rules;
    f->punct = st->engine->options.punct == ZHX_PUNCT_CJK;
    f->fold = zhx_rules_table(rules, "unicode.fold");
    zhx_charset_init(&f->prose_marks, rules, "unicode.prose-marks");
    const zhx_table *cjk = zhx_rules_table(rules, "unicode.cjk-punct");
    for (size_t i = 0; cjk && i < cjk->n; i++) {
        unsigned char c = (unsigned char)cjk->entries[i].key[0];
        if (c < 0x80 && cjk->entries[i].key[1] == '\0')
            f->cjk[c] = cjk->entries[i].value;
    }
    for (unsigned c = 0; c < 0x20; c++)
        f->look[c] = true;
    f->look[' '] = f->look[0x7F] = f->look[','] = true;
    for (unsigned c = 0; c < 0x80; c++)
        f->look[c] |= f->punct && f->cjk[c] != NULL;
    UErrorCode err = U_ZERO_ERROR;
    f->nfkc = unorm2_getNFKCInstance(&err);
    return U_SUCCESS(err);
}

static bool is_break(uint32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0x85 || cp == 0x2028 ||
           cp == 0x2029;
}

/* (No space separator comes after U+3000, the ideographic space: ideographs are passed over
 * without asking ICU.) */
static bool is_blank(uint32_t cp)
{
    return cp == ' ' || cp == '\t' ||
           (cp >= 0x80 && cp <= 0x3000 && u_charType((UChar32)cp) == U_SPACE_SEPARATOR);
}

static bool is_white(uint32_t cp)
{
    return is_blank(cp) || is_break(cp);
}

/* Characters that simply go: controls other than white space, and format characters. */
static bool is_dropped(uint32_t cp)
{
    int8_t type = u_charType((UChar32)cp);
    return (type == U_CONTROL_CHAR && !is_break(cp) && cp != '\t') || type == U_FORMAT_CHAR;
}

static bool is_han(uint32_t cp)
{
    UErrorCode err = U_ZERO_ERROR;
    return cp >= 0x80 && uscript_getScript((UChar32)cp, &err) == USCRIPT_HAN;
}

/* Whether the character before byte `i` lets a mark after it be Chinese: a Han character,
 * or a closing quote or bracket that is not ASCII (”」）》). */
static bool han_before(const char *in, size_t i)
{
    size_t w;
    if (i == 0)
        return false;
    uint32_t cp = zhx_utf8_at(in + zhx_utf8_prev(in, i), &w);
    return is_han(cp) ||
           (cp >= 0x80 && (U_GET_GC_MASK((UChar32)cp) & (U_GC_PE_MASK | U_GC_PF_MASK)));
}

/* The same for the character at `i` and a mark before it: Han, or an opening quote or
 * bracket that is not ASCII (“「（《). */
static bool han_at(const char *in, size_t len, size_t i)
{
    size_t w;
    if (i >= len)
        return false;
    uint32_t cp = zhx_utf8_at(in + i, &w);
    return is_han(cp) ||
           (cp >= 0x80 && (U_GET_GC_MASK((UChar32)cp) & (U_GC_PS_MASK | U_GC_PI_MASK)));
}

static bool han_char_at(const char *in, size_t i)
{
    size_t w;
    return is_han(zhx_utf8_at(in + i, &w));
}

/* Where the `)` that closes the `(` at `i` is, on the same line and not far; 0 if none. */
static size_t closing_paren(const char *in, size_t len, size_t i)
{
    for (size_t j = i + 1; j < len && j - i <= PAIR_BYTES_MAX; j++) {
        if (in[j] == ')')
            return j;
        if (in[j] == '(' || in[j] == '\n' ||
            (j + 2 < len && memcmp(in + j, "\xEF\xBC", 2) == 0 &&
             (in[j + 2] == '\x88' || in[j + 2] == '\x89')))
            return 0; /* nested, unclosed on its line, or mixed with full-width ones */
    }
    return 0;
}

/* Whether the pair of parentheses at `open` and `close` encloses Chinese: its text starts and
 * ends with Han characters, and outside it Chinese goes on (or a line starts: `(一)`). */
static bool chinese_pair(const char *in, size_t len, size_t open, size_t close)
{
    if (close <= open + 1 || !han_char_at(in, open + 1) ||
        !han_char_at(in, zhx_utf8_prev(in, close)))
        return false;
    return open == 0 || in[open - 1] == '\n' || han_before(in, open) || han_at(in, len, close + 1);
}

/* Whether a `(` at `i` opens a pair that folds. */
static bool opens_chinese_pair(const char *in, size_t len, size_t i)
{
    size_t close = i < len && in[i] == '(' ? closing_paren(in, len, i) : 0;
    return close && chinese_pair(in, len, i, close);
}

/* The end of the white space starting at `i` (format characters inside it count as part of
 * it), the line breaks and blanks in it, and the tabs after its last line break. */
static size_t space_run(const char *in, size_t len, size_t i, size_t *breaks, size_t *blanks,
                        size_t *tabs)
{
    size_t j = i;
    *breaks = *blanks = *tabs = 0;
    while (j < len) {
        size_t w;
        uint32_t cp = zhx_utf8_at(in + j, &w);
        if (cp == '\r' && j + 1 < len && in[j + 1] == '\n')
            w = 2;
        *tabs += cp == '\t';
        if (is_break(cp)) {
            ++*breaks;
            *tabs = 0;
        } else if (is_blank(cp))
            ++*blanks;
        else if (!is_dropped(cp))
            break;
        j += w;
    }
    return j;
}

/* What the runs of blanks of a line [lo, hi) show: how many are two blanks or more between its
 * characters, the words they part (runs of non-blanks), how many of those are one character
 * long, how many gaps are one blank wide, and whether it parts cells (a tab, a bar). */
typedef struct line_blanks {
    size_t wide_runs, words, letters, single_gaps;
    bool tab, bar; /* a tab between words, a bar in one: a row of cells */
} line_blanks;

static line_blanks count_blanks(const char *in, size_t lo, size_t hi)
{
    line_blanks b = {0, 0, 0, 0, false, false};
    size_t word = 0;
    for (size_t k = lo; k <= hi;) {
        size_t breaks, blanks, tabs, w = 1;
        if (k < hi && !is_blank(zhx_utf8_at(in + k, &w))) {
            b.bar |= in[k] == '|' || (w == 3 && memcmp(in + k, "｜", 3) == 0);
            word++;
            k += w;
            continue;
        }
        b.words += word > 0;
        b.letters += word == 1;
        word = 0;
        if (k == hi)
            break;
        size_t end = space_run(in, hi, k, &breaks, &blanks, &tabs);
        b.wide_runs += blanks >= 2 && k > lo && end < hi;
        b.single_gaps += blanks == 1 && !tabs && k > lo && end < hi;
        b.tab |= tabs > 0;
        k = end;
    }
    return b;
}

/* Whether a line is letter-spaced, as a PDF whose text a tool copied a character at a time
 * gives it (全 市 城 镇 新 增 就 业 1 . 2 万 人): of its LETTER_SPACED_WORDS words or more,
 * most are one character long and most gaps are one blank wide; or, under such a line, the
 * end of its paragraph (市 财 政 局 。), all its words of one character. Prose with words
 * apart, and rows of cells (| | 地表水劣Ⅴ类水体比例 | % | 0 |), are not. */
static bool letter_spaced(const char *in, size_t lo, const line_blanks *b)
{
    if (b->tab || b->bar || b->words < 2)
        return false;
    if (b->words >= LETTER_SPACED_WORDS)
        return 10 * b->letters >= 7 * b->words && 2 * b->single_gaps >= b->words;
    if (b->letters < b->words || lo < 2)
        return false;
    size_t above = zhx_line_start(in, lo - 1);
    line_blanks a = count_blanks(in, above, lo - 1);
    return a.words >= LETTER_SPACED_WORDS && letter_spaced(in, above, &a);
}

/* The end of the run of blanks that opens the line starting at `lo`. */
static size_t after_leading_blanks(const char *in, size_t len, size_t lo)
{
    size_t k = lo, w;
    while (k < len && is_blank(zhx_utf8_at(in + k, &w)))
        k += w;
    return k;
}

/* The column where the second cell of the row [lo, hi) starts: after the first run of two
 * blanks or more that follows its first characters; 0 if it has none. */
static bool spread_word(const char *in, size_t len, size_t i, size_t j);

static size_t second_cell_column(const char *in, size_t lo, size_t hi)
{
    size_t k = after_leading_blanks(in, hi, lo), w;
    while (k < hi) {
        size_t run = k, blanks = 0;
        while (run < hi && is_blank(zhx_utf8_at(in + run, &w))) {
            run += w;
            blanks++;
        }
        if (blanks >= 2 && run < hi && !spread_word(in, hi, k, run)) /* 指  标 is one cell */
            return zhx_width(in, lo, run, SIZE_MAX);
        k = run > k ? run : k + zhx_utf8_width((unsigned char)in[k]);
    }
    return 0;
}

/* Whether the run of blanks that opens the line [lo, hi) (its runs counted in `b`) is an empty
 * first cell: in a table aligned with blanks, a row under a row of cells whose text starts
 * where that row's second cell does (款次 left blank under 4　　其他收入: 　　　岁入合计　　　　
 * ３８，５２４，６００). A row indented to show it is a part of the one above starts inside
 * that row's first cell, and an indented paragraph has no wide gap inside its text. */
static bool opens_with_empty_cell(const char *in, size_t lo, size_t hi, const line_blanks *b)
{
    size_t text = after_leading_blanks(in, hi, lo);
    if (b->tab || b->wide_runs == 0 || lo < 2 || text - lo < 2)
        return false;
    size_t above = zhx_line_start(in, lo - 1);
    line_blanks a = count_blanks(in, above, lo - 1);
    size_t second = second_cell_column(in, above, lo - 1), lead = zhx_width(in, lo, text, SIZE_MAX);
    return !a.tab && a.wide_runs >= CELL_BREAKS_MIN && second && lead + ALIGN_SLACK >= second &&
           lead <= second + ALIGN_SLACK;
}

/* How many cell breaks of blanks the line [lo, hi) has: its runs of two blanks or more between
 * its characters, and the run that opens it when that is an empty cell; 0 if tabs part its
 * cells already. */
static size_t cell_breaks(const char *in, size_t lo, size_t hi, line_blanks *b)
{
    *b = count_blanks(in, lo, hi);
    if (b->tab)
        return 0;
    return b->wide_runs + opens_with_empty_cell(in, lo, hi, b);
}

/* Reads the line around byte `i` once, however many runs of blanks it has: whether it holds
 * CELL_BREAKS_MIN cell breaks of blanks (a row of cells), and whether it is letter-spaced. */
static void read_line(folding *f, const char *in, size_t len, size_t i)
{
    if (i >= f->line_lo && i < f->line_hi)
        return;
    size_t lo = zhx_line_start(in, i), hi = zhx_line_stop(in, len, i);
    line_blanks b;
    f->line_lo = lo;
    f->line_hi = hi + 1;
    f->line_has_cells = cell_breaks(in, lo, hi, &b) >= CELL_BREAKS_MIN;
    f->line_spaced = letter_spaced(in, lo, &b);
}

static bool line_has_cells(folding *f, const char *in, size_t len, size_t i)
{
    read_line(f, in, len, i);
    return f->line_has_cells;
}

/* The commas outside double quotes in [lo, hi): the cell separators of a line of CSV; 0 for a
 * line of prose, which ends its sentences or parts its clauses with marks (unicode.prose-marks:
 * 。，；！？) that no row of cells holds, and for a row whose cells tabs or runs of blanks part
 * already (its commas part thousands: 58,310.45). */
static size_t csv_commas(const folding *f, const char *in, size_t lo, size_t hi)
{
    line_blanks b;
    if (zhx_charset_find(&f->prose_marks, in, lo, hi) < hi || memchr(in + lo, '\t', hi - lo) ||
        cell_breaks(in, lo, hi, &b) >= CELL_BREAKS_MIN)
        return 0;
    size_t n = 0;
    bool quoted = false;
    for (size_t k = lo; k < hi; k++) {
        quoted ^= in[k] == '"';
        n += in[k] == ',' && !quoted;
    }
    return n;
}

/* The end of the CSV record whose first line is [lo, hi): a quoted cell may hold line breaks
 * ("劳动人事争议仲裁\n结案率"), and the record goes on to the line where its quotes close (within
 * CSV_RECORD_LINES_MAX lines). */
static size_t csv_record_end(const char *in, size_t len, size_t lo, size_t hi)
{
    bool quoted = false;
    for (size_t k = lo, lines = 1;; k++) {
        if (k == hi) {
            if (!quoted || hi == len || lines++ == CSV_RECORD_LINES_MAX)
                return hi;
            hi = zhx_line_stop(in, len, hi + 1);
        }
        quoted ^= in[k] == '"';
    }
}

/* Whether the comma at `i` parts the cells of a table pasted as CSV (序号,指标名称,单位,…): it
 * is outside quotes, and its line and the line before or after it hold as many such commas,
 * CSV_COMMAS_MIN or more. Each line is read once, however many commas it has. */
static bool csv_separator(folding *f, const char *in, size_t len, size_t i)
{
    if (!(i >= f->csv_lo && i < f->csv_hi)) {
        size_t lo = zhx_line_start(in, i), plo = lo ? zhx_line_start(in, lo - 1) : 0;
        size_t hi = csv_record_end(in, len, lo, zhx_line_stop(in, len, i));
        size_t n = csv_commas(f, in, lo, hi);
        size_t nhi =
            hi < len ? csv_record_end(in, len, hi + 1, zhx_line_stop(in, len, hi + 1)) : len;
        f->csv_lo = lo;
        f->csv_hi = hi + 1;
        f->csv_line = n >= CSV_COMMAS_MIN && ((lo > 0 && csv_commas(f, in, plo, lo - 1) == n) ||
                                              (hi < len && csv_commas(f, in, hi + 1, nhi) == n));
    }
    if (!f->csv_line)
        return false;
    bool quoted = false; /* whether the comma is inside quotes */
    for (size_t k = f->csv_lo; k < i; k++)
        quoted ^= in[k] == '"';
    return !quoted;
}

/* Whether the character before `i` stands alone: white space or the line's start before it
 * (a letter-spaced line's blanks come after such characters, most text's after words). */
static bool after_lone_character(const char *in, size_t i)
{
    if (i == 0)
        return false; /* the text's start: nothing before the blanks */
    size_t p = zhx_utf8_prev(in, i), w;
    if (p == 0)
        return true;
    return is_white(zhx_utf8_at(in + zhx_utf8_prev(in, p), &w));
}

/* Whether the character at `j` stands alone: white space or the text's end after it. */
static bool lone_character(const char *in, size_t len, size_t j)
{
    size_t w, k = j + zhx_utf8_width((unsigned char)in[j]);
    if (k >= len)
        return true;
    return is_white(zhx_utf8_at(in + k, &w));
}

/* Whether the digits at `j` are groups of three apart by single spaces, the last right before
 * a Han character (30 800个单位, 12 345 678元), as Hong Kong writes thousands with an ordinary
 * space; two numbers a space apart (2025 123) are not that. */
static bool thousands_before_han(const char *in, size_t len, size_t j)
{
    for (size_t k = j;; k += 4) {
        for (size_t d = 0; d < 3; d++)
            if (k + d >= len || !zhx_is_digit(in[k + d]))
                return false;
        if (k + 3 < len && in[k + 3] == ' ')
            continue;
        size_t w;
        return k + 3 < len && is_han(zhx_utf8_at(in + k + 3, &w));
    }
}

/* Whether the blank at `i`, ending at `j`, parts the thousands of a number, as typesetters
 * part them with a thin or no-break space (12 345.6亿元, 3 862户): one such space, one to
 * three digits before it that no point opens, three after it and no fourth. An ordinary space
 * is left alone (between two numbers it parts them: 表中 2025 123) but in a number of groups of
 * three before a Han character (thousands_before_han). */
static bool thin_thousands(const char *in, size_t len, size_t i, size_t j)
{
    size_t w;
    uint32_t cp = zhx_utf8_at(in + i, &w);
    if (i + w != j || (cp != 0xA0 && cp != 0x2007 && cp != 0x2009 && cp != 0x202F &&
                       !(cp == ' ' && thousands_before_han(in, len, j))))
        return false;
    size_t lead = 0;
    while (lead < i && lead < 4 && zhx_is_digit(in[i - lead - 1]))
        lead++;
    if (lead == 0 || lead > 3 || (lead < i && in[i - lead - 1] == '.'))
        return false;
    for (size_t k = 0; k < 3; k++)
        if (j + k >= len || !zhx_is_digit(in[j + k]))
            return false;
    return j + 3 == len || !zhx_is_digit(in[j + 3]);
}

/* Whether the line starting at `i` parts cells with tabs. */
static bool line_has_tab(const char *in, size_t len, size_t i)
{
    const char *end = memchr(in + i, '\n', len - i);
    return memchr(in + i, '\t', (size_t)((end ? end : in + len) - (in + i))) != NULL;
}

/* What a run of white space [i, j) becomes: at the text's start nothing, else its line breaks
 * (at most two; one at the text's end); or, inside a line, a space, or a tab for each tab of
 * it (a cell break each: empty cells stay cells) and one for a cell break of blanks. Before a
 * row of cells, the tabs that open the row stay too (its first cells empty, merged with the
 * row above). */
static size_t folded_space(const char *in, size_t len, size_t i, size_t j, size_t breaks,
                           size_t tabs, bool cell, char *out, size_t cap)
{
    size_t n = 0, cells = 0;
    if (i == 0 || breaks) {
        size_t most = i == 0 ? 0 : j < len ? 2 : 1;
        while (n < breaks && n < most)
            out[n++] = '\n';
        if (tabs && j < len && line_has_tab(in, len, j))
            cells = tabs;
    } else if (j < len && cell) {
        cells = tabs ? tabs : 1;
    } else if (j < len) {
        out[n++] = ' ';
    }
    while (cells-- > 0 && n < cap)
        out[n++] = '\t';
    return n;
}

/* Whether the blanks [i, j) of a row of cells set apart the two characters of one head word,
 * spread to its column's width (科　　　　目, 合　　计): Han characters standing alone. */
static bool spread_word(const char *in, size_t len, size_t i, size_t j)
{
    size_t w;
    return after_lone_character(in, i) && lone_character(in, len, j) &&
           is_han(zhx_utf8_at(in + zhx_utf8_prev(in, i), &w)) && is_han(zhx_utf8_at(in + j, &w));
}

/* Whether [i, j) is one ideographic space, which a table aligned with them puts between two
 * cells when the first fills its column (款次　科目). */
static bool ideographic_space(const char *in, size_t i, size_t j)
{
    return j - i == 3 && memcmp(in + i, "\u3000", 3) == 0;
}

/* Whether the line break [i, j) opens, with the run of blanks before the line's text, an
 * empty first cell (opens_with_empty_cell). */
static bool opens_empty_cell(const char *in, size_t len, size_t j)
{
    size_t lo = zhx_line_start(in, j), hi = zhx_line_stop(in, len, j);
    line_blanks b = count_blanks(in, lo, hi);
    return opens_with_empty_cell(in, lo, hi, &b);
}

/* The white space starting at `i`, with the format characters inside it, folded as one run. */
static size_t fold_space(folding *f, zhx_rewriter *rw, const char *in, size_t len, size_t i)
{
    size_t breaks, blanks, tabs;
    size_t j = space_run(in, len, i, &breaks, &blanks, &tabs);
    if (thin_thousands(in, len, i, j)) {
        zhx_rw_keep(rw, i);
        zhx_rw_replace_chars(rw, j, ",", 1, "unicode.thin-thousands");
        return j;
    }
    if (!breaks && !tabs && j < len &&
        (after_lone_character(in, i) || lone_character(in, len, j))) {
        read_line(f, in, len, i);
        if (f->line_spaced) { /* 就 业 1 . 2 万 人: the blanks are the copy's, not the text's */
            zhx_rw_keep(rw, i);
            zhx_rw_replace(rw, j, "", 0, "unicode.letter-spacing");
            return j;
        }
    }
    bool row =
        !breaks && (blanks >= 2 || ideographic_space(in, i, j)) && line_has_cells(f, in, len, i);
    if (row && blanks >= 2 && !tabs && spread_word(in, len, i, j)) {
        zhx_rw_keep(rw, i);
        zhx_rw_replace(rw, j, "", 0, "unicode.spread-word");
        return j;
    }
    bool padding = (j < len && in[j] == '|') || (i > 0 && in[i - 1] == '|'); /* |万亿    |1.2 */
    bool cell = tabs || (row && !padding);
    bool spacing = f->double_spaced && breaks >= 2; /* the blank line parts nothing */
    char with[2 + MAX_EMPTY_CELLS];
    size_t n = folded_space(in, len, i, j, breaks - spacing, tabs, cell, with, sizeof with);
    if (breaks == 1 && !tabs && j < len && n < sizeof with && j - zhx_line_start(in, j) >= 2 &&
        opens_empty_cell(in, len, j)) /* blanks open the line: only then is it read whole */
        with[n++] = '\t';
    zhx_rw_keep(rw, i);
    zhx_rw_replace(rw, j, with, n, spacing ? "unicode.double-spacing" : "unicode.white-space");
    return j;
}

/* The ASCII character a <wide> character stands for, or 0. */
static char narrow_form(const folding *f, uint32_t cp)
{
    if (u_getIntPropertyValue((UChar32)cp, UCHAR_DECOMPOSITION_TYPE) != U_DT_WIDE)
        return 0;
    UChar d[4];
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = unorm2_getRawDecomposition(f->nfkc, (UChar32)cp, d, 4, &err);
    return U_SUCCESS(err) && n == 1 && d[0] > 0x20 && d[0] < 0x7F ? (char)d[0] : 0;
}

/* The ideograph that a look-alike stands for, and the rule that folds it: text copied out of a
 * PDF whose font maps Kangxi radicals (⼈ U+2F08 for 人) or CJK compatibility ideographs (率
 * U+F9DF for 率) carries them in place of the common characters, which look the same. A
 * radical's compatibility decomposition and a compatibility ideograph's canonical one are that
 * single character; the twelve unified ideographs of the compatibility block have none and
 * stay. Written to `out` (UTF-8, NUL-terminated); NULL for any other character. */
static const char *stand_in_ideograph(const folding *f, uint32_t cp, char out[5])
{
    const char *rule;
    switch (ublock_getCode((UChar32)cp)) {
    case UBLOCK_KANGXI_RADICALS:
        rule = "unicode.radical";
        break;
    case UBLOCK_CJK_COMPATIBILITY_IDEOGRAPHS:
    case UBLOCK_CJK_COMPATIBILITY_IDEOGRAPHS_SUPPLEMENT:
        rule = "unicode.compat-ideograph";
        break;
    default:
        return NULL;
    }
    UChar d[4];
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = unorm2_getRawDecomposition(f->nfkc, (UChar32)cp, d, 4, &err);
    if (U_FAILURE(err) || n < 1)
        return NULL;
    int32_t at = 0;
    UChar32 ideograph;
    U16_NEXT(d, at, n, ideograph);
    if (at != n)
        return NULL;
    out[zhx_utf8_encode((uint32_t)ideograph, out)] = '\0';
    return rule;
}

static bool is_punctuation(uint32_t cp)
{
    return U_GET_GC_MASK((UChar32)cp) & U_GC_P_MASK;
}

/* Whether a full-width digit (U+FF10–U+FF19) starts at `i`. */
static bool wide_digit_at(const char *in, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)in + i;
    return i + 3 <= len && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99;
}

/* Whether the full-width comma at `i` parts the thousands of a number written in full-width
 * digits (１５，８６０元), as a journalist's copy prints them: a digit before it, three after it
 * and no fourth. Between half-width digits it stays a comma of the text. */
static bool wide_thousands(const char *in, size_t len, size_t i)
{
    return i >= 3 && wide_digit_at(in, len, i - 3) && wide_digit_at(in, len, i + 3) &&
           wide_digit_at(in, len, i + 6) && wide_digit_at(in, len, i + 9) &&
           !wide_digit_at(in, len, i + 12);
}

static bool superscript_digit(uint32_t cp)
{
    if (cp < 0xB2 || (cp > 0xB9 && cp < 0x2070) || cp > 0x2079) /* Latin-1's and U+2070's */
        return false;
    return u_getIntPropertyValue((UChar32)cp, UCHAR_DECOMPOSITION_TYPE) == U_DT_SUPER &&
           u_getNumericValue((UChar32)cp) != U_NO_NUMERIC_VALUE;
}

/* Whether the superscript digit at `i` is a note's mark: right after a character or a mark of
 * the text (规模¹达到…, 占比达到13%²), not after a letter or a digit, whose power it is (m²,
 * 10³), nor after white space. */
static bool note_mark(const char *in, size_t i)
{
    if (i == 0)
        return false;
    size_t w;
    uint32_t before = zhx_utf8_at(in + zhx_utf8_prev(in, i), &w);
    if (before < 0x80)
        return before == '%' || before == ')' || before == ']';
    return !is_white(before) && !is_dropped(before);
}

/* Folds the character at `i`, which may change; returns where the next one starts. */
static size_t fold_char(folding *f, zhx_rewriter *rw, const char *in, size_t len, size_t i)
{
    size_t w;
    uint32_t cp = zhx_utf8_at(in + i, &w);
    if (is_break(cp) || is_blank(cp))
        return fold_space(f, rw, in, len, i);
    if (cp == FULLWIDTH_COMMA) { /* a comma of the text, but between full-width digits */
        if (wide_thousands(in, len, i)) {
            zhx_rw_keep(rw, i);
            zhx_rw_replace_chars(rw, i + w, ",", 1, "unicode.wide-thousands");
        }
        return i + w;
    }
    zhx_rw_keep(rw, i);
    if (is_dropped(cp)) {
        zhx_rw_replace(rw, i + w, "", 0, cp < 0x80 ? "unicode.control" : "unicode.format");
        return i + w;
    }
    if (cp == ',' && csv_separator(f, in, len, i)) {
        zhx_rw_replace(rw, i + 1, "\t", 1, "unicode.csv-cell");
        return i + 1;
    }
    if (cp < 0x80 && !(f->punct && f->cjk[cp]))
        return i + 1; /* a comma of running text, with --punct keep */
    if (cp < 0x80) {  /* a mark of unicode.cjk-punct, with --punct cjk */
        bool full;
        size_t close = cp == '(' ? closing_paren(in, len, i) : 0;
        if (close) { /* a pair of parentheses folds as one */
            full = chinese_pair(in, len, i, close);
            f->pair_close = close;
            f->pair_full = full;
        } else if (i == f->pair_close && i) {
            full = f->pair_full;
        } else {
            full = (han_before(in, i) || (i && i - 1 == f->pair_close && f->pair_full)) &&
                   (han_at(in, len, i + 1) || opens_chinese_pair(in, len, i + 1));
        }
        if (full) /* one character for one: a single unit maps it exactly */
            zhx_rw_replace(rw, i + 1, f->cjk[cp], strlen(f->cjk[cp]), "unicode.cjk-punct");
        return i + 1;
    }
    if (superscript_digit(cp)) { /* never kept by its code alone: what it is depends on where */
        if (note_mark(in, i))
            zhx_rw_replace(rw, i + w, "", 0, "unicode.note-mark");
        return i + w;
    }
    char narrow = narrow_form(f, cp), ideograph[5];
    const char *stand_in = narrow ? NULL : stand_in_ideograph(f, cp, ideograph);
    const char *to = narrow ? NULL : f->fold ? zhx_table_get(f->fold, in + i, w) : NULL;
    if (narrow && !f->cjk[(unsigned char)narrow] && (f->punct || !is_punctuation(cp)))
        zhx_rw_replace_chars(rw, i + w, &narrow, 1, "unicode.fullwidth");
    else if (stand_in)
        zhx_rw_replace_chars(rw, i + w, ideograph, strlen(ideograph), stand_in);
    else if (to && (f->punct || !is_punctuation(cp)))
        zhx_rw_replace_chars(rw, i + w, to, strlen(to), "unicode.fold");
    else
        f->kept[cp & 0xFF] = cp; /* what stays depends on nothing around it */
    return i + w;
}

zhx_status zhx_unicode(zhx_stage *st, const char *in, size_t len, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    folding f;
    if (!folding_init(st, &f))
        return ZHX_ERR_INPUT;
    f.double_spaced = zhx_double_spaced(in, len);
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, st->log, st->index);
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)in[i];
        if (c >= 0xE4 && c <= 0xE9) { /* U+4000–U+9FFF: ideographs, none of which folds */
            do
                i += 3;
            while (i < len && (unsigned char)in[i] >= 0xE4 && (unsigned char)in[i] <= 0xE9);
            continue;
        }
        if (c < 0x80) {
            i = f.look[c] ? fold_char(&f, &rw, in, len, i) : i + 1;
            continue;
        }
        size_t w;
        uint32_t cp = zhx_utf8_at(in + i, &w);
        i = f.kept[cp & 0xFF] == cp ? i + w : fold_char(&f, &rw, in, len, i);
    }
    return zhx_rw_finish(&rw, out) ? ZHX_OK : ZHX_ERR_NOMEM;
}
