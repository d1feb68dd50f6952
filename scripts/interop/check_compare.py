#!/usr/bin/env python3
"""Recomputes `dataman compare --json` row by row from the annotation files, with pyarrow and numpy.

    check_compare.py REFERENCE_DIR CANDIDATE_DIR COMPARE_JSON

Joins the two annotation sets by id_hash; a document is compared where both sides rated it (no error,
14 ratings and a domain). For each criterion: exact, within-one and binary (1-2 against 3-5)
accuracy, the majority baseline, macro-F1 over the ratings either side gives, Pearson's r and
Spearman's rho (ranks with ties at their average, then Pearson of the ranks); for the domain:
accuracy, macro-F1, the majority baseline and the confusion matrix; and the document counts. Prints
every figure that differs from the JSON by more than 1e-9 and exits 1 if any does.
"""
import glob
import json
import os
import sys

import numpy as np
import pyarrow.parquet as pq

CRITERIA = ["accuracy", "coherence", "language_consistency", "semantic_density", "knowledge_novelty", "topic_focus",
            "creativity", "professionalism", "style_consistency", "grammatical_diversity", "structural_standardization",
            "originality", "sensitivity", "overall_score"]


def load(folder):
    """id_hash -> (domain, ratings) or None (not rated)."""
    rows = {}
    for path in sorted(glob.glob(os.path.join(folder, "**", "*.parquet"), recursive=True)):
        if os.path.basename(path) in ("selection.parquet",):
            continue
        for row in pq.read_table(path, columns=["id_hash", "error", "domain"] + CRITERIA).to_pylist():
            ratings = [row[c] for c in CRITERIA]
            rated = row["error"] is None and row["domain"] is not None and None not in ratings
            rows[row["id_hash"]] = (row["domain"], ratings) if rated else None
    return rows


def f1_macro(reference, candidate):
    labels = sorted(set(reference) | set(candidate))
    scores = []
    for label in labels:
        tp = sum(1 for r, c in zip(reference, candidate) if r == label and c == label)
        predicted = sum(1 for c in candidate if c == label)
        actual = sum(1 for r in reference if r == label)
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def average_ranks(values):
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    sorted_values = np.asarray(values)[order]
    start = 0
    while start < len(values):
        end = start
        while end + 1 < len(values) and sorted_values[end + 1] == sorted_values[start]:
            end += 1
        ranks[order[start:end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def pearson(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) < 2 or x.std() == 0 or y.std() == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def figures(reference, candidate):
    n = len(reference)
    counts = {v: reference.count(v) for v in set(reference)}
    return {
        "documents": n,
        "accuracy": sum(r == c for r, c in zip(reference, candidate)) / n,
        "majority_baseline": max(counts.values()) / n,
        "macro_f1": f1_macro(reference, candidate),
    }


def main():
    reference_dir, candidate_dir, json_path = sys.argv[1:4]
    reference, candidate = load(reference_dir), load(candidate_dir)
    report = json.load(open(json_path))
    both = [h for h in candidate if h in reference]
    pairs = [(reference[h], candidate[h]) for h in both if reference[h] is not None and candidate[h] is not None]
    expected = {
        "documents": {
            "compared": len(pairs),
            "only_in_reference": sum(1 for h in reference if h not in candidate),
            "only_in_candidate": sum(1 for h in candidate if h not in reference),
            "unrated_in_reference": sum(1 for h in both if reference[h] is None),
            "unrated_in_candidate": sum(1 for h in both if candidate[h] is None),
        },
        "criteria": {},
    }
    for index, criterion in enumerate(CRITERIA):
        ref = [r[1][index] for r, _ in pairs]
        cand = [c[1][index] for _, c in pairs]
        entry = figures(ref, cand)
        entry["within_one"] = sum(abs(r - c) <= 1 for r, c in zip(ref, cand)) / len(ref)
        entry["binary_accuracy"] = sum((r < 3) == (c < 3) for r, c in zip(ref, cand)) / len(ref)
        entry["pearson"] = pearson(ref, cand)
        entry["spearman"] = pearson(average_ranks(ref), average_ranks(cand))
        expected["criteria"][criterion] = entry
    ref_domains = [r[0] for r, _ in pairs]
    cand_domains = [c[0] for _, c in pairs]
    expected["domain"] = figures(ref_domains, cand_domains)
    labels = report["domain"]["labels"]
    expected["domain"]["confusion"] = [[sum(1 for r, c in zip(ref_domains, cand_domains) if r == a and c == b)
                                        for b in labels] for a in labels]

    mismatches = []

    def check(path, want, got):
        if isinstance(want, dict):
            for key, value in want.items():
                check(f"{path}.{key}", value, (got or {}).get(key) if isinstance(got, dict) else None)
        elif want is None or got is None:
            if want is not got and not (want is None and got is None):
                mismatches.append(f"{path}: computed {want}, compare says {got}")
        elif isinstance(want, list):
            if want != got:
                mismatches.append(f"{path}: computed {want}, compare says {got}")
        elif abs(float(want) - float(got)) > 1e-9:
            mismatches.append(f"{path}: computed {want}, compare says {got}")

    check("", expected, report)
    for line in mismatches:
        print(line)
    compared = expected["documents"]["compared"]
    print(f"checked {compared} documents: {len(mismatches)} figures differ" if mismatches else
          f"every figure of {json_path} matches the row-by-row computation over {compared} documents "
          f"(domain accuracy {expected['domain']['accuracy']:.4f})")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
