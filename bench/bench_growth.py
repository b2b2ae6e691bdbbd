"""Benchmark: fusion and the API's pages as the store grows, on synthetic stores of 10,000, 30,000 and
100,000 documents.

For each size, builds the store (bench/synthetic.py, about 15 events a document, bulk-loaded through
the single writer and fused once at the end), or reuses it from `--cache` (keyed by the code, the
size and the seed). Then, on copies of it: the cost of writing 100 more documents
with fusion's tables kept and without (the difference is fusion's incremental cost, which should not
grow with the store), and `fuse --rebuild` in a process of its own (time and peak resident memory,
which should grow linearly and stay bounded). Then serves the store with `dossier serve` (read-only,
loopback) as bench_load.py does. Every list is timed at its first page and at a page nine tenths of
the way down, reached by `after` as a client following `next` links reaches it (an offset that deep
is refused); events also at the deepest offset served. Each page gets one first request, timed
apart, then `--requests` more from one client. Prints p50 and p95 per page, each as a ratio to the
baseline measured in the same run: /api/vocabulary, a route that answers without reading the store.
Then the server's peak RSS, and last the growth of fusion's costs and of every page's p50 with the size.

    python bench/bench_growth.py [--quick] [--sizes 10000,30000,100000] [--cache DIR] [--requests 50]
                                 [--store PATH ...] [--pages-only]
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx2 as httpx
from sqlalchemy import func, select

import synthetic
from bench_load import Result, serving
from corpus import CACHE, cached_store
from dossier.api import MAX_PAGE_OFFSET
from dossier.pipeline import new_outcome
from dossier.store import StoreWriter, counts, filters, open_store, queries

SIZES = (10_000, 30_000, 100_000)
QUICK_SIZES = (1_000, 3_000, 10_000)
BASELINE = "/api/vocabulary"
FIRST_SECONDS = 600  # the first request of a page may warm the database's cache
MORE = 100  # documents added to time fusion's incremental cost
REBUILD = """
import resource, sys, time
from dossier.store import StoreWriter, open_store
began = time.perf_counter()
StoreWriter(open_store(sys.argv[1])).rebuild_fusion()
print(time.perf_counter() - began, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


@dataclass
class Page:
    """One page's timings: its first request, and the latencies of the requests after it."""

    path: str
    first: float = 0.0
    result: Result = field(default_factory=Result)


@dataclass
class Size:
    """What one store size measured."""

    documents: int
    events: int
    built: float | None  # seconds, None when reused from the cache
    startup: float = 0.0
    peak_rss: int = 0  # kB
    more: dict[bool, float] = field(default_factory=dict)  # seconds to write MORE documents, with fusion or not
    rebuild: float = 0.0
    rebuild_rss: int = 0  # kB
    pages: dict[str, Page] = field(default_factory=dict)


def synthetic_store(documents: int, seed: int, cache: Path) -> tuple[Path, float | None]:
    """The synthetic store of `documents` documents, and its build time (None when reused)."""
    start = time.perf_counter()
    source = Path(synthetic.__file__).read_text(encoding="utf-8")
    db, reused = cached_store(f"synthetic{documents}", lambda path: synthetic.build_store(path, documents, seed),
                              source, str(documents), str(seed), cache=cache)
    return db, None if reused else time.perf_counter() - start


def time_fusion(db: Path, documents: int, seed: int, folder: Path, size: Size) -> None:
    """On copies of the store: MORE new documents written with fusion's tables and without, and
    `fuse --rebuild` in a process of its own."""
    batch = list(itertools.islice(synthetic.analyses(documents + MORE, seed), documents, documents + MORE))
    for fusion in (False, True, False, True):  # the first two warm up: SQLAlchemy compiles each statement once
        copy = folder / f"{documents}-more-{fusion}.db"
        shutil.copy(db, copy)
        engine = open_store(str(copy))
        writer = StoreWriter(engine, fuse=fusion)
        writer.start_run()
        began = time.perf_counter()
        writer.write(batch, [new_outcome(a) for a in batch])
        size.more[fusion] = time.perf_counter() - began
        engine.dispose()
        copy.unlink()
    copy = folder / f"{documents}-rebuild.db"
    shutil.copy(db, copy)
    done = subprocess.run([sys.executable, "-c", REBUILD, str(copy)], check=True, capture_output=True, text=True)
    seconds, peak = done.stdout.split()
    size.rebuild, size.rebuild_rss = float(seconds), int(peak)
    copy.unlink()


def deep_places(db: Path) -> dict[str, str]:
    """For each list of records, the `after` token of the record nine tenths of the way down its
    order: where a client following `next` links would be. Read once from the store, untimed."""
    engine = open_store(str(db), readonly=True)
    places = {}
    with engine.connect() as conn:
        for listing, table in queries.LISTS.items():
            order = queries.list_order(conn, listing)
            depth = conn.execute(select(func.count()).select_from(table)).scalar_one() * 9 // 10
            place = conn.execute(select(*order).order_by(*order).offset(depth).limit(1)).one()
            places[listing] = filters.cursor(list(place))
    engine.dispose()
    return places


def page_paths(client: httpx.Client, db: Path, query: str) -> dict[str, str]:
    """The pages to time, by name: the baseline first, then each list's first page and a page near
    its end, search and one document."""
    first = client.get("/api/documents", params={"limit": 1}).raise_for_status().json()["items"]
    if not first:
        raise SystemExit("the store holds no document")
    deep = {listing: f"/api/{listing}?limit=50&after={place}" for listing, place in deep_places(db).items()}
    following = client.get(deep["events"]).raise_for_status().json()["next"]
    return {
        "baseline": BASELINE,
        "events": "/api/events?limit=50",
        "events deep": deep["events"],
        "events deep next": httpx.URL(following).raw_path.decode(),  # the page after, by its next link
        "events offset max": f"/api/events?limit=50&offset={MAX_PAGE_OFFSET}",
        "events type": "/api/events?limit=50&type=SANCTION",
        "events country": "/api/events?limit=50&country=TWN",
        **{name: path for listing in ("actors", "documents", "attributions", "claims", "transfers")
           for name, path in ((listing, f"/api/{listing}?limit=50"), (f"{listing} deep", deep[listing]))},
        "search": f"/api/search?q={quote(query)}",
        "document": f"/api/documents/{quote(first[0]['id'])}",
    }


def measure(client: httpx.Client, path: str, requests: int) -> Page:
    """One first request to `path`, timed apart, then `requests` more one after the other."""
    page = Page(path)
    start = time.perf_counter()
    client.get(path, timeout=FIRST_SECONDS).raise_for_status()
    page.first = time.perf_counter() - start
    for _ in range(requests):
        sent = time.perf_counter()
        response = client.get(path)
        if response.is_success:
            page.result.latencies.append(time.perf_counter() - sent)
        else:
            page.result.errors[f"HTTP {response.status_code}: {response.text}"[:120]] += 1
    return page


def peak_rss(pid: int) -> int:
    """The process's peak resident set so far, in kB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmHWM for process {pid}")


def run_size(documents: int | Path, args: argparse.Namespace, folder: Path) -> Size:
    """Build or reuse the store of `documents` documents (or take the store at that path), serve it
    and time every page; and fusion's costs on copies of it, unless `--pages-only`."""
    db, built = (documents, None) if isinstance(documents, Path) else synthetic_store(documents, args.seed, args.cache)
    engine = open_store(str(db), readonly=True)
    totals = counts(engine)
    engine.dispose()
    size = Size(totals["documents"], totals["events"], built)
    if not args.pages_only:
        time_fusion(db, totals["documents"], args.seed, folder, size)
    with serving(db, folder / f"{documents}-server.log") as (base, startup, server):
        size.startup = startup
        with httpx.Client(base_url=base, timeout=args.timeout) as client:
            for name, path in page_paths(client, db, args.query).items():
                size.pages[name] = measure(client, path, args.requests)
        size.peak_rss = peak_rss(server.pid)
    return size


def report(size: Size, requests: int, db_note: str) -> None:
    print(f"\n{size.documents} documents, {size.events} events ({db_note}); "
          f"server answered {size.startup:.1f} s after start, peak RSS {size.peak_rss / 1024:.0f} MiB")
    if size.more:
        print(f"{MORE} more documents: {size.more[True]:.2f} s with fusion, {size.more[False]:.2f} s without "
              f"(fusion {size.more[True] - size.more[False]:.2f} s); fuse --rebuild {size.rebuild:.1f} s, "
              f"peak RSS {size.rebuild_rss / 1024:.0f} MiB")
    baseline = size.pages["baseline"].result
    print(f"{'page':<17} {'path':<44} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p50/base':>9} {'p95/base':>9} {'errors':>6}   ({requests} requests each)")
    for name, page in size.pages.items():
        p50, p95 = page.result.percentile(50), page.result.percentile(95)
        print(f"{name:<17} {page.path[:44]:<44} {page.first * 1000:>9.1f} {p50 * 1000:>8.1f} {p95 * 1000:>8.1f} "
              f"{p50 / baseline.percentile(50):>8.1f}x {p95 / baseline.percentile(95):>8.1f}x "
              f"{sum(page.result.errors.values()):>6}")
        for error, n in page.result.errors.most_common(3):
            print(f"{'':<17} {n} x {error}")


def growth(sizes: list[Size]) -> None:
    """Fusion's costs at every size (when timed), the rebuild's against linear growth from the
    smallest size; then the p50 of every page at every size, as a ratio to that size's baseline."""
    if sizes[0].more:
        fusion_growth(sizes)
    print("\np50 as a ratio to the baseline, by store size (first request in seconds for claims):")
    print(f"{'page':<17}" + "".join(f"{size.documents:>12}" for size in sizes))
    for name in sizes[0].pages:
        cells = [size.pages[name].result.percentile(50) / size.pages["baseline"].result.percentile(50)
                 for size in sizes]
        print(f"{name:<17}" + "".join(f"{cell:>11.1f}x" for cell in cells))
    print(f"{'claims first':<17}" + "".join(f"{size.pages['claims'].first:>11.1f}s" for size in sizes))


def fusion_growth(sizes: list[Size]) -> None:
    smallest = sizes[0]
    print("\nfusion by store size:")
    print(f"{'':<32}" + "".join(f"{size.documents:>12}" for size in sizes))
    rows = {
        f"{MORE} more documents, fusion s": [size.more[True] - size.more[False] for size in sizes],
        "fuse --rebuild s": [size.rebuild for size in sizes],
        "rebuild / linear": [size.rebuild / (smallest.rebuild * size.documents / smallest.documents) for size in sizes],
        "rebuild peak RSS MiB": [size.rebuild_rss / 1024 for size in sizes],
    }
    for name, cells in rows.items():
        print(f"{name:<32}" + "".join(f"{cell:>12.2f}" for cell in cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="store sizes in documents, comma-separated")
    parser.add_argument("--quick", action="store_true", help=f"sizes {', '.join(map(str, QUICK_SIZES))}")
    parser.add_argument("--cache", type=Path, default=CACHE, help="folder of built stores, reused across runs")
    parser.add_argument("--seed", type=int, default=0, help="the synthetic stores' seed")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page, after the first")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a timed request may take")
    parser.add_argument("--query", default="drones", help="the search page's q")
    parser.add_argument("--store", type=Path, action="append", help="time this store instead of building "
                        "synthetic ones (repeat for several, smallest first)")
    parser.add_argument("--pages-only", action="store_true", help="time the pages, not fusion's costs")
    args = parser.parse_args()
    sizes: tuple[int | Path, ...] = tuple(args.store) if args.store else \
        QUICK_SIZES if args.quick else tuple(int(n) for n in args.sizes.split(","))
    measured = []
    with tempfile.TemporaryDirectory() as tmp:
        for documents in sizes:
            size = run_size(documents, args, Path(tmp))
            note = "reused from the cache" if size.built is None else f"built in {size.built:.0f} s"
            report(size, args.requests, note)
            measured.append(size)
    growth(measured)


if __name__ == "__main__":
    main()
