#!/usr/bin/env bash
# Annotate benchmark: dataman's reading and heuristic-rating throughput against zstd alone and
# datatrove (reader alone; reader + Gopher quality filter + Parquet writer) on the same shards,
# in the same run.
#
# Usage: scripts/bench/annotate.sh [WORK_DIR]      (default /tmp/dataman-bench)
#   CORPUS=path.jsonl   use this JSONL instead of building one with ../shared/tools/build_corpus.py
#   SHARDS=16           number of .jsonl.zst shards to split the corpus into
#   PEER_MB=20          MB of the corpus given to datatrove's Gopher filter + Parquet writer (it is slow)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/dataman-bench}
cores=$(nproc)
mkdir -p "$work"

corpus=${CORPUS:-$work/corpus.jsonl}
if [ ! -f "$corpus" ]; then
    echo "building the corpus with build_corpus.py (about 2 minutes)" >&2
    python3 "$repo/../shared/tools/build_corpus.py" "$corpus" --work "$work/corpus-work" >&2
fi
peer_mb=${PEER_MB:-20}
if [ ! -d "$work/shards" ]; then
    python3 "$repo/scripts/bench/split_corpus.py" "$corpus" "$work/shards" "${SHARDS:-16}"
fi
if [ ! -d "$work/peer-shards" ]; then   # the part of the corpus the slow peer pipeline gets
    python3 "$repo/scripts/bench/split_corpus.py" "$corpus" "$work/peer-shards" 1 "$peer_mb"
fi
peer_bytes=$(zstd -dc "$work"/peer-shards/*.zst | wc -c)
raw_bytes=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1]))" "$corpus")
docs=$(wc -l < "$corpus")

(cd "$repo" && swift build -c release >&2)
dataman="$repo/.build/release/dataman"


run_timed() {   # run_timed NAME CMD... -> sets SECONDS_ and RSS_MB
    local name=$1; shift
    rm -rf "$work/out-$name"
    /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 || { echo "$name failed; see $work/$name.log" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
    read -r SECONDS_ RSS_KB < "$work/$name.time"
    RSS_MB=$((RSS_KB / 1024))
}

report() {     # report LABEL THREADS BYTES
    python3 - "$1" "$2" "$3" "$SECONDS_" "$RSS_MB" "$docs" <<'PY'
import sys
label, threads, size, seconds, rss, docs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], int(sys.argv[6])
mbs = size / 1e6 / seconds
print(f"{label:<44} {threads:>2} thr {seconds:8.2f} s {mbs:9.1f} MB/s {mbs / threads:9.1f} MB/s/core {docs / seconds / threads:9.0f} docs/s/core {rss:>6} MB peak")
PY
}

echo "corpus: $docs documents, $((raw_bytes / 1000000)) MB of JSONL in $(ls "$work/shards" | wc -l) zstd shards; $cores cores"
echo

run_timed zstd sh -c "zstd -dc $work/shards/*.jsonl.zst > /dev/null"
report "zstd -dc (decompress only)" 1 "$raw_bytes"; zstd_s=$SECONDS_

run_timed read1 "$dataman" annotate "$work/shards" --out "$work/out-read1" --rater none --threads 1 --quiet
report "dataman annotate --rater none" 1 "$raw_bytes"; read_s=$SECONDS_

run_timed heur1 "$dataman" annotate "$work/shards" --out "$work/out-heur1" --rater heuristic --threads 1 --quiet
report "dataman annotate --rater heuristic" 1 "$raw_bytes"; heur1_s=$SECONDS_

run_timed heurN "$dataman" annotate "$work/shards" --out "$work/out-heurN" --rater heuristic --threads "$cores" --quiet
report "dataman annotate --rater heuristic" "$cores" "$raw_bytes"

# Peer: datatrove in its own virtual environment.
venv="$work/venv-datatrove"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "datatrove[io,processing]==0.10.1" spacy pyarrow >&2 || true
fi
if "$venv/bin/python" -c "import datatrove" 2>/dev/null; then
    run_timed dt_read "$venv/bin/python" "$repo/scripts/bench/datatrove_peer.py" read "$work/shards" "$work/out-dt_read"
    report "datatrove JsonlReader" 1 "$raw_bytes"; dt_read_s=$SECONDS_
    run_timed dt_gopher "$venv/bin/python" "$repo/scripts/bench/datatrove_peer.py" gopher "$work/peer-shards" "$work/out-dt_gopher"
    report "datatrove reader+Gopher+ParquetWriter (${peer_mb} MB)" 1 "$peer_bytes"; dt_gopher_s=$SECONDS_
    run_timed peer1 "$dataman" annotate "$work/peer-shards" --out "$work/out-peer1" --rater heuristic --threads 1 --quiet
    report "dataman annotate --rater heuristic (${peer_mb} MB)" 1 "$peer_bytes"; peer1_s=$SECONDS_
    echo
    python3 -c "print(f'reading, one core: dataman is {$dt_read_s / $read_s:.1f}x datatrove; it reads at {$zstd_s / $read_s * 100:.0f}% of zstd -dc speed')"
    python3 -c "print(f'annotating, one core, same {$peer_mb} MB: dataman heuristic rater + Parquet is {$dt_gopher_s / $peer1_s:.1f}x datatrove Gopher filter + Parquet')"
else
    echo "datatrove could not be installed; peer figures skipped" >&2
fi
