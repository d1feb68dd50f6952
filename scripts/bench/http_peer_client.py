#!/usr/bin/env python3
"""The peer of scripts/bench/http-rater.sh: a Python asyncio + aiohttp client that POSTs the same
request bodies dataman sent (one JSON body a line, as http_delay_server --dump wrote them) with
CONCURRENCY requests in flight over keep-alive connections, and checks each answer as dataman does
(choices[0].text: a letter A-O, then 14 ratings 1-5).

Usage: http_peer_client.py URL BODIES_FILE COUNT CONCURRENCY
Prints one JSON line: requests, invalid answers, wall seconds and the process's CPU seconds
(user + system) spent from the first request to the last answer; imports and reading the file
are not counted.
"""
import asyncio
import json
import resource
import sys
import time

import aiohttp

LETTERS = set("ABCDEFGHIJKLMNO")
RATINGS = set("12345")


def valid(answer: dict) -> bool:
    lines = answer["choices"][0]["text"].strip().split("\n")
    return len(lines) == 15 and lines[0] in LETTERS and all(line in RATINGS for line in lines[1:])


async def run(url: str, bodies: list, concurrency: int) -> dict:
    invalid = 0
    next_index = 0
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, headers={"Content-Type": "application/json"}) as session:
        async def worker():
            nonlocal invalid, next_index
            while next_index < len(bodies):
                body = bodies[next_index]
                next_index += 1
                async with session.post(url, data=body) as response:
                    if response.status != 200 or not valid(await response.json(content_type=None)):
                        invalid += 1

        started, cpu_started = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall, cpu = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF)
    cpu_seconds = (cpu.ru_utime - cpu_started.ru_utime) + (cpu.ru_stime - cpu_started.ru_stime)
    return {"requests": len(bodies), "invalid": invalid, "wall_s": wall, "cpu_s": cpu_seconds}


def main() -> None:
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    url, path, count, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with open(path, "rb") as file:
        bodies = [line.rstrip(b"\n") for _, line in zip(range(count), file)]
    if len(bodies) < count:
        sys.exit(f"{path} holds {len(bodies)} bodies, fewer than the {count} asked for")
    print(json.dumps(asyncio.run(run(url, bodies, concurrency))))


if __name__ == "__main__":
    main()
