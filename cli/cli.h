/* The zhx command line: options, inputs, the worker pool, progress and the rules subcommand.
 * Everything that prints or exits lives here, never in the library.
 *
 *   main.c      the choice of subcommand
 *   options.c   --help and the option parser
 *   inputs.c    the inputs in order: files, folders, stdin, --files-from, --jsonl-in
 *   archive.c   archive members through libarchive
 *   jsonl_in.c  one --jsonl-in line as a document
 *   lines.c     bounded reading of delimited lines (--files-from, --jsonl-in)
 *   pool.c      the reader thread and the worker threads; output in input order
 *   run.c       one document through the library; normalize and extract over every input
 *   progress.c  the progress line and the --stats summary
 *   rules_cmd.c zhx rules check|list|test
 */
#ifndef ZHX_CLI_H
#define ZHX_CLI_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../include/zhx.h"

/* Exit statuses, as DESIGN.md gives them; a run stopped by SIGINT or SIGTERM exits with
 * 128 + the signal number, as shells report it (130 for Ctrl-C). */
enum {
    EXIT_ALL_OK = 0,
    EXIT_SOME_FAILED = 1, /* some inputs produced error records */
    EXIT_USAGE = 2        /* bad usage or broken rules */
};

typedef enum cli_command { CMD_NORMALIZE, CMD_EXTRACT, CMD_RULES } cli_command;

typedef enum cli_progress_mode { PROGRESS_AUTO, PROGRESS_ON, PROGRESS_OFF } cli_progress_mode;

typedef struct cli_options {
    cli_command command;
    zhx_options lib;
    const char **rule_dirs;
    size_t nrule_dirs;
    bool builtin_rules;
    bool jsonl_out;         /* normalize: JSONL even for one input */
    bool jsonl_in;          /* inputs are JSONL streams of {"id","text"} or {"id","path"} */
    const char *files_from; /* more input names, one a line (NUL-separated with -0) */
    bool null_names;        /* -0 */
    unsigned jobs;          /* worker threads; 0 = one per core */
    cli_progress_mode progress;
    bool stats;
    size_t max_doc_bytes;
    uint64_t max_archive_bytes; /* decompressed bytes per archive, against zip bombs */
    char **inputs;
    size_t ninputs;
} cli_options;

/* Sets every option to its default. */
void cli_options_init(cli_options *opt);

/* Parses the options after the command word (argv[0]); the remaining arguments become
 * opt->inputs. Returns -1 to go on, or an exit status (after --help, or a usage error). */
int cli_parse_options(int argc, char **argv, cli_options *opt);

/* Prints "zhx: MESSAGE", the usage lines and a pointer to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, const char *arg);

/* ---- inputs ---------------------------------------------------------------------------- */

/* One document as read from an input, or the reason it could not be read. */
typedef struct cli_doc {
    char *id;
    char *bytes; /* owned; NUL-terminated for convenience */
    size_t len;
    char *error, *detail; /* set when the input could not be read */
    bool member;          /* it came out of an archive or a JSONL stream */
} cli_doc;

void cli_doc_free(cli_doc *doc);
/* Marks `doc` failed: error is a short fixed phrase, detail (may be NULL) says more. */
void cli_doc_set_error(cli_doc *doc, const char *error, const char *detail);
/* Sets the error of a document larger than --max-doc-bytes `max`: `size` bytes, when known
 * (0 when not). */
void cli_doc_too_large(cli_doc *doc, unsigned long long size, size_t max);

/* A document id from `prefix`, `sep` and `name` (prefix and sep may be NULL): bytes that are
 * not valid UTF-8 (file names in a legacy charset) are written as \xHH so that the id is
 * always a JSON string. Returns NULL when out of memory. */
char *cli_id_join(const char *prefix, const char *sep, const char *name);

/* How cli_read_all ended. */
typedef enum cli_read_end {
    CLI_READ_DONE,
    CLI_READ_TOO_LARGE,
    CLI_READ_FAILED,
    CLI_READ_NOMEM
} cli_read_end;

/* Reads up to `n` bytes into `buf`: how many (0 at the end), or -1 when it failed. */
typedef ptrdiff_t (*cli_read_some)(void *src, char *buf, size_t n);

/* Reads everything `read_some` gives into doc->bytes, in a buffer that starts at `cap` bytes
 * and never holds more than max + 1: CLI_READ_TOO_LARGE past `max` bytes, CLI_READ_FAILED
 * when `read_some` fails (errno as it left it), CLI_READ_NOMEM. The caller reports them. */
cli_read_end cli_read_all(cli_read_some read_some, void *src, size_t cap, size_t max, cli_doc *doc);

/* Reads all of file descriptor `fd` into doc->bytes, or sets doc's error; refuses more than
 * `max` bytes without holding more than max + 1 in memory. Gives up (an error) on cli_stop. */
void cli_read_fd(int fd, size_t max, cli_doc *doc);
/* The same for the file at `path`: refused from its size alone when it is too large. */
void cli_read_path(const char *path, size_t max, cli_doc *doc);

/* Walks the inputs in order: the INPUT arguments, then the names listed by --files-from;
 * folders recursively in name order, archives member by member, `-` for stdin; with
 * --jsonl-in, every input is a stream of JSON lines, one document each. */
typedef struct cli_source cli_source;
cli_source *cli_source_new(const cli_options *opt);
/* Reads the next document into `doc` (which it first clears); false when there are no more. */
bool cli_source_next(cli_source *src, cli_doc *doc);
/* Bytes of the inputs consumed so far (compressed bytes for an archive), for the ETA. */
uint64_t cli_source_consumed(const cli_source *src);
void cli_source_free(cli_source *src);

/* The total size of the inputs when it is known up front (every INPUT a regular file, no
 * --files-from), else 0. */
uint64_t cli_inputs_total(const cli_options *opt);

/* ---- archives -------------------------------------------------------------------------- */

typedef struct cli_archive cli_archive;

typedef enum cli_probe {
    PROBE_PLAIN,   /* not an archive: read it as one document */
    PROBE_ARCHIVE, /* an archive (or one compressed document): read it with cli_archive_next */
    PROBE_FAILED   /* `doc` holds the error */
} cli_probe;

/* Looks at the regular file `path`, which is not empty (zero bytes look like an empty tar),
 * with libarchive, streaming it from the file. For PROBE_ARCHIVE, *archive is set and belongs
 * to the caller. For PROBE_FAILED, `doc` is the error record for the file. */
cli_probe cli_archive_open_file(const char *path, const cli_options *opt, cli_archive **archive,
                                cli_doc *doc);
/* The same for a document already read into `doc` (a small file, or a member of `outer`, which
 * is NULL for an input): for PROBE_ARCHIVE the archive takes over doc->bytes; for
 * PROBE_FAILED doc holds the error. */
cli_probe cli_archive_open_bytes(cli_doc *doc, const cli_options *opt, cli_archive *outer,
                                 cli_archive **archive);
/* The next member of the archive as a document (or an error record for a member or for the
 * archive itself); false when the archive is done. */
bool cli_archive_next(cli_archive *ar, cli_doc *doc);
/* Bytes of the archive file read so far. */
uint64_t cli_archive_consumed(const cli_archive *ar);
void cli_archive_free(cli_archive *ar);

/* ---- delimited lines ------------------------------------------------------------------- */

/* Lines of a file descriptor, split at `delim`, each at most `max` bytes: a longer line is
 * skipped without being held in memory and reported as LINE_TOO_LONG. */
typedef struct cli_lines {
    int fd;
    char delim;
    size_t max;
    char *buf;
    size_t cap, start, end;
    bool eof;
    unsigned long number; /* of the line last returned, 1-based */
    uint64_t consumed;    /* bytes of the lines returned so far */
    int error;            /* errno of a failed read */
} cli_lines;

typedef enum cli_line_status { LINE_OK, LINE_TOO_LONG, LINE_END, LINE_ERROR } cli_line_status;

void cli_lines_init(cli_lines *r, int fd, char delim, size_t max);
/* The next line, without its delimiter; *line points into the reader's buffer and is valid
 * until the next call. */
cli_line_status cli_lines_next(cli_lines *r, char **line, size_t *len);
void cli_lines_free(cli_lines *r);

/* Turns one line of a --jsonl-in stream into a document. `where` names the line for
 * records that have no id ("-:12", "docs.jsonl:12"). Returns false for a blank line, which
 * yields no document. */
bool cli_jsonl_doc(const char *line, size_t len, const char *where, const cli_options *opt,
                   cli_doc *doc);

/* ---- the worker pool ------------------------------------------------------------------- */

/* One document in flight: read by the reader thread, turned into output by a worker, written
 * by the main thread in input order. */
typedef struct cli_job {
    cli_doc doc;       /* the input; the worker frees its bytes when done with them */
    uint64_t bytes;    /* size of the input document */
    uint64_t consumed; /* cli_source_consumed after reading it */
    char *out;         /* for standard output, written with one write */
    size_t out_len;
    char *err; /* for standard error (plain-text normalize), or NULL */
    size_t err_len;
    bool failed; /* it became an error record */
} cli_job;

typedef struct cli_pool_ops {
    void *user;
    /* Reader thread: fills job->doc (and bytes, consumed); false when the inputs are done. */
    bool (*read)(void *user, cli_job *job);
    /* Worker thread `worker` (0-based): fills out, err and failed from doc. */
    void (*work)(void *user, unsigned worker, cli_job *job);
    /* Main thread, in input order: writes the output, then the pool frees it; false stops
     * the run (the output cannot be written). */
    bool (*write)(void *user, cli_job *job);
    /* Main thread, a few times a second (for the progress line). */
    void (*tick)(void *user);
} cli_pool_ops;

typedef enum cli_pool_end {
    POOL_DONE,         /* every job was read, worked and written */
    POOL_WRITE_FAILED, /* the output cannot be written */
    POOL_INTERRUPTED,  /* cli_stop was set */
    POOL_NO_THREADS    /* a thread could not be started */
} cli_pool_end;

/* Nonzero stops the run early: the SIGINT/SIGTERM handler sets it to the signal's number,
 * the writer to -1 when the output cannot be written. The writer then writes nothing more,
 * the reader stops reading (cli_wait_input notices it), the workers finish the document in
 * hand, and the run ends with whole lines only. */
extern atomic_int cli_stop;

/* Waits until `fd` can be read without blocking; false if cli_stop was set meanwhile. A
 * regular file is always ready; a pipe or a terminal may keep zhx waiting. */
bool cli_wait_input(int fd);

/* Runs `workers` worker threads over the jobs, with at most `max_jobs` documents and about
 * `max_bytes` bytes in flight (a larger document is admitted alone); one worker runs on the
 * calling thread alone, one document at a time. Every thread has ended when it returns. */
cli_pool_end cli_pool_run(unsigned workers, size_t max_jobs, size_t max_bytes,
                          const cli_pool_ops *ops);

/* ---- progress -------------------------------------------------------------------------- */

typedef struct cli_progress {
    bool show; /* draw the line on stderr */
    double start, last_draw;
    uint64_t total; /* of the inputs, or 0 when not known */
    uint64_t docs, errors, bytes, consumed;
    bool drawn;
} cli_progress;

void cli_progress_init(cli_progress *p, bool show, uint64_t total);
/* Counts a job that has just been written. */
void cli_progress_count(cli_progress *p, const cli_job *job);
/* Redraws the line if it is due (at most four times a second). */
void cli_progress_tick(cli_progress *p);
/* Clears the line, so that the terminal is left as it was found. */
void cli_progress_clear(cli_progress *p);
/* The --stats summary on stderr: documents, errors, bytes, speed, wall time, peak RSS. */
void cli_progress_stats(const cli_progress *p);

/* ---- commands -------------------------------------------------------------------------- */

/* Runs `normalize` or `extract` over every input; returns the exit status. */
int cli_run(const cli_options *opt, const zhx_rules *rules);

/* `zhx rules check|list|test [DIR...]`; returns the exit status. */
int cli_rules(int argc, char **argv, cli_options *opt);

/* Loads the shipped rules and the user folders; prints the error and returns NULL if one is
 * broken. */
zhx_rules *cli_load_rules(const cli_options *opt, const char *const *extra, size_t nextra);

/* Prints a diagnostic the way compilers do: file:line:column: error: ..., the source line
 * and a caret under the column. */
void cli_print_diag(FILE *f, const zhx_diag *d);

#endif
