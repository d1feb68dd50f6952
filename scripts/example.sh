#!/usr/bin/env bash
# The main job on the bundled sample corpus: set up, build, annotate shards/ with the embedded
# heuristic rater, report the quality distributions (terminal and report.html), and sample a
# 2M-token training mixture by the paper's rule (multi_domain strata, top-k by overall score).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release
dataman=.build/release/dataman
$dataman annotate shards --out annotations "$@"
$dataman stats annotations --html report.html
$dataman sample annotations --budget 2M --out mixture --preset dataman-topk
echo "annotations in annotations/, the report in report.html, the mixture in mixture/selection.parquet"
