/* Archives, read with libarchive's streaming loop (archive_read_next_header, then
 * archive_read_data): members go straight into memory, never to disk, and their names are
 * only names. Whatever goes wrong becomes an error record and the run goes on:
 *
 *   - a member larger than --max-doc-bytes: refused from its header when the header gives
 *     the size, otherwise as soon as it has read one byte too many;
 *   - more than --max-archive-bytes coming out of one archive (a zip bomb): an error record
 *     for the archive, whose remaining members are not read;
 *   - a damaged or truncated member: an error record for it; when the damage also ends the
 *     archive, its detail says so and the archive ends there;
 *   - an archive inside an archive is opened one level deep (OUTER!INNER!PATH); one inside
 *     that is an error record.
 *
 * A file that libarchive reads as a single compressed stream (report.txt.gz) is one document
 * under the file's own name. Only the filters and formats named here are enabled, so that
 * libarchive never starts an external program on a hostile input. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/utf8.h"
#include "cli.h"

#define NESTING_MAX 2  /* an input archive is level 1, an archive inside it level 2 */
#define TEXT_PROBE 512 /* bytes looked at to tell plain text from an archive: a tar header */

struct cli_archive {
    struct archive *a;
    char *name; /* the id of the archive itself */
    int fd;     /* of an input archive, or -1 */
    char *mem;  /* the bytes of an archive read from a member, owned */
    int depth;  /* 1 for an input, 2 inside another archive */
    bool raw;   /* one compressed document, not an archive */
    bool done;
    bool bomb;                   /* the member being read took it past --max-archive-bytes */
    int pending;                 /* status of a header already read, or NO_PENDING */
    int failures;                /* unusable headers in a row */
    struct archive_entry *entry; /* the header it read */
    const cli_options *opt;
    cli_archive *top;   /* the input archive this one is in (itself at level 1) */
    uint64_t expanded;  /* level 1 only: bytes that came out of it, inner archives included */
    cli_archive *inner; /* the archive member being read, if any */
};

#define NO_PENDING (ARCHIVE_OK - 1)

static struct archive *reader_new(void)
{
    struct archive *a = archive_read_new();
    if (!a)
        return NULL;
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_bzip2(a);
    archive_read_support_filter_xz(a);
    archive_read_support_filter_zstd(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_zip(a);
    archive_read_support_format_7zip(a);
    /* raw bids last: it takes what no archive format claims, as one entry */
    archive_read_support_format_raw(a);
    return a;
}

static const char *archive_message(struct archive *a)
{
    const char *msg = archive_error_string(a);
    return msg ? msg : "damaged or truncated archive";
}

/* Reads the first header and decides what the input is. An "archive" without a single entry
 * is read as a document instead: zero bytes look like an empty tar, and must not vanish. */
static cli_probe probe(cli_archive *ar)
{
    ar->pending = archive_read_next_header(ar->a, &ar->entry);
    if (ar->pending == ARCHIVE_EOF)
        return PROBE_PLAIN;
    if (ar->pending >= ARCHIVE_WARN && archive_format(ar->a) == ARCHIVE_FORMAT_RAW) {
        if (archive_filter_code(ar->a, 0) == ARCHIVE_FILTER_NONE)
            return PROBE_PLAIN;
        ar->raw = true;
    }
    return PROBE_ARCHIVE;
}

static cli_archive *archive_new(const char *name, const cli_options *opt, cli_archive *outer)
{
    cli_archive *ar = calloc(1, sizeof *ar);
    if (!ar)
        return NULL;
    ar->a = reader_new();
    ar->name = strdup(name);
    ar->opt = opt;
    ar->fd = -1;
    ar->pending = NO_PENDING;
    ar->depth = outer ? outer->depth + 1 : 1;
    ar->top = outer ? outer->top : ar;
    if (!ar->a || !ar->name) {
        cli_archive_free(ar);
        return NULL;
    }
    return ar;
}

void cli_archive_free(cli_archive *ar)
{
    if (!ar)
        return;
    cli_archive_free(ar->inner);
    if (ar->a)
        archive_read_free(ar->a);
    if (ar->fd >= 0)
        close(ar->fd);
    free(ar->name);
    free(ar->mem);
    free(ar);
}

uint64_t cli_archive_consumed(const cli_archive *ar)
{
    la_int64_t n = archive_filter_bytes(ar->top->a, -1);
    return n > 0 ? (uint64_t)n : 0;
}

cli_probe cli_archive_open_file(const char *path, const cli_options *opt, cli_archive **archive,
                                cli_doc *doc)
{
    *archive = NULL;
    cli_archive *ar = archive_new(path, opt, NULL);
    if (!ar) {
        cli_doc_set_error(doc, "out of memory", NULL);
        return PROBE_FAILED;
    }
    ar->fd = open(path, O_RDONLY);
    if (ar->fd < 0) {
        cli_doc_set_error(doc, "cannot open", strerror(errno));
        cli_archive_free(ar);
        return PROBE_FAILED;
    }
    if (archive_read_open_fd(ar->a, ar->fd, 65536) != ARCHIVE_OK) {
        cli_doc_set_error(doc, "cannot read archive", archive_message(ar->a));
        cli_archive_free(ar);
        return PROBE_FAILED;
    }
    cli_probe kind = probe(ar);
    if (kind == PROBE_PLAIN)
        cli_archive_free(ar);
    else
        *archive = ar;
    return kind;
}

/* Error record for the archive as a whole; nothing more is read from it. */
static bool fail_archive(cli_archive *ar, cli_doc *doc, const char *error, const char *detail)
{
    ar->done = true;
    free(doc->id);
    doc->id = strdup(ar->name);
    doc->member = ar->depth > 1;
    cli_doc_set_error(doc, error, detail);
    return true;
}

/* Counts `n` bytes coming out of the archive; false once the top archive has given more
 * than --max-archive-bytes. */
static bool expand(cli_archive *ar, uint64_t n)
{
    ar->top->expanded += n;
    return ar->top->expanded <= ar->opt->max_archive_bytes;
}

static bool fail_bomb(cli_archive *ar, cli_doc *doc, const char *member)
{
    char detail[1024];
    snprintf(detail, sizeof detail,
             "more than %llu bytes came out of it (--max-archive-bytes); stopped at %s",
             (unsigned long long)ar->opt->max_archive_bytes, member);
    ar->done = true; /* and, through fail_archive, the input archive around it */
    return fail_archive(ar->top, doc, "archive expands too much", detail);
}

/* After a member could not be read: reads the next header ahead, to tell whether the damage
 * ended the archive, and says so in the member's record. */
static void after_member_error(cli_archive *ar, cli_doc *doc, const char *error)
{
    char msg[512], detail[1024];
    snprintf(msg, sizeof msg, "%s", error); /* reading on replaces libarchive's message */
    ar->pending = archive_read_next_header(ar->a, &ar->entry);
    bool ended = ar->pending == ARCHIVE_FATAL;
    snprintf(detail, sizeof detail, "%s%s", msg,
             ended ? "; the archive cannot be read past this member" : "");
    cli_doc_set_error(doc, "cannot read archive member", detail);
    if (ended)
        ar->done = true;
}

/* Skips the rest of a member larger than --max-doc-bytes (`size` bytes, 0 when unknown) and
 * says so in its record, or that the skip found the archive damaged. */
static void skip_large(cli_archive *ar, cli_doc *doc, unsigned long long size)
{
    if (archive_read_data_skip(ar->a) == ARCHIVE_FATAL)
        after_member_error(ar, doc, archive_message(ar->a));
    else
        cli_doc_too_large(doc, size, ar->opt->max_doc_bytes);
}

/* Refuses a member whose header says it is too large, without reading it. */
static bool refuse_large(cli_archive *ar, cli_doc *doc, la_int64_t size)
{
    if (!expand(ar, (uint64_t)size))
        return fail_bomb(ar, doc, doc->id);
    skip_large(ar, doc, (unsigned long long)size);
    return true;
}

/* archive_read_data for cli_read_all; counts what comes out against --max-archive-bytes and
 * fails, with ar->bomb set, once it is past. */
static ptrdiff_t read_member_some(void *arg, char *buf, size_t n)
{
    cli_archive *ar = arg;
    la_ssize_t got = archive_read_data(ar->a, buf, n);
    if (got > 0 && !expand(ar, (uint64_t)got)) {
        ar->bomb = true;
        return -1;
    }
    return got < 0 ? -1 : got;
}

/* Reads the current member's bytes into `doc`, at most --max-doc-bytes of them. */
static bool read_data(cli_archive *ar, cli_doc *doc)
{
    size_t max = ar->opt->max_doc_bytes;
    la_int64_t size = archive_entry_size_is_set(ar->entry) ? archive_entry_size(ar->entry) : -1;
    if (size > 0 && (uint64_t)size > max)
        return refuse_large(ar, doc, size);
    ar->bomb = false;
    switch (cli_read_all(read_member_some, ar, size >= 0 ? (size_t)size + 1 : 65536, max, doc)) {
    case CLI_READ_TOO_LARGE:
        skip_large(ar, doc, 0);
        break;
    case CLI_READ_FAILED:
        if (ar->bomb)
            return fail_bomb(ar, doc, doc->id);
        after_member_error(ar, doc, archive_message(ar->a));
        break;
    case CLI_READ_NOMEM:
        cli_doc_set_error(doc, "out of memory", NULL);
        break;
    case CLI_READ_DONE:
        break;
    }
    return true;
}

/* Whether `s` begins as plain text: its first TEXT_PROBE bytes are UTF-8 without a NUL. None
 * of the formats enabled here does: tar and zip headers hold NUL bytes, and gzip, bzip2, xz,
 * zstd and 7z streams stop being UTF-8 within their first bytes. So libarchive, whose readers
 * cost more to set up than a small document costs to clean, is not asked about text. */
static bool plain_text(const char *s, size_t len)
{
    size_t n = len < TEXT_PROBE ? len : TEXT_PROBE;
    size_t more = len < TEXT_PROBE + 3 ? len : TEXT_PROBE + 3; /* a character cut at the end */
    return !memchr(s, '\0', n) && zhx_utf8_valid_prefix(s, more) >= n;
}

cli_probe cli_archive_open_bytes(cli_doc *doc, const cli_options *opt, cli_archive *outer,
                                 cli_archive **archive)
{
    *archive = NULL;
    if (plain_text(doc->bytes, doc->len))
        return PROBE_PLAIN;
    cli_archive *ar = archive_new(doc->id, opt, outer);
    if (!ar) {
        cli_doc_set_error(doc, "out of memory", NULL);
        return PROBE_FAILED;
    }
    if (archive_read_open_memory(ar->a, doc->bytes, doc->len) != ARCHIVE_OK) {
        cli_doc_set_error(doc, "cannot read archive", archive_message(ar->a));
        cli_archive_free(ar);
        return PROBE_FAILED;
    }
    if (probe(ar) == PROBE_PLAIN) {
        cli_archive_free(ar);
        return PROBE_PLAIN;
    }
    if (ar->depth > NESTING_MAX) {
        cli_archive_free(ar);
        cli_doc_set_error(doc, "archive nested too deep",
                          "archives are opened one level inside another, no deeper");
        return PROBE_FAILED;
    }
    ar->mem = doc->bytes;
    doc->bytes = NULL;
    doc->len = 0;
    *archive = ar;
    return PROBE_ARCHIVE;
}

static const char *member_name(struct archive_entry *e)
{
    const char *name = archive_entry_pathname_utf8(e);
    if (!name)
        name = archive_entry_pathname(e);
    return name ? name : "?";
}

/* Reads the current header's member into `doc`. Returns false if it yields no document:
 * not a regular file, or an inner archive (then read from ar->inner). */
static bool read_member(cli_archive *ar, cli_doc *doc)
{
    struct archive_entry *e = ar->entry;
    if (archive_entry_filetype(e) != AE_IFREG || archive_entry_hardlink(e))
        return false; /* folders, links and devices are not documents */
    doc->id = ar->raw ? strdup(ar->name) : cli_id_join(ar->name, "!", member_name(e));
    doc->member = ar->depth > 1 || !ar->raw;
    if (!doc->id) {
        cli_doc_set_error(doc, "out of memory", NULL);
        return true;
    }
    read_data(ar, doc);
    if (doc->error || doc->len == 0 || ar->raw)
        return true;
    if (cli_archive_open_bytes(doc, ar->opt, ar, &ar->inner) != PROBE_ARCHIVE)
        return true;
    cli_doc_free(doc);
    return false;
}

static int next_header(cli_archive *ar)
{
    if (ar->pending != NO_PENDING) {
        int r = ar->pending;
        ar->pending = NO_PENDING;
        return r;
    }
    return archive_read_next_header(ar->a, &ar->entry);
}

bool cli_archive_next(cli_archive *ar, cli_doc *doc)
{
    if (ar->inner) {
        if (cli_archive_next(ar->inner, doc))
            return true;
        cli_archive_free(ar->inner);
        ar->inner = NULL;
    }
    while (!ar->done && !ar->top->done) {
        int r = next_header(ar);
        if (r == ARCHIVE_EOF) {
            ar->done = true;
            break;
        }
        if (r == ARCHIVE_FATAL)
            return fail_archive(ar, doc, "cannot read archive", archive_message(ar->a));
        if (r < ARCHIVE_WARN && ++ar->failures > 8)
            return fail_archive(ar, doc, "cannot read archive", archive_message(ar->a));
        if (r < ARCHIVE_WARN) { /* this member is unusable; the next may be fine */
            doc->id = cli_id_join(ar->name, "!", member_name(ar->entry));
            doc->member = true;
            cli_doc_set_error(doc, "cannot read archive member", archive_message(ar->a));
            return true;
        }
        ar->failures = 0;
        if (read_member(ar, doc))
            return true;
        if (ar->inner && cli_archive_next(ar->inner, doc))
            return true;
        cli_archive_free(ar->inner);
        ar->inner = NULL;
    }
    return false;
}
