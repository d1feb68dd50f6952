# Shared by llama-server.sh and distill-real-llm.sh (sourced, not run): llama-cpp-python built once
# from its PyPI sdist into a cached wheel and a virtual environment, and its OpenAI-compatible server
# started and stopped around a run.
#
# The caller sets `root` (the checkout) and `say` (its log function) before sourcing; this file sets
# llama_work, llama_venv, llama_sdist and llama_pip. The cache lives under .build/integration/
# (ignored by git), or DATAMAN_INTEGRATION_DIR.

llama_version=0.3.36
llama_work="${DATAMAN_INTEGRATION_DIR:-$root/.build/integration}"
llama_sdist="$llama_work/downloads/llama_cpp_python-$llama_version.tar.gz"
llama_venv="$llama_work/venv"

seconds_since() { python3 -c "import sys,time; print(f'{time.time() - float(sys.argv[1]):.1f}')" "$1"; }

# The virtual environment, the sdist and the wheel, each made once; then llama-cpp-python[server]
# installed into the environment if it is not there at this version.
llama_setup() {
    mkdir -p "$llama_work/downloads" "$llama_work/wheels"
    [ -x "$llama_venv/bin/python" ] || python3 -m venv "$llama_venv" || {
        say "cannot make a virtual environment in $llama_venv; on Debian install python3-venv"; return 1; }
    llama_pip=("$llama_venv/bin/python" -m pip --quiet --disable-pip-version-check)
    if [ ! -f "$llama_sdist" ]; then
        say "downloading the llama-cpp-python $llama_version sdist"
        # Plain `pip download`: --no-binary :all: would also build cmake and ninja from source.
        "${llama_pip[@]}" download --no-deps "llama-cpp-python==$llama_version" -d "$llama_work/downloads"
    fi
    local wheel
    wheel=$(find "$llama_work/wheels" -name "llama_cpp_python-$llama_version-*.whl" | head -n 1)
    if [ -z "$wheel" ]; then
        say "building the llama-cpp-python wheel (5 to 20 minutes on 2 cores; cached afterwards)"
        local build_start
        build_start=$(date +%s.%N)
        # Portable (no -march=native), no curl, and no multimodal library (only the llava chat
        # handlers load it, lazily); 2 compile jobs so a shared machine stays usable.
        CMAKE_ARGS="-DLLAMA_CURL=OFF -DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF" CMAKE_BUILD_PARALLEL_LEVEL=2 \
            "${llama_pip[@]}" wheel --no-deps "$llama_sdist" -w "$llama_work/wheels"
        wheel=$(find "$llama_work/wheels" -name "llama_cpp_python-$llama_version-*.whl" | head -n 1)
        say "built $(basename "$wheel") in $(seconds_since "$build_start") s"
    fi
    if ! "$llama_venv/bin/python" -c "import llama_cpp.server.app
from importlib.metadata import version
assert version('llama_cpp_python') == '$llama_version'" >/dev/null 2>&1; then
        say "installing llama-cpp-python[server] into $llama_venv"
        "${llama_pip[@]}" install "${wheel}[server]"
    fi
}

# Installs a pinned package into the environment unless `import MODULE` already finds that version.
llama_require() {  # module, pip requirement name==version
    local module="$1" requirement="$2"
    "$llama_venv/bin/python" -c "import $module
from importlib.metadata import version
assert version('${requirement%%==*}') == '${requirement#*==}'" >/dev/null 2>&1 && return 0
    say "installing $requirement into $llama_venv"
    "${llama_pip[@]}" install "$requirement"
}

llama_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts `python -m llama_cpp.server` in the background and waits until GET /v1/models answers
# (models JSON written to $3). Arguments after the third go to the server. Stop it with
# llama_stop_server, which the caller's EXIT trap should call.
llama_server_pid=""
llama_start_server() {  # port, log file, models JSON file, server arguments...
    local port="$1" log="$2" models="$3"; shift 3
    local endpoint="http://127.0.0.1:$port/v1" auth=()
    [ -z "${DATAMAN_INTEGRATION_API_KEY:-}" ] || auth=(-H "Authorization: Bearer $DATAMAN_INTEGRATION_API_KEY")
    "$llama_venv/bin/python" -m llama_cpp.server --host 127.0.0.1 --port "$port" "$@" > "$log" 2>&1 &
    llama_server_pid=$!
    local start
    start=$(date +%s.%N)
    until curl -sf "${auth[@]}" "$endpoint/models" > "$models" 2>/dev/null; do
        kill -0 "$llama_server_pid" 2>/dev/null || { say "the server died; its log:"; tail -n 30 "$log" >&2; return 1; }
        [ "$(python3 -c "import sys,time; print(int(time.time() - float(sys.argv[1]) > 120))" "$start")" = 0 ] || {
            say "the server did not answer $endpoint/models within 120 s; its log:"; tail -n 30 "$log" >&2; return 1; }
        sleep 0.5
    done
    say "server up on $endpoint in $(seconds_since "$start") s: $(cat "$models")"
}

# uvicorn's graceful shutdown waits for the request in flight, and llama-cpp-python does not stop
# generating when its client gives up: after an interrupted run that can be minutes, so the server
# gets 5 s and is then killed.
llama_stop_server() {
    if [ -n "$llama_server_pid" ]; then
        kill "$llama_server_pid" 2>/dev/null || true
        local tries=0
        while kill -0 "$llama_server_pid" 2>/dev/null && [ "$tries" -lt 50 ]; do sleep 0.1; tries=$((tries + 1)); done
        kill -KILL "$llama_server_pid" 2>/dev/null || true
        wait "$llama_server_pid" 2>/dev/null || true
        llama_server_pid=""
    fi
}

# DataMan's all_rating answer, exactly: a domain letter A-O, then 14 lines of one rating 1-5.
# With Qwen2's vocabulary (and SmolLM2's, which splits digits) a letter, a digit and a newline are
# one token each, so 1 + 14 x 2 = 29 tokens: the engine's max_tokens for all_rating.
llama_answer_grammar='root ::= [A-O] ("\n" [1-5]){14}'
# The grammar as dataman's --extra-body wants it.
llama_grammar_body() {
    python3 -c 'import json, sys; print(json.dumps({"grammar": sys.argv[1]}))' "$llama_answer_grammar"
}
