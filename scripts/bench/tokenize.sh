#!/usr/bin/env bash
# Tokenizer throughput per core: ours, tiktoken and Hugging Face tokenizers on the same documents in the
# same run, one thread each, and whether ours gives identical ids.
#
# Usage: scripts/bench/tokenize.sh [MEGABYTES]        (default 30 MB of the corpus)
# Environment:
#   CORPUS           JSONL corpus to sample (default: built by scripts/bench/corpus.sh)
#   DATAMAN_TOKENS   the command that tokenizes JSONL files the way `dataman tokens` does
#                    (FILES... --tokenizer T --text-field F [--ids]; one JSON line per document, then a
#                    {"total": {..., "tokenize_seconds": S}} line). Default: `.build/release/dataman tokens`,
#                    built with `swift build -c release` first.
# Needs python3 with tokenizers and tiktoken (scripts/setup.sh), and pip access on first use to fetch the
# Llama-2 and tiktoken vocabularies (cached, see scripts/parity/tokenizer_assets.py).
set -euo pipefail
cd "$(dirname "$0")/../.."

megabytes="${1:-30}"
source scripts/bench/corpus.sh
command="${DATAMAN_TOKENS:-}"
if [ -z "$command" ]; then
    swift build -c release --product dataman >&2
    command="$(swift build -c release --show-bin-path)/dataman tokens"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 scripts/bench/tokenize_bench.py --megabytes "$megabytes" --command "$command" --work "$work"
