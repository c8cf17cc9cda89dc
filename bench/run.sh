#!/bin/sh
# make bench: builds (or reuses) the benchmark corpus, then times zhx and `opencc -c t2s` on
# the same bytes and prints one Markdown table with every goal of the issues beside its
# measurement. Each row is the fastest of BENCH_RUNS runs (default 3), with the CPU time it
# used and the share of the machine other processes took meanwhile; peak RSS is the largest
# of the runs, from GNU time. MB = 2^20 bytes.
# Usage: bench/run.sh [BUILD]   (BENCH_RUNS=N to change the number of runs)
set -eu
export LC_ALL=C
build=${1:-build}
zhx=$build/zhx
dir=$build/bench
runs=${BENCH_RUNS:-3}
cores=$(nproc)
[ -x /usr/bin/time ] || { echo "bench: GNU time (/usr/bin/time) is needed for peak RSS" >&2; exit 1; }
sh "$(dirname "$0")/corpus.sh" "$dir"

now() { date +%s.%N; }
# busy CPU seconds of the whole machine so far (user, nice, system, irq, softirq, steal)
busy() { awk '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / 100; exit }' /proc/stat; }

# measure NAME COMMAND...: runs the command $runs times with its output thrown away; leaves
# "seconds cpu_seconds others_share peak_rss_kb" in $dir/NAME.result: the fastest run (the
# one least disturbed by other work on the machine), the CPU time zhx or opencc used in it,
# the share of the machine's cores other processes used meanwhile, and the largest peak RSS
# of all the runs.
measure() {
    name=$1
    shift
    : >"$dir/$name.runs"
    i=0
    while [ $i -lt "$runs" ]; do
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
        i=$((i + 1))
    done
    sort -n "$dir/$name.runs" | awk '
        NR == 1 { best = $1 " " $2 " " $3 }
        { if ($4 > rss) rss = $4 }
        END { printf "%s %d\n", best, rss }' >"$dir/$name.result"
}

seconds() { cut -d' ' -f1 "$dir/$1.result"; }
rss_mb() { awk '{ printf "%.0f", $4 / 1024 }' "$dir/$1.result"; }
cpu_of() { cut -d' ' -f2 "$dir/$1.result"; }
others_of() { cut -d' ' -f3 "$dir/$1.result"; }
size_of() { wc -c <"$dir/$1.txt"; }

echo "bench: $runs runs of each command (BENCH_RUNS to change)" >&2
for corpus in simplified traditional mixed; do
    echo "bench: opencc -c t2s on $corpus" >&2
    measure "opencc-$corpus" opencc -c t2s -i "$dir/$corpus.txt" -o /dev/null
done
for corpus in simplified traditional; do
    echo "bench: zhx normalize -j 1 on $corpus" >&2
    measure "normalize-$corpus" "$zhx" normalize -j 1 "$dir/$corpus"
done
for corpus in simplified traditional mixed; do
    echo "bench: zhx extract -j 1 on $corpus" >&2
    measure "extract-$corpus-j1" "$zhx" extract -j 1 "$dir/$corpus"
done
echo "bench: zhx extract -j 2 on mixed" >&2
measure "extract-mixed-j2" "$zhx" extract -j 2 "$dir/mixed"
for j in 1 2; do
    echo "bench: zhx extract -j $j on the 1 GiB archive" >&2
    measure "extract-archive-j$j" "$zhx" extract -j $j "$dir/archive.tar.gz"
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
echo "each row: the fastest of $runs runs (wall seconds), the CPU seconds it used, and the share of"
echo "the $cores cores that other processes took meanwhile (the machine may be shared: a large"
echo "share means a disturbed row); peak RSS is the largest of the runs. MB = 2^20 bytes. The archive is"
echo "$members_mb MB of the mixed text in $(cat "$dir/archive.docs") members ($archive_mb MB as tar.gz); its MB/s counts"
echo "the bytes of the members. Ratios: zhx against opencc -c t2s on the same bytes (single-threaded"
echo "both), and -j 2 against the -j 1 row above it. Traditional: $trad_docs documents via s2t/s2tw."
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
disturbed=$(for f in "$dir"/*.result; do
    awk -v n="$(basename "$f" .result)" '$3 > 0.10 { printf "%s (%.0f%%) ", n, $3 * 100 }' "$f"
done)
echo
if [ -n "$disturbed" ]; then
    echo "Disturbed: other processes took more than 10% of the machine during the fastest run of:"
    echo "$disturbed"
    echo "Their times are too slow, and ratios against them unreliable; rerun when the machine is quiet."
else
    echo "No row was disturbed: other processes took at most 10% of the machine in every row."
fi
