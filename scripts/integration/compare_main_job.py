#!/usr/bin/env python3
"""Compares two runs of the main job (annotate, stats --json, sample) made in folders REF and OUT.

  compare_main_job.py REF OUT [--annotations-only]

annotations/: every Parquet file equal value for value (scripts/reliability/compare_annotations.py:
the files' key-value provenance, with its creation times, is not compared); stats.json equal;
mixture/: selection.parquet equal value for value, report.json byte for byte. Exits 1 on a difference.
"""
import json
import pathlib
import sys

import pyarrow.parquet as pq

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "reliability"))
from compare_annotations import fail, identical  # noqa: E402


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 2:
        sys.exit(__doc__)
    ref, out = map(pathlib.Path, args)
    identical(ref / "annotations", out / "annotations")
    if "--annotations-only" in sys.argv:
        return
    a, b = (json.loads((folder / "stats.json").read_text()) for folder in (ref, out))
    if a != b:
        fail("stats.json differs")
    a, b = (pq.read_table(folder / "mixture" / "selection.parquet") for folder in (ref, out))
    if not a.equals(b):
        fail("mixture/selection.parquet differs")
    if (ref / "mixture" / "report.json").read_bytes() != (out / "mixture" / "report.json").read_bytes():
        fail("mixture/report.json differs")
    print(f"identical: stats.json, mixture/selection.parquet ({a.num_rows} rows), mixture/report.json")


if __name__ == "__main__":
    main()
