#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct zhx_arena_block {
    struct zhx_arena_block *next;
    size_t used, size;
    max_align_t data[];
};

#define BLOCK_SIZE (64 * 1024)

void *zhx_arena_alloc(zhx_arena *arena, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    struct zhx_arena_block *b = arena->blocks;
    if (!b || b->size - b->used < size) {
        size_t want = size > BLOCK_SIZE ? size : BLOCK_SIZE;
        b = malloc(sizeof *b + want);
        if (!b) {
            arena->failed = true;
            return NULL;
        }
        b->used = 0;
        b->size = want;
        b->next = arena->blocks;
        arena->blocks = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    return p;
}

char *zhx_arena_strndup(zhx_arena *arena, const char *s, size_t n)
{
    char *p = zhx_arena_alloc(arena, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *zhx_arena_strdup(zhx_arena *arena, const char *s)
{
    return zhx_arena_strndup(arena, s, strlen(s));
}

bool zhx_arena_reserve(zhx_arena *arena, void **array, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t new_cap = *cap ? *cap * 2 : 8;
    void *p = zhx_arena_alloc(arena, new_cap * size);
    if (!p)
        return false;
    if (n)
        memcpy(p, *array, n * size);
    *array = p;
    *cap = new_cap;
    return true;
}

void zhx_arena_free(zhx_arena *arena)
{
    while (arena->blocks) {
        struct zhx_arena_block *next = arena->blocks->next;
        free(arena->blocks);
        arena->blocks = next;
    }
    arena->failed = false;
}
