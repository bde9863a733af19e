"""The fetch boundary: whatever made a request (listing, pager, sibling page, redirect, meta refresh,
revisit of an imported URL), only http(s) on the portal's own hosts is fetched, never an internal
address, and every request that is not fetched ends with its one outcome."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

from archive.store import Archive
from portal_spider.sample_portal.faults import FaultPortal, MetaRefresh, Redirect
from portal_spider.sample_portal.generated import (
    MAIN, NANMING, article_html, listing_html, make_article, make_articles, write_portal,
)
from portal_spider.spiders.guiyang import GuiyangSpider
from portal_spider.urls import host_of

from tests.conftest import ROOT
from tests.faultkit import missing_photos, query, run, runner_command

METADATA = "http://169.254.169.254/latest/meta-data/"
IMPORTED = ["file:///etc/passwd", METADATA + "iam/security-credentials/", "javascript:alert(1)"]


def hostile_url(n: int, page: int = 1) -> str:
    return f"https://{MAIN}/2024-06/{n:02d}/c_{3000000 + n}{'' if page == 1 else f'_{page}'}.htm"


def article_with_pages(n: int, *siblings: str) -> bytes:
    """A generated article page at ``hostile_url(n)`` that links to ``siblings`` as its next pages."""
    page = article_html(make_article(n, seed=5, first_id=3000000))
    pager = "".join(f'<a href="{url}">{i + 2}</a>' for i, url in enumerate(siblings))
    return page.replace(b'    </div>\n  </div>\n</div>', f'<div class="pager">{pager}</div></div></div></div>'.encode(), 1)


def seed_imported(db: str) -> None:
    """Articles whose URLs came from a hostile import file, due for a revisit."""
    archive = Archive(db)
    for i, url in enumerate(IMPORTED):
        archive.save([{"url": url, "canonical_url": url, "portal": "guiyang", "title": f"Imported {i}",
                       "body": f"Imported body {i}.", "photos": [], "published": "2020-01-01"}])
    archive.db.execute("UPDATE articles SET next_visit = '2000-01-01T00:00:00Z'")
    archive.db.conn.commit()
    archive.close()


@pytest.fixture(scope="module")
def bounded(tmp_path_factory):
    root = tmp_path_factory.mktemp("boundary") / "sites"
    good = make_articles(6, seed=21)
    write_portal(root, good, listings=6)  # two listing pages per section
    for n, siblings in ((37, [hostile_url(37, 2)]), (38, ["https://www.example.com" + hostile_url(38, 2)[len(f"https://{MAIN}"):]])):
        path = root / MAIN / hostile_url(n).split("/", 3)[3]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(article_with_pages(n, *siblings))
    faults = {
        hostile_url(30): Redirect(hostile_url(31)), hostile_url(31): MetaRefresh(METADATA),
        hostile_url(32): Redirect(hostile_url(33)), hostile_url(33): MetaRefresh("http://127.0.0.1:8080/admin"),
        hostile_url(34): Redirect("file:///etc/passwd"),
        hostile_url(35): MetaRefresh("file:///etc/passwd"),
        hostile_url(36): MetaRefresh("https://www.example.com/landing.html"),
        hostile_url(37, 2): Redirect(METADATA),
        hostile_url(39): Redirect(METADATA),
    }
    listed = [hostile_url(n) for n in (30, 32, 34, 35, 36, 37, 38, 39)]
    news = root / MAIN / "news.html"
    anchors = "".join(f'<li><a href="{u}">item {i}</a></li>' for i, u in enumerate(listed))
    # an off-site page 2 listed before the portal's own pager
    anchors += '<li><a href="https://www.example.com/news_2.html">2</a></li>'
    news.write_bytes(news.read_bytes().replace(b'<ul class="news-list">', f'<ul class="news-list">{anchors}'.encode()))
    db = str(tmp_path_factory.mktemp("db") / "archive.db")
    seed_imported(db)
    with FaultPortal(root=root, faults=faults) as portal:
        result = run(runner_command(db, portal.proxy), timeout=120)
        hits = dict(portal.hits)
    return {"db": db, "result": result, "hits": hits, "good": good}


def test_every_request_ends_with_one_outcome_and_nothing_outside_is_fetched(bounded):
    db = bounded["db"]
    rows = query(db, "SELECT url, outcome FROM fetches WHERE run_id IS NOT NULL")
    assert len(rows) == len({u for u, _ in rows}), "a URL has more than one outcome"
    assert dict(rows) == {
        **{a.url: "stored" for a in bounded["good"]}, **missing_photos(db),
        hostile_url(30): "off-site-redirect",  # 302 on the portal, then a meta refresh to the metadata address
        hostile_url(32): "off-site-redirect",  # 302, then a meta refresh to loopback
        hostile_url(34): "refused-scheme",  # 302 to file:
        hostile_url(35): "refused-scheme",  # meta refresh to file:
        hostile_url(36): "off-site-redirect",  # meta refresh off the portal
        hostile_url(37, 2): "off-site-redirect", hostile_url(37): "incomplete-article",  # its page 2 redirects out
        hostile_url(38): "stored",  # its "page 2" on another host is not its page
        hostile_url(39): "off-site-redirect",
        "file:///etc/passwd": "refused-scheme", "javascript:alert(1)": "refused-scheme",  # imported, revisited
        METADATA + "iam/security-credentials/": "off-site",
        **{f"https://{h}/robots.txt": "robots-txt" for h in (MAIN, NANMING)},
        **{f"https://{h}/{p}": "listing" for h, p in (
            (MAIN, "news.html"), (MAIN, "news_2.html"), (MAIN, "wsb/foreignaffairsofficenews.html"),
            (MAIN, "wsb/foreignaffairsofficenews_2.html"), (NANMING, "news.html"), (NANMING, "news_2.html"))},
        # page 2 of each section shows no next page: the conventional name is probed once
        **{f"https://{h}/{p}": "listing-end" for h, p in (
            (MAIN, "news_3.html"), (MAIN, "wsb/foreignaffairsofficenews_3.html"), (NANMING, "news_3.html"))},
    }
    assert query(db, "SELECT pages FROM articles WHERE url = ?", hostile_url(38)) == [(1,)]


def test_no_request_left_the_portal(bounded):
    # through the proxy, every request the crawler sent arrived here, whatever its host
    hosts = {host_of(u) for u in bounded["hits"]}
    assert hosts == {MAIN, NANMING}
    assert set(GuiyangSpider.hosts) >= hosts


def test_refused_and_off_site_requests_do_not_fail_the_run(bounded):
    # off-site and refused-scheme are the portal's links, not the crawl's failures; the incomplete article is
    assert bounded["result"].returncode == 1, bounded["result"].stderr[-3000:]
    (failed,), = query(bounded["db"], "SELECT failed FROM runs WHERE exit_code IS NOT NULL")
    assert failed == 1


def test_the_loopback_proxy_is_refused_unless_allowed(tmp_path):
    db = str(tmp_path / "archive.db")
    with FaultPortal() as portal:
        result = run(runner_command(db, portal.proxy, "-s", "PORTAL_ARCHIVE_ALLOW_LOOPBACK=0"), timeout=120)
        hits = dict(portal.hits)
    assert hits == {}
    assert result.returncode == 3, result.stderr[-3000:]
    rows = query(db, "SELECT url, outcome, detail FROM fetches")
    assert {(u, o) for u, o, _ in rows} == {(u, "refused-address") for u in GuiyangSpider.sections.values()}
    assert {d for _, _, d in rows} == {f"refused: 127.0.0.1 (the proxy {portal.proxy}) is loopback: {u}"
                                       for u in GuiyangSpider.sections.values()}


def crawl_localhost(db: str, port: int, *settings: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.pop("PORTAL_ARCHIVE_ALLOW_LOOPBACK", None)
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "runspider", str(ROOT / "tests" / "localhost_spider.py"), "-a", f"port={port}",
         "-s", f"PORTAL_ARCHIVE_DB={db}", "-s", "LOG_LEVEL=WARNING", "-s", "DOWNLOAD_DELAY=0", *settings],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


@pytest.fixture
def localhost_portal(tmp_path):
    root = tmp_path / "sites"
    article = make_article(0, seed=3)
    (root / "localhost" / "2024-01" / "01").mkdir(parents=True)
    (root / "localhost" / "news.html").write_bytes(listing_html(0, 1, 1, [article]).replace(
        f"https://{MAIN}/".encode(), b"/"))
    (root / "localhost" / article.path).write_bytes(article_html(article))
    with FaultPortal(root=root) as portal:
        yield portal, article


def test_a_portal_host_that_resolves_to_loopback_is_refused(localhost_portal, tmp_path):
    portal, _ = localhost_portal
    db = str(tmp_path / "archive.db")
    crawl_localhost(db, portal.port)
    assert dict(portal.hits) == {}
    assert query(db, "SELECT url, outcome, detail FROM fetches") == [
        (f"http://localhost:{portal.port}/news.html", "refused-address",
         f"refused: localhost is loopback (127.0.0.1): http://localhost:{portal.port}/news.html")]


def test_the_same_host_is_fetched_when_loopback_is_allowed(localhost_portal, tmp_path):
    portal, article = localhost_portal
    db = str(tmp_path / "archive.db")
    crawl_localhost(db, portal.port, "-s", "PORTAL_ARCHIVE_ALLOW_LOOPBACK=1")
    assert query(db, "SELECT title FROM articles") == [(article.title,)]
    assert dict(query(db, "SELECT url, outcome FROM fetches")) == {
        f"http://localhost:{portal.port}/robots.txt": "robots-txt",
        f"http://localhost:{portal.port}/news.html": "listing",
        f"http://localhost:{portal.port}/news_2.html": "listing-end",  # probed: the listing shows no pager
        f"http://localhost:{portal.port}/{article.path}": "stored", **missing_photos(db)}
