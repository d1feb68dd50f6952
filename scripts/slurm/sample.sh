#!/usr/bin/env bash
# Submit DataMan's global sampling as three chained Slurm jobs (scripts/slurm/sample.sbatch):
#   histogram (array of WORLD) -> select (array of WORLD, afterok) -> merge (one task, afterok)
#
# Usage: [ANN=... OUT=... BUDGET=... WORLD=... SAMPLE_ARGS=... PLAN_ARGS=... DATAMAN=...] scripts/slurm/sample.sh [--wait] [SBATCH_OPTION...]
#   --wait          return when the merge step ends: exit 0 when it completed, 1 when any step failed
#   SBATCH_OPTION   passed to all three sbatch calls, e.g. --partition=cpu --account=proj --output=logs/%x-%j.out
# The variables are those at the top of sample.sbatch; they travel to the jobs in the environment.
# A step fails -> the steps after it are cancelled (--kill-on-invalid-dep=yes), not left pending.
# Prints the three job ids and where the selection will be.
set -euo pipefail

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }

wait_flag=()
if [[ ${1:-} == --wait ]]; then wait_flag=(--wait); shift; fi
if [[ ${1:-} == -h || ${1:-} == --help ]]; then usage; exit 0; fi

WORLD=${WORLD:-4}
OUT=${OUT:-/data/mixture}
export WORLD OUT
script=$(dirname "$0")/sample.sbatch

h=$(sbatch --parsable --array=0-$((WORLD - 1)) --job-name=dataman-sample-histogram "$@" "$script" histogram)
s=$(sbatch --parsable --array=0-$((WORLD - 1)) --job-name=dataman-sample-select \
    --dependency=afterok:"$h" --kill-on-invalid-dep=yes "$@" "$script" select)
echo "histogram job $h, select job $s"
echo "the selection will be $OUT/parts/rank-*/selection.parquet + $OUT/mix/boundary-selection.parquet"
r=$(sbatch --parsable --job-name=dataman-sample-merge \
    --dependency=afterok:"$s" --kill-on-invalid-dep=yes "$@" "$script" merge)
echo "merge job $r"
((${#wait_flag[@]} > 0)) || exit 0

# sbatch --wait exits 0 for a job cancelled because a step before it failed, so ask for the state.
job_state() {
    scontrol show job -o "$1" 2>/dev/null | grep -oE 'JobState=[A-Z_]+' | head -n1 | cut -d= -f2 \
        || sacct -n -X -j "$1" -o State 2>/dev/null | head -n1 | tr -d ' '
}
unknown=0
while :; do
    state=$(job_state "$r" || true)
    case $state in
        PENDING | RUNNING | REQUEUED | RESIZING | SUSPENDED | CONFIGURING | COMPLETING) unknown=0 ;;
        '') unknown=$((unknown + 1)); ((unknown < 30)) || { state=UNKNOWN; break; } ;;
        *) break ;;
    esac
    sleep 2
done
if [[ $state == COMPLETED ]]; then
    echo "sampling done: $OUT/mix/report.json"
else
    echo "error: the merge job $r ended $state; see the logs of jobs $h, $s and $r" >&2
    exit 1
fi
