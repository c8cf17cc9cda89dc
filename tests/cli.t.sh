#!/bin/sh
# The command line: exit statuses, error records, inputs of every kind. Prints TAP.
# Usage: tests/cli.t.sh BUILD
. "$(dirname "$0")/tap.sh"
records() { grep -c "\"type\":\"$1\"" "$2"; }

echo "1..15"

# every input yields exactly one doc or error record, and the others still run
printf '婴儿死亡率控制在6‰以下。\n' >"$tmp/good.txt"
: >"$tmp/empty.txt"
printf '\000\000\000\000binary\000\000\000\000\000\000\000\000\000\000\000\000' >"$tmp/nul.bin"
mkdir "$tmp/locked" && echo x >"$tmp/locked/a.txt" && chmod 000 "$tmp/locked"
"$zhx" extract "$tmp/good.txt" "$tmp/missing.txt" "$tmp/empty.txt" "$tmp/nul.bin" "$tmp/locked" \
    >"$tmp/mixed.jsonl" 2>"$tmp/err"
status=$?
[ "$status" -eq 1 ] && ok "some inputs failed: exit status 1" || not_ok "exit status 1" "got $status"
docs=$(records doc "$tmp/mixed.jsonl")
errors=$(records error "$tmp/mixed.jsonl")
if [ "$(id -u)" -eq 0 ]; then want_errors=2; else want_errors=3; fi # root reads locked folders
[ "$docs" -eq $((5 - want_errors)) ] && [ "$errors" -eq "$want_errors" ] &&
    ok "one doc or error record per input" || not_ok "one record per input" "docs $docs errors $errors"
grep -q '"doc":"'"$tmp"'/missing.txt","error":"cannot open"' "$tmp/mixed.jsonl" &&
    ok "a missing file is an error record naming it" || not_ok "missing file record"
grep -q '"error":"binary data, not text"' "$tmp/mixed.jsonl" &&
    ok "a binary file is an error record" || not_ok "binary file record"
grep -q '"doc":"'"$tmp"'/empty.txt".*"chars":0' "$tmp/mixed.jsonl" &&
    ok "an empty file is a doc record with no text" || not_ok "empty file record"
grep -q '"type":"target".*"婴儿死亡率"' "$tmp/mixed.jsonl" &&
    ok "the good input still yields its target" || not_ok "good input target"

# folders are read recursively, in name order
mkdir -p "$tmp/tree/b" "$tmp/tree/a"
echo 一 >"$tmp/tree/b/z.txt"; echo 二 >"$tmp/tree/a/y.txt"; echo 三 >"$tmp/tree/c.txt"
"$zhx" extract "$tmp/tree" | sed -n 's/.*"doc":"\([^"]*\)".*/\1/p' >"$tmp/order"
printf '%s\n' "$tmp/tree/a/y.txt" "$tmp/tree/b/z.txt" "$tmp/tree/c.txt" | cmp -s - "$tmp/order" &&
    ok "folders walked recursively in name order" || not_ok "folder order" "$(cat "$tmp/order")"

# a symlink loop is reported, not followed forever
mkdir -p "$tmp/loop/sub" && ln -s .. "$tmp/loop/sub/up"
echo 四 >"$tmp/loop/sub/d.txt"
timeout 10 "$zhx" extract "$tmp/loop" >"$tmp/loop.jsonl" 2>&1
grep -q '"error":"symlink loop"' "$tmp/loop.jsonl" && [ "$(records doc "$tmp/loop.jsonl")" -eq 1 ] &&
    ok "a symlink loop is an error record, walked once" || not_ok "symlink loop" "$(cat "$tmp/loop.jsonl")"

# standard input is one document
printf '居民健康档案建档率≥65%%。' | "$zhx" extract >"$tmp/stdin.jsonl"
grep -q '"doc":"-".*"value":65' "$tmp/stdin.jsonl" && ok "standard input is one document" ||
    not_ok "stdin" "$(cat "$tmp/stdin.jsonl")"

# normalize: plain text for one file, JSONL for several
expect "normalize prints plain text for one file" "$zhx" normalize "$tmp/good.txt"
cmp -s "$tmp/expect.out" "$tmp/good.txt" && ok "plain text is the cleaned document" || not_ok "plain text"
"$zhx" normalize "$tmp/good.txt" "$tmp/good.txt" | grep -c '"type":"doc".*"text":' |
    grep -qx 2 && ok "normalize of several inputs is JSONL with the text" || not_ok "normalize JSONL"

# usage errors exit 2 with a message; --help is complete
"$zhx" extract --convert nonsense "$tmp/good.txt" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q "convert takes" "$tmp/err" && ok "bad option value: exit 2 and says why" ||
    not_ok "bad option"
"$zhx" --help >"$tmp/help"
missing=""
for o in --convert --punct --encoding --no-boilerplate --repair --explain --rules --max-doc-bytes \
    --max-archive-bytes --jsonl-in --files-from --null --jobs --progress --no-progress --stats \
    --jsonl --no-builtin-rules --no-jit --version; do
    grep -q -- "$o" "$tmp/help" || missing="$missing $o"
done
[ -z "$missing" ] && ok "--help names every option" || not_ok "--help lacks$missing"

no_sanitizer_reports
