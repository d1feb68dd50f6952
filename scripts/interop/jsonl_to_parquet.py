#!/usr/bin/env python3
"""Writes a Parquet copy of a folder of JSONL shards, one file per shard, with pyarrow.

Each shard x.jsonl[.zst|.gz|.lz4] under SRC becomes DST/<same folder>/x.parquet with the columns
id (string, null where the line has none), text (string) and metadata, a struct {source: string,
line: int64} (source: the shard's top folder, line: the JSONL line number). Blank lines are left out.
The Parquet tests and benchmarks use it to compare annotating a corpus with annotating its copy.

    jsonl_to_parquet.py SRC DST [--compression snappy] [--row-group-size N] [--page-size BYTES]
"""
import argparse
import gzip
import json
import pathlib
import subprocess

import pyarrow as pa
import pyarrow.parquet as pq


def lines(path: pathlib.Path):
    name = path.name
    if name.endswith(".zst"):
        data = subprocess.run(["zstd", "-dcq", str(path)], check=True, capture_output=True).stdout
    elif name.endswith(".lz4"):
        data = subprocess.run(["lz4", "-dcq", str(path)], check=True, capture_output=True).stdout
    elif name.endswith(".gz"):
        data = gzip.decompress(path.read_bytes())
    else:
        data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.split(b"\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("src", type=pathlib.Path)
    parser.add_argument("dst", type=pathlib.Path)
    parser.add_argument("--compression", default="snappy")
    parser.add_argument("--row-group-size", type=int, default=None)
    parser.add_argument("--page-size", type=int, default=None)
    args = parser.parse_args()
    schema = pa.schema(
        [
            ("id", pa.string()),
            ("text", pa.string()),
            ("metadata", pa.struct([("source", pa.string()), ("line", pa.int64())])),
        ]
    )
    shards = sorted(p for p in args.src.rglob("*") if p.is_file() and ".jsonl" in p.name)
    for shard in shards:
        relative = shard.relative_to(args.src)
        ids, texts, metadata = [], [], []
        for number, line in enumerate(lines(shard)):
            if not line.strip():
                continue
            record = json.loads(line)
            value = record.get("id")
            ids.append(value if isinstance(value, str) or value is None else json.dumps(value))
            texts.append(record["text"])
            metadata.append({"source": relative.parts[0] if len(relative.parts) > 1 else args.src.name, "line": number})
        table = pa.table({"id": ids, "text": texts, "metadata": metadata}, schema=schema)
        out = args.dst / relative.parent / (shard.name.split(".jsonl")[0] + ".parquet")
        out.parent.mkdir(parents=True, exist_ok=True)
        options = {"compression": args.compression}
        if args.row_group_size:
            options["row_group_size"] = args.row_group_size
        if args.page_size:
            options["data_page_size"] = args.page_size
        pq.write_table(table, out, **options)
    print(f"wrote {len(shards)} Parquet files under {args.dst}")


if __name__ == "__main__":
    main()
