/* The processing loop of `normalize` and `extract`: every input becomes its records on
 * standard output, in input order. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Writes all of `s`; a document's output goes out in one piece so lines stay whole. */
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

/* Human-readable change lines for plain-text normalize --explain, from the JSONL ones. */
static void explain_to_stderr(const char *jsonl)
{
    for (const char *line = jsonl; *line;) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) + 1 : strlen(line);
        if (strncmp(line, "{\"type\":\"change\"", 16) == 0)
            fwrite(line, 1, n, stderr);
        line += n;
    }
}

/* Processes one document; returns false if it ended in an error record. */
static bool process(const cli_options *opt, zhx_engine *engine, const cli_doc *in, bool plain_text,
                    bool *write_failed)
{
    zhx_doc *doc = zhx_doc_new(in->id, in->bytes, in->len);
    if (!doc) {
        fprintf(stderr, "zhx: %s: out of memory\n", in->id);
        return false;
    }
    if (in->error)
        zhx_doc_fail(doc, in->error, in->detail);
    else if (opt->command == CMD_EXTRACT)
        zhx_extract(engine, doc);
    else
        zhx_normalize(engine, doc);
    bool ok = zhx_doc_error(doc) == NULL;
    unsigned emit = opt->command == CMD_EXTRACT ? ZHX_EMIT_RECORDS : ZHX_EMIT_TEXT;
    if (opt->lib.explain)
        emit |= ZHX_EMIT_CHANGES;
    size_t n;
    char *jsonl = zhx_doc_jsonl(doc, emit, &n);
    if (!jsonl) {
        fprintf(stderr, "zhx: %s: out of memory\n", in->id);
        ok = false;
    } else if (plain_text && ok) {
        size_t len;
        const char *text = zhx_doc_text(doc, &len);
        if (opt->lib.explain)
            explain_to_stderr(jsonl);
        *write_failed |= !write_all(STDOUT_FILENO, text, len);
        if (len && text[len - 1] != '\n')
            *write_failed |= !write_all(STDOUT_FILENO, "\n", 1);
    } else {
        if (!ok && plain_text)
            fprintf(stderr, "zhx: %s: %s\n", in->id, zhx_doc_error(doc));
        *write_failed |= !write_all(STDOUT_FILENO, jsonl, n);
    }
    free(jsonl);
    zhx_doc_free(doc);
    return ok;
}

/* normalize prints plain text for a single file or standard input; anything else is JSONL. */
static bool prints_plain_text(const cli_options *opt)
{
    if (opt->command != CMD_NORMALIZE || opt->jsonl_out || opt->ninputs > 1)
        return false;
    struct stat sb;
    return opt->ninputs == 0 || strcmp(opt->inputs[0], "-") == 0 ||
           stat(opt->inputs[0], &sb) != 0 || !S_ISDIR(sb.st_mode);
}

int cli_run(const cli_options *opt, const zhx_rules *rules)
{
    zhx_diag diag;
    zhx_engine *engine = zhx_engine_new(rules, &opt->lib, &diag);
    if (!engine) {
        fprintf(stderr, "zhx: %s\n", diag.message);
        return EXIT_USAGE;
    }
    cli_source *src = cli_source_new(opt);
    if (!src) {
        zhx_engine_free(engine);
        fprintf(stderr, "zhx: out of memory\n");
        return EXIT_USAGE;
    }
    bool plain_text = prints_plain_text(opt);
    int status = EXIT_ALL_OK;
    bool write_failed = false;
    cli_doc doc;
    while (!write_failed && cli_source_next(src, &doc)) {
        if (!process(opt, engine, &doc, plain_text, &write_failed))
            status = EXIT_SOME_FAILED;
        cli_doc_free(&doc);
    }
    cli_source_free(src);
    zhx_engine_free(engine);
    if (write_failed) {
        fprintf(stderr, "zhx: cannot write output: %s\n", strerror(errno));
        return EXIT_SOME_FAILED;
    }
    return status;
}
