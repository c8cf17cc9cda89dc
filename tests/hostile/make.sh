#!/bin/sh
# Makes the hostile input NAME at PATH. The small ones are committed beside this script (this
# is how they were made); the big ones are made at test time by tests/hostile.t.sh, never
# committed. Every input is the same bytes each time it is made.
# Usage: tests/hostile/make.sh NAME PATH
set -eu
name=$1
out=$2

# repeat TEXT BYTES: TEXT over and over on one line, cut to a whole number of TEXTs
repeat() {
    n=$(printf %s "$1" | wc -c)
    yes "$1" | tr -d '\n' | head -c $(($2 / n * n))
}

# A sentence with a target figure, run on its own in the tests: the document's other records
# must still come out whatever the hostile part does.
good='婴儿死亡率控制在6‰以下。'

# text LINE_BYTES...: a title, then a line of Chinese prose around each given byte sequence
# (octal escapes), enough well-formed text that the damage does not make it look like another
# charset
text() {
    printf '关于全面推进健康乡村建设的实施方案\n'
    for bad in "$@"; do
        printf '全面推进健康乡村建设，提升基层医疗卫生服务能力'
        printf "$bad"
        printf '，加快补齐农村医疗卫生短板。\n'
    done
}

case $name in
invalid-utf8) # stray continuation bytes, bytes that never occur, truncated sequences, leads
    # of 5- and 6-byte forms, code points past U+10FFFF; the last sequence is cut by the end
    { text '\200' '\277' '\200\277\200' '\300' '\301' '\365' '\370' '\374' '\376' '\377' \
          '\303' '\344' '\344\270' '\360\237' '\360\237\230' '\344\270\344\270' \
          '\364\220\200\200' '\367\277\277\277' '\370\210\200\200\200' \
          '\374\204\200\200\200\200'
      printf '%s\344\270' "$good"; } >"$out" ;;
overlong-utf8) # overlong forms of NUL, '/', '.' and of characters that have a short form
    text '\300\200' '\340\200\200' '\360\200\200\200' '\300\257' '\340\200\257' \
        '\360\200\200\257' '\301\277' '\340\237\277' '\360\217\277\277' '\300\256\300\256\300\257' \
        '\340\201\201' >"$out"
    printf '%s\n' "$good" >>"$out" ;;
surrogates-utf8) # UTF-16 surrogates encoded as UTF-8: lone high, lone low, a pair (CESU-8)
    text '\355\240\200' '\355\257\277' '\355\260\200' '\355\277\277' \
        '\355\240\275\355\262\251' >"$out"
    printf '%s\n' "$good" >>"$out" ;;
surrogates-utf16le) # lone surrogates in UTF-16LE with a byte-order mark: a high one before a
    # letter, a low one alone, a low one before a high one, and a high one cut by the end
    { printf '\377\376'
      printf '%s\n' "$good" | iconv -f UTF-8 -t UTF-16LE
      printf 'A\000\075\330B\000\000\334C\000\000\334\075\330D\000'
      printf '\n健康' | iconv -f UTF-8 -t UTF-16LE
      printf '\075\330'; } >"$out" ;;
surrogates-utf16be)
    { printf '\376\377'
      printf '%s\n' "$good" | iconv -f UTF-8 -t UTF-16BE
      printf '\000A\330\075\000B\334\000\000C\334\000\330\075\000D'
      printf '\n健康' | iconv -f UTF-8 -t UTF-16BE
      printf '\330\075'; } >"$out" ;;
nul-bytes) # NUL bytes here and there in a text: not enough to call it binary
    { text '\000' '\000\000' 'a\000b'; printf '%s\000\n' "$good"; } >"$out" ;;
mostly-nul) # a file that is mostly NUL bytes: binary, not text
    { printf '%s' "$good"; head -c 4096 /dev/zero; } >"$out" ;;
long-line-200mb) # one line of 200 MB: prose, with a target sentence at each end
    { printf '%s' "$good"; repeat '坚持以人民健康为中心，推进卫生健康事业高质量发展，' 209715000
      printf '%s\n' "$good"; } >"$out" ;;
ten-million-1dun) # 10 million lines `1、`: list markers, page markers, outline headings
    { printf '%s\n' "$good"; yes '1、' | head -n 10000000; } >"$out" ;;
ten-million-1dun-one-line)
    { printf '%s\n' "$good"; repeat '1、' 40000000; printf '\n'; } >"$out" ;;
repeated-pinyin) # a million pinyin annotations, one after the other
    { printf '%s\n' "$good"; repeat '衛(wèi)' 11000000; printf '\n'; } >"$out" ;;
nested-pinyin) # an annotation inside 100000 parentheses, and as many unclosed ones
    { printf '%s\n' "$good"; repeat '(' 100000; printf '衛(wèi)'; repeat ')' 100000
      printf '\n'; repeat '衛(' 300000; printf '\n'; } >"$out" ;;
million-entities) # a million HTML entities, named, numeric, broken and unknown
    { printf '%s\n' "$good"; repeat '&permil;&#8240;&#x2030;&permil&amp;lt;&nosuch;&#99999999;”;' 60000000
      printf '\n'; } >"$out" ;;
zip-bomb) # a zip whose member inflates to 1 GiB of zeros (about 1 MB compressed), beside a good one
    d=$(mktemp -d)
    truncate -s 1G "$d/zeros.txt"
    printf '%s\n' "$good" >"$d/good.txt"
    (cd "$d" && zip -q -9 archive.zip zeros.txt good.txt)
    mv "$d/archive.zip" "$out" && rm -rf "$d" ;;
tar-dotdot) # a tar whose member climbs out of any folder it might be written to
    d=$(mktemp -d)
    mkdir "$d/in"
    printf '%s\n' "$good" >"$d/zhx-hostile-dotdot.txt"
    printf '%s\n' "$good" >"$d/in/good.txt"
    (cd "$d/in" && tar -cPf ../archive.tar ../zhx-hostile-dotdot.txt good.txt)
    mv "$d/archive.tar" "$out" && rm -rf "$d" ;;
tar-absolute) # a tar whose member has an absolute path
    f=/tmp/zhx-hostile-absolute.txt
    printf '%s\n' "$good" >"$f"
    tar -cPf "$out" "$f" && rm -f "$f" ;;
target-*) # a pathological input for target rule target.*: see patho_target
    rule=${name#target-}
    sh "$(dirname "$0")/patho-target.sh" "target.$rule" "$good" >"$out" ;;
*)
    echo "make.sh: no recipe for $name" >&2
    exit 2 ;;
esac
