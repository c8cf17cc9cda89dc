#!/bin/sh
# Hostile inputs (tests/hostile/): each must finish within its time limit (zhx is killed and the
# test fails if it does not: the suite never hangs), exit 0 or 1, yield exactly one doc or error
# record per document, and keep what its NAME.expect says. Prints TAP; each line gives the
# time (and peak memory) of the extract run.
#
# For each tests/hostile/NAME.expect:
#   NAME.EXT             the input when it is small; a big one is made at test time by
#                        tests/hostile/make.sh NAME and never committed
#   NAME.args            extra options for zhx (optional)
#   NAME.expected.jsonl  what `zhx extract` prints, NAME.expected.txt what `zhx normalize`
#                        prints, for a committed input (rewritten by --update: review the diff)
#   NAME.expect          one jq condition a line over $e, the records `zhx extract` printed, and
#                        $t, the normalized text (null for an input over 1 MB), with the
#                        definitions of tests/hostile/common.jq; and settings: `timeout N`
#                        seconds (default 60), `maxrss MB`, `input FILE` (another test's input),
#                        `absent PATH` (a path the run must not create), `archive` (the input
#                        holds several documents: the conditions count the records). Lines
#                        starting with # are comments.
# target.expect is run once for every target rule, on the input make.sh builds from its
# examples (tests/hostile/patho-target.sh).
# Usage: tests/hostile.t.sh BUILD [--update]
set -u
zhx=$1/zhx
update=${2:-}
dir=tests/hostile
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

ms() { date +%s%3N; }
# peak memory, through GNU time (tools/configure.sh installs it)
measure=""
[ -x /usr/bin/time ] && measure="/usr/bin/time -f %M -o $tmp/rss"
setting() { sed -n "s/^$1 //p" "$2" | head -n 1; }

# run_case NAME EXPECT: one test
run_case() {
    name=$1
    expect=$2
    n=$((n + 1))
    limit=$(setting timeout "$expect")
    limit=${limit:-60}
    maxrss=$(setting maxrss "$expect")
    from=$(setting input "$expect")
    input=$(ls "$dir/${from:-$name.}"* 2>/dev/null | grep -v '\.\(expect\|expected\.[a-z]*\|args\)$' | head -n 1)
    if [ -z "$input" ]; then
        input=$tmp/$name
        case $name in zip-*) input=$input.zip ;; tar-*) input=$input.tar ;; *) input=$input.txt ;; esac
        if ! sh "$dir/make.sh" "$name" "$input" 2>"$tmp/make.err"; then
            echo "not ok $n - $name: cannot make the input"
            sed 's/^/# /' "$tmp/make.err"
            return
        fi
    fi
    args=$(cat "$dir/$name.args" 2>/dev/null)
    for path in $(setting absent "$expect"); do rm -f "$path"; done
    why=""
    start=$(ms)
    # shellcheck disable=SC2086
    echo 0 >"$tmp/rss"
    $measure timeout -s KILL "$limit" "$zhx" extract $args "$input" >"$tmp/e.jsonl" 2>"$tmp/e.err"
    rc=$?
    took=$(($(ms) - start))
    rss=$(($(tail -n 1 "$tmp/rss" | tr -cd 0-9) / 1024))
    case $rc in
    0 | 1) ;;
    137) why="$why; extract killed after ${limit} s (hung?)" ;;
    *) why="$why; extract exited $rc: $(head -c 300 "$tmp/e.err")" ;;
    esac
    [ -n "$maxrss" ] && [ "$rss" -gt "$maxrss" ] && why="$why; extract took $rss MB, more than $maxrss"
    # shellcheck disable=SC2086
    timeout -s KILL "$limit" "$zhx" normalize $args "$input" >"$tmp/t.txt" 2>"$tmp/t.err"
    rc=$?
    case $rc in
    0 | 1) ;;
    137) why="$why; normalize killed after ${limit} s (hung?)" ;;
    *) why="$why; normalize exited $rc: $(head -c 300 "$tmp/t.err")" ;;
    esac
    if ! grep -qx archive "$expect"; then
        records=$(grep -c '^{"type":"\(doc\|error\)"' "$tmp/e.jsonl")
        [ "$records" -eq 1 ] || why="$why; $records doc and error records, not 1"
    fi
    iconv -f UTF-8 -t UTF-8 "$tmp/t.txt" >/dev/null 2>&1 || why="$why; normalized text is not UTF-8"
    [ "$(tr -d '\000\r' <"$tmp/t.txt" | wc -c)" -eq "$(wc -c <"$tmp/t.txt")" ] ||
        why="$why; normalized text holds NUL or CR"
    base=$dir/$name
    for kind in jsonl txt; do
        out=$tmp/e.jsonl
        [ $kind = txt ] && out=$tmp/t.txt
        if [ -n "$update" ] && [ "$input" = "$(ls "$base".* | grep -v '\.\(expect\|expected\.[a-z]*\|args\)$' | head -n 1)" ]; then
            cp "$out" "$base.expected.$kind"
        elif [ -f "$base.expected.$kind" ] && ! cmp -s "$base.expected.$kind" "$out"; then
            why="$why; output differs from $base.expected.$kind: $(diff "$base.expected.$kind" "$out" | head -c 400)"
        fi
    done
    text=$tmp/t.txt
    [ "$(wc -c <"$text")" -gt 1048576 ] && text=/dev/null
    grep -v '^#' "$expect" | grep -v '^\(timeout\|maxrss\|input\|absent\) ' | grep -vx archive |
        grep . >"$tmp/conds"
    while IFS= read -r cond; do
        jq -n -e -L "$dir" --slurpfile e "$tmp/e.jsonl" --rawfile t "$text" \
            "include \"common\"; (if \$t == \"\" and \"$text\" == \"/dev/null\" then null else \$t end) as \$t | $cond" \
            >/dev/null 2>"$tmp/jq.err" || why="$why; does not hold: $cond $(head -c 200 "$tmp/jq.err")"
    done <"$tmp/conds"
    for path in $(setting absent "$expect"); do
        [ -e "$path" ] && why="$why; $path was written" && rm -f "$path"
    done
    rm -f "$tmp/$name".* "$tmp/e.jsonl" "$tmp/t.txt" # the big ones take hundreds of MB
    summary="$name: extract $((took / 1000)).$(printf %03d $((took % 1000))) s, $rss MB"
    if [ -z "$why" ]; then
        echo "ok $n - $summary"
    else
        echo "not ok $n - $summary"
        echo "$why" | tr ';' '\n' | grep . | sed 's/^ */# /'
        grep -m 1 '^{"type":"\(doc\|error\)"' "$tmp/e.jsonl" | head -c 600 | sed 's/^/# /'
    fi
}

rules=$("$zhx" rules list | awk '$1 ~ /^target\./ { print $1 }')
cases=$(ls "$dir"/*.expect | grep -v '/target\.expect$')
echo "1..$(($(echo "$cases" | wc -l) + $(echo "$rules" | grep -c .) + 1))"
for expect in $cases; do
    name=$(basename "$expect" .expect)
    run_case "$name" "$expect"
done
for rule in $rules; do
    run_case "target-${rule#target.}" "$dir/target.expect"
done

# A rule file whose examples run away: `zhx rules test` reports each by rule name, in time.
n=$((n + 1))
timeout -s KILL 60 "$zhx" rules test --no-builtin-rules "$dir/rules" >"$tmp/rt" 2>&1
rc=$?
if [ "$rc" -eq 1 ] && grep -q "rule 'target.catastrophic'.*match limit exceeded" "$tmp/rt" &&
    grep -q "rule 'boilerplate.catastrophic'.*match limit exceeded" "$tmp/rt"; then
    echo "ok $n - zhx rules test reports runaway examples by rule, exit 1"
else
    echo "not ok $n - zhx rules test on runaway examples: exit $rc"
    sed 's/^/# /' "$tmp/rt" | head -10
fi
