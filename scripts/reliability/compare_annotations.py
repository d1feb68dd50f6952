#!/usr/bin/env python3
"""Checks a resumed annotate output against an uninterrupted run's (used by the kill-resume scripts).

  identical REF OUT                      every Parquet file equal value for value, no stray file
  dataman REF OUT SHARDS STATS CRITERIA  --rater dataman against the fault-injecting test server:
      one row per input line; every column but the ratings equal to REF; a rated row equal to REF and
      an answer the server gave (STATS: its GET /stats after the killed runs); an error row only where
      REF has one too (a text the server never answers validly) or the server never gave that
      document's answer during the killed runs.
Provenance metadata (creation times) is not compared. Exits non-zero with the first differences.
"""
import gzip
import json
import pathlib
import subprocess
import sys

import pyarrow.parquet as pq

RATINGS = ["accuracy", "coherence", "language_consistency", "semantic_density", "knowledge_novelty", "topic_focus",
           "creativity", "professionalism", "style_consistency", "grammatical_diversity", "structural_standardization",
           "originality", "sensitivity", "overall_score"]
BOOKKEEPING = ("_dataman.json", "_dataman.lock")


def fail(message):
    print(f"FAILED: {message}")
    sys.exit(1)


def parquet_files(folder):
    return sorted(p.relative_to(folder) for p in folder.rglob("*.parquet"))


def same_files(ref, out):
    names = parquet_files(ref)
    if names != parquet_files(out):
        fail(f"different file sets: {sorted(set(map(str, names)) ^ set(map(str, parquet_files(out))))}")
    stray = [str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()
             and not p.name.endswith(".parquet") and p.name not in BOOKKEEPING]
    if stray:
        fail(f"stray files: {stray}")
    return names


def identical(ref, out):
    rows = 0
    names = same_files(ref, out)
    for name in names:
        a, b = pq.read_table(ref / name), pq.read_table(out / name)
        if not a.equals(b):
            fail(f"{name} differs")
        rows += a.num_rows
    print(f"identical: {len(names)} files, {rows} rows, value for value")


def input_lines(path):
    """Lines of a JSONL shard, plain or zstd/lz4/gzip (by magic, as dataman detects it)."""
    head = path.read_bytes()[:4]
    if head[:2] == b"\x1f\x8b":
        data = gzip.decompress(path.read_bytes())
    elif head == b"\x28\xb5\x2f\xfd":
        data = subprocess.run(["zstd", "-dc", str(path)], check=True, capture_output=True).stdout
    elif head == b"\x04\x22\x4d\x18":
        data = subprocess.run(["lz4", "-dc", str(path)], check=True, capture_output=True).stdout
    else:
        data = path.read_bytes()
    return data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)


def answer(row, letters):
    """The server's answer text for a rated row (see answer_for in openai_server.py)."""
    return "\n".join([letters[row["domain"]]] + [str(row[c]) for c in RATINGS])


def dataman(ref, out, shards, stats_file, criteria):
    stats = json.loads(stats_file.read_text())
    given = set(stats["valid"].values())
    letters = {d["name"]: d["letter"] for d in json.loads((criteria / "domains.json").read_text())["domains"]}
    if stats["mismatches"]:
        fail(f"the server saw {len(stats['mismatches'])} requests unlike the reference prompt: {stats['mismatches'][:3]}")
    totals = {"rows": 0, "rated": 0, "never_valid": 0, "unanswered": 0}
    for name in same_files(ref, out):
        a, b = pq.read_table(ref / name).to_pylist(), pq.read_table(out / name).to_pylist()
        source = shards / str(name)[: -len(".parquet")] if shards.is_dir() else shards
        lines = input_lines(source)
        if sorted(r["line"] for r in b) != list(range(lines)):
            fail(f"{name}: {len(b)} rows for {lines} input lines, or a line twice")
        for r, o in zip(a, b):
            where = f"{name} line {o['line']} ({o['doc_id']})"
            keys = [k for k in o if k not in RATINGS and k not in ("domain", "error")]
            if any(r[k] != o[k] for k in keys):
                fail(f"{where}: {[(k, r[k], o[k]) for k in keys if r[k] != o[k]]}")
            if o["error"] is None:
                if r["error"] is not None:
                    fail(f"{where}: rated, but the uninterrupted run has an error: {r['error']}")
                if answer(o, letters) != answer(r, letters):
                    fail(f"{where}: ratings {answer(o, letters)!r} differ from {answer(r, letters)!r}")
                if answer(o, letters) not in given:
                    fail(f"{where}: ratings {answer(o, letters)!r} are no answer the server gave")
                totals["rated"] += 1
            elif r["error"] is not None:
                totals["never_valid"] += 1
            elif answer(r, letters) in given:
                fail(f"{where}: error {o['error']!r}, though the server answered this document validly")
            else:
                totals["unanswered"] += 1
            totals["rows"] += 1
    print(f"checked: {totals['rows']} rows, one per input line; {totals['rated']} rated rows equal to the uninterrupted "
          f"run and to the server's answers; {totals['never_valid']} error rows for texts the server never answers "
          f"validly; {totals['unanswered']} error rows for documents the server never answered validly in these runs")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "identical":
        identical(*map(pathlib.Path, sys.argv[2:]))
    elif len(sys.argv) == 7 and sys.argv[1] == "dataman":
        dataman(*map(pathlib.Path, sys.argv[2:]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
