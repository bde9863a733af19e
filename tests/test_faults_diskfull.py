"""Disk full: a crawl into a tiny tmpfs stops within 5 s with exit 5 and a one-line message; nothing is corrupt
or lost, and the next run with space completes the archive.

Needs root to mount a tmpfs; elsewhere SQLite's ``max_page_count`` stands in for the full disk (a
``sitecustomize`` in the crawl's environment sets it on every connection).
"""

from __future__ import annotations

import os
import random
import subprocess
import time
from pathlib import Path

import pytest

from portal_spider.sample_portal.generated import make_articles, write_portal
from portal_spider.sample_portal.server import SamplePortal

from tests.faultkit import check_integrity, finish, query, run, runner_command, running, start, warcio_check

ARTICLES = 120
SHORT_TRIALS, LONG_TRIALS = 3, 20

SITECUSTOMIZE = '''
import os, sqlite3
_pages = int(os.environ["PORTAL_ARCHIVE_TEST_MAX_PAGES"])
_connect = sqlite3.connect
def connect(*args, **kwargs):
    conn = _connect(*args, **kwargs)
    conn.execute(f"PRAGMA max_page_count = {_pages}")
    return conn
sqlite3.connect = connect
'''


def can_mount(folder: Path) -> bool:
    if os.geteuid() != 0:
        return False
    folder.mkdir(exist_ok=True)
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True).returncode == 0
    if ok:
        subprocess.run(["umount", str(folder)], check=True)
    return ok


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    root = tmp_path_factory.mktemp("diskfull") / "sites"
    articles = make_articles(ARTICLES, seed=5)
    write_portal(root, articles, listings=6)
    with SamplePortal(root=root) as server:
        yield server, {a.title for a in articles}


def free_bytes(folder: Path) -> int:
    st = os.statvfs(folder)
    return st.f_bavail * st.f_frsize


def trial(portal, folder: Path, size_kb: int, mounted: bool) -> None:
    server, titles = portal
    db = str(folder / "archive.db")
    env_extra = {}
    folder.mkdir(exist_ok=True)
    if mounted:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)], check=True)
    else:
        shim = folder.parent / f"{folder.name}-shim"
        shim.mkdir(exist_ok=True)
        (shim / "sitecustomize.py").write_text(SITECUSTOMIZE)
        env_extra = {"PYTHONPATH": str(shim), "PORTAL_ARCHIVE_TEST_MAX_PAGES": str(size_kb // 4)}
    try:
        command = runner_command(db, server.proxy, "-s", "PORTAL_ARCHIVE_BATCH_SIZE=10")
        started = time.monotonic()
        old_env = dict(os.environ)
        os.environ.update(env_extra)
        try:
            proc, out = start(command)
        finally:
            os.environ.clear()
            os.environ.update(old_env)
        full_at = None
        while running(proc) and time.monotonic() - started < 120:
            if full_at is None and mounted and free_bytes(folder) < 48 * 1024:
                full_at = time.monotonic()
            time.sleep(0.01)  # polling the disk and the child, not timing anything
        result = finish(proc, out, started)
        assert result.returncode == 5, (result.returncode, result.stderr[-2000:])
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith(f"error: disk full while writing the archive {db} (")
        assert line.endswith(f"Do not delete {db}-wal: it holds the latest saved articles.")
        if full_at is not None:
            assert time.monotonic() - full_at < 5.0
        if mounted:  # now give it room, as the operator would
            subprocess.run(["mount", "-o", "remount,size=256m", str(folder)], check=True)
        saved = {t for (t,) in query(db, "SELECT title FROM articles")}
        check_integrity(db)
        assert saved <= titles
        assert len(saved) < ARTICLES

        env_extra["PORTAL_ARCHIVE_TEST_MAX_PAGES"] = "1000000"
        os.environ.update(env_extra)
        try:
            again = run(command)
        finally:
            os.environ.clear()
            os.environ.update(old_env)
        assert again.returncode == 0, again.stderr[-2000:]
        check_integrity(db)
        assert {t for (t,) in query(db, "SELECT title FROM articles")} == titles
        assert query(db, "SELECT count(*), count(DISTINCT canonical_url) FROM articles") == [(ARTICLES, ARTICLES)]
        check = warcio_check(folder / "archive-warc")
        assert check.returncode == 0, check.stdout + check.stderr
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=True)


def run_trials(portal, tmp_path, trials: int, seed: int) -> None:
    mounted = can_mount(tmp_path / "probe")
    rng = random.Random(seed)
    for n in range(trials):
        # sizes vary so the disk fills at different moments (WARC record, WAL append, checkpoint)
        trial(portal, tmp_path / f"t{n}", rng.randint(900, 2600), mounted)


def test_disk_full_short(portal, tmp_path):
    run_trials(portal, tmp_path, SHORT_TRIALS, seed=11)


@pytest.mark.long
def test_disk_full_long(portal, tmp_path):
    run_trials(portal, tmp_path, LONG_TRIALS, seed=12)
