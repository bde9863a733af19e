"""Real markup the fixtures of the families did not show: pagers drawn by scripts, sections with no pager
at all, and articles dated only by their headline, their listing, their asset names or not at all.

The pages (raw bytes, text written here) reproduce what real portals serve: a TRS WCM section whose pager is
``var countPage = 3`` with the next name built by concatenation and whose date element is empty (MFA); a GBK
list numbered from 1 (``list.shtml``, ``list_2.shtml``) declared by a record total and a page size, dates in a
table column (MOFCOM); a section whose pager is drawn by a script library from data the page does not hold,
so the next page is probed by its conventional name (SIPAC).
"""

from __future__ import annotations

import sqlite3

import pytest

from portal_spider.sample_portal.server import SamplePortal

from tests.conftest import SITES, crawl, run_cli

MFA = "https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/"
MO = "http://english.mofcom.gov.cn/article/policyrelease/announcement/"
SP = "https://www.sipac.gov.cn/szgyyqenglish/parknews/"


@pytest.fixture(scope="module")
def real_crawl(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("real") / "archive.db")
    with SamplePortal() as portal:
        result = crawl(db, portal.proxy, "mfa", "mofcom", "sipac")
        requests = list(portal.requests)
    return db, result, requests


def query(db, sql, *params):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def walked(requests, prefix):
    """The listing pages of one section, in the order they were requested, with their status."""
    return [(url[len(prefix):], status) for _, url, status in requests
            if url.startswith(prefix) and url.rsplit("/", 1)[1].startswith(("default", "list", "index"))]


def test_a_pager_drawn_by_concatenation_is_walked_to_its_declared_last_page(real_crawl):
    db, _, requests = real_crawl
    assert walked(requests, MFA) == [("default.shtml", 200), ("default_1.shtml", 200), ("default_2.shtml", 200)]


def test_a_record_total_and_page_size_pager_numbered_from_one_is_walked(real_crawl):
    db, _, requests = real_crawl
    assert walked(requests, MO) == [("list.shtml", 200), ("list_2.shtml", 200), ("list_3.shtml", 200)]


def test_a_section_without_any_readable_pager_is_probed_until_a_page_is_missing(real_crawl):
    db, _, requests = real_crawl
    assert walked(requests, SP) == [("index.shtml", 200), ("index_1.shtml", 200), ("index_2.shtml", 404)]
    outcomes = query(db, "SELECT url, outcome, detail FROM fetches WHERE url LIKE ? ORDER BY id", SP + "index%")
    assert outcomes == [
        (SP + "index.shtml", "listing", "Park News page 1: 2 articles"),
        (SP + "index_1.shtml", "listing", "Park News page 2: 1 articles"),
        (SP + "index_2.shtml", "listing-end", "Park News page 3 probed: HTTP 404"),
    ]


@pytest.mark.parametrize("url, published, date_source", [
    (MFA + "t1794629.shtml", "2020-07-03", "headline"),  # "... Press Conference on July 3, 2020"; date element empty
    (MFA + "t1794630.shtml", "2020-07-06", "asset"),  # only the photo's TRS name: W020200706...
    (MFA + "t1795001.shtml", "2020-07-08", "listing"),  # printed beside the link on listing page 2
    (MFA + "t1795002.shtml", None, None),  # no date anywhere: stored undated, counted in the alert
    (MFA + "t1795310.shtml", "2020-07-10T21:30+08:00", "printed"),
    (MO + "202405/20240514112233.shtml", "2024-05-14", "listing"),  # the URL gives only the month
    (MO + "202405/20240520110044.shtml", "2024-05-20", "listing"),
    (MO + "202406/20240603101010.shtml", "2024-06-03", "listing"),
    (MO + "202406/20240611093000.shtml", "2024-06-12", "asset"),  # empty listing cell; attachment P020240612...
    (MO + "202406/20240625154500.shtml", "2024-06-25", "listing"),
    (SP + "202402/0a1b2c3d4e5f60718293a4b5c6d7e8f9.shtml", "2024-02-26", "printed"),
    (SP + "202402/1b2c3d4e5f60718293a4b5c6d7e8f90a.shtml", "2024-02", "url"),  # empty date line: the URL's month
    (SP + "202401/2c3d4e5f60718293a4b5c6d7e8f90a1b.shtml", "2024-01-18", "printed"),  # 2024年1月18日
])
def test_every_article_is_dated_with_its_provenance(real_crawl, url, published, date_source):
    db, _, _ = real_crawl
    assert query(db, "SELECT published, date_source FROM articles WHERE url = ?", url) == [
        (published, date_source)]


def test_the_gbk_list_decodes(real_crawl):
    db, _, _ = real_crawl
    (body,), = query(db, "SELECT body FROM articles WHERE url = ?", MO + "202405/20240520110044.shtml")
    assert body.endswith("within ten days of this announcement — 商务部贸易救济调查局.")


def test_a_walk_that_ends_on_page_1_of_a_declared_pager_is_an_alert(tmp_path):
    """The pager names a page the portal does not have (its template changed): the walk stops on page 1."""
    overlay = tmp_path / "overlay"
    page = overlay / "www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/default.shtml"
    page.parent.mkdir(parents=True)
    original = (SITES / "www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/default.shtml").read_bytes()
    page.write_bytes(original.replace(b"var countPage = 3", b"var countPage = 13").replace(b'"default" + "_"', b'"list" + "_"'))
    db = str(tmp_path / "archive.db")
    with SamplePortal(overlays=[str(overlay)]) as portal:
        result = crawl(db, portal.proxy, "mfa")
        requests = list(portal.requests)
    assert walked(requests, MFA) == [("default.shtml", 200), ("list_1.shtml", 404), ("list_2.shtml", 404)]
    alert = ("ALERT mfa: section Spokesperson's Remarks: walked 1 of 13 declared listing pages "
             "(pager not followed: template changed?)")
    assert alert in result.stderr.splitlines()
    assert result.returncode == 1  # the missing page is a failure
    stats = run_cli("stats", "--db", db)
    assert alert in stats.stdout.splitlines()


def test_stats_show_each_portals_share_of_undated_articles(real_crawl):
    db, _, _ = real_crawl
    lines = {line.split()[0]: line.split()[1:5] for line in run_cli("stats", "--db", db).stdout.splitlines()[1:4]}
    assert lines == {"mfa": ["6", "2020-07-03", "2020-12-18", "17%"], "mofcom": ["6", "2024-05-14", "2024-07-11", "0%"],
                     "sipac": ["4", "2024-01-18", "2024-03", "0%"]}


def test_reparse_keeps_the_listing_dates_and_applies_the_date_rules(real_crawl, tmp_path):
    """``reparse`` re-extracts from the WARC records: the listing page is not among an article's records, so
    its date is kept; the other sources come out of the raw page again, the same."""
    import shutil

    db = str(tmp_path / "archive.db")
    shutil.copy(real_crawl[0], db)
    shutil.copytree(real_crawl[0].replace("archive.db", "archive-warc"), str(tmp_path / "archive-warc"))
    before = query(db, "SELECT url, published, date_source FROM articles ORDER BY url")
    with sqlite3.connect(db) as conn:  # as an archive from before the headline/asset rules would hold them
        conn.execute("UPDATE articles SET published = NULL, date_source = NULL WHERE date_source IN ('headline', 'asset')")
    out = run_cli("reparse", "--db", db)
    assert out.returncode == 0, out.stderr
    assert query(db, "SELECT url, published, date_source FROM articles ORDER BY url") == before


def test_a_wrong_guess_of_the_pager_numbering_costs_one_request(tmp_path):
    """The first page's script counts from 1, but the portal names its second page ``default_1`` (from 0):
    ``default_2`` is missing, so ``default_1`` is tried and the walk goes on."""
    import shutil

    root = tmp_path / "sites"
    folder = root / "www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401"
    shutil.copytree(SITES / "www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401", folder)
    (folder / "default_2.shtml").unlink()
    first = (folder / "default.shtml").read_bytes()
    (folder / "default.shtml").write_bytes(first.replace(b"var countPage = 3", b"var countPage = 2")
                                           .replace(b"var currentPage = 0", b"var currentPage = 1"))
    db = str(tmp_path / "archive.db")
    with SamplePortal(root=root) as portal:
        result = crawl(db, portal.proxy, "mfa", extra=("-s", "ROBOTSTXT_OBEY=False"))
        requests = list(portal.requests)
    assert walked(requests, MFA) == [("default.shtml", 200), ("default_2.shtml", 404), ("default_1.shtml", 200)]
    assert query(db, "SELECT outcome, detail FROM fetches WHERE url = ?", MFA + "default_2.shtml") == [
        ("listing-end", f"Spokesperson's Remarks page 2 as declared: HTTP 404; trying {MFA}default_1.shtml")]
    assert query(db, "SELECT count(*) FROM articles") == [(4,)]


def test_a_date_element_filled_by_a_script_is_dated_from_the_script():
    from portal_spider.extract import extract_article

    page = (b'<html><head><title>Spokesperson Remarks on Rail</title></head><body><div>Home &gt; Remarks</div>'
            b'<div>Spokesperson Remarks on Rail</div><div id="News_Body_Time"></div>'
            b'<script>var pubDate = "2020-07-09 18:05"; document.getElementById("News_Body_Time").innerHTML = pubDate;'
            b'</script><div><p>Question: What is your comment on the rail agreement signed today by the two countries?</p>'
            b'<p>Answer: We welcome it and hope it brings the two peoples closer in trade and travel.</p></div>'
            b'<script>(function(){ var hm = document.createElement("script"); hm.src = "https://x/hm.js?v=2019-01-01";'
            b' document.body.appendChild(hm); })();</script></body></html>')
    article = extract_article(page, "https://www.fmprc.gov.cn/mfa_eng/xw/t1795020.shtml")
    assert (article["published"], article["date_source"], article["field_sources"]["published"]) == (
        "2020-07-09T18:05+08:00", "printed", "script")
