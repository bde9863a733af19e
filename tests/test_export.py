"""Export (CSV, JSON Lines) and import: the round trip reproduces the archive's articles."""

from __future__ import annotations

import csv
import io
import json

from archive.clusters import update_clusters
from archive.export import records, stable_id
from archive.store import Archive
from tests.conftest import run_cli
from tests.test_clusters import LOOK_ALIKES, SYNDICATED

ARTICLE_FIELDS = ("canonical_url", "url", "portal", "title", "published", "section", "body", "captions",
                  "content_hash", "first_seen", "last_seen", "byline", "source")


def snapshot(path) -> list:
    archive = Archive(path)
    out = []
    for (article_id,) in archive.db.execute("SELECT id FROM articles ORDER BY canonical_url"):
        a = archive.article(article_id)
        out.append(({k: a[k] for k in ARTICLE_FIELDS}, a["photos"],
                    sorted((p["url"], p["portal"], p["published"], p["first_seen"], p["last_seen"])
                           for p in a["appearances"])))
    archive.close()
    return out


def build(path):
    archive = Archive(path)
    mirror = dict(SYNDICATED[0], url="https://mirror.example.com/dongguan/c_1.htm")  # same text, another URL
    archive.save(SYNDICATED + LOOK_ALIKES, seen_at="2024-03-01T00:00:00Z")
    archive.save([mirror], seen_at="2024-03-02T00:00:00Z")
    update_clusters(archive)
    archive.close()


def test_export_import_round_trip(tmp_path):
    src, dst, dump = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "all.jsonl"
    build(src)
    out = run_cli("export", "--all", "--with-body", "--db", str(src), "-o", str(dump))
    assert (out.returncode, out.stderr.strip()) == (0, "7 article(s) exported")
    first = json.loads(dump.read_text().splitlines()[0])
    assert first["id"] == stable_id(first["canonical_url"])
    assert [a["url"] for a in first["appearances"]] == ["https://dongguan.example.gov.cn/2023-03/14/c_1.htm",
                                                        "https://mirror.example.com/dongguan/c_1.htm"]
    back = run_cli("import", str(dump), "--db", str(dst))
    assert (back.returncode, back.stdout.strip()) == (0, "7 stored, 1 unchanged"), back.stderr
    assert snapshot(dst) == snapshot(src)
    # the same through the API, a few appearances per transaction
    from archive.export import import_records, read_jsonl

    third = Archive(tmp_path / "c.db")
    with open(dump, encoding="utf-8") as lines:
        assert import_records(third, read_jsonl(lines), batch=3) == {"stored": 7, "unchanged": 1}
    third.close()
    assert snapshot(tmp_path / "c.db") == snapshot(src)
    # the copy exports the same lines, except the archive-local ids
    again = run_cli("export", "--all", "--with-body", "--db", str(dst)).stdout.splitlines()
    strip = [{k: v for k, v in json.loads(line).items() if k not in ("archive_id", "cluster_id")}
             for line in dump.read_text().splitlines()]
    assert sorted(map(json.dumps, strip)) == sorted(
        json.dumps({k: v for k, v in json.loads(line).items() if k not in ("archive_id", "cluster_id")})
        for line in again)


def test_csv_export_of_a_query(tmp_path):
    build(tmp_path / "a.db")
    out = run_cli("export", '"State Council"', "--format", "csv", "--db", str(tmp_path / "a.db"))
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["archive_id"], r["portal"], r["portals"], r["cluster_id"]) for r in rows] == [
        ("1", "dongguan", "dongguan", "1"), ("2", "chinadaily", "chinadaily", "1"), ("3", "people", "people", "1")]
    assert json.loads(rows[0]["appearances"])[1]["url"] == "https://mirror.example.com/dongguan/c_1.htm"
    assert "body" not in rows[0]


def test_bad_inputs_are_one_line_errors(tmp_path):
    build(tmp_path / "a.db")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"url": "x"}\n')
    out = run_cli("import", str(bad), "--db", str(tmp_path / "c.db"))
    assert (out.returncode, out.stderr.strip()) == (
        2, "Error: line 1: missing canonical_url, portal, body, appearances (export with --format jsonl --with-body)")
    out = run_cli("export", "--db", str(tmp_path / "a.db"))
    assert (out.returncode, out.stderr.strip()) == (2, "Error: give a QUERY, or --all to export every article")
    assert list(records(Archive(tmp_path / "a.db"), "nomatchatall")) == []


def test_import_clusters_what_it_brings(tmp_path):
    """An import gets the upkeep of every write: its syndicated copies are clustered, then the
    search lists refreshed."""
    src, dst, dump = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "all.jsonl"
    archive = Archive(src)
    archive.save(SYNDICATED[:2] + LOOK_ALIKES, seen_at="2024-03-01T00:00:00Z")  # two copies of one story, unclustered
    archive.close()
    assert run_cli("export", "--all", "--with-body", "--db", str(src), "-o", str(dump)).returncode == 0
    back = run_cli("import", str(dump), "--db", str(dst))
    assert (back.returncode, back.stdout.strip()) == (0, "6 stored"), back.stderr
    copy = Archive(dst)
    assert copy.db.execute("SELECT a.portal FROM clusters c JOIN articles a ON a.id = c.article_id "
                           "ORDER BY a.portal").fetchall() == [("chinadaily",), ("dongguan",)]
    assert copy.db.execute("SELECT count(DISTINCT cluster_id) FROM clusters").fetchone()[0] == 1
    assert copy.db.execute("SELECT value FROM search_state WHERE key = 'built_max'").fetchone() == ("6",)
    copy.close()
