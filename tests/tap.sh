# Shared by the tests/*.t.sh scripts: TAP output and a scratch folder. Source it with
#   . "$(dirname "$0")/tap.sh"
# after setting nothing; it sets $zhx (from the BUILD argument) and $tmp (removed at exit).
set -u
zhx=$(cd "$1" && pwd)/zhx
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp"; rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
skip() { n=$((n + 1)); echo "ok $n # skip $1"; }
# expect NAME COMMAND...: passes when the command succeeds
expect() {
    name=$1
    shift
    if "$@" >"$tmp/expect.out" 2>"$tmp/expect.err"; then
        ok "$name"
    else
        not_ok "$name" "$(head -5 "$tmp/expect.err")" "$(head -5 "$tmp/expect.out")"
    fi
}
# same FILE1 FILE2 NAME: passes when the files are byte-identical
same() {
    if cmp -s "$1" "$2"; then ok "$3"; else not_ok "$3" "$(diff "$1" "$2" | head -6)"; fi
}
# parses FILE: every line of FILE is a JSON value (and the file ends in a newline)
parses() {
    [ ! -s "$1" ] || { [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] &&
        jq -e . "$1" >/dev/null 2>&1 && [ "$(jq -c . "$1" | wc -l)" -eq "$(wc -l <"$1")" ]; }
}
# field FILE JQ_FILTER: the filter's raw output over every record
field() { jq -r "$2" "$1"; }
# Sanitizer reports of every zhx run go to files in $tmp, whatever the run's exit status;
# no_sanitizer_reports (the last test of each script) fails if there is one.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$tmp/sanitizer
UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$tmp/sanitizer:print_stacktrace=1
TSAN_OPTIONS=${TSAN_OPTIONS:+$TSAN_OPTIONS:}log_path=$tmp/sanitizer
export ASAN_OPTIONS UBSAN_OPTIONS TSAN_OPTIONS
no_sanitizer_reports() {
    if ls "$tmp"/sanitizer.* >/dev/null 2>&1; then
        not_ok "no sanitizer reports" "$(cat "$tmp"/sanitizer.* | head -20)"
    else
        ok "no sanitizer reports"
    fi
}
