#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

static size_t seg_out_end(const zhx_seg *g)
{
    return (size_t)g->out + (size_t)g->count * g->out_w;
}

/* The segment holding output byte `pos`, or the last one if `pos` is past the end. */
static const zhx_seg *seg_at(const zhx_map *map, size_t pos)
{
    size_t lo = 0, hi = map->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (map->segs[mid].out <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return &map->segs[lo];
}

size_t zhx_map_lo(const zhx_map *map, size_t pos)
{
    if (!map->n)
        return 0;
    const zhx_seg *g = seg_at(map, pos);
    if (pos >= seg_out_end(g))
        return (size_t)g->in + (size_t)g->count * g->in_w;
    size_t unit = (pos - g->out) / g->out_w;
    return (size_t)g->in + unit * g->in_w;
}

size_t zhx_map_hi(const zhx_map *map, size_t pos)
{
    if (!map->n || pos == 0)
        return zhx_map_lo(map, pos);
    const zhx_seg *g = seg_at(map, pos - 1);
    if (pos - 1 >= seg_out_end(g))
        return (size_t)g->in + (size_t)g->count * g->in_w;
    size_t unit = (pos - 1 - g->out) / g->out_w;
    return (size_t)g->in + (unit + 1) * g->in_w;
}

void zhx_map_span(const zhx_map *map, size_t *lo, size_t *hi)
{
    size_t new_lo = zhx_map_lo(map, *lo);
    size_t new_hi = *hi > *lo ? zhx_map_hi(map, *hi) : new_lo;
    *lo = new_lo;
    *hi = new_hi < new_lo ? new_lo : new_hi;
}

void zhx_map_add(zhx_map *map, size_t out, size_t in, size_t count, size_t out_w, size_t in_w)
{
    if (map->failed || count == 0 || out_w == 0)
        return;
    /* same-width units, as many as `count` characters each side: byte-level identity, which
     * merges best. One unit is a block whatever it holds (a replacement of as many bytes as
     * it replaces need not cut its characters where the input's were). */
    if (out_w == in_w && out_w > 1 && count > 1) {
        count *= out_w;
        out_w = in_w = 1;
    }
    if (map->n) {
        zhx_seg *last = &map->segs[map->n - 1];
        if (last->out_w == out_w && last->in_w == in_w && seg_out_end(last) == out &&
            (size_t)last->in + (size_t)last->count * in_w == in) {
            last->count += (uint32_t)count;
            return;
        }
    }
    if (!zhx_array_room(&map->segs, &map->cap, map->n, sizeof *map->segs)) {
        map->failed = true;
        return;
    }
    map->segs[map->n++] =
        (zhx_seg){(uint32_t)out, (uint32_t)in, (uint32_t)count, (uint32_t)out_w, (uint32_t)in_w};
}

void zhx_map_free(zhx_map *map)
{
    free(map->segs);
    memset(map, 0, sizeof *map);
}

void zhx_changelog_free(zhx_changelog *log)
{
    for (size_t i = 0; i < log->n; i++) {
        free(log->v[i].before);
        free(log->v[i].after);
    }
    free(log->v);
    memset(log, 0, sizeof *log);
}

static void changelog_add(zhx_changelog *log, const zhx_change *c)
{
    if (log->failed) {
        free(c->before);
        free(c->after);
        return;
    }
    if (!zhx_array_room(&log->v, &log->cap, log->n, sizeof *log->v)) {
        free(c->before);
        free(c->after);
        log->failed = true;
        return;
    }
    log->v[log->n++] = *c;
}

void zhx_text_free(zhx_text *text)
{
    free(text->s);
    zhx_map_free(&text->map);
    memset(text, 0, sizeof *text);
}

void zhx_rw_init(zhx_rewriter *rw, const char *in, size_t len, zhx_changelog *log, uint32_t stage)
{
    memset(rw, 0, sizeof *rw);
    rw->in = in;
    rw->in_len = len;
    rw->log = log;
    rw->stage = stage;
    zhx_buf_init(&rw->out);
}

/* Before the first edit, kept input is only counted; this copies it in. */
static void start_editing(zhx_rewriter *rw)
{
    if (rw->edited)
        return;
    rw->edited = true;
    zhx_buf_grow(&rw->out, rw->in_len + rw->in_len / 8 + 16);
    zhx_buf_add(&rw->out, rw->in, rw->pos);
    zhx_map_add(&rw->map, 0, 0, rw->pos, 1, 1);
}

void zhx_rw_keep(zhx_rewriter *rw, size_t upto)
{
    if (upto <= rw->pos)
        return;
    if (upto > rw->in_len)
        upto = rw->in_len;
    if (rw->edited) {
        zhx_map_add(&rw->map, rw->out.len, rw->pos, upto - rw->pos, 1, 1);
        zhx_buf_add(&rw->out, rw->in + rw->pos, upto - rw->pos);
    }
    rw->pos = upto;
}

/* A copy of `s` that is valid UTF-8 and at most about ZHX_CHANGE_QUOTE_MAX bytes. */
static char *quote(const char *s, size_t n)
{
    zhx_buf b = ZHX_BUF_INIT;
    for (size_t i = 0; i < n && b.len < ZHX_CHANGE_QUOTE_MAX;) {
        uint32_t cp;
        int w = zhx_utf8_decode(s + i, n - i, &cp);
        if (w < 0) {
            zhx_buf_addf(&b, "\\x%02X", (unsigned char)s[i]);
            i++;
        } else {
            zhx_buf_add(&b, s + i, (size_t)w);
            i += (size_t)w;
        }
        if (i < n && b.len >= ZHX_CHANGE_QUOTE_MAX)
            zhx_buf_addstr(&b, "…");
    }
    return zhx_buf_detach(&b, NULL);
}

static void log_change(zhx_rewriter *rw, size_t in_hi, size_t out_lo, const char *rule)
{
    rw->edits++;
    if (!rw->log)
        return;
    zhx_change c = {rule,
                    rw->stage,
                    (uint32_t)rw->pos,
                    (uint32_t)in_hi,
                    (uint32_t)out_lo,
                    (uint32_t)rw->out.len,
                    quote(rw->in + rw->pos, in_hi - rw->pos),
                    quote(rw->out.s + out_lo, rw->out.len - out_lo)};
    if (!c.before || !c.after) {
        free(c.before);
        free(c.after);
        rw->log->failed = true;
        return;
    }
    changelog_add(rw->log, &c);
}

void zhx_rw_replace(zhx_rewriter *rw, size_t upto, const char *with, size_t n, const char *rule)
{
    if (upto > rw->in_len)
        upto = rw->in_len;
    if (upto < rw->pos)
        upto = rw->pos;
    if (upto - rw->pos == n && memcmp(rw->in + rw->pos, with, n) == 0) {
        zhx_rw_keep(rw, upto);
        return;
    }
    start_editing(rw);
    size_t out_lo = rw->out.len;
    if (n)
        zhx_map_add(&rw->map, out_lo, rw->pos, 1, n, upto - rw->pos);
    zhx_buf_add(&rw->out, with, n);
    log_change(rw, upto, out_lo, rule);
    rw->pos = upto;
}

void zhx_rw_replace_chars(zhx_rewriter *rw, size_t upto, const char *with, size_t n,
                          const char *rule)
{
    if (upto > rw->in_len)
        upto = rw->in_len;
    if (upto - rw->pos == n && memcmp(rw->in + rw->pos, with, n) == 0) {
        zhx_rw_keep(rw, upto);
        return;
    }
    if (zhx_utf8_count(with, n) != zhx_utf8_count(rw->in + rw->pos, upto - rw->pos)) {
        zhx_rw_replace(rw, upto, with, n, rule);
        return;
    }
    start_editing(rw);
    size_t out_lo = rw->out.len, i = rw->pos, o = 0;
    while (o < n) {
        size_t ow = zhx_utf8_width((unsigned char)with[o]);
        size_t iw = zhx_utf8_width((unsigned char)rw->in[i]);
        size_t k = 1; /* a stretch of characters of the same widths is one segment */
        while (o + k * ow < n && zhx_utf8_width((unsigned char)with[o + k * ow]) == ow &&
               zhx_utf8_width((unsigned char)rw->in[i + k * iw]) == iw)
            k++;
        zhx_map_add(&rw->map, out_lo + o, i, k, ow, iw);
        o += k * ow;
        i += k * iw;
    }
    zhx_buf_add(&rw->out, with, n);
    log_change(rw, upto, out_lo, rule);
    rw->pos = upto;
}

bool zhx_rw_finish(zhx_rewriter *rw, zhx_text *out)
{
    memset(out, 0, sizeof *out);
    if (!rw->edited) {
        zhx_rw_abandon(rw);
        return true;
    }
    zhx_rw_keep(rw, rw->in_len);
    if (rw->out.failed || rw->map.failed || (rw->log && rw->log->failed)) {
        zhx_rw_abandon(rw);
        return false;
    }
    out->changed = true;
    out->map = rw->map;
    out->s = zhx_buf_detach(&rw->out, &out->len);
    memset(&rw->map, 0, sizeof rw->map);
    return out->s != NULL;
}

void zhx_rw_abandon(zhx_rewriter *rw)
{
    zhx_buf_free(&rw->out);
    zhx_map_free(&rw->map);
    rw->edited = false;
}

bool zhx_cpindex_init(zhx_cpindex *index, const char *s, size_t len)
{
    index->s = s;
    index->len = len;
    index->n = len / ZHX_CPINDEX_STEP + 1;
    index->before = malloc(index->n * sizeof *index->before);
    if (!index->before)
        return false;
    size_t chars = 0;
    for (size_t k = 0; k < index->n; k++) {
        index->before[k] = chars;
        size_t end = (k + 1) * ZHX_CPINDEX_STEP;
        if (end > len)
            end = len;
        chars += zhx_utf8_count(s + k * ZHX_CPINDEX_STEP, end - k * ZHX_CPINDEX_STEP);
    }
    return true;
}

size_t zhx_cpindex_cp(const zhx_cpindex *index, size_t byte)
{
    if (byte > index->len)
        byte = index->len;
    size_t k = byte / ZHX_CPINDEX_STEP;
    size_t from = k * ZHX_CPINDEX_STEP;
    return index->before[k] + zhx_utf8_count(index->s + from, byte - from);
}

size_t zhx_cpindex_byte(const zhx_cpindex *index, size_t cp)
{
    size_t lo = 0, hi = index->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (index->before[mid] <= cp)
            lo = mid;
        else
            hi = mid;
    }
    size_t byte = lo * ZHX_CPINDEX_STEP, chars = index->before[lo];
    while (byte < index->len && ((unsigned char)index->s[byte] & 0xC0) == 0x80)
        byte++; /* the block may start inside a character counted in the previous block */
    while (byte < index->len && chars < cp) {
        byte += zhx_utf8_width((unsigned char)index->s[byte]);
        chars++;
    }
    return byte;
}

void zhx_cpindex_free(zhx_cpindex *index)
{
    free(index->before);
    memset(index, 0, sizeof *index);
}

const char *zhx_find_literal(const char *s, size_t len, const char *lit, size_t n)
{
    size_t k = 0; /* the byte to look for */
    while (k < n && (unsigned char)lit[k] >= 0x80)
        k++;
    if (k == n)
        k = n - 1;
    for (size_t from = k; from < len;) {
        const char *p = memchr(s + from, lit[k], len - from);
        if (!p)
            return NULL;
        size_t at = (size_t)(p - s) - k;
        if (at + n <= len && memcmp(s + at, lit, n) == 0)
            return s + at;
        from = (size_t)(p - s) + 1;
    }
    return NULL;
}
