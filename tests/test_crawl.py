"""End-to-end: the real Scrapy crawl of the sample portal over loopback into a real SQLite archive."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from portal_spider.sample_portal.server import SamplePortal
from portal_spider.warc import read_response

from tests.conftest import ROOT, SITES, crawl

G = "https://english.guiyang.gov.cn"
TITLES = {
    "Baiyun district dresses up for Spring Festival",
    "Consuls from six countries tour Guiyang's big data exchange",
    "Guiyang Metro Line 3: what passengers need to know",
    "Guiyang issues plan to build digital economy hub",
    "Guiyang opens service center for foreign residents",
    "Guiyang rolls out Spring Festival travel packages for visitors",
    "Guizhou adds international flights as inbound travel recovers",
    "Guizhou data center cluster expands computing capacity",
    "Huaxi wetland park draws summer crowds with night tours",
    "Nanming district's consumer market keeps growing",
    "Night economy lights up Nanming",
    "Tea week brings Guizhou’s green tea to Guiyang residents",
    "Volunteers honored for service at Guiyang lantern festival",
}


@pytest.fixture(scope="module")
def first_crawl(tmp_path_factory):
    """One crawl of both sample portals; the archive and the server's request log."""
    folder = tmp_path_factory.mktemp("crawl")
    db = str(folder / "archive.db")
    with SamplePortal() as portal:
        result = crawl(db, portal.proxy)
        requests = list(portal.requests)
    return db, result, requests


def query(db: str, sql: str, *params):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def test_first_crawl_stores_each_article_once(first_crawl):
    db, result, _ = first_crawl
    # the challenge page is a blocked fetch, so the run is partial (exit 1), not a success
    assert result.returncode == 1, result.stderr
    assert "crawl partial" in result.stdout
    assert {t for (t,) in query(db, "SELECT title FROM articles")} == TITLES
    assert query(db, "SELECT count(*) FROM articles") == [(13,)]


def test_article_fields_in_the_archive(first_crawl):
    db, _, _ = first_crawl
    row = query(db, """SELECT portal, published, published_utc, date_precision, date_source, source, section, pages
                       FROM articles WHERE canonical_url = ?""", f"{G}/2024-01/31/c_1000101.htm")
    assert row == [("guiyang", "2024-01-31T18:17:01+08:00", "2024-01-31T10:17:01Z", "second", "printed",
                    "english.guiyang.gov.cn", "Home > News", 1)]
    photos = query(db, """SELECT p.src, p.caption, p.credit FROM photos p JOIN articles a ON a.id = p.article_id
                          WHERE a.canonical_url = ?""", f"{G}/2024-01/31/c_1000101.htm")
    assert photos == [(f"{G}/images/attachement/jpg/site2/20240131/f44d305ea4d52703f9f02a.jpg",
                       "Visitors admire lanterns at Qingyan ancient town in Guiyang, Southwest China's Guizhou province.",
                       "guiyang.gov.cn")]
    assert query(db, "SELECT published, date_source FROM articles WHERE canonical_url = ?",
                 f"{G}/2025-03/20/c_1000106.htm") == [("2025-03-20", "url")]


def test_multi_page_article_is_stitched_in_page_order(first_crawl):
    db, _, _ = first_crawl
    (pages, body), = query(db, "SELECT pages, body FROM articles WHERE canonical_url = ?", f"{G}/2024-02/20/c_1000104.htm")
    paragraphs = body.split("\n\n")
    assert pages == 3
    assert len(paragraphs) == 7
    assert paragraphs[0].startswith("Guiyang Metro Line 3, the city's third subway line")
    assert paragraphs[3].startswith("Single-journey fares range from 2 yuan to 7 yuan")
    assert paragraphs[6] == "The city plans to open the S2 line in the next few years, bringing its rail network to more than 200 kilometers."
    assert query(db, """SELECT caption, credit FROM photos p JOIN articles a ON a.id = p.article_id
                        WHERE a.canonical_url = ?""", f"{G}/2024-02/20/c_1000104.htm") == [
        ("Passengers board a Line 3 train at Guiyang North Railway Station.", "ddcpc website")]


def test_syndicated_copy_on_a_second_portal_is_one_article_with_two_appearances(first_crawl):
    db, _, _ = first_crawl
    rows = query(db, """SELECT p.portal, p.url FROM appearances p JOIN articles a ON a.id = p.article_id
                        WHERE a.title = 'Guizhou data center cluster expands computing capacity' ORDER BY p.portal""")
    assert rows == [("eguizhou", "https://www.eguizhou.gov.cn/2024-03/01/c_1000201.htm"),
                    ("guiyang", f"{G}/2024-03/01/c_1000109.htm")]


def test_mirror_urls_and_near_duplicates(first_crawl):
    db, _, requests = first_crawl
    # the district subdomain and the city path are one document: fetched and stored once
    fetched = [u for _, u, _ in requests if u.endswith("/2024-03/21/c_1000105.htm")]
    assert len(fetched) == 1
    assert query(db, "SELECT canonical_url FROM articles WHERE title LIKE 'Nanming district%'") == [
        (f"{G}/nanming/2024-03/21/c_1000105.htm",)]
    # two Nanming stories sharing "26.71 billion yuan" stay two articles
    assert query(db, "SELECT count(*) FROM articles WHERE body LIKE '%26.71 billion yuan%'") == [(2,)]


def test_pages_that_are_not_articles_are_never_stored(first_crawl):
    db, _, requests = first_crawl
    outcomes = dict(query(db, "SELECT url, outcome FROM fetches"))
    assert outcomes[f"{G}/2024-04/01/c_1000110.htm"] == "blocked-challenge"
    assert outcomes[f"{G}/2024-04/02/c_1000111.htm"] == "empty-page"
    assert outcomes[f"{G}/private/2024-01/05/c_1000199.htm"] == "blocked-robots"
    assert not [u for _, u, _ in requests if "/private/" in u]
    assert query(db, "SELECT count(*) FROM articles WHERE url LIKE '%c_1000110%' OR url LIKE '%c_1000111%'") == [(0,)]


def test_encodings_decode_correctly(first_crawl):
    db, _, _ = first_crawl
    (body,), = query(db, "SELECT body FROM articles WHERE canonical_url = ?", f"{G}/2024-04/03/c_1000112.htm")
    assert "Guiyang Municipal People’s Government" in body
    assert query(db, "SELECT encoding FROM articles WHERE canonical_url = ?", f"{G}/2024-04/04/c_1000113.htm") == [("utf-8",)]


def test_every_fetched_url_has_exactly_one_outcome(first_crawl):
    db, _, requests = first_crawl
    rows = query(db, "SELECT url, outcome FROM fetches WHERE run_id = 1")
    urls = [u for u, _ in rows]
    assert len(urls) == len(set(urls))
    assert {u for u, o in rows if o != "blocked-robots"} == {u for _, u, _ in requests}
    assert dict(query(db, "SELECT outcome, count(*) FROM fetches GROUP BY outcome")) == {
        "robots-txt": 3, "listing": 6, "stored": 13, "article-page": 2, "duplicate": 1,
        "blocked-challenge": 1, "empty-page": 1, "blocked-robots": 1,
        # each section's last page links no next page: its conventional next name is probed once (404)
        "listing-end": 4,
        # the articles' photos: 11 files, two of them the same picture under two URLs, one missing (404)
        "image": 10, "image-duplicate": 1, "image-failed": 1,
    }
    # the challenge page and the page robots.txt forbids are blocked, counted once: not failed as well
    run = query(db, "SELECT status, exit_code, new, duplicates, failed, blocked FROM runs")
    assert run == [("partial", 1, 13, 1, 0, 2)]


def test_raw_pages_are_kept_in_valid_warc_files(first_crawl):
    db, _, _ = first_crawl
    warc_dir = Path(db).with_name("archive-warc")
    files = sorted(warc_dir.glob("*.warc.gz"))
    assert [f.name.split("-")[0] for f in files] == ["eguizhou", "guiyang"]
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", *map(str, files)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    (file, offset), = query(db, """SELECT warc_file, warc_offset FROM fetches WHERE url = ?""", f"{G}/2024-01/31/c_1000101.htm")
    url, status, headers, body = read_response(warc_dir, file, offset)
    assert (url, status) == (f"{G}/2024-01/31/c_1000101.htm", 200)
    assert body == (SITES / "english.guiyang.gov.cn/2024-01/31/c_1000101.htm").read_bytes()


def test_second_crawl_of_an_unchanged_portal_fetches_only_listings(first_crawl, tmp_path):
    db = str(tmp_path / "archive.db")
    shutil.copy(first_crawl[0], db)
    with SamplePortal() as portal:
        result = crawl(db, portal.proxy)
        requests = sorted(u for _, u, _ in portal.requests)
    assert result.returncode == 0, result.stderr
    assert requests == sorted([
        f"{G}/robots.txt", "https://nanming.english.guiyang.gov.cn/robots.txt", "https://www.eguizhou.gov.cn/robots.txt",
        f"{G}/news.html", f"{G}/wsb/foreignaffairsofficenews.html", "https://nanming.english.guiyang.gov.cn/news.html",
        "https://www.eguizhou.gov.cn/2023guizhoulatest.html",
    ])
    assert query(db, "SELECT count(*) FROM articles") == [(13,)]
    assert query(db, "SELECT new, revised, status FROM runs WHERE id = 2") == [(0, 0, "success")]


def new_article_overlay(tmp_path, before: bytes) -> str:
    """An overlay whose news.html lists a new article (2024-05-06, c_1000120) just before the link
    starting with ``before``; returns the overlay folder."""
    overlay = tmp_path / "overlay" / "english.guiyang.gov.cn"
    (overlay / "2024-05/06").mkdir(parents=True)
    listing = (SITES / "english.guiyang.gov.cn/news.html").read_bytes()
    assert before in listing
    (overlay / "news.html").write_bytes(listing.replace(before, b'<a href="/2024-05/06/c_1000120.htm">x</a>' + before, 1))
    page = (SITES / "english.guiyang.gov.cn/2024-01/31/c_1000101.htm").read_bytes()
    (overlay / "2024-05/06/c_1000120.htm").write_bytes(
        page.replace(b"Spring Festival travel packages", b"May Day travel packages").replace(b"2024-01-31", b"2024-05-06"))
    return str(tmp_path / "overlay")


def test_a_new_article_costs_one_request(first_crawl, tmp_path):
    db = str(tmp_path / "archive.db")
    shutil.copy(first_crawl[0], db)
    overlay = new_article_overlay(tmp_path, b'<a class="pic" href="/2024-01/31/c_1000101.htm#top"')
    with SamplePortal(overlays=[overlay]) as portal:
        result = crawl(db, portal.proxy, "guiyang")
        articles = [u for _, u, _ in portal.requests if "/c_" in u]
    # the new article sits among archived ones, so page 2 is walked too: its articles are archived; the
    # challenge page and the empty shell (transient: rejected once, so due again at the next run) are tried again
    assert result.returncode == 1, result.stderr
    assert sorted(articles) == [f"{G}/2024-04/01/c_1000110.htm", f"{G}/2024-04/02/c_1000111.htm",
                                f"{G}/2024-05/06/c_1000120.htm"]
    assert query(db, "SELECT title, published FROM articles WHERE canonical_url = ?", f"{G}/2024-05/06/c_1000120.htm") == [
        ("Guiyang rolls out May Day travel packages for visitors", "2024-05-06T18:17:01+08:00")]


def test_new_articles_above_archived_ones_end_the_walk_on_that_page(first_crawl, tmp_path):
    """Newest first: the boundary between new and archived articles is on news.html, so news_2.html
    (which the insertion among archived articles above does walk) is not fetched."""
    db = str(tmp_path / "archive.db")
    shutil.copy(first_crawl[0], db)
    listing = (SITES / "english.guiyang.gov.cn/news.html").read_bytes()
    first = listing.rindex(b"<a ", 0, listing.index(b'href="https://english.guiyang.gov.cn/2025-03/20/c_1000106.htm"'))
    assert listing.index(b"c_1000106.htm") < listing.index(b"c_1000113.htm")  # the first article link of the page
    overlay = new_article_overlay(tmp_path, listing[first:first + 60])
    with SamplePortal(overlays=[overlay]) as portal:
        result = crawl(db, portal.proxy, "guiyang")
        fetched = sorted(u for _, u, _ in portal.requests if "/c_" in u or u.endswith(".html"))
    assert result.returncode == 0, result.stderr
    assert fetched == [f"{G}/2024-05/06/c_1000120.htm", f"{G}/news.html", f"{G}/wsb/foreignaffairsofficenews.html",
                       "https://nanming.english.guiyang.gov.cn/news.html"]


def test_full_recrawl_records_an_edit_as_a_revision(first_crawl, tmp_path):
    db = str(tmp_path / "archive.db")
    shutil.copy(first_crawl[0], db)
    with SamplePortal(overlays=["revised"]) as portal:
        result = crawl(db, portal.proxy, "guiyang", extra=("--full",))
    assert result.returncode == 1, result.stderr  # the challenge page again
    url = f"{G}/2023-12/15/c_1000102.htm"
    (title, revision), = query(db, "SELECT title, revision FROM articles WHERE canonical_url = ?", url)
    assert revision == 2
    old = query(db, "SELECT r.revision, r.title FROM revisions r JOIN articles a ON a.id = r.article_id WHERE a.canonical_url = ?", url)
    assert old == [(1, "Consuls from six countries tour Guiyang's big data exchange")]
    assert title != old[0][1]
    assert dict(query(db, "SELECT outcome, count(*) FROM fetches WHERE run_id = 2 AND outcome IN ('revised', 'unchanged', 'stored') GROUP BY outcome")) == {
        "revised": 1, "unchanged": 10}


def test_scrapy_crawl_command_writes_the_archive(tmp_path):
    db = str(tmp_path / "archive.db")
    with SamplePortal() as portal:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "eguizhou", "-s", f"PORTAL_ARCHIVE_DB={db}",
             "-s", f"PORTAL_ARCHIVE_PROXY={portal.proxy}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_START_DELAY=0",
             "-s", "LOG_LEVEL=WARNING"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert sorted(t for (t,) in query(db, "SELECT title FROM articles")) == [
        "Guiyang issues plan to build digital economy hub",
        "Guizhou adds international flights as inbound travel recovers",
        "Guizhou data center cluster expands computing capacity",
    ]
    assert query(db, "SELECT portals, status, new FROM runs") == [("eguizhou", "finished", 3)]


def test_a_second_crawl_on_a_locked_archive_exits_at_once(tmp_path):
    from archive.lock import ArchiveLock

    db = str(tmp_path / "archive.db")
    lock = ArchiveLock(db)
    assert lock.acquire() is None
    try:
        result = crawl(db, "http://127.0.0.1:9", "eguizhou")
    finally:
        lock.release()
    assert result.returncode == 4
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {db} is locked by pid {os.getpid()} (")
    assert line.endswith("); not crawling")


def test_paging_depth_over_known_pages_is_configurable(first_crawl, tmp_path):
    db = str(tmp_path / "archive.db")
    shutil.copy(first_crawl[0], db)
    with SamplePortal() as portal:
        crawl(db, portal.proxy, "guiyang", extra=("-s", "PORTAL_ARCHIVE_STOP_AFTER_KNOWN_PAGES=2"))
        listings = sorted(u for _, u, _ in portal.requests if u.endswith(".html"))
    # news.html is all known, so with a depth of 2 its page 2 is read too; news_2 links no page 3 and
    # still lists articles that are not archived (the challenge and robots-blocked pages), so the
    # conventional next name is probed once (404: the section ends there)
    assert listings == [f"{G}/news.html", f"{G}/news_2.html", f"{G}/news_3.html",
                        f"{G}/wsb/foreignaffairsofficenews.html", "https://nanming.english.guiyang.gov.cn/news.html"]


def test_the_crawl_leaves_the_search_lists_current(first_crawl):
    db, _, _ = first_crawl
    state = dict(query(db, "SELECT key, value FROM search_state"))
    assert (state["built_max"], state["rows"], state["common_df"]) == ("13", "13", "5000")
    assert query(db, "SELECT count(*) FROM search_dirty") == [(0,)]


def test_photos_are_archived_once_and_served_from_the_warc(first_crawl):
    db, _, requests = first_crawl
    images = query(db, "SELECT url, outcome, content_type, size, same_as IS NOT NULL, detail FROM images ORDER BY url")
    assert len(images) == 12
    baiyun = f"{G}/baiyun/images/attachement/jpg/site2/20210209/c29dbb7a18e81d0c8e510"
    # the same picture under two URLs (whichever came first is kept, the other points to it)
    assert sorted(row[1:5] for row in images[:2]) == [("image", "image/jpeg", 4795, 0),
                                                      ("image-duplicate", "image/jpeg", 4795, 1)]
    assert images[2][:5] == (baiyun + "6.jpg", "image", "image/jpeg", 4826, 0)
    # two articles show it (c_588845 and its copy c_1000107): fetched once, for whichever came first
    assert images[2][5] in (f"photo of {G}/baiyun/2021-02/09/c_588845.htm", f"photo of {G}/baiyun/2021-02/09/c_1000107.htm")
    missing = f"{G}/huaxi/images/attachement/jpg/site2/20230804/640%20(1).jpg"
    assert (missing, "image-failed", None, None, 0, "HTTP 404") in images
    # each photo URL was asked for once, and the WARC record holds its bytes as served
    assert [u for _, u, _ in requests].count(baiyun + "4.jpg") == 1
    (warc,), = query(db, "SELECT warc FROM images WHERE url = ?", baiyun + "6.jpg")
    location = json.loads(warc)
    url, status, headers, body = read_response(str(Path(db).with_name("archive-warc")), location["file"], location["offset"])
    assert (url, status, body) == (baiyun + "6.jpg", 200, (SITES / "english.guiyang.gov.cn/baiyun/images/attachement/jpg"
                                                                     "/site2/20210209/c29dbb7a18e81d0c8e5106.jpg").read_bytes())


def test_export_with_photos_carries_the_archived_bytes(first_crawl, tmp_path):
    import base64

    from tests.conftest import run_cli

    db = first_crawl[0]
    out = tmp_path / "baiyun.jsonl"
    result = run_cli("export", "Spring Festival", "--portal", "guiyang", "--db", db, "--with-body", "--with-photos",
                     "-o", str(out))
    assert result.returncode == 0, result.stderr
    photos = {p["src"]: p for line in out.read_text().splitlines() for p in json.loads(line)["photos"]}
    baiyun = f"{G}/baiyun/images/attachement/jpg/site2/20210209/c29dbb7a18e81d0c8e510"
    image = photos[baiyun + "6.jpg"]["image"]
    assert image["content_type"] == "image/jpeg"
    assert base64.b64decode(image["base64"]) == (SITES / "english.guiyang.gov.cn/baiyun/images/attachement/jpg/site2/"
                                                 "20210209/c29dbb7a18e81d0c8e5106.jpg").read_bytes()
    assert run_cli("export", "--all", "--db", db, "--with-photos").stderr.strip() == (
        "Error: --with-photos needs --with-body and --format jsonl")
