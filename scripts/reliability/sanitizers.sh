#!/usr/bin/env bash
# Runs a subset of the test suite under AddressSanitizer and ThreadSanitizer, each in its own
# build folder (.build/asan, .build/tsan) so the normal build is not touched. Usage:
#   scripts/reliability/sanitizers.sh [address|thread ...] [-- FILTER]
# The default filter covers the byte-level readers and writers and the concurrent annotate run.
# Exit status: non-zero if any sanitizer reports an error or a test fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
SANITIZERS=()
FILTER='CodecsTests|ShardsTests|ParquetTests|PipelineTests|ReliabilityTests'
while [[ $# -gt 0 ]]; do
    case $1 in
        --) FILTER=$2; shift 2 ;;
        *) SANITIZERS+=("$1"); shift ;;
    esac
done
[[ ${#SANITIZERS[@]} -gt 0 ]] || SANITIZERS=(address thread)
status=0
for s in "${SANITIZERS[@]}"; do
    short=${s:0:1}san
    echo "== swift test --sanitize=$s --filter '$FILTER'" >&2
    # halt_on_error makes a report fail the run instead of scrolling past; TSan's second-level
    # report suppression keeps one report per race.
    if ! ASAN_OPTIONS=halt_on_error=1:detect_leaks=0 TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
        swift test --sanitize="$s" --scratch-path ".build/$short" --filter "$FILTER" 2>&1 | tee ".build/$short.log" | tail -5; then
        status=1
    fi
    if grep -qE "ERROR: AddressSanitizer|WARNING: ThreadSanitizer" ".build/$short.log"; then status=1; fi
done
exit $status
