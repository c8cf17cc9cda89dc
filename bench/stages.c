/* Throughput of each normalize stage, for `make bench-stages`. The given files are documents;
 * each is first run through the stages once to get what each stage is given in the pipeline.
 * Then each stage alone is run over the documents, round after round, until MB megabytes of
 * its input have gone through, and its CPU time (of this process, so that other work on a
 * shared machine counts less) gives MB/s in the bytes it was given.
 *
 *   build/bench-stages [-m MB] [-1] [-s] FILE...
 *
 * -1 joins the files, repeated, into one document of MB megabytes (memory-bound, and a worst
 * case for structures that grow with a document); -s skips the run of the whole zhx_normalize
 * after the stages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/utf8.h"
#include "../normalize/normalize.h"

static const struct {
    const char *name;
    zhx_normalize_fn run;
} stages[] = {
    {"decode", zhx_decode},     {"lost", zhx_lost},     {"pages", zhx_pages},
    {"entities", zhx_entities}, {"pinyin", zhx_pinyin}, {"unicode", zhx_unicode},
};
#define NSTAGES (sizeof stages / sizeof stages[0])

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc(*len + 1);
    if (!s || fread(s, 1, *len, f) != *len) {
        fprintf(stderr, "%s: cannot read\n", path);
        exit(2);
    }
    fclose(f);
    return s;
}

/* A document and what each stage is given in the pipeline. */
typedef struct doc_input {
    const char *text[NSTAGES];
    size_t len[NSTAGES];
    zhx_text owned[NSTAGES];
} doc_input;

static zhx_text run_stage(zhx_engine *engine, size_t k, const char *text, size_t len)
{
    zhx_doc *doc = zhx_doc_new("bench", text, len);
    zhx_stage st = {engine, doc, (uint32_t)k, NULL};
    zhx_text out;
    if (stages[k].run(&st, text, len, &out) != ZHX_OK) {
        fprintf(stderr, "%s failed on a document: %s\n", stages[k].name, zhx_doc_error(doc));
        exit(1);
    }
    zhx_doc_free(doc);
    return out;
}

static void prepare(zhx_engine *engine, doc_input *d, const char *bytes, size_t len)
{
    d->text[0] = bytes;
    d->len[0] = len;
    for (size_t k = 0; k + 1 < NSTAGES; k++) {
        d->owned[k] = run_stage(engine, k, d->text[k], d->len[k]);
        d->text[k + 1] = d->owned[k].changed ? d->owned[k].s : d->text[k];
        d->len[k + 1] = d->owned[k].changed ? d->owned[k].len : d->len[k];
    }
}

int main(int argc, char **argv)
{
    double mb = 50;
    bool one = false, stages_only = false;
    int opt;
    while ((opt = getopt(argc, argv, "m:1s")) != -1) {
        if (opt == 'm')
            mb = atof(optarg);
        else if (opt == '1')
            one = true;
        else if (opt == 's')
            stages_only = true;
        else
            return 2;
    }
    int nfiles = argc - optind;
    if (nfiles < 1 || mb <= 0) {
        fprintf(stderr, "usage: bench-stages [-m MB] [-1] [-s] FILE...\n");
        return 2;
    }
    char **raw = calloc((size_t)nfiles, sizeof *raw);
    size_t *lens = calloc((size_t)nfiles, sizeof *lens);
    for (int i = 0; i < nfiles; i++)
        raw[i] = slurp(argv[optind + i], &lens[i]);
    if (one) {
        size_t want = (size_t)(mb * 1e6), total = 0;
        char *big = malloc(want + 1);
        for (int i = 0; total < want; i = (i + 1) % nfiles) {
            size_t n = lens[i] < want - total ? lens[i] : want - total;
            memcpy(big + total, raw[i], n);
            total += n;
        }
        big[total] = '\0';
        total = zhx_utf8_valid_prefix(big, total); /* not in the middle of a character */
        raw[0] = big;
        lens[0] = total;
        nfiles = 1;
    }
    zhx_diag diag;
    zhx_rules *rules = zhx_rules_load(NULL, 0, true, &diag);
    zhx_engine *engine = rules ? zhx_engine_new(rules, NULL, &diag) : NULL;
    if (!engine) {
        fprintf(stderr, "%s\n", diag.message);
        return 2;
    }
    doc_input *docs = calloc((size_t)nfiles, sizeof *docs);
    for (int i = 0; i < nfiles; i++)
        prepare(engine, &docs[i], raw[i], lens[i]);
    printf("%d document%s, %s\n", nfiles, nfiles > 1 ? "s" : "",
           one ? "joined into one" : "each processed as itself, round after round");
    double all_secs = 0;
    for (size_t k = 0; k < NSTAGES; k++) {
        double bytes = 0, t0 = cpu_now();
        for (int i = 0; bytes < mb * 1e6 * 0.99; i = (i + 1) % nfiles) {
            zhx_text out = run_stage(engine, k, docs[i].text[k], docs[i].len[k]);
            zhx_text_free(&out);
            bytes += (double)docs[i].len[k];
        }
        double secs = cpu_now() - t0;
        all_secs += secs * 1e6 * mb / bytes; /* time for MB megabytes of raw input, roughly */
        printf("  %-9s %9.1f MB/s  (%.3f s CPU for %.1f MB)\n", stages[k].name, bytes / 1e6 / secs,
               secs, bytes / 1e6);
    }
    printf("  %-9s %9.1f MB/s  (the stages above one after another)\n", "together", mb / all_secs);
    if (!stages_only) { /* every stage of the pipeline, through the public API */
        double done = 0, t0 = cpu_now();
        for (int i = 0; done < mb * 1e6; i = (i + 1) % nfiles) {
            zhx_doc *doc = zhx_doc_new("bench", raw[i], lens[i]);
            zhx_normalize(engine, doc);
            zhx_doc_free(doc);
            done += (double)lens[i];
        }
        printf("  %-9s %9.1f MB/s  (zhx_normalize: the whole pipeline as it stands)\n", "normalize",
               done / 1e6 / (cpu_now() - t0));
    }
    for (int i = 0; i < nfiles; i++)
        for (size_t k = 0; k < NSTAGES; k++)
            zhx_text_free(&docs[i].owned[k]);
    zhx_engine_free(engine);
    zhx_rules_free(rules);
    return 0;
}
