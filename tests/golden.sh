#!/bin/sh
# The golden corpus: runs zhx on every document under corpus/ and compares its output with the
# expected files beside it, printing a unified diff for each difference.
#
#   tests/golden.sh ZHX            compare; prints "golden: N passed, N failed"
#   tests/golden.sh ZHX --update   rewrite the expected files (review them with git diff)
#
# ZHX_ARGS in the environment adds options to every run (tests/run.sh passes --no-jit once).
# For a document corpus/DIR/NAME.EXT:
#   NAME.expected.jsonl   what `zhx extract` prints for it
#   NAME.expected.txt     what `zhx normalize` prints for it
#   NAME.args             extra options for both, on one line (optional)
# Run from the project root: record ids are the paths as given.
set -u
zhx=${1:?usage: golden.sh ZHX [--update]}
update=${2:-}
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # check NAME EXPECTED ACTUAL
    if [ -n "$update" ]; then
        cp "$3" "$2"
    elif cmp -s "$2" "$3"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $1"
        diff -u "$2" "$3" | head -60
    fi
}

for doc in $(find corpus -type f ! -name '*.expected.*' ! -name '*.args' ! -name '*.md' | sort); do
    base=${doc%.*}
    args=""
    [ -f "$base.args" ] && args=$(cat "$base.args")
    if [ -f "$base.expected.jsonl" ] || [ -n "$update" ]; then
        # shellcheck disable=SC2086
        "$zhx" extract ${ZHX_ARGS:-} $args "$doc" >"$tmp/out.jsonl" 2>"$tmp/err"
        check "$doc (extract)" "$base.expected.jsonl" "$tmp/out.jsonl"
    fi
    if [ -f "$base.expected.txt" ] || [ -n "$update" ]; then
        # shellcheck disable=SC2086
        "$zhx" normalize ${ZHX_ARGS:-} $args "$doc" >"$tmp/out.txt" 2>"$tmp/err"
        check "$doc (normalize)" "$base.expected.txt" "$tmp/out.txt"
    fi
done
[ -n "$update" ] && { echo "golden: expected files rewritten; review them with git diff"; exit 0; }
echo "golden: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
