/* The offset map under random edit scripts, three stages deep, checked against a model: while
 * a stage edits, the model records for every output byte the input range it came from (a
 * kept byte its own byte, every byte of a replacement the whole replaced range, an insertion
 * the empty range where it went in). Every span of the last text must map back through the
 * three maps exactly as through the three models. */
#include "fuzzing.h"

#include "../core/text.h"

#define MAX_TEXT 256
#define MAX_OUT (MAX_TEXT * 8)

typedef struct model {
    size_t lo[MAX_OUT], hi[MAX_OUT], len;
} model;

static void record(model *m, size_t bytes, size_t lo, size_t hi)
{
    for (size_t i = 0; i < bytes && m->len < MAX_OUT; i++) {
        m->lo[m->len] = lo;
        m->hi[m->len] = hi;
        m->len++;
    }
}

/* One stage over ASCII text (every byte a character): the script says, op by op, keep,
 * delete, replace with longer, replace with shorter, insert, or replace character for
 * character. */
static zhx_text run_stage(const char *in, size_t len, const uint8_t **script, size_t *left,
                          model *m)
{
    zhx_rewriter rw;
    zhx_rw_init(&rw, in, len, NULL, 0);
    m->len = 0;
    size_t pos = 0;
    /* edits stop while the output, with the rest of the input kept after it, still fits the
     * model: an edit adds at most six bytes */
    while (pos < len && *left && m->len + (len - pos) + 8 < MAX_OUT) {
        uint8_t op = **script;
        (*script)++, (*left)--;
        size_t n = 1 + (op >> 3) % 4;
        if (pos + n > len)
            n = len - pos;
        switch (op & 7) {
        case 3:
            zhx_rw_replace(&rw, pos + n, "", 0, "delete");
            break;
        case 4:
            zhx_rw_replace(&rw, pos + n, "LONGER", 6, "grow");
            record(m, 6, pos, pos + n);
            break;
        case 5:
            zhx_rw_replace(&rw, pos + n, "s", 1, "shrink");
            record(m, 1, pos, pos + n);
            break;
        case 6:
            zhx_rw_replace(&rw, pos, "ins", 3, "insert");
            record(m, 3, pos, pos);
            n = 0;
            break;
        case 7:
            zhx_rw_replace_chars(&rw, pos + n, "xxxx", n, "chars");
            for (size_t i = 0; i < n; i++)
                record(m, 1, pos + i, pos + i + 1);
            break;
        default:
            zhx_rw_keep(&rw, pos + n);
            for (size_t i = 0; i < n; i++)
                record(m, 1, pos + i, pos + i + 1);
            break;
        }
        pos += n;
    }
    for (; pos < len; pos++) /* finish keeps the rest */
        record(m, 1, pos, pos + 1);
    zhx_text out;
    FUZZ_CHECK(zhx_rw_finish(&rw, &out));
    FUZZ_CHECK(!out.changed || out.len == m->len);
    return out;
}

/* The model's answer for the output span [*lo, *hi), with the map's conventions: a span
 * starts where its first byte came from and ends where its last byte came from; an empty
 * span is the point where the byte at it came from (past the end: where the last one ended). */
static void model_span(const model *m, size_t *lo, size_t *hi)
{
    if (*hi > *lo) {
        size_t a = m->lo[*lo], b = m->hi[*hi - 1];
        *lo = a;
        *hi = b < a ? a : b;
        return;
    }
    size_t p = *lo < m->len ? m->lo[*lo] : m->len ? m->hi[m->len - 1] : 0;
    *lo = *hi = p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static model models[3];
    char raw[MAX_TEXT];
    size_t raw_len = size < sizeof raw ? size : sizeof raw;
    for (size_t i = 0; i < raw_len; i++)
        raw[i] = (char)('a' + i % 26);
    const uint8_t *script = data;
    size_t left = size;
    zhx_text stages[3];
    const char *text = raw;
    size_t len = raw_len;
    for (int s = 0; s < 3; s++) {
        stages[s] = run_stage(text, len, &script, &left, &models[s]);
        if (stages[s].changed) {
            text = stages[s].s;
            len = stages[s].len;
        }
    }
    for (size_t lo = 0; lo <= len; lo++) {
        for (size_t hi = lo; hi <= len && hi <= lo + 9; hi++) {
            size_t a = lo, b = hi, x = lo, y = hi;
            for (int s = 2; s >= 0; s--) {
                if (!stages[s].changed)
                    continue; /* an unchanged stage is the identity, map and model alike */
                zhx_map_span(&stages[s].map, &a, &b);
                model_span(&models[s], &x, &y);
            }
            FUZZ_CHECK(a == x && b == y);
            FUZZ_CHECK(a <= b && b <= raw_len);
        }
    }
    for (int s = 0; s < 3; s++)
        zhx_text_free(&stages[s]);
    return 0;
}
