#!/usr/bin/env python3
"""The Python half of distill-real-llm.sh: draws the sample and reports the figures.

    distill_helper.py sample --corpus corpus.jsonl --docs 240 --super-docs 20 --out DIR
    distill_helper.py report --run DIR --timings DIR/timings.tsv --summary DIR/summary.txt

`sample` writes DIR/train, DIR/heldout and DIR/super as folders of plain JSONL shards; `report`
reads the annotation folders the script wrote under DIR with pyarrow, and compare.json.
"""
import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

RATINGS = ["accuracy", "coherence", "language_consistency", "semantic_density", "knowledge_novelty",
           "topic_focus", "creativity", "professionalism", "style_consistency", "grammatical_diversity",
           "structural_standardization", "originality", "sensitivity", "overall_score"]
# Two shards per part, so the engine reads more than one file, as it would on a real corpus.
SHARDS_PER_PART = 2


def clip(text, limit):
    """At most `limit` characters, cut at the last line break or space so no word is split."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    for separator in ("\n", " "):
        cut = head.rfind(separator)
        if cut >= limit // 2:
            return head[:cut].rstrip()
    return head


def sample(args):
    # Every eligible document per source, then the same number from each source in turn: a
    # 135M-parameter teacher is weak, and a sample drawn by volume would be mostly one source
    # (Chinese reviews, Go code) and teach the student little about the others.
    by_source = defaultdict(list)
    with open(args.corpus, encoding="utf-8") as corpus:
        for line in corpus:
            record = json.loads(line)
            if args.lang != "all" and record.get("lang") != args.lang:
                continue
            text = record.get("text") or ""
            if len(text) < args.min_chars:
                continue
            by_source[record.get("source", "unknown")].append(
                {"id": record["id"], "source": record.get("source", "unknown"),
                 "text": clip(text, args.max_chars)})
    if not by_source:
        sys.exit(f"distill_helper: no {args.lang} document of at least {args.min_chars} characters in {args.corpus}")
    rng = random.Random(args.seed)
    pools = {source: rng.sample(docs, len(docs)) for source, docs in sorted(by_source.items())}
    chosen = []
    while len(chosen) < args.docs and any(pools.values()):
        for source in sorted(pools):
            if pools[source] and len(chosen) < args.docs:
                chosen.append(pools[source].pop())
    rng.shuffle(chosen)
    if len(chosen) < args.docs:
        print(f"distill_helper: only {len(chosen)} documents qualify", file=sys.stderr)

    train_count = round(len(chosen) * args.train_share)
    parts = {"train": chosen[:train_count], "heldout": chosen[train_count:],
             # The free-answer probe reuses teacher-train documents (it measures the format, not a
             # split), clipped shorter: the answer runs to hundreds of tokens and must fit the context
             # beside a prompt three times all_rating's.
             "super": [dict(doc, text=clip(doc["text"], args.super_max_chars))
                       for doc in chosen[:min(args.super_docs, train_count)]]}
    out = Path(args.out)
    for name, docs in parts.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        for shard in range(SHARDS_PER_PART):
            with open(folder / f"part-{shard}.jsonl", "w", encoding="utf-8") as file:
                for doc in docs[shard::SHARDS_PER_PART]:
                    file.write(json.dumps(doc, ensure_ascii=False) + "\n")
    sources = Counter(doc["source"] for doc in chosen)
    lengths = sorted(len(doc["text"]) for doc in chosen)
    print(f"sample: {len(chosen)} documents from {len(sources)} sources "
          f"({len(parts['train'])} teacher-train, {len(parts['heldout'])} held out, {len(parts['super'])} for the "
          f"super-rater probe); characters min {lengths[0]}, median {lengths[len(lengths) // 2]}, max {lengths[-1]}")
    print("sample sources: " + ", ".join(f"{source} {count}" for source, count in sorted(sources.items())))


def read_annotations(folder):
    import pyarrow.parquet as pq
    rows = []
    for path in sorted(Path(folder).rglob("*.parquet")):
        rows.extend(pq.read_table(path, columns=["source", "domain", "error"] + RATINGS).to_pylist())
    return rows


def percent(part, whole):
    return f"{100 * part / whole:.1f}%" if whole else "-"


def distribution(counter, total):
    return ", ".join(f"{key} {count} ({percent(count, total)})" for key, count in counter.most_common())


def report(args):
    run = Path(args.run)
    timings = {}
    for line in Path(args.timings).read_text().splitlines():
        step, seconds, documents = line.split("\t")
        timings[step] = (float(seconds), int(documents))
    lines = []
    say = lines.append

    say("timings (wall):")
    for step, (seconds, documents) in timings.items():
        rate = f", {documents / seconds:.2f} documents/s, {seconds / documents:.2f} s/document" if documents else ""
        say(f"  {step}: {seconds:.1f} s{rate}")

    teacher = {name: read_annotations(run / f"teacher-{name}") for name in ("train", "heldout")}
    every = teacher["train"] + teacher["heldout"]
    rated = [row for row in every if row["error"] is None]
    say(f"teacher, grammar-constrained all_rating: {len(rated)} of {len(every)} documents rated "
        f"({percent(len(rated), len(every))})")
    teacher_seconds = sum(timings.get(f"teacher-{name}", (0, 0))[0] for name in ("train", "heldout"))
    if teacher_seconds:
        say(f"teacher throughput: {len(every) / teacher_seconds:.2f} documents/s "
            f"({teacher_seconds / max(len(every), 1):.2f} s/document)")
    errors = Counter(row["error"] for row in every if row["error"] is not None)
    if errors:
        say("  errors: " + distribution(errors, len(every)))
    say("teacher domains: " + distribution(Counter(row["domain"] for row in rated), len(rated)))
    overall = Counter(row["overall_score"] for row in rated)
    say("teacher overall_score: " + ", ".join(f"{score}: {overall.get(score, 0)}" for score in range(1, 6)))
    every_rating = Counter(row[name] for row in rated for name in RATINGS)
    say("teacher, all 14 ratings pooled: " + ", ".join(f"{score}: {percent(every_rating.get(score, 0), 14 * len(rated))}"
                                                         for score in range(1, 6)))
    # How many distinct answers the 14 criteria get: 1 means the teacher gives every document the
    # same rating there, and a student can only learn the constant.
    say("teacher distinct ratings per criterion: " + ", ".join(
        f"{name} {len({row[name] for row in rated})}" for name in RATINGS))
    # A pooled distribution can look even while the model just counts 1-5 down the 14 lines.
    patterns = Counter(tuple(row[name] for name in RATINGS) for row in rated)
    if patterns:
        pattern, count = patterns.most_common(1)[0]
        say(f"teacher's most common 14-rating answer: {''.join(map(str, pattern))} on {count} documents "
            f"({percent(count, len(rated))}); {len(patterns)} distinct answers")
    by_source = defaultdict(Counter)
    for row in rated:
        by_source[row["source"]][row["domain"]] += 1
    say("teacher's most common domain per source: " + "; ".join(
        f"{source} {counter.most_common(1)[0][0]} ({counter.most_common(1)[0][1]}/{sum(counter.values())})"
        for source, counter in sorted(by_source.items())))

    free = read_annotations(run / "teacher-super")
    parsed = [row for row in free if row["error"] is None]
    say(f"super-rater prompt, no grammar: {len(parsed)} of {len(free)} free answers parsed "
        f"({percent(len(parsed), len(free))})")
    free_errors = Counter(row["error"] for row in free if row["error"] is not None)
    for reason, count in free_errors.most_common(8):
        say(f"  {count} x {reason}")
    if parsed:
        say("  parsed answers' domains: " + distribution(Counter(row["domain"] for row in parsed), len(parsed)))

    compare = json.loads((run / "compare.json").read_text())
    domain, mean = compare["domain"], compare["mean"]

    def figure(value):
        return "-" if value is None else f"{100 * value:.1f}%"
    say(f"student vs teacher on the held-out documents ({json.dumps(compare.get('documents'))}):")
    say(f"  domain accuracy {figure(domain.get('accuracy'))} (majority baseline "
        f"{figure(domain.get('majority_baseline'))}, macro-F1 {figure(domain.get('macro_f1'))})")
    say(f"  mean exact accuracy over the 14 criteria {figure(mean.get('accuracy'))} (majority baseline "
        f"{figure(mean.get('majority_baseline'))}, within one {figure(mean.get('within_one'))})")

    text = "\n".join(lines) + "\n"
    print(text, end="")
    Path(args.summary).write_text(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    draw = commands.add_parser("sample")
    draw.add_argument("--corpus", required=True)
    draw.add_argument("--out", required=True)
    draw.add_argument("--docs", type=int, default=240)
    draw.add_argument("--super-docs", type=int, default=20)
    draw.add_argument("--train-share", type=float, default=0.75)
    draw.add_argument("--min-chars", type=int, default=300)
    draw.add_argument("--max-chars", type=int, default=1500)
    draw.add_argument("--super-max-chars", type=int, default=600)
    draw.add_argument("--lang", default="en", help="the corpus's lang field to keep, or all")
    draw.add_argument("--seed", type=int, default=0)
    tell = commands.add_parser("report")
    tell.add_argument("--run", required=True)
    tell.add_argument("--timings", required=True)
    tell.add_argument("--summary", required=True)
    args = parser.parse_args()
    sample(args) if args.command == "sample" else report(args)


if __name__ == "__main__":
    main()
