"""Loopback load test of the HTTP API: what a burst does to answers, liveness and memory.

    python -m training.loadtest [--tagger model|lexicon] [--seconds 8] [--levels 1,4,16,64] [--out runs/load.json]

Starts ``govreport serve`` on a free loopback port (which runs every extraction slot once as it
starts), measures the sustainable rate (one client, one report after another), then offers 1×, 4×,
16× and 64× that rate (open loop: requests arrive on a schedule, whatever the answers) for
``--seconds`` each, while a probe asks ``/healthz`` every 50 ms. Prints per level: requests sent and
answered, throughput, p50/p95 latency of the 200s, the mix of statuses (503 ``overloaded`` should
carry ``Retry-After`` and come fast), ``/healthz`` p99, and the server's RSS once ready and after the
load. Every request is counted once: sent = answered + transport errors. Bounded: each level lasts
``--seconds`` plus the time budget of the requests still in flight.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from service.files import write_atomic
from service.settings import REPO_ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _pct(values: list[float], q: float) -> float | None:
    """The q-quantile (0.5, 0.95, 0.99) of the values, None for none."""
    if len(values) < 2:
        return values[0] if values else None
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


async def _level(base: str, body: dict[str, Any], rate: float, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    retry_after_fast: list[bool] = []
    health: list[float] = []
    limits = httpx.Limits(max_connections=2000, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as client:

        async def one() -> None:
            started = time.perf_counter()
            try:
                r = await client.post("/v1/extract", json=body)
            except httpx.HTTPError as e:
                statuses[type(e).__name__] += 1
                return
            elapsed = time.perf_counter() - started
            key = str(r.status_code) if r.status_code < 400 else f"{r.status_code} {r.json()['error']['code']}"
            statuses[key] += 1
            if r.status_code == 200:
                latencies.append(elapsed)
            elif r.status_code == 503:
                retry_after_fast.append("retry-after" in r.headers and elapsed < 1.0)

        async def probe(stop: asyncio.Event) -> None:
            while not stop.is_set():
                started = time.perf_counter()
                r = await client.get("/healthz")
                if r.status_code == 200:
                    health.append(time.perf_counter() - started)
                await asyncio.sleep(0.05)

        stop = asyncio.Event()
        prober = asyncio.create_task(probe(stop))
        tasks = []
        started = time.perf_counter()
        n = max(1, int(rate * seconds))
        for i in range(n):
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one()))
        await asyncio.gather(*tasks)
        wall = time.perf_counter() - started
        stop.set()
        await prober
    ok = len(latencies)
    return {
        "offered_per_s": rate,
        "sent": n,
        "answered": sum(statuses.values()),
        "ok_per_s": ok / wall,
        "p50_s": _pct(latencies, 0.5),
        "p95_s": _pct(latencies, 0.95),
        "statuses": dict(statuses),
        "503_with_retry_after_within_1s": all(retry_after_fast) if retry_after_fast else None,
        "healthz_p99_s": _pct(health, 0.99),
        "healthz_probes": len(health),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m training.loadtest", description=__doc__.split("\n")[0])
    parser.add_argument("--tagger", choices=("model", "lexicon"), default="model")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--levels", default="1,4,16,64")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "runs" / "load.json")
    args = parser.parse_args(argv)

    from training.synthetic import generate

    text = (generate(1, 4242)[0].text * 3)[:5000]
    body = {"text": text, "options": {"tagger": args.tagger, "include_entities": False}}
    port = _free_port()
    env = {**os.environ, "GOVREPORT_PORT": str(port), "GOVREPORT_HOST": "127.0.0.1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "govreport.cli", "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not become ready")
            time.sleep(0.3)
        with httpx.Client(base_url=base, timeout=300) as client:
            rss_before = _rss_mb(server.pid)
            started, count = time.perf_counter(), 0
            while time.perf_counter() - started < args.seconds:
                client.post("/v1/extract", json=body).raise_for_status()
                count += 1
        sustainable = count / (time.perf_counter() - started)
        levels = []
        for factor in (float(x) for x in args.levels.split(",")):
            result = asyncio.run(_level(base, body, sustainable * factor, args.seconds))
            levels.append({"factor": factor, **result})
        time.sleep(2)
        rss_after = _rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(60)
    out = {"tagger": args.tagger, "text_chars": len(text), "sustainable_per_s": sustainable,
           "rss_before_mb": rss_before, "rss_after_mb": rss_after, "levels": levels}  # fmt: skip
    write_atomic(args.out, json.dumps(out, indent=2) + "\n")

    def s(v: float | None) -> str:
        return "—" if v is None else f"{v:.3f}"

    print(f"sustainable: {sustainable:.2f} reports/s (one client, {len(text):,} characters, tagger {args.tagger})")
    print(
        f"{'load':>5} {'sent':>5} {'answered':>8} {'ok/s':>6} {'p50 s':>7} {'p95 s':>7} {'healthz p99':>11}  statuses"
    )
    for lv in levels:
        print(
            f"{lv['factor']:4g}× {lv['sent']:5d} {lv['answered']:8d} {lv['ok_per_s']:6.2f} {s(lv['p50_s']):>7} "
            f"{s(lv['p95_s']):>7} {s(lv['healthz_p99_s']):>11}  {lv['statuses']}"
            + (
                ""
                if lv["503_with_retry_after_within_1s"] in (None, True)
                else "  (a 503 was slow or lacked Retry-After)"
            )
        )
    print(f"RSS before {rss_before:.0f} MB, after {rss_after:.0f} MB ({(rss_after / rss_before - 1) * 100:+.0f}%)")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
