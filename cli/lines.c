/* Delimited lines of a file descriptor, each bounded: the reader never holds more than one
 * line of at most `max` bytes plus one read's worth, however long a line in the input is. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define READ_SIZE 65536
#define STOP_CHECK_MS 100 /* how often a reader waiting for input looks at cli_stop */

bool cli_wait_input(int fd)
{
    struct pollfd p = {fd, POLLIN, 0};
    while (!atomic_load(&cli_stop)) {
        int n = poll(&p, 1, STOP_CHECK_MS);
        if (n != 0 && !(n < 0 && errno == EINTR))
            return true; /* ready, at its end, or an error that read() will report */
    }
    return false;
}

void cli_lines_init(cli_lines *r, int fd, char delim, size_t max)
{
    memset(r, 0, sizeof *r);
    r->fd = fd;
    r->delim = delim;
    r->max = max;
}

void cli_lines_free(cli_lines *r)
{
    free(r->buf);
    r->buf = NULL;
}

/* Reads more bytes after r->end, first moving the unread part to the front; returns the
 * number read, 0 at the end of the input, -1 on an error. */
static ssize_t fill(cli_lines *r)
{
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    if (r->cap - r->end < READ_SIZE) {
        size_t cap = r->end + READ_SIZE;
        char *buf = realloc(r->buf, cap);
        if (!buf) {
            r->error = ENOMEM;
            return -1;
        }
        r->buf = buf;
        r->cap = cap;
    }
    for (;;) {
        if (!cli_wait_input(r->fd)) {
            r->error = EINTR;
            return -1;
        }
        ssize_t n = read(r->fd, r->buf + r->end, r->cap - r->end);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            r->error = errno;
        else
            r->end += (size_t)n;
        return n;
    }
}

/* Drops the rest of an over-long line, up to and including its delimiter. */
static cli_line_status skip_line(cli_lines *r)
{
    for (;;) {
        char *d = memchr(r->buf + r->start, r->delim, r->end - r->start);
        if (d) {
            r->consumed += (size_t)(d + 1 - (r->buf + r->start));
            r->start = (size_t)(d + 1 - r->buf);
            return LINE_TOO_LONG;
        }
        r->consumed += r->end - r->start;
        r->start = r->end = 0;
        ssize_t n = fill(r);
        if (n < 0)
            return LINE_ERROR;
        if (n == 0) {
            r->eof = true;
            return LINE_TOO_LONG;
        }
    }
}

cli_line_status cli_lines_next(cli_lines *r, char **line, size_t *len)
{
    size_t scanned = 0; /* bytes of the current line known to hold no delimiter */
    for (;;) {
        char *at = r->buf + r->start;
        size_t have = r->end - r->start;
        char *d = have > scanned ? memchr(at + scanned, r->delim, have - scanned) : NULL;
        if (d || (r->eof && have > 0)) {
            size_t n = d ? (size_t)(d - at) : have;
            if (n > r->max) {
                r->number++;
                r->start += n;
                r->consumed += n;
                return skip_line(r);
            }
            r->number++;
            r->start += n + (d != NULL);
            r->consumed += n + (d != NULL);
            *line = at;
            *len = n;
            return LINE_OK;
        }
        if (r->eof)
            return LINE_END;
        if (have > r->max) {
            r->number++;
            r->consumed += have;
            r->start = r->end;
            return skip_line(r);
        }
        scanned = have;
        ssize_t got = fill(r);
        if (got < 0)
            return LINE_ERROR;
        if (got == 0)
            r->eof = true;
    }
}
