#!/bin/sh
# The whole test suite, over each build folder given (the first is also run under valgrind):
# unit tests (cmocka, TAP output), rule examples, and the golden corpus. The last line is the
# summary the CI reads: "N passed, N failed".
# Usage: tests/run.sh BUILD [BUILD...]
set -u
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tally() { # tally NAME OK BAD
    passed=$((passed + $2))
    failed=$((failed + $3))
    if [ "$3" -eq 0 ]; then
        echo "  $1: $2 passed"
    else
        echo "  $1: $2 passed, $3 FAILED"
    fi
}

# unit BINARY [WRAPPER...]: runs a cmocka binary (or a TAP script); a crash counts every test
# it did not finish. A .t.sh script gets the build folder as its argument.
unit() {
    bin=$1
    shift
    case $bin in
    *.t.sh) sh "$bin" "$build" >"$tmp/tap" 2>&1 ;;
    *) CMOCKA_MESSAGE_OUTPUT=TAP "$@" "$bin" >"$tmp/tap" 2>&1 ;;
    esac
    tally_tap "$(basename "$bin")${1:+ under $1}" $?
}

# tally_tap NAME STATUS: counts the TAP in $tmp/tap; a test that did not report counts failed.
tally_tap() {
    rc=$2
    ok=$(grep -c '^ok ' "$tmp/tap")
    bad=$(grep -c '^not ok ' "$tmp/tap")
    plan=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$tmp/tap" | head -n 1)
    lost=$((${plan:-1} - ok - bad))
    [ "$lost" -gt 0 ] && bad=$((bad + lost))
    [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
    [ "$bad" -gt 0 ] && grep -v '^ok ' "$tmp/tap" | head -40
    tally "$1" "$ok" "$bad"
}

for build in "$@"; do
    echo "== $build"
    for t in "$build"/tests/test_*; do
        unit "$t"
    done
    # integration tests: tests/NAME.t.sh BUILD prints TAP, like the unit tests
    for t in tests/*.t.sh; do
        [ -f "$t" ] || continue
        unit "$t"
    done
    out=$("$build/zhx" rules test 2>&1)
    echo "$out" | grep -v 'examples passed'
    ok=$(echo "$out" | sed -n 's/^\([0-9]*\) examples passed, \([0-9]*\) failed$/\1/p')
    bad=$(echo "$out" | sed -n 's/^\([0-9]*\) examples passed, \([0-9]*\) failed$/\2/p')
    tally "rule examples" "${ok:-0}" "${bad:-1}"
    for args in "" "--no-jit"; do
        out=$(ZHX_ARGS=$args sh tests/golden.sh "$build/zhx" 2>&1)
        echo "$out" | grep -v '^golden: '
        ok=$(echo "$out" | sed -n 's/^golden: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
        bad=$(echo "$out" | sed -n 's/^golden: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
        tally "golden corpus${args:+ $args}" "${ok:-0}" "${bad:-1}"
    done
done

# In CI (CI=true) every fuzz target also runs for a short while (FUZZ_CI_SECONDS, 30 s each),
# and the tests of -j run under ThreadSanitizer; locally `make fuzz` and `make tsan` do that.
if [ "${CI:-}" = true ]; then
    echo "== fuzz (${FUZZ_CI_SECONDS:-30} s a target)"
    sh fuzz/run.sh "${FUZZ_CI_SECONDS:-30}" >"$tmp/tap" 2>&1
    status=$?
    grep '^ok ' "$tmp/tap" | sed 's/^ok [0-9]* - /  fuzz /'
    tally_tap "fuzz targets" $status
    # and ThreadSanitizer over the thread test and every test of -j (make tsan)
    echo "== ThreadSanitizer (make tsan)"
    make -s tsan >"$tmp/tsan" 2>&1
    status=$?
    ok=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$tmp/tsan" | tail -n 1)
    bad=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$tmp/tsan" | tail -n 1)
    [ "$status" -ne 0 ] && [ "${bad:-0}" -eq 0 ] && bad=1 && tail -n 20 "$tmp/tsan"
    tally "tests under ThreadSanitizer" "${ok:-0}" "${bad:-1}"
fi

# valgrind memcheck over the first build: zero errors and zero leaks, or the test fails.
# PCRE2's JIT code is opaque to valgrind (Debian does not build PCRE2 for it), so these runs
# match with the interpreter.
if command -v valgrind >/dev/null 2>&1; then
    echo "== valgrind ($1)"
    vg="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
    for t in "$1"/tests/test_*; do
        # shellcheck disable=SC2086
        ZHX_TEST_NO_JIT=1 unit "$t" $vg
    done
    docs=$(find corpus -type f ! -name '*.expected.*' ! -name '*.args' ! -name '*.md' | sort)
    # shellcheck disable=SC2086
    $vg "$1/zhx" extract --no-jit $docs >/dev/null 2>"$tmp/vg"
    rc=$?
    # exit status 1 only says some corpus documents are error records, which some are meant to be
    if [ "$rc" -le 1 ] && [ ! -s "$tmp/vg" ]; then
        tally "zhx extract corpus under valgrind" 1 0
    else
        head -40 "$tmp/vg"
        tally "zhx extract corpus under valgrind" 0 1
    fi
else
    echo "valgrind not installed: memcheck skipped"
    failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
