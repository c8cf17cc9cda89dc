/* The shipped rule files, compiled into the library at build time (by tools/bundle.sh) so
 * that a single zhx binary carries them: nothing to find at run time, nothing to ship beside
 * it to a Hadoop or Spark worker. */
#ifndef ZHX_BUNDLE_H
#define ZHX_BUNDLE_H

#include <stddef.h>

typedef struct zhx_bundled_file {
    const char *path; /* as in the source tree: rules/targets.rules */
    const unsigned char *data;
    size_t len;
} zhx_bundled_file;

extern const zhx_bundled_file zhx_bundled_rules[];
extern const size_t zhx_bundled_rules_count;

#endif
