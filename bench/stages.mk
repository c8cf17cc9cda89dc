# make bench-stages: MB/s of every stage and of the record writer (see bench/stages.c), over
# BENCH_FILES (default: the Simplified documents of corpus/), BENCH_MB megabytes each.
# The numbers are printed, never checked.
BENCH_FILES ?= $(filter-out %.expected.txt %002_79facc6682ea7705.txt,$(wildcard corpus/seeds/*.txt corpus/own/0*.txt corpus/heldout/*.txt))
BENCH_MB ?= 30

$(BUILD)/bench-stages: bench/stages.c $(BUILD)/libzhx.a
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libzhx.a $(DEP_LIBS)

.PHONY: bench-stages
bench-stages: $(BUILD)/bench-stages
	$(BUILD)/bench-stages -m $(BENCH_MB) $(BENCH_FILES)
