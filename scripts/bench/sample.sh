#!/usr/bin/env bash
# Sample benchmark: `dataman sample` selecting a token budget (top-k by overall_score, DataMan's
# multi_domain strata) from millions of annotation rows, against the same selection done by DuckDB
# in the same run (window sum over the same seeded keys), with wall time, rows/s and peak memory,
# and a check that both select the same documents.
#
# Usage: scripts/bench/sample.sh [WORK_DIR]        (default /tmp/dataman-bench-sample)
#   ANNOTATIONS=dir   real annotation files to expand (default: annotate the corpus with dataman)
#   CORPUS=file.jsonl the corpus annotated when ANNOTATIONS is not given (default: scripts/bench/corpus.sh builds one)
#   ROWS=10000000     annotation rows to generate by repeating the real ones with new ids
#   BUDGET=1B         tokens to select;  SEED=0
#   DATAMAN=path      a dataman binary (default: swift build -c release in the repository)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/dataman-bench-sample}
rows=${ROWS:-10000000}
budget=${BUDGET:-1B}
seed=${SEED:-0}
cores=$(nproc)
mkdir -p "$work"

if [ -z "${DATAMAN:-}" ]; then
    (cd "$repo" && swift build -c release >&2)
    DATAMAN="$repo/.build/release/dataman"
fi

real=${ANNOTATIONS:-$work/real-annotations}
if [ ! -d "$real" ]; then
    source "$(dirname "$0")/corpus.sh"
    corpus=$BENCH_CORPUS
    mkdir -p "$work/corpus-in"
    ln -sf "$corpus" "$work/corpus-in/corpus.jsonl"
    echo "annotating $corpus (heuristic rater) for real annotation rows" >&2
    "$DATAMAN" annotate "$work/corpus-in" --out "$real" --source-field source --quiet >&2
fi

python3 -c "import pyarrow, duckdb" || { echo "needs pyarrow and duckdb (pip install pyarrow duckdb)" >&2; exit 1; }
python3 -c "import xxhash" 2>/dev/null || pip install --quiet --disable-pip-version-check xxhash >&2 || true

# Repeat the real rows with new ids ("<id>#<copy>", id_hash = XXH3-64 of it) as parts of larger
# virtual shards (line numbers continue from copy to copy), 500,000 rows per file.
expanded="$work/expanded-$rows"
if [ ! -d "$expanded" ]; then
    python3 - "$real" "$expanded.tmp" "$rows" <<'PY'
import glob, math, os, sys
import numpy as np, pyarrow as pa, pyarrow.compute as pc, pyarrow.parquet as pq
real, out, target = sys.argv[1], sys.argv[2], int(sys.argv[3])
try:
    import xxhash
    def hashes(ids): return np.array([xxhash.xxh3_64_intdigest(i.encode()) for i in ids], dtype=np.uint64).view(np.int64)
except ImportError:
    sys.exit("needs the xxhash module for id_hash (pip install xxhash)")
files = sorted(glob.glob(os.path.join(real, "**", "*.parquet"), recursive=True))
tables = [(pq.read_table(f), pq.read_metadata(f).metadata) for f in files]
total = sum(t.num_rows for t, _ in tables)
copies = math.ceil(target / total)
per_file = 500_000
os.makedirs(out, exist_ok=True)
written = 0
for t, meta in tables:
    path = meta[b"dataman.input.path"].decode()
    lines = t.column("line").to_numpy()
    span = int(lines.max()) + 1 if len(lines) else 1
    offsets = t.column("offset").to_numpy()
    width = int(offsets.max()) + 1 if len(offsets) else 1
    ids = t.column("doc_id").to_pylist()
    parts, pending, part = [], [], 0
    def flush(pending, part):
        table = pa.concat_tables(pending)
        table = table.replace_schema_metadata({**meta, b"dataman.input.path": f"x{copies}/{path}".encode(),
                                                b"dataman.rows": str(table.num_rows).encode()})
        pq.write_table(table, os.path.join(out, f"{path.replace('/', '_')}.part-{part:05d}.parquet"),
                       row_group_size=65536, compression="zstd")
    size = 0
    for k in range(copies):
        if written >= target: break
        n = min(t.num_rows, target - written)
        new_ids = [f"{i}#{k}" for i in ids[:n]]
        copy = t.slice(0, n)
        copy = copy.set_column(copy.schema.get_field_index("doc_id"), "doc_id", pa.array(new_ids))
        copy = copy.set_column(copy.schema.get_field_index("id_hash"), "id_hash", pa.array(hashes(new_ids)))
        copy = copy.set_column(copy.schema.get_field_index("line"), "line", pa.array(lines[:n] + k * span))
        copy = copy.set_column(copy.schema.get_field_index("offset"), "offset", pa.array(offsets[:n] + k * width))
        pending.append(copy); size += n; written += n
        if size >= per_file:
            flush(pending, part); pending, size, part = [], 0, part + 1
    if pending: flush(pending, part)
print(f"{written} rows in {len(os.listdir(out))} files from {total} real rows x {copies}", file=sys.stderr)
PY
    mv "$expanded.tmp" "$expanded"
fi

cat > "$work/duckdb_topk.py" <<'PY'
# The same selection in SQL: keys splitmix64(id_hash ^ splitmix64(seed)) (modulo 2^64 in INT128
# halves), budgets int(tokens_s / total * T) then int(tokens_sd / tokens_s * budget_s), and per
# cell a window sum in key order keeping rows whose preceding sum is under the budget.
import sys, duckdb
src, budget, threads, seed, out = sys.argv[1], int(float(sys.argv[2])), sys.argv[3], int(sys.argv[4]), sys.argv[5]
MASK = (1 << 64) - 1
def mix(x):
    z = (x + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)
con = duckdb.connect()
con.execute(f"SET threads={threads}")
con.execute(f"CREATE MACRO mulmod(a, b) AS ((((a & 4294967295) * b) + ((((a >> 32) * b) & 4294967295) << 32)) & {MASK})")
con.execute(f"""COPY (
WITH raw AS (
  SELECT doc_id, line, tokens, source, domain, overall_score AS score, filename AS file,
         (xor(id_hash::HUGEINT & {MASK}, {mix(seed)}::HUGEINT) + {0x9E3779B97F4A7C15}) & {MASK} AS z0
  FROM read_parquet('{src}/**/*.parquet', filename = true)
  WHERE error IS NULL AND overall_score IS NOT NULL
), s1 AS (SELECT * EXCLUDE (z0), mulmod(xor(z0, z0 >> 30), {0xBF58476D1CE4E5B9}::HUGEINT) AS z1 FROM raw
), s2 AS (SELECT * EXCLUDE (z1), mulmod(xor(z1, z1 >> 27), {0x94D049BB133111EB}::HUGEINT) AS z2 FROM s1
), pool AS (SELECT * EXCLUDE (z2), xor(z2, z2 >> 31)::UBIGINT AS u FROM s2
), total AS (SELECT sum(tokens)::DOUBLE AS t FROM pool
), per_source AS (SELECT source, sum(tokens)::DOUBLE AS t FROM pool GROUP BY source
), cells AS (
  SELECT c.source, c.domain, trunc(c.t / s.t * trunc(s.t / total.t * {budget}::DOUBLE)) AS budget
  FROM (SELECT source, domain, sum(tokens)::DOUBLE AS t FROM pool GROUP BY source, domain) c
  JOIN per_source s USING (source), total
), ranked AS (
  SELECT doc_id, tokens, source, domain,
         coalesce(sum(tokens) OVER (PARTITION BY source, domain ORDER BY score DESC, u DESC, file, line
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
  FROM pool
)
SELECT r.doc_id, r.tokens FROM ranked r
JOIN cells c ON r.source = c.source AND r.domain IS NOT DISTINCT FROM c.domain
WHERE r.before < c.budget
) TO '{out}' (FORMAT parquet)""")
PY

budget_tokens=$(python3 -c "
import sys; t = sys.argv[1]; m = {'K': 1e3, 'M': 1e6, 'B': 1e9, 'T': 1e12}
print(int(float(t[:-1]) * m[t[-1].upper()]) if t[-1].upper() in m else int(float(t)))" "$budget")
row_count=$(python3 -c "import duckdb,sys; print(duckdb.sql(f\"select count(*) from '{sys.argv[1]}/**/*.parquet'\").fetchall()[0][0])" "$expanded")

run_timed() {   # run_timed NAME CMD... -> sets SECONDS_ and RSS_MB
    local name=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 || { echo "$name failed; see $work/$name.log" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
    read -r SECONDS_ RSS_KB < "$work/$name.time"
    RSS_MB=$((RSS_KB / 1024))
}

report() {      # report LABEL THREADS
    python3 -c "
import sys
label, threads, seconds, rss, rows = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], int(sys.argv[5])
print(f'{label:<34} {threads:>2} thr {seconds:8.2f} s {rows / seconds / 1e6:8.2f} M rows/s {rss:>6} MB peak')
" "$1" "$2" "$SECONDS_" "$RSS_MB" "$row_count"
}

echo "select $budget tokens (top-k by overall_score, multi_domain) from $row_count annotation rows"
echo "($(ls "$expanded" | wc -l) files, $(du -sh "$expanded" | cut -f1)); $cores cores"
echo

for threads in 1 "$cores"; do
    rm -rf "$work/out-$threads"
    run_timed "dataman-$threads" "$DATAMAN" sample "$expanded" --budget "$budget_tokens" --seed "$seed" --threads "$threads" --out "$work/out-$threads"
    report "dataman sample" "$threads"
    rm -f "$work/duckdb-$threads.parquet"
    run_timed "duckdb-$threads" python3 "$work/duckdb_topk.py" "$expanded" "$budget_tokens" "$threads" "$seed" "$work/duckdb-$threads.parquet"
    report "duckdb (window sum)" "$threads"
done

echo
python3 - "$work/out-$cores/selection.parquet" "$work/duckdb-$cores.parquet" "$work/out-1/selection.parquet" <<'PY'
import sys, duckdb
ours = set(r[0] for r in duckdb.sql(f"select doc_id from '{sys.argv[1]}'").fetchall())
theirs = set(r[0] for r in duckdb.sql(f"select doc_id from '{sys.argv[2]}'").fetchall())
single = duckdb.sql(f"select doc_id from '{sys.argv[3]}'").fetchall()
tokens = duckdb.sql(f"select sum(tokens) from '{sys.argv[1]}'").fetchall()[0][0]
print(f"dataman selected {len(ours)} documents ({tokens} tokens); duckdb {len(theirs)}; "
      f"only in dataman: {len(ours - theirs)}, only in duckdb: {len(theirs - ours)}; "
      f"1 thread and all threads identical: {set(r[0] for r in single) == ours}")
sys.exit(0 if ours == theirs else 1)
PY
