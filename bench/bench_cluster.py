#!/usr/bin/env python3
"""More than one machine: pages/s with 1, 2 and 3 nodes, what a node and the writer cost, Redis's memory.

All on this machine, against a generated F1 portal (``portal_spider.sample_portal.generated``)
served on 127.0.0.1, each page answered after ``--delay`` seconds (200 ms: a distant portal),
on a throwaway redis-server (``portal_spider.frontier.local_redis``):

* ``scale``: pages/s of a cluster crawl with 1, 2, 3 nodes, each with 8 concurrent requests
  and the per-host limit raised to 32 (the limit is cluster-wide), from the run's start to
  its end as the writer sees them; the same portal crawled by one plain process
  (``portal_spider.runner``, same settings) is the baseline, and every cluster archive must
  hold exactly its articles.  Target: 3 nodes ≥ 2.5× one node.  Also CPU per page of the
  nodes and of the writer during the crawl (``/proc``: start-up excluded) and their peak RSS.
* ``writer``: how fast one writer stores what nodes have sent: the writer is stopped while
  nodes crawl an undelayed portal into the results stream, then let go; articles/s while it
  drains the stream (WARC + SQLite + FTS5, fsync per batch).
* ``redis``: Redis memory per 100,000 queued article requests (with their fingerprints), and
  per 100,000 canonical URLs of the archive's known set that the writer seeds.

Extraction runs in the crawling processes (``PORTAL_ARCHIVE_EXTRACT_WORKERS=0``): with three
nodes, a writer, Redis and the portal on two cores there is no idle core to give it.

Usage: python bench/bench_cluster.py [--quick] [--json] [--only scale,writer,redis]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from portal_spider.frontier.connection import Frontier, url_digest  # noqa: E402
from portal_spider.frontier.local_redis import LocalRedis  # noqa: E402
from portal_spider.sample_portal.faults import Slow  # noqa: E402
from portal_spider.sample_portal.generated import GeneratedPortal  # noqa: E402

SETTINGS = ("CONCURRENT_REQUESTS=8", "CONCURRENT_REQUESTS_PER_DOMAIN=32", "AUTOTHROTTLE_ENABLED=False",
            "DOWNLOAD_DELAY=0", "RETRY_TIMES=0", "PORTAL_ARCHIVE_EXTRACT_WORKERS=0",
            "PORTAL_ARCHIVE_ALLOW_LOOPBACK=1")  # the portal is a proxy on 127.0.0.1
TICK = os.sysconf("SC_CLK_TCK")


class SlowGeneratedPortal(Slow, GeneratedPortal):
    pass


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a running process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def wait4(proc: subprocess.Popen) -> tuple[int, float]:
    """Exit status and peak RSS (MB) of a finished child."""
    _, status, usage = os.wait4(proc.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024


def articles_of(db: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT content_hash, title, published FROM articles ORDER BY content_hash").fetchall()


def spawn(module: str, args: list[str], url: str | None = None) -> subprocess.Popen:
    env = {**os.environ, **({"PORTAL_ARCHIVE_FRONTIER": url} if url else {})}
    return subprocess.Popen([sys.executable, "-m", module, *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def settings_args(*extra: str) -> list[str]:
    return [arg for pair in (*SETTINGS, *extra) for arg in ("-s", pair)]


def wait_for(condition, timeout: float = 600.0, poll: float = 0.01):
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise RuntimeError("timed out")
        time.sleep(poll)
    return value


def one_process(work: Path, portal) -> dict:
    """The same crawl in one plain process: pages/s between the portal's first and last request."""
    proxy, started = portal.proxy, time.monotonic()
    db = str(work / f"one-{uuid.uuid4().hex[:6]}.db")
    log = Path(db).with_suffix(".log")
    proc = spawn("portal_spider.runner", ["guiyang", "--db", db, "--proxy", proxy, "--fast", "--log-level", "INFO",
                                          "--log-file", str(log), *settings_args()])
    code, rss = wait4(proc)
    if code not in (0, 1):
        raise RuntimeError(f"crawl failed ({code}): {proc.stderr.read().decode()[-2000:]}")
    stats = log.read_text(errors="replace")
    responses = float(stats.split("'downloader/response_count': ")[1].split(",")[0])
    arrivals = [t for t in portal.arrivals if t >= started]
    crawling = arrivals[-1] - arrivals[0] + portal.delay
    return {"db": db, "pages": int(responses), "crawling_seconds": round(crawling, 2),
            "pages_s": round(responses / crawling, 1), "rss_mb": round(rss)}


def cluster(work: Path, portal, nodes: int) -> dict:
    """A cluster crawl of guiyang: pages/s between the portal's first and last request (the run's
    wall time, node start-up included, is in ``seconds``), CPU during the run and memory of its parts."""
    proxy = portal.proxy
    db = str(work / f"cluster{nodes}-{uuid.uuid4().hex[:6]}.db")
    with LocalRedis() as server:
        client = Frontier.from_url(server.url).redis
        node_procs = [spawn("portal_spider.frontier.node", ["guiyang", "--proxy", proxy, "--fast", "--log-level", "ERROR",
                                                            *settings_args(f"PORTAL_ARCHIVE_FRONTIER_NODE=bench-{n}")],
                            server.url)
                      for n in range(nodes)]
        writer = spawn("portal_spider.frontier.writer", ["guiyang", "--db", db], server.url)
        wait_for(lambda: client.hget("portal-archive:run", "state") == b"crawling", poll=0.002)
        started = time.monotonic()
        before = {p.pid: cpu_seconds(p.pid) for p in [writer, *node_procs]}
        wait_for(lambda: client.hget("portal-archive:run", "state") == b"done", poll=0.005)
        seconds = time.monotonic() - started
        arrivals = [t for t in portal.arrivals if t >= started]
        crawling = arrivals[-1] - arrivals[0] + portal.delay  # the last page took that long to answer
        used = {p.pid: cpu_seconds(p.pid) - before[p.pid] for p in [writer, *node_procs]}
        code, writer_rss = wait4(writer)
        node_rss = [wait4(p)[1] for p in node_procs]
    if code not in (0, 1):
        raise RuntimeError(f"writer failed ({code}): {writer.stderr.read().decode()[-2000:]}")
    with sqlite3.connect(db) as conn:
        pages = sum(n.get("requests", 0) for n in json.loads(conn.execute("SELECT nodes FROM runs").fetchone()[0]).values())
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    node_cpu = sum(used[p.pid] for p in node_procs)
    return {"db": db, "nodes": nodes, "pages": pages, "articles": articles, "seconds": round(seconds, 2),
            "crawling_seconds": round(crawling, 2), "pages_s": round(pages / crawling, 1),
            "pages_s_run": round(pages / seconds, 1), "node_cpu_ms_per_page": round(1000 * node_cpu / pages, 2),
            "writer_cpu_ms_per_page": round(1000 * used[writer.pid] / pages, 2),
            "node_rss_mb": round(max(node_rss)), "writer_rss_mb": round(writer_rss)}


def bench_scale(work: Path, n_articles: int, delay: float) -> list[dict]:
    with SlowGeneratedPortal(n_articles, seed=3, delay=delay) as portal:
        one = one_process(work, portal)
        runs = [cluster(work, portal, nodes) for nodes in (1, 2, 3)]
    reference = articles_of(one["db"])
    identical = all(articles_of(r["db"]) == reference for r in runs)
    base = runs[0]["pages_s"]
    figures = [{"name": f"cluster pages/s, {r['nodes']} node(s) ({n_articles:,} articles, pages after {delay * 1000:.0f} ms)",
                "value": r["pages_s"], "baseline": base, "ratio": round(r["pages_s"] / base, 2),
                "target": "≥ 2.5× one node" if r["nodes"] == 3 else None,
                "met": (r["pages_s"] / base >= 2.5 if r["nodes"] == 3 else None) if identical else False,
                "detail": {k: v for k, v in r.items() if k != "db"}} for r in runs]
    figures.append({"name": "one process (portal_spider.runner), same portal and settings", "value": one["pages_s"],
                    "baseline": None, "ratio": None, "target": "cluster archives identical to it", "met": identical,
                    "detail": {k: v for k, v in one.items() if k != "db"}})
    return figures


def bench_writer(work: Path, n_articles: int) -> list[dict]:
    db = str(work / "writer.db")
    with GeneratedPortal(n_articles, seed=4) as portal, LocalRedis() as server:
        frontier = Frontier.from_url(server.url)
        client = frontier.redis
        writer = spawn("portal_spider.frontier.writer", ["guiyang", "--db", db], server.url)
        wait_for(lambda: client.hget("portal-archive:run", "state") == b"crawling", poll=0.002)
        writer.send_signal(signal.SIGSTOP)
        nodes = [spawn("portal_spider.frontier.node", ["guiyang", "--proxy", portal.proxy, "--fast", "--log-level", "ERROR",
                                                       *settings_args("PORTAL_ARCHIVE_FRONTIER_MAX_BACKLOG=10000000")],
                       server.url) for _ in range(2)]
        wait_for(lambda: client.xlen("portal-archive:results") and frontier.outstanding(["guiyang"]) == 0, poll=0.05)
        entries = client.xlen("portal-archive:results")
        stream_mb = client.info("memory")["used_memory"] / 2 ** 20
        before = cpu_seconds(writer.pid)
        started = time.monotonic()
        writer.send_signal(signal.SIGCONT)
        wait_for(lambda: client.hget("portal-archive:run", "state") == b"done", poll=0.002)
        seconds = time.monotonic() - started
        cpu = cpu_seconds(writer.pid) - before
        for proc in [writer, *nodes]:
            wait4(proc)
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        rows = conn.execute("SELECT count(*) FROM fetches").fetchone()[0]
    return [{"name": f"writer articles/s, draining the results of {articles:,} articles", "value": round(articles / seconds, 1),
             "baseline": None, "ratio": None, "target": None, "met": None,
             "detail": {"articles": articles, "fetch_rows": rows, "stream_entries": entries, "seconds": round(seconds, 2),
                        "writer_cpu_ms_per_article": round(1000 * cpu / articles, 2),
                        "redis_used_mb_with_stream": round(stream_mb, 1)}}]


def bench_redis(n: int) -> list[dict]:
    import scrapy

    from portal_spider.spiders.guiyang import GuiyangSpider
    from portal_spider.frontier.redis_scheduler import RunDupeFilter

    spider = GuiyangSpider()
    fingerprints = RunDupeFilter(None, "")
    with LocalRedis() as server:
        frontier = Frontier.from_url(server.url)
        client = frontier.redis
        start = client.info("memory")["used_memory"]
        for i in range(n):
            request = scrapy.Request(f"https://english.guiyang.gov.cn/2024-{1 + i % 12:02d}/{1 + i % 28:02d}/c_{2_000_000 + i}.htm",
                                     callback=spider.parse_article, errback=spider.failed)
            data = pickle.dumps(request.to_dict(spider=spider), protocol=pickle.HIGHEST_PROTOCOL)
            frontier.push("guiyang", uuid.uuid4().hex, data, 0, fingerprints.request_fingerprint(request), "1")
        queued = client.info("memory")["used_memory"]
        sample = len(data)
        for i in range(0, n, 10_000):
            client.sadd("portal-archive:known:1", *(url_digest(f"https://english.guiyang.gov.cn/2024-01/01/c_{j}.htm")
                                                  for j in range(i, min(n, i + 10_000))))
        known = client.info("memory")["used_memory"]
    per = 100_000 / n / 2 ** 20
    return [{"name": "Redis MB per 100,000 queued article requests (with fingerprints)",
             "value": round((queued - start) * per, 1), "baseline": None, "ratio": None, "target": None, "met": None,
             "detail": {"measured_with": n, "pickled_request_bytes": sample}},
            {"name": "Redis MB per 100,000 known canonical URLs (seeded by the writer)",
             "value": round((known - queued) * per, 1), "baseline": None, "ratio": None, "target": None, "met": None,
             "detail": {"measured_with": n}}]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller portals (about two minutes)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", default="scale,writer,redis")
    parser.add_argument("--delay", type=float, default=0.2, help="seconds before the portal answers (scale)")
    args = parser.parse_args()
    only = set(args.only.split(","))
    figures = []
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        work = Path(tmp)
        if "scale" in only:
            figures += bench_scale(work, 300 if args.quick else 1200, args.delay)
        if "writer" in only:
            figures += bench_writer(work, 500 if args.quick else 3000)
        if "redis" in only:
            figures += bench_redis(20_000 if args.quick else 100_000)
    if args.json:
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    for f in figures:
        ratio = f" ({f['ratio']}×)" if f.get("ratio") else ""
        met = "" if f.get("met") is None else ("  met" if f["met"] else "  NOT met")
        print(f"{f['name']}: {f['value']}{ratio}{met}")
        if f.get("detail"):
            print(f"    {json.dumps(f['detail'])}")


if __name__ == "__main__":
    main()
