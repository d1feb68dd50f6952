#!/usr/bin/env python3
"""Tokenizer throughput, one thread each, on the same documents: ours (through a `dataman tokens`-shaped
command), tiktoken and Hugging Face `tokenizers`. Also checks that ours gives identical ids.

Called by scripts/bench/tokenize.sh; see there for the environment variables.
"""
import argparse
import json
import os
import random
import shlex
import subprocess
import sys
import time

os.environ.setdefault("RAYON_NUM_THREADS", "1")  # Hugging Face tokenizers: one thread
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "parity"))

import tokenizer_assets  # noqa: E402
import tiktoken  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402


def sample_documents(corpus, megabytes, path, seed):
    """Random whole documents from the corpus until `megabytes` of text."""
    with open(corpus, encoding="utf-8", errors="replace") as handle:
        lines = [line for line in handle if line.strip()]
    random.Random(seed).shuffle(lines)
    budget, total, texts = megabytes * 1_000_000, 0, []
    with open(path, "w", encoding="utf-8") as out:
        for line in lines:
            record = json.loads(line)
            text = record.get("text") or ""
            size = len(text.encode("utf-8", errors="replace"))
            if total + size > budget:
                continue
            out.write(json.dumps({"id": str(record.get("id", len(texts))), "text": text}) + "\n")
            texts.append(text)
            total += size
            if total > budget * 0.995:
                break
    return texts, total


def time_reference(encode, texts):
    start = time.perf_counter()
    ids = [encode(text) for text in texts]
    return time.perf_counter() - start, ids


def run_ours(command, documents, spec, with_ids):
    arguments = shlex.split(command) + [documents, "--tokenizer", spec, "--text-field", "text"] + (["--ids"] if with_ids else [])
    start = time.perf_counter()
    result = subprocess.run(arguments, stdout=subprocess.PIPE, check=True)
    wall = time.perf_counter() - start
    rows, total = [], {}
    for line in result.stdout.splitlines():
        record = json.loads(line)
        if "total" in record:
            total = record["total"]
        else:
            rows.append(record)
    return wall, rows, total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=30)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--command", required=True, help="the `dataman tokens`-shaped command")
    parser.add_argument("--work", required=True)
    arguments = parser.parse_args()
    corpus = os.environ["BENCH_CORPUS"]
    documents = os.path.join(arguments.work, "documents.jsonl")
    texts, total_bytes = sample_documents(corpus, arguments.megabytes, documents, arguments.seed)
    assets = tokenizer_assets.all_assets()
    tokenizer_assets.use_offline_tiktoken(assets)
    qwen = json.load(open(assets["qwen"], encoding="utf-8"))
    qwen["added_tokens"] = [t for t in qwen["added_tokens"] if t["id"] <= 151645]
    qwen2 = Tokenizer.from_str(json.dumps(qwen))
    llama2 = Tokenizer.from_file(assets["llama2"])
    cl100k = tiktoken.get_encoding("cl100k_base")
    o200k = tiktoken.get_encoding("o200k_base")
    cases = [
        ("qwen2", "qwen2", "HF tokenizers", lambda t: qwen2.encode(t, add_special_tokens=False).ids),
        ("cl100k_base", "cl100k_base=" + assets["cl100k_base"], "tiktoken", cl100k.encode_ordinary),
        ("o200k_base", "o200k_base=" + assets["o200k_base"], "tiktoken", o200k.encode_ordinary),
        ("llama2", assets["llama2"], "HF tokenizers", lambda t: llama2.encode(t, add_special_tokens=False).ids),
    ]
    print(f"{len(texts)} documents, {total_bytes / 1e6:.1f} MB of text, one thread each")
    print(f"{'tokenizer':<12} {'implementation':<26} {'MB/s':>8} {'tokens/s':>12} {'x ref':>6}  output")
    for name, spec, reference_name, encode in cases:
        seconds, reference_ids = time_reference(encode, texts)
        tokens = sum(len(ids) for ids in reference_ids)
        print(f"{name:<12} {reference_name:<26} {total_bytes / seconds / 1e6:8.2f} {tokens / seconds:12.0f} {1:6.2f}")
        _, rows, _ = run_ours(arguments.command, documents, spec, with_ids=True)
        differing = sum(1 for row, ids in zip(rows, reference_ids) if row.get("ids") != ids) + abs(len(rows) - len(texts))
        wall, rows, total = run_ours(arguments.command, documents, spec, with_ids=False)
        ours_tokens = sum(row["tokens"] for row in rows)
        verdict = "identical ids" if differing == 0 else f"{differing} documents differ"
        if "tokenize_seconds" in total:
            tokenize = total["tokenize_seconds"]
            print(f"{name:<12} {'ours (tokenizing)':<26} {total_bytes / tokenize / 1e6:8.2f} {ours_tokens / tokenize:12.0f} "
                  f"{seconds / tokenize:6.2f}  {verdict}")
        print(f"{name:<12} {'ours (whole command)':<26} {total_bytes / wall / 1e6:8.2f} {ours_tokens / wall:12.0f} "
              f"{seconds / wall:6.2f}  {verdict if 'tokenize_seconds' not in total else ''}")


if __name__ == "__main__":
    main()
