#!/bin/sh
# make bench: builds (or reuses) the benchmark corpus, then times zhx and `opencc -c t2s` on
# the same bytes and prints one Markdown table with every goal of the issues beside its
# measurement. Each row is the fastest of BENCH_RUNS runs (default 3), with the CPU time it
# used and the share of the machine other processes took meanwhile; peak RSS is the largest
# of the runs, from GNU time. MB = 2^20 bytes.
# Usage: bench/run.sh [BUILD]   (BENCH_RUNS=N runs a row, BENCH_RETRIES=N more if disturbed)
set -eu
export LC_ALL=C
build=${1:-build}
zhx=$build/zhx
dir=$build/bench
runs=${BENCH_RUNS:-3}
retries=${BENCH_RETRIES:-4}
cores=$(nproc)
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed for peak RSS" >&2; exit 1; }
sh "$(dirname "$0")/corpus.sh" "$dir"

now() { date +%s.%N; }
# busy CPU seconds of the whole machine so far (user, nice, system, irq, softirq, steal)
busy() { awk '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / 100; exit }' /proc/stat; }

# measure NAME CORES COMMAND...: runs the command (which keeps CORES cores busy) $runs times with its output thrown away, and up
# to $retries times more while its fastest run was disturbed by other work on the machine;
# leaves "seconds cpu_seconds others_share peak_rss_kb" in $dir/NAME.result: the fastest run,
# the CPU time zhx or opencc used in it, the share of the machine's cores other processes
# used meanwhile, and the largest peak RSS of all the runs.
measure() {
    name=$1
    wants=$2
    shift 2
    echo "$wants" >"$dir/$name.wants"
    : >"$dir/$name.runs"
    i=0
    while [ $i -lt "$runs" ] || { [ $i -lt $((runs + retries)) ] && disturbed "$name"; }; do
        busy0=$(busy)
        start=$(now)
        status=0
        /usr/bin/time -f '%U %S %M' -o "$dir/$name.time" "$@" >/dev/null 2>"$dir/$name.err" || status=$?
        end=$(now)
        busy1=$(busy)
        if [ $status -gt 1 ]; then
            echo "bench: $* failed (exit $status):" >&2
            tail -n 5 "$dir/$name.err" >&2
            exit 1
        fi
        echo "$start $end $busy0 $busy1 $(tail -n 1 "$dir/$name.time")" | awk -v cores="$cores" '{
            wall = $2 - $1; cpu = $5 + $6; others = ($4 - $3 - cpu) / (wall * cores)
            printf "%.3f %.2f %.2f %d\n", wall, cpu, others < 0 ? 0 : others, $7 }' >>"$dir/$name.runs"
        sort -n "$dir/$name.runs" | awk '
            NR == 1 { best = $1 " " $2 " " $3 }
            { if ($4 > rss) rss = $4 }
            END { printf "%s %d\n", best, rss }' >"$dir/$name.result"
        i=$((i + 1))
    done
}

# disturbed NAME: whether, during the fastest run of NAME so far, other processes took more
# than 10% of the cores that NAME needed (a single-threaded run on 2 cores is not slowed by
# another process that keeps one core busy)
disturbed() { awk -v free="$(spare "$1")" '{ exit !($3 > free + 0.10) }' "$dir/$1.result"; }
spare() { awk -v c="$cores" -v w="$(cat "$dir/$1.wants")" 'BEGIN { print (c - (w < c ? w : c)) / c }'; }

seconds() { cut -d' ' -f1 "$dir/$1.result"; }
rss_mb() { awk '{ printf "%.0f", $4 / 1024 }' "$dir/$1.result"; }
cpu_of() { cut -d' ' -f2 "$dir/$1.result"; }
others_of() { cut -d' ' -f3 "$dir/$1.result"; }
size_of() { wc -c <"$dir/$1.txt"; }

echo "bench: $runs runs of each command (BENCH_RUNS to change)" >&2
for corpus in simplified traditional mixed; do
    echo "bench: opencc -c t2s on $corpus" >&2
    measure "opencc-$corpus" 1 opencc -c t2s -i "$dir/$corpus.txt" -o /dev/null
done
for corpus in simplified traditional; do
    echo "bench: zhx normalize -j 1 on $corpus" >&2
    measure "normalize-$corpus" 1 "$zhx" normalize -j 1 "$dir/$corpus"
done
for corpus in simplified traditional mixed; do
    echo "bench: zhx extract -j 1 on $corpus" >&2
    measure "extract-$corpus-j1" 1 "$zhx" extract -j 1 "$dir/$corpus"
done
echo "bench: zhx extract -j 2 on mixed" >&2
measure "extract-mixed-j2" 2 "$zhx" extract -j 2 "$dir/mixed"
for j in 1 2; do
    echo "bench: zhx extract -j $j on the 1 GiB archive" >&2
    measure "extract-archive-j$j" $j "$zhx" extract -j $j "$dir/archive.tar.gz"
done

# row LABEL CORPUS RESULT OPENCC_RESULT GOAL: one line of the table. GOAL is "x N" (at least
# N times opencc), "j2 N" (at least N times the -j 1 row before it), or "-".
row() {
    label=$1 corpus=$2 result=$3 base=$4 goal=$5
    if [ "$corpus" = archive ]; then bytes=$(cat "$dir/archive.bytes"); else bytes=$(size_of "$corpus"); fi
    docs=$(cat "$dir/$corpus.docs")
    s=$(seconds "$result")
    base_s=""
    [ "$base" = "-" ] || base_s=$(seconds "$base")
    prev_s=""
    [ -z "${previous:-}" ] || prev_s=$(seconds "$previous")
    awk -v label="$label" -v corpus="$corpus" -v bytes="$bytes" -v docs="$docs" -v s="$s" \
        -v base="$base_s" -v prev="$prev_s" -v rss="$(rss_mb "$result")" -v goal="$goal" \
        -v cpu="$(cpu_of "$result")" -v others="$(others_of "$result")" '
    BEGIN {
        mb = bytes / 1048576
        ratio = base == "" ? "" : sprintf("%.1fx", base / s)
        split(goal, g, " ")
        verdict = "-"
        if (g[1] == "x")  verdict = sprintf(">= %sx opencc: %s", g[2], base / s >= g[2] ? "met" : "NOT MET")
        if (g[1] == "j2") verdict = sprintf(">= %sx -j 1 (%.2fx): %s", g[2], prev / s, prev / s >= g[2] ? "met" : "NOT MET")
        if (g[3] == "rss") verdict = (verdict == "-" ? "" : verdict "; ") \
            sprintf("RSS < %s MB: %s", g[4], rss < g[4] + 0 ? "met" : "NOT MET")
        printf "| %s | %s | %.1f | %d | %.2f | %.2f | %.0f%% | %.1f | %.0f | %s | %d | %s |\n",
            label, corpus, mb, docs, s, cpu, others * 100, mb / s, docs / s, ratio, rss, verdict
    }'
    previous=$result
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
opencc_version=$(dpkg-query -W -f '${Version}' opencc 2>/dev/null || echo "?")
archive_mb=$(awk -v b="$(wc -c <"$dir/archive.tar.gz")" 'BEGIN { printf "%.0f", b / 1048576 }')
members_mb=$(awk -v b="$(cat "$dir/archive.bytes")" 'BEGIN { printf "%.0f", b / 1048576 }')
trad_docs=$(cat "$dir/traditional.docs")
echo
echo "zhx $("$zhx" --version | cut -d' ' -f2) on $(nproc) cores ($cpu, $mem); opencc $opencc_version;"
echo "Each row: the fastest of $runs runs (of up to $((runs + retries)) while the fastest was disturbed),"
echo "in wall seconds; the CPU seconds it used; and the share of the $cores cores that other processes"
echo "took meanwhile (the machine may be shared; see the end of the table for disturbed rows). Peak RSS is"
echo "the largest of the runs. MB = 2^20 bytes. The archive holds $members_mb MB of the mixed text in"
echo "$(cat "$dir/archive.docs") members ($archive_mb MB as tar.gz); its MB/s counts the bytes of the members. Ratios:"
echo "zhx against opencc -c t2s on the same bytes (both single-threaded), and -j 2 against the"
echo "-j 1 row above it. The Traditional corpus is $trad_docs documents made with opencc s2t and s2tw."
echo
echo "| run | corpus | MB | docs | seconds | CPU s | others | MB/s | docs/s | vs opencc | peak RSS MB | goal |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
previous=""
row "opencc -c t2s" simplified opencc-simplified - -
row "opencc -c t2s" traditional opencc-traditional - -
row "opencc -c t2s" mixed opencc-mixed - -
row "zhx normalize -j 1" simplified normalize-simplified opencc-simplified "x 20"
row "zhx normalize -j 1" traditional normalize-traditional opencc-traditional "x 1.0"
row "zhx extract -j 1" simplified extract-simplified-j1 opencc-simplified "x 20"
row "zhx extract -j 1" traditional extract-traditional-j1 opencc-traditional -
row "zhx extract -j 1" mixed extract-mixed-j1 opencc-mixed "x 5"
row "zhx extract -j 2" mixed extract-mixed-j2 opencc-mixed "j2 1.8"
row "zhx extract -j 1" archive extract-archive-j1 - "- - rss 200"
row "zhx extract -j 2" archive extract-archive-j2 - "j2 1.8 rss 200"
# The extract stages alone, over normalized Simplified text (issue 6: at least 150 MB/s), in
# one process (bench/stages.c): every 40th document of the Simplified corpus, 100 MB of them.
sample=$(find "$dir/simplified" -type f | sort | awk 'NR % 40 == 1')
# shellcheck disable=SC2086
stages=$("$build/bench-stages" -m 100 $sample 2>&1 | sed -n 's/^ *extract  *\([0-9.]*\) MB\/s.*/\1/p')
bad=$(for f in "$dir"/*.result; do
    name=$(basename "$f" .result)
    if disturbed "$name"; then awk -v n="$name" '{ printf "%s (%.0f%%) ", n, $3 * 100 }' "$f"; fi
done)
echo
awk -v s="${stages:-0}" 'BEGIN { printf "Extract stages alone (outline, targets, tasks, records) over normalized Simplified text, one thread, in one process (make bench-stages): %.1f MB/s; goal >= 150 MB/s: %s\n", s, (s >= 150 ? "met" : "NOT MET") }'
echo
if [ -n "$bad" ]; then
    echo "Disturbed: during the fastest run of these rows other processes took more than 10% of the"
    echo "cores the row needed: $bad"
    echo "Their times are too slow, and ratios against them unreliable; rerun when the machine is quiet."
else
    echo "No row was disturbed: in every row other processes left the cores it needed (within 10%)."
fi
