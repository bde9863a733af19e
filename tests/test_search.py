"""archive.search on real SQLite files: Chinese text, filters from allow-lists, exact plans, fuzzing."""

from __future__ import annotations

import json
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import search as search_mod
from archive.query import QueryError
from archive.search import search
from archive.store import Archive
from tests.conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT / "bench"))
from bench_search import Corpus  # noqa: E402


def art(n, title, body, portal="guiyang", published="2024-01-31", section=("Home", "News"), caption=""):
    url = f"https://{portal}.example.gov.cn/{published[:7]}/{published[8:10]}/c_{n}.htm"
    return {"url": url, "canonical_url": url, "portal": portal, "title": title, "body": body, "published": published,
            "section": list(section), "photos": [{"src": f"{url}.jpg", "caption": caption}] if caption else []}


ARTICLES = [
    art(1, "Guiyang (贵阳) promotes tourism", "Summer tourism in 贵阳市 grew.", published="2024-01-05"),
    art(2, "Big data expo", "The expo opened in 贵阳市 on Monday; 一带一路 partners attended.", published="2024-02-10",
        portal="eguizhou", section=("Home", "Business")),
    art(3, "Tea harvest", "Duyun tea pickers start early.", published="2023-04-01", caption="贵州 tea garden"),
    art(4, "Metro Line 3 opens", "Line 3 links Baiyun and Huaxi.", published="2023-12-26T09:00:00+08:00"),
    art(5, "Hotel bookings in Guiyang", "Tourism demand rose; hotels were full.", published="2024-02-11",
        portal="eguizhou", section=("Home", "News", "Latest")),
]


@pytest.fixture
def archive(tmp_path):
    a = Archive(tmp_path / "s.db")
    a.save(ARTICLES)
    a.register_portals([
        {"name": "guiyang", "portal_name": "Guiyang", "hosts": ["english.guiyang.gov.cn"], "family": "F1",
         "level": "city", "province": "Guizhou", "city": "Guiyang"},
        {"name": "eguizhou", "portal_name": "Guizhou", "hosts": ["www.eguizhou.gov.cn"], "family": "F2",
         "level": "province", "province": "Guizhou", "city": None}])
    yield a
    a.close()


def ids(result):
    return [h["id"] for h in result.hits]


CHINESE = [
    ("贵阳", [2, 1]),          # two characters: inside 贵阳市 too (scan of the small Chinese-text table)
    ("贵阳市", [2, 1]),        # three: the trigram index
    ("阳市", [2, 1]),          # any substring
    ("一带一路", [2]),
    ("title:贵阳", [1]),
    ("caption:贵州", [3]),
    ("body:贵州", []),
    ("贵阳 tourism", [1]),
    ("贵阳 -expo", [1]),
    ("贵阳 OR tea", [2, 1, 3]),
    ('"贵阳市 grew"', [1]),
    ("北京", []),
]


@pytest.mark.parametrize("text,expected", CHINESE, ids=[t for t, _ in CHINESE])
def test_chinese_words_match_inside_longer_runs(archive, text, expected):
    result = search(archive, text)
    assert (ids(result), result.total, result.plan) == (expected, len(expected), "chinese-trigram")


def test_chinese_words_keep_the_date_filters(archive):
    # the window holds one article, so its rowid range could stand for the dates: not in this plan,
    # which reads no rowid window (it once dropped the dates, returning [2, 1])
    result = search(archive, "贵阳", since="2024-02-10", until="2024-02-10")
    assert (ids(result), result.total, result.plan) == ([2], 1, "chinese-trigram")
    assert ids(search(archive, "贵阳 OR tea", until="2024-01-31")) == [1, 3]


def test_chinese_snippet_brackets_the_words(archive):
    assert search(archive, "贵阳").hits[0]["snippet"] == "The expo opened in [贵阳]市 on Monday; 一带一路 partners attended."


FILTERS = [
    ({"portal": "eguizhou"}, "tourism OR expo", [5, 2]),
    ({"level": "city"}, "tourism OR expo", [1]),
    ({"level": "PROVINCE"}, "tourism OR expo", [5, 2]),
    ({"province": "guizhou"}, "tourism", [5, 1]),
    ({"section": "Home > News"}, "tourism", [5, 1]),
    ({"section": "Home > News > Latest"}, "tourism", [5]),
    ({"section": "News"}, "tourism", [5, 1]),             # the last part of a breadcrumb names it too
    ({"section": "news > latest"}, "tourism", [5]),       # case never matters
    ({"section": "Latest"}, "tourism", [5]),
    ({"section": " Home>News "}, "tourism", [5, 1]),
    ({"since": "2024", "until": "2024"}, "tourism OR line", [5, 1]),   # a year is its whole span
    ({"until": "2023"}, "tourism OR line OR tea", [4, 3]),
    ({"since": "2024-02", "until": "2024-02"}, "tourism OR expo", [5, 2]),
    ({"until": "2024-01"}, "tourism OR expo", [1]),
    ({"since": "2024-02-01"}, "tourism OR expo", [5, 2]),
    ({"until": "2023-12-26"}, "line OR tea", [4, 3]),
    ({"since": "2023-12-26", "until": "2023-12-26"}, "line", [4]),
    ({"since": "2024-01-01", "portal": "guiyang"}, "贵阳", [1]),
]


@pytest.mark.parametrize("filters,text,expected", FILTERS, ids=[str(f) for f, _, _ in FILTERS])
def test_filters(archive, filters, text, expected):
    assert ids(search(archive, text, sort="date", **filters)) == expected


@pytest.mark.parametrize("since,until,expected", [
    ("2024-07-15", None, [1, 2]), ("2024-07-01", "2024-07-31", [1, 2]), (None, "2024-07-01", [1, 2]),
    ("2024-08-01", None, [2]), (None, "2024-06-30", [2]), (None, "2023-12-31", []), ("2025-01-01", None, []),
    ("2023-01-01", "2024-06-30", [2]),
])
def test_dates_known_only_to_the_month_or_year_overlap_the_window(tmp_path, since, until, expected):
    """MOFCOM-style URLs give only a month (``2024-07``); such an article is in every window its month meets."""
    a = Archive(tmp_path / "m.db")
    a.save([art(6, "Export fair", "Provincial export fair.", published="2024-07"),     # id 1
            art(7, "Export fair report", "Export fair closes.", published="2024")])    # id 2
    assert ids(search(a, "export", since=since, until=until, sort="date")) == expected
    a.close()


BAD = [
    ({"portal": "nowhere"}, "no articles from portal 'nowhere' in this archive (known: eguizhou, guiyang)"),
    ({"portal": "x' OR 1=1 --"}, "no articles from portal \"x' OR 1=1 --\" in this archive (known: eguizhou, guiyang)"),
    ({"section": "Home > Sport"},
     "no articles in section 'Home > Sport' in this archive (most used: Home > News; Home > Business; Home > News > Latest)"),
    ({"section": "Ne"}, "no articles in section 'Ne' in this archive (most used: Home > News; Home > Business; "
                        "Home > News > Latest)"),
    ({"section": " > "}, "--section needs a name, like 'News' or 'Home > News'"),
    ({"until": "2024-13"}, "--until must be a date like 2024-01-31, 2024-01 or 2024, not '2024-13'"),
    ({"offset": -1}, "--offset must be between 0 and 10,000,000"),
    ({"level": "village"}, "--level must be one of: city, province"),
    ({"province": "Mars"}, "--province must be one of: Guizhou"),
    ({"since": "2024-13-01"}, "--since must be a date like 2024-01-31, 2024-01 or 2024, not '2024-13-01'"),
    ({"until": "yesterday; DROP TABLE articles"},
     "--until must be a date like 2024-01-31, 2024-01 or 2024, not 'yesterday; DROP TABLE articles'"),
    ({"since": "2024-02-01", "until": "2024-01-01"}, "--since 2024-02-01 is after --until 2024-01-01"),
    ({"sort": "rank; DROP TABLE articles"}, "--sort must be one of relevance, date, not 'rank; DROP TABLE articles'"),
    ({"limit": 0}, "--limit must be between 1 and 1000"),
    ({"limit": "20; DROP"}, "--limit must be between 1 and 1000"),
    ({"limit": "²"}, "--limit must be between 1 and 1000"),  # str.isdigit() says yes, int() says no
]


@pytest.mark.parametrize("filters,message", BAD, ids=[str(f) for f, _ in BAD])
def test_bad_filters_are_refused_and_change_nothing(archive, filters, message):
    schema = archive.db.execute("SELECT group_concat(sql) FROM sqlite_master").fetchone()
    with pytest.raises(QueryError) as info:
        search(archive, "tourism", **filters)
    assert str(info.value) == message
    assert archive.db.execute("SELECT group_concat(sql) FROM sqlite_master").fetchone() == schema
    assert archive.counts()["articles"] == 5


def test_ranking_and_snippets(archive):
    result = search(archive, "tourism")
    assert ids(result) == [1, 5]  # title match first
    assert [h["snippet"] for h in result.hits] == ["Guiyang (贵阳) promotes [tourism]",
                                                   "[Tourism] demand rose; hotels were full."]
    assert result.plan == "fts-rank"


# ------------------------------------------------------------------ exactness of the plans at scale

@pytest.fixture(scope="module")
def corpus_archive(tmp_path_factory):
    """3,000 synthetic articles from the benchmark's generator (Zipfian vocabulary, dates in order)."""
    corpus = Corpus(seed=3)
    archive = Archive(tmp_path_factory.mktemp("corpus") / "c.db")
    n = 3000
    for start in range(0, n, 500):
        archive.save([corpus.article(i, n) for i in range(start, start + 500)], seen_at="2025-01-01T00:00:00Z")
    yield archive, corpus
    archive.close()


def reference(archive, fts, since=None, until=None, sort="relevance", limit=20):
    """The plain, unoptimised query: every match, sorted."""
    where, params = ["articles_fts MATCH ?"], [fts]
    if since:
        where.append("a.published >= ?")
        params.append(since)
    if until:
        where.append("substr(a.published, 1, 10) <= ?")
        params.append(until)
    order = "articles_fts.rank" if sort == "relevance" else "a.published DESC, a.id DESC"
    rows = archive.db.execute(f"""SELECT a.id FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
                                  WHERE {' AND '.join(where)} ORDER BY {order}""", params).fetchall()
    return [r[0] for r in rows][:limit], len(rows)


def test_plans_return_exactly_the_reference_results(corpus_archive, monkeypatch):
    archive, corpus = corpus_archive
    checked = {"fts-rank": 0, "fts-date-sort": 0, "fts-date-index": 0}
    for q in corpus.queries(100, seed=5):
        for sort in ("relevance", "date"):
            result = search(archive, q["q"], since=q.get("since"), until=q.get("until"), sort=sort, all_copies=True)
            assert (ids(result), result.total) == reference(archive, result.fts, q.get("since"), q.get("until"), sort)
            checked[result.plan] += 1
    # force the other date plan on every query: same answers
    monkeypatch.setattr(search_mod, "COMMON", 1)
    for q in corpus.queries(40, seed=6):
        result = search(archive, q["q"], since=q.get("since"), until=q.get("until"), sort="date", all_copies=True)
        assert (ids(result), result.total) == reference(archive, result.fts, q.get("since"), q.get("until"), "date")
        checked[result.plan] += 1
    # (the 16 forced queries that stayed on the sort plan have no match at all)
    assert checked == {"fts-rank": 100, "fts-date-sort": 116, "fts-date-index": 24}


def test_pages_follow_one_another_in_every_plan(corpus_archive, tmp_path, monkeypatch):
    """``offset`` pages through the same order as one long page, past 1,000 hits, in every plan."""
    from archive import ranker

    archive, corpus = corpus_archive
    monkeypatch.setattr(search_mod, "COMMON", 500)
    seen = set()
    for q in [{"q": "guiyang"}] + corpus.queries(6, seed=8):
        dated = {"since": q.get("since"), "until": q.get("until")}
        for sort in ("relevance", "date"):
            everything, total = reference(archive, search(archive, q["q"]).fts, sort=sort, limit=10**9, **dated)
            pages = []
            for offset in range(0, len(everything) + 1, 400):
                pages += ids(search(archive, q["q"], sort=sort, limit=400, offset=offset, all_copies=True, **dated))
            assert pages == everything
            seen.add(search(archive, q["q"], sort=sort, **dated).plan)
    assert len(reference(archive, search(archive, "guiyang").fts, limit=10**9)[0]) > 1000
    assert seen == {"fts-rank", "fts-date-sort", "fts-date-index"}
    # the impact lists and term vectors page the same way
    listed = Archive(tmp_path / "l.db")
    listed.save([corpus.article(i, 1500) for i in range(1500)], seen_at="2025-01-01T00:00:00Z")
    ranker.refresh(listed.db, common_df=60, list_length=20)
    plans = set()
    for text in ("guiyang", "guiyang city"):
        first = search(listed, text, limit=10, all_copies=True)
        plans.add(first.plan)
        pages = ids(first) + [i for offset in range(10, 1500, 50) for i in
                              ids(search(listed, text, limit=50, offset=offset, all_copies=True))]
        assert pages == reference(listed, first.fts, limit=10**9)[0]
    assert plans == {"impact", "vectors"}
    listed.close()


def test_total_is_capped_and_flagged(corpus_archive, monkeypatch):
    archive, _ = corpus_archive
    monkeypatch.setattr(search_mod, "COUNT_CAP", 100)
    result = search(archive, "guiyang")
    assert (result.total, result.total_capped) == (100, True)


# ------------------------------------------------------------------ fuzzing: nothing but QueryError

_TEXT = st.one_of(st.text(max_size=60), st.lists(st.sampled_from(
    ['"', "(", ")", "-", "*", "OR", "NOT", "title:", "caption:", "贵阳", "贵", "一带一路", "tourism", "COVID-19",
     "[2023]", "No.", "5", "\x00", "\ud800", "%", "_", "'", ";", " "]), max_size=12).map(" ".join))
_FILTER = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["guiyang", "city", "Guizhou", "2024-01-31"]))


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT, portal=_FILTER, level=_FILTER, since=_FILTER, section=_FILTER,
       sort=st.sampled_from(["relevance", "date", "rank"]), limit=st.one_of(st.integers(-5, 2000), st.text(max_size=4)),
       all_copies=st.booleans())
def test_search_raises_nothing_but_query_error(archive, text, portal, level, since, section, sort, limit, all_copies):
    try:
        result = search(archive, text, portal=portal, level=level, since=since, section=section, sort=sort,
                        limit=limit, all_copies=all_copies)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert result.total >= len(result.hits)


# ------------------------------------------------------------------ the CLI

def test_cli_search_formats_and_errors(archive, tmp_path):
    db = str(tmp_path / "s.db")
    out = run_cli("search", "tourism", "--db", db, "--format", "json", "--level", "city")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert (data["total"], [h["id"] for h in data["hits"]]) == (1, [1])
    bad = run_cli("search", '"', "--db", db)
    assert (bad.returncode, bad.stderr.strip().splitlines()) == (2, ["Error: query has no words to search for"])
    bad = run_cli("search", "tourism", "--db", db, "--portal", "nowhere")
    assert bad.returncode == 2
    assert bad.stderr.strip() == "Error: no articles from portal 'nowhere' in this archive (known: eguizhou, guiyang)"


def test_window_plan_ranks_exactly_the_newest_matches(corpus_archive, monkeypatch):
    """With ``fast``, beyond RANK_ALL matches relevance ranks the newest RANK_WINDOW matches: exactly the
    reference ranking restricted to that rowid window; by default every match is ranked."""
    archive, corpus = corpus_archive
    monkeypatch.setattr(search_mod, "RANK_ALL", 50)
    monkeypatch.setattr(search_mod, "RANK_WINDOW", 30)
    plans = {}
    for q in corpus.queries(60, seed=7):
        dated = {"since": q.get("since"), "until": q.get("until")}
        result = search(archive, q["q"], all_copies=True, fast=True, **dated)
        plans[result.plan] = plans.get(result.plan, 0) + 1
        everything, total = reference(archive, result.fts, limit=10**9, **dated)
        assert result.total == total
        if result.plan == "fts-rank-window":
            newest = sorted(everything, reverse=True)[:30]
            assert result.ranked_within == 30
            assert ids(result) == [i for i in everything if i in newest][:20]
        else:
            assert (ids(result), result.ranked_within) == (everything[:20], None)
        full = search(archive, q["q"], all_copies=True, **dated)
        assert (ids(full), full.plan) == (everything[:20], "fts-rank")
    assert plans == {"fts-rank": 48, "fts-rank-window": 12}
