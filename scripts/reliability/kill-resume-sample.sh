#!/usr/bin/env bash
# Kill and resume for `dataman sample --materialize`: annotates SHARDS (heuristic rater), runs an
# uninterrupted sample as the reference, then SIGKILLs a sample into OUT at KILLS random moments
# (0.02-MAX_DELAY_S after its start), reruns it each time, and after every kill checks that each file
# visible under its final name (selection.parquet, report.json, manifest.json, data/part-*.jsonl.zst)
# is complete, i.e. byte-identical to the reference's, and anything else is staging (*.tmp, data.tmp/),
# and counts the files data.tmp/_progress.json lists for the rerun to keep (a resume).
# The last run goes to the end and OUT must then equal the reference exactly.
# Usage: scripts/reliability/kill-resume-sample.sh SHARDS [KILLS=20] [MAX_DELAY_S=2.5] [extra sample options...]
#   (default sample options: --budget 6M --max-epochs 2 --shard-tokens 50K, about 2 s and 100+ parts
#    on the repository's shards/)
set -euo pipefail
[[ $# -ge 1 ]] || { sed -n '2,10p' "$0" >&2; exit 2; }
SHARDS=$1; KILLS=${2:-20}; MAX_DELAY=${3:-2.5}; shift $(( $# < 3 ? $# : 3 ))
source "$(dirname "$0")/lib.sh"
scratch kill-resume-sample
OPTIONS=("$@"); [[ ${#OPTIONS[@]} -gt 0 ]] || OPTIONS=(--budget 6M --max-epochs 2 --shard-tokens 50K)
"$DATAMAN" annotate "$SHARDS" --out "$WORK/annotations" --tokenizer estimate -q 2>/dev/null
ARGS=(sample "$WORK/annotations" --materialize --shards "$SHARDS" "${OPTIONS[@]}")

"$DATAMAN" "${ARGS[@]}" --out "$WORK/reference" > /dev/null
started=$SECONDS
inspect() {
    local state; state=$(python3 "$RELIABILITY/check_sample_output.py" "$WORK/reference" "$WORK/out" 2>&1) || { echo "kill $1: $state"; exit 1; }
    # The files the killed run committed and listed, which the rerun keeps (a resume, not a restart).
    local listed; listed=$(python3 -c "import json, sys; print(len(json.load(open(sys.argv[1]))['files']))" \
        "$WORK/out/data.tmp/_progress.json" 2>/dev/null || echo 0)
    echo "kill $1: $state; listed for the rerun: $listed" | tee -a "$WORK/states.log"
}
kill_and_rerun "$KILLS" 0.02 "$MAX_DELAY" no_wait inspect -- "$DATAMAN" "${ARGS[@]}" --out "$WORK/out"
"$DATAMAN" "${ARGS[@]}" --out "$WORK/out" > /dev/null
echo "SIGKILLs delivered: $KILLS_DELIVERED of $RUNS runs, then one run to the end ($((SECONDS - started)) s in all)"
echo "kills that left staging behind: $(grep -vc 'staging: 0 files' "$WORK/states.log" || true);" \
     "kills with data/ incomplete or absent: $(grep -c -v 'data/ \([0-9]*\) of \1 parts' "$WORK/states.log" || true)"
echo "kills after which the rerun resumed from committed files: $(grep -vc 'listed for the rerun: 0$' "$WORK/states.log" || true)"
python3 "$RELIABILITY/check_sample_output.py" --final "$WORK/reference" "$WORK/out" | sed 's/^/final: /'
echo "final OUT identical to the uninterrupted run, byte for byte"
