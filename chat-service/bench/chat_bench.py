#!/usr/bin/env python3
"""Chat turn benchmark through the gateway (docs/benchmarks.md "Chat").

A recommend turn ("Find me some upbeat indie folk for a rainy afternoon", 20 tracks) with the `local` provider:
latency of the JSON answer sequentially and with N concurrent users, and the time to the first streamed event.
Needs a running stack (`make up`), local accounts enabled, and a per-minute chat limit above the load
(ECHOTUNE_CHAT_MESSAGES_PER_MINUTE for chat-service). Standard library only.

usage: chat_bench.py [gateway-url] [--sequential 100] [--users 10] [--turns-per-user 20] [--streams 50] [--think-ms 0]

--think-ms: each concurrent user pauses this long on average (uniformly 0.5x to 1.5x, a fixed seed) after an answer
before the next message, the time a person takes to read twenty tracks and type. 0 (the default) is a closed loop
with no pause: ten requests always in flight, which measures the fleet's saturation rather than ten people chatting.
"""
import argparse
import random
import json
import statistics
import threading
import time
import urllib.request

TEXT = "Find me some upbeat indie folk for a rainy afternoon"


def call(url, method="GET", token=None, body=None, accept="application/json"):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    request.add_header("Accept", accept)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    return urllib.request.urlopen(request, timeout=60)


def sign_up(base, name):
    with call(base + "/api/v1/auth/local", "POST", body={"displayName": name}) as answer:
        return json.load(answer)["token"]


def new_session(base, token):
    with call(base + "/api/v1/chat/sessions", "POST", token, {"provider": "local"}) as answer:
        return json.load(answer)["sessionId"]


def turn(base, token, session):
    started = time.perf_counter()
    with call(base + "/api/v1/chat/sessions/" + session + "/messages", "POST", token, {"text": TEXT}) as answer:
        message = json.load(answer)
    elapsed = (time.perf_counter() - started) * 1000
    assert len(message.get("tracks") or []) == 20, message.get("reply")
    return elapsed


def first_event(base, token, session):
    started = time.perf_counter()
    with call(base + "/api/v1/chat/sessions/" + session + "/messages", "POST", token, {"text": TEXT},
              accept="text/event-stream") as answer:
        first = None
        for raw in answer:
            line = raw.decode()
            if first is None and line.startswith("event:"):
                first = (time.perf_counter() - started) * 1000
            if line.startswith("event:message"):
                break
    return first, (time.perf_counter() - started) * 1000


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(name, values):
    print(f"{name}: n={len(values)} p50={pct(values, 50):.1f} ms p95={pct(values, 95):.1f} ms "
          f"max={max(values):.1f} ms mean={statistics.mean(values):.1f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("gateway", nargs="?", default="http://localhost:8080")
    parser.add_argument("--sequential", type=int, default=100)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--turns-per-user", type=int, default=20)
    parser.add_argument("--streams", type=int, default=50)
    parser.add_argument("--think-ms", type=int, default=0)
    args = parser.parse_args()
    base = args.gateway.rstrip("/")

    tokens = [sign_up(base, f"Bench {i}") for i in range(args.users)]
    sessions = [new_session(base, t) for t in tokens]
    for _ in range(10):  # warm-up: JIT, connection pools, the recommender's caches
        turn(base, tokens[0], sessions[0])

    report("sequential JSON turn", [turn(base, tokens[0], sessions[0]) for _ in range(args.sequential)])

    results, lock = [], threading.Lock()

    def user(index):
        pauses = random.Random(index)
        mine = []
        for _ in range(args.turns_per_user):
            if args.think_ms:
                time.sleep(args.think_ms * pauses.uniform(0.5, 1.5) / 1000)
            mine.append(turn(base, tokens[index], sessions[index]))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=user, args=(i,)) for i in range(args.users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    report(f"{args.users} concurrent users JSON turn (think {args.think_ms} ms)", results)
    print(f"  throughput {len(results) / wall:.1f} turns/s over {wall:.1f} s")

    firsts, totals = [], []
    for _ in range(args.streams):
        first, total = first_event(base, tokens[0], sessions[0])
        firsts.append(first)
        totals.append(total)
    report("streamed: first event", firsts)
    report("streamed: last event (message)", totals)


if __name__ == "__main__":
    main()
