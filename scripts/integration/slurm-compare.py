#!/usr/bin/env python3
"""Compare what a Slurm run of DataMan wrote with a single-process run of the same inputs.

  slurm-compare.py annotations EXPECTED_DIR ACTUAL_DIR
      Every annotation file (*.parquet below the folder, not the _dataman.* files) must exist in both
      under the same relative path, with the same schema, the same rows in the same order and the
      same values in every column, and the same key-value provenance except the keys that record
      when or where it ran (created, rank, world, host, time). No *.tmp file may be left over.
      A shard annotated in pieces (--split-lines: X.part-NNNNN.parquet) is compared as its pieces
      concatenated in order, which must cover its lines without gap or overlap.

  slurm-compare.py selection EXPECTED_DIR MIX_DIR PART_DIR...
      The union of every PART_DIR/selection.parquet and MIX_DIR/boundary-selection.parquet must
      equal EXPECTED_DIR/selection.parquet as a multiset of rows over all columns (doc_id, epoch,
      key, stratum, tokens, ratings...), and MIX_DIR/report.json must report the same strata,
      documents and tokens as EXPECTED_DIR/report.json.

Prints what differs (the first few differences) and exits 1 on any difference, 2 on bad usage.
"""
import json
import re
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

# Provenance that legitimately differs between two runs of the same work.
RUN_ONLY_KEY = re.compile(r"created|rank|world|host|time|started|finished", re.IGNORECASE)
MAX_REPORTED = 5


PIECE = re.compile(r"^(?P<shard>.+)\.part-(?P<piece>\d+)\.parquet$")
# Provenance that describes one piece of a split shard rather than the shard.
PIECE_ONLY_KEYS = {"dataman.input.lines", "dataman.input.xxh3", "dataman.rows", "dataman.errors"}


def annotation_files(root: Path) -> dict[str, list[Path]]:
    """Annotation files by the relative path of the whole shard's file; a split shard's pieces in order."""
    files: dict[str, list[tuple[int, Path]]] = {}
    for p in sorted(root.rglob("*.parquet")):
        if p.name.startswith("_"):
            continue
        rel = str(p.relative_to(root))
        m = PIECE.match(rel)
        key, order = (m["shard"] + ".parquet", int(m["piece"])) if m else (rel, -1)
        files.setdefault(key, []).append((order, p))
    return {k: [p for _, p in sorted(v)] for k, v in files.items()}


def piece_gaps(pieces: list[Path]) -> str | None:
    """Why the pieces' line ranges (dataman.input.lines, "start-end") do not tile the shard, or None."""
    expected_start = 0
    for p in pieces:
        lines = (pq.ParquetFile(p).metadata.metadata or {}).get(b"dataman.input.lines", b"").decode()
        if "-" not in lines:
            return f"{p.name} has no dataman.input.lines range"
        start, end = (int(x) for x in lines.split("-"))
        if start != expected_start:
            return f"{p.name} covers lines {lines}, the previous piece ended at {expected_start}"
        expected_start = end
    return None


def provenance(path: Path, ignore: set[str] = frozenset()) -> dict[str, str]:
    meta = pq.ParquetFile(path).metadata.metadata or {}
    return {
        k.decode(): v.decode()
        for k, v in meta.items()
        if not RUN_ONLY_KEY.search(k.decode()) and k != b"ARROW:schema" and k.decode() not in ignore
    }


def first_difference(expected: pa.Table, actual: pa.Table) -> str | None:
    for name in expected.column_names:
        a = expected.column(name).to_pylist()
        b = actual.column(name).to_pylist()
        for row, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return f"column {name} row {row}: expected {x!r}, got {y!r}"
    return None


def compare_annotations(expected_root: Path, actual_root: Path) -> list[str]:
    problems = []
    leftovers = sorted(str(p.relative_to(actual_root)) for p in actual_root.rglob("*.tmp"))
    if leftovers:
        problems.append(f"{len(leftovers)} temporary files left in {actual_root}: {leftovers[:MAX_REPORTED]}")
    expected, actual = annotation_files(expected_root), annotation_files(actual_root)
    if not expected:
        problems.append(f"no annotation files under {expected_root}")
    for rel in sorted(expected.keys() - actual.keys()):
        problems.append(f"missing in {actual_root}: {rel}")
    for rel in sorted(actual.keys() - expected.keys()):
        problems.append(f"not in {expected_root}: {rel}")
    rows = pieces = 0
    for rel in sorted(expected.keys() & actual.keys()):
        if len(expected[rel]) != 1:
            problems.append(f"{rel}: the reference {expected_root} has it in pieces; compare against a run without --split-lines")
            continue
        e_path, a_paths = expected[rel][0], actual[rel]
        split = len(a_paths) > 1 or PIECE.match(a_paths[0].name) is not None
        if split:
            pieces += len(a_paths)
            if gap := piece_gaps(a_paths):
                problems.append(f"{rel}: {gap}")
                continue
        e = pq.read_table(e_path)
        a = pa.concat_tables([pq.read_table(p) for p in a_paths])
        rows += e.num_rows
        if not e.schema.remove_metadata().equals(a.schema.remove_metadata()):
            problems.append(f"{rel}: schema differs:\n{e.schema.remove_metadata()}\nvs\n{a.schema.remove_metadata()}")
            continue
        if e.num_rows != a.num_rows:
            problems.append(f"{rel}: {e.num_rows} rows expected, {a.num_rows} found")
            continue
        if not e.equals(a):
            problems.append(f"{rel}: {first_difference(e, a)}")
        ignore = PIECE_ONLY_KEYS if split else set()
        pe = provenance(e_path, ignore)
        for a_path in a_paths:
            pa_ = provenance(a_path, ignore)
            if pe != pa_:
                keys = sorted(k for k in pe.keys() | pa_.keys() if pe.get(k) != pa_.get(k))
                problems.append(f"{a_path.relative_to(actual_root)}: provenance differs in {', '.join(keys)}: "
                                f"{ {k: pe.get(k) for k in keys} } vs { {k: pa_.get(k) for k in keys} }")
    if not problems:
        split = f" ({pieces} pieces of split shards concatenated)" if pieces else ""
        print(f"annotations equal: {len(expected)} files{split}, {rows} rows, every column and the provenance")
    return problems


def sorted_rows(table: pa.Table) -> pa.Table:
    keys = [(c, "ascending") for c in ("stratum", "doc_id", "epoch", "key")]
    return table.sort_by(keys)


def compare_selection(expected_dir: Path, mix_dir: Path, part_dirs: list[Path]) -> list[str]:
    problems = []
    expected = pq.read_table(expected_dir / "selection.parquet")
    pieces = [mix_dir / "boundary-selection.parquet"] + [p / "selection.parquet" for p in part_dirs]
    missing = [str(p) for p in pieces if not p.exists()]
    if missing:
        return [f"missing selection files: {missing}"]
    tables = [pq.read_table(p) for p in pieces]
    schema = expected.schema.remove_metadata()
    for path, t in zip(pieces, tables):
        if not t.schema.remove_metadata().equals(schema):
            problems.append(f"{path}: schema differs from {expected_dir / 'selection.parquet'}")
    if problems:
        return problems
    union = pa.concat_tables([t.replace_schema_metadata(None) for t in tables])
    e, u = sorted_rows(expected.replace_schema_metadata(None)), sorted_rows(union)
    if e.num_rows != u.num_rows:
        problems.append(f"selection: {e.num_rows} rows single-process, {u.num_rows} in the parts and boundary")
    ident = lambda t: {(r["doc_id"], r["epoch"], r["key"]) for r in t.select(["doc_id", "epoch", "key"]).to_pylist()}
    only_e, only_u = ident(e) - ident(u), ident(u) - ident(e)
    if only_e:
        problems.append(f"{len(only_e)} (doc_id, epoch, key) only in the single-process selection: {sorted(only_e)[:MAX_REPORTED]}")
    if only_u:
        problems.append(f"{len(only_u)} (doc_id, epoch, key) only in the Slurm selection: {sorted(only_u)[:MAX_REPORTED]}")
    if not problems and not e.equals(u):
        problems.append(f"selection: {first_difference(e, u)}")
    re_, rm = (json.loads((d / "report.json").read_text()) for d in (expected_dir, mix_dir))
    for field in ("selected_documents", "selected_rows", "selected_tokens", "shortfall_tokens", "pool_documents", "pool_tokens"):
        if re_.get(field) != rm.get(field):
            problems.append(f"report.json {field}: {re_.get(field)} single-process, {rm.get(field)} merged")
    if re_.get("strata") != rm.get("strata"):
        problems.append("report.json strata differ between the single-process and the merged report")
    if not problems:
        print(f"selection equal: {e.num_rows} rows over {len(part_dirs)} parts + boundary "
              f"({tables[0].num_rows} boundary rows), {re_.get('selected_tokens')} tokens, "
              f"{len(re_.get('strata') or [])} strata")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[1] == "annotations":
        problems = compare_annotations(Path(argv[2]), Path(argv[3]))
    elif len(argv) >= 5 and argv[1] == "selection":
        problems = compare_selection(Path(argv[2]), Path(argv[3]), [Path(p) for p in argv[4:]])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for p in problems[:50]:
        print(f"DIFF {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
