#!/bin/sh
# Threads and limits: -j N gives the bytes of -j 1; memory stays bounded however many
# documents; Ctrl-C and SIGTERM leave only whole lines; --max-doc-bytes; the progress line and
# --stats. Prints TAP.
# Usage: tests/jobs.t.sh BUILD
. "$(dirname "$0")/tap.sh"

echo "1..24"

docs=$(find corpus -type f ! -name '*.expected.*' ! -name '*.args' ! -name '*.md' | sort)

# a corpus of many documents: every corpus document under 40 names, in nested folders
mkdir -p "$tmp/many"
for i in $(seq 1 40); do
    mkdir -p "$tmp/many/$((i % 7))"
    for d in $docs; do cp "$d" "$tmp/many/$((i % 7))/$i-$(basename "$d")"; done
done
# shellcheck disable=SC2086
"$zhx" extract -j 1 $docs "$tmp/many" >"$tmp/j1.jsonl"
[ "$(grep -c '"type":"doc"' "$tmp/j1.jsonl")" -ge 200 ] && ok "-j 1 over $(echo "$docs" | wc -l) corpus documents and 40 copies" ||
    not_ok "-j 1 run" "$(tail -n 2 "$tmp/j1.jsonl")"
for j in 2 3 8; do
    # shellcheck disable=SC2086
    "$zhx" extract -j $j $docs "$tmp/many" >"$tmp/j$j.jsonl"
    same "$tmp/j1.jsonl" "$tmp/j$j.jsonl" "extract -j $j: byte for byte the output of -j 1"
done
# shellcheck disable=SC2086
"$zhx" extract $docs "$tmp/many" >"$tmp/jdefault.jsonl"
same "$tmp/j1.jsonl" "$tmp/jdefault.jsonl" "extract with the default -j (one per core): the output of -j 1"
"$zhx" normalize -j 1 "$tmp/many" >"$tmp/n1.jsonl"
"$zhx" normalize -j 4 "$tmp/many" >"$tmp/n4.jsonl"
same "$tmp/n1.jsonl" "$tmp/n4.jsonl" "normalize -j 4: the output of -j 1"

# a JSONL stream of many documents, for the memory and signal tests below
# (UTF-8 documents only: a JSON string carries text, not the bytes of GB18030 or UTF-16)
for d in $docs; do
    iconv -f UTF-8 -t UTF-8 "$d" >/dev/null 2>&1 && jq -Rsc --arg id "$d" '{id:$id,text:.}' "$d"
done >"$tmp/one.jsonl"
for i in $(seq 1 80); do cat "$tmp/one.jsonl"; done >"$tmp/small.jsonl"
for i in $(seq 1 5); do cat "$tmp/small.jsonl"; done >"$tmp/big.jsonl"
"$zhx" extract --jsonl-in -j 1 "$tmp/big.jsonl" >"$tmp/big1.jsonl"
"$zhx" extract --jsonl-in -j 4 "$tmp/big.jsonl" >"$tmp/big4.jsonl"
same "$tmp/big1.jsonl" "$tmp/big4.jsonl" "--jsonl-in -j 4: the output of -j 1"

# bounded memory: twenty times the documents may not take much more memory (a run that held
# their input or output would grow by tens of MB). Not under a sanitizer, whose allocator
# keeps freed memory in quarantine.
rss() { sed -n 's/.*peak RSS \([0-9]*\)\..*/\1/p' "$1"; }
case $1 in
*asan* | *tsan*) skip "peak RSS is not measured under a sanitizer" ;;
*)
    "$zhx" extract --jsonl-in -j 2 --stats "$tmp/small.jsonl" >/dev/null 2>"$tmp/small.stats"
    for i in 1 2 3 4; do cat "$tmp/big.jsonl"; done >"$tmp/huge.jsonl"
    "$zhx" extract --jsonl-in -j 2 --stats "$tmp/huge.jsonl" >/dev/null 2>"$tmp/big.stats"
    small=$(rss "$tmp/small.stats")
    big=$(rss "$tmp/big.stats")
    mb=$(($(wc -c <"$tmp/huge.jsonl") / 1048576))
    [ -n "$small" ] && [ -n "$big" ] && [ $((big - small)) -lt 16 ] &&
        ok "peak RSS ${small} MB for $(wc -l <"$tmp/small.jsonl") documents, ${big} MB for $(wc -l <"$tmp/huge.jsonl") (${mb} MB)" ||
        not_ok "memory grows with the corpus" "$(cat "$tmp/small.stats" "$tmp/big.stats")"
    ;;
esac

# --stats: a summary on stderr
"$zhx" extract --stats "$tmp/many" >"$tmp/stats.out" 2>"$tmp/stats.err"
grep -Eq '^zhx: [0-9]+ documents, 0 errors, [0-9.]+ MB in [0-9.]+ s: [0-9.]+ MB/s, [0-9]+ docs/s; peak RSS [0-9.]+ MB$' "$tmp/stats.err" &&
    ok "--stats prints documents, errors, MB, time, MB/s, docs/s and peak RSS" ||
    not_ok "--stats" "$(cat "$tmp/stats.err")"

# interrupt SIGNAL STATUS JOBS: the run stops between two documents: every line whole, the
# output a prefix of the full output ending with a document's last record, the summary printed
# (so the handler ran, rather than the signal killing zhx), exit status 128 + the signal.
interrupt() {
    sig=$1
    want=$2
    rm -f "$tmp/int.out" "$tmp/int.err"
    env --default-signal=INT "$zhx" extract --jsonl-in -j "$3" --stats "$tmp/big.jsonl" \
        >"$tmp/int.out" 2>"$tmp/int.err" &
    pid=$!
    i=0
    while ! [ -s "$tmp/int.out" ] && [ $i -lt 300 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -"$sig" $pid
    wait $pid
    status=$?
    size=$(wc -c <"$tmp/int.out")
    if [ "$status" -eq "$want" ] && parses "$tmp/int.out" && grep -q 'documents' "$tmp/int.err" &&
        head -c "$size" "$tmp/big1.jsonl" | cmp -s - "$tmp/int.out" &&
        tail -n 1 "$tmp/int.out" | grep -q '^{"type":"\(doc\|error\)"' &&
        [ "$size" -lt "$(wc -c <"$tmp/big1.jsonl")" ]; then
        ok "SIG$sig mid-run with -j $3: exit $want, $(grep -c '"type":"doc"' "$tmp/int.out") whole documents, every line parses"
    else
        not_ok "SIG$sig mid-run with -j $3 (exit $status, $size bytes)" "$(tail -c 300 "$tmp/int.out")" "$(cat "$tmp/int.err")"
    fi
}
interrupt INT 130 2
interrupt TERM 143 2
interrupt INT 130 1

# Ctrl-C while the reader waits for more input: zhx stops at once, output whole
mkfifo "$tmp/fifo"
for j in 1 2; do
    rm -f "$tmp/wait.out"
    env --default-signal=INT "$zhx" extract -j $j --jsonl-in <"$tmp/fifo" >"$tmp/wait.out" 2>/dev/null &
    pid=$!
    exec 3>"$tmp/fifo"
    head -n 3 "$tmp/one.jsonl" >&3
    i=0
    while [ "$(grep -c '"type":"doc"' "$tmp/wait.out" 2>/dev/null)" != 3 ] && [ $i -lt 300 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -INT $pid
    wait $pid
    status=$?
    exec 3>&-
    [ "$status" -eq 130 ] && parses "$tmp/wait.out" && [ "$(grep -c '"type":"doc"' "$tmp/wait.out")" -eq 3 ] &&
        ok "Ctrl-C while waiting for input (-j $j): exit 130 with the 3 documents read so far" ||
        not_ok "Ctrl-C while waiting, -j $j (exit $status)" "$(cut -c1-100 "$tmp/wait.out")"
done

# --max-doc-bytes: a larger file is refused from its size, without being read; so is a larger
# standard input and a longer JSONL line; the run goes on
truncate -s 300M "$tmp/huge.txt"
printf '婴儿死亡率控制在6‰以下。' >"$tmp/ok.txt"
"$zhx" extract "$tmp/huge.txt" "$tmp/ok.txt" >"$tmp/huge.jsonl"
[ $? -eq 1 ] && grep -q "\"doc\":\"$tmp/huge.txt\",\"error\":\"document too large\",\"detail\":\"314572800 bytes, more than --max-doc-bytes 268435456\"" "$tmp/huge.jsonl" &&
    grep -q "\"type\":\"doc\",\"doc\":\"$tmp/ok.txt\"" "$tmp/huge.jsonl" &&
    ok "a 300 MB file is an error record (default --max-doc-bytes 256M), the next input still read" ||
    not_ok "huge file" "$(cat "$tmp/huge.jsonl")"
head -c 3000000 /dev/zero | tr '\0' 'x' | "$zhx" extract --max-doc-bytes 1M >"$tmp/stdin.jsonl"
[ $? -eq 1 ] && grep -q '"doc":"-","error":"document too large","detail":"more than --max-doc-bytes 1048576"' "$tmp/stdin.jsonl" &&
    ok "standard input over --max-doc-bytes is an error record" || not_ok "large stdin" "$(cat "$tmp/stdin.jsonl")"
{
    echo '{"id":"a","text":"婴儿死亡率控制在6‰以下。"}'
    head -c 5000 /dev/zero | tr '\0' 'x' | jq -Rsc '{id:"long",text:.}'
    echo '{"id":"b","text":"婴儿死亡率控制在6‰以下。"}'
} | "$zhx" extract --jsonl-in --max-doc-bytes 4K >"$tmp/long.jsonl"
[ $? -eq 1 ] && grep -q '"doc":"-:2","error":"document too large"' "$tmp/long.jsonl" &&
    [ "$(grep -c '"type":"doc"' "$tmp/long.jsonl")" -eq 2 ] &&
    ok "a JSONL line over --max-doc-bytes is an error record named -:2, the lines around it read" ||
    not_ok "long JSONL line" "$(grep -v target "$tmp/long.jsonl" | cut -c1-150)"
"$zhx" extract --max-doc-bytes 0 "$tmp/ok.txt" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'max-doc-bytes takes a size' "$tmp/err" && ok "--max-doc-bytes 0 is a usage error" ||
    not_ok "--max-doc-bytes 0"
"$zhx" extract -j 0 "$tmp/ok.txt" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q -- '-j takes a number' "$tmp/err" && ok "-j 0 is a usage error" || not_ok "-j 0"

# the progress line: with --progress, on stderr, redrawn in place and cleared at the end; the
# records on stdout unchanged; never on a pipe or a file without --progress
"$zhx" extract --progress --jsonl-in "$tmp/big.jsonl" >"$tmp/prog.out" 2>"$tmp/prog.err"
same "$tmp/big1.jsonl" "$tmp/prog.out" "--progress leaves standard output unchanged"
tr '\r' '\n' <"$tmp/prog.err" | grep -Eq '^.\[Kzhx: [0-9]+ docs, [0-9.]+ MB, [0-9.]+ MB/s, ETA [0-9]+:[0-9]{2}:[0-9]{2}, 0 errors$' &&
    [ "$(tail -c 4 "$tmp/prog.err" | od -An -c | tr -d ' ')" = '\r033[K' ] &&
    ok "--progress: docs, MB, MB/s, ETA for a file of known size, errors; cleared at the end" ||
    not_ok "progress line" "$(tr '\r' '\n' <"$tmp/prog.err" | tail -n 3)"
"$zhx" extract --jsonl-in "$tmp/small.jsonl" >/dev/null 2>"$tmp/noprog.err"
[ ! -s "$tmp/noprog.err" ] && ok "no progress line when standard error is not a terminal" ||
    not_ok "progress on a file" "$(head -c 200 "$tmp/noprog.err")"
# on a terminal (script(1) gives zhx one), shown when stdout is not the terminal
if command -v script >/dev/null 2>&1; then
    script -qec "'$zhx' extract --jsonl-in '$tmp/big.jsonl' >/dev/null" /dev/null >"$tmp/tty.out" 2>&1
    script -qec "'$zhx' extract --no-progress --jsonl-in '$tmp/big.jsonl' >/dev/null" /dev/null >"$tmp/tty-off.out" 2>&1
    grep -q 'docs,.*MB/s' "$tmp/tty.out" && ! grep -q 'docs,' "$tmp/tty-off.out" &&
        ok "on a terminal the progress line is on by default, --no-progress turns it off" ||
        not_ok "progress on a terminal" "$(tr '\r' '\n' <"$tmp/tty.out" | tail -n 2)"
else
    skip "script(1) is not installed"
fi

no_sanitizer_reports
