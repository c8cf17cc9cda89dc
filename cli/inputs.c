/* Inputs, in order: the INPUT arguments, then the names --files-from lists. A name is a file,
 * a folder (walked recursively in name order, symlink loops detected), an archive (member by
 * member, archive.c) or `-` for standard input; with --jsonl-in it is a stream of JSON lines,
 * one document each (jsonl_in.c). Whatever cannot be read becomes a document with an error,
 * so that it is reported in its own record and the run goes on. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define NAME_MAX_BYTES 65536        /* of one name in --files-from */
#define SMALL_FILE_BYTES (1u << 20) /* read whole before libarchive looks at it */

typedef struct frame {
    char *path;
    char **names; /* sorted entries still to visit */
    size_t n, next;
    dev_t dev;
    ino_t ino;
} frame;

/* A --jsonl-in stream being read. */
typedef struct jsonl_stream {
    char *name; /* as given: "-" or a path */
    cli_lines lines;
} jsonl_stream;

struct cli_source {
    const cli_options *opt;
    size_t next_arg;
    bool default_stdin_done;
    cli_lines names; /* --files-from, once opened */
    bool names_open, names_done;
    frame *stack; /* folders being walked */
    size_t depth, cap;
    cli_archive *archive; /* the archive being read */
    uint64_t archive_size;
    jsonl_stream *jsonl; /* the JSONL stream being read */
    uint64_t consumed;   /* bytes of the inputs already finished */
};

void cli_doc_free(cli_doc *doc)
{
    free(doc->id);
    free(doc->bytes);
    free(doc->error);
    free(doc->detail);
    memset(doc, 0, sizeof *doc);
}

void cli_doc_set_error(cli_doc *doc, const char *error, const char *detail)
{
    free(doc->error);
    free(doc->detail);
    doc->error = strdup(error);
    doc->detail = detail ? strdup(detail) : NULL;
}

/* Length of the valid UTF-8 sequence at `s` (n > 0 bytes available), or 0. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len = s[0] >= 0xC2 && s[0] <= 0xDF   ? 2
                 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
                 : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4
                                                : 0;
    if (len == 0 || len > n)
        return 0;
    /* the second byte's range excludes overlong forms, surrogates and code points > 10FFFF */
    unsigned char lo = s[0] == 0xE0 ? 0xA0 : s[0] == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = s[0] == 0xED ? 0x9F : s[0] == 0xF4 ? 0x8F : 0xBF;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

char *cli_id_join(const char *prefix, const char *sep, const char *name)
{
    size_t pn = prefix ? strlen(prefix) : 0, sn = sep ? strlen(sep) : 0, nn = strlen(name);
    char *id = malloc(pn + sn + 4 * nn + 1);
    if (!id)
        return NULL;
    if (pn)
        memcpy(id, prefix, pn);
    if (sn)
        memcpy(id + pn, sep, sn);
    char *o = id + pn + sn;
    const unsigned char *s = (const unsigned char *)name;
    for (size_t i = 0; i < nn;) {
        size_t w = utf8_sequence(s + i, nn - i);
        if (w == 0) {
            o += sprintf(o, "\\x%02X", s[i]);
            i++;
        } else {
            memcpy(o, s + i, w);
            o += w;
            i += w;
        }
    }
    *o = '\0';
    return id;
}

void cli_doc_too_large(cli_doc *doc, unsigned long long size, size_t max)
{
    char detail[128];
    if (size)
        snprintf(detail, sizeof detail, "%llu bytes, more than --max-doc-bytes %zu", size, max);
    else
        snprintf(detail, sizeof detail, "more than --max-doc-bytes %zu", max);
    cli_doc_set_error(doc, "document too large", detail);
}

cli_read_end cli_read_all(cli_read_some read_some, void *src, size_t cap, size_t max, cli_doc *doc)
{
    size_t len = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (!buf)
            return CLI_READ_NOMEM;
        if (len == cap) {
            if (len > max) {
                free(buf);
                return CLI_READ_TOO_LARGE;
            }
            cap = cap * 2 < max + 1 ? cap * 2 : max + 1;
            char *grown = realloc(buf, cap + 1);
            if (!grown)
                free(buf);
            buf = grown;
            continue;
        }
        ptrdiff_t n = read_some(src, buf + len, cap - len);
        if (n < 0) {
            int err = errno;
            free(buf);
            errno = err;
            return CLI_READ_FAILED;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    doc->bytes = buf;
    doc->len = len;
    return CLI_READ_DONE;
}

/* A file descriptor to read, and whether input must be waited for (a pipe or a terminal may
 * have none yet; a regular file never has to be waited for). */
typedef struct fd_source {
    int fd;
    bool wait;
} fd_source;

/* read(2), retried when interrupted, given up on cli_stop. */
static ptrdiff_t read_fd_some(void *source, char *buf, size_t n)
{
    const fd_source *src = source;
    for (;;) {
        ssize_t got =
            !src->wait || cli_wait_input(src->fd) ? read(src->fd, buf, n) : (errno = EINTR, -1);
        if (got >= 0 || errno != EINTR || atomic_load(&cli_stop))
            return got;
    }
}

static void read_with(fd_source src, size_t cap, size_t max, cli_doc *doc)
{
    switch (cli_read_all(read_fd_some, &src, cap, max, doc)) {
    case CLI_READ_TOO_LARGE:
        cli_doc_too_large(doc, 0, max);
        break;
    case CLI_READ_FAILED:
        cli_doc_set_error(doc, "cannot read", strerror(errno));
        break;
    case CLI_READ_NOMEM:
        cli_doc_set_error(doc, "out of memory", NULL);
        break;
    case CLI_READ_DONE:
        break;
    }
}

void cli_read_fd(int fd, size_t max, cli_doc *doc)
{
    read_with((fd_source){fd, true}, 65536, max, doc);
}

void cli_read_path(const char *path, size_t max, cli_doc *doc)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        cli_doc_set_error(doc, "cannot open", strerror(errno));
        return;
    }
    struct stat sb;
    bool known = fstat(fd, &sb) == 0;
    if (known && S_ISDIR(sb.st_mode))
        cli_doc_set_error(doc, "is a folder", NULL);
    else if (known && S_ISREG(sb.st_mode) && (unsigned long long)sb.st_size > max)
        cli_doc_too_large(doc, (unsigned long long)sb.st_size, max);
    else if (known && S_ISREG(sb.st_mode)) /* one read for the bytes, one to see the end */
        read_with((fd_source){fd, false}, (size_t)sb.st_size + 1, max, doc);
    else
        cli_read_fd(fd, max, doc);
    close(fd);
}

/* ---- folders --------------------------------------------------------------------------- */

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_frame(frame *f)
{
    for (size_t i = f->next; i < f->n; i++)
        free(f->names[i]);
    free(f->names);
    free(f->path);
}

/* Whether the directory (dev, ino) is already being walked: a symlink loop. */
static bool on_stack(const cli_source *src, dev_t dev, ino_t ino)
{
    for (size_t i = 0; i < src->depth; i++)
        if (src->stack[i].dev == dev && src->stack[i].ino == ino)
            return true;
    return false;
}

/* Reads the sorted entries of folder `path`; false (errno set) if it cannot be read. */
static bool list_dir(const char *path, frame *f)
{
    DIR *dp = opendir(path);
    if (!dp)
        return false;
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (f->n == cap) {
            cap = cap ? cap * 2 : 32;
            char **names = realloc(f->names, cap * sizeof *names);
            if (!names)
                break;
            f->names = names;
        }
        if ((f->names[f->n] = strdup(de->d_name)))
            f->n++;
    }
    closedir(dp);
    if (f->n)
        qsort(f->names, f->n, sizeof *f->names, name_cmp);
    return true;
}

/* Opens folder `path` as a new frame; returns true if `doc` now holds an error instead. */
static bool push_dir(cli_source *src, const char *path, const struct stat *sb, cli_doc *doc)
{
    frame f = {strdup(path), NULL, 0, 0, sb->st_dev, sb->st_ino};
    if (on_stack(src, sb->st_dev, sb->st_ino))
        cli_doc_set_error(doc, "symlink loop", "this folder contains itself; not walked again");
    else if (!list_dir(path, &f))
        cli_doc_set_error(doc, "cannot open folder", strerror(errno));
    if (!doc->error && src->depth == src->cap) {
        size_t cap = src->cap ? src->cap * 2 : 8;
        frame *stack = realloc(src->stack, cap * sizeof *stack);
        if (stack) {
            src->stack = stack;
            src->cap = cap;
        } else {
            cli_doc_set_error(doc, "out of memory", NULL);
        }
    }
    if (doc->error) {
        free_frame(&f);
        doc->id = cli_id_join(NULL, NULL, path);
        return true;
    }
    src->stack[src->depth++] = f;
    return false;
}

/* A regular file: a document, or an archive whose members are the documents (then false).
 * A small file is read once and shown to libarchive from memory; a large one may be an
 * archive too big to hold, so libarchive streams it from the file. */
static bool visit_file(cli_source *src, const char *path, const struct stat *sb, cli_doc *doc)
{
    size_t max = src->opt->max_doc_bytes;
    uint64_t size = (uint64_t)sb->st_size;
    cli_probe kind = PROBE_PLAIN;
    if (size <= SMALL_FILE_BYTES && size <= max) {
        cli_read_path(path, max, doc);
        if (!doc->error && doc->len > 0)
            kind = cli_archive_open_bytes(doc, src->opt, NULL, &src->archive);
    } else {
        kind = cli_archive_open_file(path, src->opt, &src->archive, doc);
        if (kind == PROBE_PLAIN)
            cli_read_path(path, max, doc);
    }
    if (kind == PROBE_ARCHIVE) {
        cli_doc_free(doc); /* its members are the documents */
        src->archive_size = size;
        return false;
    }
    src->consumed += size;
    return true;
}

/* Visits `path`: reads it if it is a file, opens it if it is an archive, descends if it is
 * a folder. Returns true if `doc` now holds a document (or an error). */
static bool visit(cli_source *src, const char *path, cli_doc *doc)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        int err = errno;
        doc->id = cli_id_join(NULL, NULL, path);
        cli_doc_set_error(doc, lstat(path, &sb) == 0 ? "dangling symlink" : "cannot open",
                          strerror(err));
        return true;
    }
    if (S_ISDIR(sb.st_mode))
        return push_dir(src, path, &sb, doc);
    doc->id = cli_id_join(NULL, NULL, path);
    if (!doc->id) {
        cli_doc_set_error(doc, "out of memory", NULL);
        return true;
    }
    if (S_ISREG(sb.st_mode))
        return visit_file(src, path, &sb, doc);
    if (S_ISFIFO(sb.st_mode) || S_ISCHR(sb.st_mode))
        cli_read_path(path, src->opt->max_doc_bytes, doc);
    else
        cli_doc_set_error(doc, "not a regular file", NULL);
    return true;
}

/* The next entry of the innermost folder being walked; true if `doc` holds a document. */
static bool walk(cli_source *src, cli_doc *doc)
{
    frame *f = &src->stack[src->depth - 1];
    if (f->next == f->n) {
        free_frame(f);
        src->depth--;
        return false;
    }
    char *name = f->names[f->next++];
    size_t n = strlen(f->path) + strlen(name) + 2;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s/%s", f->path, name);
    free(name);
    bool got = path && visit(src, path, doc);
    free(path);
    return got;
}

/* ---- JSONL streams --------------------------------------------------------------------- */

/* Opens `name` ("-" or a path) as a --jsonl-in stream; true if `doc` holds an error. */
static bool open_jsonl(cli_source *src, const char *name, cli_doc *doc)
{
    int fd = strcmp(name, "-") == 0 ? STDIN_FILENO : open(name, O_RDONLY);
    struct stat sb;
    if (fd < 0 || (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode))) {
        doc->id = cli_id_join(NULL, NULL, name);
        cli_doc_set_error(doc, fd < 0 ? "cannot open" : "is a folder",
                          fd < 0 ? strerror(errno) : "--jsonl-in reads files of JSON lines");
        if (fd >= 0)
            close(fd);
        return true;
    }
    jsonl_stream *js = calloc(1, sizeof *js);
    if (!js || !(js->name = cli_id_join(NULL, NULL, name))) {
        free(js);
        if (fd != STDIN_FILENO)
            close(fd);
        doc->id = strdup(name);
        cli_doc_set_error(doc, "out of memory", NULL);
        return true;
    }
    cli_lines_init(&js->lines, fd, '\n', src->opt->max_doc_bytes);
    src->jsonl = js;
    return false;
}

static void close_jsonl(cli_source *src)
{
    jsonl_stream *js = src->jsonl;
    if (!js)
        return;
    src->consumed += js->lines.consumed;
    if (js->lines.fd != STDIN_FILENO)
        close(js->lines.fd);
    cli_lines_free(&js->lines);
    free(js->name);
    free(js);
    src->jsonl = NULL;
}

/* The document of the next non-blank line; false at the end of the stream. */
static bool next_jsonl(cli_source *src, cli_doc *doc)
{
    jsonl_stream *js = src->jsonl;
    for (;;) {
        char *line;
        size_t len;
        cli_line_status st = cli_lines_next(&js->lines, &line, &len);
        if (st == LINE_END)
            return false;
        char where[64];
        snprintf(where, sizeof where, ":%lu", js->lines.number);
        if (st == LINE_ERROR) {
            doc->id = strdup(js->name);
            cli_doc_set_error(doc, "cannot read", strerror(js->lines.error));
            js->lines.eof = true;
            js->lines.start = js->lines.end;
            return true;
        }
        char *id = cli_id_join(js->name, NULL, where);
        if (!id) {
            doc->id = strdup(js->name);
            cli_doc_set_error(doc, "out of memory", NULL);
            return true;
        }
        if (st == LINE_TOO_LONG) {
            doc->id = id;
            doc->member = true;
            cli_doc_too_large(doc, 0, src->opt->max_doc_bytes);
            return true;
        }
        bool got = cli_jsonl_doc(line, len, id, src->opt, doc);
        free(id);
        if (got)
            return true;
    }
}

/* ---- the list of inputs ---------------------------------------------------------------- */

/* The next name from --files-from, or NULL when the list is done. `doc` receives an error if
 * the list cannot be read. */
static char *next_listed(cli_source *src, cli_doc *doc)
{
    const cli_options *opt = src->opt;
    if (!opt->files_from || src->names_done)
        return NULL;
    if (!src->names_open) {
        int fd = strcmp(opt->files_from, "-") == 0 ? STDIN_FILENO : open(opt->files_from, O_RDONLY);
        if (fd < 0) {
            src->names_done = true;
            doc->id = cli_id_join(NULL, NULL, opt->files_from);
            cli_doc_set_error(doc, "cannot open", strerror(errno));
            return NULL;
        }
        cli_lines_init(&src->names, fd, opt->null_names ? '\0' : '\n', NAME_MAX_BYTES);
        src->names_open = true;
    }
    for (;;) {
        char *line;
        size_t len;
        cli_line_status st = cli_lines_next(&src->names, &line, &len);
        if (st == LINE_OK && !opt->null_names && len > 0 && line[len - 1] == '\r')
            len--; /* a list written on Windows */
        if (st == LINE_OK && len == 0)
            continue;
        if (st == LINE_OK)
            return strndup(line, len);
        if (st != LINE_TOO_LONG) /* a long name is skipped; the list goes on after it */
            src->names_done = true;
        if (st == LINE_END)
            return NULL;
        char where[64];
        snprintf(where, sizeof where, ":%lu", src->names.number);
        doc->id = cli_id_join(opt->files_from, NULL, where);
        if (st == LINE_TOO_LONG)
            cli_doc_set_error(doc, "name too long", "more than 65536 bytes");
        else
            cli_doc_set_error(doc, "cannot read", strerror(src->names.error));
        return NULL;
    }
}

/* The next input name, malloc'd; NULL when there are no more (or `doc` holds an error). */
static char *next_name(cli_source *src, cli_doc *doc)
{
    const cli_options *opt = src->opt;
    if (src->next_arg < opt->ninputs)
        return strdup(opt->inputs[src->next_arg++]);
    if (opt->ninputs == 0 && !opt->files_from && !src->default_stdin_done) {
        src->default_stdin_done = true;
        return strdup("-");
    }
    return next_listed(src, doc);
}

/* Starts reading input `name`; true if `doc` holds a document (or an error). */
static bool open_input(cli_source *src, const char *name, cli_doc *doc)
{
    if (src->opt->jsonl_in)
        return open_jsonl(src, name, doc);
    if (strcmp(name, "-") == 0) {
        doc->id = strdup("-");
        cli_read_fd(STDIN_FILENO, src->opt->max_doc_bytes, doc);
        src->consumed += doc->len;
        return true;
    }
    return visit(src, name, doc);
}

cli_source *cli_source_new(const cli_options *opt)
{
    cli_source *src = calloc(1, sizeof *src);
    if (src)
        src->opt = opt;
    return src;
}

bool cli_source_next(cli_source *src, cli_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    for (;;) {
        if (src->archive) {
            if (cli_archive_next(src->archive, doc))
                return true;
            cli_archive_free(src->archive);
            src->archive = NULL;
            src->consumed += src->archive_size;
        } else if (src->jsonl) {
            if (next_jsonl(src, doc))
                return true;
            close_jsonl(src);
        } else if (src->depth) {
            if (walk(src, doc))
                return true;
        } else {
            char *name = next_name(src, doc);
            if (!name)
                return doc->error != NULL;
            bool got = open_input(src, name, doc);
            free(name);
            if (got)
                return true;
        }
    }
}

uint64_t cli_source_consumed(const cli_source *src)
{
    uint64_t n = src->consumed;
    if (src->jsonl)
        n += src->jsonl->lines.consumed;
    if (src->archive)
        n += cli_archive_consumed(src->archive);
    return n;
}

uint64_t cli_inputs_total(const cli_options *opt)
{
    if (opt->files_from || opt->ninputs == 0)
        return 0;
    uint64_t total = 0;
    for (size_t i = 0; i < opt->ninputs; i++) {
        struct stat sb;
        if (strcmp(opt->inputs[i], "-") == 0 || stat(opt->inputs[i], &sb) != 0 ||
            !S_ISREG(sb.st_mode))
            return 0;
        total += (uint64_t)sb.st_size;
    }
    return total;
}

void cli_source_free(cli_source *src)
{
    if (!src)
        return;
    while (src->depth)
        free_frame(&src->stack[--src->depth]);
    free(src->stack);
    cli_archive_free(src->archive);
    close_jsonl(src);
    if (src->names_open) {
        if (src->names.fd != STDIN_FILENO)
            close(src->names.fd);
        cli_lines_free(&src->names);
    }
    free(src);
}
