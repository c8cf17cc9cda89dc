/* A bump allocator for things that live exactly as long as their owner (the loaded rules):
 * everything is freed at once by zhx_arena_free. An allocation failure sets `failed` and
 * returns NULL. */
#ifndef ZHX_ARENA_H
#define ZHX_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct zhx_arena {
    struct zhx_arena_block *blocks;
    bool failed;
} zhx_arena;

void *zhx_arena_alloc(zhx_arena *arena, size_t size);
char *zhx_arena_strndup(zhx_arena *arena, const char *s, size_t n);
char *zhx_arena_strdup(zhx_arena *arena, const char *s);
/* Grows an arena-owned array of `*cap` elements of `size` bytes to hold one more. */
bool zhx_arena_reserve(zhx_arena *arena, void **array, size_t *cap, size_t n, size_t size);
void zhx_arena_free(zhx_arena *arena);

#endif
