#!/usr/bin/env python3
"""The peers of scripts/bench/parquet.sh, each reading the text and id columns of every Parquet file in a folder,
in one process with threads off where the reader has them.
  write    SHARDS OUT   FineWeb-shaped Parquet from the .jsonl.zst shards (datatrove's ParquetWriter layout:
                        snappy, row groups of 1,000 documents, text id dump url date file_path language
                        language_score token_count); prints the text bytes
  arrow    DIR          pyarrow's C++ reader alone: read_table(columns=[text, id], use_threads=False)
  batches  DIR          pyarrow iter_batches over the same columns, touching every string from Python
  datatrove DIR         datatrove's ParquetReader, counting documents
"""
import json
import pathlib
import subprocess
import sys

mode, folder = sys.argv[1], pathlib.Path(sys.argv[2])


def files():
    return sorted(folder.glob("*.parquet"))


if mode == "write":
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = pathlib.Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    text_bytes = 0
    for shard in sorted(folder.glob("*.jsonl.zst")):
        lines = subprocess.run(["zstd", "-dcq", str(shard)], check=True, capture_output=True).stdout.splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
        texts = [row["text"] for row in rows]
        text_bytes += sum(len(t.encode()) for t in texts)
        table = pa.table(
            {
                "text": texts,
                "id": [str(row.get("id", f"{shard.name}/{i}")) for i, row in enumerate(rows)],
                "dump": ["CC-MAIN-2024-10"] * len(rows),
                "url": [f"https://example.org/{shard.stem}/{i}" for i in range(len(rows))],
                "date": ["2024-02-21T12:00:00Z"] * len(rows),
                "file_path": [f"s3://commoncrawl/{shard.stem}.warc.gz"] * len(rows),
                "language": ["en"] * len(rows),
                "language_score": pa.array([0.9] * len(rows), pa.float64()),
                "token_count": pa.array([len(t) // 4 for t in texts], pa.int64()),
            }
        )
        writer = pq.ParquetWriter(out / (shard.name.split(".")[0] + ".parquet"), table.schema, compression="snappy")
        for start in range(0, len(rows), 1000):
            writer.write_table(table.slice(start, 1000))
        writer.close()
    print(text_bytes)
elif mode == "arrow":
    import pyarrow.parquet as pq

    rows = sum(pq.read_table(path, columns=["text", "id"], use_threads=False).num_rows for path in files())
    print(f"{rows} rows")
elif mode == "batches":
    import pyarrow.parquet as pq

    total = 0
    for path in files():
        for batch in pq.ParquetFile(path).iter_batches(columns=["text", "id"], use_threads=False):
            for text in batch.column(0).to_pylist():
                total += len(text)
    print(f"{total} characters")
elif mode == "datatrove":
    from datatrove.pipeline.readers import ParquetReader

    documents = sum(1 for _ in ParquetReader(str(folder), glob_pattern="*.parquet", text_key="text", id_key="id")())
    print(f"{documents} documents")
else:
    sys.exit(f"unknown mode {mode}")
