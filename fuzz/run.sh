#!/bin/sh
# Runs every fuzz target (or the TARGETs named) for SECONDS each, one after the other, seeded
# from corpus/ and rules/, with a dictionary of the tokens zhx reacts to. An input that crashes
# a target, breaks one of its invariants or times out lands in fuzz/regress/TARGET/, where
# tests/fuzz.t.sh replays it in every test run once it is fixed and committed. Prints TAP: a
# target passes when it found nothing new; each line says how many inputs it ran.
# Usage: fuzz/run.sh [SECONDS [TARGET...]]
set -u
seconds=${1:-60}
[ $# -gt 0 ] && shift
make -s fuzz-build >build/fuzz-build.log 2>&1 || {
    echo "1..1"
    echo "not ok 1 - make fuzz-build failed"
    sed 's/^/# /' build/fuzz-build.log | tail -20
    exit 1
}
targets=${*:-$(ls build/fuzz/bin)}
inputs=$(find corpus -type f ! -name '*.expected.*' ! -name '*.args' ! -name '*.md' | sort)

# seeds TARGET DIR: fills DIR with the inputs to start from
seeds() {
    rm -rf "$2" && mkdir -p "$2"
    case $1 in
    rules) cp rules/*.rules "$2" ;;
    map) ;;
    stage) # the first byte picks the stage, the second the options: every stage gets each input
        k=0
        for f in $inputs; do
            k=$((k + 1))
            s=0
            while [ $s -lt 16 ]; do
                { printf "\\$(printf %03o $s)\\000"; head -c 16384 "$f"; } >"$2/$k-$s"
                s=$((s + 1))
            done
        done ;;
    *) k=0; for f in $inputs; do k=$((k + 1)); cp "$f" "$2/$k"; done ;;
    esac
}

n=0
status=0
echo "1..$(echo $targets | wc -w)"
for target in $targets; do
    n=$((n + 1))
    bin=build/fuzz/bin/$target
    work=build/fuzz/corpus/$target
    log=build/fuzz/$target.log
    mkdir -p "$work" "fuzz/regress/$target"
    seeds "$target" "build/fuzz/seeds/$target"
    before=$(ls "fuzz/regress/$target" | wc -l)
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -dict=fuzz/zhx.dict -artifact_prefix="fuzz/regress/$target/" -print_final_stats=1 \
        "$work" "build/fuzz/seeds/$target" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    new=$(($(ls "fuzz/regress/$target" | wc -l) - before))
    if [ "$new" -eq 0 ] && [ "$rc" -eq 0 ]; then
        echo "ok $n - $target: ${runs:-?} runs in $seconds s, nothing found"
    else
        status=1
        echo "not ok $n - $target: $new new failing inputs in fuzz/regress/$target after ${runs:-?} runs (log: $log)"
        grep -E 'ERROR|invariant|SUMMARY|#[0-9]+ in ' "$log" | head -20 | sed 's/^/# /'
    fi
done
exit $status
