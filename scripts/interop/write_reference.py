#!/usr/bin/env python3
"""Writes Parquet files with pyarrow, polars and duckdb for DataMan's reader to read back,
plus OUT_DIR/manifest.json listing each file with its expected content (or the error the
reader must give).

Usage: write_reference.py OUT_DIR
Exit status: 0 written, 1 failure, 2 pyarrow/polars/duckdb missing.
"""
import json
import os
import sys

try:
    import duckdb
    import polars as pl
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as error:
    print(f"missing Python module ({error}); run scripts/setup.sh", file=sys.stderr)
    sys.exit(2)

ROWS = 5000
DOMAINS = ["Medicine", "Law", "Finance", "Technology", "Other"]
WORDS = ["alpha", "βeta", "gamma", "δέλτα", "字", "😀 emoji", "", "e\u0301", "\u00e9"]


def content():
    """Deterministic columns covering nulls, extremes, repeated and unicode strings."""
    rating = [None if i % 7 == 3 else (i * 37) % 5 + 1 for i in range(ROWS)]
    tiny = [-128 if i == 0 else 127 if i == 1 else (i % 255) - 127 for i in range(ROWS)]
    count = [(i * 7919) % 100_000 - 50_000 for i in range(ROWS)]
    big = [-(2 ** 63) if i == 2 else 2 ** 63 - 1 if i == 3 else i * 1_000_003 - 2 ** 40 for i in range(ROWS)]
    domain = [None if i % 11 == 0 else DOMAINS[(i * 13) % len(DOMAINS)] for i in range(ROWS)]
    text = [None if i % 5 == 4 else f"{WORDS[i % len(WORDS)]}-{i}" for i in range(ROWS)]
    doc_id = [f"doc-{i:06d}" for i in range(ROWS)]
    return {
        "rating": ("int8", True, rating, pa.int8()),
        "tiny": ("int8", False, tiny, pa.int8()),
        "count": ("int32", False, count, pa.int32()),
        "big": ("int64", True, big, pa.int64()),
        "domain": ("string", True, domain, pa.string()),
        "text": ("string", True, text, pa.string()),
        "doc_id": ("string", False, doc_id, pa.string()),
    }


def arrow_table(columns):
    fields = [pa.field(name, arrow, nullable=nullable) for name, (_, nullable, _, arrow) in columns.items()]
    arrays = [pa.array(values, type=arrow) for (_, _, values, arrow) in columns.values()]
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata={"origin": "pyarrow"}))


def expected(columns, nullable_override=None):
    return [{"name": name, "type": kind,
             "nullable": nullable if nullable_override is None else nullable_override,
             "values": values}
            for name, (kind, nullable, values, _) in columns.items()]


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 1
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    columns = content()
    table = arrow_table(columns)
    files = []

    def add(name, *, metadata=None, error=None, nullable=None):
        files.append({"file": name, "error": error, "metadata": metadata or {},
                      "columns": [] if error else expected(columns, nullable)})

    pq.write_table(table, os.path.join(out, "pyarrow_zstd_dictionary.parquet"), compression="zstd",
                   row_group_size=1500, data_page_size=2048, use_dictionary=["rating", "domain", "big"])
    add("pyarrow_zstd_dictionary.parquet", metadata={"origin": "pyarrow"})

    pq.write_table(table, os.path.join(out, "pyarrow_v2_pages.parquet"), compression="zstd",
                   data_page_version="2.0", row_group_size=2000, data_page_size=4096)
    add("pyarrow_v2_pages.parquet", metadata={"origin": "pyarrow"})

    pq.write_table(table, os.path.join(out, "pyarrow_uncompressed_v2.parquet"), compression="none",
                   data_page_version="2.0", use_dictionary=False)
    add("pyarrow_uncompressed_v2.parquet", metadata={"origin": "pyarrow"})

    pq.write_table(table, os.path.join(out, "pyarrow_snappy.parquet"))
    add("pyarrow_snappy.parquet")

    pq.write_table(table, os.path.join(out, "pyarrow_delta.parquet"), compression="zstd", use_dictionary=False,
                   column_encoding={"count": "DELTA_BINARY_PACKED"})
    add("pyarrow_delta.parquet", error="unsupported encoding DELTA_BINARY_PACKED")

    nested = pa.table({"id": pa.array([1, 2], pa.int64()),
                       "point": pa.array([{"x": 1, "y": 2}, None], pa.struct([("x", pa.int32()), ("y", pa.int32())]))})
    pq.write_table(nested, os.path.join(out, "pyarrow_nested.parquet"), compression="zstd")
    add("pyarrow_nested.parquet", error="column 'point.x' is nested")

    floats = pa.table({"id": pa.array([1, 2], pa.int64()), "score": pa.array([0.5, None], pa.float64())})
    pq.write_table(floats, os.path.join(out, "pyarrow_float.parquet"), compression="zstd")
    add("pyarrow_float.parquet", error="column 'score' has unsupported type DOUBLE")

    # polars and duckdb do not keep REQUIRED: their columns come back nullable.
    frame = pl.from_arrow(table)
    frame.write_parquet(os.path.join(out, "polars_zstd.parquet"), compression="zstd", row_group_size=1024)
    add("polars_zstd.parquet", nullable=True)

    connection = duckdb.connect()
    connection.register("source", table)
    duck_path = os.path.join(out, "duckdb_zstd.parquet")
    connection.execute(f"COPY (SELECT * FROM source) TO '{duck_path}' "
                       "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2048)")
    add("duckdb_zstd.parquet", nullable=True)

    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as handle:
        json.dump({"files": files}, handle, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
