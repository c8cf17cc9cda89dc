/* OpenCC, as installed, looks its dictionaries up in marisa tries; converted to its Darts
 * format, the same entries are found about five times faster, and conversion is most of what
 * zhx spends on Traditional text. OpenCC opens configurations and dictionaries only by file
 * name, so each comes from memory through a memfd, named /proc/self/fd/N, that is closed as
 * soon as OpenCC has read it: nothing is written to disk, and no file has to be installed
 * next to the library. */
#include <errno.h>
#include <stdbool.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "opencc_gate.h"
#include "opencc_open.h"

#define FDS_MAX 16 /* a configuration names six dictionaries at most */

typedef struct fds {
    int v[FDS_MAX];
    size_t n;
} fds;

/* A memfd holding `size` bytes, added to `open`, and its name; false on failure. */
static bool memfd_of(const void *bytes, size_t size, fds *open, char path[static 32])
{
    if (open->n == FDS_MAX)
        return false;
    int fd = memfd_create("zhx-opencc", MFD_CLOEXEC);
    if (fd < 0)
        return false;
    open->v[open->n++] = fd;
    for (size_t done = 0; done < size;) {
        ssize_t wrote = write(fd, (const char *)bytes + done, size - done);
        if (wrote < 0 && errno != EINTR)
            return false;
        done += wrote > 0 ? (size_t)wrote : 0;
    }
    snprintf(path, 32, "/proc/self/fd/%d", fd);
    return true;
}

static const zhx_darts_dict *darts_dict(const char *file)
{
    for (size_t i = 0; i < zhx_darts_ndicts; i++)
        if (strcmp(zhx_darts_dicts[i].file, file) == 0)
            return &zhx_darts_dicts[i];
    return NULL;
}

/* Points every "file" of the configuration below `node` at a memfd holding its Darts copy. */
static bool hand_over(json_t *node, fds *open)
{
    size_t i;
    const char *key;
    json_t *value;
    if (json_is_array(node))
        json_array_foreach(node, i, value) if (!hand_over(value, open)) return false;
    if (!json_is_object(node))
        return true;
    const char *file = json_string_value(json_object_get(node, "file"));
    if (file) {
        const zhx_darts_dict *d = darts_dict(file);
        char path[32];
        if (!d || !memfd_of(d->bytes, d->size, open, path) ||
            json_object_set_new(node, "file", json_string(path)) != 0)
            return false;
    }
    json_object_foreach(node, key, value) if (!hand_over(value, open)) return false;
    return true;
}

static const char *darts_config(const char *config)
{
    for (size_t i = 0; i < zhx_darts_nconfigs; i++)
        if (strcmp(zhx_darts_configs[i].name, config) == 0)
            return zhx_darts_configs[i].json;
    return NULL;
}

opencc_t zhx_opencc_open_darts(const char *config)
{
    const char *json = darts_config(config);
    json_t *root = json ? json_loads(json, 0, NULL) : NULL;
    fds open = {.n = 0};
    opencc_t cc = (opencc_t)-1;
    char *text = root && hand_over(root, &open) ? json_dumps(root, JSON_COMPACT) : NULL;
    char path[32];
    if (text && memfd_of(text, strlen(text), &open, path))
        cc = opencc_open(path);
    free(text);
    json_decref(root);
    for (size_t i = 0; i < open.n; i++)
        close(open.v[i]);
    return cc;
}

opencc_t zhx_opencc_open(const char *config)
{
    opencc_t cc = zhx_opencc_open_darts(config);
    return cc != (opencc_t)-1 ? cc : opencc_open(config);
}
