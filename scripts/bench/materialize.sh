#!/usr/bin/env bash
# Materialize benchmark: `dataman sample --materialize --format datatrove` (select about half the benchmark
# corpus, read it back, shuffle, tokenize, write .ds files) with the Llama-2 and Qwen2 tokenizers, against
# datatrove's DocumentTokenizer (one process, shuffle on) over the same documents, in the same run: tokens/s
# per core (CPU time, user + system) and peak memory (/usr/bin/time), and the ratio.
#
# Usage: scripts/bench/materialize.sh [WORK_DIR]      (default /tmp/dataman-bench-materialize)
#   CORPUS=path.jsonl   the corpus (default: scripts/bench/corpus.sh builds one)
#   SHARDS=8            .jsonl.zst shards to split it into
#   THREADS=$(nproc)    dataman's --threads
#   DATAMAN=path        the dataman binary (default: a release build of this checkout)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/dataman-bench-materialize}
threads=${THREADS:-$(nproc)}
mkdir -p "$work"
python3 -c "import datatrove, tokenizers" || { echo "needs datatrove and tokenizers (scripts/setup.sh)" >&2; exit 1; }

source "$repo/scripts/bench/corpus.sh"
if [ ! -d "$work/shards" ]; then
    python3 "$repo/scripts/bench/split_corpus.py" "$BENCH_CORPUS" "$work/shards" "${SHARDS:-8}"
fi
if [ -z "${DATAMAN:-}" ]; then
    (cd "$repo" && swift build -c release >&2)
    DATAMAN="$repo/.build/release/dataman"
fi
if [ ! -d "$work/annotations" ]; then
    "$DATAMAN" annotate "$work/shards" --out "$work/annotations" --source-field source --quiet >&2
fi
pool=$(python3 - "$work/annotations" <<'PY'
import glob, sys
import pyarrow.compute as pc, pyarrow.parquet as pq
files = glob.glob(sys.argv[1] + "/**/*.parquet", recursive=True)
print(sum(pc.sum(pq.read_table(f, columns=["tokens"]).column("tokens")).as_py() or 0 for f in files))
PY
)
budget=$((pool / 2))
assets=$(python3 "$repo/scripts/parity/tokenizer_assets.py")
asset() { python3 -c "import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$assets" "$1"; }

sample=("$DATAMAN" sample "$work/annotations" --budget "$budget" --method uniform --seed 1 --materialize
        --shards "$work/shards" --shard-tokens 1T --threads "$threads")
# The same documents as plain JSON lines for datatrove's reader (not timed).
rm -rf "$work/lines"
"${sample[@]}" --out "$work/lines" --no-shuffle >/dev/null
mkdir -p "$work/lines/plain"
for part in "$work"/lines/data/part-*.jsonl.zst; do zstd -dcq "$part" > "$work/lines/plain/$(basename "${part%.zst}")"; done

timed() {   # timed NAME CMD... -> CPU_ (user+system seconds), WALL_, RSS_MB
    local name=$1; shift
    /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 || { tail -5 "$work/$name.log" >&2; exit 1; }
    CPU_=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u + s}' "$work/$name.time")
    WALL_=$(awk -F': ' '/Elapsed/ {n=split($2, p, ":"); w=0; for (i=1; i<=n; i++) w=w*60+p[i]; print w}' "$work/$name.time")
    RSS_MB=$(awk -F': ' '/Maximum resident/ {print int($2 / 1024)}' "$work/$name.time")
}

printf "%-28s %12s %8s %8s %14s %9s\n" run tokens cpu_s wall_s tokens/s/core peak_MB
for name in llama2 qwen; do
    tokenizer=$(asset "$name")
    rm -rf "$work/out-$name" "$work/peer-$name"
    timed "dataman-$name" "${sample[@]}" --out "$work/out-$name" --format datatrove --tokenizer "$tokenizer"
    tokens=$(python3 -c "import json; print(json.load(open('$work/out-$name/manifest.json'))['tokens'])")
    ours=$(python3 -c "print($tokens / $CPU_)")
    printf "%-28s %12s %8.1f %8.1f %14.0f %9s\n" "dataman datatrove $name" "$tokens" "$CPU_" "$WALL_" "$ours" "$RSS_MB"
    eos=$(python3 -c "
from tokenizers import Tokenizer
t = Tokenizer.from_file('$tokenizer')
print(next(e for e in ['<|endoftext|>', '</s>'] if t.token_to_id(e) is not None))")
    timed "datatrove-$name" python3 -c "
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.tokens.tokenizer import DocumentTokenizer
LocalPipelineExecutor(pipeline=[
    JsonlReader('$work/lines/plain'),
    DocumentTokenizer(output_folder='$work/peer-$name', tokenizer_name_or_path='$tokenizer', eos_token='$eos', seed=1),
], tasks=1, workers=1, logging_dir='$work/peer-$name-logs').run()"
    peer_tokens=$(python3 -c "
import glob, os
print(sum(os.path.getsize(f) for f in glob.glob('$work/peer-$name/*.ds')) // $( [ "$name" = qwen ] && echo 4 || echo 2 ))")
    theirs=$(python3 -c "print($peer_tokens / $CPU_)")
    printf "%-28s %12s %8.1f %8.1f %14.0f %9s\n" "datatrove 1 process $name" "$peer_tokens" "$CPU_" "$WALL_" "$theirs" "$RSS_MB"
    python3 -c "print('  ratio dataman/datatrove tokens/s/core: %.2f' % ($ours / $theirs))"
done
