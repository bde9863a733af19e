"""The crawl window: outside it the runner does nothing and exits 6; a malformed window is a usage error."""

from __future__ import annotations

import datetime as dt
import os

from portal_spider.middlewares.crawl_window import BEIJING

from tests.faultkit import query, run, runner_command


def closed_window() -> str:
    """A one-hour window that starts two hours from now (Beijing time), so now is outside it."""
    now = dt.datetime.now(BEIJING)
    start = (now + dt.timedelta(hours=2)).replace(minute=0)
    return f"{start:%H:%M}-{start + dt.timedelta(hours=1):%H:%M}"


def test_outside_the_window_nothing_is_crawled(tmp_path):
    db = str(tmp_path / "archive.db")
    window = closed_window()
    result = run(runner_command(db, "http://127.0.0.1:9", "-s", f"PORTAL_ARCHIVE_CRAWL_WINDOW={window}"))
    assert result.returncode == 6
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"outside the crawl window {window} Beijing time (now ")
    assert line.endswith("); not crawling")
    assert query(db, "SELECT count(*) FROM runs") == [(0,)]
    assert not os.path.exists(tmp_path / "archive-warc")


def test_a_malformed_window_is_a_usage_error(tmp_path):
    result = run(runner_command(str(tmp_path / "archive.db"), "http://127.0.0.1:9",
                                "-s", "PORTAL_ARCHIVE_CRAWL_WINDOW=night"))
    assert result.returncode == 2
    assert result.stderr.strip() == ("error: PORTAL_ARCHIVE_CRAWL_WINDOW must look like 01:00-06:00 (Beijing time), "
                                     "not 'night'")


def test_a_crawl_running_when_the_window_closes_stops_cleanly(tmp_path):
    """Through ``scrapy crawl`` (no runner check) the middleware sees the closed window at the first request."""
    import subprocess
    import sys

    from portal_spider.sample_portal.server import SamplePortal

    from tests.conftest import ROOT

    db = str(tmp_path / "archive.db")
    window = closed_window()
    with SamplePortal() as portal:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "eguizhou", "-s", f"PORTAL_ARCHIVE_DB={db}",
             "-s", f"PORTAL_ARCHIVE_PROXY={portal.proxy}", "-s", f"PORTAL_ARCHIVE_CRAWL_WINDOW={window}",
             "-s", "LOG_LEVEL=WARNING"], capture_output=True, text=True, cwd=ROOT, timeout=120)
        requests = list(portal.requests)
    assert result.returncode == 0, result.stderr[-2000:]
    assert requests == []
    assert query(db, "SELECT url, outcome FROM fetches") == [
        ("https://www.eguizhou.gov.cn/2023guizhoulatest.html", "deferred")]
    assert query(db, "SELECT count(*) FROM articles") == [(0,)]
