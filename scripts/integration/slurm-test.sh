#!/usr/bin/env bash
# The cluster proof of DataMan's Slurm scripts, on a real one-node Slurm cluster on 127.0.0.1
# (scripts/integration/slurm-cluster.sh; installs slurm-wlm and munge with apt-get if missing):
#   1. scripts/slurm/annotate.sbatch as an array of 4 over the sample shards (sbatch --wait); one task
#      is cancelled (scancel JOB_TASK) once it has committed a shard but before it is done;
#      `dataman status` must then say incomplete (exit 3); that task alone is resubmitted
#      (sbatch --array=K); `dataman status` must say complete (exit 0); the union of the ranks' files
#      must equal a single-process `dataman annotate` of the same shards, row for row, every column.
#      Then an array of 3 with SPLIT_LINES=40 (every shard cut into pieces dealt over the ranks): the
#      pieces, concatenated per shard, must equal the same single-process run.
#   2. scripts/slurm/sample.sh (histogram array -> select array -> merge, chained with afterok) for
#      each world in SAMPLE_WORLDS; the selection (every part plus the boundary rows) must equal a
#      single-process `dataman sample` of the same annotations and options.
#   3. scripts/slurm/annotate-gpu.sbatch with a stand-in for vllm (slurm-fake-vllm.py: deterministic
#      DataMan answers, request checking, /health): 2 tasks, the second with 2 "GPUs"; its output must
#      equal a single-process `dataman annotate --rater dataman` and no server may outlive its task.
# Prints PASS/FAIL per check and the timings; exits 1 if any check failed.
#
# Usage: scripts/integration/slurm-test.sh        (builds nothing)
# Environment:
#   DATAMAN        the dataman binary (default: /work/main/.build/release/dataman)
#   SHARDS         the shards to annotate (default: the repository's shards/)
#   WORK           scratch folder (default: a new /tmp/dataman-slurm-test.XXXXXX, removed on success)
#   BUDGET         sample budget (default 1M); SAMPLE_ARGS: the selection rule (default "--seed 7")
#   SAMPLE_WORLDS  worlds of the sample runs (default "4 3")
#   KILL_ATTEMPTS  array runs to try until one task is caught mid-run (default 3)
#   SKIP_GPU=1     skip part 3
#   KEEP_CLUSTER=1 leave the cluster running if this script started it
set -euo pipefail

usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; }
[[ ${1:-} == -h || ${1:-} == --help ]] && { usage; exit 0; }
(($# == 0)) || { usage >&2; exit 2; }

REPO=$(cd "$(dirname "$0")/../.." && pwd)
DATAMAN=${DATAMAN:-/work/main/.build/release/dataman}
SHARDS=${SHARDS:-$REPO/shards}
BUDGET=${BUDGET:-1M}
SAMPLE_ARGS=${SAMPLE_ARGS:---seed 7}
SAMPLE_WORLDS=${SAMPLE_WORLDS:-4 3}
KILL_ATTEMPTS=${KILL_ATTEMPTS:-3}
WORLD=4
CLUSTER=$REPO/scripts/integration/slurm-cluster.sh
COMPARE=$REPO/scripts/integration/slurm-compare.py
SLURM=$REPO/scripts/slurm
[[ -x $DATAMAN ]] || { echo "error: no dataman binary at $DATAMAN; build it or set DATAMAN" >&2; exit 2; }
DATAMAN=$(realpath "$DATAMAN")
[[ -d $SHARDS ]] || { echo "error: no shards folder $SHARDS; set SHARDS" >&2; exit 2; }
WORK=${WORK:-$(mktemp -d /tmp/dataman-slurm-test.XXXXXX)}
mkdir -p "$WORK/logs"

failures=0
pass() { printf 'PASS  %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failures=$((failures + 1)); }
note() { printf '      %s\n' "$*"; }
# check NAME COMMAND...: PASS when the command succeeds, FAIL (with its output) when not.
check() {
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then pass "$name"; [[ -z $out ]] || note "${out//$'\n'/$'\n'      }"
    else fail "$name"; note "${out//$'\n'/$'\n'      }"; fi
}

# ---- cluster -------------------------------------------------------------------------------------
eval "$("$CLUSTER" env)"
started_cluster=0
if ! "$CLUSTER" status >/dev/null 2>&1; then started_cluster=1; fi
submitted=()        # every job id this script submitted, for the cleanup
waiters=()          # background `sbatch --wait` processes
cleanup() {
    local pid job
    for pid in "${waiters[@]}"; do kill "$pid" 2>/dev/null || true; done
    for job in "${submitted[@]}"; do scancel "$job" 2>/dev/null || true; done
    if ((started_cluster == 1)) && [[ ${KEEP_CLUSTER:-0} != 1 ]]; then "$CLUSTER" stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

t0=$SECONDS
"$CLUSTER" start
echo "cluster ready in $((SECONDS - t0)) s (SLURM_CONF=$SLURM_CONF)"
export DATAMAN SHARDS

# sbatch_wait LOG SBATCH_ARGS...: submit with --wait in the background; the job id comes back in
# $job as soon as Slurm has it, the waiter's pid in $waiter.
sbatch_wait() {
    local log=$1
    shift
    sbatch --wait --parsable "$@" >"$log" 2>&1 &
    waiter=$!
    waiters+=("$waiter")
    job=''
    for _ in $(seq 1 200); do
        job=$(grep -m1 -oE '^[0-9]+' "$log" || true)
        [[ -n $job ]] && break
        kill -0 "$waiter" 2>/dev/null || break
        sleep 0.05
    done
    [[ -n $job ]] || { echo "error: sbatch did not submit: $(cat "$log")" >&2; exit 1; }
    submitted+=("$job")
}

# ---- 1. annotate: array of 4, one task killed midway, resubmitted alone -----------------------------
echo "== annotate: single process (reference)"
t0=$SECONDS
"$DATAMAN" annotate "$SHARDS" --out "$WORK/single" --threads 1 --quiet >"$WORK/logs/single.log" 2>&1 \
    || { cat "$WORK/logs/single.log"; fail "single-process annotate"; exit 1; }
echo "single-process annotate: $((SECONDS - t0)) s"

# cancel_midway OUT JOB LEFT WAITER: poll `dataman status OUT --json` (ranks[]: rank, state, done,
# missing[]) until some rank is running, has committed a shard and has at least LEFT shards still to do
# (the most such), then `scancel JOB_RANK` at once and print the rank; print nothing if the process
# WAITER (sbatch --wait) ends first. One Python process polls, so a poll costs a dataman call only.
cancel_midway() {
    python3 - "$DATAMAN" "$@" <<'EOF'
import json, subprocess, sys, time
dataman, out, job, left, waiter = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
def ended(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"  # exited, not yet reaped
    except OSError:
        return True

while not ended(waiter):
    status = subprocess.run([dataman, "status", out, "--json"], capture_output=True, text=True)
    try:
        ranks = json.loads(status.stdout).get("ranks", [])
    except ValueError:
        ranks = []
    ready = [r for r in ranks
             if r.get("state") == "running" and r.get("done", 0) >= 1 and len(r.get("missing") or []) >= left]
    if ready:
        rank = max(ready, key=lambda r: len(r["missing"]))["rank"]
        subprocess.run(["scancel", f"{job}_{rank}"], check=True)
        print(rank)
        break
    time.sleep(0.01)
EOF
}

# No WORLD: the script takes it from the array (0-3), and the resubmitted task from the manifests.
annotate_env="ALL,OUT=$WORK/ann,THREADS=1"
caught=''
tries=''
t_annotate=$SECONDS
for attempt in $(seq 1 "$KILL_ATTEMPTS"); do
    rm -rf "$WORK/ann"
    echo "== annotate: array of $WORLD via Slurm (attempt $attempt)"
    sbatch_wait "$WORK/logs/annotate-array-$attempt.sbatch" --array=0-$((WORLD - 1)) --cpus-per-task=1 \
        --export="$annotate_env" --output="$WORK/logs/annotate-%A_%a.out" "$SLURM/annotate.sbatch"
    array_job=$job
    echo "submitted array job $array_job"
    # A rank with two shards left gives the cancel time to land; the last attempt settles for one.
    left=$((attempt < KILL_ATTEMPTS ? 2 : 1))
    k=$(cancel_midway "$WORK/ann" "$array_job" "$left" "$waiter")
    if [[ -n $k ]]; then
        echo "cancelled task ${array_job}_$k (rank $k had committed a shard and had $left or more to do)"
    fi
    wait "$waiter" && rc=0 || rc=$?
    "$DATAMAN" status "$WORK/ann" >"$WORK/logs/status-incomplete.txt" 2>&1 && st=0 || st=$?
    if [[ -n $k ]] && ((st == 3)); then caught=$k; break; fi
    if [[ -n $k ]]; then last="task ${array_job}_$k cancelled, sbatch exit $rc, status exit $st"
    else last="array $array_job: no task seen with a shard committed and $left left"; fi
    tries+="$last; "
    echo "no task was stopped midway ($last)"
done
if [[ -z $caught ]]; then
    fail "cancel one annotate task midway: dataman status never said incomplete after a cancel (${tries%; })"
else
    pass "cancelled task ${array_job}_$caught midway (attempt $attempt)"
    if ((rc != 0)); then pass "sbatch --wait reports the cancelled array (exit $rc)"
    else fail "sbatch --wait returned 0 although task $caught was cancelled"; fi
    pass "dataman status after the cancel: incomplete (exit 3)"
    sed 's/^/      /' "$WORK/logs/status-incomplete.txt"

    echo "== annotate: resubmit task $caught alone"
    sbatch_wait "$WORK/logs/annotate-rerun.sbatch" --array="$caught" --cpus-per-task=1 \
        --export="$annotate_env" --output="$WORK/logs/annotate-%A_%a.out" "$SLURM/annotate.sbatch"
    wait "$waiter" && rc=0 || rc=$?
    if ((rc == 0)); then pass "resubmitted task $caught (job $job) succeeded"
    else fail "resubmitted task $caught (job $job) exit $rc"; fi
    "$DATAMAN" status "$WORK/ann" >"$WORK/logs/status-complete.txt" 2>&1 && st=0 || st=$?
    if ((st == 0)); then pass "dataman status after the rerun: complete (exit 0)"
    else fail "dataman status after the rerun: exit $st, want 0"; sed 's/^/      /' "$WORK/logs/status-complete.txt"; fi
    summary=$(grep -h "^annotated" "$WORK/logs/annotate-${job}_$caught.out" | tail -n1 || true)
    if [[ $summary =~ \(([1-9][0-9]*)\ already\ done ]]; then
        pass "the rerun resumed: ${BASH_REMATCH[1]} shard(s) the cancelled task had committed were skipped"
    else fail "the rerun did not skip committed shards: '$summary'"; fi
    note "$summary"
fi
check "Slurm annotations equal the single-process run (all files, rows, columns)" \
    python3 "$COMPARE" annotations "$WORK/single" "$WORK/ann"
echo "annotate via Slurm (kill, rerun, compare): $((SECONDS - t_annotate)) s"

# ---- 1b. annotate with shards split into line ranges, dealt over 3 ranks ----------------------------
echo "== annotate: array of 3 with --split-lines 40 (every shard cut into pieces)"
t0=$SECONDS
sbatch_wait "$WORK/logs/annotate-split.sbatch" --array=0-2 --cpus-per-task=1 \
    --export="ALL,OUT=$WORK/ann-split,THREADS=1,SPLIT_LINES=40,EXTRA_ARGS=--split-min-size 1" \
    --output="$WORK/logs/annotate-split-%A_%a.out" "$SLURM/annotate.sbatch"
wait "$waiter" && rc=0 || rc=$?
"$DATAMAN" status "$WORK/ann-split" >"$WORK/logs/status-split.txt" 2>&1 && st=0 || st=$?
if ((rc == 0 && st == 0)); then pass "split array of 3 succeeded and dataman status says complete ($((SECONDS - t0)) s)"
else fail "split array of 3: sbatch exit $rc, status exit $st"; sed 's/^/      /' "$WORK/logs/status-split.txt"; fi
check "split pieces from 3 ranks, concatenated per shard, equal the single-process run" \
    python3 "$COMPARE" annotations "$WORK/single" "$WORK/ann-split"

# ---- 2. sample: histogram -> select -> merge through Slurm, against one process ------------------
# shellcheck disable=SC2206  # SAMPLE_ARGS is a list of options
sample_rule=(--budget "$BUDGET" $SAMPLE_ARGS)
echo "== sample: single process (reference)"
"$DATAMAN" sample "$WORK/ann" "${sample_rule[@]}" --out "$WORK/sample-single" >"$WORK/logs/sample-single.log" 2>&1 \
    || { cat "$WORK/logs/sample-single.log"; fail "single-process sample"; }
for world in $SAMPLE_WORLDS; do
    t0=$SECONDS
    echo "== sample: world $world via Slurm (scripts/slurm/sample.sh --wait)"
    out=$WORK/sample-w$world
    if ANN=$WORK/ann OUT=$out WORLD=$world BUDGET=$BUDGET SAMPLE_ARGS=$SAMPLE_ARGS \
        "$SLURM/sample.sh" --wait --cpus-per-task=1 --output="$WORK/logs/%x-%A_%a.out" \
        >"$WORK/logs/sample-w$world.txt" 2>&1; then
        pass "sample chain, world $world: histogram -> select -> merge succeeded ($((SECONDS - t0)) s)"
    else
        fail "sample chain, world $world"; sed 's/^/      /' "$WORK/logs/sample-w$world.txt"
    fi
    read -r -a jobs <<<"$(grep -oE 'job [0-9]+' "$WORK/logs/sample-w$world.txt" | grep -oE '[0-9]+' | tr '\n' ' ')"
    submitted+=("${jobs[@]}")
    check "sample world $world: parts + boundary equal the single-process selection" \
        python3 "$COMPARE" selection "$WORK/sample-single" "$out/mix" "$out"/parts/rank-*
done

# ---- 3. annotate-gpu.sbatch with a stand-in vLLM ---------------------------------------------------
if [[ ${SKIP_GPU:-0} != 1 ]]; then
    echo "== annotate-gpu.sbatch with a stand-in for vllm (no GPU here)"
    t0=$SECONDS
    fake=$REPO/scripts/integration/slurm-fake-vllm.py
    python3 "$fake" serve model --served-model-name DataMan-1.5B-EN --port 18391 --load-seconds 0 \
        >"$WORK/logs/fake-reference.log" 2>&1 &
    ref_server=$!
    waiters+=("$ref_server")
    for _ in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:18391/health && break; sleep 0.1; done
    "$DATAMAN" annotate "$SHARDS" --out "$WORK/single-dataman" --rater dataman --model DataMan-1.5B-EN \
        --endpoint http://127.0.0.1:18391/v1 --threads 1 --quiet >"$WORK/logs/single-dataman.log" 2>&1 \
        || fail "single-process annotate --rater dataman against the stand-in server"
    kill "$ref_server"
    : >"$WORK/fake-pids"
    gpu_env="ALL,OUT=$WORK/ann-gpu,WORLD=2,THREADS=1,VLLM=$fake,VLLM_ARGS=--load-seconds 3,LOG_DIR=$WORK/logs/vllm"
    gpu_env+=",FAKE_VLLM_PIDS=$WORK/fake-pids,CONCURRENCY=8"
    # Task 0 gets one "GPU", task 1 two: one server per GPU, dataman spreads requests over both.
    sbatch_wait "$WORK/logs/gpu-0.sbatch" --array=0 --gres=none --cpus-per-task=1 \
        --export="$gpu_env,CUDA_VISIBLE_DEVICES=0" --output="$WORK/logs/gpu-%A_%a.out" "$SLURM/annotate-gpu.sbatch"
    gpu_waiter0=$waiter
    # (a comma cannot go through --export, so this one travels in the environment)
    CUDA_VISIBLE_DEVICES=0,1 sbatch_wait "$WORK/logs/gpu-1.sbatch" --array=1 --gres=none --cpus-per-task=1 \
        --export="$gpu_env" --output="$WORK/logs/gpu-%A_%a.out" "$SLURM/annotate-gpu.sbatch"
    wait "$gpu_waiter0" && rc0=0 || rc0=$?
    wait "$waiter" && rc1=0 || rc1=$?
    if ((rc0 == 0 && rc1 == 0)); then pass "annotate-gpu.sbatch tasks 0 (1 server) and 1 (2 servers) succeeded ($((SECONDS - t0)) s)"
    else fail "annotate-gpu.sbatch: task 0 exit $rc0, task 1 exit $rc1"; tail -n 20 "$WORK"/logs/gpu-*.out | sed 's/^/      /'; fi
    servers=$(wc -l <"$WORK/fake-pids")
    alive=0
    while read -r pid; do if kill -0 "$pid" 2>/dev/null; then alive=$((alive + 1)); fi; done <"$WORK/fake-pids"
    if ((servers == 3 && alive == 0)); then pass "annotate-gpu.sbatch started 3 servers and stopped all of them"
    else fail "annotate-gpu.sbatch: $servers servers started (want 3), $alive still running"; fi
    check "annotate-gpu.sbatch output equals a single-process --rater dataman run" \
        python3 "$COMPARE" annotations "$WORK/single-dataman" "$WORK/ann-gpu"
fi

echo
if ((failures == 0)); then
    echo "ALL PASSED in $SECONDS s"
    [[ -n ${KEEP_WORK:-} ]] || rm -rf "$WORK"
else
    echo "$failures check(s) FAILED in $SECONDS s; logs in $WORK/logs"
    exit 1
fi
