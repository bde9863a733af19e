"""Readers during writes: 4 processes search the archive (through ``archive.search.search``, the path
every surface uses) while crawls write to it.  No "database is locked" reaches a reader, and the
99th percentile of a search stays under 200 ms.  10 s of reading in the short form, 60 s in the long.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time

import pytest

from portal_spider.sample_portal.generated import make_articles, write_portal
from portal_spider.sample_portal.server import SamplePortal

from tests.conftest import ROOT
from tests.faultkit import check_integrity, finish, query, runner_command, running, start

READER = r"""
import json, sys, time
from archive.search import search
from archive.store import Archive

db, seconds, seed, out = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
queries = ["guiyang", "metro line", '"digital economy"', "tea OR festival", "title:report", "touris*",
           "guizhou -tourism", "big data center", "village NOT bridge", '"lantern festival" guiyang', "export",
           "caption:photo", "solar wind energy", "hospital medical", "Belt-and-Road", "COVID-19", "2024"]
archive = Archive(db, create=False, readonly=True)
latencies, errors, locked = [], [], 0
end = time.monotonic() + seconds
i = seed
while time.monotonic() < end:
    q = queries[i % len(queries)]
    i += 1
    t = time.perf_counter()
    try:
        search(archive, q, limit=20, since="2024-01-15" if i % 3 == 0 else None)
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
        locked += "locked" in str(exc)
    latencies.append(time.perf_counter() - t)
with open(out, "w") as f:  # a file, not stdout: a minute of latencies would fill the pipe and block
    json.dump({"latencies": latencies, "errors": errors[:20], "error_count": len(errors), "locked": locked}, f)
"""


def articles_in(db: str) -> int:
    try:
        return query(db, "SELECT count(*) FROM articles")[0][0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def readers_during_writes(tmp_path, seconds: float, n_articles: int):
    root = tmp_path / "sites"
    write_portal(root, make_articles(n_articles, seed=30), listings=20)
    db = str(tmp_path / "archive.db")
    with SamplePortal(root=root) as portal:
        crawl, out = start(runner_command(db, portal.proxy, "-s", "PORTAL_ARCHIVE_BATCH_SIZE=10"))
        started = time.monotonic()
        deadline = started + 60
        while time.monotonic() < deadline and not articles_in(db):
            time.sleep(0.02)  # waiting for the first committed batch
        outputs = [tmp_path / f"reader-{n}.json" for n in range(4)]
        readers = [subprocess.Popen([sys.executable, "-c", READER, db, str(seconds), str(n), str(outputs[n])], cwd=ROOT,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for n in range(4)]
        crawls = 1
        # keep writing for as long as the readers read: when a crawl ends, re-walk everything (--full)
        while any(r.poll() is None for r in readers):
            if not running(crawl):
                result = finish(crawl, out, started)
                assert result.returncode == 0, result.stderr[-2000:]
                crawl, out = start(runner_command(db, portal.proxy, "--full", "-s", "PORTAL_ARCHIVE_BATCH_SIZE=10"))
                started = time.monotonic()
                crawls += 1
            time.sleep(0.05)  # polling the children
        crawl.kill()
        finish(crawl, out, started)
    reports = []
    for r, output in zip(readers, outputs):
        _, stderr = r.communicate()
        assert r.returncode == 0, stderr
        reports.append(json.loads(output.read_text()))
    check_integrity(db)
    return reports, crawls


def check(reports):
    latencies = sorted(x for r in reports for x in r["latencies"])
    assert sum(r["locked"] for r in reports) == 0
    assert sum(r["error_count"] for r in reports) == 0, [r["errors"] for r in reports]
    p99 = latencies[int(len(latencies) * 0.99)]
    assert len(latencies) > 400
    assert p99 < 0.200, f"p99 {p99 * 1000:.0f} ms over {len(latencies)} searches"
    return p99


def test_readers_during_writes_short(tmp_path):
    reports, crawls = readers_during_writes(tmp_path, seconds=10, n_articles=400)
    check(reports)


@pytest.mark.long
def test_readers_during_writes_long(tmp_path):
    reports, crawls = readers_during_writes(tmp_path, seconds=60, n_articles=1500)
    check(reports)
