#!/bin/sh
# zhx in pipelines: --jsonl-in keeps the streaming contract (per input line, its records and
# then its doc or error record, in order, nothing else); a run split across processes (GNU
# parallel --pipe, Hadoop Streaming and Spark rdd.pipe() partitions) equals the single run;
# --files-from with newlines and with NULs. Prints TAP.
# Usage: tests/streaming.t.sh BUILD
. "$(dirname "$0")/tap.sh"

echo "1..16"

# the UTF-8 documents of the corpus: a JSON string carries text, not the bytes of GB18030 or
# UTF-16 files (jq would turn those into U+FFFD and NULs, rightly refused)
docs=$(find corpus -type f ! -name '*.expected.*' ! -name '*.args' ! -name '*.md' | sort |
    while read -r d; do iconv -f UTF-8 -t UTF-8 "$d" >/dev/null 2>&1 && echo "$d"; done)

# a stream of documents: every corpus document 12 times, with its own id, plus short ones
i=0
for k in $(seq 1 12); do
    for d in $docs; do
        i=$((i + 1))
        jq -Rsc --arg id "doc-$i" '{id:$id,text:.}' "$d"
        i=$((i + 1))
        printf '{"id":"short-%d","text":"到2025年，婴儿死亡率控制在%d‰以下。"}\n' $i $((k % 9 + 1))
    done
done >"$tmp/stream.jsonl"
lines=$(wc -l <"$tmp/stream.jsonl")

"$zhx" extract --jsonl-in <"$tmp/stream.jsonl" >"$tmp/single.jsonl"
[ $? -eq 0 ] && parses "$tmp/single.jsonl" && ok "--jsonl-in over $lines lines: exit 0, every output line is JSON" ||
    not_ok "--jsonl-in run" "$(tail -n 2 "$tmp/single.jsonl" | cut -c1-200)"

# the contract: the output, cut after each doc/error record, is one group per input line, in
# input order, each group naming only its line's id
jq -r '.id' "$tmp/stream.jsonl" >"$tmp/ids.in"
jq -r 'select(.type=="doc" or .type=="error").doc' "$tmp/single.jsonl" >"$tmp/ids.out"
same "$tmp/ids.in" "$tmp/ids.out" "one doc record per input line, in input order"
jq -rs '[foreach .[] as $r ({open:null,bad:0};
        if .open != null and $r.doc != .open then .bad += 1 else . end
        | .open = (if ($r.type == "doc" or $r.type == "error") then null else $r.doc end);
        .bad)] | last' "$tmp/single.jsonl" >"$tmp/bad"
[ "$(cat "$tmp/bad")" = 0 ] && grep -q '"type":"target"' "$tmp/single.jsonl" &&
    ok "each line's records come before its doc record, never mixed with another line's" ||
    not_ok "records interleaved" "$(cat "$tmp/bad")"

# a bad line is an error record named after its line, and the stream goes on
{
    head -n 2 "$tmp/stream.jsonl"
    echo '{"id":"x","text":'
    echo ''
    echo '{"id":"y"}'
    sed -n 3p "$tmp/stream.jsonl"
} | "$zhx" extract --jsonl-in >"$tmp/bad.jsonl"
status=$?
jq -r 'select(.type=="doc" or .type=="error") | "\(.doc) \(.error)"' "$tmp/bad.jsonl" >"$tmp/bad.ids"
printf '%s\n' "doc-1 null" "short-2 null" "-:3 malformed JSONL line" "-:5 malformed JSONL line" "doc-3 null" |
    cmp -s - "$tmp/bad.ids" && [ $status -eq 1 ] &&
    ok "malformed lines are error records named -:LINE (a blank line is skipped), exit 1" ||
    not_ok "malformed lines (exit $status)" "$(cat "$tmp/bad.ids")"
printf '{"id":"p","path":"%s"}\n{"id":17,"path":"%s/none"}\n' "$(echo "$docs" | head -n 1)" "$tmp" >"$tmp/paths.jsonl"
"$zhx" extract --jsonl-in "$tmp/paths.jsonl" >"$tmp/paths.out"
jq -r 'select(.type=="doc" or .type=="error") | "\(.doc) \(.error)"' "$tmp/paths.out" |
    tr '\n' '|' | grep -qx 'p null|17 cannot open|' &&
    ok '{"id","path"} reads the file; an integer id is written as a string' ||
    not_ok "path lines" "$(cat "$tmp/paths.out" | cut -c1-150)"
"$zhx" extract --jsonl-in "$tmp/missing.jsonl" >"$tmp/m.out"
[ $? -eq 1 ] && grep -q '"doc":"'"$tmp"'/missing.jsonl","error":"cannot open"' "$tmp/m.out" &&
    ok "a missing JSONL file is an error record" || not_ok "missing JSONL file" "$(cat "$tmp/m.out")"

# GNU parallel --pipe: the stream split into blocks of lines, zhx on each, kept in order
if command -v parallel >/dev/null 2>&1; then
    parallel --will-cite --pipe -k -N 7 "$zhx" extract --jsonl-in <"$tmp/stream.jsonl" >"$tmp/par.jsonl"
    same "$tmp/single.jsonl" "$tmp/par.jsonl" "parallel --pipe -N 7: the output of the single run"
    parallel --will-cite --pipe -k --block 20k -j 3 "$zhx" extract --jsonl-in -j 1 <"$tmp/stream.jsonl" >"$tmp/par2.jsonl"
    same "$tmp/single.jsonl" "$tmp/par2.jsonl" "parallel --pipe --block 20k -j 3: the output of the single run"
    # --sshloginfile: here the one "host" is ':' (this machine), as many hosts would be listed
    echo ':' >"$tmp/hosts"
    parallel --will-cite --pipe -k -N 10 --sshloginfile "$tmp/hosts" "$zhx" extract --jsonl-in \
        <"$tmp/stream.jsonl" >"$tmp/par3.jsonl"
    same "$tmp/single.jsonl" "$tmp/par3.jsonl" "parallel --pipe --sshloginfile: the output of the single run"
else
    skip "GNU parallel is not installed"
    skip "GNU parallel is not installed"
    skip "GNU parallel is not installed"
fi

# the Hadoop Streaming / Spark rdd.pipe() contract: each partition of lines goes to its own
# zhx process (no state shared), and the partitions' outputs, concatenated, are the whole run
mkdir -p "$tmp/parts"
split -l 13 "$tmp/stream.jsonl" "$tmp/parts/part-"
for p in "$tmp"/parts/part-*; do "$zhx" extract --jsonl-in -j 2 <"$p"; done >"$tmp/parts.jsonl"
same "$tmp/single.jsonl" "$tmp/parts.jsonl" "partitions of 13 lines through separate processes: the single run"
# and normalize: one doc record with the text per line
"$zhx" normalize --jsonl-in <"$tmp/stream.jsonl" >"$tmp/norm.jsonl"
[ "$(wc -l <"$tmp/norm.jsonl")" -eq "$lines" ] && jq -e 'select(.type=="doc") | .text | type == "string"' "$tmp/norm.jsonl" >/dev/null &&
    ok "normalize --jsonl-in: one doc record with its text per input line" ||
    not_ok "normalize --jsonl-in" "$(wc -l <"$tmp/norm.jsonl")"

# --files-from: names one a line, or NUL-separated with -0 (names with spaces and newlines)
mkdir -p "$tmp/named"
for d in $docs; do cp "$d" "$tmp/named/$(basename "$d" .txt) with space.txt"; done
cp "$(echo "$docs" | head -n 1)" "$tmp/named/new
line.txt"
find "$tmp/named" -type f | sort >"$tmp/list"
# shellcheck disable=SC2046
"$zhx" extract "$tmp/named" >"$tmp/dir.jsonl"
find "$tmp/named" -type f -print0 | sort -z >"$tmp/list0"
"$zhx" extract -0 --files-from "$tmp/list0" >"$tmp/ff0.jsonl"
same "$tmp/dir.jsonl" "$tmp/ff0.jsonl" "--files-from -0: names with spaces and newlines, in the order listed"
grep -v 'new$\|^line.txt$' "$tmp/list" | "$zhx" extract --files-from - >"$tmp/ff.jsonl"
grep -v 'new\\nline.txt' "$tmp/dir.jsonl" >"$tmp/dir-nonl.jsonl"
same "$tmp/dir-nonl.jsonl" "$tmp/ff.jsonl" "--files-from - reads names one a line from standard input"
printf '%s\n' "$tmp/named" "$tmp/nothing.txt" | "$zhx" extract --files-from - "$(echo "$docs" | head -n 1)" >"$tmp/ffmix.jsonl"
[ $? -eq 1 ] && [ "$(jq -r 'select(.type=="doc" or .type=="error").doc' "$tmp/ffmix.jsonl" | head -n 1)" = "$(echo "$docs" | head -n 1)" ] &&
    [ "$(grep -c '"type":"doc"' "$tmp/ffmix.jsonl")" -eq $(($(echo "$docs" | wc -l) + 2)) ] &&
    tail -n 1 "$tmp/ffmix.jsonl" | grep -q '"error":"cannot open"' &&
    ok "INPUT arguments first, then the listed names: folders walked, a missing one an error record" ||
    not_ok "--files-from with arguments" "$(jq -r .doc "$tmp/ffmix.jsonl" | uniq)"
echo x | "$zhx" extract --files-from - - >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'standard input cannot be both' "$tmp/err" &&
    ok "--files-from - with - as an INPUT is a usage error" || not_ok "stdin twice" "$(cat "$tmp/err")"

no_sanitizer_reports
