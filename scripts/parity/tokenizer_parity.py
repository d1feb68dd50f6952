#!/usr/bin/env python3
"""Reference token ids for the Swift tokenizer parity test (Tests/TokenizersTests/ParityTests.swift).

Tokenizes a stratified sample of real documents (default the bundled shards/, or $DATAMAN_CORPUS) plus
synthetic hard cases with the reference implementations: Hugging Face `tokenizers` (Qwen2, Qwen3, Llama-2) and
`tiktoken` (cl100k_base, o200k_base, p50k_base). It also prepares texts with DataMan's reference procedure and decodes cut
token sequences. Everything goes to one little-endian binary file the Swift test reads:

  b"DMTP", u32 version (1)
  u32 K, K x (u16+utf8 name, u16+utf8 Swift `Tokenizer.load` reference)
  u32 D, D x (u32+bytes document (raw, may be invalid UTF-8),
              K x (u32 n or 0xFFFFFFFF when not computed, n x u32 ids, u32 cut, u32+bytes decode(ids[:cut])))
  u32 T, T x (u32+bytes original text, u8 preset (0 English, 1 Chinese), u32+bytes prepared text, u32 Llama-2 length)

Usage: tokenizer_parity.py OUTPUT [--docs 3000] [--max-bytes 4000] [--truncation 60] [--seed 7]
Exit status 3 with a message when a Python package or the corpus is missing.
"""
import argparse
import json
import subprocess
import os
import random
import re
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

try:
    import tiktoken
    from tokenizers import Tokenizer
except ImportError as error:
    print(f"tokenizer_parity.py: {error}; install with: pip install tokenizers==0.23.3 tiktoken==0.14.0",
          file=sys.stderr)
    sys.exit(3)

import tokenizer_assets

NOT_COMPUTED = 0xFFFFFFFF
# DataMan's reference text preparation (dataman_annotate.py): regexes, then character and token limits.
ELLIPSIS_PATTERN = r'^["“”]…+["“”]|^["“”]\.\.\.+["“”]'
LINK_PATTERN = r"!\[\]\([\/]?[^\)]+\)\n"
PRESETS = {0: (20000, 1894), 1: (60000, 1896)}


def load_tokenizers(assets):
    with open(assets["qwen"], encoding="utf-8") as handle:
        qwen = json.load(handle)
    qwen3 = Tokenizer.from_str(json.dumps(qwen))
    qwen["added_tokens"] = [t for t in qwen["added_tokens"] if t["id"] <= 151645]
    qwen2 = Tokenizer.from_str(json.dumps(qwen))
    llama2 = Tokenizer.from_file(assets["llama2"])
    tokenizer_assets.use_offline_tiktoken(assets)
    return (qwen2, qwen3, llama2, tiktoken.get_encoding("cl100k_base"), tiktoken.get_encoding("o200k_base"),
            tiktoken.get_encoding("p50k_base"))


def hf_encoder(tokenizer):
    def encode_all(texts):
        return [e.ids for e in tokenizer.encode_batch(texts, add_special_tokens=False)]

    def decode(ids):
        return tokenizer.decode(ids, skip_special_tokens=False)
    return encode_all, decode


def tiktoken_encoder(encoding):
    return (lambda texts: [encoding.encode_ordinary(t) for t in texts]), encoding.decode


def synthetic_documents(rng):
    """Hard cases: raw bytes, so invalid UTF-8 can be among them."""
    texts = [
        "", " ", "\n", "\r\n", "  ", "a", "'", "'s", "é",
        "👍🏽 family 👨‍👩‍👧‍👦 flags 🇯🇵🇺🇸 keycap 1️⃣ ❤️ 🫠 😀😃😄 emoji run👍👍👍",
        "\x00\x01\x07\x08\x0b\x0c\x1b[31mred\x1b[0m\x7f\u0085 next\u2028line\u2029para\x1c\x1d\x1e\x1f end",
        " " * 5000 + "x" + "\t" * 300 + "\n" * 200 + " \n \r\n\t \u3000\u00a0" * 50 + "end   " + "\n \n  ",
        "1234567890" * 2000 + " 3.14159 1,000,000 ١٢٣٤٥ ௧௨௩ ½ ² Ⅻ ⅷ 𝟙𝟚𝟛 ①②③",
        "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。カタカナ ﾊﾝｶｸ が ｶﾞ ゛゜ ー〜「引用」『二重』",
        "的一是不了人我在有他这为之大来以个中上们" * 1000,
        "def f(x):\r\n\treturn x ** 2  # square\r\n\r\nint main() { printf(\"%d\\n\", a[i]); }\n"
        "fn main() -> Result<(), Box<dyn Error>> { let v: Vec<u8> = vec![1, 2, 3]; Ok(()) }\n    \n\t\t\n",
        "$\\int_0^\\infty e^{-x^2} dx = \\frac{\\sqrt{\\pi}}{2}$ ∀x∈ℝ: x²≥0, ∑ᵢ αᵢ ≤ ∞, 𝔸𝔹ℂ 𝑥𝑦𝑧, a≠b, f′(x)",
        "I'M you'RE they'Ve it'S don'T we'll 'LL 'ſ 'ſt ’s O'Neil 'twas rock'n'roll I'm'll ''s 'S's",
        "cafe\u0301 a\u0300 n\u0303 \u1100\u1161\u11a8 \uf900\uf901\ufa10 \u212b \u2126 \ufb01 \u1e9b\u0323 "
        "Vie\u0323\u0302t \u0958 \u037e \u0344 \u0387 ka\u3099 \u0915\u093c x\u0308\u0301\u0323",
        "<|endoftext|> hello <|im_start|>user\n<think>x</think><|fim_prefix|><s></s><unk><|im_end|>\n"
        "<tool_call>{}</tool_call><|endofprompt|><|fim_middle|>",
        "مرحبا بالعالم שלום עולם สวัสดีครับ नमस्ते दुनिया 안녕하세요 세계 Привет мир Γειά σου κόσμε "
        "សួស្តី ზღვა ZWJ\u200dZWNJ\u200cBOM\ufeff LRM\u200e RLO\u202e",
        "a" * 10000, "!" * 3000, "ab" * 5000, "\u3002" * 2000, "😀" * 1000,
        "𠀀𠀁𠀂 𝒜𝒷𝒸 𐐀𐐨 𫠝𫠞 ",
        "a\u00a0b\u2009c\u3000d\u202fe \u00a0 \u2000x",
        "\u0301abc \u20dd\u20dd z\u0301\u0302\u0303",
        "▁hello ▁▁ world▁ ▁",
        "supercalifragilistic" * 500,
        "HTTPServer XMLHttpRequest ÉCOLE élève DŽungla ǅ ǈ ǋ İstanbul ΣΊΣΥΦΟΣ",
        "trailing spaces   ", "trailing newline\n", "trailing mix \n \t", "lead\n\n\n  \n x",
        "tabs\t\t\tand\t spaces \t\nend", "A\r\rB\r\n\r\nC\n\rD",
        "path/to/file.txt https://example.com/a?b=c&d=e#frag //comment /* block */",
    ]
    documents = [t.encode("utf-8") for t in texts]
    documents += [
        b"abc\xff\xfe def \xc3\x28 \xe2\x82 \xf0\x9f\x98 \xed\xa0\x80 \xc0\xaf end\x80",
        b"\xe4\xb8\xad\xe6\x96" + "文字".encode() + b"\xf4\x90\x80\x80 \xf8\x88\x80\x80\x80",
        b"\xc2" + b" ok",
    ]
    # Random strings over an alphabet of edge-case scalars, to reach scanner states the corpus does not.
    alphabet = list("aAzZ09 '\t\n\r.,!?-_/\\\"") + ["ſ", "é", "e\u0301", "中", "文", "。", "ー", "カ", "😀", "🏽",
                                                    "\u00a0", "\u3000", "\u2028", "١", "½", "ǅ", "\u0301", "\u093c",
                                                    "’", "▁", "<|endoftext|>", "<s>", "'s", "'LL", "\x00", "\x85"]
    for _ in range(400):
        length = rng.randint(1, 60)
        documents.append("".join(rng.choice(alphabet) for _ in range(length)).encode("utf-8"))
    return documents


SHARDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shards")
DECOMPRESSORS = {".zst": ["zstd", "-dc"], ".lz4": ["lz4", "-dc"], ".gz": ["gzip", "-dc"]}


def shard_records(folder, window=4000):
    """The bundled sample shards as records, with the shard as the source and meta.lang as lang. The
    sample holds about two thousand documents, so a long document also yields a record for each
    further window of its text (up to four), and consecutive documents of a shard are joined into
    25,000+ character texts for the truncation cases: real text either way."""
    for root, _, names in sorted(os.walk(folder)):
        for name in sorted(names):
            if ".json" not in name:
                continue
            path = os.path.join(root, name)
            command = DECOMPRESSORS.get(os.path.splitext(name)[1])
            data = subprocess.run(command + [path], check=True, capture_output=True).stdout if command else open(path, "rb").read()
            source = os.path.relpath(path, folder)
            joined, joined_lang = "", ""
            for line in data.splitlines():
                if not line.strip():
                    continue
                record = json.loads(line)
                meta = record.get("meta") or record.get("metadata") or {}
                text, lang = record.get("text") or "", meta.get("lang", "")
                for part in range(min(4, 1 + len(text) // window)):
                    yield {"source": source, "lang": lang, "text": text[part * window:]}
                joined, joined_lang = joined + text + "\n\n", lang
                if len(joined) > 25000:
                    yield {"source": source + "#joined", "lang": joined_lang, "text": joined, "long_only": True}
                    joined = ""


def jsonl_records(path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def corpus_documents(path, count, max_bytes, rng):
    """A stratified sample: about the same number of documents from every source, each cut to a random
    window of at most max_bytes (at character boundaries)."""
    by_source = {}
    joined_texts = []
    for record in (shard_records(path) if os.path.isdir(path) else jsonl_records(path)):
        if record.get("long_only"):
            joined_texts.append((record["text"], record.get("lang", "")))
        else:
            by_source.setdefault(record.get("source", ""), []).append(record)
    sources = sorted(by_source)
    quota = max(1, count // max(1, len(sources)))
    largest = max((len(records) for records in by_source.values()), default=0)
    while quota < largest and sum(min(len(records), quota) for records in by_source.values()) < count:
        quota += 1  # sources smaller than their share leave it to the others
    documents, long_documents = [], []
    for source in sources:
        records = by_source[source]
        rng.shuffle(records)
        for record in records[:quota]:
            text = record.get("text") or ""
            encoded = text.encode("utf-8", errors="replace")
            if len(encoded) > max_bytes:
                start = rng.randrange(0, len(text))
                window = text[start:start + max_bytes]
                while len(window.encode("utf-8", errors="replace")) > max_bytes:
                    window = window[: len(window) * 3 // 4]
                encoded = window.encode("utf-8", errors="replace")
            documents.append(encoded)
        long_documents += [(r.get("text") or "", r.get("lang", "")) for r in records[quota:quota + 20]
                           if len(r.get("text") or "") > 8000]
    return documents[:count], long_documents + joined_texts


def dataman_prepare(text, tokenizer, char_limit, token_limit):
    """dataman_annotate.py's preprocess_worker, with the fast Qwen2 tokenizer."""
    text = re.sub(ELLIPSIS_PATTERN, "", text)
    text = re.sub(LINK_PATTERN, "", text)
    if len(text) > char_limit:
        tokens = (tokenizer.encode(text[:char_limit // 2], add_special_tokens=False).tokens
                  + tokenizer.encode(text[-char_limit // 2:], add_special_tokens=False).tokens)
    else:
        tokens = tokenizer.encode(text, add_special_tokens=False).tokens
    if len(tokens) > token_limit:
        tokens = tokens[:token_limit // 2] + ["..."] + tokens[-token_limit // 2:]
    return tokenizer.decoder.decode(tokens).strip()


def truncation_cases(long_documents, count, rng):
    rng.shuffle(long_documents)
    chinese = [d for d in long_documents if d[1].startswith("zh")][: max(1, count // 5)]
    english = [d for d in long_documents if not d[1].startswith("zh")][: count - len(chinese)]
    cases = [(text, 0) for text, _ in english] + [(text, 1) for text, _ in chinese]
    filler = "The quick brown fox jumps over the lazy dog. 敏捷的棕色狐狸跳过了懒狗。" * 600
    cases += [
        ("“……”" + filler, 0), ('"..."  ' + filler, 0), ("“...” short", 0), ('"…" x', 0),
        ("intro ![](/img/a.png)\ntext ![](b.png)\n![](c)) no newline ![]()\n " + filler, 0),
        ("  \u3000 padded \n\t", 0), ("\x1c\x1d text \x1f", 0),
        ("中" * 70000, 1), ("中" * 70000, 0), ("x" * 25000, 0), ("é" * 30000, 0),
        ("😀" * 12000 + "end", 0), ("a😀" * 12000, 0),
    ]
    return cases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--max-bytes", type=int, default=4000)
    parser.add_argument("--truncation", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    corpus = os.environ.get("DATAMAN_CORPUS", SHARDS)
    if not os.path.exists(corpus):
        print(f"tokenizer_parity.py: corpus {corpus} not found; set DATAMAN_CORPUS to a JSONL file or a shard folder",
              file=sys.stderr)
        sys.exit(3)

    rng = random.Random(arguments.seed)
    assets = tokenizer_assets.all_assets()
    qwen2, qwen3, llama2, cl100k, o200k, p50k = load_tokenizers(assets)
    synthetic = synthetic_documents(rng)
    real, long_documents = corpus_documents(corpus, arguments.docs, arguments.max_bytes, rng)
    documents = synthetic + real
    texts = [d.decode("utf-8", errors="replace") for d in documents]
    synthetic_count = len(synthetic)

    # (name, Swift reference, encoder, decoder, whether to run on the corpus documents too)
    references = [
        ("qwen2", "qwen2", *hf_encoder(qwen2), True),
        ("qwen3", "qwen3", *hf_encoder(qwen3), False),
        ("llama2", assets["llama2"], *hf_encoder(llama2), True),
        ("cl100k_base", "cl100k_base=" + assets["cl100k_base"], *tiktoken_encoder(cl100k), True),
        ("o200k_base", "o200k_base=" + assets["o200k_base"], *tiktoken_encoder(o200k), True),
        ("p50k_base", "p50k_base=" + assets["p50k_base"], *tiktoken_encoder(p50k), False),
    ]
    results = []
    for name, _, encode_all, decode, on_corpus in references:
        chosen = texts if on_corpus else texts[:synthetic_count]
        ids = encode_all(chosen) + [None] * (len(texts) - len(chosen))
        cuts = []
        for sequence in ids:
            if sequence is None:
                cuts.append(None)
                continue
            cut = rng.randint(0, len(sequence)) if sequence else 0
            cuts.append((cut, decode(sequence[:cut]).encode("utf-8", errors="surrogatepass")))
        results.append((ids, cuts))

    cases = truncation_cases(long_documents, arguments.truncation, rng)
    with open(arguments.output + ".tmp", "wb") as out:
        def blob(data, width="<I"):
            out.write(struct.pack(width, len(data)))
            out.write(data)
        out.write(b"DMTP" + struct.pack("<I", 1))
        out.write(struct.pack("<I", len(references)))
        for name, reference, *_ in references:
            blob(name.encode(), "<H")
            blob(reference.encode(), "<H")
        out.write(struct.pack("<I", len(documents)))
        for index, document in enumerate(documents):
            blob(document)
            for ids, cuts in results:
                if ids[index] is None:
                    out.write(struct.pack("<I", NOT_COMPUTED))
                    continue
                out.write(struct.pack("<I", len(ids[index])))
                out.write(struct.pack(f"<{len(ids[index])}I", *ids[index]))
                out.write(struct.pack("<I", cuts[index][0]))
                blob(cuts[index][1])
        out.write(struct.pack("<I", len(cases)))
        for text, preset in cases:
            prepared = dataman_prepare(text, qwen2, *PRESETS[preset])
            blob(text.encode("utf-8"))
            out.write(struct.pack("<B", preset))
            blob(prepared.encode("utf-8"))
            out.write(struct.pack("<I", len(llama2.encode(prepared, add_special_tokens=False).ids)))
    os.replace(arguments.output + ".tmp", arguments.output)
    print(f"{len(documents)} documents ({synthetic_count} synthetic), {len(cases)} truncation cases -> {arguments.output}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
