#!/bin/sh
# Builds the benchmark corpus under build/bench from the documents of corpus/ (the seeds and
# our own), repeated and varied; reruns reuse it while corpus/ and this script are unchanged.
#
#   simplified/   every document in Simplified script (opencc -c t2s), repeated to ~48 MB
#   traditional/  the same in Traditional script, half via opencc -c s2t, half s2tw, ~24 MB
#   mixed/        the documents as they were collected (mostly Simplified, some Traditional)
#   NAME.txt      each corpus's documents concatenated: the same bytes, for opencc
#   archive.tar.gz  1 GiB of the mixed text in exactly 10 000 members of ~100 KiB, for the
#                 batch path
#
# A copy k of a document has its digits rotated by k (so its numbers differ) and a first line
# naming the copy. Usage: bench/corpus.sh OUT_DIR
set -eu
export LC_ALL=C
out=${1:?usage: corpus.sh OUT_DIR}
SIMPLIFIED_MB=${BENCH_SIMPLIFIED_MB:-48}
TRADITIONAL_MB=${BENCH_TRADITIONAL_MB:-24}
MIXED_MB=${BENCH_MIXED_MB:-48}
ARCHIVE_MEMBERS=10000
ARCHIVE_MB=${BENCH_ARCHIVE_MB:-1024}

# the documents: every corpus file that is UTF-8 text without NUL bytes (opencc reads nothing
# else: it stops at the first NUL, silently, and would be timed on a fraction of the bytes)
sources=$(find corpus -type f ! -name '*.expected.*' ! -name '*.args' ! -name '*.md' | sort |
    while read -r f; do
        iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 && [ -s "$f" ] &&
            [ "$(tr -d '\000' <"$f" | wc -c)" -eq "$(wc -c <"$f")" ] && echo "$f"
    done)
key=$( (cat "$0" && echo "$SIMPLIFIED_MB $TRADITIONAL_MB $MIXED_MB $ARCHIVE_MB" && for f in $sources; do
    echo "$f" && cat "$f"; done) | cksum | cut -d' ' -f1)
if [ -f "$out/key" ] && [ "$(cat "$out/key")" = "$key" ]; then
    exit 0
fi
echo "bench: building the corpus in $out (once; reused while corpus/ is unchanged)" >&2
rm -rf "$out"
mkdir -p "$out/base/simplified" "$out/base/traditional" "$out/base/mixed"

i=0
for f in $sources; do
    i=$((i + 1))
    name=$(printf '%03d' $i)
    cp "$f" "$out/base/mixed/$name.txt"
    opencc -c t2s -i "$f" -o "$out/base/simplified/$name.txt"
    # opencc stops quietly at bad input: every corpus, all made of these, must be read whole
    if [ "$(wc -c <"$out/base/simplified/$name.txt")" -lt $(($(wc -c <"$f") * 9 / 10)) ]; then
        echo "bench: opencc stopped early in $f: it cannot be timed on it" >&2
        exit 1
    fi
    if [ $((i % 2)) -eq 0 ]; then config=s2t; else config=s2tw; fi
    opencc -c $config -i "$out/base/simplified/$name.txt" -o "$out/base/traditional/$name.txt"
done

# rotate K: digits shifted by K, so copy K of a document carries other numbers
rotate() {
    case $1 in
    0) cat ;;
    1) tr '0-9' '1-90' ;;
    2) tr '0-9' '2-901' ;;
    3) tr '0-9' '3-90-2' ;;
    4) tr '0-9' '4-90-3' ;;
    5) tr '0-9' '5-90-4' ;;
    6) tr '0-9' '6-90-5' ;;
    7) tr '0-9' '7-90-6' ;;
    8) tr '0-9' '89012-7' ;;
    9) tr '0-9' '90-8' ;;
    esac
}

# expand NAME MB: copies of base/NAME (ten digit rotations) until the folder holds MB MiB,
# 1000 documents a subfolder; then NAME.txt, the same bytes in one file
expand() {
    name=$1
    want=$(($2 * 1048576))
    mkdir -p "$out/$name.rot"
    for r in 0 1 2 3 4 5 6 7 8 9; do
        for f in "$out/base/$name"/*.txt; do
            rotate $r <"$f" >"$out/$name.rot/$r-$(basename "$f")"
        done
    done
    have=0
    k=0
    n=0
    while [ $have -lt $want ]; do
        for f in "$out/base/$name"/*.txt; do
            dir=$out/$name/$(printf '%03d' $((n / 1000)))
            [ $((n % 1000)) -eq 0 ] && mkdir -p "$dir"
            doc=$dir/$(printf '%06d' $n).txt
            {
                printf '（第%d份）\n' $k
                cat "$out/$name.rot/$((k % 10))-$(basename "$f")"
            } >"$doc"
            have=$((have + $(wc -c <"$doc")))
            n=$((n + 1))
        done
        k=$((k + 1))
    done
    find "$out/$name" -type f | sort | xargs cat >"$out/$name.txt"
    echo $n >"$out/$name.docs"
    rm -rf "$out/$name.rot"
}
expand simplified "$SIMPLIFIED_MB"
expand traditional "$TRADITIONAL_MB"
expand mixed "$MIXED_MB"

# the archive: the mixed text, rotated ten ways, cut to 1 GiB at a line end, then at line ends
# into exactly 10 000 members
rm -rf "$out/stage"
mkdir -p "$out/stage/members"
reps=$(((ARCHIVE_MB * 1048576 + $(wc -c <"$out/mixed.txt") - 1) / $(wc -c <"$out/mixed.txt")))
for r in $(seq 0 $((reps - 1))); do rotate $((r % 10)) <"$out/mixed.txt"; done |
    head -c $((ARCHIVE_MB * 1048576)) | sed '$d' >"$out/stage/all.txt"
(cd "$out/stage/members" && split -n l/$ARCHIVE_MEMBERS -d -a 5 --additional-suffix=.txt ../all.txt doc-)
rm "$out/stage/all.txt"
tar -C "$out/stage" -czf "$out/archive.tar.gz" members
echo $ARCHIVE_MEMBERS >"$out/archive.docs"
du -sb "$out/stage/members" | cut -f1 >"$out/archive.bytes"
rm -rf "$out/stage" "$out/base"
echo "$key" >"$out/key"
