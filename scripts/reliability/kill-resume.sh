#!/usr/bin/env bash
# Kill and resume: runs `dataman annotate` on SHARDS, SIGKILLs it at KILLS random moments after it
# takes the output lock (each rerun resumes the last), lets the last run finish, then checks that
# the output equals an uninterrupted run's value for value (pyarrow) and no stray file is left.
# Usage: scripts/reliability/kill-resume.sh SHARDS [KILLS=20] [MAX_DELAY_S=3] [extra annotate options...]
set -euo pipefail
SHARDS=$1; KILLS=${2:-20}; MAX_DELAY=${3:-3}; shift $(( $# < 3 ? $# : 3 ))
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATAMAN=${DATAMAN:-$ROOT/.build/release/dataman}
WORK=$(mktemp -d /tmp/dataman-kill-resume.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
ARGS=(annotate "$SHARDS" --tokenizer estimate -q "$@")

"$DATAMAN" "${ARGS[@]}" --out "$WORK/reference" 2>/dev/null
kills=0; interrupted_commits=0
for i in $(seq 1 "$KILLS"); do
    "$DATAMAN" "${ARGS[@]}" --out "$WORK/out" 2>/dev/null & pid=$!
    # The random moment is counted from when this run holds the output lock (start-up excluded).
    for _ in $(seq 1 600); do grep -qs "^pid $pid " "$WORK/out/_dataman.lock" && break; sleep 0.05; done
    sleep "$(python3 -c "import random; print(random.uniform(0.05, $MAX_DELAY))")"
    if kill -KILL "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
    wait "$pid" 2>/dev/null || true
    ls "$WORK/out" 2>/dev/null | grep -q '\.tmp$' && interrupted_commits=$((interrupted_commits + 1))
done
"$DATAMAN" "${ARGS[@]}" --out "$WORK/out" 2>/dev/null
echo "SIGKILLs delivered: $kills of $KILLS (runs that left a .tmp behind, i.e. killed mid-shard or mid-commit: $interrupted_commits)"
python3 - "$WORK/reference" "$WORK/out" <<'PY'
import sys, pathlib, pyarrow.parquet as pq
ref, out = map(pathlib.Path, sys.argv[1:])
names = sorted(p.relative_to(ref) for p in ref.rglob("*.parquet"))
assert names == sorted(p.relative_to(out) for p in out.rglob("*.parquet")), "different file sets"
stray = [p.name for p in out.rglob("*") if p.is_file() and not p.name.endswith(".parquet") and p.name not in ("_dataman.json", "_dataman.lock")]
assert not stray, f"stray files: {stray}"
rows = 0
for n in names:
    a, b = pq.read_table(ref / n), pq.read_table(out / n)
    assert a.equals(b), f"{n} differs"
    rows += a.num_rows
print(f"identical: {len(names)} files, {rows} rows, value for value")
PY
