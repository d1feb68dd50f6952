#!/usr/bin/env bash
# Parquet reading benchmark: `dataman annotate --rater none` over FineWeb-shaped Parquet (snappy, row groups of
# 1,000 documents, as datatrove's ParquetWriter writes FineWeb) against, in the same run and on the same
# documents: pyarrow's C++ reader alone (threads off), pyarrow iter_batches touching every string from Python,
# datatrove's ParquetReader, and dataman reading the same documents as .jsonl.zst. MB of text per second per
# core (text bytes / CPU seconds) and peak memory for each.
#
# Usage: scripts/bench/parquet.sh [WORK_DIR]      (default /tmp/dataman-bench)
#   CORPUS=path.jsonl   use this JSONL instead of building one (corpus.sh)
#   SHARDS=16           number of shards
#   DATAMAN=path        the dataman binary to measure (default: a release build of this checkout)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/dataman-bench}
mkdir -p "$work"
source "$repo/scripts/bench/corpus.sh"
if [ ! -d "$work/shards" ]; then
    python3 "$repo/scripts/bench/split_corpus.py" "$BENCH_CORPUS" "$work/shards" "${SHARDS:-16}"
fi
if [ ! -f "$work/parquet/text-bytes" ]; then
    rm -rf "$work/parquet"
    python3 "$repo/scripts/bench/parquet_peer.py" write "$work/shards" "$work/parquet" > "$work/text-bytes"
    mv "$work/text-bytes" "$work/parquet/text-bytes"
fi
text_bytes=$(cat "$work/parquet/text-bytes")
if [ -z "${DATAMAN:-}" ]; then
    (cd "$repo" && swift build -c release >&2)
fi
dataman=${DATAMAN:-$repo/.build/release/dataman}

source "$repo/scripts/bench/timed.sh"
report() {     # report LABEL
    python3 -c "
import sys
label, size, wall, cpu, rss = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
print(f'{label:<56} {wall:7.2f} s wall | {cpu:7.2f} s cpu {size / 1e6 / cpu:8.1f} MB/s/core | {rss:>5} MB peak')
" "$1" "$text_bytes" "$SECONDS_" "$CPU_" "$RSS_MB"
}

parquet_mb=$(du -sm "$work/parquet" | cut -f1)
echo "$((text_bytes / 1000000)) MB of text; Parquet: $(ls "$work"/parquet/*.parquet | wc -l) files, $parquet_mb MB (snappy, 1,000-row groups)"
echo

run_timed dm_parquet "$dataman" annotate "$work/parquet" --out "$work/out-dm_parquet" --rater none --tokenizer estimate --threads 1 --quiet
report "dataman annotate --rater none, Parquet"; dm_parquet=$CPU_
run_timed dm_jsonl "$dataman" annotate "$work/shards" --out "$work/out-dm_jsonl" --rater none --tokenizer estimate --threads 1 --quiet
report "dataman annotate --rater none, .jsonl.zst"; dm_jsonl=$CPU_
run_timed arrow python3 "$repo/scripts/bench/parquet_peer.py" arrow "$work/parquet"
report "pyarrow read_table(columns, use_threads=False) (C++)"; arrow=$CPU_
run_timed batches python3 "$repo/scripts/bench/parquet_peer.py" batches "$work/parquet"
report "pyarrow iter_batches, every string touched in Python"; batches=$CPU_

venv="$work/venv-datatrove"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "datatrove[io,processing]==0.10.1" spacy pyarrow >&2 || true
fi
if "$venv/bin/python" -c "import datatrove" 2>/dev/null; then
    run_timed datatrove "$venv/bin/python" "$repo/scripts/bench/parquet_peer.py" datatrove "$work/parquet"
    report "datatrove ParquetReader"; datatrove=$CPU_
else
    datatrove=""
    echo "datatrove could not be installed; its row is skipped" >&2
fi
echo
python3 -c "
parquet, jsonl, arrow, batches = $dm_parquet, $dm_jsonl, $arrow, $batches
print(f'dataman Parquet reading per core: {arrow / parquet:.2f}x pyarrow C++ read_table (target >= 1), '
      f'{jsonl / parquet:.2f}x its own .jsonl.zst reading (target >= 1.5), {batches / parquet:.2f}x pyarrow iter_batches from Python')
if '$datatrove': print(f'and {float(\"$datatrove\") / parquet:.1f}x datatrove ParquetReader')
"
