#!/usr/bin/env bash
# The main job on the bundled sample corpus: set up, build, annotate shards/ with the embedded
# heuristic rater, then report the quality distribution from the annotation files.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release
.build/release/dataman annotate shards --out annotations "$@"
python3 scripts/report.py annotations
