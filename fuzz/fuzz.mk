# Fuzzing, included by the Makefile. Every fuzz/fuzz_NAME.c is a libFuzzer target.
#
#   make fuzz-build   builds each target with clang, libFuzzer, ASan and UBSan (build/fuzz/bin)
#   make fuzz         runs each for FUZZ_SECONDS (fuzz/run.sh); crashes land in fuzz/regress/
#   make unit         also builds a replay driver per target ($(BUILD)/fuzz-replay/NAME), with
#                     which tests/fuzz.t.sh replays fuzz/regress/NAME/* in every test run

FUZZ_TARGETS := $(sort $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c)))
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: fuzz-build
fuzz-build: build/config.mk
	$(MAKE) BUILD=build/fuzz CC=clang SAN="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
		CFLAGS="-O1 -g" build/fuzz/libzhx.a $(FUZZ_TARGETS:%=build/fuzz/bin/%)

build/fuzz/bin/%: fuzz/fuzz_%.c fuzz/fuzzing.h build/fuzz/libzhx.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)clang $(ALL_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< build/fuzz/libzhx.a $(DEP_LIBS)

$(BUILD)/fuzz-replay/%: fuzz/fuzz_%.c fuzz/replay.c fuzz/fuzzing.h $(BUILD)/libzhx.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CCLD    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< fuzz/replay.c $(BUILD)/libzhx.a $(DEP_LIBS)

unit: $(FUZZ_TARGETS:%=$(BUILD)/fuzz-replay/%)
