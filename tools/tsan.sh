#!/bin/sh
# Runs the threads test and the integration tests that use worker threads (zhx -j) against a
# ThreadSanitizer build. Every race report is written to BUILD/tsan-report.*, and any report
# fails the run, whatever the test itself checked.
# Ends with "N passed, N failed".
# Usage: tools/tsan.sh BUILD
set -u
build=${1:?usage: tsan.sh BUILD}
rm -f "$build"/tsan-report.*
export TSAN_OPTIONS="halt_on_error=0 exitcode=66 second_deadlock_stack=1 log_path=$PWD/$build/tsan-report"
passed=0
failed=0
tap=$(mktemp)
trap 'rm -f "$tap"' EXIT
count() { # count NAME STATUS: tallies the TAP in $tap
    ok=$(grep -c '^ok ' "$tap")
    bad=$(grep -c '^not ok ' "$tap")
    [ "$2" -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
    grep -v '^ok ' "$tap" | head -20
    echo "  $1: $ok passed, $bad failed"
    passed=$((passed + ok))
    failed=$((failed + bad))
}
CMOCKA_MESSAGE_OUTPUT=TAP "$build/tests/test_threads" >"$tap" 2>&1
count test_threads $?
for t in $(grep -l -e ' -j ' tests/*.t.sh); do
    sh "$t" "$build" >"$tap" 2>&1
    count "$(basename "$t")" $?
done
for report in "$build"/tsan-report.*; do
    [ -f "$report" ] || continue
    echo "ThreadSanitizer: $report"
    head -40 "$report"
    failed=$((failed + 1))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
