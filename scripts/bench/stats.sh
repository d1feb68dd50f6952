#!/usr/bin/env bash
# Stats benchmark: `dataman stats` over synthetic annotation files against DuckDB computing the
# same aggregates from the same files, in the same run: per criterion the documents and tokens at
# each rating, the 91 Pearson correlations, the domain and source composition and the error count.
# (dataman also computes Spearman's rho in that pass; DuckDB's window-function Spearman is timed
# only with SPEARMAN=1, as at 10M rows it needs tens of GB.) The two results are compared, so the
# benchmark is also a check.
#
# Usage: scripts/bench/stats.sh [WORK_DIR]       (default /tmp/dataman-bench-stats)
#   ROWS=10000000   rows of synthetic annotations       FILES=16   files they are split into
#   DATAMAN=path    a dataman binary to use instead of building the package in release mode
#   SPEARMAN=1      also time DuckDB's Spearman (mid-ranks by window functions; memory hungry)
# Targets (issue 6): within 2x of DuckDB's wall time, under 300 MB peak memory.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/dataman-bench-stats}
rows=${ROWS:-10000000}
files=${FILES:-16}
cores=$(nproc)
mkdir -p "$work"
python3 -c "import duckdb" 2>/dev/null || { echo "python3 with duckdb is needed: pip install duckdb" >&2; exit 2; }

criteria="accuracy coherence language_consistency semantic_density knowledge_novelty topic_focus creativity professionalism style_consistency grammatical_diversity structural_standardization originality sensitivity overall_score"
data="$work/annotations-$rows-$files"
if [ ! -f "$data/.complete" ]; then
    echo "writing $rows synthetic annotation rows in $files files to $data" >&2
    rm -rf "$data"; mkdir -p "$data"
    # Correlated ratings (a latent quality plus per-criterion offsets and noise), skewed domains,
    # 7 sources, 0.4% error rows with null ratings and domain: the shape of real annotations.
    python3 - "$rows" "$files" "$data" $criteria <<'PY'
import sys, duckdb
rows, files, out, criteria = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
domains = ["Medicine", "Finance", "Law", "Education", "Technology", "Entertainment", "Mathematics", "Coding",
           "Government", "Culture", "Transportation", "Retail E-commerce", "Telecommunication", "Agriculture", "Other"]
offsets = [0.6, 0.2, 0.9, 0.1, -1.2, 0.0, -1.6, -0.3, 0.2, -0.1, 0.3, 0.5, 1.3, 0.0]
con = duckdb.connect()
ratings = ", ".join(f"case when err then null else greatest(1, least(5, round(q + {o} + (random() + random() - 1) * 1.6)))::tinyint end as {c}"
                    for c, o in zip(criteria, offsets))
domain_list = "[" + ", ".join(f"'{d}'" for d in domains) + "]"
per = rows // files
for k in range(files):
    lo, hi = k * per, rows if k == files - 1 else (k + 1) * per
    meta = {"dataman.input.path": f"synthetic/part-{k:03d}.jsonl", "dataman.criteria_version": "synthetic",
            "dataman.schema_version": "1", "dataman.tokenizer": "synthetic", "dataman.rater.kind": "synthetic",
            "dataman.rater.model": "bench", "dataman.text_field": "text", "dataman.id_field": "id"}
    kv = "{" + ", ".join(f"'{a}': '{b}'" for a, b in meta.items()) + "}"
    con.execute(f"""copy (
        select 'doc-' || i as doc_id, (hash(i) >> 1)::bigint as id_hash, (i - {lo})::bigint as line,
               ((i - {lo}) * 1000)::bigint as "offset", 900::int as length,
               ['web', 'books', 'code', 'wiki', 'arxiv', 'c4', 'stack'][1 + (i % 7)::int] as source,
               (20 + random() * random() * 4000)::int as tokens, {ratings},
               case when err then null else {domain_list}[1 + floor(15 * random() * random())::int] end as domain,
               case when err then 'bad record: not JSON at byte ' || (i % 977) end as error
        from (select i, random() < 0.004 as err, 4.2 - random() * random() * 3 as q from range({lo}, {hi}) t(i))
    ) to '{out}/part-{k:03d}.jsonl.parquet' (format parquet, compression zstd, row_group_size 65536, kv_metadata {kv})""")
PY
    touch "$data/.complete"
fi

if [ -n "${DATAMAN:-}" ]; then
    dataman=$DATAMAN
else
    (cd "$repo" && swift build -c release --product dataman >&2)
    dataman="$repo/.build/release/dataman"
fi

run_timed() {   # run_timed NAME CMD... -> WALL (s), CPU (user+system s), RSS_MB
    local name=$1; shift
    /usr/bin/time -f "%e %M %U %S" -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 \
        || { echo "$name failed; see $work/$name.log" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
    read -r WALL rss_kb user system < "$work/$name.time"
    CPU=$(python3 -c "print(round($user + $system, 2))")
    RSS_MB=$((rss_kb / 1024))
}

echo "$rows annotation rows in $files Parquet files ($(du -sh "$data" | cut -f1)); $cores cores"
# Warm the page cache so neither side pays for the first read.
cat "$data"/*.parquet > /dev/null

run_timed dataman "$dataman" stats "$data" --json "$work/dataman.json" --quiet
dataman_wall=$WALL; printf "%-64s %7.2f s wall %7.2f s cpu %6d MB peak\n" "dataman stats (histograms, means, quantiles, r, rho, composition)" "$WALL" "$CPU" "$RSS_MB"
dataman_rss=$RSS_MB

run_timed duckdb python3 - "$data" "$work/duckdb.json" ${SPEARMAN:+spearman} $criteria <<'PY'
import json, sys, time, duckdb
data, out, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
spearman = bool(rest) and rest[0] == "spearman"
criteria = rest[1:] if spearman else rest
con = duckdb.connect()
con.execute(f"create view a as select * from read_parquet('{data}/*.parquet')")
pairs = [(x, y) for i, x in enumerate(criteria) for y in criteria[i + 1:]]
result = {"histograms": {c: [[0] * 5, [0] * 5] for c in criteria}}
for c, r, n, t in con.execute(f"select c, r, count(*), sum(tokens)::bigint from (unpivot a on {', '.join(criteria)} into name c value r) group by all").fetchall():
    result["histograms"][c][0][r - 1], result["histograms"][c][1][r - 1] = n, t
result["pearson"] = list(con.execute("select " + ", ".join(f"corr({x}, {y})" for x, y in pairs) + " from a").fetchone())
result["domains"] = {d or "(no domain)": [n, t] for d, n, t in con.execute("select domain, count(*), sum(tokens)::bigint from a group by 1").fetchall()}
result["sources"] = {s: [n, t] for s, n, t in con.execute("select source, count(*), sum(tokens)::bigint from a group by 1").fetchall()}
result["rows"], result["errors"] = con.execute("select count(*), count(error) from a").fetchone()
if spearman:
    start = time.time()
    ranks = ", ".join(f"rank() over (order by {c}) + (count(*) over (partition by {c}) - 1) / 2.0 as {c}" for c in criteria)
    complete = " and ".join(f"{c} is not null" for c in criteria)
    result["spearman"] = list(con.execute("select " + ", ".join(f"corr({x}, {y})" for x, y in pairs)
                                          + f" from (select {ranks} from a where {complete})").fetchone())
    print(f"spearman: {time.time() - start:.2f} s", file=sys.stderr)
json.dump(result, open(out, "w"))
PY
duck_wall=$WALL; printf "%-64s %7.2f s wall %7.2f s cpu %6d MB peak\n" "DuckDB $(python3 -c 'import duckdb; print(duckdb.__version__)') (histograms, r, composition${SPEARMAN:+, rho by windows})" "$WALL" "$CPU" "$RSS_MB"
[ -n "${SPEARMAN:-}" ] && grep spearman "$work/duckdb.log" | sed 's/^/  DuckDB /'

# The two must agree: exact counts, correlations to 1e-9.
python3 - "$work/dataman.json" "$work/duckdb.json" <<'PY'
import json, sys
ours, theirs = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
overall, problems = ours["overall"], []
if overall["rows"] != theirs["rows"] or overall["error_rows"] != theirs["errors"]:
    problems.append(f"rows/errors {overall['rows']}/{overall['error_rows']} vs {theirs['rows']}/{theirs['errors']}")
for c in overall["criteria"]:
    if [c["documents"], c["tokens"]] != theirs["histograms"][c["name"]]:
        problems.append(f"{c['name']} histogram differs")
pearson = [overall["pearson"][ours["criteria"].index(a)][ours["criteria"].index(b)] for a, b in ours["pairs"]]
if any(abs(a - b) > 1e-9 for a, b in zip(pearson, theirs["pearson"])):
    problems.append("Pearson correlations differ")
if "spearman" in theirs:
    rho = [overall["spearman"][ours["criteria"].index(a)][ours["criteria"].index(b)] for a, b in ours["pairs"]]
    if any(abs(a - b) > 1e-9 for a, b in zip(rho, theirs["spearman"])):
        problems.append("Spearman correlations differ")
for key in ("domains", "sources"):
    if {d["name"]: [d["documents"], d["tokens"]] for d in overall[key]} != theirs[key]:
        problems.append(f"{key} differ")
if problems:
    sys.exit("dataman and DuckDB disagree: " + "; ".join(problems))
print("results agree: every count exactly, correlations within 1e-9")
PY

python3 - "$dataman_wall" "$duck_wall" "$dataman_rss" <<'PY'
import sys
ours, theirs, rss = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
ratio = ours / theirs if theirs > 0 else float("inf")
print(f"dataman / DuckDB wall time: {ratio:.2f}x (target <= 2x: {'met' if ratio <= 2 else 'MISSED'}); "
      f"peak {rss} MB (target < 300 MB: {'met' if rss < 300 else 'MISSED'})")
PY
