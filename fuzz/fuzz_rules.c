/* The rule-file loader on arbitrary text: it loads or reports an error with a position inside
 * the file, never crashes; what loads can run its examples (under the match limits). */
#include "fuzzing.h"

#include "../core/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    zhx_diag diag;
    memset(&diag, 0, sizeof diag);
    zhx_rules *rules = zhx_rules_load_text("fuzz.rules", (const char *)data, size, &diag);
    if (!rules) {
        FUZZ_CHECK(diag.status == ZHX_ERR_RULES || strstr(diag.message, "out of memory"));
        FUZZ_CHECK(diag.message[0] != '\0');
        size_t lines = 1;
        for (size_t i = 0; i < size; i++)
            lines += data[i] == '\n';
        FUZZ_CHECK(diag.line <= lines);
        return 0;
    }
    zhx_rules_test(rules, true, NULL, NULL, NULL);
    zhx_rules_free(rules);
    return 0;
}
