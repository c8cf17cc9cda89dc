#!/bin/sh
# Runs every fuzz target for SECONDS (default 60) each, seeded from corpus/ and rules/, with a
# dictionary of the tokens zhx reacts to. Inputs that crash land in fuzz/regress/TARGET/,
# where tests/fuzz.t.sh replays them in every test run once they are fixed and committed.
# Usage: fuzz/run.sh [SECONDS]
set -u
seconds=${1:-60}
make -s fuzz-build || exit 2
status=0
for bin in build/fuzz/bin/*; do
    target=$(basename "$bin")
    work=build/fuzz/corpus/$target
    mkdir -p "$work" "fuzz/regress/$target"
    case $target in
    rules) seeds=rules ;;
    map) seeds= ;;
    *) seeds=$(find corpus -type f ! -name '*.expected.*' ! -name '*.args' | head -50 | xargs -r dirname | sort -u) ;;
    esac
    before=$(ls "fuzz/regress/$target" | wc -l)
    echo "== $target ($seconds s)"
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -dict=fuzz/zhx.dict -artifact_prefix="fuzz/regress/$target/" -print_final_stats=1 \
        "$work" $seeds 2>"build/fuzz/$target.log" | tail -5
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+.*DONE)' \
        "build/fuzz/$target.log" | tail -3
    after=$(ls "fuzz/regress/$target" | wc -l)
    if [ "$after" -gt "$before" ]; then
        echo "$target: $((after - before)) new failing inputs in fuzz/regress/$target (log: build/fuzz/$target.log)"
        status=1
    fi
done
exit $status
