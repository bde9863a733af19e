"""Export (CSV, JSON Lines) and import: the round trip reproduces the archive's articles."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from archive.clusters import update_clusters
from archive.export import records, stable_id
from archive.store import Archive
from tests.conftest import ROOT, run_cli
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


def build_with_history(path) -> list[str]:
    """An archive whose articles were revised (twice), tombstoned and seen under a second URL;
    returns the canonical URLs."""
    archive = Archive(path)
    items = [dict(i) for i in SYNDICATED + LOOK_ALIKES]
    archive.save(items, seen_at="2024-03-01T00:00:00Z")
    archive.save([dict(items[0], url="https://mirror.example.com/dongguan/c_1.htm")], seen_at="2024-03-02T00:00:00Z")
    archive.save([dict(items[5], body=items[5]["body"] + " Trains run every six minutes.")],
                 seen_at="2024-03-05T00:00:00Z")
    archive.save([dict(items[5], title=items[5]["title"] + " (updated)", body=items[5]["body"] + " Fares start at 2 yuan.")],
                 seen_at="2024-04-01T08:00:00Z")
    archive.save([items[5]], seen_at="2024-04-02T00:00:00Z")  # seen again, unchanged
    archive.tombstone(items[6]["canonical_url"], seen_at="2024-05-01T00:00:00Z")
    update_clusters(archive)
    urls = [r[0] for r in archive.db.execute("SELECT canonical_url FROM articles ORDER BY id")]
    archive.close()
    return urls


def test_export_import_keeps_revisions_tombstones_and_capture_times(tmp_path):
    src, dst, dump = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "all.jsonl"
    urls = build_with_history(src)
    assert run_cli("export", "--all", "--with-body", "--db", str(src), "-o", str(dump)).returncode == 0
    back = run_cli("import", str(dump), "--db", str(dst))
    assert (back.returncode, back.stdout.strip()) == (0, "7 stored, 1 unchanged"), back.stderr
    for url in urls:
        before, after = (run_cli("history", url, "--db", str(db), "--format", "json") for db in (src, dst))
        assert (after.returncode, after.stdout) == (0, before.stdout)
    for url in urls[5:]:
        before, after = (run_cli("history", url, "--db", str(db)).stdout for db in (src, dst))
        assert after == before
    metro = json.loads(run_cli("history", urls[5], "--db", str(dst), "--format", "json").stdout)
    assert [(v["revision"], v["first_seen"], v["last_seen"]) for v in metro["versions"]] == [
        (1, "2024-03-01T00:00:00Z", "2024-03-01T00:00:00Z"), (2, "2024-03-05T00:00:00Z", "2024-03-05T00:00:00Z"),
        (3, "2024-04-01T08:00:00Z", "2024-04-01T08:00:00Z"), (4, "2024-04-02T00:00:00Z", "2024-04-02T00:00:00Z")]
    gone = json.loads(run_cli("history", urls[6], "--db", str(dst), "--format", "json").stdout)
    assert gone["gone"] == "2024-05-01T00:00:00Z"
    copy = Archive(dst)
    assert copy.db.execute("SELECT count(*), min(next_visit IS NULL) FROM articles WHERE gone IS NOT NULL").fetchone() == (1, 1)
    assert copy.db.execute("SELECT count(*) FROM clusters WHERE cluster_id != article_id").fetchone() == (2,)
    copy.close()
    # a second import of the same file changes nothing
    again = run_cli("import", str(dump), "--db", str(dst))
    assert (again.returncode, again.stdout.strip()) == (0, "8 unchanged")
    assert run_cli("history", urls[5], "--db", str(dst)).stdout == run_cli("history", urls[5], "--db", str(src)).stdout


def test_export_takes_the_search_filters(tmp_path):
    build(tmp_path / "a.db")
    db = str(tmp_path / "a.db")

    def exported(*args):
        out = run_cli("export", *args, "--db", db, "--format", "jsonl")
        assert out.returncode == 0, out.stderr
        return [json.loads(line)["archive_id"] for line in out.stdout.splitlines()]

    assert exported('"State Council"', "--portal", "people") == [3]
    assert exported("--portal", "guiyang") == [4, 5, 6, 7]
    assert exported("--portal", "guiyang", "--since", "2024-02", "--until", "2024-02") == [4]
    assert exported("metro", "--since", "2023-12", "--until", "2023") == [6, 7]
    assert exported("--until", "2022") == []
    bad = run_cli("export", "metro", "--since", "2024-13", "--db", db, "-o", str(tmp_path / "x.jsonl"))
    assert (bad.returncode, bad.stderr.strip()) == (
        2, "Error: --since must be a date like 2024-01-31, 2024-01 or 2024, not '2024-13'")
    assert not (tmp_path / "x.jsonl").exists()


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


def record(n: int, **changes) -> dict:
    url = f"https://english.guiyang.gov.cn/2024-01/{n % 28 + 1:02d}/c_{n}.htm"
    rec = {"canonical_url": url, "url": url, "portal": "guiyang", "title": f"Guiyang report {n}",
           "body": f"Report {n} about the city's metro, its parks and its data centers.", "published": "2024-01-31",
           "first_seen": "2024-02-01T00:00:00Z", "last_seen": "2024-02-01T00:00:00Z", "photos": [],
           "appearances": [{"url": url, "canonical_url": url, "portal": "guiyang", "published": "2024-01-31",
                            "first_seen": "2024-02-01T00:00:00Z", "last_seen": "2024-02-01T00:00:00Z"}]}
    rec.update(changes)
    return rec


def test_import_is_all_or_nothing_and_names_the_bad_line(tmp_path):
    db = tmp_path / "a.db"
    Archive(db).save([record(0)])
    dump = tmp_path / "in.jsonl"
    lines = [json.dumps(record(n)) for n in range(1, 701)] + ['{"url": "https://h.gov.cn/x.htm", "oops"']
    dump.write_text("\n".join(lines) + "\n")
    out = run_cli("import", str(dump), "--db", str(db))
    assert (out.returncode, out.stderr.strip()) == (2, "Error: line 701: not JSON (Expecting ':' delimiter)")
    assert Archive(db).counts()["articles"] == 1  # the 700 good lines before it were not kept either


@pytest.mark.parametrize("changes,message", [
    ({"url": "file:///etc/passwd"}, "url is not an http(s) URL: 'file:///etc/passwd'"),
    ({"canonical_url": "javascript:alert(1)"}, "canonical_url is not an http(s) URL: 'javascript:alert(1)'"),
    ({"appearances": [{"url": "javascript:alert(document.cookie)", "canonical_url": "https://h.gov.cn/a.htm",
                       "portal": "guiyang"}]},
     "appearance url is not an http(s) URL: 'javascript:alert(document.cookie)'"),
    ({"photos": [{"src": "data:image/png;base64,AAAA", "caption": "x"}]}, "photo src is not an http(s) URL: 'data:image/png;base64,AAAA'"),
    ({"published": "last Tuesday"}, "published is not an ISO date: 'last Tuesday'"),
    ({"first_seen": "2024-02-30T00:00:00Z"}, "first_seen is not an ISO date: '2024-02-30T00:00:00Z'"),
    ({"pages": 1e309}, "not JSON (Infinity is not a number JSON allows)"),
    ({"pages": float("nan")}, "not JSON (NaN is not a number JSON allows)"),
    ({"title": ["a", "list"]}, "title must be text"),
    ({"gone": "soon"}, "gone is not an ISO date: 'soon'"),
    ({"revisions": [{"revision": 1, "title": "Old", "first_seen": "2024-13-01T00:00:00Z"}]},
     "a revision's first_seen is not an ISO date: '2024-13-01T00:00:00Z'"),
])
def test_hostile_values_are_refused_with_their_line_number(tmp_path, changes, message):
    dump = tmp_path / "in.jsonl"
    dump.write_text(json.dumps(record(1)) + "\n" + json.dumps(record(2, **changes)) + "\n")
    out = run_cli("import", str(dump), "--db", str(tmp_path / "a.db"))
    assert (out.returncode, out.stderr.strip()) == (2, f"Error: line 2: {message}")
    assert Archive(tmp_path / "a.db").counts()["articles"] == 0


def test_control_characters_and_terminal_escapes_are_dropped_at_import(tmp_path):
    dump = tmp_path / "in.jsonl"
    dump.write_text(json.dumps(record(1, title="Metro\x1b[31m line 3\x1b[0m opens\x07", byline="Li\x00 Hua",
                                      body="Line 3\r\nopens.\x1b]0;owned\x07 It has 29 stations.")) + "\n")
    out = run_cli("import", str(dump), "--db", str(tmp_path / "a.db"))
    assert (out.returncode, out.stdout.strip()) == (0, "1 stored"), out.stderr
    row = Archive(tmp_path / "a.db").db.execute("SELECT title, byline, body FROM articles").fetchone()
    assert row == ("Metro line 3 opens", "Li Hua", "Line 3\nopens. It has 29 stations.")
    found = run_cli("search", "metro", "--db", str(tmp_path / "a.db"))
    assert "\x1b" not in found.stdout and "    Metro line 3 opens\n" in found.stdout


def test_a_line_over_the_cap_is_refused_before_it_is_read_whole(tmp_path):
    dump = tmp_path / "in.jsonl"
    head, tail = json.dumps(record(2, body="BODY")).split("BODY")
    with open(dump, "w") as f:  # written a megabyte at a time
        f.write(json.dumps(record(1)) + "\n" + head)
        for _ in range(60):
            f.write("x" * 1024 * 1024)
        f.write(tail + "\n")
    # the command in a child that reports its own peak (VmHWM: this program's, not what fork copied from pytest)
    peak = ("import runpy, sys\nsys.argv = ['portal-archive', *sys.argv[1:]]\ntry:\n"
            "    runpy.run_module('portal_spider', run_name='__main__')\nfinally:\n"
            "    print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1], file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", peak, "import", str(dump), "--db", str(tmp_path / "a.db")],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    message, kilobytes = out.stderr.strip().splitlines()
    assert (out.returncode, message) == (2, "Error: line 2: longer than 16 MB (one article a line)")
    # a 60 MB line read whole (and parsed) would take several times that
    assert int(kilobytes) / 1024 < 120, kilobytes
    assert Archive(tmp_path / "a.db").counts()["articles"] == 0
