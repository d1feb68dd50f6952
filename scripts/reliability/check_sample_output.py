#!/usr/bin/env python3
"""Checks a `dataman sample --materialize` OUT against an uninterrupted run's REF (kill-resume-sample.sh).

  check_sample_output.py REF OUT            after a kill: every file under its final name is complete,
                                            i.e. byte-identical to REF's (all runs share their inputs);
                                            anything else is staging (*.tmp, data.tmp/)
  check_sample_output.py --final REF OUT    and OUT holds exactly REF's files, with no staging left
Prints one line describing OUT; exits non-zero on the first bad file.
"""
import pathlib
import sys


def files(folder):
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def main():
    final = sys.argv[1:2] == ["--final"]
    args = sys.argv[2:] if final else sys.argv[1:]
    if len(args) != 2:
        sys.exit(__doc__)
    ref, out = map(pathlib.Path, args)
    expected = files(ref)
    present = files(out) if out.exists() else set()
    staging = {f for f in present if any(part.endswith(".tmp") for part in pathlib.PurePath(f).parts)}
    complete = present - staging
    for name in sorted(complete):
        if name not in expected:
            sys.exit(f"FAILED: {out / name} is no file of the uninterrupted run")
        if (out / name).read_bytes() != (ref / name).read_bytes():
            sys.exit(f"FAILED: {out / name} is visible under its final name but differs from the uninterrupted run's "
                     f"({(out / name).stat().st_size} vs {(ref / name).stat().st_size} bytes): half-written or stale")
    if final and (complete != expected or staging):
        sys.exit(f"FAILED: final OUT lacks {sorted(expected - complete)[:5]}, keeps staging {sorted(staging)[:5]}")
    parts = sum(1 for f in complete if f.startswith("data/"))
    tops = ", ".join(sorted(f for f in complete if "/" not in f)) or "nothing"
    print(f"complete: {tops}, data/ {parts} of {sum(1 for f in expected if f.startswith('data/'))} parts; "
          f"staging: {len(staging)} files ({', '.join(sorted({pathlib.PurePath(f).parts[0] for f in staging})) or 'none'})")


if __name__ == "__main__":
    main()
