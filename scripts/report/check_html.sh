#!/usr/bin/env bash
# Opens a `dataman stats --html` or `dataman compare --html` report in headless Chromium (Debian
# package `chromium`), saves a screenshot, and fails when the page logs anything to the console or
# lacks a chart.
#
#   [REPORT_KIND=stats|compare] scripts/report/check_html.sh REPORT.html [SCREENSHOT.png] [EXTRA_CHART...]
#
# The report has no script, and its Content-Security-Policy forbids every request, so any console
# message at all (a blocked fetch, a parse error) is a failure. Charts are found by their
# data-chart attribute in the DOM Chromium rendered; REPORT_KIND (default stats) says which report
# it is, so which charts to require, and EXTRA_CHART names more (e.g. `examples`). SCREENSHOT_HEIGHT
# sets the captured height in pixels (default 7000; the width is 1400). Exit status: 0 good, 1 a
# check failed, 2 Chromium is missing or did not run.
set -euo pipefail

if [[ $# -lt 1 ]]; then
    sed -n '2,13p' "$0" >&2
    exit 2
fi
report=$(realpath "$1")
screenshot=$(realpath -m "${2:-${report%.html}.png}")
shift $(( $# >= 2 ? 2 : 1 ))
extra=("$@")

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
    echo "check_html: chromium is not installed; install it with: sudo apt-get install chromium" >&2
    exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Separate profiles keep two runs (or a user's browser) from sharing state.
run_chromium() {
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$work/profile-$1" --enable-logging=stderr --v=0 "${@:2}" "file://$report"
}

run_chromium shot --window-size=1400,"${SCREENSHOT_HEIGHT:-7000}" --screenshot="$screenshot" 2> "$work/shot.log" > /dev/null \
    || { echo "check_html: chromium failed taking the screenshot:" >&2; tail -5 "$work/shot.log" >&2; exit 2; }
run_chromium dom --dump-dom > "$work/dom.html" 2> "$work/dom.log" \
    || { echo "check_html: chromium failed dumping the DOM:" >&2; tail -5 "$work/dom.log" >&2; exit 2; }

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Chromium logs page console output as ...:INFO:CONSOLE:<line>] "message", source: ...
if grep -h 'CONSOLE' "$work/shot.log" "$work/dom.log" > "$work/console.txt"; then
    fail "the page logged to the console:"
    sed 's/^/    /' "$work/console.txt"
fi

case "${REPORT_KIND:-stats}" in
    stats)
        criteria=(accuracy coherence language_consistency semantic_density knowledge_novelty topic_focus creativity
                  professionalism style_consistency grammatical_diversity structural_standardization originality
                  sensitivity overall_score)
        expected=(totals provenance domain-means pearson spearman domains sources errors)
        for criterion in "${criteria[@]}"; do expected+=("histogram-$criterion"); done
        # 14 histograms, the domain means, two correlation maps and two composition charts.
        min_svgs=19
        ;;
    compare)
        expected=(sides coverage criteria accuracy domain-figures confusion)
        # The accuracy bars and the confusion heat map.
        min_svgs=2
        ;;
    *)
        echo "check_html: REPORT_KIND is stats or compare, not '$REPORT_KIND'" >&2
        exit 2
        ;;
esac
expected+=("${extra[@]}")
for chart in "${expected[@]}"; do
    grep -q "data-chart=\"$chart\"" "$work/dom.html" || fail "no chart data-chart=\"$chart\" in the rendered page"
done

svgs=$(grep -o '<svg' "$work/dom.html" | wc -l)
[[ $svgs -ge $min_svgs ]] || fail "only $svgs SVG charts rendered (expected at least $min_svgs)"
if grep -qE '\b(NaN|Infinity)\b' "$report"; then
    fail "the report contains NaN or Infinity:"
    grep -noE '.{0,60}\b(NaN|Infinity)\b.{0,20}' "$report" | head -5 | sed 's/^/    /'
fi
[[ -s "$screenshot" ]] || fail "no screenshot written to $screenshot"

if [[ $failures -gt 0 ]]; then
    echo "check_html: $failures check(s) failed for $report"
    exit 1
fi
echo "check_html: OK: ${#expected[@]} charts present, $svgs SVGs, no console messages; screenshot $screenshot"
