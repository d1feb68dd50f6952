#!/usr/bin/env bash
# HTTP rater benchmark: how many requests per second `dataman annotate --rater dataman` keeps going
# against an OpenAI-compatible server that answers after a fixed delay, and how much client CPU
# each request costs, next to a Python asyncio + aiohttp client sending the same bodies at the
# same concurrency, in the same run.
#
# Usage: scripts/bench/http-rater.sh [WORK_DIR]          (default /tmp/dataman-http-bench)
#   DATAMAN=path          the dataman binary to measure (default: swift build -c release here)
#   CONCURRENCIES="16 32 64 128 256"   requests in flight, one row each
#   DELAY_MS=50           the server's answer delay
#   DOCS=20000            short documents generated for the corpus
#   PER_SLOT=100          documents per unit of concurrency in a row's run (at least 2,000, at
#                         most DOCS), so each row runs for about PER_SLOT x DELAY_MS at full speed
#   SMALL_C=64            the concurrency of the closing comparison: the same documents as one big shard
#   SMALL_DOCS=25         and as many small shards of SMALL_DOCS documents each (req/s of both, and the ratio)
#
# The server (http_delay_server.c, compiled into .build/bench/) is C with epoll and a timerfd; it
# prints its own CPU per request in each row, to show it is not the bottleneck.
#
# Figures per row, over the same N documents:
#   req/s       answers / the server's window from the first request to the last answer (the
#               process's start-up and the Parquet commit after the last answer are outside it)
#   % bound     req/s against Little's law: C / delay
#   cpu/req     client CPU (user + system of the dataman process, from /usr/bin/time) minus the
#               CPU of `--rater none` over the same documents with the same qwen2 token counting
#               (reading, parsing, counting tokens, writing Parquet), divided by requests. It still
#               holds the rater's own qwen2 tokenizing to truncate each text for its prompt.
#   beyond tok  cpu/req minus that tokenizing and minus fixed start-up costs, so only what each
#               request adds is left. Tokenizing: `--rater none` with qwen2 counting minus
#               `--rater none --tokenizer estimate`, less the same difference on a one-document
#               corpus (the tokenizer's load); the documents are far below the truncation limit, so
#               counting a text and truncating it tokenize the same bytes. Start-up: the dataman
#               run's beyond --rater none's on a one-document corpus (printed above the table: the
#               rater's own load of the qwen2 tokenizer, the health check, the HTTP client). This
#               is the figure issue #4's target (< 100 µs) is about.
#   peer        http_peer_client.py replaying the exact bodies dataman sent (captured by the server
#               in a warm-up run); its CPU is counted from the first request to the last answer.
#               It tokenizes nothing, so compare it with "beyond tok".
set -euo pipefail

if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,38p' "$0"; exit 0; fi
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/dataman-http-bench}
concurrencies=${CONCURRENCIES:-"16 32 64 128 256"}
delay_ms=${DELAY_MS:-50}
docs=${DOCS:-20000}
per_slot=${PER_SLOT:-100}
bench="$repo/.build/bench"
mkdir -p "$work" "$bench"

server="$bench/http_delay_server"
gcc -O2 -Wall -o "$server" "$repo/scripts/bench/http_delay_server.c"
venv="$bench/venv"
if ! "$venv/bin/python" -c "import aiohttp" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "aiohttp>=3.9" >&2
fi
if [ -z "${DATAMAN:-}" ]; then
    (cd "$repo" && swift build -c release --product dataman >&2)
    DATAMAN="$repo/.build/release/dataman"
fi
export DATAMAN_CRITERIA="$repo/criteria"

server_pid=""
stop_server() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    server_pid=""
}
trap stop_server EXIT

start_server() {   # start_server [ARGS...] -> server_pid, port
    rm -f "$work/server.port"
    "$server" --delay-ms "$delay_ms" --model bench "$@" > "$work/server.port" 2>>"$work/server.log" &
    server_pid=$!
    for _ in $(seq 100); do [ -s "$work/server.port" ] && break; sleep 0.05; done
    port=$(awk '/^PORT/ {print $2}' "$work/server.port")
    [ -n "$port" ] || { echo "the delay server did not start; see $work/server.log" >&2; exit 1; }
}
server_stats() { curl -sf "http://127.0.0.1:$port/stats"; }

run_timed() {   # run_timed NAME CMD... -> WALL_ and CPU_ (user + system seconds)
    local name=$1; shift
    rm -rf "$work/out-$name"
    /usr/bin/time -f "%e %U %S" -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 \
        || { echo "$name failed; see $work/$name.log" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
    read -r WALL_ user system < "$work/$name.time"
    CPU_=$(python3 -c "print($user + $system)")
}

if [ ! -s "$work/docs-$docs.jsonl" ]; then   # short, varied English documents
    python3 - "$work/docs-$docs.jsonl" "$docs" <<'PY'
import json, random, sys
path, count = sys.argv[1], int(sys.argv[2])
words = ("the of and a to in is was for on that with as by at from his her it an were are which this be "
         "river market engine garden theory voltage harbour poem recipe protein orbit ledger canyon violin "
         "compiler glacier tariff enzyme sonnet turbine archive mineral festival citizen lantern").split()
rng = random.Random(4)
with open(path, "w") as out:
    for i in range(count):
        sentences = [" ".join(rng.choice(words) for _ in range(rng.randint(6, 16))).capitalize() + "."
                     for _ in range(rng.randint(2, 6))]
        out.write(json.dumps({"id": f"doc-{i}", "text": " ".join(sentences)}) + "\n")
PY
fi
corpus_for() {   # corpus_for N -> a folder holding the corpus's first N documents
    local dir="$work/corpus-$1"
    if [ ! -s "$dir/docs.jsonl" ]; then mkdir -p "$dir"; head -n "$1" "$work/docs-$docs.jsonl" > "$dir/docs.jsonl"; fi
    echo "$dir"
}
rater_args() { echo --rater dataman --endpoint "http://127.0.0.1:$port/v1" --model bench --concurrency "$1" --quiet; }

# Warm-up that also captures the bodies dataman sends, for the peer to replay.
highest=$(echo "$concurrencies" | tr ' ' '\n' | sort -n | tail -1)
start_server --dump "$work/bodies.jsonl"
# shellcheck disable=SC2046
run_timed capture "$DATAMAN" annotate "$(corpus_for "$docs")" --out "$work/out-capture" $(rater_args "$highest")
stop_server
captured=$(wc -l < "$work/bodies.jsonl")
[ "$captured" -ge "$docs" ] || { echo "the warm-up run sent $captured requests for $docs documents" >&2; exit 1; }

start_server
one=$(corpus_for 1)
# shellcheck disable=SC2046
run_timed startup "$DATAMAN" annotate "$one" --out "$work/out-startup" $(rater_args 1); startup_dataman=$CPU_
run_timed startup_none "$DATAMAN" annotate "$one" --out "$work/out-startup_none" --rater none --quiet; startup_none=$CPU_
run_timed startup_estimate "$DATAMAN" annotate "$one" --out "$work/out-startup_estimate" --rater none --tokenizer estimate --quiet
startup=$(python3 -c "print(max(0.0, $startup_dataman - $startup_none))")
tokenizer_load=$(python3 -c "print(max(0.0, $startup_none - $CPU_))")
echo "dataman: $DATAMAN"
echo "server: $server, ${delay_ms} ms delay; $(nproc) cores; corpus: short documents, $(head -c 400000 "$work/docs-$docs.jsonl" | wc -l | awk '{print int(400000 / $1)}') bytes of JSONL each"
echo "one-document runs: dataman's start-up beyond --rater none's $(python3 -c "print(round($startup * 1000))") ms of CPU; loading qwen2 $(python3 -c "print(round($tokenizer_load * 1000))") ms"
echo
printf '%5s %6s %6s | %8s %7s %8s %10s | %8s %7s %8s | %9s | %s\n' \
    C docs bound "req/s" "% bound" "cpu/req" "beyond tok" "peer r/s" "% bound" "cpu/req" "srv/req" "peer cpu / ours"
for c in $concurrencies; do
    n=$(( c * per_slot )); n=$(( n < 2000 ? 2000 : n )); n=$(( n > docs ? docs : n ))
    dir=$(corpus_for "$n")
    run_timed none "$DATAMAN" annotate "$dir" --out "$work/out-none" --rater none --quiet; none_cpu=$CPU_
    run_timed estimate "$DATAMAN" annotate "$dir" --out "$work/out-estimate" --rater none --tokenizer estimate --quiet; estimate_cpu=$CPU_
    before=$(server_stats)
    # shellcheck disable=SC2046
    run_timed dataman "$DATAMAN" annotate "$dir" --out "$work/out-dataman" $(rater_args "$c"); dataman_cpu=$CPU_
    ours=$(server_stats)
    peer=$("$venv/bin/python" "$repo/scripts/bench/http_peer_client.py" "http://127.0.0.1:$port/v1/completions" "$work/bodies.jsonl" "$n" "$c")
    theirs=$(server_stats)
    python3 - "$c" "$n" "$delay_ms" "$none_cpu" "$estimate_cpu" "$dataman_cpu" "$startup" "$tokenizer_load" "$before" "$ours" "$peer" "$theirs" <<'PY'
import json, sys
c, n, delay_ms = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
none_cpu, estimate_cpu, dataman_cpu, startup, tokenizer_load = map(float, sys.argv[4:9])
before, ours, peer, theirs = (json.loads(a) for a in sys.argv[9:13])
bound = c / (delay_ms / 1000)
requests = ours["answered"] - before["answered"]
if requests < n or peer["requests"] != n or peer["invalid"]:
    sys.exit(f"C={c}: dataman had {requests} answers for {n} documents; the peer {peer['requests']} with {peer['invalid']} invalid")
rate = requests / ours["window_s"]
cpu_us = (dataman_cpu - none_cpu) / requests * 1e6
tokenizing = max(0.0, none_cpu - estimate_cpu - tokenizer_load)
beyond_us = (dataman_cpu - none_cpu - tokenizing - startup) / requests * 1e6
server_us = ((ours["user_us"] + ours["system_us"]) - (before["user_us"] + before["system_us"])) / requests
peer_rate = peer["requests"] / peer["wall_s"]
peer_us = peer["cpu_s"] / peer["requests"] * 1e6
print(f"{c:5d} {n:6d} {bound:6.0f} | {rate:8.0f} {rate / bound:7.1%} {cpu_us:8.1f} {beyond_us:10.1f} | "
      f"{peer_rate:8.0f} {peer_rate / bound:7.1%} {peer_us:8.1f} | {server_us:9.1f} | {peer_us / beyond_us:5.2f}x")
PY
done
echo
echo "cpu/req: µs of client CPU per request beyond --rater none with the same tokenizer; beyond tok: also minus the"
echo "rater's qwen2 tokenizing of the text; srv/req: the delay server's CPU µs per request (dataman's run)."
echo "Target (issue #4): at 50 ms and C=128, >= 90% of the bound (2,560 req/s) and < 100 µs beyond tokenizing."

# Many small shards against one big one, same documents and concurrency: the rating window spans shards, so the
# server should see the same request rate (target: within 5%).
small_c=${SMALL_C:-64}
small_docs=${SMALL_DOCS:-25}
n=$(( small_c * per_slot )); n=$(( n < 2000 ? 2000 : n )); n=$(( n > docs ? docs : n ))
big=$(corpus_for "$n")
small="$work/small-$n-$small_docs"
if [ ! -d "$small" ]; then
    mkdir -p "$small"
    split -l "$small_docs" -d -a 5 --additional-suffix=.jsonl "$big/docs.jsonl" "$small/part-"
fi
rates=()
for input in "$big" "$small"; do
    before=$(server_stats)
    # shellcheck disable=SC2046
    run_timed shards "$DATAMAN" annotate "$input" --out "$work/out-shards" $(rater_args "$small_c")
    after=$(server_stats)
    rates+=("$(python3 -c "
import json, sys
before, after = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print((after['answered'] - before['answered']) / after['window_s'])" "$before" "$after")")
done
echo
python3 -c "
big, small = float('${rates[0]}'), float('${rates[1]}')
print(f'C=$small_c, $n documents: one shard {big:.0f} req/s; $(ls "$small" | wc -l) shards of $small_docs documents {small:.0f} req/s ({small / big:.1%} of one shard; target >= 95%)')"
