#!/usr/bin/env bash
# The tests, as CI runs them on a fresh machine: set-up, the format lint, the Swift test suite, then the Slurm proof
# (scripts/integration/slurm-test.sh: a real one-node Slurm cluster on 127.0.0.1 runs the annotate and
# sample job scripts, kills and resubmits a task, and compares with single-process runs), then the
# release proof (scripts/integration/release-test.sh: the self-contained tarball and the wheel run the
# main job outside the repository with the same results; as root also in a bare Debian root). The
# Slurm part and the chroot need root; elsewhere they are skipped with a note.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The formatting rules are the repository's .swift-format; a change that breaks them fails here.
swift format lint --strict --recursive --parallel Sources Tests Package.swift
swift test
if [[ $(id -u) -eq 0 && ${DATAMAN_SKIP_SLURM:-0} != 1 ]]; then
    DATAMAN="$(swift build --show-bin-path)/dataman" bash scripts/integration/slurm-test.sh
else
    echo "skipped scripts/integration/slurm-test.sh: it needs root to install and start Slurm (or DATAMAN_SKIP_SLURM=1)"
fi
if [[ ${DATAMAN_SKIP_RELEASE:-0} != 1 ]]; then
    DATAMAN="$(swift build --show-bin-path)/dataman" bash scripts/integration/release-test.sh
else
    echo "skipped scripts/integration/release-test.sh (DATAMAN_SKIP_RELEASE=1)"
fi
