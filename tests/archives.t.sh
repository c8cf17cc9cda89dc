#!/bin/sh
# Archives: every format gives the records of the same files read from a folder; members are
# named ARCHIVE!PATH; nested archives one level deep; corrupt, truncated and hostile archives
# give error records and the run goes on. Prints TAP.
# Usage: tests/archives.t.sh BUILD
. "$(dirname "$0")/tap.sh"

echo "1..28"

# A tree of documents: seeds in nested folders, a Chinese file name, an empty file.
src=$tmp/src
mkdir -p "$src/docs/sub/deeper" "$src/other"
i=0
for f in corpus/seeds/*.txt; do
    case $f in *.expected.txt) continue ;; esac
    i=$((i + 1))
    case $i in
    1) cp "$f" "$src/docs/a.txt" ;;
    2) cp "$f" "$src/docs/sub/b.txt" ;;
    3) cp "$f" "$src/docs/sub/deeper/c.txt" ;;
    4) cp "$f" "$src/other/卫生工作要点.txt" ;;
    *) cp "$f" "$src/z.txt" ;;
    esac
done
printf '婴儿死亡率控制在6‰以下。\n' >"$src/docs/small.txt"
: >"$src/docs/empty.txt"

# The records of the folder, with "doc" made relative to it, one record a line, sorted.
"$zhx" extract "$src" | sed "s|\"doc\":\"$src/|\"doc\":\"|" | sort >"$tmp/folder.jsonl"
[ "$(grep -c '"type":"doc"' "$tmp/folder.jsonl")" -eq 7 ] && ok "the folder gives 7 documents" ||
    not_ok "folder documents" "$(grep -c '"type":"doc"' "$tmp/folder.jsonl")"

# archive NAME CREATE-COMMAND...: builds $tmp/NAME from inside $src, then checks that its
# records are the folder's records, named NAME!PATH.
archive() {
    name=$1
    shift
    (cd "$src" && "$@") >/dev/null 2>&1 || { not_ok "$name: cannot create it"; return; }
    "$zhx" extract "$tmp/$name" >"$tmp/$name.jsonl"
    status=$?
    sed "s|\"doc\":\"$tmp/$name!\(\./\)\{0,1\}|\"doc\":\"|" "$tmp/$name.jsonl" | sort >"$tmp/$name.sorted"
    if [ "$status" -eq 0 ] && cmp -s "$tmp/folder.jsonl" "$tmp/$name.sorted"; then
        ok "$name: the records of the same files in a folder, named $name!PATH"
    else
        not_ok "$name: records differ from the folder's (exit $status)" \
            "$(diff "$tmp/folder.jsonl" "$tmp/$name.sorted" | cut -c1-150 | head -6)"
    fi
}
archive t.tar tar cf "$tmp/t.tar" .
archive t.tar.gz tar czf "$tmp/t.tar.gz" .
archive t.tar.xz tar cJf "$tmp/t.tar.xz" .
archive t.tar.zst tar --zstd -cf "$tmp/t.tar.zst" .
archive t.tar.bz2 tar cjf "$tmp/t.tar.bz2" .
archive t.zip zip -qr "$tmp/t.zip" .
archive t.7z 7z a -bd "$tmp/t.7z" .

# members come in archive order: tar's order when created sorted by name
(cd "$src" && tar --sort=name -cf "$tmp/sorted.tar" docs)
"$zhx" extract "$tmp/sorted.tar" | jq -r 'select(.type=="doc").doc' >"$tmp/order"
printf "$tmp/sorted.tar!docs/%s\n" a.txt empty.txt small.txt sub/b.txt sub/deeper/c.txt |
    cmp -s - "$tmp/order" && ok "members in archive order, named ARCHIVE!PATH" ||
    not_ok "member order" "$(cat "$tmp/order")"

# an archive is recognised by its content, not its name
cp "$tmp/t.tar.gz" "$tmp/renamed.txt"
"$zhx" extract "$tmp/renamed.txt" | grep -c '"type":"doc","doc":"[^"]*renamed.txt!' | grep -qx 7 &&
    ok "an archive named .txt is still read as an archive" || not_ok "archive by content"

# a single compressed document is one document under the file's name
gzip -c "$src/docs/small.txt" >"$tmp/small.txt.gz"
"$zhx" extract "$tmp/small.txt.gz" >"$tmp/gz.jsonl"
[ "$(field "$tmp/gz.jsonl" 'select(.type=="doc").doc')" = "$tmp/small.txt.gz" ] &&
    grep -q '"value":6' "$tmp/gz.jsonl" && ok "a .gz of one text is one document under its name" ||
    not_ok "compressed document" "$(cat "$tmp/gz.jsonl")"
"$zhx" normalize "$tmp/small.txt.gz" >"$tmp/gz.txt"
same "$src/docs/small.txt" "$tmp/gz.txt" "normalize of a .gz document prints its plain text"

# nested: an archive inside an archive is opened one level deep; deeper is an error record
mkdir -p "$tmp/nest"
cp "$tmp/t.zip" "$tmp/nest/inner.zip"
cp "$tmp/small.txt.gz" "$tmp/nest/"
cp "$src/docs/small.txt" "$tmp/nest/plain.txt"
(cd "$tmp/nest" && tar cf "$tmp/outer.tar" inner.zip small.txt.gz plain.txt)
"$zhx" extract "$tmp/outer.tar" >"$tmp/outer.jsonl"
field "$tmp/outer.jsonl" 'select(.type=="doc").doc' | sed "s|^$tmp/||" | sort >"$tmp/outer.ids"
{
    sed -n 's/.*"type":"doc","doc":"\([^"]*\)".*/outer.tar!inner.zip!\1/p' "$tmp/folder.jsonl"
    echo "outer.tar!plain.txt"
    echo "outer.tar!small.txt.gz"
} | sort >"$tmp/outer.want"
same "$tmp/outer.want" "$tmp/outer.ids" "an archive inside an archive: OUTER!INNER!PATH"
(cd "$tmp" && zip -q deep.zip outer.tar)
"$zhx" extract "$tmp/deep.zip" >"$tmp/deep.jsonl"
[ "$(field "$tmp/deep.jsonl" 'select(.error=="archive nested too deep").doc' | wc -l)" -eq 2 ] &&
    grep -q '"doc":"[^"]*deep.zip!outer.tar!plain.txt"' "$tmp/deep.jsonl" &&
    ok "two levels down: error records for the archives, the plain member still read" ||
    not_ok "nesting limit" "$(cut -c1-150 "$tmp/deep.jsonl")"

# truncated archives: an error record for the member cut short, saying the archive ends there;
# the members before it are read, and the next input too. (The archives are large enough
# that the cut falls well after the first members: random lines keep them from compressing.
# The cut tar is over 1 MiB, which libarchive streams from the file; the cut tar.gz and zip
# are under it, which zhx reads whole and shows libarchive from memory.)
mkdir -p "$tmp/many"
seed=$(ls corpus/seeds/*.txt | grep -v '\.expected\.' | head -n 1)
for i in $(seq 1 120); do
    { cat "$seed"; head -c 6000 /dev/urandom | od -An -x; } >"$tmp/many/doc$i.txt"
done
(cd "$tmp" && tar czf many.tar.gz many && tar cf many.tar many && zip -qr many.zip many)
for kind in tar.gz tar zip; do
    size=$(wc -c <"$tmp/many.$kind")
    head -c $((size / 2)) "$tmp/many.$kind" >"$tmp/cut.$kind"
    "$zhx" extract "$tmp/cut.$kind" "$src/docs/small.txt" >"$tmp/cut.jsonl"
    status=$?
    docs=$(grep -c '"type":"doc","doc":"[^"]*cut' "$tmp/cut.jsonl")
    if [ "$status" -eq 1 ] && [ "$docs" -ge 5 ] && [ "$docs" -lt 120 ] &&
        grep -q '"doc":"[^"]*cut\.'"$kind"'![^"]*","error":"cannot read archive member","detail":"[^"]*cannot be read past' "$tmp/cut.jsonl" &&
        tail -n 1 "$tmp/cut.jsonl" | grep -q "\"doc\":\"$src/docs/small.txt\""; then
        ok "truncated $kind: $docs members before the cut, an error record at it, the run goes on"
    else
        not_ok "truncated $kind (exit $status, $docs docs)" "$(grep -v '"target"' "$tmp/cut.jsonl" | cut -c1-200 | tail -3)"
    fi
done
head -c 200 "$tmp/t.7z" >"$tmp/cut.7z"
"$zhx" extract "$tmp/cut.7z" >"$tmp/cut7.jsonl"
[ $? -eq 1 ] && grep -q "\"doc\":\"$tmp/cut.7z\",\"error\":\"cannot read archive\"" "$tmp/cut7.jsonl" &&
    ok "a truncated 7z is an error record for the archive" || not_ok "truncated 7z" "$(cat "$tmp/cut7.jsonl")"

# a corrupt compressed stream
printf '\037\213\010\000garbage garbage garbage garbage' >"$tmp/bad.tar.gz"
"$zhx" extract "$tmp/bad.tar.gz" >"$tmp/bad.jsonl"
[ $? -eq 1 ] && grep -q '"error":"cannot read archive","detail":"gzip' "$tmp/bad.jsonl" &&
    ok "a corrupt gzip stream is an error record with libarchive's reason" ||
    not_ok "corrupt gzip" "$(cat "$tmp/bad.jsonl")"

# hostile member names are only names: nothing is written, the records carry them as given
mkdir -p "$tmp/hostile"
(cd "$tmp/hostile" && printf '一\n' >a && printf '二\n' >b &&
    tar cf "$tmp/hostile.tar" --transform 's|^a$|../../escape.txt|;s|^b$|/abs/path.txt|' a b)
(cd "$tmp/hostile" && "$zhx" extract "$tmp/hostile.tar" >"$tmp/hostile.jsonl")
grep -q "\"doc\":\"$tmp/hostile.tar!../../escape.txt\"" "$tmp/hostile.jsonl" &&
    grep -q "\"doc\":\"$tmp/hostile.tar!/abs/path.txt\"" "$tmp/hostile.jsonl" &&
    ok "../ and absolute member names are kept as names" ||
    not_ok "hostile names" "$(cat "$tmp/hostile.jsonl")"
[ ! -e "$tmp/escape.txt" ] && [ ! -e /abs/path.txt ] && [ "$(ls "$tmp/hostile")" = "a
b" ] && ok "nothing was written to the file system" || not_ok "members written out"

# a member larger than --max-doc-bytes is an error record; the others are read
head -c 100000 /dev/zero | tr '\0' 'x' >"$tmp/hostile/big.txt"
(cd "$tmp/hostile" && tar cf "$tmp/large.tar" a big.txt b && zip -q "$tmp/large.zip" a big.txt b)
for kind in tar zip; do
    "$zhx" extract --max-doc-bytes 64K "$tmp/large.$kind" >"$tmp/large.jsonl"
    status=$?
    if [ "$status" -eq 1 ] && [ "$(grep -c '"type":"doc"' "$tmp/large.jsonl")" -eq 2 ] &&
        grep -q '"doc":"[^"]*large.'$kind'!big.txt","error":"document too large","detail":"100000 bytes, more than --max-doc-bytes 65536"' "$tmp/large.jsonl"; then
        ok "$kind member over --max-doc-bytes: refused from its header, the others read"
    else
        not_ok "$kind large member (exit $status)" "$(cut -c1-200 "$tmp/large.jsonl")"
    fi
done

# a zip bomb: --max-archive-bytes stops the archive with an error record
head -c 30000000 /dev/zero >"$tmp/hostile/zeros.bin"
(cd "$tmp/hostile" && zip -q "$tmp/bomb.zip" a zeros.bin b)
"$zhx" extract --max-archive-bytes 10M "$tmp/bomb.zip" >"$tmp/bomb.jsonl"
[ $? -eq 1 ] && grep -q "\"doc\":\"$tmp/bomb.zip\",\"error\":\"archive expands too much\"" "$tmp/bomb.jsonl" &&
    [ "$(grep -c '"type":"doc"' "$tmp/bomb.jsonl")" -eq 1 ] &&
    ok "--max-archive-bytes: an error record for the archive, no more of it read" ||
    not_ok "zip bomb" "$(cut -c1-200 "$tmp/bomb.jsonl")"

# a member of zero bytes that looks like an empty tar is a document, not nothing
"$zhx" extract "$tmp/bomb.zip" >"$tmp/zeros.jsonl"
grep -q '"doc":"[^"]*bomb.zip!zeros.bin","error":"binary data, not text"' "$tmp/zeros.jsonl" &&
    [ "$(grep -c '"type":"doc"' "$tmp/zeros.jsonl")" -eq 2 ] &&
    ok "a member of NUL bytes is an error record, not an empty archive" ||
    not_ok "zeros member" "$(cut -c1-200 "$tmp/zeros.jsonl")"

# folders and links inside archives are not documents (a hard link names a member already read)
(cd "$src" && ln -s docs/a.txt link.txt && ln docs/small.txt hard.txt &&
    tar cf "$tmp/links.tar" docs link.txt hard.txt && rm link.txt hard.txt)
"$zhx" extract "$tmp/links.tar" >"$tmp/links.jsonl"
[ "$(grep -c '"type":"doc"' "$tmp/links.jsonl")" -eq 5 ] && ! grep -q 'link.txt\|hard.txt' "$tmp/links.jsonl" &&
    ok "folders, symlinks and hard links in an archive yield no records of their own" ||
    not_ok "links in archives" "$(jq -r .doc "$tmp/links.jsonl" | sort -u)"
cat "$tmp"/*.jsonl >"$tmp/all.out"
parses "$tmp/all.out" && ok "every record of every run above is one line of JSON" || not_ok "records parse"
no_sanitizer_reports
