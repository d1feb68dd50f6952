#!/usr/bin/env python3
"""Writes Parquet files the way real writers make them (pyarrow with every codec and encoding, polars,
DuckDB, datatrove's ParquetWriter when installed) for DataMan's row cursor to read back, and what pyarrow
reads from each: OUT_DIR/<file>.jsonl holds one JSON array per row, the values of the file's readable
columns in manifest order (null, a string, an integer, or {"invalid": N} for a binary value of N bytes
that is not UTF-8). OUT_DIR/manifest.json lists the files with their readable and repeated columns and
their row groups' row counts.

Usage: write_conformance.py OUT_DIR
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

ROWS = 2500
WORDS = ["alpha", "béta", "漢字テキスト", "emoji 😀🎉", "", "Grüße", "x" * 300, "שלום", "naïve café"]


def text(row):
    if row % 17 == 5:
        return None
    if row % 23 == 0:
        return ""
    # Shared prefixes exercise DELTA_BYTE_ARRAY; varied lengths push values across page boundaries.
    return f"document {row // 7:05d} " + " ".join(WORDS[(row * k) % len(WORDS)] for k in range(1, 2 + row % 5))


def table(rows):
    ids = [row * 7919 - 1_000_000 if row % 3 else (1 << 40) + row for row in range(rows)]
    metadata = []
    for row in range(rows):
        if row % 11 == 3:
            metadata.append(None)
        else:
            metadata.append({
                "dump": None if row % 13 == 4 else f"CC-MAIN-2024-{row % 52:02d}",
                "url": f"https://example.org/{row}/{WORDS[row % len(WORDS)]}",
                "score": row / 7.0,
            })
    return pa.table({
        "id": pa.array(ids, pa.int64()),
        "text": pa.array([text(row) for row in range(rows)], pa.string()),
        "source": pa.array([None if row % 29 == 1 else ["web", "books", "código", "論文"][row % 4]
                            for row in range(rows)], pa.string()),
        "big_text": pa.array([text(rows - 1 - row) for row in range(rows)], pa.large_string()),
        "small": pa.array([(row * 37) % 2001 - 1000 for row in range(rows)], pa.int32()),
        "blob": pa.array([b"\xff\xfe" * (row % 4) if row % 5 == 0 else f"ok{row}".encode() for row in range(rows)],
                         pa.binary()),
        "metadata": pa.array(metadata, pa.struct([("dump", pa.string()), ("url", pa.string()),
                                                  ("score", pa.float64())])),
        "tags": pa.array([None if row % 19 == 2 else [WORDS[(row + k) % len(WORDS)] for k in range(row % 3)]
                          for row in range(rows)], pa.list_(pa.string())),
        "score": pa.array([row / 3.0 for row in range(rows)], pa.float64()),
    })


def cell(value):
    if value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return {"invalid": len(value)}
    raise TypeError(f"unexpected value {value!r}")


def describe(path, name):
    """The readable and repeated leaves, and pyarrow's values of the readable ones, written as JSON lines."""
    schema = pq.ParquetFile(path).schema
    readable, repeated = [], []
    for i in range(len(schema)):
        column = schema.column(i)
        dotted = column.path
        if column.max_repetition_level > 0:
            repeated.append(dotted)
        elif column.physical_type in ("BYTE_ARRAY", "INT32", "INT64"):
            readable.append(dotted)
    rows = pq.read_table(path).to_pylist()
    with open(path + ".jsonl", "w", encoding="utf-8") as out:
        for row in rows:
            values = []
            for dotted in readable:
                value = row
                for part in dotted.split("."):
                    value = None if value is None else value.get(part)
                values.append(cell(value))
            out.write(json.dumps(values, ensure_ascii=False) + "\n")
    metadata = pq.ParquetFile(path).metadata
    return {"file": name, "columns": readable, "repeated": repeated,
            "rowGroups": [metadata.row_group(g).num_rows for g in range(metadata.num_row_groups)],
            "codecs": sorted({metadata.row_group(g).column(c).compression for g in range(metadata.num_row_groups)
                              for c in range(metadata.num_columns)})}


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 1
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    data = table(ROWS)
    files = []

    def pyarrow_file(name, source=data, **options):
        path = os.path.join(out, name)
        pq.write_table(source, path, **options)
        files.append(describe(path, name))

    for codec in ["snappy", "gzip", "zstd", "lz4", "brotli", "none"]:
        pyarrow_file(f"pyarrow_{codec}.parquet", compression=codec, row_group_size=1000, data_page_size=4096)
    pyarrow_file("pyarrow_plain.parquet", compression="snappy", use_dictionary=False, data_page_size=2048)
    deltas = {"text": "DELTA_BYTE_ARRAY", "big_text": "DELTA_LENGTH_BYTE_ARRAY", "source": "DELTA_LENGTH_BYTE_ARRAY",
              "blob": "DELTA_BYTE_ARRAY", "id": "DELTA_BINARY_PACKED", "small": "DELTA_BINARY_PACKED"}
    pyarrow_file("pyarrow_delta.parquet", compression="zstd", use_dictionary=False, column_encoding=deltas,
                 data_page_size=4096, row_group_size=1000)
    # pyarrow checks the page size once per write batch (1024 rows by default): small batches make small pages.
    pyarrow_file("pyarrow_delta_v2.parquet", compression="snappy", use_dictionary=False, column_encoding=deltas,
                 data_page_version="2.0", data_page_size=1024, write_batch_size=64)
    pyarrow_file("pyarrow_v2_snappy.parquet", compression="snappy", data_page_version="2.0", data_page_size=4096,
                 row_group_size=1000)
    pyarrow_file("pyarrow_v2_gzip.parquet", compression="gzip", data_page_version="2.0", use_dictionary=False)
    # Page CRC-32s (off by default in pyarrow): the reader checks them.
    pyarrow_file("pyarrow_checksummed.parquet", compression="snappy", write_page_checksum=True, row_group_size=1000,
                 data_page_size=4096)
    pyarrow_file("pyarrow_checksummed_v2_none.parquet", compression="none", write_page_checksum=True,
                 data_page_version="2.0", use_dictionary=False, data_page_size=4096)
    pyarrow_file("pyarrow_one_row_groups.parquet", source=data.slice(0, 40), compression="snappy", row_group_size=1)
    pyarrow_file("pyarrow_one_group.parquet", compression="brotli", row_group_size=ROWS, data_page_size=512,
                 write_batch_size=64)

    frame = pl.from_arrow(data)
    for codec in ["zstd", "snappy", "gzip", "lz4", "brotli", "uncompressed"]:
        name = f"polars_{codec}.parquet"
        frame.write_parquet(os.path.join(out, name), compression=codec, row_group_size=1000)
        files.append(describe(os.path.join(out, name), name))

    connection = duckdb.connect()
    connection.register("source", data)
    for codec in ["snappy", "zstd", "gzip"]:
        name = f"duckdb_{codec}.parquet"
        path = os.path.join(out, name)
        connection.execute(f"COPY (SELECT * FROM source) TO '{path}' "
                           f"(FORMAT parquet, COMPRESSION {codec}, ROW_GROUP_SIZE 1000)")
        files.append(describe(path, name))

    try:
        from datatrove.data import Document
        from datatrove.pipeline.writers import ParquetWriter
    except ImportError:
        datatrove = None
    else:
        datatrove = os.path.join(out, "datatrove")
        with ParquetWriter(datatrove, output_filename="${rank}.parquet") as writer:
            for row in range(ROWS):
                writer.write(Document(text=text(row) or "(no text)", id=f"doc-{row}",
                                      metadata={"url": f"https://example.org/{row}", "dump": "CC-MAIN-2024-10"}),
                             rank=0)
        written = [name for name in os.listdir(datatrove) if name.endswith(".parquet")]
        for name in written:
            files.append(describe(os.path.join(datatrove, name), os.path.join("datatrove", name)))

    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as handle:
        json.dump({"files": files, "datatrove": datatrove is not None}, handle, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
