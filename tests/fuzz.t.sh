#!/bin/sh
# Replays every input a fuzzer ever failed on (fuzz/regress/TARGET/*), plus the corpus, through
# each fuzz target built without libFuzzer: they stay regression tests. Prints TAP.
# Usage: tests/fuzz.t.sh BUILD
set -u
build=$1
n=0
targets=$(ls "$build"/fuzz-replay 2>/dev/null)
echo "1..$(echo $targets | wc -w)"
for target in $targets; do
    n=$((n + 1))
    inputs=$(find "fuzz/regress/$target" -type f 2>/dev/null)
    case $target in
    rules) inputs="$inputs $(ls rules/*.rules)" ;;
    map) ;;
    *) inputs="$inputs $(find corpus -type f ! -name '*.expected.*' ! -name '*.args' | sort)" ;;
    esac
    count=$(echo $inputs | wc -w)
    # shellcheck disable=SC2086
    if [ "$count" -eq 0 ] || "$build/fuzz-replay/$target" $inputs >/tmp/fuzz-replay.$$ 2>&1; then
        echo "ok $n - $target replays $count saved inputs"
    else
        echo "not ok $n - $target fails on a saved input"
        sed 's/^/# /' /tmp/fuzz-replay.$$ | head -20
    fi
    rm -f /tmp/fuzz-replay.$$
done
