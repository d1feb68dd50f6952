#!/usr/bin/env bash
# Builds libFuzzer targets (swiftc -sanitize=fuzzer, with address sanitizer) over DataMan's parsers and
# runs each for SECONDS (default 60), starting from the seed corpora in scripts/fuzz/corpus/<target>/.
# New interesting inputs go to build/fuzz/corpus/<target>/ (the kept seeds stay small); a crash is
# written to build/fuzz/crashes/<target>/ and the script exits non-zero. Usage:
#   scripts/fuzz/run.sh [SECONDS] [TARGET...]      targets: shards-json shards-framing codecs parquet where tokenizer-files
# Compile-only fuzzing needs no package build: each library module is compiled here with coverage.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECONDS_EACH=${1:-60}; shift || true
TARGETS=(${@:-shards-json shards-framing codecs parquet where tokenizer-files})
OUT=$ROOT/.build/fuzz
mkdir -p "$OUT/lib" "$OUT/bin"
SRC=$ROOT/Sources
CINC=(-I "$SRC/CZstd" -I "$SRC/CLZ4" -I "$SRC/CZlib" -I "$SRC/CXXHash")
FLAGS=(-O -parse-as-library -sanitize=fuzzer,address -swift-version 6 -I "$OUT/lib" "${CINC[@]}")
LIBS=(-lzstd -llz4 -lz -lxxhash)
# gold warns once per ASan helper symbol when linking a static Swift library; the warning is harmless.
swiftc() { command swiftc "$@" 2>&1 | { grep -v "Cannot export local symbol" || true; } >&2; return "${PIPESTATUS[0]}"; }

library() { # NAME: a static library and module of Sources/NAME, instrumented
    local name=$1
    [[ -f $OUT/lib/lib$name.a && -z $(find "$SRC/$name" -newer "$OUT/lib/lib$name.a" -name '*.swift') ]] && return
    echo "building $name" >&2
    swiftc "${FLAGS[@]}" -module-name "$name" -emit-library -static -emit-module \
        -emit-module-path "$OUT/lib/$name.swiftmodule" -o "$OUT/lib/lib$name.a" "$SRC/$name"/*.swift
}

target() { # TARGET: the fuzzer executable; harnesses for internal APIs are compiled into their module
    local t=$1 h=$ROOT/scripts/fuzz/harness/$t.swift
    case $t in
        shards-json|shards-framing) library FileIO; library Codecs
            swiftc "${FLAGS[@]}" -module-name Shards "$h" "$SRC"/Shards/*.swift "$OUT/lib/libCodecs.a" "$OUT/lib/libFileIO.a" "${LIBS[@]}" -o "$OUT/bin/$t" ;;
        codecs) library FileIO; library Codecs
            swiftc "${FLAGS[@]}" -module-name FuzzCodecs "$h" "$OUT/lib/libCodecs.a" "$OUT/lib/libFileIO.a" "${LIBS[@]}" -o "$OUT/bin/$t" ;;
        parquet) library FileIO; library Codecs; library Parquet
            swiftc "${FLAGS[@]}" -module-name FuzzParquet "$h" "$OUT/lib/libParquet.a" "$OUT/lib/libCodecs.a" "$OUT/lib/libFileIO.a" "${LIBS[@]}" -o "$OUT/bin/$t" ;;
        where) library FileIO; library Codecs; library Parquet; library Annotations
            swiftc "${FLAGS[@]}" -module-name FuzzWhere "$h" "$OUT/lib/libAnnotations.a" "$OUT/lib/libParquet.a" "$OUT/lib/libCodecs.a" "$OUT/lib/libFileIO.a" "${LIBS[@]}" -o "$OUT/bin/$t" ;;
        tokenizer-files) library FileIO; library Codecs
            swiftc "${FLAGS[@]}" -module-name Tokenizers "$h" "$SRC"/Tokenizers/*.swift "$OUT/lib/libCodecs.a" "$OUT/lib/libFileIO.a" "${LIBS[@]}" -o "$OUT/bin/$t" ;;
        *) echo "unknown target $t" >&2; exit 2 ;;
    esac
}

status=0
for t in "${TARGETS[@]}"; do
    target "$t"
    mkdir -p "$OUT/corpus/$t" "$OUT/crashes/$t"
    echo "== $t: ${SECONDS_EACH}s" >&2
    if ! "$OUT/bin/$t" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
            -artifact_prefix="$OUT/crashes/$t/" -print_final_stats=1 \
            "$OUT/corpus/$t" "$ROOT/scripts/fuzz/corpus/$t" > "$OUT/$t.log" 2>&1; then
        echo "!! $t found a crash: see $OUT/$t.log and $OUT/crashes/$t/" >&2; status=1
    fi
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$OUT/$t.log" | tail -3 >&2 || true
done
exit $status
