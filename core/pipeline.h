/* The stage order (core/pipeline.c), for the few places beyond zhx_normalize and zhx_extract
 * that need to walk it stage by stage, such as the stage benchmark. */
#ifndef ZHX_PIPELINE_H
#define ZHX_PIPELINE_H

#include "doc.h"

typedef struct zhx_normalize_stage {
    const char *name;
    zhx_normalize_fn run;
    bool (*enabled)(const zhx_options *);
} zhx_normalize_stage;

typedef struct zhx_extract_stage {
    const char *name;
    zhx_extract_fn run;
} zhx_extract_stage;

const zhx_normalize_stage *zhx_pipeline_normalize(size_t *n);
const zhx_extract_stage *zhx_pipeline_extract(size_t *n);

#endif
