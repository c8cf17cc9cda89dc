/* A growable byte buffer with git strbuf's invariants: `s` is never NULL and always
 * NUL-terminated, so it can be handed to any C string function at any time. An allocation
 * failure sets `failed` and turns later appends into no-ops, so callers check once, at the
 * end, instead of after every append. */
#ifndef ZHX_BUF_H
#define ZHX_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct zhx_buf {
    char *s;
    size_t len, cap;
    bool failed;
} zhx_buf;

extern char zhx_buf_empty[];
#define ZHX_BUF_INIT                                                                               \
    {                                                                                              \
        zhx_buf_empty, 0, 0, false                                                                 \
    }

void zhx_buf_init(zhx_buf *b);
/* Makes room for `extra` more bytes; false (and `failed` set) when out of memory. */
bool zhx_buf_grow(zhx_buf *b, size_t extra);
/* Marks the buffer failed (when memory for something written into it ran out) and returns
 * false. Its room shrinks to the terminating NUL, so that every later append comes to
 * zhx_buf_grow, which refuses it. */
bool zhx_buf_fail(zhx_buf *b);

/* Appends n bytes. Inline: the record writer and the rewriters append millions of short
 * pieces, and the call cost as much as the copy. */
static inline void zhx_buf_add(zhx_buf *b, const void *data, size_t n)
{
    if (n >= b->cap - b->len && !zhx_buf_grow(b, n))
        return; /* a failed buffer has no room (zhx_buf_fail), so it always comes here */
    if (n)
        memcpy(b->s + b->len, data, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static inline void zhx_buf_addch(zhx_buf *b, char c)
{
    zhx_buf_add(b, &c, 1);
}

void zhx_buf_addstr(zhx_buf *b, const char *str);
/* Makes room for element `n` in the malloc'd array *v of *cap elements of `size` bytes,
 * doubling it when full (16 elements at first). False when out of memory: the array is then
 * left as it was. */
bool zhx_array_room(void *v, size_t *cap, size_t n, size_t size);
/* Appends `item` to `a`, a struct with members v, n, cap and failed. Once room cannot be made,
 * `failed` is set and stays set, and nothing more is added: the caller looks once, at the end.
 * (An item with commas, like a compound literal, goes in parentheses.) */
#define zhx_array_push(a, item)                                                                    \
    do {                                                                                           \
        if (!(a)->failed && zhx_array_room(&(a)->v, &(a)->cap, (a)->n, sizeof *(a)->v))            \
            (a)->v[(a)->n++] = (item);                                                             \
        else                                                                                       \
            (a)->failed = true;                                                                    \
    } while (0)

/* Appends a string literal, its length known at compile time. */
#define zhx_buf_addlit(b, lit) zhx_buf_add((b), "" lit, sizeof(lit) - 1)
/* Appends `v` in decimal. */
void zhx_buf_addu(zhx_buf *b, unsigned long long v);
/* Appends `cp` encoded as UTF-8. */
void zhx_buf_addcp(zhx_buf *b, uint32_t cp);
void zhx_buf_addf(zhx_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void zhx_buf_setlen(zhx_buf *b, size_t len);
/* Hands the memory over to the caller (NULL if `failed`); the buffer is empty afterwards. */
char *zhx_buf_detach(zhx_buf *b, size_t *len);
void zhx_buf_free(zhx_buf *b);

#endif
