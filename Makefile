# zhx — see README.md.
#
#   make            build build/zhx, build/libzhx.a and build/libzhx.so (installs missing
#                   Debian packages first, through tools/configure.sh)
#   make demo       build, then run `zhx extract` over the bundled corpus
#   make test       build, then run every test: unit tests, rule examples, the golden corpus,
#                   all again under AddressSanitizer + UBSan, and under valgrind
#   make eval       score the corpus records against the expected ones
#   make bench      build the benchmark corpus and print throughput against opencc
#   make fuzz       run every libFuzzer target for FUZZ_SECONDS each
#   make install    install binary, header, libraries, zhx.pc and rules under PREFIX
#   make format     clang-format every source file; make check-format only checks

.DEFAULT_GOAL := all
PREFIX ?= /usr/local
BUILD ?= build
CC ?= cc
CFLAGS ?= -O2 -g
SAN ?=
FUZZ_SECONDS ?= 60
# V=1 shows the full commands
Q := $(if $(V),,@)

WARNINGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-missing-field-initializers
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -fPIC -fvisibility=hidden -Iinclude -Icore \
	$(WARNINGS) $(CFLAGS) $(SAN) $(DEP_CFLAGS)

NO_CONFIG_GOALS := clean format check-format
ifeq ($(filter-out $(NO_CONFIG_GOALS),$(or $(MAKECMDGOALS),all)),)
else
-include build/config.mk
endif

build/config.mk: tools/configure.sh
	@mkdir -p build
	sh tools/configure.sh $@

RULE_FILES := $(sort $(wildcard rules/*.rules))
LIB_SRC := $(sort $(wildcard core/*.c normalize/*.c extract/*.c))
CLI_SRC := $(sort $(wildcard cli/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
# tools/gen_NAME.c is a generator: built, then run with the OpenCC data folder as its argument,
# it prints build/gen/NAME.c, which becomes part of the library.
GEN_TOOLS := $(sort $(wildcard tools/gen_*.c))
GEN_SRC := $(BUILD)/gen/rules_bundle.c $(GEN_TOOLS:tools/gen_%.c=$(BUILD)/gen/%.c)

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(GEN_SRC:$(BUILD)/gen/%.c=$(BUILD)/obj/gen/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: all demo test unit eval bench fuzz install uninstall format check-format clean
.DELETE_ON_ERROR:
# generated sources and their generators are kept, not treated as intermediate files
.SECONDARY: $(GEN_SRC) $(GEN_TOOLS:tools/gen_%.c=$(BUILD)/tools/gen_%)

all: $(BUILD)/zhx $(BUILD)/libzhx.a $(BUILD)/libzhx.so

$(BUILD)/obj/%.o: %.c | build/config.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/gen/rules_bundle.c: $(RULE_FILES) tools/bundle.sh
	@mkdir -p $(dir $@)
	sh tools/bundle.sh $(RULE_FILES) >$@

$(BUILD)/tools/gen_%: tools/gen_%.c | build/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(DEP_LIBS)

$(BUILD)/gen/%.c: $(BUILD)/tools/gen_%
	@mkdir -p $(dir $@)
	$< $(OPENCC_DATA) >$@

$(BUILD)/libzhx.a: $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/libzhx.so: $(LIB_OBJ)
	@$(if $(Q),echo "  CCLD    $@")
	$(Q)$(CC) -shared -Wl,-soname,libzhx.so.0 $(CFLAGS) $(SAN) -o $@ $^ $(DEP_LIBS)

$(BUILD)/zhx: $(CLI_OBJ) $(BUILD)/libzhx.a
	@$(if $(Q),echo "  CCLD    $@")
	$(Q)$(CC) $(CFLAGS) $(SAN) -o $@ $(CLI_OBJ) $(BUILD)/libzhx.a $(DEP_LIBS)

$(BUILD)/tests/%: tests/%.c $(BUILD)/libzhx.a tests/testing.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CCLD    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -DOPENCC_DATA='"$(OPENCC_DATA)"' -Itests -o $@ $< \
		$(BUILD)/libzhx.a \
		$(CMOCKA_LIBS) $(DEP_LIBS)

unit: $(BUILD)/zhx $(TEST_BIN)

demo: all
	$(BUILD)/zhx extract $(filter-out %.expected.txt,$(sort $(wildcard corpus/*/*.txt)))

# The whole suite: plain build, sanitizer build, valgrind; one summary line at the end.
test: all
	$(MAKE) BUILD=$(BUILD) unit
	$(MAKE) BUILD=$(BUILD)/asan SAN="-fsanitize=address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=all" CFLAGS="-O1 -g" unit
	sh tests/run.sh $(BUILD) $(BUILD)/asan

eval: all $(BUILD)/zhx-eval
	$(BUILD)/zhx-eval corpus

$(BUILD)/zhx-eval: tools/eval.c | build/config.mk
	$(CC) $(ALL_CFLAGS) -o $@ $< $(DEP_LIBS)

bench: all $(BUILD)/bench-stages
	sh bench/run.sh

fuzz:
	sh fuzz/run.sh $(FUZZ_SECONDS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig \
		$(DESTDIR)$(PREFIX)/share/zhx/rules
	install -m 755 $(BUILD)/zhx $(DESTDIR)$(PREFIX)/bin/zhx
	install -m 644 include/zhx.h $(DESTDIR)$(PREFIX)/include/zhx.h
	install -m 644 $(BUILD)/libzhx.a $(DESTDIR)$(PREFIX)/lib/libzhx.a
	install -m 755 $(BUILD)/libzhx.so $(DESTDIR)$(PREFIX)/lib/libzhx.so.0
	ln -sf libzhx.so.0 $(DESTDIR)$(PREFIX)/lib/libzhx.so
	install -m 644 $(RULE_FILES) $(DESTDIR)$(PREFIX)/share/zhx/rules/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(shell sed -n 's/.*ZHX_VERSION "\(.*\)"/\1/p' include/zhx.h)|' \
		-e 's|@REQUIRES@|$(LIB_REQUIRES)|' tools/zhx.pc.in >$(DESTDIR)$(PREFIX)/lib/pkgconfig/zhx.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/zhx $(DESTDIR)$(PREFIX)/include/zhx.h \
		$(DESTDIR)$(PREFIX)/lib/libzhx.a $(DESTDIR)$(PREFIX)/lib/libzhx.so \
		$(DESTDIR)$(PREFIX)/lib/libzhx.so.0 $(DESTDIR)$(PREFIX)/lib/pkgconfig/zhx.pc
	rm -rf $(DESTDIR)$(PREFIX)/share/zhx

FORMAT_SRC = $(wildcard include/*.h core/*.[ch] normalize/*.[ch] extract/*.[ch] cli/*.[ch] \
	tests/*.[ch] tools/*.c bench/*.c fuzz/*.c)

format:
	clang-format -i $(FORMAT_SRC)

check-format:
	clang-format --dry-run --Werror $(FORMAT_SRC)

clean:
	rm -rf build

# bench/, fuzz/ and tools/ may carry make fragments of their own
-include $(sort $(wildcard bench/*.mk fuzz/*.mk tools/*.mk))

-include $(shell find $(BUILD)/obj $(BUILD)/tools -name '*.d' 2>/dev/null)
