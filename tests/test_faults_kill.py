"""kill -9 at random moments, then resume: nothing archived is lost or doubled, the database and its
full-text index stay sound after every kill, and the WARC files pass ``warcio check`` at the end.

The crawls use the default incremental walk: a run after an interrupted one walks every listing
page once (``test_resume_walks_past_pages_an_interrupted_run_archived``), so articles that the
killed run never reached are fetched, and archived ones are not fetched again.

The kill moments come from a seeded RNG: each cycle kills the crawl when the number of rows in
``fetches`` (what has been committed) crosses a random threshold above the last cycle's, or as soon as
it starts (threshold 0: a kill during start-up).  Short form: 20 cycles over a 300-article portal;
long form: 100 cycles over a portal grown to 1,000 articles.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time

import pytest

from portal_spider.sample_portal.generated import make_articles, write_portal
from portal_spider.sample_portal.server import SamplePortal

from tests.faultkit import check_integrity, finish, query, run, runner_command, running, start, warcio_check


def fetch_rows(db: str) -> int:
    try:
        return query(db, "SELECT count(*) FROM fetches")[0][0]
    except sqlite3.OperationalError:  # not created yet, or the schema is being made
        return 0


def archived(db: str) -> dict[str, str]:
    rows = query(db, "SELECT canonical_url, title FROM articles")
    assert len(rows) == len({u for u, _ in rows}), "an article is doubled"
    assert query(db, "SELECT count(*) FROM (SELECT url FROM appearances GROUP BY url HAVING count(*) > 1)") == [(0,)]
    return dict(rows)


def kill_and_resume(tmp_path, n_articles: int, cycles: int, seed: int, max_step: int):
    root = tmp_path / "sites"
    articles = make_articles(n_articles, seed=seed)
    write_portal(root, articles, listings=15)
    titles = {a.title for a in articles}
    db = str(tmp_path / "archive.db")
    rng = random.Random(seed)
    kills = finished = 0
    before: dict[str, str] = {}
    with SamplePortal(root=root) as portal:
        command = runner_command(db, portal.proxy)
        for cycle in range(cycles):
            step = 0 if rng.random() < 0.15 else rng.randint(1, max_step)
            threshold = fetch_rows(db) + step
            started = time.monotonic()
            proc, out = start(command)
            while running(proc) and time.monotonic() - started < 120:
                if fetch_rows(db) >= threshold:
                    os.kill(proc.pid, signal.SIGKILL)
                    kills += 1
                    break
                time.sleep(0.005)  # polling the archive, not timing anything
            result = finish(proc, out, started)
            if result.returncode != -signal.SIGKILL:
                finished += 1
                assert result.returncode == 0, result.stderr[-2000:]
            check_integrity(db)
            now = archived(db)
            assert set(now) >= set(before), f"cycle {cycle}: archived articles disappeared"
            assert set(now.values()) <= titles
            before = now
        final = run(command)
    assert final.returncode == 0, final.stderr[-2000:]
    check_integrity(db)
    now = archived(db)
    assert set(now.values()) == titles and len(now) == n_articles
    check = warcio_check(tmp_path / "archive-warc")
    assert check.returncode == 0, check.stdout + check.stderr
    # every stored article points at a complete WARC record of its page
    assert query(db, "SELECT count(*) FROM articles WHERE warc_records = '[]'") == [(0,)]
    return kills, finished


def test_kill_9_and_resume_short(tmp_path):
    kills, _ = kill_and_resume(tmp_path, n_articles=300, cycles=20, seed=20, max_step=30)
    assert kills >= 15


@pytest.mark.long
def test_kill_9_and_resume_long(tmp_path):
    kills, _ = kill_and_resume(tmp_path, n_articles=1000, cycles=100, seed=21, max_step=25)
    assert kills >= 80


def test_resume_walks_past_pages_an_interrupted_run_archived(tmp_path):
    articles = make_articles(60, seed=3)
    newest_first = sorted(articles, key=lambda a: a.date, reverse=True)
    # what a run killed mid-walk leaves: the articles of each section's first listing page archived,
    # the rest not, and its run record still 'running'
    first_pages = [a for a in newest_first if sum(b.section == a.section for b in newest_first[:newest_first.index(a)]) < 4]
    write_portal(tmp_path / "partial", first_pages, listings=3)
    write_portal(tmp_path / "sites", articles, listings=15)  # four articles per listing page
    db = str(tmp_path / "archive.db")
    with SamplePortal(root=tmp_path / "partial") as portal:
        assert run(runner_command(db, portal.proxy)).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE runs SET status = 'running', finished = NULL, exit_code = NULL")
    conn.commit()
    conn.close()
    assert len(archived(db)) == 12
    with SamplePortal(root=tmp_path / "sites") as portal:
        assert run(runner_command(db, portal.proxy)).returncode == 0
    assert len(archived(db)) == 60
