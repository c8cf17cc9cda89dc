#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

char zhx_buf_empty[1];

void zhx_buf_init(zhx_buf *b)
{
    *b = (zhx_buf)ZHX_BUF_INIT;
}

bool zhx_buf_fail(zhx_buf *b)
{
    b->failed = true;
    if (b->cap)
        b->cap = b->len + 1;
    return false;
}

bool zhx_buf_grow(zhx_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra < b->cap - b->len)
        return true;
    if (extra > SIZE_MAX / 2 - b->len)
        return zhx_buf_fail(b);
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->len <= extra)
        cap *= 2;
    char *s = realloc(b->cap ? b->s : NULL, cap);
    if (!s)
        return zhx_buf_fail(b);
    if (!b->cap)
        s[0] = '\0';
    b->s = s;
    b->cap = cap;
    return true;
}

void zhx_buf_addstr(zhx_buf *b, const char *str)
{
    zhx_buf_add(b, str, strlen(str));
}

bool zhx_array_room(void *v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t new_cap = *cap ? *cap * 2 : 16;
    if (new_cap < *cap || new_cap > SIZE_MAX / size)
        return false;
    void **array = v;
    void *p = realloc(*array, new_cap * size);
    if (!p)
        return false;
    *array = p;
    *cap = new_cap;
    return true;
}

void zhx_buf_addu(zhx_buf *b, unsigned long long v)
{
    char digits[20];
    size_t n = sizeof digits;
    do
        digits[--n] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    zhx_buf_add(b, digits + n, sizeof digits - n);
}

void zhx_buf_addcp(zhx_buf *b, uint32_t cp)
{
    char out[4];
    zhx_buf_add(b, out, zhx_utf8_encode(cp, out));
}

void zhx_buf_addf(zhx_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !zhx_buf_grow(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void zhx_buf_setlen(zhx_buf *b, size_t len)
{
    if (b->cap && len < b->cap && !b->failed) { /* a failed buffer stays without room */
        b->len = len;
        b->s[len] = '\0';
    }
}

char *zhx_buf_detach(zhx_buf *b, size_t *len)
{
    char *s = NULL;
    if (!b->failed)
        s = b->cap ? b->s : calloc(1, 1);
    else
        zhx_buf_free(b);
    if (len)
        *len = s ? b->len : 0;
    zhx_buf_init(b);
    return s;
}

void zhx_buf_free(zhx_buf *b)
{
    if (b->cap)
        free(b->s);
    zhx_buf_init(b);
}
