/* The library from several threads at once, as -j and programs that embed zhx use it: one
 * zhx_rules shared by every thread, one engine per thread, each thread taking the documents in
 * its own order. Every document must come out exactly as from a single thread. `make tsan`
 * runs this under ThreadSanitizer too, which turns it into the race check of the library. */
#include "testing.h"

#include <glob.h>
#include <pthread.h>

#define THREADS 3
#define ROUNDS 2

typedef struct input {
    char *path, *bytes, *want;
    size_t len, want_len;
} input;

typedef struct worker {
    const input *inputs;
    size_t n, first;
    size_t done, wrong;
    pthread_t thread;
} worker;

static char *extract(zhx_engine *engine, const input *in, size_t *len)
{
    zhx_doc *doc = zhx_doc_new(in->path, in->bytes, in->len);
    char *jsonl = NULL;
    if (doc) {
        zhx_extract(engine, doc);
        jsonl = zhx_doc_jsonl(doc, ZHX_EMIT_RECORDS, len);
    }
    zhx_doc_free(doc);
    return jsonl;
}

/* Each worker takes the documents starting at its own one, ROUNDS times over. */
static void *work(void *arg)
{
    worker *w = arg;
    zhx_options o = test_options();
    zhx_diag diag;
    zhx_engine *engine = zhx_engine_new(shipped_rules(), &o, &diag);
    for (size_t k = 0; engine && k < ROUNDS * w->n; k++) {
        const input *in = &w->inputs[(w->first + k) % w->n];
        size_t len = 0;
        char *got = extract(engine, in, &len);
        w->done++;
        w->wrong += !got || len != in->want_len || memcmp(got, in->want, len) != 0;
        free(got);
    }
    zhx_engine_free(engine);
    return NULL;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *s = malloc(*len + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, *len, f), *len);
    fclose(f);
    return s;
}

static void test_threads_share_rules_and_agree(void **state)
{
    (void)state;
    glob_t g;
    assert_int_equal(glob("corpus/seeds/*.txt", 0, NULL, &g), 0);
    glob("corpus/converted/*.txt", GLOB_APPEND, NULL, &g); /* Traditional: OpenCC per engine */
    input inputs[64];
    size_t n = 0;
    zhx_options o = test_options();
    zhx_diag diag;
    zhx_engine *engine = zhx_engine_new(shipped_rules(), &o, &diag);
    assert_non_null(engine);
    for (size_t i = 0; i < g.gl_pathc && n < 64; i++) {
        if (strstr(g.gl_pathv[i], ".expected."))
            continue;
        input *in = &inputs[n++];
        in->path = g.gl_pathv[i];
        in->bytes = read_all(in->path, &in->len);
        in->want = extract(engine, in, &in->want_len); /* one thread: the reference */
        assert_non_null(in->want);
    }
    zhx_engine_free(engine);
    assert_true(n >= 5);
    worker workers[THREADS];
    for (size_t t = 0; t < THREADS; t++) {
        workers[t] = (worker){inputs, n, t * n / THREADS, 0, 0, 0};
        assert_int_equal(pthread_create(&workers[t].thread, NULL, work, &workers[t]), 0);
    }
    for (size_t t = 0; t < THREADS; t++) {
        pthread_join(workers[t].thread, NULL);
        assert_int_equal(workers[t].done, ROUNDS * n);
        assert_int_equal(workers[t].wrong, 0);
    }
    for (size_t i = 0; i < n; i++) {
        free(inputs[i].bytes);
        free(inputs[i].want);
    }
    globfree(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_share_rules_and_agree),
    };
    return run_group(tests);
}
