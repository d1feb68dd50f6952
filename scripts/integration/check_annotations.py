#!/usr/bin/env python3
"""Checks the annotation folder of a `dataman annotate --rater dataman` run against its inputs.

For every input shard: one annotation file, exactly one row per input line (line numbers 0..n-1
once each), every row rated (no error, 14 ratings in 1-5, one of the 15 domain names), and
provenance naming rater "dataman" and the served model.

    check_annotations.py --inputs SHARDS --out ANNOTATIONS --model NAME
    check_annotations.py --count SHARDS      # prints how many documents the shards hold

Compressed shards are read with gzip (standard library) and the zstd and lz4 command-line tools.
"""
import argparse
import gzip
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

RATINGS = ["accuracy", "coherence", "language_consistency", "semantic_density", "knowledge_novelty",
           "topic_focus", "creativity", "professionalism", "style_consistency", "grammatical_diversity",
           "structural_standardization", "originality", "sensitivity", "overall_score"]
DOMAINS = {"Medicine", "Finance", "Law", "Education", "Technology", "Entertainment", "Mathematics", "Coding",
           "Government", "Culture", "Transportation", "Retail E-commerce", "Telecommunication",
           "Agriculture", "Other"}
# The engine's shard names (Sources/Shards/ShardListing.swift).
BASES = (".jsonl", ".json", ".ndjson")
COMPRESSIONS = ("", ".zst", ".zstd", ".lz4", ".gz")


def shards(folder):
    names = tuple(base + compression for base in BASES for compression in COMPRESSIONS)
    return sorted(path for path in Path(folder).rglob("*") if path.is_file() and path.name.endswith(names))


def decompressed(path):
    if path.name.endswith(".gz"):
        return gzip.decompress(path.read_bytes())
    if path.name.endswith((".zst", ".zstd")):
        return subprocess.run(["zstd", "-q", "-dc", str(path)], check=True, capture_output=True).stdout
    if path.name.endswith(".lz4"):
        return subprocess.run(["lz4", "-q", "-dc", str(path)], check=True, capture_output=True).stdout
    return path.read_bytes()


def line_count(path):
    data = decompressed(path)
    return data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)


def fail(message):
    sys.exit(f"check_annotations.py: FAIL: {message}")


def check(inputs, out, model):
    rows_total = 0
    domains = Counter()
    for shard in shards(inputs):
        relative = shard.relative_to(inputs)
        annotation = Path(out) / relative.parent / (relative.name + ".parquet")
        if not annotation.is_file():
            fail(f"{relative}: no annotation file {annotation}")
        parquet = pq.ParquetFile(annotation)
        provenance = {k.decode(): v.decode() for k, v in (parquet.metadata.metadata or {}).items()}
        if provenance.get("dataman.rater.kind") != "dataman" or provenance.get("dataman.rater.model") != model:
            fail(f"{annotation}: provenance names rater {provenance.get('dataman.rater.kind')!r} "
                 f"model {provenance.get('dataman.rater.model')!r}, expected 'dataman' and {model!r}")
        table = parquet.read().to_pydict()
        expected = line_count(shard)
        if sorted(table["line"]) != list(range(expected)):
            fail(f"{annotation}: {len(table['line'])} rows for {expected} input lines, "
                 "or a line missing or written twice")
        for row in range(len(table["line"])):
            where = f"{annotation} line {table['line'][row]}"
            if table["error"][row] is not None:
                fail(f"{where}: error row: {table['error'][row]}")
            ratings = [table[name][row] for name in RATINGS]
            if not all(isinstance(r, int) and 1 <= r <= 5 for r in ratings):
                fail(f"{where}: ratings {ratings}")
            if table["domain"][row] not in DOMAINS:
                fail(f"{where}: domain {table['domain'][row]!r}")
            domains[table["domain"][row]] += 1
        rows_total += expected
    if rows_total == 0:
        fail(f"no documents under {inputs}")
    written = sorted(Path(out).rglob("*.parquet"))
    if len(written) != len(shards(inputs)):
        fail(f"{len(written)} annotation files for {len(shards(inputs))} shards")
    print(f"check: {rows_total} documents in {len(written)} files, all rated by 'dataman' with model "
          f"{model!r}; domains {dict(domains.most_common())}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", help="the shard folder given to dataman annotate")
    parser.add_argument("--out", help="its --out folder")
    parser.add_argument("--model", help="the --model given")
    parser.add_argument("--count", metavar="SHARDS", help="only print the number of documents in SHARDS")
    args = parser.parse_args()
    if args.count:
        print(sum(line_count(shard) for shard in shards(args.count)))
    elif args.inputs and args.out and args.model:
        check(Path(args.inputs), args.out, args.model)
    else:
        parser.error("give --count SHARDS, or --inputs, --out and --model")


if __name__ == "__main__":
    main()
