/* Inputs: files, folders walked recursively in name order (symlink loops detected), and
 * standard input. Whatever cannot be read becomes a document with an error, so that it is
 * reported in its own record and the run goes on. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

typedef struct frame {
    char *path;
    char **names; /* sorted entries still to visit */
    size_t n, next;
    dev_t dev;
    ino_t ino;
} frame;

struct cli_source {
    const cli_options *opt;
    size_t next_input;
    bool stdin_done;
    frame *stack;
    size_t depth, cap;
};

void cli_doc_free(cli_doc *doc)
{
    free(doc->id);
    free(doc->bytes);
    free(doc->error);
    free(doc->detail);
    memset(doc, 0, sizeof *doc);
}

static void set_error(cli_doc *doc, const char *error, const char *detail)
{
    doc->error = strdup(error);
    doc->detail = detail ? strdup(detail) : NULL;
}

/* Reads all of `fd` into doc->bytes, refusing more than `max` bytes. */
static void read_fd(int fd, size_t max, cli_doc *doc)
{
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (!buf) {
            set_error(doc, "out of memory", NULL);
            return;
        }
        if (len == cap) {
            if (cap > max) {
                free(buf);
                char detail[96];
                snprintf(detail, sizeof detail, "more than %zu bytes (--max-doc-bytes)", max);
                set_error(doc, "document too large", detail);
                return;
            }
            cap *= 2;
            char *grown = realloc(buf, cap + 1);
            if (!grown)
                free(buf);
            buf = grown;
            continue;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            free(buf);
            set_error(doc, "cannot read", strerror(errno));
            return;
        }
        if (n == 0)
            break;
        len += (size_t)n;
    }
    if (len > max) {
        free(buf);
        char detail[96];
        snprintf(detail, sizeof detail, "%zu bytes, more than --max-doc-bytes %zu", len, max);
        set_error(doc, "document too large", detail);
        return;
    }
    buf[len] = '\0';
    doc->bytes = buf;
    doc->len = len;
}

static void read_path(const char *path, size_t max, cli_doc *doc)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        set_error(doc, "cannot open", strerror(errno));
        return;
    }
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (size_t)sb.st_size > max) {
        char detail[96];
        snprintf(detail, sizeof detail, "%lld bytes, more than --max-doc-bytes %zu",
                 (long long)sb.st_size, max);
        set_error(doc, "document too large", detail);
    } else {
        read_fd(fd, max, doc);
    }
    close(fd);
}

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

/* Opens folder `path` as a new frame; on failure, describes it in `doc`. */
static void push_dir(cli_source *src, const char *path, const struct stat *sb, cli_doc *doc)
{
    if (on_stack(src, sb->st_dev, sb->st_ino)) {
        set_error(doc, "symlink loop", "this folder contains itself; not walked again");
        doc->id = strdup(path);
        return;
    }
    DIR *dp = opendir(path);
    if (!dp) {
        set_error(doc, "cannot open folder", strerror(errno));
        doc->id = strdup(path);
        return;
    }
    frame f = {strdup(path), NULL, 0, 0, sb->st_dev, sb->st_ino};
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (f.n == cap) {
            cap = cap ? cap * 2 : 32;
            char **names = realloc(f.names, cap * sizeof *names);
            if (!names)
                break;
            f.names = names;
        }
        f.names[f.n++] = strdup(de->d_name);
    }
    closedir(dp);
    if (f.n)
        qsort(f.names, f.n, sizeof *f.names, name_cmp);
    if (src->depth == src->cap) {
        src->cap = src->cap ? src->cap * 2 : 8;
        src->stack = realloc(src->stack, src->cap * sizeof *src->stack);
    }
    src->stack[src->depth++] = f;
}

/* Visits `path`: reads it if it is a file, descends if it is a folder. Returns true if `doc`
 * now holds a document (or an error). */
static bool visit(cli_source *src, const char *path, cli_doc *doc)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        doc->id = strdup(path);
        set_error(doc, lstat(path, &sb) == 0 ? "dangling symlink" : "cannot open", strerror(errno));
        return true;
    }
    if (S_ISDIR(sb.st_mode)) {
        push_dir(src, path, &sb, doc);
        return doc->error != NULL;
    }
    doc->id = strdup(path);
    if (!S_ISREG(sb.st_mode) && !S_ISFIFO(sb.st_mode) && !S_ISCHR(sb.st_mode))
        set_error(doc, "not a regular file", NULL);
    else
        read_path(path, src->opt->max_doc_bytes, doc);
    return true;
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
    while (src->depth) {
        frame *f = &src->stack[src->depth - 1];
        if (f->next == f->n) {
            free_frame(f);
            src->depth--;
            continue;
        }
        char *name = f->names[f->next++];
        size_t n = strlen(f->path) + strlen(name) + 2;
        char *path = malloc(n);
        if (path)
            snprintf(path, n, "%s/%s", f->path, name);
        free(name);
        bool got = path && visit(src, path, doc);
        free(path);
        if (got)
            return true;
    }
    const cli_options *opt = src->opt;
    if (opt->ninputs == 0 && !src->stdin_done) {
        src->stdin_done = true;
        doc->id = strdup("-");
        read_fd(STDIN_FILENO, opt->max_doc_bytes, doc);
        return true;
    }
    while (src->next_input < opt->ninputs) {
        const char *path = opt->inputs[src->next_input++];
        if (strcmp(path, "-") == 0) {
            doc->id = strdup("-");
            read_fd(STDIN_FILENO, opt->max_doc_bytes, doc);
            return true;
        }
        if (visit(src, path, doc))
            return true;
        if (src->depth)
            return cli_source_next(src, doc);
    }
    return false;
}

void cli_source_free(cli_source *src)
{
    if (!src)
        return;
    while (src->depth)
        free_frame(&src->stack[--src->depth]);
    free(src->stack);
    free(src);
}
