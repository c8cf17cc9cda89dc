#!/bin/sh
# Checks zhx's build dependencies with pkg-config, installs the missing Debian packages with
# apt-get when it can, and writes the compiler and linker flags to the file named by $1.
# Usage: tools/configure.sh build/config.mk
set -eu

out=${1:?usage: configure.sh OUTPUT}

# pkg-config module -> Debian package that provides it
modules="opencc:libopencc-dev libpcre2-8:libpcre2-dev icu-uc:libicu-dev icu-i18n:libicu-dev
jansson:libjansson-dev libarchive:libarchive-dev cmocka:libcmocka-dev"
# programs the build, the tests and the benchmark run -> Debian package
programs="pkg-config:pkg-config opencc:opencc opencc_dict:opencc cc:gcc jq:jq tar:tar
gzip:gzip xz:xz-utils zstd:zstd zip:zip 7z:p7zip-full parallel:parallel valgrind:valgrind
clang:clang"

missing=""
have_module() { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$1"; }
for pair in $programs; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
for pair in $modules; do
    have_module "${pair%%:*}" || missing="$missing ${pair#*:}"
done
# the OpenCC dictionaries the convert stage derives its gate from
[ -f /usr/share/opencc/TSCharacters.ocd2 ] || missing="$missing opencc"
# GNU time, for the peak RSS the benchmark and tests/hostile.t.sh report
[ -x /usr/bin/time ] || missing="$missing time"
# libFuzzer, for make fuzz and the fuzz runs of make test in CI
ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 ||
    missing="$missing libclang-rt-dev"

if [ -n "$missing" ]; then
    missing=$(echo "$missing" | tr ' ' '\n' | sort -u | tr '\n' ' ')
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "configure: installing$missing" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >&2
    else
        echo "configure: missing Debian packages:$missing" >&2
        echo "configure: install them (apt-get install$missing) or run make as root" >&2
        exit 1
    fi
fi

for pair in $modules; do
    have_module "${pair%%:*}" || { echo "configure: ${pair%%:*} still missing after install" >&2; exit 1; }
done

lib_modules="opencc libpcre2-8 icu-uc icu-i18n jansson libarchive"
tmp=$out.tmp
{
    echo "# written by tools/configure.sh; delete to re-run it"
    echo "DEP_CFLAGS := $(pkg-config --cflags $lib_modules)"
    echo "DEP_LIBS := $(pkg-config --libs $lib_modules) -lpthread -lm"
    echo "LIB_REQUIRES := $lib_modules"
    echo "CMOCKA_CFLAGS := $(pkg-config --cflags cmocka)"
    echo "CMOCKA_LIBS := $(pkg-config --libs cmocka)"
    echo "OPENCC_DATA := $(pkg-config --variable=prefix opencc)/share/opencc"
} >"$tmp"
mv "$tmp" "$out"
