#!/usr/bin/env bash
# Builds libFuzzer targets (swiftc -sanitize=fuzzer, with address sanitizer) over DataMan's parsers and
# runs each for SECONDS (default 60), one after another on one core, starting from the seed corpora in
# scripts/fuzz/corpus/<target>/. New interesting inputs go to OUT/corpus/<target>/ (the kept seeds stay
# small); a crash is written to OUT/crashes/<target>/ and the script exits non-zero. Each target's log
# (OUT/<target>.log) has every libFuzzer line prefixed by the seconds since it started, and a summary row
# (executions, exec/s, final cov/ft, when coverage last grew, cov/ft at 1/8, 1/4 and 1/2 of the time,
# peak RSS, outcome) goes to OUT/summary.tsv, so a long run shows whether coverage reached a plateau.
# Usage:
#   scripts/fuzz/run.sh [SECONDS] [TARGET...]
#   targets: shards-json shards-framing codecs parquet where tokenizer-files dataman-output
#   FUZZ_OUT=DIR puts builds, corpora, logs and crashes in DIR (default .build/fuzz).
# DataMan's library modules are compiled here with coverage. The packages they import, SystemPackage
# (FileIO) and Crypto (Tokenizers), are not fuzzed: SwiftPM builds them once (swift build --target, debug,
# uninstrumented, in ROOT/.build; minutes the first time for Crypto's BoringSSL), and the targets import
# their modules from its bin path and link its object files.
# Crashers found are kept in the seed corpora as regression-*; a target stops at once on one until its
# bug is fixed (scripts/fuzz/RESULTS.md lists them).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECONDS_EACH=${1:-60}; shift || true
TARGETS=(${@:-shards-json shards-framing codecs parquet where tokenizer-files dataman-output})
OUT=${FUZZ_OUT:-$ROOT/.build/fuzz}
mkdir -p "$OUT/lib" "$OUT/bin"
SRC=$ROOT/Sources
CINC=(-I "$SRC/CZstd" -I "$SRC/CLZ4" -I "$SRC/CZlib" -I "$SRC/CXXHash" -I "$SRC/CSnappy" -I "$SRC/CBrotli")
FLAGS=(-O -parse-as-library -sanitize=fuzzer,address -swift-version 6 -I "$OUT/lib" "${CINC[@]}")
LIBS=(-lzstd -llz4 -lz -lxxhash -lsnappy -lbrotlidec)
# After OUT/lib, so that the instrumented DataMan modules win over any SwiftPM built there; CSystem's module
# map is in its checkout's include/ (SystemPackage's interface imports it).
PKG_BIN=$(cd "$ROOT" && swift build --show-bin-path)
FLAGS+=(-I "$PKG_BIN/Modules" -I "$ROOT/.build/checkouts/swift-system/Sources/CSystem/include")
# gold warns once per ASan helper symbol when linking a static Swift library; the warning is harmless.
swiftc() { command swiftc "$@" 2>&1 | { grep -v "Cannot export local symbol" || true; } >&2; return "${PIPESTATUS[0]}"; }

library() { # NAME [EXTRA.swift...]: a static library and module of Sources/NAME, instrumented
    local name=$1; shift
    [[ -f $OUT/lib/lib$name.a && -z $(find "$SRC/$name" "$@" -newer "$OUT/lib/lib$name.a" -name '*.swift') ]] && return
    echo "building $name" >&2
    swiftc "${FLAGS[@]}" -module-name "$name" -emit-library -static -emit-module \
        -emit-module-path "$OUT/lib/$name.swiftmodule" -o "$OUT/lib/lib$name.a" "$SRC/$name"/*.swift "$@"
}
PACKAGES_BUILT=" "
package() { # TARGET [DEPENDENCY...]: SwiftPM builds a package's TARGET once a run; OBJS lists the objects of all
    [[ $PACKAGES_BUILT == *" $1 "* ]] || { echo "building $1 with SwiftPM" >&2
        (cd "$ROOT" && swift build -q --target "$1") >&2; PACKAGES_BUILT+="$1 "; }
    OBJS=(); local t; for t in "$@"; do OBJS+=($(find "$PKG_BIN/$t.build" -name '*.o')); done
}
# What FileIO and Tokenizers link, with the C targets under them (BoringSSL's C++ needs libstdc++).
system() { package SystemPackage CSystem; SYSTEM=("${OBJS[@]}"); }
crypto() { package Crypto CryptoBoringWrapper CCryptoBoringSSL CCryptoBoringSSLShims CXKCP CXKCPShims
    CRYPTO=("${OBJS[@]}" -lstdc++); }
BUNDLE_SHIM=$ROOT/scripts/fuzz/support/bundle-module.swift

target() { # TARGET: the fuzzer executable; harnesses for internal APIs are compiled into their module
    local t=$1 h=$ROOT/scripts/fuzz/harness/$t.swift
    case $t in
        shards-json)
            swiftc "${FLAGS[@]}" -module-name JSONText "$h" "$SRC"/JSONText/*.swift -o "$OUT/bin/$t" ;;
        shards-framing) system; library FileIO; library Codecs; library JSONText
            swiftc "${FLAGS[@]}" -module-name Shards "$h" "$SRC"/Shards/*.swift "$OUT/lib/libJSONText.a" "$OUT/lib/libCodecs.a" "$OUT/lib/libFileIO.a" "${SYSTEM[@]}" "${LIBS[@]}" -o "$OUT/bin/$t" ;;
        codecs) system; library FileIO; library Codecs
            swiftc "${FLAGS[@]}" -module-name FuzzCodecs "$h" "$OUT/lib/libCodecs.a" "$OUT/lib/libFileIO.a" "${SYSTEM[@]}" "${LIBS[@]}" -o "$OUT/bin/$t" ;;
        parquet) system; library FileIO; library Codecs; library Parquet
            swiftc "${FLAGS[@]}" -module-name FuzzParquet "$h" "$OUT/lib/libParquet.a" "$OUT/lib/libCodecs.a" "$OUT/lib/libFileIO.a" "${SYSTEM[@]}" "${LIBS[@]}" -o "$OUT/bin/$t" ;;
        where) system; library FileIO; library Codecs; library Parquet; library Annotations
            swiftc "${FLAGS[@]}" -module-name FuzzWhere "$h" "$OUT/lib/libAnnotations.a" "$OUT/lib/libParquet.a" "$OUT/lib/libCodecs.a" "$OUT/lib/libFileIO.a" "${SYSTEM[@]}" "${LIBS[@]}" -o "$OUT/bin/$t" ;;
        tokenizer-files) system; crypto; library FileIO; library Codecs; library JSONText
            swiftc "${FLAGS[@]}" -module-name Tokenizers "$h" "$BUNDLE_SHIM" "$SRC"/Tokenizers/*.swift "$OUT/lib/libJSONText.a" "$OUT/lib/libCodecs.a" "$OUT/lib/libFileIO.a" "${SYSTEM[@]}" "${CRYPTO[@]}" "${LIBS[@]}" -o "$OUT/bin/$t" ;;
        dataman-output) system; crypto; library FileIO; library Codecs; library JSONText; library Tokenizers "$BUNDLE_SHIM"; library Criteria; library Rating
            # The parser's prompt kinds live beside the request builder, which needs Tokenizers; the
            # HTTP client (AsyncHTTPClient) is left out, so only the files the parser reaches are compiled.
            local http=(DataManOutputParser.swift DataManSuperParser.swift DataManPrompt.swift DataManExtraBody.swift DataManError.swift
                HTTPJSONWriter.swift)
            swiftc "${FLAGS[@]}" -module-name HTTPRating "$h" "${http[@]/#/$SRC/HTTPRating/}" \
                "$OUT/lib/libRating.a" "$OUT/lib/libCriteria.a" "$OUT/lib/libTokenizers.a" "$OUT/lib/libJSONText.a" \
                "$OUT/lib/libCodecs.a" "$OUT/lib/libFileIO.a" "${SYSTEM[@]}" "${CRYPTO[@]}" "${LIBS[@]}" -o "$OUT/bin/$t" ;;
        *) echo "unknown target $t" >&2; exit 2 ;;
    esac
}

summarize() { # TARGET OUTCOME: one row of OUT/summary.tsv from the timestamped log
    local log=$OUT/$1.log
    final_stat() { sed -n "s/^[0-9]* *stat::$1: *//p" "$log" | tail -1; }
    local last grew
    last=$(grep -E '^[0-9]+ #[0-9]+.*(INITED|NEW|REDUCE|pulse|DONE) +cov:' "$log" | tail -1 || true)
    grew=$(grep -E '^[0-9]+ #[0-9]+.*NEW +cov:' "$log" | tail -1 | cut -d' ' -f1 || true)
    # cov/ft reached by 1/8, 1/4 and 1/2 of the time: flat figures mean a plateau.
    local curve; curve=$(awk -v T="$SECONDS_EACH" '/(NEW|pulse|REDUCE|INITED|DONE) +cov:/ {
            match($0, /cov: [0-9]+ ft: [0-9]+/); v = substr($0, RSTART + 5, RLENGTH - 5); sub(/ ft: /, "/", v)
            for (i = 1; i <= 3; i++) if (!(i in at) && $1 >= T * 2 ^ (i - 4)) at[i] = v }
        END { printf "%s %s %s", at[1], at[2], at[3] }' "$log")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$(final_stat number_of_executed_units)" "$(final_stat average_exec_per_sec)" \
        "$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<<"$last")" "$(sed -E 's/.*ft: ([0-9]+).*/\1/' <<<"$last")" "${grew:--}" \
        "$curve" "$(final_stat peak_rss_mb)" "$SECONDS_EACH" "$2" | tee -a "$OUT/summary.tsv"
}

status=0
[[ -f $OUT/summary.tsv ]] || printf 'target\texecs\texec/s\tcov\tft\tlast_new_s\tcov/ft_at_T/8,T/4,T/2\tpeak_rss_mb\tseconds\toutcome\n' > "$OUT/summary.tsv"
for t in "${TARGETS[@]}"; do
    target "$t"
    mkdir -p "$OUT/corpus/$t" "$OUT/crashes/$t"
    echo "== $t: ${SECONDS_EACH}s" >&2
    started=$SECONDS
    # One process, one core: -jobs/-workers are left at their default of in-process fuzzing.
    if "$OUT/bin/$t" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
            -artifact_prefix="$OUT/crashes/$t/" -print_final_stats=1 "$OUT/corpus/$t" "$ROOT/scripts/fuzz/corpus/$t" 2>&1 |
            while IFS= read -r line; do printf '%d %s\n' $((SECONDS - started)) "$line"; done > "$OUT/$t.log"; then
        outcome=clean
    else
        outcome="crash: $(ls "$OUT/crashes/$t" | head -1)"; status=1
        echo "!! $t found a crash: see $OUT/$t.log and $OUT/crashes/$t/" >&2
    fi
    summarize "$t" "$outcome" >&2
done
exit $status
