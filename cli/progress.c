/* The progress line on standard error (documents, MB, MB/s, ETA when the size of the inputs
 * is known, errors so far), redrawn at most four times a second and cleared at the end; and
 * the --stats summary. Everything here runs on the writer's thread. */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cli.h"

#define REDRAW_SECONDS 0.25
#define MB (1024.0 * 1024.0)

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_init(cli_progress *p, bool show, uint64_t total)
{
    memset(p, 0, sizeof *p);
    p->show = show;
    p->total = total;
    p->start = now();
    p->last_draw = p->start; /* the first line after REDRAW_SECONDS: none for a quick run */
}

void cli_progress_count(cli_progress *p, const cli_job *job)
{
    p->docs++;
    p->errors += job->failed;
    p->bytes += job->bytes;
    if (job->consumed > p->consumed)
        p->consumed = job->consumed;
}

static void draw(cli_progress *p, double t)
{
    double elapsed = t - p->start;
    double rate = elapsed > 0 ? (double)p->bytes / MB / elapsed : 0;
    char eta[32] = "";
    if (p->total && p->consumed && p->consumed <= p->total) {
        double left = elapsed * (double)(p->total - p->consumed) / (double)p->consumed;
        unsigned s = (unsigned)(left + 0.5);
        snprintf(eta, sizeof eta, ", ETA %u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
    }
    /* \r and erase-to-end-of-line: the line is redrawn in place */
    fprintf(stderr, "\r\033[Kzhx: %llu docs, %.1f MB, %.1f MB/s%s, %llu error%s",
            (unsigned long long)p->docs, (double)p->bytes / MB, rate, eta,
            (unsigned long long)p->errors, p->errors == 1 ? "" : "s");
    p->drawn = true;
    p->last_draw = t;
}

void cli_progress_tick(cli_progress *p)
{
    if (!p->show)
        return;
    double t = now();
    if (t - p->last_draw >= REDRAW_SECONDS)
        draw(p, t);
}

void cli_progress_clear(cli_progress *p)
{
    if (p->drawn)
        fputs("\r\033[K", stderr);
    p->drawn = false;
}

void cli_progress_stats(const cli_progress *p)
{
    double elapsed = now() - p->start;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double mb = (double)p->bytes / MB;
    fprintf(stderr,
            "zhx: %llu documents, %llu error%s, %.1f MB in %.2f s: %.1f MB/s, %.0f docs/s; "
            "peak RSS %.1f MB\n",
            (unsigned long long)p->docs, (unsigned long long)p->errors, p->errors == 1 ? "" : "s",
            mb, elapsed, elapsed > 0 ? mb / elapsed : 0,
            elapsed > 0 ? (double)p->docs / elapsed : 0, (double)ru.ru_maxrss / 1024.0);
}
