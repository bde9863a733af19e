"""Error pages served with HTTP 200 never become articles, and never merge real ones (loopback crawls).

A generated portal whose article URLs first answer error, soft-404, maintenance and
challenge pages with 200 (nginx, Apache, IIS, Tomcat, ASP.NET; English and Chinese; a
bare server page, the site's own template, pages over the 32 KB block-page bound), then
their real pages.  Three URLs answer the same nginx "502 Bad Gateway".  Then an archive
damaged the way the old crawler damaged it (one "502" article whose revisions are the
three real pages) is put back by ``portal-archive repair``.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3

import pytest

from archive.store import Archive, content_hash
from portal_spider.sample_portal.faults import (
    ERROR_PAGES, FaultPortal, Sequence, Status, big_challenge_page, serve_file,
)
from portal_spider.sample_portal.generated import make_articles, write_portal
from portal_spider.urls import canonical_url

from tests.conftest import run_cli
from tests.faultkit import check_integrity, query, run, runner_command

NGINX = ["nginx-502", "nginx-502", "nginx-502"]
CASES = [*NGINX, *(k for k in ERROR_PAGES if k != "nginx-502"), "large-soft-404", "large-challenge", "empty"]
PADDING = b"<script>" + b"var _hmt=_hmt||[];" * 3000 + b"</script></body>"


def error_body(case: str) -> bytes:
    if case == "large-soft-404":  # over the block-page bound: only the extractor sees it
        return ERROR_PAGES["en-soft-404"].replace(b"</body>", PADDING)
    if case == "large-challenge":
        return big_challenge_page()
    return b"" if case == "empty" else ERROR_PAGES[case]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    root = tmp_path_factory.mktemp("errors") / "sites"
    good = make_articles(4, seed=31)
    errors = make_articles(len(CASES), seed=32, first_id=3_200_000)
    write_portal(root, good + errors, listings=3)
    faults = {a.url: Sequence(Status(200, error_body(case)), serve_file) for a, case in zip(errors, CASES)}
    db = str(tmp_path_factory.mktemp("db") / "archive.db")
    with FaultPortal(root=root, faults=faults) as portal:
        first = run(runner_command(db, portal.proxy), timeout=120)
        after_first = {
            "outcomes": dict(query(db, "SELECT url, outcome FROM fetches")),
            "titles": {t for (t,) in query(db, "SELECT title FROM articles")},
        }
        second = run(runner_command(db, portal.proxy), timeout=120)
    return {"db": db, "good": good, "errors": dict(zip(CASES, errors)), "cases": list(zip(CASES, errors)),
            "first": first, "second": second, "after_first": after_first}


def test_no_error_page_is_stored(crawled):
    assert crawled["first"].returncode == 1, crawled["first"].stderr[-2000:]  # soft errors are failures
    outcomes = crawled["after_first"]["outcomes"]
    expected = {a.url: ("blocked-challenge" if case == "large-challenge" else "soft-error") for case, a in crawled["cases"]}
    assert {url: outcomes[url] for url in expected} == expected
    assert crawled["after_first"]["titles"] == {a.title for a in crawled["good"]}


def test_their_urls_are_fetched_again_and_each_real_page_is_its_own_article(crawled):
    db = crawled["db"]
    assert crawled["second"].returncode == 0, crawled["second"].stderr[-2000:]
    stored = dict(query(db, "SELECT url, title FROM articles"))
    assert stored == {a.url: a.title for a in crawled["good"]} | {a.url: a.title for _, a in crawled["cases"]}
    # the three URLs that answered the same nginx 502: three articles, one appearance each, no revision
    nginx = [a.url for case, a in crawled["cases"] if case == "nginx-502"]
    rows = query(db, "SELECT a.url, a.revision, count(p.id) FROM articles a JOIN appearances p "
                     "ON p.article_id = a.id WHERE a.url IN (?, ?, ?) GROUP BY a.id ORDER BY a.url", *nginx)
    assert rows == [(url, 1, 1) for url in sorted(nginx)]
    assert query(db, "SELECT count(*) FROM revisions") == [(0,)]
    second = dict(query(db, "SELECT url, outcome FROM fetches WHERE run_id = 2 AND url IN (%s)"
                        % ",".join("?" * len(nginx)), *nginx))
    assert second == dict.fromkeys(nginx, "stored")


def damage(db: str, urls: list[str]) -> int:
    """What the crawler did before pages were judged: the first URL's 502 page stored, the two others
    deduplicated into it, then each real page stored as a revision of that one article."""
    conn = sqlite3.connect(db)
    names = ["id", "title", "body", "captions", "content_hash", "published", "first_seen", "last_seen"]
    rows = [dict(zip(names, conn.execute(f"SELECT {', '.join(names)} FROM articles WHERE url = ?",
                                         [u]).fetchone())) for u in urls]
    a, b, c = rows
    versions = [{"title": "502 Bad Gateway", "body": "nginx", "captions": "", "content_hash":
                 content_hash("502 Bad Gateway", "nginx"), "published": a["published"]}, a, b]
    for n, v in enumerate(versions, 1):
        conn.execute("INSERT INTO revisions (article_id, revision, title, published, body, captions, content_hash, "
                     "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [a["id"], n, v["title"], v["published"], v["body"], v["captions"], v["content_hash"],
                      a["first_seen"], a["last_seen"]])
    conn.execute("UPDATE articles SET title = ?, body = ?, captions = ?, content_hash = ?, revision = 4 WHERE id = ?",
                 [c["title"], c["body"], c["captions"], c["content_hash"], a["id"]])
    conn.execute("DELETE FROM photos WHERE article_id IN (?, ?)", [a["id"], b["id"]])
    conn.execute("UPDATE photos SET article_id = ? WHERE article_id = ?", [a["id"], c["id"]])
    conn.execute("UPDATE appearances SET article_id = ? WHERE article_id IN (?, ?)", [a["id"], b["id"], c["id"]])
    conn.execute("DELETE FROM articles WHERE id IN (?, ?)", [b["id"], c["id"]])
    for n, url in enumerate(urls):
        conn.execute("UPDATE fetches SET outcome = ?, article_id = ? WHERE run_id = 1 AND url = ?",
                     ["stored" if n == 0 else "duplicate", a["id"], url])
        conn.execute("UPDATE fetches SET outcome = 'revised', article_id = ? WHERE run_id = 2 AND url = ?", [a["id"], url])
    conn.commit()
    conn.close()
    return a["id"]


def store_an_error_page(db: str, url: str) -> int:
    """What the crawler did with a URL that answered Apache's 503 page and was not seen since: an
    article of that page, its only fetch the error page's record."""
    conn = sqlite3.connect(db)
    (article_id,) = conn.execute("SELECT article_id FROM appearances WHERE url = ?", [url]).fetchone()
    conn.execute("UPDATE articles SET title = 'Service Unavailable', body = ?, captions = '', content_hash = ? "
                 "WHERE id = ?", [APACHE_TEXT, content_hash("Service Unavailable", APACHE_TEXT), article_id])
    conn.execute("DELETE FROM photos WHERE article_id = ?", [article_id])
    conn.execute("DELETE FROM fetches WHERE run_id = 2 AND url = ?", [url])
    conn.execute("UPDATE fetches SET outcome = 'stored', article_id = ? WHERE run_id = 1 AND url = ?", [article_id, url])
    conn.commit()
    conn.close()
    return article_id


APACHE_TEXT = ("The server is temporarily unable to service your request due to maintenance downtime or capacity "
               "problems. Please try again later.")


def file_hash(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_repair_splits_a_damaged_archive_back_into_its_articles(crawled, tmp_path):
    db = str(tmp_path / "archive.db")
    shutil.copy(crawled["db"], db)
    shutil.copytree(crawled["db"].replace("archive.db", "archive-warc"), tmp_path / "archive-warc")
    nginx = [a for case, a in crawled["cases"] if case == "nginx-502"]
    merged = damage(db, [a.url for a in nginx])
    apache = crawled["errors"]["apache-503"]
    garbage = store_an_error_page(db, apache.url)
    assert query(db, "SELECT count(*) FROM articles") == [(len(crawled["good"]) + len(CASES) - 2,)]
    assert query(db, "SELECT title FROM articles WHERE id = ?", merged) == [(nginx[2].title,)]

    before = file_hash(db)
    dry = run_cli("repair", "--dry-run", "--db", db)
    assert dry.returncode == 0, dry.stderr
    canon = [canonical_url(a.url) for a in nginx]
    moved = "; ".join(f"{c} -> its own article {a.title!r}" for c, a in sorted(zip(canon[1:], nginx[1:])))
    assert sorted(dry.stdout.splitlines()) == sorted([
        f"would split article {merged} ({nginx[2].title!r}): keeps {canon[0]} ({nginx[0].title!r}); {moved}",
        f"would split article {garbage} ('Service Unavailable'): deleted: none of its URLs showed an article; "
        f"{canonical_url(apache.url)} -> no article (error pages only; fetched again next crawl)",
        "2 suspect article(s) checked: 2 to repair, 2 article(s) to restore, 0 left alone (raw pages missing)"])
    assert file_hash(db) == before

    done = run_cli("repair", "--db", db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == ("2 suspect article(s) checked: 2 repaired, 2 article(s) restored, "
                                            "0 left alone (raw pages missing)")
    # the error page is gone, and its URL is no longer known: the next crawl fetches it
    assert query(db, "SELECT count(*) FROM appearances WHERE url = ?", apache.url) == [(0,)]
    assert query(db, "SELECT count(*) FROM articles WHERE id = ?", garbage) == [(0,)]
    assert Archive(db, readonly=True).known_urls([canonical_url(apache.url)]) == set()
    rows = query(db, "SELECT a.canonical_url, a.title, a.revision, (SELECT count(*) FROM revisions r WHERE "
                     "r.article_id = a.id), (SELECT group_concat(p.url) FROM appearances p WHERE p.article_id = a.id) "
                     "FROM articles a WHERE a.canonical_url IN (?, ?, ?) ORDER BY a.canonical_url", *canon)
    assert rows == sorted((c, a.title, 1, 0, a.url) for c, a in zip(canon, nginx))
    assert query(db, "SELECT id FROM articles WHERE canonical_url = ?", canon[0]) == [(merged,)]
    assert dict(query(db, "SELECT url, title FROM articles")) == (
        {a.url: a.title for a in crawled["good"]} | {a.url: a.title for _, a in crawled["cases"] if a is not apache})
    # each URL's fetches point to its own article again; search finds the restored ones
    assert query(db, "SELECT count(DISTINCT article_id) FROM fetches WHERE run_id = 2 AND url IN (?, ?, ?)",
                 *[a.url for a in nginx]) == [(3,)]
    found = run_cli("search", f'"{nginx[1].title}"', "--db", db, "--format", "json")
    assert found.returncode == 0 and f'"url": "{nginx[1].url}"' in found.stdout, found.stdout
    check_integrity(db)
    again = run_cli("repair", "--db", db)
    assert again.stdout.splitlines() == [
        "0 suspect article(s) checked: 0 repaired, 0 article(s) restored, 0 left alone (raw pages missing)"]
