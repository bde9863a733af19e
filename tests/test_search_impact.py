"""The impact-list plan (archive.impact): the same pages, ranks and totals as FTS5's own
ranking, on a real SQLite archive, before and after articles are added, revised and deleted."""

from __future__ import annotations

import sys

import pytest

from archive import impact
from archive.search import search
from archive.store import Archive
from tests.conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT / "bench"))
from bench_search import Corpus  # noqa: E402

N = 3_000
#: Small lists on a small archive, so that every path runs: proofs, resolutions and fallbacks.
SETTINGS = {"common_df": 150, "list_length": 40}
QUERIES = Corpus().queries(200)


def fts_only(archive, q, **kw):
    """The reference: the same search ranked by FTS5 alone (the lists hidden)."""
    saved = impact.is_current
    impact.is_current = lambda *a, **k: False
    try:
        return search(archive, q["q"], since=q.get("since"), until=q.get("until"), **kw)
    finally:
        impact.is_current = saved


def compare(archive, queries, **kw) -> dict:
    plans = {}
    for q in queries:
        got = search(archive, q["q"], since=q.get("since"), until=q.get("until"), **kw)
        want = fts_only(archive, q, **kw)
        plans[got.plan] = plans.get(got.plan, 0) + 1
        assert [(h["id"], h["rank"]) for h in got.hits] == [(h["id"], h["rank"]) for h in want.hits], q["q"]
        assert (got.total, got.total_capped) == (want.total, want.total_capped), q["q"]
        assert [h["snippet"] for h in got.hits] == [h["snippet"] for h in want.hits]
    return plans


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    corpus = Corpus()
    a = Archive(tmp_path_factory.mktemp("impact") / "a.db")
    articles = [corpus.article(i, N) for i in range(N)]
    for k in range(0, N, 500):
        a.save(articles[k:k + 500], seen_at="2025-01-01T00:00:00Z")
    report = impact.refresh(a.db, **SETTINGS)
    assert (report.mode, report.terms, report.postings) == ("full", 635, 25_400)
    yield a
    a.close()


def test_scores_are_fts5_bm25_to_the_last_bit(archive):
    conn = archive.db.conn
    stats = impact.fts_stats(conn)
    assert (stats.rows, round(stats.avgdl, 3)) == (N, 403.364)
    term = "guiyang"
    df, = conn.execute("SELECT df FROM search_terms WHERE term = ?", [term]).fetchone()
    weight = impact.idf(stats.rows, df)
    listed = conn.execute("SELECT doc, freq, length FROM search_postings WHERE term = ? ORDER BY doc", [term]).fetchall()
    assert len(listed) == 40
    ranks = dict(conn.execute("SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH 'guiyang' AND rowid IN "
                              "(SELECT doc FROM search_postings WHERE term = 'guiyang')"))
    for doc, freq, length in listed:
        assert -(weight * impact.component(float(freq), length, stats.avgdl)) == ranks[doc]


def test_every_page_equals_fts5_ranking(archive):
    plans = compare(archive, QUERIES)
    assert plans == {"impact": 24, "fts-rank": 176}


def listed_words(archive, count):
    """Queries of one word that has a list."""
    listed = {r[0] for r in archive.db.execute("SELECT term FROM search_terms")}
    return [q for q in QUERIES if q["kind"] == "one" and impact.index_terms(q["q"])[0] in listed][:count]


def test_deeper_pages_and_filters(archive):
    one = listed_words(archive, 10)
    plans = compare(archive, one, limit=7)
    assert plans == {"impact": 10}
    for q in one[:3]:
        first = search(archive, q["q"], limit=40)
        assert [h["id"] for h in first.hits[20:40]] == [h["id"] for h in fts_only(archive, q, limit=40).hits[20:40]]
    wide = [dict(q, since="2014-01-01", until="2021-12-31") for q in one]
    assert compare(archive, wide) == {"impact": 10}
    narrow = [dict(q, since="2015-01-01", until="2015-06-30") for q in one]  # too few listed articles in it
    assert compare(archive, narrow) == {"fts-rank": 10}
    portal = search(archive, one[0]["q"], portal="portal03")
    assert portal.plan == "fts-rank"  # one portal in 20: too few of its articles listed
    assert [h["id"] for h in portal.hits] == [h["id"] for h in fts_only(archive, one[0], portal="portal03").hits]
    assert {h["portal"] for h in portal.hits} == {"portal03"}


def test_stale_lists_are_not_used_until_refreshed(tmp_path):
    corpus = Corpus()
    a = Archive(tmp_path / "b.db")
    a.save([corpus.article(i, 1_000) for i in range(900)], seen_at="2025-01-01T00:00:00Z")
    assert impact.refresh(a.db, common_df=60, list_length=20).mode == "full"
    one = listed_words(a, 12)
    assert compare(a, one) == {"impact": 12}
    # appended articles: stale until an incremental refresh
    a.save([corpus.article(i, 1_000) for i in range(900, 1_000)], seen_at="2025-01-02T00:00:00Z")
    assert search(a, one[0]["q"]).plan == "fts-rank"
    assert impact.refresh(a.db, common_df=60, list_length=20).mode == "incremental"
    assert impact.refresh(a.db, common_df=60, list_length=20).mode == "current"
    assert compare(a, one) == {"impact": 12}
    # a revised body and a deleted article: counted again, their postings scored again
    word = one[0]["q"]
    a.db.execute("UPDATE articles SET body = body || ? WHERE id = 5", [(" " + word) * 30])
    a.db.execute("DELETE FROM photos WHERE article_id = 7")
    a.db.execute("DELETE FROM appearances WHERE article_id = 7")
    a.db.execute("DELETE FROM articles WHERE id = 7")
    a.db.conn.commit()
    assert a.db.execute("SELECT count(*) FROM search_dirty").fetchone()[0] == 2
    assert search(a, word).plan == "fts-rank"
    assert impact.refresh(a.db, common_df=60, list_length=20).mode == "incremental"
    assert a.db.execute("SELECT count(*) FROM search_dirty").fetchone()[0] == 0
    assert compare(a, one) == {"impact": 12}
    assert search(a, word).hits[0]["id"] == 5
    a.close()


def test_reindex_command(tmp_path):
    corpus = Corpus()
    a = Archive(tmp_path / "c.db")
    a.save([corpus.article(i, 400) for i in range(400)], seen_at="2025-01-01T00:00:00Z")
    a.close()
    done = run_cli("reindex", "--db", str(tmp_path / "c.db"), "--common", "100")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("search index: full refresh, 121 common terms, 25,538 postings listed in ")
    again = run_cli("reindex", "--db", str(tmp_path / "c.db"), "--common", "100")
    assert (again.returncode, again.stdout.strip()) == (0, "search index already current")
    missing = run_cli("reindex", "--db", str(tmp_path / "missing" / "x.db"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    assert missing.stderr.strip().splitlines()[-1].startswith("Error: no archive at ")


def test_an_archive_from_before_the_lists_searches_read_only(tmp_path):
    corpus = Corpus()
    a = Archive(tmp_path / "old.db")
    a.save([corpus.article(i, 50) for i in range(50)], seen_at="2025-01-01T00:00:00Z")
    for statement in ("DROP TRIGGER search_dirty_au", "DROP TRIGGER search_dirty_ad", "DROP TABLE search_dirty",
                      "DROP TABLE search_state", "DROP TABLE search_postings", "DROP TABLE search_terms",
                      "DELETE FROM _sqlite_migrations WHERE name = 'm105_search_impact_lists'"):
        a.db.execute(statement)
    a.db.conn.commit()
    a.close()
    old = Archive(tmp_path / "old.db", readonly=True)
    result = search(old, "guiyang")
    assert (result.plan, result.total, len(result.hits)) == ("fts-rank", 33, 20)
    old.close()
