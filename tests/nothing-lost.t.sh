#!/bin/sh
# Nothing lost: one batch mixes good documents with empty, binary, corrupt, huge, missing and
# unreadable inputs, a folder and standard input. Every input must come out as exactly one doc
# or error record, in input order, and every input's records must be exactly those it gets
# when run alone: what goes wrong with one document never costs another its records. With -j
# the batch must come out the same as with one thread. Prints TAP.
# Usage: tests/nothing-lost.t.sh BUILD
. "$(dirname "$0")/tap.sh"
max=1048576 # --max-doc-bytes for the batch: the huge inputs are just past it

# the inputs, in the order given on the command line
b=$tmp/batch
mkdir -p "$b/folder/sub"
inputs=""
add() { inputs="$inputs $1"; }
docs=$(find corpus -type f -name '*.txt' ! -name '*.expected.*' | sort)
seed() { find corpus/seeds -name "$1*.txt" ! -name '*.expected.*' | head -n 1; }
i=0
for f in $docs; do
    i=$((i + 1))
    cp "$f" "$b/good-$i.txt"
    add "$b/good-$i.txt"
done
: >"$b/empty.txt" && add "$b/empty.txt"
printf '\n\n  \n' >"$b/blank.txt" && add "$b/blank.txt"
cp "$zhx" "$b/binary-elf" && add "$b/binary-elf"
perl -e 'srand(42); print map { chr(int(rand(256))) } 1 .. 65536' >"$b/random.bin" && add "$b/random.bin"
gzip -c "$(seed 000)" >"$b/seed.txt.gz" && add "$b/seed.txt.gz"
head -c 1000 "$b/seed.txt.gz" >"$b/truncated.gz" && add "$b/truncated.gz"
# corrupt text: cut inside a character; a stretch overwritten with bytes that decode to nothing
head -c 3001 "$b/good-1.txt" >"$b/cut-mid-char.txt" && add "$b/cut-mid-char.txt"
{ head -c 2000 "$b/good-2.txt"; head -c 400 "$b/random.bin"; tail -c +2401 "$b/good-2.txt"; } \
    >"$b/overwritten.txt" && add "$b/overwritten.txt"
iconv -f UTF-8 -t GB18030 "$(seed 000)" | head -c 2001 >"$b/gb18030-cut.txt" &&
    add "$b/gb18030-cut.txt"
# huge: just past the limit, and as long as the limit allows
yes '坚持以人民健康为中心，推进卫生健康事业高质量发展。' | head -c $((max + 1)) >"$b/huge.txt" &&
    add "$b/huge.txt"
{ cat "$(seed 000)"; yes '坚持以人民健康为中心。' | head -c $((max - 9000)); } |
    head -c $max >"$b/largest.txt" && add "$b/largest.txt"
add "$b/missing.txt"
ln -s "$b/nowhere.txt" "$b/dangling" && add "$b/dangling"
cp "$(seed 001)" "$b/folder/a.txt"
: >"$b/folder/sub/b.txt"
cp "$b/random.bin" "$b/folder/sub/c.bin"
add "$b/folder"
add -
cp "$(seed 003)" "$b/stdin.txt"
add "$b/good-1.txt" # the same document twice: two records

# the ids the batch must yield, in order: a folder's files by name, stdin as -
for x in $inputs; do
    if [ -d "$x" ]; then find "$x" -type f | sort; else echo "$x"; fi
done >"$tmp/want-ids"

echo "1..7"
# shellcheck disable=SC2086
"$zhx" extract --max-doc-bytes $max $inputs <"$b/stdin.txt" >"$tmp/batch.jsonl" 2>"$tmp/err"
status=$?
[ "$status" -eq 1 ] && ok "exit status 1: some inputs are error records" ||
    not_ok "exit status" "got $status, want 1" "$(head -3 "$tmp/err")"

sed -n 's/^{"type":"\(doc\|error\)","doc":"\([^"]*\)".*/\2/p' "$tmp/batch.jsonl" >"$tmp/got-ids"
if cmp -s "$tmp/want-ids" "$tmp/got-ids"; then
    ok "every one of $(wc -l <"$tmp/want-ids") inputs has exactly one doc or error record, in order"
else
    not_ok "one doc or error record per input, in order" "$(diff "$tmp/want-ids" "$tmp/got-ids" | head -10)"
fi

errors=$(grep -c '^{"type":"error"' "$tmp/batch.jsonl")
grep -q "\"doc\":\"$b/huge.txt\",\"error\":\"document too large\"" "$tmp/batch.jsonl" &&
    grep -q "^{\"type\":\"doc\",\"doc\":\"$b/largest.txt\"" "$tmp/batch.jsonl" &&
    ok "a document past --max-doc-bytes is an error record, one at the limit is read ($errors error records)" ||
    not_ok "--max-doc-bytes" "$(grep -e huge.txt -e largest.txt "$tmp/batch.jsonl" | cut -c 1-200)"

# each input alone: the same records, byte for byte (the twice-given one is checked twice)
differ=""
while read -r id; do
    if [ "$id" = - ]; then
        "$zhx" extract --max-doc-bytes $max <"$b/stdin.txt" >"$tmp/alone" 2>/dev/null
    else
        "$zhx" extract --max-doc-bytes $max "$id" >"$tmp/alone" 2>/dev/null
    fi
    grep -F "\"doc\":\"$id\"," "$tmp/batch.jsonl" | sort -u >"$tmp/in-batch"
    sort -u "$tmp/alone" >"$tmp/alone-sorted"
    cmp -s "$tmp/in-batch" "$tmp/alone-sorted" || differ="$differ $id"
done <"$tmp/want-ids"
[ -z "$differ" ] && ok "every input's records in the batch are its records alone" ||
    not_ok "records differ from a run alone:$differ"

lines=$(wc -l <"$tmp/batch.jsonl")
records=$(sed -n 's/.*"targets":\([0-9]*\),"tasks":\([0-9]*\).*/\1 \2/p' "$tmp/batch.jsonl" |
    awk '{ s += $1 + $2 + 1 } END { print s }')
errors=$(grep -c '^{"type":"error"' "$tmp/batch.jsonl")
[ "$lines" -eq $((records + errors)) ] &&
    ok "the doc records' target and task counts account for every line ($lines)" ||
    not_ok "record counts" "$lines lines, doc records count $records, $errors errors"

# with worker threads: the same batch, the same output
# shellcheck disable=SC2086
"$zhx" extract -j 2 --max-doc-bytes $max $inputs <"$b/stdin.txt" >"$tmp/batch-j2.jsonl" 2>/dev/null
cmp -s "$tmp/batch.jsonl" "$tmp/batch-j2.jsonl" && ok "-j 2 gives the same output as -j 1" ||
    not_ok "-j 2 output differs" "$(diff "$tmp/batch.jsonl" "$tmp/batch-j2.jsonl" | head -5 | cut -c 1-200)"

no_sanitizer_reports
