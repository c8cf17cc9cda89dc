/* Tables whose head row says what each column holds: 序号 | 指标名称 | 单位 | 2023年完成 |
 * 2024年目标 | 责任科室. The `column` rules give each head cell its role (the indicator, the
 * unit, a target, a value reached, a base value, a growth or total, or a year, whose role
 * follows from the other years: the latest is the target, the earlier ones bases) and its
 * year; then every row under it gives a record for each of its target and reached cells that a
 * `cell` rule reads whole, the kind and year its column's.
 *
 * A table is read only where its rows line up with its head: a row may lack leading cells (a
 * merged cell of the rows above, which a scraper drops) and trailing ones (left empty), its
 * indicator cell is text and not a figure, and each of its value cells is empty (a dash) or a
 * figure with a unit (its own, its column head's, the unit column's or the indicator's: a bare
 * number where none is given is a score or a count of another column). A table with no column
 * of targets reports: its growth column's figures are reported too (a statistics release's
 * 1-10月 | 同比增长(%)). Rows that do not are left to the row
 * rules of the targets stage, as are tables without such a head; the rows read here are
 * skipped by them. A table set as cards of KEY：VALUE lines, one card a row, is read the same
 * way (see `cards` below). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"
#include "../core/utf8.h"
#include "number.h"
#include "outline.h"
#include "tables.h"

#define CELLS_MAX 16
#define ROW_BYTES_MAX 1024        /* a longer line is a paragraph that happens to hold tabs */
#define SHARES_AS_FRACTIONS_MIN 3 /* percentages of a table that tell an export's fractions */
#define GROUP_LABEL_BYTES 60      /* a line labelling a group of rows is short: 20 characters */
#define CARD_KEY_BYTES 48 /* a card's key and the blanks before it: 12 characters and more */

typedef enum role {
    ROLE_NONE,
    ROLE_INDICATOR,
    ROLE_UNIT,
    ROLE_TARGET,
    ROLE_REACHED,
    ROLE_BASE,
    ROLE_CHANGE,
    ROLE_YEAR,
    ROLE_PLACE,
    ROLE_DEADLINE, /* 完成时限: each target of the row is due then */
    ROLE_CONTENT,  /* 建设内容及规模: prose, whose figures the target rules read */
} role;

static const char *const role_names[] = {"",        "indicator", "unit",   "target",
                                         "reached", "base",      "change", "year",
                                         "place",   "deadline",  "content"};

typedef struct cell {
    size_t lo, hi;
} cell;

/* A head row: what each column holds. */
typedef struct head {
    role roles[CELLS_MAX];
    int years[CELLS_MAX];
    const zhx_trule *rules[CELLS_MAX]; /* the column rule that named each role */
    cell units[CELLS_MAX]; /* the unit a head cell writes in brackets (同比增长(%)), or empty */
    size_t n;
    size_t indicator;  /* the column of the indicator, the last that names one */
    cell caption_unit; /* the unit a line above the head gives all its figures (单位：万元) */
    cell caption_rate; /* and the one it gives its changes, when it lists two (单位：亿元、%) */
    int place;         /* a matrix's column of places (乡镇), or -1: see read_matrix_head */
    cell names[CELLS_MAX]; /* in a matrix, each indicator column's indicator, or empty */
    cell words[CELLS_MAX]; /* each head cell's words after its year (2026年奋斗目标: 奋斗目标) */
    int unit;              /* the unit's column, or -1 */
    bool reports;          /* no column of targets: a change column's figures are reported too */
} head;

/* Whether `c` parts two cells: a tab or a bar (the unicode stage folds ｜ to |). */
static bool is_separator(char c)
{
    return c == '\t' || c == '|';
}

static cell trimmed(const char *s, size_t lo, size_t hi)
{
    while (lo < hi && s[lo] == ' ')
        lo++;
    while (hi > lo && s[hi - 1] == ' ')
        hi--;
    return (cell){lo, hi};
}

/* The cells of the line [lo, hi), a bar at either end dropped; 0 when it has more than
 * CELLS_MAX or fewer than two, or is longer than ROW_BYTES_MAX. */
static size_t split_cells(const char *s, size_t lo, size_t hi, cell *cells)
{
    if (hi - lo > ROW_BYTES_MAX)
        return 0;
    cell line = trimmed(s, lo, hi);
    if (line.hi > line.lo && s[line.lo] == '|')
        line.lo++;
    if (line.hi > line.lo && s[line.hi - 1] == '|')
        line.hi--;
    size_t n = 0, start = line.lo;
    for (size_t i = line.lo; i <= line.hi; i++) {
        if (i < line.hi && !is_separator(s[i]))
            continue;
        if (n == CELLS_MAX)
            return 0;
        cells[n++] = trimmed(s, start, i);
        start = i + 1;
    }
    return n >= 2 ? n : 0;
}

/* Matches `rule` in cell `c` (a pattern that starts with \G and ends with $ takes it whole). */
static bool cell_match(zhx_reading *rd, const zhx_trule *rule, cell c)
{
    int rc = zhx_match(rd->m, rule->rule->code, rd->text, c.hi, c.lo);
    if (rc < 0)
        zhx_reading_warn(rd, rule->rule, rc);
    return rc == 1;
}

static role role_named(const char *name)
{
    for (size_t r = 1; name && r < sizeof role_names / sizeof role_names[0]; r++)
        if (strcmp(role_names[r], name) == 0)
            return (role)r;
    return ROLE_NONE;
}

/* The role, year and unit of head cell `c`: the first column rule that matches it and names a
 * role names it (a year's only when no other does); any rule may give its year, and a rule that
 * names no role gives only its fields (the unit in brackets: 同比增长(%)). *words is the cell
 * after the match that gave its year, when that starts it, or else the whole cell. */
static role column_role(zhx_reading *rd, cell c, int *year, cell *unit, cell *words,
                        const zhx_trule **by)
{
    role found = ROLE_NONE;
    *year = 0;
    *unit = (cell){0, 0};
    *words = c;
    *by = NULL;
    for (size_t i = 0; i < rd->tr->columns.n; i++) {
        const zhx_trule *rule = &rd->tr->columns.v[i];
        role r = role_named(zhx_rule_setting(rule->rule, "role"));
        size_t lo, hi;
        if ((found && r != ROLE_YEAR && r != ROLE_NONE) || (*year && r == ROLE_YEAR) ||
            (r == ROLE_NONE && unit->hi > unit->lo) || !zhx_script_fits(rd, rule) ||
            !cell_match(rd, rule, c))
            continue;
        if (zhx_trule_field(rd->m, rule, ZHX_FIELD_YEAR, true, &lo, &hi)) {
            *year = rule->era + atoi(rd->text + lo); /* era=1911: 115年度 is 2026 */
            if (zhx_match_group(rd->m, 0, &lo, &hi) && lo == c.lo)
                words->lo = hi;
        }
        if (unit->hi == unit->lo && zhx_trule_field(rd->m, rule, ZHX_FIELD_UNIT, true, &lo, &hi))
            *unit = (cell){lo, hi};
        if (!found && r != ROLE_NONE) {
            found = r;
            *by = rule;
        }
    }
    return found;
}

/* Years alone name no role: each is a target of its year (2026年 | 2027年 | 2028年 are
 * milestones), but one before a column of targets (2025年 | 2026年目标) and, where no column
 * names the base (2025年（基期）), the earliest: the base the others are measured from. */
static void settle_years(head *h)
{
    int earliest = 0, first_target = 0;
    size_t years = 0;
    bool base = false;
    for (size_t i = 0; i < h->n; i++) {
        base |= h->roles[i] == ROLE_BASE;
        if (h->roles[i] == ROLE_TARGET && h->years[i] &&
            (!first_target || h->years[i] < first_target))
            first_target = h->years[i];
        if (h->roles[i] == ROLE_YEAR && (years++ == 0 || h->years[i] < earliest))
            earliest = h->years[i];
    }
    for (size_t i = 0; i < h->n; i++) {
        if (h->roles[i] != ROLE_YEAR)
            continue;
        bool before = first_target ? h->years[i] < first_target
                                   : !base && years > 1 && h->years[i] == earliest;
        h->roles[i] = before ? ROLE_BASE : ROLE_TARGET;
    }
}

/* Reads the cells of a line as a head row: true when it names an indicator and a column of
 * targets or of values reached. */
/* Whether one of the cells is the head of an indicator's column (or, with ROLE_PLACE, of a
 * matrix's places): a head row has one, and most lines with cells are rows, which this turns
 * away with one rule a cell rather than all of them. */
static bool names_a_role(zhx_reading *rd, const cell *cells, size_t n, role wanted)
{
    for (size_t i = 0; i < rd->tr->columns.n; i++) {
        const zhx_trule *rule = &rd->tr->columns.v[i];
        if (role_named(zhx_rule_setting(rule->rule, "role")) != wanted)
            continue;
        for (size_t k = 0; k < n; k++)
            if (cell_match(rd, rule, cells[k]))
                return true;
    }
    return false;
}

static bool read_indicator(zhx_reading *rd, cell c, cell *name, cell *unit);

/* Reads the head of a matrix: a column of places (乡镇; the last, when a finer place follows a
 * coarser: 区县 | 小区名称) and columns that each name an indicator, one at least with its
 * unit in brackets (高标准农田建设（亩）, or a project's 总投资（万元）), no column of years; each
 * cell under them is that place's figure of that indicator, a target or, where the document's
 * title reports, a value reached. A column with no unit in its head gives the cells that write
 * their own (满意率 | 95.1%), and none for a bare number (排名 | 3). */
static bool read_matrix_head(zhx_reading *rd, const cell *cells, size_t n, head *h)
{
    size_t columns = 0, with_units = 0;
    for (size_t i = 0; i < n; i++) {
        cell unit;
        bool named = h->roles[i] == ROLE_NONE ||
                     (h->roles[i] == ROLE_TARGET && h->units[i].hi > h->units[i].lo);
        if (h->roles[i] == ROLE_PLACE) {
            h->place = (int)i;
        } else if (named && read_indicator(rd, cells[i], &h->names[i], &unit)) {
            columns++;
            with_units += h->units[i].hi > h->units[i].lo;
        } else if (h->roles[i] != ROLE_NONE && h->roles[i] != ROLE_DEADLINE &&
                   h->roles[i] != ROLE_CONTENT) { /* a project's 计划完工时间 is no figure */
            return false;
        }
    }
    if (h->place < 0 || columns < 2 || with_units == 0)
        return false;
    /* the table's cells report what was reached where the title reports, else they are targets
     * (a notice that sets each township its share) */
    zhx_kinds k = {0};
    const zhx_trule *genre = zhx_title_genre(rd, &k);
    h->reports = genre && genre->kind && strcmp(genre->kind, "actual") == 0;
    zhx_kinds_free(&k);
    return true;
}

static bool holds_digit(const char *s, cell c)
{
    for (size_t i = c.lo; i < c.hi; i++)
        if (zhx_is_digit(s[i]))
            return true;
    return false;
}

/* Reads the second row of a head as the units of its columns, when its cells name no year and
 * hold no digit, and one at least writes a unit in brackets (指标 | 1-10月 | 同比增长 over
 * | 累计 | （%）, as a fixed-width report prints its head on two lines): a column whose head
 * cell wrote none takes it. */
static bool read_unit_row(zhx_reading *rd, const cell *cells, size_t n, head *h)
{
    cell units[CELLS_MAX];
    size_t given = 0;
    for (size_t i = 0; i < n; i++) {
        cell words;
        int year;
        const zhx_trule *by;
        units[i] = (cell){0, 0};
        if (cells[i].hi == cells[i].lo)
            continue;
        column_role(rd, cells[i], &year, &units[i], &words, &by);
        if (year || holds_digit(rd->text, cells[i]))
            return false;
        given += units[i].hi > units[i].lo;
    }
    for (size_t i = 0; given && i < n; i++)
        if (h->units[i].hi == h->units[i].lo)
            h->units[i] = units[i];
    return given > 0;
}

/* Reads the line after a head row, ending at `*hi`, as the second row of a two-row head, each
 * of its cells under a head cell it parts (where its own head cell is empty, merged with it,
 * the nearest one to its left):
 *   - under a year, the year's roles (2025年 | | 2026年 over 目标 | 完成 | 目标, a CSV export's
 *     merged year cells): the column takes the role its cell names, and the year above it; a
 *     cell that names none (完成率) is no figure's;
 *   - under a cell that names no year (指标值 over 2025年 | 2030年 | 年均增长, as an HTML table's
 *     colspan leaves it): the column takes the year or the role its own cell names.
 * None of its cells holds a digit but as a year. Or it is a row of units (read_unit_row).
 * Moves *hi to its end. */
static bool read_subhead(zhx_reading *rd, const cell *top, size_t *hi, head *h)
{
    cell cells[CELLS_MAX];
    role roles[CELLS_MAX];
    int years[CELLS_MAX];
    const zhx_trule *rules[CELLS_MAX];
    size_t lo = *hi + 1, end = lo < rd->len ? zhx_line_stop(rd->text, rd->len, lo) : lo;
    size_t n = lo < rd->len ? split_cells(rd->text, lo, end, cells) : 0, named = 0;
    if (!n || n > h->n)
        return false;
    if (read_unit_row(rd, cells, n, h)) {
        *hi = end;
        return true;
    }
    for (size_t i = 0; i < n; i++) {
        cell unit, words;
        roles[i] = ROLE_NONE;
        if (cells[i].hi == cells[i].lo)
            continue;
        roles[i] = column_role(rd, cells[i], &years[i], &unit, &words, &rules[i]);
        size_t over = i;
        while (over > 0 && top[over].hi == top[over].lo)
            over--;
        if (h->years[over]) {
            if (holds_digit(rd->text, cells[i]))
                return false;
            years[i] = h->years[over];
        } else if (!years[i] && roles[i] != ROLE_CHANGE) {
            return false; /* only a year's columns, or a cell over years, part in two */
        }
        named += roles[i] == ROLE_TARGET || roles[i] == ROLE_REACHED || roles[i] == ROLE_BASE ||
                 roles[i] == ROLE_YEAR;
    }
    if (!named)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (cells[i].hi == cells[i].lo)
            continue;
        h->roles[i] = roles[i];
        h->rules[i] = roles[i] ? rules[i] : NULL;
        h->years[i] = years[i];
    }
    *hi = end;
    return true;
}

static bool read_head(zhx_reading *rd, const cell *cells, size_t n, size_t *hi, head *h)
{
    bool indicator = false, values = false, dated = false;
    bool place = names_a_role(rd, cells, n, ROLE_PLACE);
    if (!place && !names_a_role(rd, cells, n, ROLE_INDICATOR))
        return false;
    memset(h, 0, sizeof *h);
    h->n = n;
    h->unit = -1;
    h->place = -1;
    for (size_t i = 0; i < n; i++) {
        h->roles[i] =
            column_role(rd, cells[i], &h->years[i], &h->units[i], &h->words[i], &h->rules[i]);
        if (h->roles[i] == ROLE_INDICATOR) {
            h->indicator = i;
            indicator = true;
        }
        if (h->roles[i] == ROLE_UNIT)
            h->unit = (int)i;
    }
    if (hi) /* a head row's line ends at *hi: a second head row may follow */
        read_subhead(rd, cells, hi, h);
    for (size_t i = 0; i < n; i++) {
        dated |= h->roles[i] == ROLE_REACHED || h->roles[i] == ROLE_YEAR;
        values |= dated || h->roles[i] == ROLE_TARGET;
    }
    settle_years(h);
    h->reports = true;
    for (size_t i = 0; i < n; i++)
        h->reports &= h->roles[i] != ROLE_TARGET;
    if (place && !indicator && !dated) /* a project's 总投资（万元） may be a column of its own */
        return read_matrix_head(rd, cells, n, h);
    return indicator && values;
}

/* ---- rows ------------------------------------------------------------------------------ */

/* Whether cell `c` holds nothing: it is empty, or a `cell` rule that reads no field takes it
 * (a dash for no value: —, --, /). */
static bool is_empty(zhx_reading *rd, cell c)
{
    if (c.hi == c.lo)
        return true;
    for (size_t i = 0; i < rd->tr->cells.n; i++) {
        const zhx_trule *rule = &rd->tr->cells.v[i];
        if (!zhx_trule_has(rule, ZHX_FIELD_VALUE) && !zhx_trule_has(rule, ZHX_FIELD_INDICATOR) &&
            !zhx_trule_has(rule, ZHX_FIELD_UNIT) && cell_match(rd, rule, c))
            return true;
    }
    return false;
}

/* A value cell as the `cell` rules read it. */
typedef struct figure_cell {
    const zhx_trule *rule;
    zhx_quantity q;
    size_t cmp_lo, cmp_hi;
} figure_cell;

/* Reads cell `c` whole as a figure with the unit `unit` of its row, unless it writes its own. */
static bool read_figure(zhx_reading *rd, cell c, cell unit, figure_cell *f)
{
    for (size_t i = 0; i < rd->tr->cells.n; i++) {
        const zhx_trule *rule = &rd->tr->cells.v[i];
        size_t vlo, vhi, mlo = 0, mhi = 0, ulo, uhi;
        if (!zhx_trule_has(rule, ZHX_FIELD_VALUE) || !cell_match(rd, rule, c) ||
            !zhx_trule_field(rd->m, rule, ZHX_FIELD_VALUE, true, &vlo, &vhi))
            continue;
        zhx_trule_field(rd->m, rule, ZHX_FIELD_VALUE_MAX, true, &mlo, &mhi);
        if (!zhx_trule_field(rd->m, rule, ZHX_FIELD_UNIT, true, &ulo, &uhi))
            ulo = unit.lo, uhi = unit.hi;
        f->cmp_lo = f->cmp_hi = 0;
        zhx_trule_field(rd->m, rule, ZHX_FIELD_CMP, true, &f->cmp_lo, &f->cmp_hi);
        f->rule = rule;
        if (!zhx_quantity_read(rd->tr->units_table, rd->text + vlo, vhi - vlo, rd->text + mlo,
                               mhi - mlo, rd->text + ulo, uhi - ulo, &f->q))
            return false;
        if (rule->change_down) /* ↓1.3%: a fall */
            f->q.value.units = -f->q.value.units;
        return true;
    }
    return false;
}

/* The indicator of a row and the unit its cell writes in brackets (用水总量（亿立方米）),
 * by the first `indicator`-reading cell rule that takes the cell. */
static bool read_indicator(zhx_reading *rd, cell c, cell *name, cell *unit)
{
    *name = c;
    *unit = (cell){0, 0};
    for (size_t i = 0; i < rd->tr->cells.n; i++) {
        const zhx_trule *rule = &rd->tr->cells.v[i];
        size_t lo, hi;
        if (!zhx_trule_has(rule, ZHX_FIELD_INDICATOR) || !cell_match(rd, rule, c) ||
            !zhx_trule_field(rd->m, rule, ZHX_FIELD_INDICATOR, true, &lo, &hi))
            continue;
        *name = (cell){lo, hi};
        if (zhx_trule_field(rd->m, rule, ZHX_FIELD_UNIT, true, &lo, &hi))
            *unit = (cell){lo, hi};
        return true;
    }
    return false;
}

/* The unit that a unit column's cell writes, by the first cell rule that reads only a unit
 * (万套（间） is 万套); the cell whole if none does. */
static cell read_unit(zhx_reading *rd, cell c)
{
    for (size_t i = 0; i < rd->tr->cells.n; i++) {
        const zhx_trule *rule = &rd->tr->cells.v[i];
        size_t lo, hi;
        if (zhx_trule_has(rule, ZHX_FIELD_UNIT) && !zhx_trule_has(rule, ZHX_FIELD_VALUE) &&
            !zhx_trule_has(rule, ZHX_FIELD_INDICATOR) && cell_match(rd, rule, c) &&
            zhx_trule_field(rd->m, rule, ZHX_FIELD_UNIT, true, &lo, &hi))
            return (cell){lo, hi};
    }
    return c;
}

/* The cells of a row aligned with the head's columns, `skip` columns from the left empty:
 * cols[i] is column i's cell. False when the row is too long, or would leave the indicator's
 * column empty. */
static bool align(const head *h, const cell *cells, size_t n, size_t skip, cell *cols)
{
    if (n + skip > h->n || (h->place < 0 && skip > h->indicator))
        return false;
    for (size_t i = 0; i < h->n; i++)
        cols[i] = i < skip || i >= skip + n ? (cell){0, 0} : cells[i - skip];
    return true;
}

/* The row read before, for the row under it: its indicator and unit. */
typedef struct row_above {
    cell name, unit;
} row_above;

/* Whether the empty unit cell of the row named `name` was merged with the unit cell of the row
 * above (a merged cell keeps its text in its first row): the two measure the same kind of
 * thing, their names ending alike (…技能提升培训 / 就业技能培训, …参保人数 / 其中：…参保人数), or
 * this row is a total (合计). An unlike row (…减少 % / …利用系数) has no unit. */
static bool unit_merged_above(const zhx_reading *rd, cell name, const row_above *above)
{
    if (above->unit.hi == above->unit.lo)
        return false;
    return zhx_table_get(rd->tr->table_totals, rd->text + name.lo, name.hi - name.lo) ||
           zhx_utf8_ends_alike(rd->text, name.lo, name.hi, above->name.lo, above->name.hi);
}

/* The cell that names a row in column `col`: its own, or where that is empty, the nearest cell
 * to its left if it holds words (a cell merged over columns keeps its text in the first: 合计
 * over 序号 and 乡镇, as a spreadsheet's text or an HTML table's colspan leaves it). */
static cell naming_cell(const zhx_reading *rd, const cell *cols, size_t col)
{
    size_t i = col;
    while (i > 0 && cols[i].hi == cols[i].lo)
        i--;
    return i == col || !holds_digit(rd->text, cols[i]) ? cols[i] : cols[col];
}

/* The unit of column `col`'s bare figures: its head cell's, else a change column's the
 * caption's for changes, else `row_unit` (the row's, or the caption's). */
static cell column_unit(const head *h, size_t col, cell row_unit)
{
    if (h->units[col].hi > h->units[col].lo)
        return h->units[col];
    if (h->roles[col] == ROLE_CHANGE && h->caption_rate.hi > h->caption_rate.lo)
        return h->caption_rate;
    return row_unit;
}

/* Whether the row's cells line up with the head: an indicator that is text, and value cells
 * that read as figures or are empty; `name` gets the indicator, `figs` those figures, `nfigs`
 * how many other than bases. `above` is the row above (see unit_merged_above), and becomes
 * this one. */
static bool row_fits(zhx_reading *rd, const head *h, const cell *cols, cell *name,
                     figure_cell *figs, size_t *nfigs, row_above *above)
{
    cell bracket, unit;
    const cell ind = naming_cell(rd, cols, h->indicator);
    figure_cell number;
    if (ind.hi == ind.lo || read_figure(rd, ind, (cell){0, 0}, &number) ||
        !read_indicator(rd, ind, name, &bracket) || name->hi == name->lo)
        return false; /* a figure where the indicator should be: the row is not in line */
    unit = h->unit >= 0 && !is_empty(rd, cols[h->unit]) ? read_unit(rd, cols[h->unit]) : bracket;
    if (unit.hi == unit.lo && h->unit >= 0 && unit_merged_above(rd, *name, above))
        unit = above->unit;
    if (unit.hi == unit.lo)
        unit = h->caption_unit;
    *above = (row_above){*name, unit};
    *nfigs = 0;
    for (size_t i = 0; i < h->n; i++) /* a change column's words end the row early */
        figs[i].rule = NULL;
    for (size_t i = 0; i < h->n; i++) {
        if (h->roles[i] != ROLE_TARGET && h->roles[i] != ROLE_REACHED && h->roles[i] != ROLE_BASE &&
            h->roles[i] != ROLE_CHANGE)
            continue;
        if (is_empty(rd, cols[i]))
            continue;
        /* a bare number where neither the cell, a unit column nor the indicator gives a unit
         * is no figure of the column: it is a score or a count of another column, a row out
         * of line */
        if (!read_figure(rd, cols[i], column_unit(h, i, unit), &figs[i]) || !figs[i].q.unit) {
            figs[i].rule = NULL;
            return h->roles[i] == ROLE_CHANGE; /* a change column may hold words (基本同步) */
        }
        *nfigs += h->roles[i] != ROLE_BASE;
    }
    return true;
}

/* A copy of a cell's text, without the line break of a cell broken over two lines. */
static char *cell_dup(const zhx_reading *rd, cell c)
{
    char *s = strndup(rd->text + c.lo, c.hi - c.lo), *to = s;
    for (const char *from = s; s && *from; from++)
        if (*from != '\n')
            *to++ = *from;
    if (s)
        *to = '\0';
    return s;
}

/* Adds the record of value column `col` of a row, its indicator `indicator` (which it takes,
 * and which is NULL when out of memory). */
static bool add_record(zhx_reading *rd, zhx_tables *tb, const head *h, size_t col,
                       const figure_cell *f, const figure_cell *base, char *indicator, cell row,
                       cell literal)
{
    zhx_target *t = indicator ? zhx_doc_add_target(rd->doc) : NULL;
    if (!t) {
        free(indicator);
        return false;
    }
    t->indicator = indicator;
    bool target = h->place >= 0 ? !h->reports
                                : h->roles[col] != ROLE_REACHED &&
                                      !(h->roles[col] == ROLE_CHANGE && h->reports);
    t->rule = h->place >= 0   ? h->rules[h->place]->rule->name
              : h->rules[col] ? h->rules[col]->rule->name
                              : f->rule->rule->name;
    t->value = f->q.value;
    t->has_value = f->q.has_value;
    t->value_max = f->q.max;
    t->has_value_max = f->q.has_max;
    t->approx = f->q.approx;
    t->placeholder = f->q.placeholder;
    if (target && base && base->rule && base->q.has_value) {
        t->from = base->q.value;
        t->has_from = true;
    }
    const zhx_cmp_word *cmp =
        f->cmp_hi > f->cmp_lo ? zhx_cmp_find(rd->tr, rd->text + f->cmp_lo, f->cmp_hi - f->cmp_lo)
                              : NULL;
    t->op = cmp && cmp->op ? cmp->op : "=";
    t->approx |= cmp && cmp->approx;
    t->kind = target ? "target" : "actual";
    t->year = h->years[col];
    t->lo = row.lo;
    t->hi = row.hi;
    t->section = zhx_section_at(rd->doc, row.lo);
    if (!(t->literal = cell_dup(rd, literal)) ||
        (f->q.unit && !(t->unit = strndup(f->q.unit, f->q.unit_len))))
        return false;
    zhx_unit_complete(rd, t);
    if (!t->year)
        zhx_array_push(&tb->undated, (size_t)(t - rd->doc->targets));
    return !tb->undated.failed;
}

/* A copy of the indicator of a matrix's cell: its place's name and its column's indicator
 * (城关镇高标准农田建设), or the indicator alone in a row of totals (合计, the table.totals map).
 */
static char *matrix_indicator(const zhx_reading *rd, const head *h, cell place, size_t col)
{
    cell name = h->names[col];
    bool total = zhx_table_get(rd->tr->table_totals, rd->text + place.lo, place.hi - place.lo);
    size_t np = total ? 0 : place.hi - place.lo, nn = name.hi - name.lo;
    char *s = malloc(np + nn + 1);
    if (s) {
        memcpy(s, rd->text + place.lo, np);
        memcpy(s + np, rd->text + name.lo, nn);
        s[np + nn] = '\0';
    }
    return s;
}

/* The cells of a matrix's row aligned with its head, leading cells lacking first (a row of
 * totals writes 合计 across 序号 and 乡镇): its place is text, its indicator columns' cells are
 * figures (with the column's unit) or empty, and one at least is a figure. */
static bool fit_matrix_row(zhx_reading *rd, const head *h, const cell *cells, size_t n, cell *cols,
                           figure_cell *figs)
{
    for (size_t skip = h->n - n + 1; skip-- > 0;) {
        figure_cell number;
        size_t nfigs = 0;
        bool fits = align(h, cells, n, skip, cols) && skip <= (size_t)h->place;
        cell place = fits ? naming_cell(rd, cols, (size_t)h->place) : (cell){0, 0};
        fits = fits && place.hi > place.lo && !read_figure(rd, place, (cell){0, 0}, &number);
        for (size_t i = 0; fits && i < h->n; i++) {
            figs[i].rule = NULL;
            if (h->names[i].hi == h->names[i].lo || is_empty(rd, cols[i]))
                continue;
            bool read = read_figure(rd, cols[i], h->units[i], &figs[i]) && figs[i].q.unit;
            if (!read && h->units[i].hi == h->units[i].lo) {
                figs[i].rule = NULL; /* a bare number under a head with no unit: a rank */
                continue;
            }
            fits = read;
            nfigs++;
        }
        if (fits && nfigs)
            return true;
    }
    return false;
}

/* Adds the records of a matrix's row: one for each of its figures. */
static bool read_matrix_row(zhx_reading *rd, zhx_tables *tb, const head *h, const cell *cols,
                            const figure_cell *figs, cell row)
{
    for (size_t i = 0; i < h->n; i++) {
        if (!figs[i].rule)
            continue;
        if (!add_record(rd, tb, h, i, &figs[i], NULL,
                        matrix_indicator(rd, h, naming_cell(rd, cols, (size_t)h->place), i), row,
                        cols[i]))
            return false;
    }
    return true;
}

/* The cell of the row's column of role `r` (the first), or an empty one: none, or a mark
 * alone (a dash: one character). */
static cell column_cell(const zhx_reading *rd, const head *h, const cell *cols, role r)
{
    for (size_t i = 0; i < h->n; i++) {
        if (h->roles[i] != r)
            continue;
        cell c = cols[i];
        bool mark = c.hi > c.lo && c.hi - c.lo == zhx_utf8_width((unsigned char)rd->text[c.lo]);
        return mark ? (cell){0, 0} : c;
    }
    return (cell){0, 0};
}

/* The indicator of a row's figure in column `col`: the row's name, and when an earlier column
 * holds targets of the same year (2026年基本目标 | 2026年奋斗目标), the column's words in
 * brackets after it, which tell the two apart (利润总额（奋斗目标）). */
static char *row_indicator(const zhx_reading *rd, const head *h, cell name, size_t col)
{
    bool second = false;
    for (size_t j = 0; j < col && h->roles[col] == ROLE_TARGET; j++)
        second |= h->roles[j] == ROLE_TARGET && h->years[j] == h->years[col];
    cell words = h->words[col];
    if (!second || words.hi == words.lo)
        return cell_dup(rd, name);
    size_t size = name.hi - name.lo + words.hi - words.lo + sizeof "（）";
    char *s = malloc(size);
    if (s)
        snprintf(s, size, "%.*s（%.*s）", (int)(name.hi - name.lo), rd->text + name.lo,
                 (int)(words.hi - words.lo), rd->text + words.lo);
    return s;
}

/* Adds the records of a row that fits its head: one for each target and value reached; a
 * target takes the row's base as `from`, and a row with no target cell takes its change. */
static bool read_row(zhx_reading *rd, zhx_tables *tb, const head *h, const cell *cols, cell name,
                     const figure_cell *figs, cell row)
{
    const figure_cell *base = NULL;
    bool has_target = false;
    for (size_t i = 0; i < h->n; i++) {
        if (h->roles[i] == ROLE_BASE && figs[i].rule && !base)
            base = &figs[i];
        has_target |= h->roles[i] == ROLE_TARGET && figs[i].rule;
    }
    row.lo = cols[h->indicator].lo; /* a record's text: the row from its indicator on */
    cell due = column_cell(rd, h, cols, ROLE_DEADLINE);
    for (size_t i = 0; i < h->n; i++) {
        bool wanted = h->roles[i] == ROLE_TARGET || h->roles[i] == ROLE_REACHED ||
                      (h->roles[i] == ROLE_CHANGE && !has_target);
        if (!wanted || !figs[i].rule)
            continue;
        if (!add_record(rd, tb, h, i, &figs[i], h->roles[i] == ROLE_CHANGE ? NULL : base,
                        row_indicator(rd, h, name, i), row, cols[i]))
            return false;
        zhx_target *t = &rd->doc->targets[rd->doc->ntargets - 1];
        if (due.hi > due.lo && strcmp(t->kind, "target") == 0 && !(t->deadline = cell_dup(rd, due)))
            return false;
    }
    return true;
}

/* Claims row [lo, hi) for the table, but for the text of its content column (建设内容及规模:
 * 新建标准化厂房8栋，…), whose figures the target rules read as they read a sentence. */
static void claim_row(zhx_reading *rd, zhx_tables *tb, const head *h, const cell *cols, size_t lo,
                      size_t hi)
{
    cell prose = column_cell(rd, h, cols, ROLE_CONTENT);
    if (prose.hi > prose.lo) {
        cell due = column_cell(rd, h, cols, ROLE_DEADLINE);
        zhx_array_push(&tb->prose, ((zhx_table_prose){prose.lo, prose.hi, due.lo, due.hi}));
        zhx_array_push(&tb->rows, ((zhx_table_row){lo, prose.lo}));
        lo = prose.hi;
    }
    zhx_array_push(&tb->rows, ((zhx_table_row){lo, hi}));
}

/* Whether line [lo, hi), which has no cells, labels a group of the rows after it
 * (一、产业项目（38个）): it is short, ends no sentence, and the next line has cells. */
static bool group_label(const zhx_reading *rd, size_t lo, size_t hi)
{
    cell next[CELLS_MAX];
    if (hi - lo > GROUP_LABEL_BYTES || hi >= rd->len ||
        zhx_charset_find(&rd->tr->full_stops, rd->text, lo, hi) < hi)
        return false;
    size_t nlo = hi + 1, nhi = zhx_line_stop(rd->text, rd->len, nlo);
    return split_cells(rd->text, nlo, nhi, next) > 0;
}

/* Whether the n cells of a row fit the head: the first alignment that does, leading cells
 * lacking first (a row may lack leading cells, merged with the rows above, and trailing ones,
 * left empty), with a figure to read. */
static bool fit_row(zhx_reading *rd, const head *h, const cell *cells, size_t n, cell *cols,
                    cell *name, figure_cell *figs, row_above *above)
{
    size_t nfigs;
    for (size_t skip = h->n - n + 1; skip-- > 0;) {
        row_above row = *above;
        if (align(h, cells, n, skip, cols) && row_fits(rd, h, cols, name, figs, &nfigs, &row) &&
            nfigs) {
            *above = row;
            return true;
        }
    }
    return false;
}

/* The n cells of a row that a line break inside a cell broke over two lines (…配套设施， /
 * 总建筑面积9.6万平方米 | 15.2 | 3.6 | …: a cell's own line break, or a quoted CSV cell's), with
 * the line after it, at [*hi + 1, next line's end): the two cells either side of the break
 * become one, and *hi moves to the end of the second line. False when the two lines hold more
 * cells than the head. */
static bool join_broken_row(const zhx_reading *rd, const head *h, cell *cells, size_t *n,
                            size_t *hi)
{
    cell more[CELLS_MAX];
    size_t lo = *hi + 1, end = lo < rd->len ? zhx_line_stop(rd->text, rd->len, lo) : lo;
    size_t m = lo < rd->len ? split_cells(rd->text, lo, end, more) : 0;
    if (!m || *n + m - 1 > h->n)
        return false;
    cells[*n - 1].hi = more[0].hi;
    for (size_t i = 1; i < m; i++)
        cells[(*n)++] = more[i];
    *hi = end;
    return true;
}

/* The indicator cell of a row that names a group of the rows under it (二 | 补贴性职业技能培训 |
 * | | ), whose 合计 row gives the group's total: a whole row, its indicator text without a
 * digit and every other cell after it empty; else `group`, the group it is in. */
static cell group_row(zhx_reading *rd, const head *h, const cell *cells, size_t n, cell group)
{
    if (n != h->n || cells[h->indicator].hi == cells[h->indicator].lo ||
        holds_digit(rd->text, cells[h->indicator]))
        return group;
    for (size_t i = h->indicator + 1; i < n; i++)
        if (!is_empty(rd, cells[i]))
            return group;
    return cells[h->indicator];
}

/* The group a row that fits starts when it fills a cell of words (not a number: 二) before its
 * indicator's, as a category merged over the rows of a group writes it once (一般公共预算收入 |
 * 税收收入 | …, then | 非税收入 | …, | 合计 | …); else `group`. */
static cell category_cell(zhx_reading *rd, const head *h, const cell *cols, cell group)
{
    zhx_amount numeral;
    for (size_t i = 0; i < h->indicator; i++)
        if (!is_empty(rd, cols[i]) && !holds_digit(rd->text, cols[i]) &&
            !zhx_amount_parse(rd->text + cols[i].lo, cols[i].hi - cols[i].lo, &numeral) &&
            !zhx_table_get(rd->tr->table_totals, rd->text + cols[i].lo, cols[i].hi - cols[i].lo))
            group = cols[i];
    return group;
}

/* Reads the rows under the head row that ends at `at`, while they fit (and past the lines that
 * label groups of them); returns where the last one read ends. */
static size_t read_rows(zhx_reading *rd, zhx_tables *tb, const head *h, size_t at)
{
    cell cells[CELLS_MAX], cols[CELLS_MAX], name, group = {0, 0};
    row_above above = {{0, 0}, {0, 0}};
    figure_cell figs[CELLS_MAX];
    while (at < rd->len && !rd->failed) {
        size_t lo = at + 1, hi = zhx_line_stop(rd->text, rd->len, lo);
        size_t n = split_cells(rd->text, lo, hi, cells);
        if (!n && group_label(rd, lo, hi)) {
            at = hi;
            continue;
        }
        if (n == h->n + 1 && is_empty(rd, cells[n - 1]))
            n--; /* a last cell the head names none of, with no value: a mark of its status */
        if (!n || n > h->n)
            break;
        size_t whole = hi;
        if (h->place >= 0) {
            if (names_a_role(rd, cells, n, ROLE_PLACE))
                break; /* the head of the next table (信息内容 | 本年处理决定数量) */
            if (fit_matrix_row(rd, h, cells, n, cols, figs)) {
                zhx_array_push(&tb->rows, ((zhx_table_row){lo, hi}));
                if (tb->rows.failed || !read_matrix_row(rd, tb, h, cols, figs, (cell){lo, hi}))
                    rd->failed = true;
            }
            at = hi;
            continue;
        }
        bool fits = fit_row(rd, h, cells, n, cols, &name, figs, &above) ||
                    (n < h->n && join_broken_row(rd, h, cells, &n, &whole) &&
                     fit_row(rd, h, cells, n, cols, &name, figs, &above));
        if (!fits) {
            above.unit = (cell){0, 0}; /* a merged unit goes no further than the rows do */
            group = group_row(rd, h, cells, n, group);
        }
        if (fits) {
            group = category_cell(rd, h, cols, group);
            if (group.hi > group.lo &&
                zhx_table_get(rd->tr->table_totals, rd->text + name.lo, name.hi - name.lo))
                name = group; /* 合计 under 二、补贴性职业技能培训: the group's total */
            hi = whole;
            claim_row(rd, tb, h, cols, lo, hi);
            if (tb->rows.failed || !read_row(rd, tb, h, cols, name, figs, (cell){lo, hi}))
                rd->failed = true;
        }
        at = hi;
    }
    return at;
}

/* The first cell separator (a tab or a bar: the unicode stage folds ｜ to |) at or after
 * `from`, or `len`; `next` keeps the next of each kind (SIZE_MAX: not looked for yet), found
 * with memchr. */
static size_t next_separator(const char *s, size_t len, size_t from, size_t next[2])
{
    static const char kinds[2] = {'\t', '|'};
    size_t first = len;
    for (int k = 0; k < 2; k++) {
        if (next[k] == SIZE_MAX || next[k] < from) {
            const char *p = memchr(s + from, kinds[k], len - from);
            next[k] = p ? (size_t)(p - s) : len;
        }
        if (next[k] < first)
            first = next[k];
    }
    return first;
}

/* ---- cards ------------------------------------------------------------------------------ */

/* A table set as cards, one a row, each a run of lines KEY：VALUE (三级指标：培训基层卫生人员人次 /
 * 年度指标值：≥1200人次 / 实际完成值：1356人次): a card's keys are its head, its values its row.
 * The `card` rule reads a line's key and value; a key whose value went onto the next line takes
 * that line. A card ends where one of its keys comes again, or at a line that is neither. */
typedef struct card {
    cell keys[CELLS_MAX], values[CELLS_MAX];
    size_t n;
    size_t lo, hi; /* its lines */
} card;

/* Reads the line [lo, hi) as a card's line: its key and value. */
static bool card_line(zhx_reading *rd, size_t lo, size_t hi, cell *key, cell *value)
{
    const zhx_rule *r = rd->tr->card;
    int rc = zhx_match(rd->m, r->code, rd->text, hi, lo);
    if (rc < 0)
        zhx_reading_warn(rd, r, rc);
    return rc == 1 && zhx_match_field(rd->m, r, "key", &key->lo, &key->hi) &&
           zhx_match_field(rd->m, r, "value", &value->lo, &value->hi);
}

/* Adds the records of a card whose keys read as a head and whose values fit it. */
static void read_card(zhx_reading *rd, zhx_tables *tb, const card *c)
{
    head h;
    cell name;
    figure_cell figs[CELLS_MAX];
    size_t nfigs;
    if (c->n < 3 || !read_head(rd, c->keys, c->n, NULL, &h) ||
        !row_fits(rd, &h, c->values, &name, figs, &nfigs, &(row_above){{0, 0}, {0, 0}}) || !nfigs)
        return;
    zhx_array_push(&tb->rows, ((zhx_table_row){c->lo, c->hi}));
    if (tb->rows.failed || !read_row(rd, tb, &h, c->values, name, figs, (cell){c->lo, c->hi}))
        rd->failed = true;
}

static bool has_key(const zhx_reading *rd, const card *c, cell key)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->keys[i].hi - c->keys[i].lo == key.hi - key.lo &&
            memcmp(rd->text + c->keys[i].lo, rd->text + key.lo, key.hi - key.lo) == 0)
            return true;
    return false;
}

/* Reads the cards of the run of card lines that starts at `lo`; returns where it ends. */
static size_t read_cards(zhx_reading *rd, zhx_tables *tb, size_t lo)
{
    card c = {.n = 0};
    size_t at = lo;
    bool pending = false; /* the last key's value is on the next line */
    while (at < rd->len && !rd->failed) {
        size_t hi = zhx_line_stop(rd->text, rd->len, at);
        cell key, value;
        if (card_line(rd, at, hi, &key, &value)) {
            if (c.n == CELLS_MAX || has_key(rd, &c, key)) {
                read_card(rd, tb, &c);
                c.n = 0;
            }
            if (!c.n)
                c.lo = at;
            c.keys[c.n] = key;
            c.values[c.n++] = value;
            pending = value.hi == value.lo;
        } else if (pending && hi > at) {
            c.values[c.n - 1] = trimmed(rd->text, at, hi);
            pending = false;
        } else {
            break;
        }
        c.hi = hi;
        at = hi + 1;
    }
    read_card(rd, tb, &c);
    return at;
}

/* Reads the cards of the text: a card's line holds one of the card rule's `needs` (its colon),
 * found with memmem from one to the next; next[k] keeps the next of literal k (SIZE_MAX: not
 * looked for yet), so that a literal the text lacks is looked for once. */
static void read_all_cards(zhx_reading *rd, zhx_tables *tb)
{
    const zhx_rule *r = rd->tr->card;
    size_t next[4] = {SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX};
    size_t nneeds = r && r->nneeds < 4 ? r->nneeds : 0;
    for (size_t at = 0; nneeds && at < rd->len && !rd->failed;) {
        size_t first = rd->len;
        for (size_t k = 0; k < nneeds; k++) {
            if (next[k] == SIZE_MAX || (next[k] < at && next[k] != rd->len)) {
                const char *p =
                    memmem(rd->text + at, rd->len - at, r->needs[k], strlen(r->needs[k]));
                next[k] = p ? (size_t)(p - rd->text) : rd->len;
            }
            if (next[k] < first)
                first = next[k];
        }
        if (first == rd->len)
            break;
        size_t lo = zhx_line_start(rd->text, first), hi = zhx_line_stop(rd->text, rd->len, first);
        cell key, value; /* (a card's key is short: a colon further in is no card's) */
        at = first - lo <= CARD_KEY_BYTES && card_line(rd, lo, hi, &key, &value)
                 ? read_cards(rd, tb, lo)
                 : hi + 1;
    }
}

static int row_cmp(const void *a, const void *b)
{
    const zhx_table_row *x = a, *y = b;
    return (x->lo > y->lo) - (x->lo < y->lo);
}

/* The unit that the `caption` rule reads on one of the two lines above a head row that starts
 * at `lo` (单位：万元, maybe under the table's title), and the unit of its changes when it
 * gives one (单位：亿元、%), into the head. */
static void caption_units(zhx_reading *rd, size_t lo, head *h)
{
    const zhx_rule *r = rd->tr->caption;
    for (int up = 0; r && up < 2 && lo > 0; up++) {
        size_t hi = lo - 1, start = zhx_line_start(rd->text, hi);
        int rc = zhx_match(rd->m, r->code, rd->text, hi, start);
        if (rc < 0)
            zhx_reading_warn(rd, r, rc);
        if (rc == 1 &&
            zhx_match_field(rd->m, r, "unit", &h->caption_unit.lo, &h->caption_unit.hi)) {
            zhx_match_field(rd->m, r, "rate", &h->caption_rate.lo, &h->caption_rate.hi);
            return;
        }
        lo = start;
    }
}

/* Whether the percentages of records [first, ntargets) were exported as fractions of one, as
 * a spreadsheet stores them (0.953 for 95.3 %, -0.021 for -2.1 %): there are
 * SHARES_AS_FRACTIONS_MIN of them or more, every one between -1 and 1 and one at least written
 * to three decimals or more. */
static bool shares_as_fractions(const zhx_doc *doc, size_t first)
{
    size_t n = 0;
    bool fine = false;
    for (size_t i = first; i < doc->ntargets; i++) {
        const zhx_target *t = &doc->targets[i];
        if (!t->unit || strcmp(t->unit, "%") != 0 || !t->has_value)
            continue;
        zhx_decimal v = t->value, one; /* 1 in units of the value's last decimal */
        if (v.scale > 12 || !zhx_decimal_scale((zhx_decimal){1, 0}, v.scale, &one) ||
            v.units >= one.units || v.units <= -one.units)
            return false;
        fine |= v.scale >= 3;
        n++;
    }
    return fine && n >= SHARES_AS_FRACTIONS_MIN;
}

/* Turns the fractions of one of records [first, ntargets) into the percentages they are. */
static void shares_to_percent(zhx_doc *doc, size_t first)
{
    for (size_t i = first; i < doc->ntargets; i++) {
        zhx_target *t = &doc->targets[i];
        if (t->unit && strcmp(t->unit, "%") == 0 && t->has_value) {
            zhx_decimal_scale(t->value, 2, &t->value);
            if (t->has_value_max)
                zhx_decimal_scale(t->value_max, 2, &t->value_max);
        }
    }
}

void zhx_tables_read(zhx_reading *rd, zhx_tables *tb)
{
    cell cells[CELLS_MAX];
    head h;
    if (!rd->tr->columns.n)
        return;
    /* only lines with a separator may hold cells: from one to the next */
    size_t next[2] = {SIZE_MAX, SIZE_MAX}; /* not looked for yet */
    for (size_t at = next_separator(rd->text, rd->len, 0, next); at < rd->len && !rd->failed;) {
        size_t lo = zhx_line_start(rd->text, at);
        size_t hi = zhx_line_stop(rd->text, rd->len, at);
        size_t n = split_cells(rd->text, lo, hi, cells);
        if (n >= 3 && read_head(rd, cells, n, &hi, &h)) {
            caption_units(rd, lo, &h);
            size_t rows = tb->rows.n, first = rd->doc->ntargets;
            hi = read_rows(rd, tb, &h, hi);
            if (shares_as_fractions(rd->doc, first))
                shares_to_percent(rd->doc, first);
            if (tb->rows.n > rows) /* a head's cells are no figures (…50万元以上村占比（%）) */
                zhx_array_push(&tb->rows,
                               ((zhx_table_row){lo, zhx_line_stop(rd->text, rd->len, lo)}));
        }
        at = next_separator(rd->text, rd->len, hi, next);
    }
    read_all_cards(rd, tb);
    /* claims go in text order (a head's claim was added after its rows') */
    if (tb->rows.n > 1)
        qsort(tb->rows.v, tb->rows.n, sizeof *tb->rows.v, row_cmp);
    rd->failed |= tb->prose.failed;
}

bool zhx_tables_claim(const zhx_tables *tb, size_t *cursor, size_t at)
{
    while (*cursor < tb->rows.n && tb->rows.v[*cursor].hi <= at)
        ++*cursor;
    return *cursor < tb->rows.n && tb->rows.v[*cursor].lo <= at;
}

bool zhx_tables_prose_complete(const zhx_reading *rd, const zhx_tables *tb, size_t at,
                               zhx_target *t)
{
    size_t lo = 0, hi = tb->prose.n; /* the first cell that ends after `at` */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tb->prose.v[mid].hi <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    const zhx_table_prose *p = lo < tb->prose.n ? &tb->prose.v[lo] : NULL;
    if (!p || p->lo > at)
        return true;
    t->kind = "target";
    if (t->deadline || p->due_hi == p->due_lo)
        return true;
    return (t->deadline = cell_dup(rd, (cell){p->due_lo, p->due_hi})) != NULL;
}

void zhx_tables_date(zhx_reading *rd, zhx_tables *tb, zhx_dates *d)
{
    for (size_t i = 0; i < tb->undated.n; i++) {
        zhx_target *t = &rd->doc->targets[tb->undated.v[i]];
        t->year = zhx_dates_year_at(rd, d, t->lo, strcmp(t->kind, "target") == 0);
    }
}

void zhx_tables_free(zhx_tables *tb)
{
    free(tb->rows.v);
    free(tb->undated.v);
    free(tb->prose.v);
}
