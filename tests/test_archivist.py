"""Archivist features over real crawls: revisits with conditional GET, tombstones, history, runs, reparse, schedule."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat

import pytest

from portal_spider.sample_portal.server import SamplePortal
from tests.conftest import SITES, crawl, run_cli

G = "https://english.guiyang.gov.cn"
A2 = f"{G}/2023-12/15/c_1000102.htm"
A1 = f"{G}/2024-01/31/c_1000101.htm"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archivist")
    db = str(folder / "archive.db")
    with SamplePortal() as portal:
        first = crawl(db, portal.proxy, "guiyang")
    assert first.returncode == 1, first.stderr
    return db


@pytest.fixture
def archive_copy(crawled, tmp_path):
    db = str(tmp_path / "archive.db")
    shutil.copy(crawled, db)
    shutil.copytree(crawled.replace("archive.db", "archive-warc"), tmp_path / "archive-warc")
    return db


def sql(db, statement, *params):
    with sqlite3.connect(db) as conn:
        return conn.execute(statement, params).fetchall()


def test_due_revisits_use_conditional_get_and_record_edits_and_disappearances(archive_copy, tmp_path):
    db = archive_copy
    sql(db, "UPDATE articles SET next_visit = '2000-01-01T00:00:00Z'")  # every article is due
    overlay = tmp_path / "overlay" / "english.guiyang.gov.cn"
    (overlay / "2024-01/31").mkdir(parents=True)
    (overlay / "2024-01/31/c_1000101.htm").write_bytes(b"gone")
    (overlay / "2024-01/31/c_1000101.htm.headers").write_text("HTTP/1.1 404 Not Found\nContent-Type: text/html\n")
    with SamplePortal(overlays=["revised", str(tmp_path / "overlay")]) as portal:
        result = crawl(db, portal.proxy, "guiyang")
        statuses = {u: s for _, u, s in portal.requests}
    assert result.returncode == 0, result.stderr
    outcomes = dict(sql(db, "SELECT url, outcome FROM fetches WHERE run_id = 2 AND url LIKE '%/c_%'"))
    assert outcomes[A2] == "revised"
    assert outcomes[A1] == "gone"
    assert statuses[A1] == 404
    # the unchanged ones answered 304 to If-None-Match
    not_modified = sorted(u for u, o in outcomes.items() if o == "not-modified")
    # every other due article, also those only on page 2 of News (not walked: page 1 had nothing new)
    assert len(not_modified) == 9
    assert sql(db, "SELECT count(*) FROM articles WHERE portal = 'guiyang' AND gone IS NULL") == [(10,)]
    assert all(statuses[u] == 304 for u in not_modified)
    gone, = sql(db, "SELECT gone FROM articles WHERE canonical_url = ?", A1)
    assert gone[0] is not None  # a tombstone, the article is kept
    assert sql(db, "SELECT count(*) FROM articles") == [(11,)]
    # the next visit is scheduled, so an immediate rerun fetches only listings again
    with SamplePortal(overlays=["revised"]) as portal:
        crawl(db, portal.proxy, "guiyang")
        assert [u for _, u, _ in portal.requests if "/c_" in u] == []


def test_history_shows_every_version_with_a_word_diff(archive_copy):
    db = archive_copy
    with SamplePortal(overlays=["revised"]) as portal:
        crawl(db, portal.proxy, "guiyang", extra=("--full",))
    out = run_cli("history", A2, "--db", db)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == f"{A2}  (2 version(s))"
    assert "  title: Consuls from six countries tour Guiyang's big data exchange" in lines
    diff_lines = [l for l in lines if "{+" in l or "[-" in l]
    assert diff_lines, out.stdout
    data = json.loads(run_cli("history", A2, "--db", db, "--format", "json").stdout)
    assert [v["revision"] for v in data["versions"]] == [1, 2]
    missing = run_cli("history", f"{G}/2099-01/01/c_1.htm", "--db", db)
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"Error: no archived article at {G}/2099-01/01/c_1.htm"
    # by the id that search prints ([13]), with or without its brackets
    ((article_id,),) = sql(db, "SELECT id FROM articles WHERE canonical_url = ?", A2)
    assert run_cli("history", f"[{article_id}]", "--db", db).stdout == out.stdout
    assert run_cli("history", str(article_id), "--db", db).stdout == out.stdout
    missing = run_cli("history", "999999", "--db", db)
    assert (missing.returncode, missing.stderr.strip()) == (2, "Error: no archived article with id 999999")


def test_runs_lists_each_crawl(archive_copy):
    out = run_cli("runs", "--db", archive_copy, "--format", "json")
    (run,) = json.loads(out.stdout)
    assert (run["id"], run["status"], run["exit_code"], run["new"], run["portals"]) == (1, "partial", 1, 11, "guiyang")
    assert run["outcomes"]["guiyang"]["stored"] == 11


def test_reparse_rebuilds_articles_from_the_warcs_alone(archive_copy):
    db = archive_copy
    before = sql(db, "SELECT canonical_url, title, published, body, captions, pages FROM articles ORDER BY id")
    # wreck the extracted fields: only the raw pages can bring them back
    sql(db, "UPDATE articles SET title = 'x', body = 'x', published = NULL, captions = ''")
    out = run_cli("reparse", "--db", db)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ("reparsed 11 article(s): 11 changed, 0 unchanged, 0 no longer read as articles (kept), "
                                  "0 without raw pages")
    assert sql(db, "SELECT canonical_url, title, published, body, captions, pages FROM articles ORDER BY id") == before
    assert sql(db, "SELECT count(*) FROM revisions") == [(0,)]
    assert run_cli("reparse", "--db", db).stdout.strip().startswith("reparsed 11 article(s): 0 changed, 11 unchanged")


def test_schedule_prints_and_installs_a_crontab_line(tmp_path):
    db = str(tmp_path / "a.db")
    out = run_cli("schedule", "--every", "6h", "--db", db)
    line = out.stdout.strip()
    assert out.returncode == 0
    assert line.split(" crawl ")[0].split()[:5][1:] == ["*/6", "*", "*", "*"]
    assert f" crawl --db {db} --log-file {tmp_path}/crawl.log >> {tmp_path}/crawl.log 2>&1  # portal-archive {db}" in line
    # --install appends to the user's crontab through the crontab command
    fake = tmp_path / "bin"
    fake.mkdir()
    store = tmp_path / "crontab.txt"
    (fake / "crontab").write_text(f"#!/bin/sh\nif [ \"$1\" = -l ]; then cat {store} 2>/dev/null; else cat > {store}; fi\n")
    (fake / "crontab").chmod(stat.S_IRWXU)
    store.write_text("0 1 * * * other-job\n")
    env = {"PATH": f"{fake}:{os.environ['PATH']}"}
    assert run_cli("schedule", "--every", "6h", "--db", db, "--install", env=env).returncode == 0
    assert run_cli("schedule", "--every", "6h", "--db", db, "--install", env=env).returncode == 0
    assert store.read_text().splitlines() == ["0 1 * * * other-job", line]
    bad = run_cli("schedule", "--every", "7x", "--db", db)
    assert (bad.returncode, bad.stderr.strip()) == (2, "Error: --every must look like 30m, 6h or 1d, not '7x'")


def test_a_portal_whose_listings_lose_their_links_is_flagged_by_name(archive_copy, tmp_path):
    db = archive_copy
    blank = b"<html><head><title>News</title></head><body><div>Home> News</div><p>Site upgrade in progress.</p></body></html>"
    for host, path in [("english.guiyang.gov.cn", "news.html"), ("english.guiyang.gov.cn", "wsb/foreignaffairsofficenews.html"),
                       ("nanming.english.guiyang.gov.cn", "news.html")]:
        target = tmp_path / "overlay" / host / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blank)
    with SamplePortal(overlays=[str(tmp_path / "overlay")]) as portal:
        result = crawl(db, portal.proxy, "guiyang")
    alert = ("guiyang: 0 articles this run where 11 were archived before: listing pages show no article links "
             "(template changed?)")
    assert f"ALERT {alert}" in result.stderr.splitlines()
    stats = run_cli("stats", "--db", db)
    assert stats.stdout.splitlines()[-1] == f"ALERT {alert}"
