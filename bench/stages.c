/* Throughput of each stage, for `make bench-stages`: where the time of `zhx extract` goes.
 *
 *   build/bench-stages [-m MB] [-1] FILE...
 *
 * The given files are documents. Each is first run through the pipeline once, to get what
 * every stage is given. Then each normalize stage alone runs over the documents, round after
 * round, until MB megabytes of its input have gone through; then the extract stages run over
 * the normalized documents, each timed on its own, and the JSON writer after them. CPU time of
 * this process (so that other work on a shared machine counts less) gives MB/s in the bytes a
 * stage was given. -1 joins the files, repeated, into one document of MB megabytes (a worst
 * case for structures that grow with a document). The stages are core/pipeline.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/pipeline.h"
#include "../core/utf8.h"

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

/* A document and what each normalize stage is given in the pipeline; text[n] is the result. */
typedef struct doc_input {
    const char **text;
    size_t *len;
    zhx_text *owned;
} doc_input;

static zhx_text run_stage(zhx_engine *engine, const zhx_normalize_stage *stage, uint32_t k,
                          const char *text, size_t len)
{
    zhx_doc *doc = zhx_doc_new("bench", text, len);
    zhx_stage st = {engine, doc, k, NULL};
    zhx_text out;
    memset(&out, 0, sizeof out);
    if (stage->enabled(&engine->options) && stage->run(&st, text, len, &out) != ZHX_OK) {
        fprintf(stderr, "%s failed on a document: %s\n", stage->name, zhx_doc_error(doc));
        exit(1);
    }
    zhx_doc_free(doc);
    return out;
}

static void prepare(zhx_engine *engine, doc_input *d, const char *bytes, size_t len)
{
    size_t n;
    const zhx_normalize_stage *stages = zhx_pipeline_normalize(&n);
    d->text = calloc(n + 1, sizeof *d->text);
    d->len = calloc(n + 1, sizeof *d->len);
    d->owned = calloc(n, sizeof *d->owned);
    d->text[0] = bytes;
    d->len[0] = len;
    for (size_t k = 0; k < n; k++) {
        d->owned[k] = run_stage(engine, &stages[k], (uint32_t)k, d->text[k], d->len[k]);
        d->text[k + 1] = d->owned[k].changed ? d->owned[k].s : d->text[k];
        d->len[k + 1] = d->owned[k].changed ? d->owned[k].len : d->len[k];
    }
}

static void report(const char *name, double bytes, double secs, const char *note)
{
    printf("  %-12s %9.1f MB/s  (%.3f s CPU for %.1f MB%s%s)\n", name, bytes / 1e6 / secs, secs,
           bytes / 1e6, note ? "; " : "", note ? note : "");
}

static void bench_normalize(zhx_engine *engine, doc_input *docs, int ndocs, double mb)
{
    size_t n;
    const zhx_normalize_stage *stages = zhx_pipeline_normalize(&n);
    for (size_t k = 0; k < n; k++) {
        if (!stages[k].enabled(&engine->options))
            continue;
        double bytes = 0, t0 = cpu_now();
        for (int i = 0; bytes < mb * 1e6 * 0.99; i = (i + 1) % ndocs) {
            zhx_text out =
                run_stage(engine, &stages[k], (uint32_t)k, docs[i].text[k], docs[i].len[k]);
            zhx_text_free(&out);
            bytes += (double)docs[i].len[k];
        }
        report(stages[k].name, bytes, cpu_now() - t0, NULL);
    }
}

/* A document already normalized to `text`, as the extract stages find it. */
static zhx_doc *normalized_doc(const char *text, size_t len)
{
    zhx_doc *doc = zhx_doc_new("bench", text, len);
    doc->text = text;
    doc->len = len;
    doc->normalized = true;
    return doc;
}

static void bench_extract(zhx_engine *engine, doc_input *docs, int ndocs, double mb)
{
    size_t n, nnorm;
    const zhx_extract_stage *stages = zhx_pipeline_extract(&n);
    zhx_pipeline_normalize(&nnorm);
    double *secs = calloc(n + 1, sizeof *secs), bytes = 0;
    for (int i = 0; bytes < mb * 1e6 * 0.99; i = (i + 1) % ndocs) {
        zhx_doc *doc = normalized_doc(docs[i].text[nnorm], docs[i].len[nnorm]);
        for (size_t k = 0; k < n; k++) {
            zhx_stage st = {engine, doc, (uint32_t)nnorm, NULL};
            double t0 = cpu_now();
            stages[k].run(&st, doc->text, doc->len);
            secs[k] += cpu_now() - t0;
        }
        double t0 = cpu_now();
        size_t out;
        free(zhx_doc_jsonl(doc, ZHX_EMIT_RECORDS, &out));
        secs[n] += cpu_now() - t0;
        bytes += (double)doc->len;
        zhx_doc_free(doc);
    }
    double all = 0;
    for (size_t k = 0; k <= n; k++) {
        report(k < n ? stages[k].name : "json", bytes, secs[k], NULL);
        all += secs[k];
    }
    report("extract", bytes, all, "the stages above and the records written");
    free(secs);
}

int main(int argc, char **argv)
{
    double mb = 50;
    bool one = false;
    int opt;
    while ((opt = getopt(argc, argv, "m:1")) != -1) {
        if (opt == 'm')
            mb = atof(optarg);
        else if (opt == '1')
            one = true;
        else
            return 2;
    }
    int nfiles = argc - optind;
    if (nfiles < 1 || mb <= 0) {
        fprintf(stderr, "usage: bench-stages [-m MB] [-1] FILE...\n");
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
    bench_normalize(engine, docs, nfiles, mb);
    double done = 0, t0 = cpu_now();
    for (int i = 0; done < mb * 1e6; i = (i + 1) % nfiles) {
        zhx_doc *doc = zhx_doc_new("bench", raw[i], lens[i]);
        zhx_normalize(engine, doc);
        zhx_doc_free(doc);
        done += (double)lens[i];
    }
    report("normalize", done, cpu_now() - t0, "zhx_normalize, all stages, in raw bytes");
    bench_extract(engine, docs, nfiles, mb);
    done = 0, t0 = cpu_now();
    for (int i = 0; done < mb * 1e6; i = (i + 1) % nfiles) {
        zhx_doc *doc = zhx_doc_new("bench", raw[i], lens[i]);
        zhx_extract(engine, doc);
        size_t out;
        free(zhx_doc_jsonl(doc, ZHX_EMIT_RECORDS, &out));
        zhx_doc_free(doc);
        done += (double)lens[i];
    }
    report("end to end", done, cpu_now() - t0, "zhx_extract and its records, in raw bytes");
    size_t nstages;
    zhx_pipeline_normalize(&nstages);
    for (int i = 0; i < nfiles; i++) {
        for (size_t k = 0; k < nstages; k++)
            zhx_text_free(&docs[i].owned[k]);
        free(docs[i].text);
        free(docs[i].len);
        free(docs[i].owned);
    }
    free(docs);
    zhx_engine_free(engine);
    zhx_rules_free(rules);
    return 0;
}
