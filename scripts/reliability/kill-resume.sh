#!/usr/bin/env bash
# Kill and resume: runs `dataman annotate` on SHARDS, SIGKILLs it at KILLS random moments after it
# takes the output lock (each rerun resumes the last), lets the last run finish, then checks that
# the output equals an uninterrupted run's value for value (pyarrow) and no stray file is left.
# Usage: scripts/reliability/kill-resume.sh SHARDS [KILLS=20] [MAX_DELAY_S=3] [extra annotate options...]
set -euo pipefail
[[ $# -ge 1 ]] || { sed -n '2,5p' "$0" >&2; exit 2; }
SHARDS=$1; KILLS=${2:-20}; MAX_DELAY=${3:-3}; shift $(( $# < 3 ? $# : 3 ))
source "$(dirname "$0")/lib.sh"
scratch kill-resume
ARGS=(annotate "$SHARDS" --tokenizer estimate -q "$@")

"$DATAMAN" "${ARGS[@]}" --out "$WORK/reference" 2>/dev/null
interrupted_commits=0
ready() { wait_for_lock "$WORK/out" "$1"; }
count_tmp() { if has_temporary "$WORK/out"; then interrupted_commits=$((interrupted_commits + 1)); fi; }
kill_and_rerun "$KILLS" 0.05 "$MAX_DELAY" ready count_tmp -- "$DATAMAN" "${ARGS[@]}" --out "$WORK/out"
"$DATAMAN" "${ARGS[@]}" --out "$WORK/out" 2>/dev/null
echo "SIGKILLs delivered: $KILLS_DELIVERED of $RUNS runs (runs that left a .tmp behind, i.e. killed mid-shard or mid-commit: $interrupted_commits)"
python3 "$RELIABILITY/compare_annotations.py" identical "$WORK/reference" "$WORK/out"
