#!/usr/bin/env python3
"""Reads a Parquet file written by DataMan with pyarrow, polars and duckdb and checks it
against EXPECTED.json: every value, the column types, the row groups, the chunk statistics
and the key-value metadata.

Usage: check_parquet.py FILE EXPECTED.json
Exit status: 0 all readers agree, 1 a check failed, 2 pyarrow/polars/duckdb missing.

EXPECTED.json:
  {"num_rows": N,
   "row_group_rows": [n0, n1, ...],
   "compression": "ZSTD" | "UNCOMPRESSED",
   "columns": [{"name": s, "type": "int8|int32|int64|string", "nullable": b, "values": [...]}],
   "metadata": {"key": "value", ...},
   "statistics": [{"column": {"null_count": n, "min": v|null, "max": v|null,
                              "dictionary": b}}, ...]}  # one per row group; b: RLE_DICTIONARY pages
"""
import json
import sys

try:
    import duckdb
    import polars as pl
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as error:  # the Swift test turns this into a failure naming the setup script
    print(f"missing Python module ({error}); run scripts/setup.sh", file=sys.stderr)
    sys.exit(2)

ARROW_TYPES = {"int8": pa.int8(), "int32": pa.int32(), "int64": pa.int64(), "string": pa.string()}
POLARS_TYPES = {"int8": pl.Int8, "int32": pl.Int32, "int64": pl.Int64, "string": pl.String}
DUCKDB_TYPES = {"int8": "TINYINT", "int32": "INTEGER", "int64": "BIGINT", "string": "VARCHAR"}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def first_difference(got, want):
    if len(got) != len(want):
        return f"{len(got)} values, expected {len(want)}"
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return f"row {i}: got {g!r}, expected {w!r}"
    return None


def check_values(reader, name, got, want):
    difference = first_difference(got, want)
    check(difference is None, f"{reader}: column {name}: {difference}")


def check_pyarrow(path, expected):
    parquet_file = pq.ParquetFile(path)
    meta = parquet_file.metadata
    check(meta.num_rows == expected["num_rows"], f"pyarrow: num_rows {meta.num_rows}, expected {expected['num_rows']}")
    rows = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    check(rows == expected["row_group_rows"], f"pyarrow: row groups {rows}, expected {expected['row_group_rows']}")

    schema = parquet_file.schema_arrow
    for column in expected["columns"]:
        field = schema.field(column["name"])
        check(field.type == ARROW_TYPES[column["type"]],
              f"pyarrow: column {column['name']} reads as {field.type}, expected {ARROW_TYPES[column['type']]}")
        check(field.nullable == column["nullable"],
              f"pyarrow: column {column['name']} nullable={field.nullable}, expected {column['nullable']}")

    table = pq.read_table(path)
    check(table.column_names == [c["name"] for c in expected["columns"]], f"pyarrow: columns {table.column_names}")
    for column in expected["columns"]:
        check_values("pyarrow", column["name"], table.column(column["name"]).to_pylist(), column["values"])

    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for j, column in enumerate(expected["columns"]):
            chunk = group.column(j)
            place = f"pyarrow: row group {g}, column {column['name']}"
            check(chunk.compression == expected["compression"], f"{place}: compression {chunk.compression}")
            want = expected["statistics"][g][column["name"]]
            check(("RLE_DICTIONARY" in chunk.encodings) == want["dictionary"],
                  f"{place}: encodings {chunk.encodings}, dictionary expected: {want['dictionary']}")
            check(chunk.has_dictionary_page == want["dictionary"],
                  f"{place}: has_dictionary_page {chunk.has_dictionary_page}, expected {want['dictionary']}")
            stats = chunk.statistics
            check(stats is not None, f"{place}: no statistics")
            if stats is None:
                continue
            check(stats.null_count == want["null_count"], f"{place}: null_count {stats.null_count}, expected {want['null_count']}")
            has = want["min"] is not None
            check(stats.has_min_max == has, f"{place}: has_min_max {stats.has_min_max}, expected {has}")
            if has and stats.has_min_max:
                check(stats.min == want["min"], f"{place}: min {stats.min!r}, expected {want['min']!r}")
                check(stats.max == want["max"], f"{place}: max {stats.max!r}, expected {want['max']!r}")

    stored = {k.decode(): v.decode() for k, v in (meta.metadata or {}).items()}
    check(stored == expected["metadata"], f"pyarrow: key-value metadata {stored}, expected {expected['metadata']}")


def check_polars(path, expected):
    frame = pl.read_parquet(path)
    check(frame.height == expected["num_rows"], f"polars: {frame.height} rows, expected {expected['num_rows']}")
    for column in expected["columns"]:
        series = frame[column["name"]]
        check(series.dtype == POLARS_TYPES[column["type"]],
              f"polars: column {column['name']} reads as {series.dtype}, expected {POLARS_TYPES[column['type']]}")
        check_values("polars", column["name"], series.to_list(), column["values"])
    stored = pl.read_parquet_metadata(path)
    for key, value in expected["metadata"].items():
        check(stored.get(key) == value, f"polars: metadata {key}={stored.get(key)!r}, expected {value!r}")


def check_duckdb(path, expected):
    connection = duckdb.connect()
    described = connection.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()
    types = {row[0]: row[1] for row in described}
    for column in expected["columns"]:
        check(types.get(column["name"]) == DUCKDB_TYPES[column["type"]],
              f"duckdb: column {column['name']} reads as {types.get(column['name'])}, expected {DUCKDB_TYPES[column['type']]}")
    names = ", ".join('"' + c["name"] + '"' for c in expected["columns"])
    rows = connection.execute(f"SELECT {names} FROM read_parquet(?)", [path]).fetchall()
    for j, column in enumerate(expected["columns"]):
        check_values("duckdb", column["name"], [row[j] for row in rows], column["values"])

    stored = {bytes(k).decode(): bytes(v).decode() for k, v in
              connection.execute("SELECT key, value FROM parquet_kv_metadata(?)", [path]).fetchall()}
    check(stored == expected["metadata"], f"duckdb: key-value metadata {stored}, expected {expected['metadata']}")

    stats = connection.execute(
        "SELECT row_group_id, path_in_schema, stats_min_value, stats_max_value, stats_null_count "
        "FROM parquet_metadata(?)", [path]).fetchall()
    for group, name, low, high, nulls in stats:
        want = expected["statistics"][group][name]
        place = f"duckdb: row group {group}, column {name}"
        check(nulls == want["null_count"], f"{place}: null_count {nulls}, expected {want['null_count']}")
        if want["min"] is not None:
            check(low == str(want["min"]), f"{place}: min {low!r}, expected {want['min']!r}")
            check(high == str(want["max"]), f"{place}: max {high!r}, expected {want['max']!r}")


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 1
    path, expected_path = sys.argv[1], sys.argv[2]
    with open(expected_path, encoding="utf-8") as handle:
        expected = json.load(handle)
    for reader in (check_pyarrow, check_polars, check_duckdb):
        try:
            reader(path, expected)
        except Exception as error:  # a reader that refuses the file is a failed check, reported with the rest
            failures.append(f"{reader.__name__}: {type(error).__name__}: {error}")
    if failures:
        print(f"{path}: {len(failures)} check(s) failed", file=sys.stderr)
        for failure in failures[:40]:
            print("  " + failure, file=sys.stderr)
        return 1
    print(f"{path}: pyarrow {pa.__version__}, polars {pl.__version__}, duckdb {duckdb.__version__} agree "
          f"({expected['num_rows']} rows, {len(expected['columns'])} columns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
