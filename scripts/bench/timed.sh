# Sourced by the benchmarks: run_timed NAME CMD... runs CMD with its output in $work/NAME.log and sets
# SECONDS_ (wall), CPU_ (user + system seconds) and RSS_MB (peak resident memory); a failure stops the script.
run_timed() {
    local name=$1; shift
    rm -rf "$work/out-$name"
    /usr/bin/time -f "%e %M %U %S" -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 || { echo "$name failed; see $work/$name.log" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
    read -r SECONDS_ RSS_KB user system < "$work/$name.time"
    CPU_=$(python3 -c "print($user + $system)")
    RSS_MB=$((RSS_KB / 1024))
}
