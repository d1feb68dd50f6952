#!/usr/bin/env python3
"""FineWeb-shaped Parquet for the row cursor's throughput benchmark (Tests/ParquetTests/ThroughputBenchmark.swift).

Usage:
  bench_fineweb.py write PATH ROWS   writes ROWS documents like datatrove's ParquetWriter does (snappy, row groups
                                     of 10,000): text of 50-900 words, a urn:uuid id, dump, url, a double, an int
  bench_fineweb.py time PATH         prints the best of three pyarrow read_table(columns=["text", "id",
                                     "token_count"], use_threads=False) times, in seconds
"""
import random
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq


def write(path, rows):
    random.seed(1)
    words = ["".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(random.randint(2, 10)))
             for _ in range(5000)] + ["日本語", "données", "😀", "Straße"]
    table = pa.table({
        "text": [" ".join(random.choices(words, k=random.randint(50, 900))) for _ in range(rows)],
        "id": [f"<urn:uuid:{random.getrandbits(128):032x}>" for _ in range(rows)],
        "dump": ["CC-MAIN-2024-10"] * rows,
        "url": [f"https://example.org/{i}" for i in range(rows)],
        "language_score": [random.random() for _ in range(rows)],
        "token_count": [random.randint(10, 5000) for _ in range(rows)],
    })
    pq.write_table(table, path, compression="snappy", row_group_size=10_000)


def timed(path):
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        pq.read_table(path, columns=["text", "id", "token_count"], use_threads=False)
        best = min(best, time.perf_counter() - start)
    print(f"{best:.4f}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "time":
        timed(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(1)
