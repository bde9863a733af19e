"""Failures that fail: a callback that raises, an article the archive refuses, and a write lock held
by another process each end with outcomes and the right exit status; nothing is dropped."""

from __future__ import annotations

import os
import sqlite3
import threading
import time

import pytest

from archive.store import Archive
from portal_spider.sample_portal.faults import FaultPortal, Gate
from portal_spider.sample_portal.generated import MAIN, NANMING, make_articles, write_portal

from tests.failing_spiders import BROKEN_ARTICLE
from tests.faultkit import LISTINGS, PROBED, ROBOTS, finish, missing_photos, query, run, runner_command, start



@pytest.fixture(scope="module")
def portal_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("failures") / "sites"
    articles = make_articles(12, seed=31)
    write_portal(root, articles, listings=3)
    return root, articles


def outcomes(db: str) -> dict[str, str]:
    rows = query(db, "SELECT url, outcome FROM fetches")
    assert len(rows) == len({u for u, _ in rows}), "a URL has more than one outcome"
    return dict(rows)


def test_a_callback_that_raises_ends_its_url_as_parse_failed(portal_root, tmp_path):
    root, articles = portal_root
    db = str(tmp_path / "archive.db")
    with FaultPortal(root=root) as portal:
        result = run(runner_command(db, portal.proxy, portals=("guiyang_failing",)), timeout=120,
                     env={"SCRAPY_SETTINGS_MODULE": "tests.failing_settings"})
    got = outcomes(db)
    broken = next(a.url for a in articles if a.url.endswith(BROKEN_ARTICLE))
    wsb = f"https://{MAIN}/wsb/foreignaffairsofficenews.html"
    # the Foreign Affairs listing raised before recording anything: its articles were never requested
    listed = {a.url for a in articles if a.section != 1}
    assert got == {**{u: "stored" for u in listed - {broken}}, broken: "parse-failed", wsb: "parse-failed",
                   f"https://{MAIN}/news.html": "listing", f"https://{NANMING}/news.html": "listing",
                   **{u: "robots-txt" for u in ROBOTS}, **missing_photos(db)}
    assert dict(query(db, "SELECT url, detail FROM fetches WHERE outcome = 'parse-failed'")) == {
        broken: "RuntimeError: item bug", wsb: "RuntimeError: listing bug"}
    # two parse-failed outcomes, and the pager bug on both news.html listings after their outcome was recorded
    assert result.returncode == 1, result.stderr[-3000:]
    assert query(db, "SELECT status, failed FROM runs") == [("partial", 4)]


def test_an_article_the_archive_refuses_is_write_failed_and_the_rest_of_its_batch_is_stored(portal_root, tmp_path):
    root, articles = portal_root
    db = str(tmp_path / "archive.db")
    Archive(db).close()
    poisoned = articles[0]
    with sqlite3.connect(db) as conn:  # a real SQLite error inside the writer's transaction
        conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.title = ? "
                     "BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END".replace("?", repr(poisoned.title)))
    with FaultPortal(root=root) as portal:
        result = run(runner_command(db, portal.proxy), timeout=120)
    # the refused article's photo was fetched with it (photos are asked for as an article is read)
    refused_photo = f"https://{poisoned.host}/images/attachement/jpg/site2/{poisoned.date:%Y%m%d}/{poisoned.id:x}.jpg"
    assert outcomes(db) == {**{a.url: "stored" for a in articles[1:]}, poisoned.url: "write-failed",
                            **{u: "listing" for u in LISTINGS}, **{u: "listing-end" for u in PROBED},
                            **{u: "robots-txt" for u in ROBOTS}, **missing_photos(db), refused_photo: "image-failed"}
    assert query(db, "SELECT detail FROM fetches WHERE outcome = 'write-failed'") == [
        ("IntegrityError: refused by a trigger",)]
    assert query(db, "SELECT count(*) FROM articles") == [(11,)]
    assert result.returncode == 1, result.stderr[-3000:]
    assert query(db, "SELECT status, failed FROM runs") == [("partial", 1)]


def wait_for(condition, what: str, limit: float = 90) -> None:
    """Poll ``condition`` (the crawl's state, not a duration) until it holds."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def test_a_locked_archive_slows_the_crawl_and_drops_nothing(portal_root, tmp_path):
    root, articles = portal_root
    news = f"https://{MAIN}/news.html"
    reference = str(tmp_path / "reference.db")
    with FaultPortal(root=root) as portal:
        expected = run(runner_command(reference, portal.proxy), timeout=120)

    db, log = str(tmp_path / "archive.db"), tmp_path / "crawl.log"
    opened = threading.Event()
    with FaultPortal(root=root, faults={news: Gate(opened)}) as portal:
        started = time.monotonic()
        proc, out = start(runner_command(db, portal.proxy, "--log-file", str(log)))
        wait_for(lambda: portal.hits[news] >= 1, "the crawl to ask for news.html")
        holder = sqlite3.connect(db, timeout=60, isolation_level=None)  # another command writing, say `import`
        holder.execute("BEGIN IMMEDIATE")
        opened.set()  # news.html's articles arrive while the archive is locked
        wait_for(lambda: log.exists() and "locked by another process: waiting to write" in log.read_text(),
                 "the crawl's writer to wait for the lock")
        holder.execute("COMMIT")
        holder.close()
        result = finish(proc, out, started, timeout=180)
    assert result.returncode == expected.returncode == 0, result.stderr[-3000:]
    assert outcomes(db) == outcomes(reference) == {
        **{a.url: "stored" for a in articles}, **{u: "listing" for u in LISTINGS}, **{u: "listing-end" for u in PROBED},
        **{u: "robots-txt" for u in ROBOTS}, **missing_photos(db)}
    assert query(db, "SELECT count(*) FROM articles") == query(reference, "SELECT count(*) FROM articles") == [(12,)]
    assert "writing to the archive" not in log.read_text()  # no batch given up
