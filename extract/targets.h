/* The files of the targets stage, and what they share while one document is read.
 *
 *   targets.c       the stage: figures found at the numbers of the text, read by the `target`
 *                   rules, completed sentence by sentence
 *   indicators.c    what a figure measures: the text before it, trimmed by the `indicator`
 *                   rules; a unit its indicator implies (the `unit` rules)
 *   kinds.c         whether a figure is a target or a reported figure: the `cue` words of its
 *                   sentence, the `genre` of its headings and of the title
 *   dates.c         years and deadlines: where the text names them (the `year` rules), and
 *                   which figures they are for
 *   tables.c        the rows of tables whose head row names each column's role (the `column`
 *                   and `cell` rules), read before the target rules run over the rest
 *   target_rules.c  the rules of all of them, read once per engine
 *
 * Offsets are bytes of the normalized text. */
#ifndef ZHX_TARGETS_H
#define ZHX_TARGETS_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/buf.h"
#include "../core/doc.h"
#include "sentences.h"
#include "target_rules.h"

/* The document being read. */
typedef struct zhx_reading {
    zhx_doc *doc;
    const char *text;
    size_t len;
    zhx_matcher *m;
    const zhx_target_rules *tr;
    bool failed; /* out of memory */
} zhx_reading;

/* A record while its sentence is being read. */
typedef struct zhx_figure {
    size_t t;               /* index of its record */
    const zhx_trule *rule;  /* the rule that found it */
    const zhx_trule *reads; /* the rule whose settings it takes: its own, or for like=previous
                               the previous figure's */
    size_t head;            /* the indicator ends here: the start of the introducing word */
    size_t at, end;         /* the start of the quantity; the end of the figure (noun excluded) */
    size_t noun_lo, noun_hi;
    size_t cmp_lo, cmp_hi;     /* the comparator word, if any */
    size_t ind_lo, ind_hi;     /* an indicator the rule captured itself */
    size_t place_lo, place_hi; /* the place a rule read for the figure (48个（东城区）) */
    bool of_place;             /* a place's part of the total before it: named by both */
} zhx_figure;

/* Adds a warning that `rule` stopped with the error `rc` of zhx_match. */
void zhx_reading_warn(zhx_reading *rd, const zhx_rule *rule, int rc);

/* Matches `rule` at byte `at` of sentence `s`, seeing the sentence before `at` (for
 * lookbehinds) and at most `window` bytes after it. True if a match starts exactly at `at`. */
bool zhx_reading_match_at(zhx_reading *rd, const zhx_trule *rule, const zhx_sentence *s, size_t at,
                          size_t window);

/* Whether `rule` applies to the document: `set script=traditional` limits a rule to documents
 * written (wholly or partly) in Traditional script, whose conventions it reads. */
bool zhx_script_fits(const zhx_reading *rd, const zhx_trule *rule);

/* Whether one of figs[0, n) starts in [lo, hi). */
bool zhx_figures_in(const zhx_figure *figs, size_t n, size_t lo, size_t hi);

/* ---- indicators.c -------------------------------------------------------------------- */

/* Sets the indicator, the unit (when an indicator rule names one) and the text span of the
 * record of figs[i], in sentence stretch `s` with clauses `c`; `b` is scratch space. */
void zhx_indicator_complete(zhx_reading *rd, const zhx_sentence *s, const zhx_clauses *c,
                            zhx_figure *figs, size_t i, zhx_buf *b);

/* Names record `t`, which names nothing, as the nearest record before it from byte `from` on
 * that counts in the same unit: what it reports against (计划新建供水工程14处，…；实际完成14处:
 * the plan's). */
void zhx_indicator_counted_alike(zhx_reading *rd, size_t from, size_t t);

/* A figure with no unit whose indicator is a rate is a percentage (the `unit` rules). */
void zhx_unit_complete(zhx_reading *rd, zhx_target *t);

/* Gives each figure of a run that a names=one-each figure leads (it and the figures
 * coordinated with it) one of the names its indicator lists, split by the only=names rules,
 * when there are as many names as figures. Run after zhx_indicator_complete. */
void zhx_indicators_one_each(zhx_reading *rd, const zhx_figure *figs, size_t n);
/* Gives each place of a list that each take a part (东城区、西城区、南湖区各600个) a record of
 * its own, a copy of the figure's named by that place. */
void zhx_indicators_each_place(zhx_reading *rd, const zhx_figure *figs, size_t n);
/* The end of the run of figures coordinated with figs[i] (达2.9万户、4.3万人): the index after
 * its last, at most NAMES_MAX on. */
size_t zhx_coordinated_end(const zhx_reading *rd, const zhx_figure *figs, size_t n, size_t i);

/* ---- kinds.c ------------------------------------------------------------------------- */

#define ZHX_CUES_MAX 32

/* A cue word in a sentence: the kind it says, and whether it says it weakly. */
typedef struct zhx_cue {
    size_t pos;
    const char *kind;
    bool weak;
} zhx_cue;

/* The cues of a sentence, and the kinds headings and the title give, found when first needed. */
typedef struct zhx_kinds {
    struct zhx_cue_hit *hits; /* where the cue rules' words start in the stretch read */
    size_t nhits, hits_cap, hits_from;
    const char **section_kind; /* per section */
    bool title_read;
    const zhx_trule *title_genre; /* the genre rule the title matches, or NULL */
    int year_asked;               /* the last year zhx_title_kind_of_year was asked of */
    const char *year_kind;        /* and its answer */
} zhx_kinds;

/* The cues in [from, to) of sentence `s`, at most ZHX_CUES_MAX, into `cues`. */
size_t zhx_cues_find(zhx_reading *rd, zhx_kinds *k, const zhx_sentence *s, size_t from, size_t to,
                     zhx_cue *cues);
/* The kind of figure `f`, given the cues of its sentence; *by_cue says whether a cue (not the
 * rule, a genre or a weak cue) decided it. */
const char *zhx_kind_of(zhx_reading *rd, zhx_kinds *k, const zhx_figure *f, const zhx_cue *cues,
                        size_t ncues, bool *by_cue);
/* The genre rule the document's title matches, or NULL. */
const zhx_trule *zhx_title_genre(zhx_reading *rd, zhx_kinds *k);
/* The kind that the title's words from its mention of `year` on give (…成绩单出炉 2026年主要目标
 * 任务明确: 2026's figures are targets), or NULL. */
const char *zhx_title_kind_of_year(zhx_reading *rd, zhx_kinds *k, int year);
void zhx_kinds_free(zhx_kinds *k);

/* ---- dates.c ------------------------------------------------------------------------- */

/* A year or deadline in the text. */
typedef struct zhx_mention {
    size_t lo, hi;
    bool is_year; /* names a year, maybe anonymised (XX年): then `year` is 0 */
    bool local;   /* in or after a figure's clause: it is that figure's, and governs nothing */
    bool ahead;   /* looked forward to (到2025年, 2025年底前): no year of reported figures */
    bool past;    /* looked back to (截至2024年底): no year of targets */
    bool title_first; /* governs a passage only when the title names no year (“十五五”时期) */
    bool governs_after; /* governs all the text after it: it titles a document of its own */
    int year;
    int section;     /* the innermost section that holds it, or -1 */
    size_t dlo, dhi; /* the deadline, when it says more than the year; dlo == dhi if none */
} zhx_mention;

typedef struct zhx_dates {
    zhx_mention *v; /* in text order */
    size_t n, cap;
    size_t *blanks, nblanks; /* where blank lines end, found when first needed */
    bool blanks_read;
    bool title_read;
    int title_year, title_target_year; /* the first year the title names, the latest */
    int title_first_year; /* the earliest: a span's start (2022—2024年), a plan period's (十四五) */
    int title_named_year; /* the first year the title writes out (not a plan period's), or 0 */
    int *section_years;   /* per section: its title's year, 0 for none, -1 before it is read */
    /* the last look for a labelled deadline (deadline.labelled) in a line: from `from` to the
     * line's end `line_end`, the first found [lo, hi) or none; a figure after `from` on that
     * line, before the one found, finds the same without a look of its own */
    struct {
        size_t from, line_end, lo, hi;
        bool found;
        int year; /* the year the one found names, or 0 */
    } label;
} zhx_dates;

/* Reads a year or deadline at the number at `at`. Returns the end of it, or 0. */
size_t zhx_dates_read(zhx_reading *rd, zhx_dates *d, size_t at);
/* The first mention at or after byte `lo`. */
size_t zhx_dates_from(const zhx_dates *d, size_t lo);
/* The year the document is written in, which 今年 names: where its title writes out a year, the
 * latest it names, else that of the date the page was published; 0 if neither. */
int zhx_dates_document_year(zhx_reading *rd, zhx_dates *d);
/* Whether the year of figure `f`'s own clause or sentence (arguments as for
 * zhx_dates_complete), or when they name none the year that opens its paragraph's `lead`, is
 * before the first year the title names and not looked forward to, nor is a 今年 nearer the
 * figure: in a 2026 plan, 2025年，全县…达到88.3% reports what was reached. */
bool zhx_dates_before_title(zhx_reading *rd, zhx_dates *d, const zhx_sentence *s,
                            const zhx_sentence *near, const zhx_clauses *c, size_t first,
                            const zhx_figure *f, const zhx_figure *next, const zhx_sentence *lead);
/* What the genre of a document's title says of the year of its reported figures. */
typedef enum zhx_title_kind {
    ZHX_TITLE_OTHER,
    ZHX_TITLE_REPORT,   /* they are a report's (成绩单, 工作报告), of its document's year */
    ZHX_TITLE_BULLETIN, /* they are of the title's year (a 2023 bulletin reports 2023) */
    ZHX_TITLE_PLAN      /* they are of the year before the plan's first (a 2026 plan, 2025) */
} zhx_title_kind;

/* Sets the year and deadline of figure `f` (the figure after it: `next`, or NULL) in sentence
 * `s` (stretch `near`, clauses `c`), whose mentions start at `first`; a reported figure with no
 * year of its own nor of its section's nor of its passage takes the one `genre` says. `s` runs
 * from the last full stop, over semicolons; a deadline from before `part` (where the figure's
 * part of it begins, after a semicolon) counts only when it is of the figure's year. `lead` is
 * the lead of the paragraph (up to its colon: 今年的主要预期目标是：), or NULL: a year it says
 * against the document's (今年) is the figures' when their sentence names none. */
void zhx_dates_complete(zhx_reading *rd, zhx_dates *d, const zhx_sentence *s, size_t part,
                        const zhx_sentence *near, const zhx_clauses *c, size_t first,
                        const zhx_figure *f, const zhx_figure *next, const zhx_sentence *lead,
                        zhx_target *t, zhx_title_kind genre);
/* Marks the mentions from `first` after the first figure, or in a figure's clause after the
 * word that introduces it, or naming a deadline there, as that figure's: they govern no
 * passage. A year that opens a figure's clause (规划近期（2021—2025年）共安排…) governs what
 * follows it too. */
void zhx_dates_mark_local(zhx_dates *d, const zhx_sentence *s, const zhx_sentence *near,
                          const zhx_clauses *c, size_t first, const zhx_figure *figs, size_t n);
/* Gives the figures of figs[0, n) that `分别` gives one each (the runs that a names=one-each
 * rule starts) one year each, in order: the years named right before the run's first
 * (2026年、2027年、2028年分别达到85%、88%和90%; 到2026年、2028年，…分别达到1200个、3000个), when
 * as many years as figures, rising, are named between the figure before the run (or `lo`, the
 * sentence's start) and the run's first; else one named right after each figure (分别达到
 * 42%（2026年）、48%（2027年）). The mentions start at `first`. */
void zhx_dates_one_each(zhx_reading *rd, const zhx_dates *d, size_t first, const zhx_figure *figs,
                        size_t n, size_t lo);
/* The year of a figure at `pos` that names none in its clause or sentence: for a target, the
 * year governing its passage, else the title's; for a reported figure, its section's, else one
 * governing its passage that is not looked forward to. */
int zhx_dates_year_at(zhx_reading *rd, zhx_dates *d, size_t pos, bool target);
void zhx_dates_free(zhx_dates *d);

#endif
