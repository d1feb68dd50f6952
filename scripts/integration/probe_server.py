#!/usr/bin/env python3
"""Sends one DataMan all_rating request straight to an OpenAI-compatible server, twice: without and
with a grammar, and checks that the grammar is honoured.

The body is shaped like `dataman annotate --rater dataman --api completions` sends it (the ChatML
prompt around criteria/prompts/all_rating.en.txt, temperature 0, max_tokens 29, the two stop
strings), so a failure here is the server's or the grammar's, not the engine's. A random-weight
model answers garbage without the grammar; with it, the answer must be DataMan's 15 lines within
the 29 tokens.

    python3 probe_server.py --endpoint http://127.0.0.1:8000/v1 --model NAME --criteria criteria \
        --grammar 'root ::= ...' --shard shards/x.jsonl
"""
import argparse
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ANSWER = re.compile(r"[A-O](\n[1-5]){14}")
MAX_TOKENS = 29
# Enough text for a realistic prompt while staying far below the server's context.
TEXT_CHARACTERS = 2000


def request_body(args, text, grammar):
    prompts = Path(args.criteria) / "prompts"
    system = (prompts / "chat_system.txt").read_text(encoding="utf-8")
    request = (prompts / "all_rating.en.txt").read_text(encoding="utf-8").replace("{text}", text)
    prompt = (f"<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n{request}<|im_end|>\n"
              "<|im_start|>assistant\n")
    body = {"model": args.model, "prompt": prompt, "temperature": 0, "max_tokens": MAX_TOKENS,
            "stop": ["<|endoftext|>", "<|im_end|>"]}
    if grammar is not None:
        body["grammar"] = grammar
    return body


def complete(endpoint, api_key, body):
    headers = {"Content-Type": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    request = urllib.request.Request(endpoint.rstrip("/") + "/completions", data=json.dumps(body).encode(),
                                     headers=headers)
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as error:
        sys.exit(f"probe: POST /completions answered HTTP {error.code}: {error.read()[:500]!r}")
    return answer, time.monotonic() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--api-key-env", help="the environment variable holding the server's API key")
    parser.add_argument("--criteria", required=True, help="the repository's criteria/ folder")
    parser.add_argument("--grammar", required=True, help="GBNF for DataMan's answer")
    parser.add_argument("--shard", required=True, help="a plain JSONL shard; its first document is sent")
    args = parser.parse_args()
    with open(args.shard, encoding="utf-8") as shard:
        text = json.loads(shard.readline())["text"][:TEXT_CHARACTERS]

    api_key = os.environ.get(args.api_key_env) if args.api_key_env else None
    free, free_seconds = complete(args.endpoint, api_key, request_body(args, text, None))
    free_text = free["choices"][0]["text"]
    print(f"probe: without grammar ({free_seconds:.2f} s): {free_text!r}")

    held, held_seconds = complete(args.endpoint, api_key, request_body(args, text, args.grammar))
    choice, usage = held["choices"][0], held.get("usage", {})
    print(f"probe: with grammar ({held_seconds:.2f} s, finish_reason {choice.get('finish_reason')}, "
          f"{usage.get('prompt_tokens')} prompt + {usage.get('completion_tokens')} completion tokens): "
          f"{choice['text']!r}")
    if not ANSWER.fullmatch(choice["text"]):
        sys.exit("probe: FAIL: the grammar-held answer is not a domain letter and 14 ratings; "
                 "the server ignores `grammar` or max_tokens 29 is too few")
    if ANSWER.fullmatch(free_text):
        sys.exit("probe: FAIL: the random model answered in DataMan's format without the grammar, "
                 "so this run cannot show that the grammar is honoured")


if __name__ == "__main__":
    main()
