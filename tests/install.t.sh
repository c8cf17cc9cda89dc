#!/bin/sh
# `make install` gives a usable library: a program built with `pkg-config zhx` (shared and
# static) extracts a target through the public API alone. Prints TAP.
# Usage: tests/install.t.sh BUILD
set -u
build=$1
case $build in */asan) echo "1..0 # skip: the sanitizer build is not for installing"; exit 0 ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..4"
if make -s install BUILD="$build" PREFIX="$tmp/prefix" >"$tmp/log" 2>&1; then
    echo "ok 1 - make install"
else
    echo "not ok 1 - make install"
    sed 's/^/# /' "$tmp/log" | head -20
fi
cat >"$tmp/consumer.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zhx.h>

int main(void)
{
    const char *text = "居民健康档案建档率≥65%。";
    zhx_diag diag;
    zhx_rules *rules = zhx_rules_load(NULL, 0, true, &diag);
    if (!rules) {
        fprintf(stderr, "%s:%u: %s\n", diag.file, diag.line, diag.message);
        return 2;
    }
    zhx_engine *engine = zhx_engine_new(rules, NULL, &diag);
    zhx_doc *doc = zhx_doc_new("consumer", text, strlen(text));
    zhx_status status = zhx_extract(engine, doc);
    size_t len;
    char *jsonl = zhx_doc_jsonl(doc, ZHX_EMIT_RECORDS, &len);
    fwrite(jsonl, 1, len, stdout);
    free(jsonl);
    zhx_doc_free(doc);
    zhx_engine_free(engine);
    zhx_rules_free(rules);
    return status == ZHX_OK ? 0 : 1;
}
C
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
# shellcheck disable=SC2046
if cc -o "$tmp/shared" "$tmp/consumer.c" $(pkg-config --cflags --libs zhx) 2>"$tmp/cc" &&
    LD_LIBRARY_PATH="$tmp/prefix/lib" "$tmp/shared" | grep -q '"indicator":"居民健康档案建档率".*"value":65'; then
    echo "ok 2 - a program linked with the shared library extracts a target"
else
    echo "not ok 2 - shared library consumer"
    sed 's/^/# /' "$tmp/cc" | head -20
fi
# libzhx.a with the shared libraries it needs (zhx.pc names them in Requires.private)
deps=$(sed -n 's/^Requires.private: //p' "$tmp/prefix/lib/pkgconfig/zhx.pc")
# shellcheck disable=SC2046,SC2086
if cc -o "$tmp/static" "$tmp/consumer.c" $(pkg-config --cflags zhx) "$tmp/prefix/lib/libzhx.a" \
    $(pkg-config --libs $deps) -lpthread -lm 2>"$tmp/cc" &&
    "$tmp/static" | grep -q '"value":65'; then
    echo "ok 3 - a program linked with the static library extracts a target"
else
    echo "not ok 3 - static library consumer"
    sed 's/^/# /' "$tmp/cc" | head -20
fi
if [ -f "$tmp/prefix/share/zhx/rules/targets.rules" ] && "$tmp/prefix/bin/zhx" rules check \
    --no-builtin-rules "$tmp/prefix/share/zhx/rules" >/dev/null 2>&1; then
    echo "ok 4 - the installed rule files load on their own"
else
    echo "not ok 4 - installed rules"
fi
