#include <opencc/opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>

#include "doc.h"

const char *zhx_status_name(zhx_status status)
{
    switch (status) {
    case ZHX_OK:
        return "ok";
    case ZHX_ERR_INPUT:
        return "input error";
    case ZHX_ERR_RULES:
        return "rule error";
    case ZHX_ERR_NOMEM:
        return "out of memory";
    case ZHX_ERR_CONVERT:
        return "conversion error";
    case ZHX_ERR_LIMIT:
        return "limit exceeded";
    }
    return "unknown error";
}

void zhx_options_init(zhx_options *options)
{
    memset(options, 0, sizeof *options);
    options->convert = ZHX_CONVERT_AUTO;
    options->punct = ZHX_PUNCT_CJK;
    options->boilerplate = true;
}

static const char *const convert_names[] = {"auto", "t2s", "tw2s", "tw2sp", "hk2s", "none"};

bool zhx_convert_parse(const char *name, zhx_convert *mode)
{
    for (size_t i = 0; i < sizeof convert_names / sizeof convert_names[0]; i++)
        if (strcmp(name, convert_names[i]) == 0) {
            *mode = (zhx_convert)i;
            return true;
        }
    return false;
}

bool zhx_punct_parse(const char *name, zhx_punct *mode)
{
    if (strcmp(name, "cjk") == 0)
        *mode = ZHX_PUNCT_CJK;
    else if (strcmp(name, "keep") == 0)
        *mode = ZHX_PUNCT_KEEP;
    else
        return false;
    return true;
}

/* Whether ICU can convert from charset `name`: an --encoding it cannot is a usage error,
 * reported before any document is read. */
static bool charset_known(const char *name)
{
    UErrorCode err = U_ZERO_ERROR;
    ucnv_close(ucnv_open(name, &err));
    return U_SUCCESS(err);
}

zhx_engine *zhx_engine_new(const zhx_rules *rules, const zhx_options *options, zhx_diag *diag)
{
    if (options && options->encoding && !charset_known(options->encoding)) {
        if (diag) {
            memset(diag, 0, sizeof *diag);
            diag->status = ZHX_ERR_INPUT;
            snprintf(diag->message, sizeof diag->message,
                     "unknown encoding '%s' (ICU has no converter of that name)",
                     options->encoding);
        }
        return NULL;
    }
    zhx_engine *e = calloc(1, sizeof *e);
    if (e) {
        e->rules = rules;
        if (options)
            e->options = *options;
        else
            zhx_options_init(&e->options);
        e->matcher = zhx_matcher_new(rules, e->options.no_jit);
    }
    if (!e || !e->matcher) {
        zhx_engine_free(e);
        if (diag) {
            memset(diag, 0, sizeof *diag);
            diag->status = ZHX_ERR_NOMEM;
            snprintf(diag->message, sizeof diag->message, "out of memory");
        }
        return NULL;
    }
    return e;
}

void zhx_engine_free(zhx_engine *engine)
{
    if (!engine)
        return;
    for (size_t i = 0; i < ZHX_CONVERT_NONE; i++)
        if (engine->opencc[i])
            opencc_close(engine->opencc[i]);
    for (size_t i = 0; i < ZHX_CACHES; i++)
        if (engine->caches[i].free)
            engine->caches[i].free(engine->caches[i].data);
    zhx_matcher_free(engine->matcher);
    free(engine);
}
