"""SIGINT and SIGTERM stop a crawl cleanly; a second one stops it at once; a killed run shows as died.

Real ``portal-archive crawl`` processes, each in a process group of its own as a shell would run
it, over the loopback sample portal.  SIGINT goes to the whole group (what Ctrl-C in a terminal
does), SIGTERM to the command alone (``kill``, ``timeout``).  The moments come from a seeded RNG:
the crawl is stopped when the rows of ``fetches`` (what has been committed) cross a threshold, or
as soon as its run is recorded (before the first request).  After every stop: the command ended
within 30 s with 130 or 143, no process of its group is left, its ``runs`` row is closed
``interrupted`` with its counts, the lock is free and the archive sound; the next crawl says it
resumes the run and ends with every article archived once.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import time

import pytest

from portal_spider.sample_portal.faults import FaultPortal, SlowHeaders
from portal_spider.sample_portal.generated import make_articles, write_portal
from portal_spider.sample_portal.server import SamplePortal

from tests.conftest import run_cli
from tests.faultkit import (
    check_integrity, crawl_command, finish, live_group, lock_free, query, run, running, start, wait_for, warcio_check,
)

STATUS = {signal.SIGINT: 130, signal.SIGTERM: 143}


def count(db: str, sql: str, *params) -> int:
    try:
        return query(db, sql, *params)[0][0]
    except sqlite3.OperationalError:  # not created yet, or the schema is being made
        return 0


def archived(db: str) -> dict[str, str]:
    rows = query(db, "SELECT canonical_url, title FROM articles")
    assert len(rows) == len({u for u, _ in rows}), "an article is doubled"
    return dict(rows)


def send(proc, signum: int) -> None:
    """SIGINT as a terminal sends it (to the whole group), SIGTERM as ``kill`` does (to the command)."""
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)
    else:
        os.kill(proc.pid, signum)


def assert_stopped_cleanly(db: str, proc, result, signum: int, run_id: int) -> None:
    assert result.seconds < 30, result.seconds
    assert result.returncode == STATUS[signum], result.stderr[-3000:]
    assert wait_for(lambda: not live_group(proc.pid), 10), live_group(proc.pid)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout.splitlines()[-1] == "crawl interrupted"
    assert result.stderr.splitlines()[-1] == (
        f"interrupted by {signal.Signals(signum).name}: the next crawl resumes this run")
    (status, exit_code, new, finished), = query(db, "SELECT status, exit_code, new, finished FROM runs WHERE id = ?",
                                                run_id)
    stored = count(db, "SELECT count(*) FROM fetches WHERE run_id = ? AND outcome = 'stored'", run_id)
    assert (status, exit_code, new) == ("interrupted", STATUS[signum], stored)
    assert finished is not None
    assert lock_free(db)
    check_integrity(db)


def test_sigint_and_sigterm_stop_the_crawl_cleanly_and_the_next_crawl_resumes(tmp_path):
    articles = make_articles(300, seed=31)
    write_portal(tmp_path / "sites", articles, listings=15)
    titles = {a.title for a in articles}
    db = str(tmp_path / "archive.db")
    rng = random.Random(31)
    # (signal, committed fetch rows to wait for; 0: as soon as the run is recorded, before any request)
    stops = [(signal.SIGINT, 0), (signal.SIGTERM, rng.randint(10, 40)), (signal.SIGINT, rng.randint(10, 60)),
             (signal.SIGTERM, rng.randint(30, 90))]
    before: dict[str, str] = {}
    with SamplePortal(root=tmp_path / "sites") as portal:
        command = crawl_command(db, portal.proxy)
        for run_id, (signum, step) in enumerate(stops, start=1):
            threshold = count(db, "SELECT count(*) FROM fetches") + step
            proc, out = start(command, new_session=True)
            recorded = wait_for(lambda: count(db, "SELECT count(*) FROM runs WHERE id = ?", run_id), 60, proc)
            reached = wait_for(lambda: count(db, "SELECT count(*) FROM fetches") >= threshold, 60, proc)
            assert recorded and reached and running(proc), f"run {run_id} ended before its stop"
            started = time.monotonic()
            send(proc, signum)
            result = finish(proc, out, started, timeout=60)
            assert_stopped_cleanly(db, proc, result, signum, run_id)
            if run_id > 1:  # each run resumes the one stopped before it
                assert re.search(rf"^resuming run {run_id - 1} \(started \S+, interrupted\): walking every listing "
                                 r"page once more$", result.stderr, re.M), result.stderr
            now = archived(db)
            assert set(now) >= set(before), "archived articles disappeared"
            before = now
        assert query(db, "SELECT count(*) FROM fetches WHERE run_id = 1") == [(0,)]  # stopped before any request
        final = run(command)
    assert final.returncode == 0, final.stderr[-3000:]
    assert f"resuming run {len(stops)} " in final.stderr
    check_integrity(db)
    now = archived(db)
    assert set(now.values()) == titles and len(now) == len(articles)
    assert query(db, "SELECT count(*) FROM articles WHERE warc_records = '[]'") == [(0,)]
    check = warcio_check(tmp_path / "archive-warc")
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize("twice", [True, False], ids=["second-signal", "grace-ends"])
def test_pages_that_hang_do_not_hold_the_stop(tmp_path, twice):
    """Half the articles never answer: a second SIGINT stops at once (within 5 s); a single one
    waits PORTAL_ARCHIVE_STOP_GRACE (here 3 s) for them, then stops.  Nothing half-saved either way."""
    articles = make_articles(40, seed=32)
    write_portal(tmp_path / "sites", articles, listings=3)
    hanging = {a.url: SlowHeaders(300) for a in articles[::2]}
    db = str(tmp_path / "archive.db")
    grace = [] if twice else ["-s", "PORTAL_ARCHIVE_STOP_GRACE=3"]
    with FaultPortal(root=tmp_path / "sites", faults=hanging) as portal:
        proc, out = start(crawl_command(db, portal.proxy, "-s", "DOWNLOAD_TIMEOUT=600", *grace), new_session=True)
        # the crawl has room for two transfers per host: with two hanging it waits on them
        assert wait_for(lambda: sum(portal.hits[u] for u in hanging) >= 2, 60, proc), portal.hits
        started = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        if twice:
            assert wait_for(lambda: "stopping the crawl" in (out / "stderr").read_text(), 10, proc)
            started = time.monotonic()
            os.killpg(proc.pid, signal.SIGINT)
        result = finish(proc, out, started, timeout=60)
    assert result.seconds < (5 if twice else 3 + 5), result.seconds
    assert_stopped_cleanly(db, proc, result, signal.SIGINT, 1)
    # a page that never arrived is not archived: it was not sent (deferred) or cut off (no record);
    # the next run fetches it either way
    hung = {u: o for u, o in query(db, "SELECT url, outcome FROM fetches") if u in hanging}
    assert set(hung.values()) <= {"deferred"}
    assert len(hung) <= len(hanging) - 2  # the two under way when the crawl stopped left no record
    assert query(db, "SELECT count(*) FROM articles WHERE warc_records = '[]'") == [(0,)]


def test_a_killed_run_shows_as_died_and_the_next_crawl_resumes_it(tmp_path):
    articles = make_articles(120, seed=33)
    write_portal(tmp_path / "sites", articles, listings=10)
    db = str(tmp_path / "archive.db")
    with SamplePortal(root=tmp_path / "sites") as portal:
        command = crawl_command(db, portal.proxy)
        proc, out = start(command, new_session=True)
        assert wait_for(lambda: count(db, "SELECT count(*) FROM fetches") >= 20, 60, proc)
        os.kill(proc.pid, signal.SIGKILL)
        finish(proc, out, time.monotonic())
        assert wait_for(lambda: not live_group(proc.pid), 10), live_group(proc.pid)
        assert query(db, "SELECT status FROM runs") == [("running",)]  # nothing could close it
        shown = json.loads(run_cli("runs", "--db", db, "--format", "json").stdout)
        assert [(r["id"], r["status"]) for r in shown] == [(1, "died")]
        (started,), = query(db, "SELECT started FROM runs WHERE id = 1")
        assert run_cli("stats", "--db", db).stdout.splitlines()[-1] == (
            f"last crawl: {started} to (died): died, 0 new, 0 revised, 0 failed")
        final = run(command)
    assert final.returncode == 0, final.stderr[-3000:]
    assert [line for line in final.stderr.splitlines() if "resuming" in line] == [
        f"resuming run 1 (started {started}, died): walking every listing page once more"]
    assert query(db, "SELECT id, status FROM runs") == [(1, "died"), (2, "success")]
    assert len(archived(db)) == len(articles)
