#!/usr/bin/env bash
# Kill and resume with `--rater dataman` against scripts/testserver/openai_server.py injecting 429s,
# 500s, connection resets, slow and malformed answers: SIGKILLs `dataman annotate` at KILLS random
# moments after it takes the output lock, reruns it each time, lets the last run finish, then checks
# (compare_annotations.py dataman) one row per input line, every rated row equal to an uninterrupted
# run's and to the server's deterministic answer, and error rows only where the server never gave a
# valid answer. The uninterrupted run uses a server with no random faults, only the texts it never
# answers validly (--never-valid-every), so its error rows are exactly those.
# Usage: scripts/reliability/kill-resume-dataman.sh SHARDS [KILLS=20] [MAX_DELAY_S=3] [extra annotate options...]
#   FAULTS="--rate-429 0.05 ..." replaces the killed runs' fault rates (see openai_server.py --help).
set -euo pipefail
[[ $# -ge 1 ]] || { sed -n '2,10p' "$0" >&2; exit 2; }
SHARDS=$1; KILLS=${2:-20}; MAX_DELAY=${3:-3}; shift $(( $# < 3 ? $# : 3 ))
source "$(dirname "$0")/lib.sh"
scratch kill-resume-dataman
NEVER_VALID=(--never-valid-every 40)
read -r -a FAULTS <<< "${FAULTS:---rate-429 0.05 --retry-after 0.2 --rate-500 0.05 --rate-slow 0.05 --slow-seconds 0.3 --rate-malformed 0.03 --rate-reset 0.03}"
start_test_server CLEAN "${NEVER_VALID[@]}"
start_test_server FAULTY "${NEVER_VALID[@]}" "${FAULTS[@]}" --seed 2
ARGS=(annotate "$SHARDS" --rater dataman --model DataMan-1.5B-EN --tokenizer estimate -q "$@")

"$DATAMAN" "${ARGS[@]}" --endpoint "$CLEAN_URL" --out "$WORK/reference" 2>/dev/null
interrupted=0
ready() { wait_for_lock "$WORK/out" "$1"; }
count_tmp() { if has_temporary "$WORK/out"; then interrupted=$((interrupted + 1)); fi; }
started=$SECONDS
kill_and_rerun "$KILLS" 0.05 "$MAX_DELAY" ready count_tmp -- "$DATAMAN" "${ARGS[@]}" --endpoint "$FAULTY_URL" --out "$WORK/out"
"$DATAMAN" "${ARGS[@]}" --endpoint "$FAULTY_URL" --out "$WORK/out" 2> "$WORK/last-run.log" || { cat "$WORK/last-run.log"; exit 1; }
echo "SIGKILLs delivered: $KILLS_DELIVERED of $RUNS runs, then one run to the end ($((SECONDS - started)) s in all;" \
     "runs that left a .tmp behind: $interrupted)"
server_stats FAULTY > "$WORK/stats.json"
python3 -c "import json, sys; s = json.load(open(sys.argv[1])); print(f\"server answered {s['requests']} requests: faults {s['faults']},\",
    f\"{s['truncated']} bodies cut off by a kill, {len(s['valid'])} texts answered validly\")" "$WORK/stats.json"
python3 "$RELIABILITY/compare_annotations.py" dataman "$WORK/reference" "$WORK/out" "$SHARDS" "$WORK/stats.json" "$ROOT/criteria"
