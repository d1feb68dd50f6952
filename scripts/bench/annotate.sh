#!/usr/bin/env bash
# Annotate benchmark: dataman's reading and heuristic-rating throughput against zstd alone and
# datatrove (reader alone; reader + Gopher quality filter + Parquet writer) on the same shards,
# in the same run.
#
# Usage: scripts/bench/annotate.sh [WORK_DIR]      (default /tmp/dataman-bench)
#   CORPUS=path.jsonl   use this JSONL instead of building one with ../shared/tools/build_corpus.py (corpus.sh)
#   SHARDS=16           number of .jsonl.zst shards to split the corpus into
#   PEER_MB=20          MB of the corpus given to datatrove's Gopher filter + Parquet writer (it is slow)
#   DATAMAN=path        the dataman binary to measure (default: a release build of this checkout)
#   BASELINE=path       another dataman binary (an older commit's release build) measured in the same run
#                       on the reading and heuristic rows, with the ratio printed: before/after comparisons
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/dataman-bench}
cores=$(nproc)
mkdir -p "$work"

source "$repo/scripts/bench/corpus.sh"
corpus=$BENCH_CORPUS
peer_mb=${PEER_MB:-20}
if [ ! -d "$work/shards" ]; then
    python3 "$repo/scripts/bench/split_corpus.py" "$corpus" "$work/shards" "${SHARDS:-16}"
fi
if [ ! -d "$work/peer-shards" ]; then   # the part of the corpus the slow peer pipeline gets
    python3 "$repo/scripts/bench/split_corpus.py" "$corpus" "$work/peer-shards" 1 "$peer_mb"
fi
peer_bytes=$(zstd -dc "$work"/peer-shards/*.zst | wc -c)
peer_docs=$(zstd -dc "$work"/peer-shards/*.zst | wc -l)
raw_bytes=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]))" "$corpus")
docs=$(wc -l < "$corpus")

if [ -z "${DATAMAN:-}" ]; then
    (cd "$repo" && swift build -c release >&2)
fi
dataman=${DATAMAN:-$repo/.build/release/dataman}
baseline=${BASELINE:-}


source "$repo/scripts/bench/timed.sh"

# Per-core figures divide by CPU time (user + system), so a run whose reader and raters overlap on
# two cores is not credited twice, and a loaded machine distorts them less than wall time.
report() {     # report LABEL BYTES [DOCUMENTS]
    python3 - "$1" "$2" "$SECONDS_" "$CPU_" "$RSS_MB" "${3:-$docs}" <<'PY'
import sys
label, size, wall, cpu, rss, docs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], int(sys.argv[6])
mb = size / 1e6
print(f"{label:<52} {wall:7.2f} s wall {mb / wall:8.1f} MB/s | {cpu:7.2f} s cpu {mb / cpu:8.1f} MB/s/core {docs / cpu:8.0f} docs/s/core | {rss:>5} MB peak")
PY
}

echo "corpus: $docs documents, $((raw_bytes / 1000000)) MB of JSONL in $(ls "$work/shards" | wc -l) zstd shards; $cores cores"
echo

run_timed zstd sh -c "zstd -dc $work/shards/*.jsonl.zst > /dev/null"
report "zstd -dc (decompress only)" "$raw_bytes"; zstd_cpu=$CPU_

run_timed read "$dataman" annotate "$work/shards" --out "$work/out-read" --rater none --tokenizer estimate --threads 1 --quiet
report "dataman, reading only (--rater none)" "$raw_bytes"; read_cpu=$CPU_

run_timed heur "$dataman" annotate "$work/shards" --out "$work/out-heur" --rater heuristic --tokenizer estimate --threads 1 --quiet
report "dataman, heuristic rater, estimated tokens" "$raw_bytes"; heur_cpu=$CPU_

if [ -n "$baseline" ]; then
    run_timed base_read "$baseline" annotate "$work/shards" --out "$work/out-base_read" --rater none --tokenizer estimate --threads 1 --quiet
    report "baseline, reading only (--rater none)" "$raw_bytes"; base_read_cpu=$CPU_
    run_timed base_heur "$baseline" annotate "$work/shards" --out "$work/out-base_heur" --rater heuristic --tokenizer estimate --threads 1 --quiet
    report "baseline, heuristic rater, estimated tokens" "$raw_bytes"; base_heur_cpu=$CPU_
    python3 -c "print(f'against the baseline, CPU time per byte: reading {$base_read_cpu / $read_cpu:.3f}x, heuristic rating {$base_heur_cpu / $heur_cpu:.3f}x (above 1: this build is faster)')"
fi

run_timed heurq "$dataman" annotate "$work/shards" --out "$work/out-heurq" --threads 1 --quiet
report "dataman, heuristic rater, exact qwen2 tokens" "$raw_bytes"

run_timed heurN "$dataman" annotate "$work/shards" --out "$work/out-heurN" --threads "$cores" --quiet
report "dataman, heuristic + qwen2, --threads $cores" "$raw_bytes"

# Peer: datatrove in its own virtual environment.
venv="$work/venv-datatrove"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "datatrove[io,processing]==0.10.1" spacy pyarrow >&2 || true
fi
if "$venv/bin/python" -c "import datatrove" 2>/dev/null; then
    run_timed dt_read "$venv/bin/python" "$repo/scripts/bench/datatrove_peer.py" read "$work/shards" "$work/out-dt_read"
    report "datatrove JsonlReader" "$raw_bytes"; dt_read_cpu=$CPU_
    run_timed dt_gopher "$venv/bin/python" "$repo/scripts/bench/datatrove_peer.py" gopher "$work/peer-shards" "$work/out-dt_gopher"
    report "datatrove reader + Gopher filter + ParquetWriter" "$peer_bytes" "$peer_docs"; dt_gopher_cpu=$CPU_
    run_timed peer "$dataman" annotate "$work/peer-shards" --out "$work/out-peer" --threads 1 --quiet
    report "dataman, heuristic + qwen2, same subset" "$peer_bytes" "$peer_docs"; peer_cpu=$CPU_
    echo
    python3 -c "print(f'reading per core: dataman is {$dt_read_cpu / $read_cpu:.1f}x datatrove; zstd -dc alone is {$read_cpu / $zstd_cpu:.1f}x faster than dataman reading')"
    python3 -c "print(f'annotating per core, same {$peer_mb} MB: dataman (14 ratings + domain + exact tokens + Parquet) is {$dt_gopher_cpu / $peer_cpu:.1f}x datatrove (Gopher filter + Parquet)')"
else
    echo "datatrove could not be installed; peer figures skipped" >&2
fi
