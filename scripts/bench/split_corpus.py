#!/usr/bin/env python3
"""Splits a JSONL corpus into N zstd-compressed shards of about equal size, documents dealt round
robin so every shard mixes domains; with MB, only every k-th document is kept so that about MB
megabytes of the whole corpus's mix remain.  Usage: split_corpus.py CORPUS.jsonl OUT_DIR N [MB]"""
import os
import subprocess
import sys

corpus, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
stride = max(1, round(os.path.getsize(corpus) / (float(sys.argv[4]) * 1e6))) if len(sys.argv) > 4 else 1
os.makedirs(out, exist_ok=True)
paths = [os.path.join(out, f"part-{i:03d}.jsonl") for i in range(count)]
files = [open(p, "wb") for p in paths]
with open(corpus, "rb") as source:
    for index, line in enumerate(source):
        if index % stride == 0:
            files[index // stride % count].write(line)
for f in files:
    f.close()
for p in paths:
    subprocess.run(["zstd", "-q", "-3", "--rm", "-f", p], check=True)
