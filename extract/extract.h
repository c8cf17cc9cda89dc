/* The extract stages, one file each, in the order core/pipeline.c runs them. Each has the
 * zhx_extract_fn signature of core/doc.h. */
#ifndef ZHX_EXTRACT_H
#define ZHX_EXTRACT_H

#include "../core/doc.h"

zhx_status zhx_outline(zhx_stage *st, const char *text, size_t len);
zhx_status zhx_targets(zhx_stage *st, const char *text, size_t len);
zhx_status zhx_tasks(zhx_stage *st, const char *text, size_t len);

#endif
