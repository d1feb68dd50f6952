#!/usr/bin/env bash
# End-to-end check of `dataman annotate --rater dataman` against a REAL inference server:
# llama-cpp-python's OpenAI-compatible server, built here from its PyPI sdist, serving a tiny
# random-weight GGUF model with the real Qwen2 vocabulary (make_tiny_gguf.py). A GBNF grammar sent
# through --extra-body holds the random model to DataMan's answer format (a domain letter, then 14
# ratings), so every document must come back rated. The ratings mean nothing; the plumbing is real:
# the ChatML prompt tokenized with Qwen2's special tokens, grammar-constrained sampling, max_tokens 29,
# the stop strings, the health check and the Parquet output. Then the failure cases: a wrong model
# name, a wrong API key and a closed port must stop `dataman annotate` at start-up.
#
# The set-up is cached under .build/integration/ (ignored by git): the sdist, the wheel (5 to 20
# minutes to build on 2 cores, once), a virtual environment and the model. Rerunning skips all of it.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/integration/llama-server.sh [--per-shard N | --all] [--concurrency N] [--port N]
                                          [--dataman PATH] [--setup-only]

  --per-shard N    rate the first N documents of every sample shard (default 6: 102 documents)
  --all            rate every document of shards/ (2,121 documents; about an hour on 2 cores)
  --concurrency N  requests in flight (default 2; the server answers one at a time)
  --port N         the server's port (default: a free one)
  --dataman PATH   the dataman binary (default: `swift build -c release --product dataman` here)
  --setup-only     build llama-cpp-python and the model, then stop
  -h, --help       this text

Needs python3 with venv and pip (PyPI reachable on the first run), pyarrow for the checks
(scripts/setup.sh installs it), and the zstd and lz4 tools for --per-shard.
Environment: DATAMAN_INTEGRATION_DIR overrides the cache folder (default .build/integration).
EOF
}

per_shard=6
concurrency=2
port=""
dataman=""
setup_only=0
while [ $# -gt 0 ]; do
    case "$1" in
        --per-shard) per_shard="${2:?--per-shard needs a number}"; shift 2
                     [[ "$per_shard" =~ ^[1-9][0-9]*$ ]] || { echo "llama-server.sh: --per-shard needs a positive number" >&2; exit 2; } ;;
        --all) per_shard=0; shift ;;
        --concurrency) concurrency="${2:?--concurrency needs a number}"; shift 2 ;;
        --port) port="${2:?--port needs a number}"; shift 2 ;;
        --dataman) dataman="${2:?--dataman needs a path}"; shift 2 ;;
        --setup-only) setup_only=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "llama-server.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/scripts/integration"
say() { echo "llama-server.sh: $*" >&2; }
# shellcheck source=scripts/integration/llama-lib.sh
source "$here/llama-lib.sh"
work="$llama_work"
gguf_version=0.19.0
sdist="$llama_sdist"
venv="$llama_venv"
model="$work/tiny-qwen2.gguf"
alias_name="dataman-tiny-qwen2"
script_start=$(date +%s.%N)

# --- 1. llama-cpp-python, built once from its sdist (PyPI publishes no wheel) ---------------------
llama_setup
llama_require gguf "gguf==$gguf_version"

# --- 2. the tiny model with the real Qwen2 vocabulary ------------------------------------------
if [ ! -f "$model" ] || [ "$here/make_tiny_gguf.py" -nt "$model" ]; then
    vocab="$work/ggml-vocab-qwen2.gguf"
    tar -xzf "$sdist" -O "llama_cpp_python-$llama_version/vendor/llama.cpp/models/ggml-vocab-qwen2.gguf" > "$vocab"
    "$venv/bin/python" "$here/make_tiny_gguf.py" --vocab "$vocab" --out "$model.tmp" --seed 0
    mv "$model.tmp" "$model"
fi
say "set-up ready after $(seconds_since "$script_start") s"
[ "$setup_only" -eq 1 ] && exit 0

# --- 3. the inputs: every shard, or its first N documents as plain JSONL -------------------------
run="$work/run"
rm -rf "$run" && mkdir -p "$run"
if [ "$per_shard" -gt 0 ]; then
    input="$run/input"
    (cd "$root/shards" && find . -type f \( -name '*.jsonl*' -o -name '*.json.gz' \) | sort) | while read -r shard; do
        plain="$input/${shard%.*}"
        case "$shard" in
            *.jsonl) plain="$input/$shard"; cp "$root/shards/$shard" "$run/whole" ;;
            *.zst) zstd -q -dc "$root/shards/$shard" > "$run/whole" ;;
            *.lz4) lz4 -q -dc "$root/shards/$shard" > "$run/whole" ;;
            *.gz) gzip -dc "$root/shards/$shard" > "$run/whole" ;;
        esac
        mkdir -p "$(dirname "$plain")"
        head -n "$per_shard" "$run/whole" > "$plain"
    done
    rm -f "$run/whole"
else
    input="$root/shards"
fi

# --- 4. the dataman binary ----------------------------------------------------------------------
if [ -z "$dataman" ]; then
    say "building dataman (release)"
    (cd "$root" && swift build -c release --product dataman >/dev/null)
    dataman="$root/.build/release/dataman"
fi
[ -x "$dataman" ] || { say "no dataman binary at $dataman"; exit 1; }

# --- 5. the server ------------------------------------------------------------------------------
[ -n "$port" ] || port=$(llama_free_port)
endpoint="http://127.0.0.1:$port/v1"
trap llama_stop_server EXIT
trap 'exit 130' INT TERM
# The server wants an API key, so the run also proves --api-key-env; a fresh one per run.
DATAMAN_INTEGRATION_API_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
export DATAMAN_INTEGRATION_API_KEY
# One request at a time (llama-cpp-python serialises them); n_ctx covers DataMan's 1,894 text
# tokens plus the template and the answer.
llama_start_server "$port" "$run/server.log" "$run/models.json" --model "$model" --model_alias "$alias_name" \
    --n_ctx 4096 --n_threads 2 --api_key "$DATAMAN_INTEGRATION_API_KEY"

grammar="$llama_answer_grammar"
extra_body=$(llama_grammar_body)

# A direct request first, shaped like the engine's, so a server or grammar problem is told apart
# from an engine problem.
"$venv/bin/python" "$here/probe_server.py" --endpoint "$endpoint" --model "$alias_name" \
    --api-key-env DATAMAN_INTEGRATION_API_KEY --criteria "$root/criteria" --grammar "$grammar" --shard "$(find "$input" -name '*.jsonl' | sort | head -n 1)"

# --- 6. the real engine --------------------------------------------------------------------------
documents=$(python3 "$here/check_annotations.py" --count "$input")
say "annotating $documents documents through $endpoint (concurrency $concurrency)"
annotate_start=$(date +%s.%N)
"$dataman" annotate "$input" --out "$run/annotations" --rater dataman --endpoint "$endpoint" \
    --model "$alias_name" --api-key-env DATAMAN_INTEGRATION_API_KEY --extra-body "$extra_body" \
    --concurrency "$concurrency" 2> "$run/annotate.log" || {
    say "dataman annotate failed; its output:"; cat "$run/annotate.log" >&2; exit 1; }
annotate_seconds=$(seconds_since "$annotate_start")
tail -n 12 "$run/annotate.log" >&2
python3 "$here/check_annotations.py" --inputs "$input" --out "$run/annotations" --model "$alias_name"
python3 -c 'import sys; n, s = int(sys.argv[1]), float(sys.argv[2])
print(f"annotate: {n} documents in {s:.1f} s: {n / s:.2f} requests/s, {s / n:.2f} s per document")' \
    "$documents" "$annotate_seconds"

# --- 7. bad input: start-up must fail fast with a clear message -----------------------------------
expect_startup_failure() {  # name, expected phrase, then dataman arguments
    local name="$1" phrase="$2"; shift 2
    local start status=0
    start=$(date +%s.%N)
    "$dataman" annotate "$input" --out "$run/bad-$name" --rater dataman --extra-body "$extra_body" "$@" \
        > "$run/bad-$name.log" 2>&1 || status=$?
    local took
    took=$(seconds_since "$start")
    say "$name: exit $status after $took s: $(tr '\n' ' ' < "$run/bad-$name.log")"
    [ "$status" -ne 0 ] || { say "FAIL: $name: dataman annotate succeeded"; exit 1; }
    python3 -c 'import sys; sys.exit(float(sys.argv[1]) >= 30)' "$took" || { say "FAIL: $name took $took s (limit 30 s)"; exit 1; }
    grep -q -- "$phrase" "$run/bad-$name.log" || { say "FAIL: $name: the message does not say \"$phrase\""; exit 1; }
    [ -z "$(find "$run/bad-$name" -name '*.parquet' 2>/dev/null)" ] || { say "FAIL: $name wrote annotation files"; exit 1; }
}
DATAMAN_INTEGRATION_WRONG_KEY=not-the-key
export DATAMAN_INTEGRATION_WRONG_KEY
expect_startup_failure wrong-model "does not serve model" --endpoint "$endpoint" --model no-such-model \
    --api-key-env DATAMAN_INTEGRATION_API_KEY
expect_startup_failure wrong-api-key "refused the API key" --endpoint "$endpoint" --model "$alias_name" \
    --api-key-env DATAMAN_INTEGRATION_WRONG_KEY
llama_stop_server
expect_startup_failure closed-port "cannot reach" --endpoint "$endpoint" --model "$alias_name" \
    --api-key-env DATAMAN_INTEGRATION_API_KEY

say "PASS in $(seconds_since "$script_start") s (annotations in $run/annotations, server log $run/server.log)"
