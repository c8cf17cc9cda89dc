/* The convert stage: gated conversion gives exactly OpenCC's output on whole texts (over the
 * corpus and Traditional renderings of the seeds, in every mode, the stage on the Darts copies
 * of the dictionaries and the reference on the installed ones), the Darts copies convert every
 * dictionary entry as the installed dictionaries do, auto mode converts only
 * Traditional paragraphs, the offset map, NUL bytes, and the gate table itself. */
#include "testing.h"

#include <dirent.h>
#include <opencc/opencc.h>
#include <sys/stat.h>

#include "../core/doc.h"
#include "../core/opencc_gate.h"
#include "../core/opencc_open.h"
#include "../core/utf8.h"
#include "../normalize/normalize.h"

static const struct {
    zhx_convert mode;
    const char *config;
} conversions[] = {
    {ZHX_CONVERT_T2S, "t2s.json"},
    {ZHX_CONVERT_TW2S, "tw2s.json"},
    {ZHX_CONVERT_TW2SP, "tw2sp.json"},
    {ZHX_CONVERT_HK2S, "hk2s.json"},
};
#define NCONVERSIONS (sizeof conversions / sizeof conversions[0])

static zhx_engine *engine_for(zhx_convert mode)
{
    zhx_options o = test_options();
    o.convert = mode;
    zhx_diag diag;
    zhx_engine *e = zhx_engine_new(shipped_rules(), &o, &diag);
    assert_non_null(e);
    return e;
}

/* Runs the convert stage alone over `text` and returns its output (a copy of the input if it
 * changed nothing); the document is left in *doc for its fields (or freed if doc is NULL). */
static char *convert_alone(zhx_engine *e, const char *text, size_t len, size_t *out_len,
                           zhx_doc **doc)
{
    zhx_doc *d = zhx_doc_new("test", text, len);
    assert_non_null(d);
    zhx_stage st = {e, d, 1, NULL};
    zhx_text out;
    zhx_status status = zhx_convert_text(&st, text, len, &out);
    if (status != ZHX_OK)
        fail_msg("convert failed: %s (%s)", zhx_doc_error(d), d->error_detail);
    char *s;
    if (out.changed) {
        s = out.s;
        *out_len = out.len;
        out.s = NULL;
    } else {
        s = malloc(len + 1);
        memcpy(s, text, len);
        s[len] = '\0';
        *out_len = len;
    }
    zhx_text_free(&out);
    if (doc)
        *doc = d;
    else
        zhx_doc_free(d);
    return s;
}

/* OpenCC over the whole text, the reference. */
static char *opencc_whole(opencc_t cc, const char *text, size_t len)
{
    char *o = opencc_convert_utf8(cc, text, len);
    assert_non_null(o);
    char *copy = strdup(o);
    opencc_convert_utf8_free(o);
    return copy;
}

static bool is_document(const char *name)
{
    return !strstr(name, ".expected.") && !strstr(name, ".args") && !strstr(name, ".md") &&
           name[0] != '.';
}

/* Reads a file as valid UTF-8 (through the decode stage when it is not). */
static char *read_text(zhx_engine *e, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *raw = malloc((size_t)size + 1);
    assert_int_equal(fread(raw, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    raw[size] = '\0';
    zhx_doc *d = zhx_doc_new(path, raw, (size_t)size);
    zhx_stage st = {e, d, 0, NULL};
    zhx_text out;
    if (zhx_decode(&st, raw, (size_t)size, &out) != ZHX_OK) {
        zhx_doc_free(d);
        free(raw);
        return NULL;
    }
    zhx_doc_free(d);
    if (!out.changed) {
        *len = (size_t)size;
        return raw;
    }
    free(raw);
    *len = out.len;
    char *s = out.s;
    out.s = NULL;
    zhx_text_free(&out);
    return s;
}

typedef void (*doc_fn)(const char *path, void *user);

static void each_document(const char *dir, doc_fn fn, void *user)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (!is_document(de->d_name))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct stat sb;
        assert_int_equal(stat(path, &sb), 0);
        if (S_ISDIR(sb.st_mode))
            each_document(path, fn, user);
        else
            fn(path, user);
    }
    closedir(dp);
}

typedef struct equivalence {
    zhx_engine *engines[NCONVERSIONS], *automatic;
    opencc_t cc[NCONVERSIONS];
    size_t documents, traditional;
} equivalence;

static void assert_same(const char *path, const char *mode, const char *want, const char *got,
                        size_t got_len)
{
    if (strlen(want) == got_len && memcmp(want, got, got_len) == 0)
        return;
    size_t i = 0;
    while (i < got_len && want[i] == got[i])
        i++;
    fail_msg(
        "%s (%s): output differs from the installed OpenCC's at byte %zu: \"%.40s\" vs \"%.40s\"",
        path, mode, i, want + i, got + i);
}

static void check_document(const char *path, void *user)
{
    equivalence *q = user;
    size_t len;
    char *text = read_text(q->automatic, path, &len);
    if (!text || memchr(text, '\0', len)) { /* not text, or OpenCC would stop at the NUL */
        free(text);
        return;
    }
    q->documents++;
    char *t2s = NULL;
    for (size_t c = 0; c < NCONVERSIONS; c++) {
        char *want = opencc_whole(q->cc[c], text, len);
        size_t n;
        char *got = convert_alone(q->engines[c], text, len, &n, NULL);
        assert_same(path, conversions[c].config, want, got, n);
        free(got);
        if (conversions[c].mode == ZHX_CONVERT_T2S)
            t2s = want;
        else
            free(want);
    }
    /* a document written wholly in Traditional script is converted wholly in auto mode */
    zhx_doc *doc;
    size_t n;
    char *got = convert_alone(q->automatic, text, len, &n, &doc);
    if (strcmp(doc->script, "traditional") == 0) {
        q->traditional++;
        assert_same(path, "auto", t2s, got, n);
    }
    zhx_doc_free(doc);
    free(got);
    free(t2s);
    free(text);
}

static void test_gated_equals_whole_text(void **state)
{
    (void)state;
    equivalence q = {0};
    for (size_t c = 0; c < NCONVERSIONS; c++) {
        q.engines[c] = engine_for(conversions[c].mode);
        q.cc[c] = opencc_open(conversions[c].config);
        assert_true(q.cc[c] != (opencc_t)-1);
    }
    q.automatic = engine_for(ZHX_CONVERT_AUTO);
    each_document("corpus", check_document, &q);
    each_document("tests/data/traditional", check_document, &q);
    /* the five seeds, three renderings of each, and the own documents */
    assert_true(q.documents >= 25);
    assert_true(q.traditional >= 15);
    for (size_t c = 0; c < NCONVERSIONS; c++) {
        zhx_engine_free(q.engines[c]);
        opencc_close(q.cc[c]);
    }
    zhx_engine_free(q.automatic);
}

/* Every key and value of an installed dictionary, one a line, as opencc_dict exports them. */
static char *entries_of(const char *file, size_t *len)
{
    char *dir = write_rules_dir("entries.txt", "");
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "opencc_dict -i '%s/%s' -o '%s/entries.txt' -f ocd2 -t text",
             OPENCC_DATA, file, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "%s/entries.txt", dir);
    FILE *f = fopen(cmd, "rb");
    assert_non_null(f);
    char *text = NULL;
    size_t cap = 0;
    FILE *lines = open_memstream(&text, &cap);
    for (int c; (c = getc(f)) != EOF;)
        putc(c == '\t' || c == ' ' ? '\n' : c, lines); /* key TAB value SPACE value */
    fclose(f);
    fclose(lines);
    remove_dir(dir);
    *len = strlen(text);
    assert_true(*len > 0);
    return text;
}

static void test_darts_copies_convert_every_entry_alike(void **state)
{
    (void)state;
    assert_int_equal(zhx_darts_nconfigs, NCONVERSIONS);
    assert_true(zhx_darts_ndicts >= 7); /* TS, TW and HK: phrases and characters */
    for (size_t c = 0; c < NCONVERSIONS; c++) {
        opencc_t darts = zhx_opencc_open_darts(conversions[c].config);
        opencc_t installed = opencc_open(conversions[c].config);
        assert_true(darts != (opencc_t)-1 && installed != (opencc_t)-1);
        for (size_t i = 0; i < zhx_darts_ndicts; i++) {
            size_t len;
            char *text = entries_of(zhx_darts_dicts[i].file, &len);
            char *want = opencc_whole(installed, text, len);
            char *got = opencc_whole(darts, text, len);
            assert_same(zhx_darts_dicts[i].file, conversions[c].config, want, got, strlen(got));
            free(want);
            free(got);
            free(text);
        }
        opencc_close(darts);
        opencc_close(installed);
    }
    assert_true(zhx_opencc_open_darts("s2t.json") == (opencc_t)-1); /* not built in */
    opencc_t fallback = zhx_opencc_open("s2t.json");                /* so opened as installed */
    assert_true(fallback != (opencc_t)-1);
    opencc_close(fallback);
}

static void test_simplified_text_never_reaches_opencc(void **state)
{
    (void)state;
    zhx_engine *e = engine_for(ZHX_CONVERT_AUTO);
    const char *text = "到2022年，婴儿死亡率控制在6‰以下，群众的健康权益得到保障。\n";
    zhx_doc *doc;
    size_t n;
    char *got = convert_alone(e, text, strlen(text), &n, &doc);
    assert_string_equal(got, text);
    assert_string_equal(doc->script, "simplified");
    assert_false(doc->converted);
    assert_null(e->opencc[ZHX_CONVERT_T2S]); /* OpenCC was never even opened */
    zhx_doc_free(doc);
    free(got);
    zhx_engine_free(e);
}

static void test_auto_converts_only_traditional_paragraphs(void **state)
{
    (void)state;
    zhx_engine *e = engine_for(ZHX_CONVERT_AUTO);
    /* 覆 of the first line is Simplified usage (覆盖); t2s would leave it, but the line is
     * not Traditional and is not even looked at. 著 is Traditional-only evidence but the line
     * holds more Simplified-only characters. */
    const char *text = "显著提高基本医疗保险覆盖率。\n"
                       "全縣衛生健康系統要以滿足人民需要為目的。\n"
                       "2021年\n";
    zhx_doc *doc;
    size_t n;
    char *got = convert_alone(e, text, strlen(text), &n, &doc);
    assert_string_equal(got, "显著提高基本医疗保险覆盖率。\n"
                             "全县卫生健康系统要以满足人民需要为目的。\n"
                             "2021年\n");
    assert_string_equal(doc->script, "mixed");
    assert_true(doc->converted);
    zhx_doc_free(doc);
    free(got);
    zhx_engine_free(e);
}

static void test_a_phrase_without_a_changing_character_converts(void **state)
{
    (void)state;
    /* neither 答 nor 覆 changes alone; the phrase 答覆 does */
    zhx_engine *e = engine_for(ZHX_CONVERT_T2S);
    size_t n;
    char *got = convert_alone(e, "請儘快答覆，謝謝", strlen("請儘快答覆，謝謝"), &n, NULL);
    assert_string_equal(got, "请尽快答复，谢谢");
    free(got);
    got = convert_alone(e, "答覆", strlen("答覆"), &n, NULL);
    assert_string_equal(got, "答复");
    free(got);
    zhx_engine_free(e);
}

static void test_none_reports_the_script_and_keeps_the_text(void **state)
{
    (void)state;
    zhx_engine *e = engine_for(ZHX_CONVERT_NONE);
    const char *text = "衛生健康工作要點\n";
    zhx_doc *doc;
    size_t n;
    char *got = convert_alone(e, text, strlen(text), &n, &doc);
    assert_string_equal(got, text);
    assert_string_equal(doc->script, "traditional");
    assert_false(doc->converted);
    zhx_doc_free(doc);
    free(got);
    zhx_engine_free(e);
}

static void test_nul_bytes_are_kept_and_never_passed_to_opencc(void **state)
{
    (void)state;
    zhx_engine *e = engine_for(ZHX_CONVERT_T2S);
    static const char text[] = "發展\0衛生";
    size_t n;
    char *got = convert_alone(e, text, sizeof text - 1, &n, NULL);
    static const char want[] = "发展\0卫生";
    assert_int_equal(n, sizeof want - 1);
    assert_memory_equal(got, want, n);
    free(got);
    zhx_engine_free(e);
}

static void test_offsets_map_character_to_character(void **state)
{
    (void)state;
    zhx_options o = test_options();
    o.boilerplate = false;
    const char *text = "衛生健康，發展。";
    zhx_doc *doc = run_doc(shipped_rules(), &o, text, strlen(text), false);
    size_t len;
    assert_string_equal(zhx_doc_text(doc, &len), "卫生健康，发展。");
    size_t lo, hi;
    assert_true(zhx_doc_raw_span(doc, 5, 6, &lo, &hi)); /* 发 came from 發 */
    assert_int_equal(lo, 15);
    assert_int_equal(hi, 18);
    zhx_doc_free(doc);
}

static void test_a_piece_that_changes_length_maps_as_one(void **state)
{
    (void)state;
    zhx_options o = test_options();
    o.boilerplate = false;
    o.convert = ZHX_CONVERT_TW2SP;
    const char *text = "前往肯亞。衛生";
    zhx_doc *doc = run_doc(shipped_rules(), &o, text, strlen(text), false);
    size_t len;
    assert_string_equal(zhx_doc_text(doc, &len), "前往肯尼亚。卫生");
    size_t lo, hi;
    assert_true(zhx_doc_raw_span(doc, 3, 4, &lo, &hi)); /* 尼: the whole sentence */
    assert_int_equal(lo, 0);
    assert_int_equal(hi, 12);
    assert_true(zhx_doc_raw_span(doc, 7, 8, &lo, &hi)); /* 生 after the full stop: exact */
    assert_int_equal(lo, 18);
    assert_int_equal(hi, 21);
    zhx_doc_free(doc);
}

static void test_explained_changes_are_sentences(void **state)
{
    (void)state;
    zhx_options o = test_options();
    o.boilerplate = false;
    o.explain = true;
    const char *text = "衛生健康，2021年，發展。\n";
    zhx_doc *doc = run_doc(shipped_rules(), &o, text, strlen(text), false);
    size_t len;
    assert_string_equal(zhx_doc_text(doc, &len), "卫生健康，2021年，发展。\n");
    size_t changes = 0;
    for (size_t i = 0; i < doc->log.n; i++)
        if (strcmp(doc->log.v[i].rule, "convert.t2s") == 0) {
            assert_true(strcmp(doc->log.v[i].before, "衛生健康") == 0 ||
                        strcmp(doc->log.v[i].before, "發展") == 0);
            changes++;
        }
    assert_int_equal(changes, 2);
    zhx_doc_free(doc);
}

static unsigned flags_of(const char *c)
{
    size_t w;
    return zhx_gate_flags(zhx_utf8_at(c, &w));
}

static void test_gate_table(void **state)
{
    (void)state;
    assert_true(flags_of("國") & ZHX_GATE_T2S);
    assert_true(flags_of("國") & ZHX_CHAR_TRADITIONAL);
    assert_true(flags_of("国") & ZHX_CHAR_SIMPLIFIED);
    assert_false(flags_of("国") & ZHX_GATE_T2S);
    assert_true(flags_of("覆") & ZHX_GATE_T2S); /* through 答覆, 反覆 … */
    assert_false(flags_of("覆") & ZHX_CHAR_TRADITIONAL);
    /* the characters of phrase keys are not gates by themselves */
    assert_int_equal(flags_of("一"), 0);
    assert_int_equal(flags_of("中"), 0);
    assert_false(flags_of("干") & (ZHX_CHAR_SIMPLIFIED | ZHX_CHAR_TRADITIONAL)); /* both scripts */
    assert_true(flags_of("，") & ZHX_CHAR_BOUNDARY);
    assert_true(flags_of("\n") & ZHX_CHAR_BOUNDARY);
    assert_false(flags_of("L") & ZHX_CHAR_BOUNDARY); /* a key letter of tw2sp: SQL隱碼攻擊 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gated_equals_whole_text),
        cmocka_unit_test(test_darts_copies_convert_every_entry_alike),
        cmocka_unit_test(test_simplified_text_never_reaches_opencc),
        cmocka_unit_test(test_auto_converts_only_traditional_paragraphs),
        cmocka_unit_test(test_a_phrase_without_a_changing_character_converts),
        cmocka_unit_test(test_none_reports_the_script_and_keeps_the_text),
        cmocka_unit_test(test_nul_bytes_are_kept_and_never_passed_to_opencc),
        cmocka_unit_test(test_offsets_map_character_to_character),
        cmocka_unit_test(test_a_piece_that_changes_length_maps_as_one),
        cmocka_unit_test(test_explained_changes_are_sentences),
        cmocka_unit_test(test_gate_table),
    };
    return run_group(tests);
}
