# ThreadSanitizer, included by the Makefile.
#
#   make tsan   builds zhx and the threads test with -fsanitize=thread (clang) into build/tsan,
#               then runs tests/test_threads and every tests/*.t.sh that runs zhx with -j;
#               a data race anywhere fails it (tools/tsan.sh)

TSAN_BUILD := build/tsan

.PHONY: tsan
tsan: build/config.mk
	$(MAKE) BUILD=$(TSAN_BUILD) CC=clang SAN="-fsanitize=thread" CFLAGS="-O1 -g" \
		$(TSAN_BUILD)/zhx $(TSAN_BUILD)/tests/test_threads
	sh tools/tsan.sh $(TSAN_BUILD)
