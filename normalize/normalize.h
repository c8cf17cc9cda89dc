/* The normalize stages, one file each, in the order core/pipeline.c runs them. Each has the
 * zhx_normalize_fn signature of core/doc.h. */
#ifndef ZHX_NORMALIZE_H
#define ZHX_NORMALIZE_H

#include "../core/doc.h"

zhx_status zhx_decode(zhx_stage *st, const char *in, size_t len, zhx_text *out);
zhx_status zhx_mime(zhx_stage *st, const char *in, size_t len, zhx_text *out);
zhx_status zhx_rtf(zhx_stage *st, const char *in, size_t len, zhx_text *out);
zhx_status zhx_mojibake(zhx_stage *st, const char *in, size_t len, zhx_text *out);
zhx_status zhx_lost(zhx_stage *st, const char *in, size_t len, zhx_text *out);
zhx_status zhx_pages(zhx_stage *st, const char *in, size_t len, zhx_text *out);
zhx_status zhx_entities(zhx_stage *st, const char *in, size_t len, zhx_text *out);
zhx_status zhx_pinyin(zhx_stage *st, const char *in, size_t len, zhx_text *out);
zhx_status zhx_unicode(zhx_stage *st, const char *in, size_t len, zhx_text *out);
zhx_status zhx_convert_text(zhx_stage *st, const char *in, size_t len, zhx_text *out);
zhx_status zhx_boilerplate(zhx_stage *st, const char *in, size_t len, zhx_text *out);
zhx_status zhx_layout(zhx_stage *st, const char *in, size_t len, zhx_text *out);
zhx_status zhx_repair(zhx_stage *st, const char *in, size_t len, zhx_text *out);
zhx_status zhx_title(zhx_stage *st, const char *in, size_t len, zhx_text *out);

#endif
