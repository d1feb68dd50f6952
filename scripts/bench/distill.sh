#!/usr/bin/env bash
# Distillation benchmark: a student trained on the heuristic's annotations of 6 of 8 shards of the
# benchmark corpus, measured on the other 2 in the same run: its agreement with the heuristic
# (dataman compare), its annotate throughput per core against the heuristic's (estimated tokens
# for both, one rating thread each) and its training time.
#
# Usage: scripts/bench/distill.sh [WORK_DIR]      (default /tmp/dataman-bench)
#   CORPUS=path.jsonl   use this JSONL instead of building one with ../shared/tools/build_corpus.py (corpus.sh)
#   DATAMAN=path        the dataman binary to measure (default: a release build of this checkout)
#   TRAIN_ARGS="..."    more `dataman train` options (e.g. "--epochs 8 --dimensions 48")
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/dataman-bench}/distill
mkdir -p "$work"

source "$repo/scripts/bench/corpus.sh"
if [ ! -d "$work/all" ]; then
    python3 "$repo/scripts/bench/split_corpus.py" "$BENCH_CORPUS" "$work/all" 8
    mkdir -p "$work/train" "$work/test"
    for i in 0 1 2 3 4 5; do ln -s "$work/all/part-00$i.jsonl.zst" "$work/train/"; done
    for i in 6 7; do ln -s "$work/all/part-00$i.jsonl.zst" "$work/test/"; done
fi
if [ -z "${DATAMAN:-}" ]; then
    (cd "$repo" && swift build -c release --product dataman >&2)
fi
dataman=${DATAMAN:-$repo/.build/release/dataman}

timed() {   # timed NAME CMD... -> CPU_ (user + system seconds) and WALL_; output in $work/NAME.log
    local name=$1; shift
    /usr/bin/time -f "%e %U %S" -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 || { echo "$name failed; see $work/$name.log" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
    read -r WALL_ user system < "$work/$name.time"
    CPU_=$(python3 -c "print($user + $system)")
}
bytes() { for f in "$@"; do zstd -dc < "$f"; done | wc -c; }
lines() { for f in "$@"; do zstd -dc < "$f"; done | wc -l; }
test_bytes=$(bytes "$work"/test/*.zst); test_docs=$(lines "$work"/test/*.zst); train_docs=$(lines "$work"/train/*.zst)
echo "corpus: $train_docs training documents in 6 shards, $test_docs held-out documents ($((test_bytes / 1000000)) MB) in 2"

rm -rf "$work/teacher-train" "$work/teacher-test" "$work/student-test" "$work/model.dmm"
timed teacher-train "$dataman" annotate "$work/train" --out "$work/teacher-train" --tokenizer estimate --quiet
timed teacher-test "$dataman" annotate "$work/test" --out "$work/teacher-test" --tokenizer estimate --threads 1 --quiet
heuristic_cpu=$CPU_
# shellcheck disable=SC2086
timed train "$dataman" train "$work/teacher-train" --shards "$work/train" --out "$work/model.dmm" --holdout 0.05 ${TRAIN_ARGS:-}
train_cpu=$CPU_; train_wall=$WALL_
timed student-test "$dataman" annotate "$work/test" --out "$work/student-test" --tokenizer estimate --threads 1 --quiet --rater "model:$work/model.dmm"
student_cpu=$CPU_
timed compare "$dataman" compare "$work/teacher-test" "$work/student-test" --json "$work/compare.json"

cat "$work/train.log" "$work/compare.log"
python3 - "$work/compare.json" "$test_bytes" "$test_docs" "$heuristic_cpu" "$student_cpu" "$train_docs" "$train_cpu" "$train_wall" "$work/model.dmm" <<'PY'
import json, os, sys
report = json.load(open(sys.argv[1]))
size, docs, heuristic, student = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
train_docs, train_cpu, train_wall = int(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8])
criteria = report["criteria"]
above = sum(1 for c in criteria.values() if c["accuracy"] > c["majority_baseline"])
print()
print(f"held out: {report['documents']['compared']} documents compared")
print(f"domain agreement {report['domain']['accuracy']:.3f} (target >= 0.85)")
print(f"mean Spearman over 14 criteria {report['mean']['spearman']:.3f} (target >= 0.5)")
print(f"exact agreement above the majority baseline on {above} of 14 criteria (target >= 12); mean exact {report['mean']['accuracy']:.3f}, majority {report['mean']['majority_baseline']:.3f}, within one {report['mean']['within_one']:.3f}")
print(f"annotate, one rating thread, estimated tokens: heuristic {size / 1e6 / heuristic:.1f} MB/s/core, student {size / 1e6 / student:.1f} MB/s/core: {heuristic / student:.2f}x (target >= 2x)")
print(f"training: {train_docs} documents (incl. reading and 5% holdout) in {train_wall:.1f} s wall, {train_cpu:.1f} s CPU: {train_cpu / train_docs * 1e6 / 60:.1f} CPU-minutes per million documents")
print(f"model file: {os.path.getsize(sys.argv[9]) / 1e6:.1f} MB")
PY
