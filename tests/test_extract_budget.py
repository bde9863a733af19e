"""Bounded work per page: a page that overruns the extraction budget (time or memory) ends
``too-complex``, its worker is replaced, the pages queued behind it are extracted, and a crawl
with such a page among others finishes in bounded time and memory."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from portal_spider.extract import extract_article
from portal_spider.middlewares.extract_pool import ExtractFailed, _Pool
from portal_spider.middlewares.outcomes import TooComplex
from portal_spider.sample_portal.faults import FaultPortal, Gzipped, tiny_paragraphs_page
from portal_spider.sample_portal.generated import MAIN, make_articles, write_portal

from tests.faultkit import LISTINGS, PROBED, query, run, runner_command
from tests.test_extract_pool import HEADERS, PAGE, URL

HOSTILE_URL = f"https://{MAIN}/2024-06/30/c_3000030.htm"


def extract_in_pool(pool_args: tuple, pages: list[bytes]) -> tuple[list, bool]:
    """Each page's answer (or the exception it ended with) from one pool, and whether the worker was replaced."""

    async def scenario():
        pool = _Pool(*pool_args)
        try:
            first = pool.workers[0]
            answers = await asyncio.gather(*(pool.extract(body, URL, HEADERS) for body in pages),
                                           return_exceptions=True)
            return answers, pool.workers[0] is not first
        finally:
            pool.close()

    return asyncio.run(scenario())


def test_a_page_over_the_time_budget_is_too_complex_and_the_next_page_is_extracted():
    body = PAGE.read_bytes()
    # 300,000 lines take several seconds to read; the budget is one
    (slow, after), replaced = extract_in_pool((1, 1.0, 0), [tiny_paragraphs_page(300_000), body])
    assert isinstance(slow, TooComplex) and str(slow) == "extraction took more than 1 s"
    assert slow.outcome == "too-complex"
    assert after == extract_article(body, URL, HEADERS)
    assert replaced


def test_a_page_over_the_memory_budget_is_too_complex_and_the_next_page_is_extracted():
    body = PAGE.read_bytes()
    (big, after), replaced = extract_in_pool((1, 0, 96), [tiny_paragraphs_page(), body])
    assert isinstance(big, TooComplex) and str(big) == "extraction needs more than 96 MB"
    assert after == extract_article(body, URL, HEADERS)
    assert replaced


def test_an_extractor_error_comes_back_with_its_message_and_the_worker_stays():
    async def scenario():
        pool = _Pool(1, 5.0, 256)
        try:
            first = pool.workers[0]
            with pytest.raises(ExtractFailed) as failed:
                await pool.extract(PAGE.read_bytes(), URL, 5)  # headers that are not a mapping
            return failed.value, await pool.extract(PAGE.read_bytes(), URL, HEADERS), pool.workers[0] is first
        finally:
            pool.close()

    failed, after, same_worker = asyncio.run(scenario())
    assert str(failed) == "AttributeError: 'int' object has no attribute 'items'"
    assert failed.trace.startswith("Traceback (most recent call last):")
    assert after == extract_article(PAGE.read_bytes(), URL, HEADERS) and same_worker


#: Runs a command and writes the peak RSS of it and its descendants (KB). The crawl is started from this
#: small process, not from pytest: a child's peak RSS counts what it shared of its parent before its exec,
#: and pytest is hundreds of MB into a full run.
PEAK_OF_CHILDREN = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]); "
                    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
                    "sys.exit(code)")


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory):
    root = tmp_path_factory.mktemp("budget") / "sites"
    good = make_articles(6, seed=11)
    write_portal(root, good, listings=3)
    news = root / MAIN / "news.html"
    news.write_bytes(news.read_bytes().replace(
        b'<ul class="news-list">', f'<ul class="news-list"><li><a href="{HOSTILE_URL}">Notice</a></li>'.encode()))
    db = str(tmp_path_factory.mktemp("db") / "archive.db")
    peak = Path(db).with_name("peak-rss-kb")
    with FaultPortal(root=root, faults={HOSTILE_URL: Gzipped(tiny_paragraphs_page())}) as portal:
        result = run([sys.executable, "-c", PEAK_OF_CHILDREN, str(peak), *runner_command(db, portal.proxy)], timeout=120)
    result.max_rss_mb = int(peak.read_text()) / 1024
    return db, result, good


def test_the_crawl_goes_on_past_a_page_of_a_million_paragraphs(hostile_crawl):
    db, result, good = hostile_crawl
    assert dict(query(db, "SELECT url, outcome FROM fetches WHERE url LIKE '%.htm'")) == {
        HOSTILE_URL: "too-complex", **{a.url: "stored" for a in good}}
    assert query(db, "SELECT count(*) FROM fetches WHERE url = ?", HOSTILE_URL) == [(1,)]
    assert {t for (t,) in query(db, "SELECT title FROM articles")} == {a.title for a in good}
    (detail,), = query(db, "SELECT detail FROM fetches WHERE url = ?", HOSTILE_URL)
    assert detail == "extraction needs more than 192 MB"
    # the page is a failure of the run: partial
    assert result.returncode == 1, result.stderr[-3000:]
    assert result.seconds < 60, result.seconds
    # ru_maxrss of the crawl and of its extraction workers (the largest of them); 627 MB before the budget
    assert result.max_rss_mb < 400, result.max_rss_mb
    print(f"crawl with the hostile page: {result.seconds:.1f} s, peak RSS {result.max_rss_mb:.0f} MB")
    assert dict(query(db, "SELECT url, outcome FROM fetches WHERE url LIKE '%.html'")) == {
        **{u: "listing" for u in LISTINGS}, **{u: "listing-end" for u in PROBED}}
