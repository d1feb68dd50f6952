#!/usr/bin/env python3
"""Checks `dataman sample --materialize` training shards against the trainers' own code (run by the Swift tests).

    check_training_shards.py datatrove OURS LINES TOKENIZER_JSON EOS
        Runs datatrove's DocumentTokenizer (one process, shuffle off, local output folder) over the documents
        of LINES/data/part-*.jsonl.zst in order, with TOKENIZER_JSON and eos_token=EOS, and requires
        OURS/data/part-00000.ds, .ds.index and .ds.metadata to be byte-identical to its 00000_unshuffled.ds
        files. Then reads OURS back by the index and requires every document's ids to be Hugging Face
        tokenizers' ids of its text followed by EOS's id.
    check_training_shards.py megatron OURS LINES TOKENIZER_JSON EOS
        Reads OURS/data/part-*.idx/.bin by Megatron-LM's published MMapIndexedDataset layout (header, dtype,
        counts, lengths, pointers, document indices, all checked for consistency) and requires the
        sequences, in order across the files, to be the tokenizers' ids of LINES' documents plus EOS.

    check_training_shards.py parquet OURS LINES
        Loads OURS/data/part-*.parquet with Hugging Face `datasets` (load_dataset("parquet")) and requires the
        columns text, id, source, domain and the 14 ratings, the texts of LINES in order, the selection's ids,
        and each row's source, domain and ratings to be its selection row's (OURS/selection.parquet).

LINES is a jsonl.zst materialization of the same selection in the same order. A missing Python package is an
error (exit 1), never a skip: CI installs them with scripts/setup.sh.
"""
import glob
import json
import os
import struct
import subprocess
import sys
import tempfile


def records(lines_out):
    found = []
    for path in sorted(glob.glob(os.path.join(lines_out, "data", "part-*.jsonl.zst"))):
        raw = subprocess.run(["zstd", "-d", "-c", "-q", path], stdout=subprocess.PIPE, check=True).stdout
        found += [json.loads(line) for line in raw.decode("utf-8").split("\n") if line]
    if not found:
        raise SystemExit(f"{lines_out}: no documents")
    return found


def documents(lines_out):
    return [record["text"] for record in records(lines_out)]


def expected_ids(tokenizer_json, eos, texts):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(tokenizer_json)
    eos_id = tokenizer.token_to_id(eos)
    if eos_id is None:
        raise SystemExit(f"{tokenizer_json} has no token {eos!r}")
    return [encoding.ids + [eos_id] for encoding in tokenizer.encode_batch(texts, add_special_tokens=False)]


def check_datatrove(ours, lines_out, tokenizer_json, eos):
    from datatrove.data import Document
    from datatrove.pipeline.tokens.tokenizer import DocumentTokenizer

    texts = documents(lines_out)
    with tempfile.TemporaryDirectory() as reference:
        step = DocumentTokenizer(
            output_folder=reference,
            tokenizer_name_or_path=tokenizer_json,
            eos_token=eos,
            shuffle_documents=False,
        )
        step.run((Document(text=text, id=str(index)) for index, text in enumerate(texts)), rank=0, world_size=1)
        for suffix in [".ds", ".ds.index", ".ds.metadata"]:
            with open(os.path.join(reference, "00000_unshuffled" + suffix), "rb") as handle:
                theirs = handle.read()
            with open(os.path.join(ours, "data", "part-00000" + suffix), "rb") as handle:
                mine = handle.read()
            if mine != theirs:
                first = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b), min(len(mine), len(theirs)))
                raise SystemExit(f"part-00000{suffix} differs from datatrove's at byte {first} "
                                 f"({len(mine)} bytes, datatrove {len(theirs)})")
    token_size = 4 if "|4\n" in open(os.path.join(ours, "data", "part-00000.ds.metadata")).read() else 2
    data = open(os.path.join(ours, "data", "part-00000.ds"), "rb").read()
    index = open(os.path.join(ours, "data", "part-00000.ds.index"), "rb").read()
    ends = struct.unpack(f"<{len(index) // 8}Q", index)
    tokens = struct.unpack(f"<{len(data) // token_size}{'I' if token_size == 4 else 'H'}", data)
    starts = (0,) + ends[:-1]
    ours_ids = [list(tokens[start:end]) for start, end in zip(starts, ends)]
    if ours_ids != expected_ids(tokenizer_json, eos, texts):
        raise SystemExit("the .ds ids differ from Hugging Face tokenizers' ids of the documents plus EOS")
    print(f"datatrove: {len(texts)} documents, {len(tokens)} tokens, byte-identical")


def read_megatron(prefix):
    """One .idx/.bin pair by the published MMapIndexedDataset layout; the sequences as lists of ids."""
    dtypes = {1: ("B", 1), 2: ("b", 1), 3: ("h", 2), 4: ("i", 4), 5: ("q", 8), 8: ("H", 2)}
    with open(prefix + ".idx", "rb") as handle:
        index = handle.read()
    if index[:9] != b"MMIDIDX\x00\x00":
        raise SystemExit(f"{prefix}.idx: bad magic {index[:9]!r}")
    version, code = struct.unpack_from("<QB", index, 9)
    if version != 1 or code not in dtypes:
        raise SystemExit(f"{prefix}.idx: version {version}, dtype code {code}")
    fmt, size = dtypes[code]
    sequences, docs = struct.unpack_from("<QQ", index, 18)
    at = 34
    lengths = struct.unpack_from(f"<{sequences}i", index, at)
    at += 4 * sequences
    pointers = struct.unpack_from(f"<{sequences}q", index, at)
    at += 8 * sequences
    doc_indices = struct.unpack_from(f"<{docs}q", index, at)
    at += 8 * docs
    if at != len(index):
        raise SystemExit(f"{prefix}.idx: {len(index) - at} bytes after the document indices")
    if list(doc_indices) != list(range(sequences + 1)):
        raise SystemExit(f"{prefix}.idx: document indices are not 0..{sequences}")
    with open(prefix + ".bin", "rb") as handle:
        data = handle.read()
    expected_pointer = 0
    result = []
    for length, pointer in zip(lengths, pointers):
        if pointer != expected_pointer:
            raise SystemExit(f"{prefix}.idx: pointer {pointer}, expected {expected_pointer}")
        result.append(list(struct.unpack_from(f"<{length}{fmt}", data, pointer)))
        expected_pointer += length * size
    if expected_pointer != len(data):
        raise SystemExit(f"{prefix}.bin: {len(data)} bytes, the index covers {expected_pointer}")
    return result, code


def check_megatron(ours, lines_out, tokenizer_json, eos):
    from tokenizers import Tokenizer

    vocabulary = Tokenizer.from_file(tokenizer_json).get_vocab_size()
    sequences = []
    prefixes = sorted(path[:-4] for path in glob.glob(os.path.join(ours, "data", "part-*.idx")))
    for prefix in prefixes:
        found, code = read_megatron(prefix)
        # megatron.core.datasets.indexed_dataset.DType.optimal_dtype
        if code != (8 if vocabulary < 65500 else 4):
            raise SystemExit(f"{prefix}.idx: dtype code {code} for a vocabulary of {vocabulary}")
        sequences += found
    if sequences != expected_ids(tokenizer_json, eos, documents(lines_out)):
        raise SystemExit("the Megatron sequences differ from the tokenizers' ids of the documents plus EOS")
    print(f"megatron: {len(prefixes)} files, {len(sequences)} sequences match")


def check_parquet(ours, lines_out):
    import datasets
    import pyarrow.parquet as pq

    files = sorted(glob.glob(os.path.join(ours, "data", "part-*.parquet")))
    loaded = datasets.load_dataset("parquet", data_files=files, split="train")
    ratings = [name for name in pq.read_schema(os.path.join(ours, "selection.parquet")).names
               if name not in ("doc_id", "id_hash", "shard", "line", "offset", "length", "tokens", "source", "domain",
                               "stratum", "epoch", "score", "key", "error")]
    if len(ratings) != 14 or loaded.column_names != ["text", "id", "source", "domain"] + ratings:
        raise SystemExit(f"columns {loaded.column_names}")
    expected = records(lines_out)
    if loaded["text"] != [r["text"] for r in expected]:
        raise SystemExit("the Parquet texts differ from the JSON lines of the same shuffle")
    rows = pq.read_table(os.path.join(ours, "selection.parquet")).to_pylist()
    selection = {row["doc_id"]: row for row in rows}
    if set(loaded["id"]) != set(selection) or loaded.num_rows != len(rows):
        raise SystemExit("the Parquet ids are not the selection's documents, one row per copy")
    for row in loaded:
        chosen = selection[row["id"]]
        for name in ["source", "domain"] + ratings:
            if row[name] != chosen[name]:
                raise SystemExit(f"{row['id']}: {name} is {row[name]!r}, the selection says {chosen[name]!r}")
    print(f"parquet: datasets loads {len(files)} files, {loaded.num_rows} rows matching the selection")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "parquet":
        check_parquet(*sys.argv[2:4])
    else:
        {"datatrove": check_datatrove, "megatron": check_megatron}[mode](*sys.argv[2:6])
