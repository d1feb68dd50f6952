# Sourced by the kill-and-resume scripts: the binary, a scratch folder cleaned up on exit together
# with every background process started here, the fault-injecting test server, and the loop that
# SIGKILLs a command at random moments and reruns it.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DATAMAN=${DATAMAN:-$ROOT/.build/release/dataman}
RELIABILITY=$ROOT/scripts/reliability
BACKGROUND=()

# scratch NAME: sets WORK to a fresh folder; it and the background processes go when the script exits.
scratch() {
    WORK=$(mktemp -d "/tmp/dataman-$1.XXXXXX")
    trap 'for p in "${BACKGROUND[@]}"; do kill -KILL "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
}

# The kill moments come from bash's RANDOM; RANDOM_SEED=N repeats a series that found something.
RANDOM=${RANDOM_SEED:-$$}

# start_test_server NAME [server flags...]: scripts/testserver/openai_server.py on a free port; sets
# NAME_PORT and NAME_URL. Its stats stay readable with `server_stats NAME` until the script ends.
start_test_server() {
    local name=$1; shift
    local ready=$WORK/$name.port
    python3 "$ROOT/scripts/testserver/openai_server.py" --criteria "$ROOT/criteria" "$@" > "$ready" 2> "$WORK/$name.err" &
    BACKGROUND+=($!); disown $!  # stopped by the exit trap, without a "Killed" line
    for _ in $(seq 1 200); do grep -qs '^PORT ' "$ready" && break; sleep 0.05; done
    local port; port=$(sed -n 's/^PORT //p' "$ready")
    [[ -n $port ]] || { echo "the test server did not start: $(cat "$WORK/$name.err")" >&2; exit 1; }
    printf -v "${name}_PORT" '%s' "$port"
    printf -v "${name}_URL" 'http://127.0.0.1:%s/v1' "$port"
}

server_stats() { local port_var=${1}_PORT; curl -sf "http://127.0.0.1:${!port_var}/stats"; }

# wait_for_lock OUT PID: until annotate's OUT/_dataman.lock names PID (start-up excluded from the random
# moment), or PID has ended (a resumed run with little left may finish first).
wait_for_lock() {
    for _ in $(seq 1 600); do
        grep -qs "^pid $2 " "$1/_dataman.lock" && return 0
        [[ $(ps -o stat= -p "$2" 2>/dev/null) == [^Z]* ]] || return 0
        sleep 0.05
    done
}

# kill_and_rerun KILLS LOW HIGH READY AFTER -- COMMAND...: runs COMMAND KILLS times, each time waiting
# for `READY PID` to return, then SIGKILLing it after a random LOW-HIGH seconds, then calling AFTER
# (which may inspect the output) before the next run. Sets RUNS and KILLS_DELIVERED (runs that died of
# the SIGKILL; the others had finished first).
kill_and_rerun() {
    local kills=$1 low=$2 high=$3 ready=$4 after=$5; shift 6
    KILLS_DELIVERED=0; RUNS=0
    for i in $(seq 1 "$kills"); do
        "$@" > /dev/null 2>> "$WORK/killed-runs.log" & local pid=$!
        BACKGROUND+=($pid); RUNS=$((RUNS + 1))
        $ready "$pid"
        local fraction=$RANDOM
        sleep "$(awk -v f="$fraction" -v low="$low" -v high="$high" 'BEGIN { printf "%.3f", low + (high - low) * f / 32767 }')"
        kill -KILL "$pid" 2>/dev/null || true
        local status=0; wait "$pid" 2>/dev/null || status=$?
        if [[ $status -eq 137 ]]; then KILLS_DELIVERED=$((KILLS_DELIVERED + 1)); fi
        $after "$i"
    done
}

no_wait() { :; }

# has_temporary DIR: whether a killed run left a *.tmp anywhere under DIR (it was mid-shard or mid-commit).
has_temporary() { [[ -n $(find "$1" -name '*.tmp' -print -quit 2>/dev/null) ]]; }
