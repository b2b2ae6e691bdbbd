"""Benchmark: the HTTP API under concurrent clients, on the demo store and on a store of 10,000 documents.

For each store, starts `dossier serve` (read-only) in a subprocess on 127.0.0.1 (a free port),
sends each endpoint one request to warm it (the first `/api/claims` fuses the whole store, issue
10: those times are printed apart), then sends a fixed number of requests per endpoint from
`--clients` concurrent clients, stopping early at `--duration` seconds. Prints requests/s, p50,
p95 and p99 latency and errors (non-2xx answers or exceptions) per endpoint, each against a baseline
measured in the same run by the same clients: a static file, the cheapest route the server has.
Loopback only. The stores are cached (see corpus.py), so a rerun starts serving at once.

    python bench/bench_load.py [--quick] [--clients 50] [--requests 1000] [--duration 60]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx2 as httpx

from corpus import base_analyses, base_texts, cached_store, write_copies
from dossier.store import counts, open_store

HOST = "127.0.0.1"  # loopback only: the server listens, and the clients send, nowhere else
BASELINE = "/static/style.css"
STARTUP_SECONDS = 120
WARM_SECONDS = 900  # a first request may fuse the whole store: minutes on a large one


@dataclass
class Result:
    """What the clients saw of one endpoint: latencies of the answers that succeeded, and errors."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    elapsed: float = 0.0

    @property
    def sent(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    @property
    def rate(self) -> float:
        return self.sent / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]


def demo_store() -> tuple[Path, bool]:
    """The bundled samples, stored by `dossier demo` itself."""

    def build(db: str) -> None:
        command = [sys.executable, "-m", "dossier.cli", "demo", "--db", db, "--fresh"]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"dossier demo failed:\n{done.stderr or done.stdout}")

    return cached_store("demo", build)


def copies_store(documents: int) -> tuple[Path, bool]:
    """`documents` copies of the base corpus's analyses, as bench_fusion.py builds its store."""
    texts = base_texts()
    return cached_store(f"copies{documents}", lambda db: write_copies(db, base_analyses(texts), documents),
                        *texts, str(documents))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def serving(db: Path, log: Path) -> Iterator[tuple[str, float, subprocess.Popen[bytes]]]:
    """`dossier serve` (read-only) on the store, once it answers: its base URL, its start-up time and
    its process."""
    port = free_port()
    command = [sys.executable, "-m", "dossier.cli", "serve", "--db", str(db), "--host", HOST,
               "--port", str(port)]
    base = f"http://{HOST}:{port}"
    start = time.perf_counter()
    with log.open("wb") as stderr:
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        while True:
            if server.poll() is not None:
                raise SystemExit(f"the server stopped (exit {server.returncode}):\n{log.read_text()[-2000:]}")
            if time.perf_counter() - start > STARTUP_SECONDS:
                raise SystemExit(f"the server did not answer within {STARTUP_SECONDS} s")
            try:
                if httpx.get(base + BASELINE, timeout=1).is_success:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        yield base, time.perf_counter() - start, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


async def drive(client: httpx.AsyncClient, path: str, requests: int, clients: int, duration: float) -> Result:
    """`requests` GETs of `path` shared by `clients` concurrent clients, none started after `duration` s."""
    result = Result()
    todo = iter(range(requests))  # one iterator for all clients: each request is sent once
    start = time.perf_counter()
    deadline = start + duration

    async def one_client() -> None:
        for _ in todo:
            if time.perf_counter() > deadline:
                return
            sent = time.perf_counter()
            try:
                response = await client.get(path)
            except Exception as error:  # noqa: BLE001 - any failure of a request is an error to count
                result.errors[f"{type(error).__name__}: {error}"[:120]] += 1
                continue
            if response.is_success:
                result.latencies.append(time.perf_counter() - sent)
            else:
                result.errors[f"HTTP {response.status_code}: {response.text}"[:120]] += 1

    await asyncio.gather(*(one_client() for _ in range(clients)))
    result.elapsed = time.perf_counter() - start
    return result


async def load(base: str, args: argparse.Namespace) -> tuple[dict[str, float], dict[str, tuple[str, Result]]]:
    """Warm every endpoint with one request, then drive each in turn: warm-up times and results."""
    limits = httpx.Limits(max_connections=args.clients, max_keepalive_connections=args.clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=args.timeout) as client:
        first = (await client.get("/api/documents", params={"limit": 1})).raise_for_status().json()["items"]
        if not first:
            raise SystemExit("the store holds no document")
        paths = {"baseline": BASELINE, "events": "/api/events", "claims": "/api/claims",
                 "queue": "/api/review/queue", "search": f"/api/search?q={quote(args.query)}",
                 "document": f"/api/documents/{quote(first[0]['id'])}"}
        warm: dict[str, float] = {}
        for name, path in paths.items():
            start = time.perf_counter()
            try:
                (await client.get(path, timeout=WARM_SECONDS)).raise_for_status()
            except httpx.HTTPError as error:
                raise SystemExit(f"the first request to {path} failed: {type(error).__name__}: {error}") from error
            warm[name] = time.perf_counter() - start
        await drive(client, BASELINE, 2 * args.clients, args.clients, args.duration)  # open every connection
        results = {}
        for name, path in paths.items():
            results[name] = (path, await drive(client, path, args.requests, args.clients, args.duration))
    return warm, results


def report(results: dict[str, tuple[str, Result]], args: argparse.Namespace) -> None:
    baseline = results["baseline"][1]
    print(f"{'endpoint':<9} {'path':<40} {'sent':>5} {'req/s':>7} {'of baseline':>11} "
          f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}")
    for name, (path, result) in results.items():
        cut = "  (stopped at --duration)" if result.sent < args.requests else ""
        print(f"{name:<9} {path[:40]:<40} {result.sent:>5} {result.rate:>7.1f} "
              f"{result.rate / baseline.rate:>10.3f}x {result.percentile(50) * 1000:>7.1f} "
              f"{result.percentile(95) * 1000:>7.1f} {result.percentile(99) * 1000:>7.1f} {sum(result.errors.values()):>6}{cut}")
        for error, n in result.errors.most_common():
            print(f"          {n} x {error}")


def run_store(label: str, db: Path, reused: bool, built: float, args: argparse.Namespace,
              folder: Path) -> dict[str, Result]:
    """Serve one store, load it, print its figures; what each endpoint's clients saw."""
    engine = open_store(str(db), readonly=True)
    totals = counts(engine)
    engine.dispose()
    how = "reused from the cache" if reused else f"built in {built:.0f} s"
    print(f"\n{label}: {totals['documents']} documents, {totals['events']} events ({how}: {db})")
    log = folder / f"{label}-server.log"
    with serving(db, log) as (base, startup, _):
        warm, results = asyncio.run(load(base, args))
    print(f"server answered {startup:.1f} s after start; first request per endpoint, one client: "
          + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in warm.items()))
    print(f"{args.clients} clients, {args.requests} requests per endpoint, at most {args.duration:.0f} s each:")
    report(results, args)
    if any(result.errors for _, result in results.values()):
        tail = [line for line in log.read_text().splitlines() if "Error" in line or "error" in line][-10:]
        print("server log, lines naming an error (last 10):", *tail or ["(none)"], sep="\n  ")
    return {f"{label} {name}": result for name, (_, result) in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only the demo store")
    parser.add_argument("--documents", type=int, default=10_000, help="documents in the large store")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=1000, help="requests per endpoint and store")
    parser.add_argument("--duration", type=float, default=60, help="seconds at most per endpoint and store")
    parser.add_argument("--timeout", type=float, default=30, help="seconds a request may take before it is an error")
    parser.add_argument("--query", default="drones", help="the search endpoint's q")
    args = parser.parse_args()
    stores = [("demo", demo_store)] + ([] if args.quick else [(f"{args.documents} documents",
                                                               lambda: copies_store(args.documents))])
    results: dict[str, Result] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, make in stores:
            start = time.perf_counter()
            db, reused = make()
            results |= run_store(label, db, reused, time.perf_counter() - start, args, Path(tmp))
    errors = {where: sum(result.errors.values()) for where, result in results.items() if result.errors}
    total = sum(errors.values())
    verdict = "met" if not total else "NOT met: " + ", ".join(f"{where} {n}" for where, n in errors.items())
    sent = sum(result.sent for result in results.values())
    print(f"\nzero errors at {args.clients} clients: {verdict} ({total} errors in {sent} requests)")
    if total:
        sys.exit(1)


if __name__ == "__main__":
    main()
