# make bench-stages: MB/s of each normalize stage over the seeds (see bench/stages.c).
# BENCH_FILES and BENCH_MB choose the input; the numbers are printed, never checked.
BENCH_FILES ?= $(filter-out %.expected.txt,$(wildcard corpus/seeds/*.txt))
BENCH_MB ?= 50

$(BUILD)/bench-stages: bench/stages.c $(BUILD)/libzhx.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libzhx.a $(DEP_LIBS)

.PHONY: bench-stages
bench-stages: $(BUILD)/bench-stages
	$(BUILD)/bench-stages -m $(BENCH_MB) $(BENCH_FILES)
	$(BUILD)/bench-stages -m $(BENCH_MB) -1 $(BENCH_FILES)
