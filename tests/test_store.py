"""The archive store on real SQLite files: dedup, revisions, FTS kept in sync."""

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from archive.store import Archive, ArchiveError


def article(url, title="Guiyang Metro Line 3 opens", body="Line 3 links Baiyun and Huaxi.\n\nIt has 29 stations.",
            portal="guiyang", published="2024-01-31T18:17:01+08:00", photos=None, canonical=None):
    return {
        "url": url, "canonical_url": canonical or url.replace("http://", "https://"), "portal": portal,
        "title": title, "body": body, "published": published, "published_utc": None, "date_precision": "second",
        "date_raw": published, "date_source": "printed", "photos": photos or [], "section": ["Home", "News"],
    }


@pytest.fixture
def archive(tmp_path):
    a = Archive(tmp_path / "a.db")
    yield a
    a.close()


def test_new_article_is_stored_with_photos_and_appearance(archive):
    photos = [{"src": "https://h/1.jpg", "caption": "A train at Baiyun station.", "credit": "guiyang.gov.cn"}]
    assert archive.save([article("https://english.guiyang.gov.cn/2024-01/31/c_1.htm", photos=photos)]) == ["stored"]
    row = archive.article(1)
    assert row["title"] == "Guiyang Metro Line 3 opens"
    assert row["section"] == "Home > News"
    assert row["captions"] == "A train at Baiyun station."
    assert row["photos"] == [{"src": "https://h/1.jpg", "caption": "A train at Baiyun station.", "credit": "guiyang.gov.cn"}]
    assert [a["url"] for a in row["appearances"]] == ["https://english.guiyang.gov.cn/2024-01/31/c_1.htm"]


def test_same_url_twice_is_unchanged(archive):
    a = article("https://english.guiyang.gov.cn/2024-01/31/c_1.htm")
    assert archive.save([a]) == ["stored"]
    assert archive.save([a]) == ["unchanged"]
    assert archive.counts() == {"articles": 1, "photos": 0, "appearances": 1, "revisions": 0}


def test_mirror_url_with_same_canonical_is_one_article_two_appearances(archive):
    canonical = "https://english.guiyang.gov.cn/nanming/2024-03/21/c_5.htm"
    first = article("https://nanming.english.guiyang.gov.cn/2024-03/21/c_5.htm", canonical=canonical)
    second = article("https://english.guiyang.gov.cn/nanming/2024-03/21/c_5.htm", canonical=canonical)
    assert archive.save([first, second]) == ["stored", "unchanged"]
    assert archive.counts()["articles"] == 1
    assert archive.counts()["appearances"] == 2


def test_same_text_on_another_portal_is_a_duplicate_keeping_the_earliest_date(archive):
    later = article("https://www.eguizhou.gov.cn/2024-03/02/c_9.htm", portal="eguizhou", published="2024-03-02")
    earlier = article("https://english.guiyang.gov.cn/2024-03/01/c_8.htm", published="2024-03-01T16:05+08:00")
    assert archive.save([later]) == ["stored"]
    assert archive.save([earlier]) == ["duplicate"]
    row = archive.article(1)
    assert row["published"] == "2024-03-01T16:05+08:00"
    assert sorted((a["portal"], a["url"]) for a in row["appearances"]) == [
        ("eguizhou", "https://www.eguizhou.gov.cn/2024-03/02/c_9.htm"),
        ("guiyang", "https://english.guiyang.gov.cn/2024-03/01/c_8.htm"),
    ]


def test_near_duplicates_with_shared_figures_stay_apart(archive):
    a = article("https://h/2024-02/23/c_1.htm", title="Nanming's economy grows",
                body="Nanming's GDP reached 26.71 billion yuan in 2023, up 5.2 percent.")
    b = article("https://h/2024-03/21/c_2.htm", title="Nanming attracts investment",
                body="With 26.71 billion yuan of output, Nanming signed 12 new projects in March.")
    assert archive.save([a, b]) == ["stored", "stored"]


def test_changed_text_at_same_url_is_a_revision_keeping_the_old_version(archive):
    url = "https://english.guiyang.gov.cn/2023-12/15/c_2.htm"
    old_body, new_body = "Line 3 has 29 stations. It links Baiyun and Huaxi.", "Line 3 has 30 stations. It links Baiyun and Huaxi."
    archive.save([article(url, title="Metro line 3 opens", body=old_body)], seen_at="2024-01-01T00:00:00Z")
    assert archive.save([article(url, title="Metro line 3 opens to passengers", body=new_body)],
                        seen_at="2024-01-02T00:00:00Z") == ["revised"]
    row = archive.article(1)
    assert (row["title"], row["revision"], row["first_seen"], row["updated"]) == (
        "Metro line 3 opens to passengers", 2, "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z")
    old = list(archive.db["revisions"].rows)
    assert [(r["revision"], r["title"], r["body"], r["first_seen"], r["last_seen"]) for r in old] == [
        (1, "Metro line 3 opens", old_body, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z")]
    # the FTS index follows the update
    hits = archive.db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH '29'").fetchall()
    assert hits == []
    assert archive.db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH '30'").fetchall() == [(1,)]


def test_another_text_at_a_known_url_is_a_conflict_and_the_article_is_kept(archive):
    url = "https://english.guiyang.gov.cn/2023-12/15/c_2.htm"
    archive.save([article(url)], seen_at="2024-01-01T00:00:00Z")
    other = article(url, title="Tea growers court European buyers",
                    body="Exports of Guizhou tea reached 2,800 tons last year, and growers hope to double them.")
    assert archive.save([other], seen_at="2024-01-02T00:00:00Z") == ["conflict"]
    row = archive.article(1)
    assert (row["title"], row["revision"], row["last_seen"]) == ("Guiyang Metro Line 3 opens", 1, "2024-01-01T00:00:00Z")
    assert archive.counts() == {"articles": 1, "photos": 0, "appearances": 1, "revisions": 0}
    assert archive.db.execute("SELECT url, outcome, article_id FROM fetches WHERE fetched_at = '2024-01-02T00:00:00Z'"
                              ).fetchall() == [(url, "conflict", 1)]


@pytest.mark.parametrize("title,body", [
    ("502 Bad Gateway", "nginx"),
    ("Service Unavailable", "The server is temporarily unable to service your request due to maintenance downtime."),
    ("页面不存在", "抱歉，您访问的页面不存在或已被删除！"),
])
def test_error_pages_are_never_stored_nor_merged(archive, title, body):
    urls = [f"https://english.guiyang.gov.cn/2024-06/0{n}/c_{n}.htm" for n in (1, 2, 3)]
    saved = archive.save([article(u, title=title, body=body) for u in urls], seen_at="2024-06-01T00:00:00Z")
    assert saved == ["soft-error"] * 3
    assert archive.counts()["articles"] == 0
    assert archive.known_urls(urls, now="2024-06-01T00:00:01Z") == set()  # fetched again at the next run


def test_transient_rejections_are_fetched_again_with_back_off(archive):
    url = "https://english.guiyang.gov.cn/2024-06/01/c_1.htm"
    listing = "https://english.guiyang.gov.cn/2024-06/01/c_2.htm"
    archive.save([], fetches=[{"url": url, "canonical_url": url, "outcome": "soft-error", "portal": "guiyang",
                               "fetched_at": "2024-06-01T00:00:00Z"},
                              {"url": listing, "canonical_url": listing, "outcome": "not-article", "portal": "guiyang",
                               "fetched_at": "2024-06-01T00:00:00Z"}])
    assert archive.known_urls([url, listing], now="2024-06-01T00:00:01Z") == {listing}  # the next run tries again
    archive.save([], fetches=[{"url": url, "canonical_url": url, "outcome": "blocked-challenge", "portal": "guiyang",
                               "fetched_at": "2024-06-01T06:00:00Z"}])
    # two in a row: an hour's rest, then due again
    assert archive.known_urls([url], now="2024-06-01T06:59:59Z") == {url}
    assert archive.known_urls([url], now="2024-06-01T07:00:00Z") == set()


def test_fts_integrity_and_sqlite_utils_search_work_on_the_file(archive, tmp_path):
    archive.save([article("https://h/2024-01/31/c_1.htm"), article("https://h/2024-01/31/c_2.htm", title="Tea harvest",
                                                                   body="Duyun tea pickers start early.")])
    archive.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    assert archive.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    out = subprocess.run([sys.executable, "-m", "sqlite_utils", "search", str(tmp_path / "a.db"), "articles", "tea"],
                         capture_output=True, text=True, check=True).stdout
    assert [r["title"] for r in json.loads(out)] == ["Tea harvest"]


def test_title_outranks_body(archive):
    archive.save([
        article("https://h/1", title="Metro news", body="Buses run late. " * 3 + "A metro station opens."),
        article("https://h/2", title="Bus timetable", body="The metro and the metro and the metro."),
    ])
    rows = archive.db.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'metro' ORDER BY rank").fetchall()
    assert rows == [(1,), (2,)]


def test_wal_mode_and_schema_version(archive):
    assert archive.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    from archive.schema import migrations

    applied = [r["name"] for r in archive.db["_sqlite_migrations"].rows]
    assert applied[:2] == ["m001_initial", "m002_fetches_warc_revisits"]
    assert migrations.pending(archive.db) == []
    # the FTS settings live in the index itself: bm25 weights, and merges in groups of 8 (faster ingest)
    config = dict(archive.db.execute("SELECT k, v FROM articles_fts_config").fetchall())
    assert (config["rank"], config["automerge"]) == ("bm25(10.0, 4.0, 1.0)", 8)


def test_reopening_an_archive_applies_nothing_twice(tmp_path):
    Archive(tmp_path / "a.db").close()
    again = Archive(tmp_path / "a.db")
    names = [r["name"] for r in again.db["_sqlite_migrations"].rows]
    assert len(names) == len(set(names))


def test_missing_archive_is_a_clear_error(tmp_path):
    with pytest.raises(ArchiveError, match=r"no archive at .*missing.db"):
        Archive(tmp_path / "missing.db", create=False)
    with pytest.raises(ArchiveError, match="is a directory"):
        Archive(tmp_path)


def sha256(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    before = sha256(bad)
    with pytest.raises(ArchiveError, match=r"^.*bad.db is not a portal archive \(not an SQLite database\); not opening it$"):
        Archive(bad)
    assert sha256(bad) == before


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path):
    other = tmp_path / "other-app.db"
    conn = sqlite3.connect(other)
    conn.executescript("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');"
                       "CREATE TABLE tags (name TEXT);")
    conn.close()
    before = sha256(other)
    for readonly in (False, True):
        with pytest.raises(ArchiveError, match=r"other-app.db is not a portal archive \(an SQLite database of another "
                                               r"program: tables notes, tags\); not opening it$"):
            Archive(other, create=not readonly, readonly=readonly)
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA application_id = 1234")
    conn.close()
    marked = sha256(other)
    with pytest.raises(ArchiveError, match=r"application id 0x000004d2\); not opening it$"):
        Archive(other)
    assert sha256(other) == marked != before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other-app.db"]  # no -wal, -shm or lock left beside it


def test_archives_carry_the_application_id_also_those_made_before_it(tmp_path):
    from archive.schema import APPLICATION_ID, migrations

    path = tmp_path / "a.db"
    Archive(path).close()
    assert int.from_bytes(path.read_bytes()[68:72], "big") == APPLICATION_ID == int.from_bytes(b"PArc", "big")
    # an archive made before the marker: application id 0, its migrations recorded
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 0")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_application_id'")
    conn.commit()
    conn.close()
    old = Archive(path)
    assert old.db.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    assert migrations.pending(old.db) == []


def test_read_only_open_of_a_read_only_file_and_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    archive = Archive(folder / "a.db")
    archive.save([article("https://english.guiyang.gov.cn/2024-01/31/c_1.htm")])
    archive.close()
    (folder / "a.db").chmod(0o444)
    folder.chmod(0o555)
    try:
        ro = Archive(folder / "a.db", create=False, readonly=True)
        assert ro.counts()["articles"] == 1
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            ro.db.execute("DELETE FROM articles")
        ro.close()
    finally:
        folder.chmod(0o755)


def test_archive_package_never_imports_scrapy():
    code = "import sys, portal_spider.cli, archive.store, archive.search; print('scrapy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_one_batch_gives_the_same_outcomes_as_one_save_per_article(tmp_path):
    """A batch is looked up with three queries; repeats inside the batch must still be seen."""
    def page(n, text, portal="guiyang", url=None):
        url = url or f"https://english.{portal}.gov.cn/2024-01/31/c_{n}.htm"
        return {"url": url, "canonical_url": url, "portal": portal, "title": f"Title {text}",
                "body": f"Body about {text}.", "published": "2024-01-31", "photos": []}

    batch = [page(n, f"story {n}") for n in range(10)]
    batch += [page(1, "story 1"),                                   # same URL, same text
              page(2, "story 2", portal="eguizhou"),                 # same text elsewhere
              page(3, "story 3 revised"),                            # same URL, new text
              page(20, "story 20"), page(20, "story 20"),            # new, then repeated
              page(21, "story 4", url="https://english.guiyang.gov.cn/2024-01/31/c_4.htm?x=1")]
    batch[-1]["canonical_url"] = batch[4]["canonical_url"]           # a mirror URL of story 4
    together = Archive(tmp_path / "one.db").save(batch, seen_at="2025-01-01T00:00:00Z")
    alone = Archive(tmp_path / "each.db")
    one_by_one = [alone.save([item], seen_at="2025-01-01T00:00:00Z")[0] for item in batch]
    assert together == one_by_one == ["stored"] * 10 + ["unchanged", "duplicate", "revised", "stored", "unchanged",
                                                         "unchanged"]
    for name in ("one.db", "each.db"):
        db = sqlite_utils.Database(tmp_path / name)
        assert [db[t].count for t in ("articles", "appearances", "revisions", "fetches")] == [11, 13, 1, 16]
