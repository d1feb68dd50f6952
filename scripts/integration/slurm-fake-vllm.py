#!/usr/bin/env python3
"""A stand-in for the `vllm` command, so that scripts/slurm/annotate-gpu.sbatch runs on a machine
without a GPU or the model: `slurm-fake-vllm.py serve MODEL --served-model-name NAME --host H
--port P [other vLLM options, ignored]` serves scripts/testserver/openai_server.py's deterministic
DataMan answers (it checks every request against the reference prompt) on H:P, and answers
GET /health with 200 once it has "loaded" (after --load-seconds, default 2, to exercise the wait).
Its pid goes to $FAKE_VLLM_PIDS (a file), if set, so a test can check that the servers were stopped.
"""
import os
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.dont_write_bytecode = True  # leave no __pycache__ in the repository
sys.path.insert(0, str(ROOT / "scripts" / "testserver"))
import openai_server  # noqa: E402


def option(args: list[str], name: str, default: str | None = None) -> str | None:
    for i, a in enumerate(args):
        if a == name and i + 1 < len(args):
            return args[i + 1]
        if a.startswith(name + "="):
            return a.split("=", 1)[1]
    return default


def main() -> int:
    args = sys.argv[1:]
    if len(args) < 2 or args[0] != "serve":
        print("usage: slurm-fake-vllm.py serve MODEL --served-model-name NAME --port P [...]", file=sys.stderr)
        return 2
    name = option(args, "--served-model-name", args[1])
    host, port = option(args, "--host", "127.0.0.1"), int(option(args, "--port", "8000"))
    load_seconds = float(option(args, "--load-seconds", "2"))
    if pids := os.environ.get("FAKE_VLLM_PIDS"):
        with open(pids, "a") as f:
            f.write(f"{os.getpid()}\n")
    print(f"fake vllm: serving {args[1]} as {name} on {host}:{port}, GPU {os.environ.get('CUDA_VISIBLE_DEVICES')}",
          flush=True)

    state_args = openai_server.argparse.Namespace(
        criteria=str(ROOT / "criteria"), model=name, prompt="all_rating", api_key=None, seed=1, delay=0.0,
        rate_429=0.0, retry_after="1", rate_500=0.0, rate_reset=0.0, rate_slow=0.0, slow_seconds=0.5,
        rate_malformed=0.0, never_valid_every=0, html=False)
    ready = threading.Event()

    class Handler(openai_server.Handler):
        def do_GET(self):
            if self.path == "/health":
                return self.send_json(200 if ready.is_set() else 503, {})
            if not ready.is_set():
                return self.send_json(503, {"error": {"message": "loading"}})
            return super().do_GET()

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    server.state = openai_server.State(state_args)
    threading.Timer(load_seconds, ready.set).start()
    openai_server.signal.signal(openai_server.signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.serve_forever()
    finally:
        print(f"fake vllm: stopped after {time.process_time():.1f} s CPU", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
