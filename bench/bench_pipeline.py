#!/usr/bin/env python3
"""The full crawl against bare Scrapy, recrawl cost, and the crawler's memory.

All three crawl a generated F1 portal (``portal_spider.sample_portal.generated``:
30-60 KB pages, realistic layout) served on 127.0.0.1 by the sample-portal proxy.

* ``pipeline``: pages/s of the full crawl (``python -m portal_spider.runner``:
  extraction, dates, dedup, SQLite + FTS5 store, WARC) vs ``bench/bare_spider.py``
  (Scrapy following the same links and dropping the pages), same download and
  concurrency settings, runs alternating; the ratio of the medians.  Target ≥ 0.8.
  Rates use Scrapy's own clock (spider open to close); the details also give each
  run's wall time (start-up, and for the full crawl the clustering after it) and
  CPU (user + system, worker processes included).
* ``recrawl``: requests of a second crawl of the unchanged portal (target: one
  per listing section + robots.txt per host) and of a crawl after N new
  articles (target: N + sections).
* ``memory``: peak RSS of the crawl process at two portal sizes (target ≤ 300 MB
  and not growing with the archive).

Usage: python bench/bench_pipeline.py [--quick] [--json] [--only pipeline,recrawl,memory]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from portal_spider.sample_portal.generated import SECTIONS, GeneratedPortal, make_articles, write_portal  # noqa: E402
from portal_spider.sample_portal.server import SamplePortal  # noqa: E402

#: The same download settings for both sides: as fast as loopback allows, no politeness delays.
#: CONCURRENT_ITEMS is the crawl's own (portal_spider/settings.py): Scrapy's default of 100 starts 100
#: asyncio tasks per response, which would slow the baseline down by 10-20% for nothing.
DOWNLOAD = ("CONCURRENT_REQUESTS=16", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "AUTOTHROTTLE_ENABLED=False",
            "DOWNLOAD_DELAY=0", "RETRY_TIMES=0", "CONCURRENT_ITEMS=1",
            "PORTAL_ARCHIVE_ALLOW_LOOPBACK=1")  # the sample portal's proxy is on 127.0.0.1
_STAT = re.compile(r"'(elapsed_time_seconds|downloader/response_count)': ([\d.]+)")


def _wait4(proc: subprocess.Popen) -> tuple[int, float, float]:
    """Exit status, peak RSS (MB) and CPU seconds (user + system, start-up included) of a finished child."""
    _, status, usage = os.wait4(proc.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def full_crawl(db: str, proxy: str, extra: tuple[str, ...] = ()) -> dict:
    """Run the real crawl; return responses, elapsed seconds (Scrapy's own clock), peak RSS (MB), exit status."""
    log = Path(db).with_suffix(".log")
    command = [sys.executable, "-m", "portal_spider.runner", "guiyang", "--db", db, "--proxy", proxy, "--fast",
               "--log-level", "INFO", "--log-file", str(log)]
    for pair in (*DOWNLOAD, *extra):
        command += ["-s", pair]
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    code, rss, cpu = _wait4(proc)
    wall = time.monotonic() - started
    stats = {k: float(v) for k, v in _STAT.findall(log.read_text(errors="replace"))}
    if code not in (0, 1):
        raise RuntimeError(f"crawl failed ({code}): {proc.stderr.read().decode()[-2000:]}")
    return {"responses": stats.get("downloader/response_count", 0), "seconds": stats["elapsed_time_seconds"],
            "wall_seconds": round(wall, 2), "rss_mb": rss, "cpu_seconds": round(cpu, 2), "exit": code}


def bare_crawl(proxy: str) -> dict:
    command = [sys.executable, str(ROOT / "bench" / "bare_spider.py"), "--proxy", proxy]
    for pair in DOWNLOAD:
        command += ["-s", pair]
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    code, rss, cpu = _wait4(proc)
    wall = time.monotonic() - started
    if code:
        raise RuntimeError(f"bare crawl failed ({code}): {proc.stderr.read().decode()[-2000:]}")
    stats = json.loads(out)
    return {"responses": stats["downloader/response_count"], "seconds": stats["elapsed_time_seconds"],
            "wall_seconds": round(wall, 2), "rss_mb": rss, "cpu_seconds": round(cpu, 2)}


def bench_pipeline(work: Path, n_articles: int, listings: int, rounds: int) -> list[dict]:
    root = work / "pipeline-sites"
    write_portal(root, make_articles(n_articles, seed=1), listings=listings)
    full, bare = [], []
    with SamplePortal(root=root) as portal:
        for r in range(rounds):
            bare.append(bare_crawl(portal.proxy))
            db = work / f"pipeline-{r}.db"
            full.append(full_crawl(str(db), portal.proxy))
            shutil.rmtree(work / f"pipeline-{r}-warc", ignore_errors=True)
            db.unlink()
    full_rate = statistics.median(f["responses"] / f["seconds"] for f in full)
    bare_rate = statistics.median(b["responses"] / b["seconds"] for b in bare)
    return [{"name": f"pipeline pages/s (full crawl vs bare Scrapy, {n_articles:,} articles, {rounds} runs each)",
             "value": round(full_rate, 1), "baseline": round(bare_rate, 1), "ratio": round(full_rate / bare_rate, 2),
             "target": "≥ 0.8×", "met": full_rate / bare_rate >= 0.8,
             "detail": {"full": full, "bare": bare}}]


def bench_recrawl(work: Path, n_articles: int, new: int) -> list[dict]:
    root = work / "recrawl-sites"
    articles = make_articles(n_articles, seed=2)
    write_portal(root, articles, listings=max(3, n_articles // 40))
    db = str(work / "recrawl.db")
    hosts = {s[1] for s in SECTIONS}
    with SamplePortal(root=root) as portal:
        full_crawl(db, portal.proxy)
        portal.requests.clear()
        full_crawl(db, portal.proxy)
        second = len(portal.requests)
        more = make_articles(n_articles + new, seed=2)[n_articles:]
        write_portal(root, articles + more, listings=max(3, n_articles // 40), write_articles=False)
        write_portal(root / "_new", more, listings=1)
        for a in more:
            (root / a.host / a.path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(root / "_new" / a.host / a.path, root / a.host / a.path)
        portal.requests.clear()
        full_crawl(db, portal.proxy)
        third = [u for _, u, _ in portal.requests]
    target_unchanged = len(SECTIONS) + len(hosts)
    fetched_new = sum(1 for u in third if "/c_" in u)
    return [
        {"name": f"recrawl requests, unchanged portal ({n_articles:,} articles)", "value": second,
         "baseline": n_articles + max(3, n_articles // 40) + len(hosts), "ratio": None,
         "target": f"≤ {target_unchanged} (sections + robots.txt)", "met": second <= target_unchanged},
        {"name": f"recrawl requests after {new} new articles", "value": len(third),
         "baseline": None, "ratio": None, "target": f"{new} articles + listings ({fetched_new} article requests)",
         "met": fetched_new == new},
    ]


def _count(db: str) -> int:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def bench_memory(work: Path, sizes: tuple[int, ...]) -> list[dict]:
    """Peak RSS of whole crawls of generated portals served on the fly (no pages on disk), WARC kept."""
    results, peaks = [], []
    for n in sizes:
        db = str(work / f"memory-{n}.db")
        started = time.monotonic()
        with GeneratedPortal(n, seed=3, per_page=40, page_kb=(30, 40)) as portal:
            # 100,000 articles are 834 listing pages a section: lift the 500-page cap of a normal crawl
            run = full_crawl(db, portal.proxy, ("PORTAL_ARCHIVE_MAX_LISTING_PAGES=100000",))
        wal = Path(f"{db}-wal")
        size_mb = (Path(db).stat().st_size + (wal.stat().st_size if wal.exists() else 0)) / 2**20
        peaks.append(run["rss_mb"])
        stored = _count(db)
        results.append({"name": f"peak RSS of the crawl, {stored:,} articles stored (MB)", "value": round(run["rss_mb"], 1),
                         "baseline": None, "ratio": None, "target": "≤ 300 MB", "met": run["rss_mb"] <= 300,
                         "detail": {"responses": run["responses"], "crawl_seconds": round(run["seconds"], 1),
                                    "wall_seconds": round(time.monotonic() - started, 1), "db_mb": round(size_mb, 1)}})
        Path(db).unlink()
        shutil.rmtree(work / f"memory-{n}-warc", ignore_errors=True)
    growth = (peaks[-1] - peaks[0]) / ((sizes[-1] - sizes[0]) / 1000)
    results.append({"name": f"RSS growth per 1,000 articles ({sizes[0]:,} -> {sizes[-1]:,})", "value": round(growth, 2),
                    "baseline": round(peaks[0], 1), "ratio": round(peaks[-1] / peaks[0], 2),
                    "target": "≈ 0 MB (flat)", "met": growth < 0.5})
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--only", default="pipeline,recrawl,memory")
    args = ap.parse_args(argv)
    only = set(args.only.split(","))
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        work = Path(tmp)
        if "pipeline" in only:
            results += bench_pipeline(work, *((300, 9, 2) if args.quick else (2000, 50, 3)))
        if "recrawl" in only:
            results += bench_recrawl(work, *((90, 5) if args.quick else (600, 20)))
        if "memory" in only:
            results += bench_memory(work, (300, 1200) if args.quick else (10_000, 100_000))
    if args.json:
        print(json.dumps(results, indent=1, default=str))
    else:
        for r in results:
            print(f"{r['name']:<80} {r['value']!s:>10} {r['baseline']!s:>10} {r['ratio']!s:>6}  {r['target']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
