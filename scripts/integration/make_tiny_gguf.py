#!/usr/bin/env python3
"""Writes a tiny random-weight Qwen2 model as GGUF, with the real Qwen2 vocabulary.

The vocabulary (tokens, token types, merges, pre-tokenizer, special ids and the ChatML chat
template) is copied from llama.cpp's vocab-only `ggml-vocab-qwen2.gguf`, which ships in the
llama-cpp-python sdist under `vendor/llama.cpp/models/`. The weights are random (seeded), so the
model's text is meaningless: it exists to prove the plumbing between `dataman annotate
--rater dataman` and a real inference server (prompt tokenization with the ChatML special tokens,
grammar-constrained sampling, stop handling), never rating quality.

Deterministic: the same vocab file and seed give a byte-identical model.

    python3 make_tiny_gguf.py --vocab ggml-vocab-qwen2.gguf --out tiny-qwen2.gguf [--seed 0]

Needs the `gguf` package (0.19.0) and numpy.
"""
import argparse
import sys

import numpy as np

try:
    import gguf
except ImportError:
    sys.exit("make_tiny_gguf.py: the gguf package is missing; install it with `pip install gguf==0.19.0`")

ARCH = "qwen2"
# Small enough to write in seconds and to serve at CPU speed; the vocabulary dominates the size
# (151,936 x 64 F16 embeddings, about 19 MB).
N_EMBD = 64
N_LAYER = 2
N_HEAD = 4
N_HEAD_KV = 2
N_FF = 128
CONTEXT_LENGTH = 8192
ROPE_FREQ_BASE = 1_000_000.0
RMS_EPS = 1e-6

VOCAB_STRING_ARRAYS = ("tokenizer.ggml.tokens", "tokenizer.ggml.merges")


def read_vocab(path):
    """The tokenizer fields of a vocab-only GGUF, as Python values."""
    try:
        reader = gguf.GGUFReader(path)
    except (OSError, ValueError) as error:
        sys.exit(f"make_tiny_gguf.py: cannot read {path} as GGUF: {error}")
    fields = reader.fields

    def need(key):
        if key not in fields:
            sys.exit(f"make_tiny_gguf.py: {path} has no {key}; give llama.cpp's models/ggml-vocab-qwen2.gguf")
        return fields[key]

    vocab = {key: need(key).contents() for key in VOCAB_STRING_ARRAYS}
    vocab["tokenizer.ggml.token_type"] = need("tokenizer.ggml.token_type").contents()
    for key in ("tokenizer.ggml.model", "tokenizer.ggml.pre", "tokenizer.chat_template"):
        vocab[key] = need(key).contents()
    for key in ("tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id", "tokenizer.ggml.padding_token_id"):
        vocab[key] = int(need(key).contents())
    if vocab["tokenizer.ggml.pre"] != "qwen2" or "<|im_start|>" not in vocab["tokenizer.chat_template"]:
        sys.exit(f"make_tiny_gguf.py: {path} is not the Qwen2 vocabulary (pre {vocab['tokenizer.ggml.pre']!r})")
    return vocab


def write_model(vocab, out, seed):
    rng = np.random.default_rng(seed)
    n_vocab = len(vocab["tokenizer.ggml.tokens"])
    head_dim = N_EMBD // N_HEAD

    def weights(*shape, dtype=np.float32):
        # numpy shapes are (rows, columns); GGUF stores them reversed, as llama.cpp expects.
        return (rng.standard_normal(shape, dtype=np.float32) * 0.02).astype(dtype)

    writer = gguf.GGUFWriter(out, ARCH)
    writer.add_name("dataman-tiny-random-qwen2")
    writer.add_context_length(CONTEXT_LENGTH)
    writer.add_embedding_length(N_EMBD)
    writer.add_block_count(N_LAYER)
    writer.add_feed_forward_length(N_FF)
    writer.add_head_count(N_HEAD)
    writer.add_head_count_kv(N_HEAD_KV)
    writer.add_rope_freq_base(ROPE_FREQ_BASE)
    writer.add_layer_norm_rms_eps(RMS_EPS)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16)

    writer.add_tokenizer_model(vocab["tokenizer.ggml.model"])
    writer.add_tokenizer_pre(vocab["tokenizer.ggml.pre"])
    writer.add_token_list(vocab["tokenizer.ggml.tokens"])
    writer.add_token_types(vocab["tokenizer.ggml.token_type"])
    writer.add_token_merges(vocab["tokenizer.ggml.merges"])
    writer.add_bos_token_id(vocab["tokenizer.ggml.bos_token_id"])
    writer.add_eos_token_id(vocab["tokenizer.ggml.eos_token_id"])
    writer.add_pad_token_id(vocab["tokenizer.ggml.padding_token_id"])
    writer.add_add_bos_token(False)  # Qwen2 prompts start without a BOS token
    writer.add_chat_template(vocab["tokenizer.chat_template"])

    # The output projection is tied to the embeddings (no output.weight), as in small Qwen2 models.
    writer.add_tensor("token_embd.weight", weights(n_vocab, N_EMBD, dtype=np.float16))
    writer.add_tensor("output_norm.weight", np.ones(N_EMBD, dtype=np.float32))
    n_embd_kv = N_HEAD_KV * head_dim
    for layer in range(N_LAYER):
        block = f"blk.{layer}"
        writer.add_tensor(f"{block}.attn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        writer.add_tensor(f"{block}.attn_q.weight", weights(N_EMBD, N_EMBD))
        writer.add_tensor(f"{block}.attn_k.weight", weights(n_embd_kv, N_EMBD))
        writer.add_tensor(f"{block}.attn_v.weight", weights(n_embd_kv, N_EMBD))
        writer.add_tensor(f"{block}.attn_q.bias", weights(N_EMBD))
        writer.add_tensor(f"{block}.attn_k.bias", weights(n_embd_kv))
        writer.add_tensor(f"{block}.attn_v.bias", weights(n_embd_kv))
        writer.add_tensor(f"{block}.attn_output.weight", weights(N_EMBD, N_EMBD))
        writer.add_tensor(f"{block}.ffn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        writer.add_tensor(f"{block}.ffn_gate.weight", weights(N_FF, N_EMBD))
        writer.add_tensor(f"{block}.ffn_up.weight", weights(N_FF, N_EMBD))
        writer.add_tensor(f"{block}.ffn_down.weight", weights(N_EMBD, N_FF))

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return n_vocab


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vocab", required=True, help="llama.cpp's models/ggml-vocab-qwen2.gguf")
    parser.add_argument("--out", required=True, help="the model file to write")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random weights (default 0)")
    args = parser.parse_args()
    vocab = read_vocab(args.vocab)
    n_vocab = write_model(vocab, args.out, args.seed)
    print(f"wrote {args.out}: {ARCH}, {n_vocab} tokens, n_embd {N_EMBD}, {N_LAYER} layers, seed {args.seed}")


if __name__ == "__main__":
    main()
