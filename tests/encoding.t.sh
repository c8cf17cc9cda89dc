#!/bin/sh
# Charsets on the command line: detection, --encoding, and a charset ICU does not know.
# Prints TAP. Usage: tests/encoding.t.sh BUILD
. "$(dirname "$0")/tap.sh"

echo "1..8"

# the same text, as UTF-8 and as GB18030: found unaided, or named, it normalizes the same
iconv -f GB18030 -t UTF-8 corpus/own/gb18030.txt >"$tmp/utf8.txt"
"$zhx" normalize "$tmp/utf8.txt" >"$tmp/from-utf8"
"$zhx" normalize corpus/own/gb18030.txt >"$tmp/detected"
same "$tmp/from-utf8" "$tmp/detected" "GB18030 detected: the text of the UTF-8 run"
"$zhx" normalize --encoding GB18030 corpus/own/gb18030.txt >"$tmp/named"
same "$tmp/from-utf8" "$tmp/named" "GB18030 named: the text of the UTF-8 run"
"$zhx" normalize <corpus/own/gb18030.txt >"$tmp/stdin"
same "$tmp/from-utf8" "$tmp/stdin" "GB18030 on standard input"
"$zhx" extract corpus/own/gb18030.txt | grep -q '"type":"doc".*"encoding":"GB18030"' &&
    ok "the doc record names the charset" || not_ok "doc record encoding"

# UTF-16 without a byte-order mark cannot be detected, but can be named
iconv -f UTF-8 -t UTF-16LE "$tmp/utf8.txt" >"$tmp/utf16le.txt"
"$zhx" normalize --encoding UTF-16LE "$tmp/utf16le.txt" >"$tmp/utf16"
same "$tmp/from-utf8" "$tmp/utf16" "UTF-16LE named: the text of the UTF-8 run"

# raw spans count bytes of the file as given: in GB18030 婴儿 is four bytes, so the comma
# that becomes full-width is byte 4
printf '婴儿,死亡率控制在6‰以下。\n' | iconv -f UTF-8 -t GB18030 >"$tmp/short.txt"
"$zhx" normalize --explain "$tmp/short.txt" >/dev/null 2>"$tmp/changes"
grep -q '"rule":"unicode.cjk-punct","raw_span":\[4,5\]' "$tmp/changes" &&
    ok "raw spans count the GB18030 bytes" || not_ok "GB18030 raw spans" "$(cat "$tmp/changes")"

# a charset ICU does not know is a usage error, before any input is read
"$zhx" normalize --encoding no-such-charset "$tmp/utf8.txt" >/dev/null 2>"$tmp/err"
status=$?
[ "$status" -eq 2 ] && grep -q "unknown encoding 'no-such-charset'" "$tmp/err" &&
    ok "unknown --encoding: exit 2 and says why" || not_ok "unknown encoding" "status $status" "$(cat "$tmp/err")"

no_sanitizer_reports
