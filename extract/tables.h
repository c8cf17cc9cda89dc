/* tables.c, a part of the targets stage: the rows of tables whose head row names what each
 * column holds, read column by column before the target rules run over the rest. */
#ifndef ZHX_TABLES_H
#define ZHX_TABLES_H

#include "targets.h"

typedef struct zhx_table_row {
    size_t lo, hi;
} zhx_table_row;

/* A row's content cell (建设内容及规模), which the target rules read, and its deadline cell. */
typedef struct zhx_table_prose {
    size_t lo, hi, due_lo, due_hi;
} zhx_table_prose;

typedef struct zhx_tables {
    struct {
        zhx_table_row *v; /* the rows read, in text order */
        size_t n, cap;
        bool failed;
    } rows;
    struct {
        size_t *v; /* records whose column names no year: dated once the text's years are read */
        size_t n, cap;
        bool failed;
    } undated;
    struct {
        zhx_table_prose *v; /* the content cells of the rows read, in text order */
        size_t n, cap;
        bool failed;
    } prose;
} zhx_tables;

/* Adds the records of every table row that the `column` and `cell` rules read. */
void zhx_tables_read(zhx_reading *rd, zhx_tables *tb);
/* Whether byte `at` is in a row read; `cursor`, 0 at first, keeps the place for calls with
 * `at` growing. */
bool zhx_tables_claim(const zhx_tables *tb, size_t *cursor, size_t at);
/* Completes target record `t`, read at byte `at`, when `at` is in a row's content cell: what a
 * list of projects says each will build is planned (a target), due when the row says. */
bool zhx_tables_prose_complete(const zhx_reading *rd, const zhx_tables *tb, size_t at,
                               zhx_target *t);
/* Gives the records whose column names no year the year that governs where they are; after
 * the text's years have been read (zhx_dates_read). */
void zhx_tables_date(zhx_reading *rd, zhx_tables *tb, zhx_dates *d);
void zhx_tables_free(zhx_tables *tb);

#endif
