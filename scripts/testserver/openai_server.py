#!/usr/bin/env python3
"""A small OpenAI-compatible server for testing DataMan's HTTP rater (Python stdlib only).

It checks every request against the DataMan reference template (criteria/prompts, the ChatML
wrapping, temperature 0, max_tokens, the two stop tokens), answers deterministic ratings derived
from a hash of the document text it finds in the prompt, and injects faults at the rates given:
429 with Retry-After, 500, connection resets, slow answers and malformed outputs.

It listens on 127.0.0.1 on a free port and prints `PORT <n>` on stdout once ready.
GET /stats returns what it saw: requests, prompt mismatches, and the texts it answered validly.
"""
import argparse
import json
import random
import signal
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

STOP = ["<|endoftext|>", "<|im_end|>"]
MAX_TOKENS = {"all_rating": 29, "score_only": 1, "domain_only": 1}
LETTERS = "ABCDEFGHIJKLMNO"


def fnv1a64(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for byte in data:
        h ^= byte
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def answer_for(text: str, prompt: str) -> str:
    """The deterministic answer for a document: its domain and 14 ratings come from FNV-1a 64 of
    the prepared text's UTF-8 bytes (domain h % 15, rating i ((h >> (4 i + 4)) % 5) + 1)."""
    h = fnv1a64(text.encode("utf-8"))
    scores = [str(((h >> (4 * i + 4)) % 5) + 1) for i in range(14)]
    if prompt == "score_only":
        return scores[13]
    if prompt == "domain_only":
        return LETTERS[h % 15]
    return "\n".join([LETTERS[h % 15]] + scores)


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.random = random.Random(args.seed)
        self.requests = 0
        self.faults = {"429": 0, "500": 0, "reset": 0, "slow": 0, "malformed": 0}
        self.mismatches = []
        self.truncated = 0
        self.valid = {}  # text hash (hex) -> answer given
        prompts = Path(args.criteria) / "prompts"
        self.system = (prompts / "chat_system.txt").read_text(encoding="utf-8")
        # English and, where the prompt has one, Chinese: a client on --language auto sends both.
        self.templates = [tuple((prompts / f"{args.prompt}.{language}.txt").read_text(encoding="utf-8").split("{text}"))
                          for language in ("en", "zh") if (prompts / f"{args.prompt}.{language}.txt").exists()]

    def draw(self):
        """Which fault (if any) this request gets, from one seeded stream."""
        a = self.args
        with self.lock:
            self.requests += 1
            roll = self.random.random()
        for name, rate in (("reset", a.rate_reset), ("429", a.rate_429), ("500", a.rate_500),
                           ("slow", a.rate_slow), ("malformed", a.rate_malformed)):
            if roll < rate:
                with self.lock:
                    self.faults[name] += 1
                return name
            roll -= rate
        return None

    def mismatch(self, reason):
        with self.lock:
            self.mismatches.append(reason[:300])
        return reason


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def finish(self):
        try:
            super().finish()
        except (OSError, ValueError):
            pass

    def send_json(self, status, payload, headers=()):
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers:
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def send_html(self):
        body = b"<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        state = self.server.state
        if state.args.html:
            return self.send_html()
        if self.path == "/v1/models" and state.args.api_key and self.headers.get("Authorization") != f"Bearer {state.args.api_key}":
            self.send_json(401, {"error": {"message": "invalid API key"}})
        elif self.path == "/v1/models":
            self.send_json(200, {"object": "list", "data": [{"id": state.args.model, "object": "model"}]})
        elif self.path == "/stats":
            with state.lock:
                self.send_json(200, {"requests": state.requests, "faults": state.faults,
                                     "mismatches": state.mismatches, "truncated": state.truncated,
                                     "valid": state.valid})
        else:
            self.send_json(404, {"error": {"message": f"no route {self.path}"}})

    def do_POST(self):
        state = self.server.state
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        if len(raw) < length:
            # The client hung up mid-body: a transport event it will retry, not a wrong prompt.
            with state.lock:
                state.truncated += 1
            self.close_connection = True
            return
        if state.args.html:
            return self.send_html()
        if state.args.api_key and self.headers.get("Authorization") != f"Bearer {state.args.api_key}":
            return self.send_json(401, {"error": {"message": "invalid API key"}})
        try:
            request = json.loads(raw)
        except ValueError:
            return self.send_json(400, {"error": {"message": state.mismatch("body is not JSON")}})
        text, problem = self.extract_text(state, request)
        if problem:
            return self.send_json(400, {"error": {"message": state.mismatch(problem)}})
        if state.args.delay > 0:
            time.sleep(state.args.delay)
        fault = state.draw()
        if fault == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if fault == "429":
            return self.send_json(429, {"error": {"message": "slow down"}}, [("Retry-After", str(state.args.retry_after))])
        if fault == "500":
            return self.send_json(500, {"error": {"message": "internal error"}})
        if fault == "slow":
            time.sleep(state.args.slow_seconds)
        h = fnv1a64(text.encode("utf-8"))
        if fault == "malformed" or (state.args.never_valid_every and h % state.args.never_valid_every == 0):
            output = state.random.choice(["E\n4\n5", "Z\n" + "3\n" * 13 + "3", "E\n" + "6\n" * 13 + "4", "The text is fine.", ""])
        else:
            output = answer_for(text, state.args.prompt)
            with state.lock:
                state.valid[format(h, "016x")] = output
        if self.path == "/v1/completions":
            choice = {"index": 0, "text": output, "finish_reason": "stop"}
        else:
            choice = {"index": 0, "message": {"role": "assistant", "content": output}, "finish_reason": "stop"}
        self.send_json(200, {"id": "cmpl-test", "object": "text_completion", "model": state.args.model, "choices": [choice]})

    def extract_text(self, state, request):
        """The document text inside the prompt, or why the request is not the reference's."""
        if request.get("model") != state.args.model:
            return None, f"model {request.get('model')!r} is not served here"
        if request.get("temperature") != 0:
            return None, f"temperature {request.get('temperature')!r}, want 0"
        if request.get("max_tokens") != MAX_TOKENS[state.args.prompt]:
            return None, f"max_tokens {request.get('max_tokens')!r}, want {MAX_TOKENS[state.args.prompt]}"
        if request.get("stop") != STOP:
            return None, f"stop {request.get('stop')!r}, want {STOP}"
        if self.path == "/v1/completions":
            prompt = request.get("prompt")
            head = f"<|im_start|>system\n{state.system}<|im_end|>\n<|im_start|>user\n"
            tail = "<|im_end|>\n<|im_start|>assistant\n"
            if not isinstance(prompt, str) or not prompt.startswith(head) or not prompt.endswith(tail):
                return None, "prompt is not the ChatML wrapping of the system and user messages"
            user = prompt[len(head):len(prompt) - len(tail)]
        elif self.path == "/v1/chat/completions":
            messages = request.get("messages")
            if (not isinstance(messages, list) or len(messages) != 2
                    or messages[0] != {"role": "system", "content": state.system}
                    or messages[1].get("role") != "user"):
                return None, "messages are not [system, user]"
            user = messages[1].get("content", "")
        else:
            return None, f"no route {self.path}"
        for head, tail in state.templates:
            if user.startswith(head) and user.endswith(tail) and len(user) >= len(head) + len(tail):
                text = user[len(head):len(user) - len(tail)]
                break
        else:
            return None, "the user message is not the reference template around a text"
        if text != text.strip():
            return None, "the text is not stripped"
        return text, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--criteria", required=True, help="the criteria/ folder holding prompts/")
    parser.add_argument("--model", default="DataMan-1.5B-EN")
    parser.add_argument("--prompt", default="all_rating", choices=sorted(MAX_TOKENS))
    parser.add_argument("--api-key", default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before every answer")
    parser.add_argument("--rate-429", type=float, default=0.0)
    parser.add_argument("--retry-after", default="1", help="the Retry-After header of 429 answers")
    parser.add_argument("--rate-500", type=float, default=0.0)
    parser.add_argument("--rate-reset", type=float, default=0.0)
    parser.add_argument("--rate-slow", type=float, default=0.0)
    parser.add_argument("--slow-seconds", type=float, default=0.5)
    parser.add_argument("--rate-malformed", type=float, default=0.0)
    parser.add_argument("--never-valid-every", type=int, default=0,
                        help="texts whose hash is a multiple of N never get a valid answer")
    parser.add_argument("--html", action="store_true", help="answer every request with a web page, as a wrong URL would")
    args = parser.parse_args()
    # A test runner may start us with SIGTERM blocked (the mask is inherited); the runner's stop must work.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 512
    server.state = State(args)
    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
