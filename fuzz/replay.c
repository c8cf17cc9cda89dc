/* Replays saved inputs through a fuzz target without libFuzzer, so that every input a fuzzer
 * ever crashed on stays a regression test in ordinary CI (as zstd does).
 * Usage: fuzz-replay-TARGET FILE... ; exits non-zero (or aborts) on the first failure. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzzing.h"

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        size_t cap = 1 << 16, len = 0, n;
        uint8_t *buf = malloc(cap);
        while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
            len += n;
            if (len == cap) {
                uint8_t *grown = realloc(buf, cap *= 2);
                if (!grown)
                    free(buf);
                buf = grown;
            }
        }
        fclose(f);
        if (!buf)
            return 1;
        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
    }
    return 0;
}
