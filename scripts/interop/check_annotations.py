#!/usr/bin/env python3
"""Reads a DataMan annotation folder with DuckDB, polars and pyarrow and checks they agree with
what the engine says it wrote.

Usage: check_annotations.py OUT_DIR EXPECTED.json
EXPECTED.json: {"rows": N, "columns": {name: [values...]}} for the concatenation of every
annotation file in sorted path order. Exits non-zero with a message on the first disagreement.
"""
import glob
import json
import os
import sys

import duckdb
import polars as pl
import pyarrow.parquet as pq

RATINGS = ["accuracy", "coherence", "language_consistency", "semantic_density", "knowledge_novelty",
           "topic_focus", "creativity", "professionalism", "style_consistency", "grammatical_diversity",
           "structural_standardization", "originality", "sensitivity", "overall_score"]


def fail(message):
    print(f"interop check failed: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    out, expected_path = sys.argv[1], sys.argv[2]
    expected = json.load(open(expected_path))
    files = sorted(glob.glob(os.path.join(out, "**", "*.parquet"), recursive=True))
    if not files:
        fail(f"no parquet files under {out}")

    # pyarrow: types, values, statistics and provenance of every file.
    tables = []
    for path in files:
        pf = pq.ParquetFile(path)
        kv = {k.decode(): v.decode() for k, v in (pf.metadata.metadata or {}).items()}
        for key in ("dataman.rater.kind", "dataman.criteria_version", "dataman.tokenizer", "dataman.input.xxh3"):
            if key not in kv:
                fail(f"{path}: key-value metadata lacks {key}")
        table = pf.read()
        schema = table.schema
        for name in RATINGS:
            if str(schema.field(name).type) != "int8":
                fail(f"{path}: pyarrow reads {name} as {schema.field(name).type}, expected int8")
        for name in ("doc_id", "source", "domain", "error"):
            if str(schema.field(name).type) != "string":
                fail(f"{path}: pyarrow reads {name} as {schema.field(name).type}, expected string")
        for rg in range(pf.metadata.num_row_groups):
            for ci in range(pf.metadata.num_columns):
                column = pf.metadata.row_group(rg).column(ci)
                stats = column.statistics
                if stats is None or (stats.null_count < pf.metadata.row_group(rg).num_rows and not stats.has_min_max):
                    fail(f"{path}: row group {rg} column {column.path_in_schema} has no min/max statistics")
        tables.append(table)
    values = {name: [v for t in tables for v in t.column(name).to_pylist()] for name in expected["columns"]}
    if sum(t.num_rows for t in tables) != expected["rows"]:
        fail(f"pyarrow counts {sum(t.num_rows for t in tables)} rows, expected {expected['rows']}")
    for name, want in expected["columns"].items():
        if values[name] != want:
            first = next(i for i, (a, b) in enumerate(zip(values[name], want)) if a != b)
            fail(f"pyarrow column {name} differs at row {first}: {values[name][first]!r} != {want[first]!r}")

    # DuckDB: the README's query, and every value through a glob over the folder.
    pattern = os.path.join(out, "**", "*.parquet")
    duck = duckdb.sql(f"select domain, avg(overall_score), count(*) from '{pattern}' group by 1").fetchall()
    if sum(row[2] for row in duck) != expected["rows"]:
        fail(f"duckdb counts {sum(row[2] for row in duck)} rows")
    types = dict(duckdb.sql(f"select column_name, column_type from (describe select * from '{pattern}')").fetchall())
    if types["overall_score"] != "TINYINT" or types["domain"] != "VARCHAR" or types["id_hash"] != "BIGINT":
        fail(f"duckdb types: {types}")
    for name, want in expected["columns"].items():
        got = [row[0] for row in duckdb.sql(f"select \"{name}\" from read_parquet({files!r})").fetchall()]
        if got != want:
            fail(f"duckdb column {name} differs")

    # polars: the same values and dtypes.
    frame = pl.concat([pl.read_parquet(path) for path in files])
    if frame.schema["overall_score"] != pl.Int8 or frame.schema["domain"] != pl.String:
        fail(f"polars dtypes: {frame.schema}")
    for name, want in expected["columns"].items():
        if frame[name].to_list() != want:
            fail(f"polars column {name} differs")
    print(f"interop ok: {len(files)} files, {expected['rows']} rows; pyarrow, duckdb and polars agree")


if __name__ == "__main__":
    main()
