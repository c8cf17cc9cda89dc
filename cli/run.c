/* `normalize` and `extract`: every document through the library on the worker pool, its
 * records on standard output in input order, each document's output in one write so that
 * lines stay whole. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* In flight at once: this many documents per worker thread, and about this many bytes. Output
 * keeps input order, so one slow document (a Traditional one: OpenCC) holds back the writing
 * of all that come after it: with a window of 4 a thread, -j 2 ran the mixed benchmark corpus
 * only 1.5 times as fast as -j 1; with 64, 1.9 times. */
#define JOBS_PER_WORKER 64
#define INFLIGHT_BYTES ((size_t)64 * 1024 * 1024)

typedef struct run {
    const cli_options *opt;
    zhx_engine **engines; /* one per worker */
    cli_source *src;
    bool plain_text; /* normalize of a single document prints its text, not JSONL */
    cli_progress progress;
    int status;
    int write_errno;
} run;

/* Writes all of `s`; returns false (errno set) if it cannot. */
static bool write_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        s += w;
        n -= (size_t)w;
    }
    return true;
}

/* The change records of a JSONL document, for plain-text normalize --explain on stderr. */
static char *change_lines(const char *jsonl, size_t *len)
{
    char *out = malloc(strlen(jsonl) + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (const char *line = jsonl; *line;) {
        const char *nl = strchr(line, '\n');
        size_t k = nl ? (size_t)(nl - line) + 1 : strlen(line);
        if (strncmp(line, "{\"type\":\"change\"", 16) == 0) {
            memcpy(out + n, line, k);
            n += k;
        }
        line += k;
    }
    *len = n;
    return out;
}

/* The cleaned text as it goes to standard output, ending in a newline (an empty text stays
 * empty: a page that was all boilerplate normalizes to nothing). */
static char *plain_copy(const char *text, size_t len, size_t *out_len)
{
    bool nl = len > 0 && text[len - 1] != '\n';
    char *out = malloc(len + nl + 1);
    if (!out)
        return NULL;
    memcpy(out, text, len);
    if (nl)
        out[len] = '\n';
    *out_len = len + nl;
    return out;
}

/* What goes to stderr for a document that failed in plain-text mode. */
static char *error_line(const char *id, const char *error, size_t *len)
{
    size_t n = strlen(id) + strlen(error) + 8;
    char *s = malloc(n);
    if (s)
        *len = (size_t)snprintf(s, n, "zhx: %s: %s\n", id, error);
    return s;
}

static void process(run *r, zhx_engine *engine, cli_job *job)
{
    const cli_options *opt = r->opt;
    cli_doc *in = &job->doc;
    const char *id = in->id ? in->id : "?";
    zhx_doc *doc = zhx_doc_new(id, in->bytes, in->len);
    if (!doc) {
        job->failed = true;
        job->err = error_line(id, "out of memory", &job->err_len);
        return;
    }
    if (in->error)
        zhx_doc_fail(doc, in->error, in->detail);
    else if (opt->command == CMD_EXTRACT)
        zhx_extract(engine, doc);
    else
        zhx_normalize(engine, doc);
    job->failed = zhx_doc_error(doc) != NULL;
    bool plain = r->plain_text && !in->member;
    /* plain text needs no records but the change records of --explain */
    unsigned emit = plain && !job->failed         ? 0
                    : opt->command == CMD_EXTRACT ? ZHX_EMIT_RECORDS
                                                  : ZHX_EMIT_TEXT;
    if (opt->lib.explain)
        emit |= ZHX_EMIT_CHANGES;
    size_t n;
    char *jsonl = zhx_doc_jsonl(doc, emit, &n);
    if (!jsonl) {
        job->failed = true;
        job->err = error_line(id, "out of memory", &job->err_len);
    } else if (plain && !job->failed) {
        size_t len;
        const char *text = zhx_doc_text(doc, &len);
        job->out = plain_copy(text, len, &job->out_len);
        if (opt->lib.explain)
            job->err = change_lines(jsonl, &job->err_len);
        free(jsonl);
    } else {
        if (plain)
            job->err = error_line(id, zhx_doc_error(doc), &job->err_len);
        job->out = jsonl;
        job->out_len = n;
    }
    zhx_doc_free(doc);
}

/* ---- the pool's callbacks -------------------------------------------------------------- */

static bool read_job(void *user, cli_job *job)
{
    run *r = user;
    if (atomic_load(&cli_stop) || !cli_source_next(r->src, &job->doc))
        return false;
    if (atomic_load(&cli_stop)) { /* it may have been cut short */
        cli_doc_free(&job->doc);
        return false;
    }
    job->bytes = job->doc.len;
    job->consumed = cli_source_consumed(r->src);
    return true;
}

static void work_job(void *user, unsigned worker, cli_job *job)
{
    run *r = user;
    process(r, r->engines[worker], job);
    /* the input is done with: only the output is held until it is written */
    free(job->doc.bytes);
    job->doc.bytes = NULL;
}

static bool write_job(void *user, cli_job *job)
{
    run *r = user;
    if (job->err) {
        cli_progress_clear(&r->progress);
        write_all(STDERR_FILENO, job->err, job->err_len);
    }
    bool ok = write_all(STDOUT_FILENO, job->out, job->out_len);
    if (!ok)
        r->write_errno = errno;
    cli_progress_count(&r->progress, job);
    if (job->failed)
        r->status = EXIT_SOME_FAILED;
    return ok;
}

static void tick(void *user)
{
    run *r = user;
    cli_progress_tick(&r->progress);
}

/* ---- setting up ------------------------------------------------------------------------ */

/* normalize prints plain text for a single file or standard input; anything else is JSONL. */
static bool prints_plain_text(const cli_options *opt)
{
    if (opt->command != CMD_NORMALIZE || opt->jsonl_out || opt->jsonl_in || opt->files_from ||
        opt->ninputs > 1)
        return false;
    struct stat sb;
    return opt->ninputs == 0 || strcmp(opt->inputs[0], "-") == 0 ||
           stat(opt->inputs[0], &sb) != 0 || !S_ISDIR(sb.st_mode);
}

static unsigned count_cores(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return (unsigned)CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

static void on_signal(int sig)
{
    atomic_store(&cli_stop, sig);
}

/* Ctrl-C and SIGTERM stop the run between two documents; a second one kills it at once. A
 * signal ignored when zhx started (a background job of a script) stays ignored, as GNU sort
 * does it. */
static void catch_signals(bool on)
{
    static const int signals[] = {SIGINT, SIGTERM};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction old, sa;
        sigaction(signals[i], NULL, &old);
        if (old.sa_handler == SIG_IGN)
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on ? on_signal : SIG_DFL;
        sa.sa_flags = on ? SA_RESETHAND | SA_RESTART : 0;
        sigemptyset(&sa.sa_mask);
        sigaction(signals[i], &sa, NULL);
    }
}

static void free_engines(zhx_engine **engines, unsigned n)
{
    for (unsigned i = 0; engines && i < n; i++)
        zhx_engine_free(engines[i]);
    free(engines);
}

static zhx_engine **new_engines(const cli_options *opt, const zhx_rules *rules, unsigned n)
{
    zhx_engine **engines = calloc(n, sizeof *engines);
    zhx_diag diag;
    snprintf(diag.message, sizeof diag.message, "out of memory");
    for (unsigned i = 0; engines && i < n; i++)
        if (!(engines[i] = zhx_engine_new(rules, &opt->lib, &diag))) {
            free_engines(engines, n);
            engines = NULL;
        }
    if (!engines)
        fprintf(stderr, "zhx: %s\n", diag.message);
    return engines;
}

int cli_run(const cli_options *opt, const zhx_rules *rules)
{
    unsigned workers = opt->jobs ? opt->jobs : count_cores();
    run r = {opt, new_engines(opt, rules, workers), cli_source_new(opt), prints_plain_text(opt)};
    if (!r.engines || !r.src) {
        free_engines(r.engines, workers);
        cli_source_free(r.src);
        return EXIT_USAGE;
    }
    bool show = opt->progress == PROGRESS_ON ||
                (opt->progress == PROGRESS_AUTO && isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO));
    cli_progress_init(&r.progress, show, show ? cli_inputs_total(opt) : 0);
    cli_pool_ops ops = {&r, read_job, work_job, write_job, tick};
    catch_signals(true);
    cli_pool_end end =
        cli_pool_run(workers, (size_t)workers * JOBS_PER_WORKER, INFLIGHT_BYTES, &ops);
    cli_progress_clear(&r.progress);
    if (opt->stats)
        cli_progress_stats(&r.progress);
    catch_signals(false);
    if (end == POOL_INTERRUPTED) {
        r.status = 128 + atomic_load(&cli_stop);
    } else if (end == POOL_WRITE_FAILED) {
        fprintf(stderr, "zhx: cannot write output: %s\n", strerror(r.write_errno));
        r.status = EXIT_SOME_FAILED;
    } else if (end == POOL_NO_THREADS) {
        fprintf(stderr, "zhx: cannot start %u worker threads\n", workers);
        r.status = EXIT_USAGE;
    }
    free_engines(r.engines, workers);
    cli_source_free(r.src);
    return r.status;
}
