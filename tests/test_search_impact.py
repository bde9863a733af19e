"""The fast ranker (archive.ranker): the same pages, ranks and totals as FTS5's own
ranking, on a real SQLite archive, before and after articles are added, revised and deleted."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from archive.ranker import bm25, impact, vectors
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
    stats = bm25.fts_stats(conn)
    assert (stats.rows, round(stats.avgdl, 3)) == (N, 403.364)
    term = "guiyang"
    df, = conn.execute("SELECT df FROM search_terms WHERE term = ?", [term]).fetchone()
    weight = bm25.idf(stats.rows, df)
    listed = conn.execute("SELECT doc, freq, length FROM search_postings WHERE term = ? ORDER BY doc", [term]).fetchall()
    assert len(listed) == 40
    ranks = dict(conn.execute("SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH 'guiyang' AND rowid IN "
                              "(SELECT doc FROM search_postings WHERE term = 'guiyang')"))
    for doc, freq, length in listed:
        s = bm25.components(np.array([freq]), np.array([length]), stats.avgdl, bm25.K1, bm25.B)[0]
        assert -(weight * s) == ranks[doc]


def test_every_page_equals_fts5_ranking(archive):
    plans = compare(archive, QUERIES)
    assert plans == {"impact": 22, "vectors": 93, "fts-rank": 85}


def test_common_terms_that_cannot_be_listed_still_have_vectors(archive):
    # porter is not idempotent for these stems ("enterpris" stems again to "enterpri"): no impact
    # list, which is read back through a query of the stem, but a vector, read by the term itself
    unlisted = impact.state(archive.db.conn)["unlisted"]
    assert unlisted == ["angs", "engs", "enterpris", "merus", "ragis", "rawos", "tokiwas"]
    assert archive.db.execute("SELECT count(*) FROM search_terms WHERE term IN ('enterpris', 'engs')").fetchone()[0] == 0
    queries = [{"q": "enterprises"}, {"q": "enterprises guiyang"}, {"q": "Enterprises", "since": "2016-01-01",
                                                                     "until": "2019-12-31"}]
    assert compare(archive, queries) == {"vectors": 3}
    assert search(archive, "enterprises").total == 1_191


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
    # dates: the vectors keep each article's day span, so a dated word needs no list proof
    wide = [dict(q, since="2014-01-01", until="2021-12-31") for q in one]
    assert compare(archive, wide) == {"vectors": 10}
    narrow = [dict(q, since="2015-01-01", until="2015-06-30") for q in one]
    assert compare(archive, narrow) == {"vectors": 10}
    open_ended = [dict(q, since="2020-03-02") for q in one[:5]] + [dict(q, until="2014-11-30") for q in one[5:]]
    assert compare(archive, open_ended) == {"vectors": 10}
    portal = search(archive, one[0]["q"], portal="portal03")
    assert portal.plan == "vectors"  # one portal in 20: too few of its articles listed
    assert [h["id"] for h in portal.hits] == [h["id"] for h in fts_only(archive, one[0], portal="portal03").hits]
    assert {h["portal"] for h in portal.hits} == {"portal03"}


def test_stale_lists_are_not_used_until_refreshed(tmp_path):
    corpus = Corpus()
    a = Archive(tmp_path / "b.db")
    a.save([corpus.article(i, 1_000) for i in range(900)], seen_at="2025-01-01T00:00:00Z")
    assert impact.refresh(a.db, common_df=60, list_length=20).mode == "full"
    one = listed_words(a, 12)
    # two pages end in a score the best article outside the list could tie (and come first by
    # rowid): the list cannot prove them, the vectors rank them
    assert compare(a, one) == {"impact": 10, "vectors": 2}
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


def stored_vectors(a, terms=None) -> tuple[list, list]:
    rows = a.db.execute("SELECT term, chunk, n, docs, freqs FROM search_vectors ORDER BY term, chunk").fetchall()
    return ([r for r in rows if terms is None or r[0] in terms],
            a.db.execute("SELECT chunk, lengths, first_day, last_day FROM search_docs ORDER BY chunk").fetchall())


def test_vectors_after_incremental_refreshes_equal_a_full_rebuild(tmp_path, monkeypatch):
    # 64-rowid chunks: a thousand articles span 16 chunks, stored both as bitmaps and as offsets
    monkeypatch.setattr(vectors, "CHUNK", 64)
    monkeypatch.setattr(vectors, "_BITMAP_BYTES", 8)
    corpus = Corpus()
    a = Archive(tmp_path / "v.db")
    a.save([corpus.article(i, 1_000) for i in range(900)], seen_at="2025-01-01T00:00:00Z")
    assert impact.refresh(a.db, common_df=60, list_length=20).mode == "full"
    a.save([corpus.article(i, 1_000) for i in range(900, 1_000)], seen_at="2025-01-02T00:00:00Z")
    assert impact.refresh(a.db, common_df=60, list_length=20).mode == "incremental"
    a.db.execute("UPDATE articles SET body = body || ? WHERE id = 70", [" guiyang development" * 300])  # frequencies > 255
    a.db.execute("UPDATE articles SET title = 'Quiet week' WHERE id = 130")
    # dates known only to the month or the year (from a URL), and none at all
    a.db.execute("UPDATE articles SET published = substr(published, 1, 7) WHERE id % 10 = 3")
    a.db.execute("UPDATE articles SET published = substr(published, 1, 4) WHERE id % 10 = 4")
    a.db.execute("UPDATE articles SET published = NULL WHERE id % 10 = 5")
    for table in ("photos", "appearances"):
        a.db.execute(f"DELETE FROM {table} WHERE article_id IN (7, 640)")
    a.db.execute("DELETE FROM articles WHERE id IN (7, 640)")
    a.db.conn.commit()
    assert impact.refresh(a.db, common_df=60, list_length=20).mode == "incremental"
    listed = {r[0] for r in a.db.execute("SELECT term FROM search_terms")}
    incremental = stored_vectors(a, listed)
    formats = {("bitmap" if n * 2 > 8 else "offsets", len(freqs) // n) for _, _, n, _, freqs in incremental[0]}
    assert formats == {("bitmap", 1), ("offsets", 1), ("bitmap", 2)}
    assert len(incremental[1]) == 16
    assert impact.refresh(a.db, full=True, common_df=60, list_length=20).mode == "full"
    assert stored_vectors(a, listed) == incremental
    several = [q for q in QUERIES if q["kind"] in ("two", "three", "dated")][:60]
    assert compare(a, several) == {"vectors": 43, "fts-rank": 17}
    windows = [("2015-03-01", "2015-03-31"), ("2015-03-15", "2016-01-10"), ("2016-01-01", None), (None, "2015-12-31")]
    dated = [dict(q, since=since, until=until) for q in several[:20] for since, until in windows]
    assert compare(a, dated) == {"vectors": 56, "fts-rank": 24}
    top = search(a, "guiyang development")
    assert (top.plan, top.hits[0]["id"]) == ("vectors", 70)
    a.close()


def test_a_read_only_archive_ranks_from_the_vectors_too(archive):
    """Datasette opens the file read-only; reading rarer words' postings needs a temporary
    fts5vocab table, which a read-only connection may create."""
    several = [q for q in QUERIES if q["kind"] in ("two", "three")][:12]
    reader = Archive(archive.path, readonly=True)
    try:
        for q in several:
            got, want = search(reader, q["q"]), search(archive, q["q"])
            assert (got.plan, got.total, [(h["id"], h["rank"]) for h in got.hits]) == \
                (want.plan, want.total, [(h["id"], h["rank"]) for h in want.hits])
        assert {search(reader, q["q"]).plan for q in several} == {"vectors", "fts-rank"}
    finally:
        reader.close()


def test_the_three_ways_of_reading_a_terms_postings_agree(tmp_path, monkeypatch):
    """Occurrence by occurrence (most terms), summed per article by SQLite, or read back from bm25
    (terms occurring too often to hold every occurrence in memory): the same vectors and lists."""
    corpus = Corpus()
    a = Archive(tmp_path / "w.db")
    a.save([corpus.article(i, 600) for i in range(600)], seen_at="2025-01-01T00:00:00Z")
    assert impact.refresh(a.db, common_df=60, list_length=20).mode == "full"
    lists = a.db.execute("SELECT * FROM search_terms ORDER BY term").fetchall(), \
        a.db.execute("SELECT * FROM search_postings ORDER BY term, doc").fetchall()
    stored = stored_vectors(a)
    calls = {"scan": 0, "grouped": 0, "from_bm25": 0}
    scan, from_bm25 = vectors.scan, vectors.from_bm25

    def counted_scan(*args, grouped=False):
        calls["grouped" if grouped else "scan"] += 1
        return scan(*args, grouped=grouped)

    def counted_bm25(*args):
        calls["from_bm25"] += 1
        return from_bm25(*args)

    monkeypatch.setattr(vectors, "scan", counted_scan)
    monkeypatch.setattr(vectors, "from_bm25", counted_bm25)
    monkeypatch.setattr(impact, "RAW_OCCURRENCES", 0)
    assert impact.refresh(a.db, full=True, common_df=60, list_length=20).mode == "full"
    assert calls == {"scan": 0, "grouped": 320, "from_bm25": 11}
    assert stored_vectors(a) == stored
    assert (a.db.execute("SELECT * FROM search_terms ORDER BY term").fetchall(),
            a.db.execute("SELECT * FROM search_postings ORDER BY term, doc").fetchall()) == lists
    a.close()
