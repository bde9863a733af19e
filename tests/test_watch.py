"""Saved searches: add, new since the last look, Atom feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from archive import watch
from archive.query import QueryError
from archive.store import Archive
from tests.conftest import run_cli


def art(n, title, published="2024-01-31"):
    url = f"https://english.guiyang.gov.cn/2024-01/31/c_{n}.htm"
    return {"url": url, "canonical_url": url, "portal": "guiyang", "title": title, "body": f"Text {n} & more.",
            "published": published}


def test_watch_new_lists_only_what_arrived_since_the_last_look(tmp_path):
    archive = Archive(tmp_path / "w.db")
    archive.save([art(1, "Metro Line 1 extended")], seen_at="2024-01-31T00:00:00Z")
    watch.add(archive, "metro", "metro -bus")
    assert watch.new(archive) == {"metro": []}  # what was archived before the watch is not new
    archive.save([art(2, "Metro Line 3 opens"), art(3, "Bus and metro fares"), art(4, "Tea week")],
                 seen_at="2024-02-01T00:00:00Z")
    assert [h["id"] for h in watch.new(archive, "metro", mark=False)["metro"]] == [2]
    assert [h["title"] for h in watch.new(archive)["metro"]] == ["Metro Line 3 opens"]
    assert watch.new(archive) == {"metro": []}
    with pytest.raises(QueryError, match="a watch named 'metro' exists"):
        watch.add(archive, "metro", "subway")
    with pytest.raises(QueryError, match="query has no words to search for"):
        watch.add(archive, "bad", '"')
    with pytest.raises(QueryError, match="a watch name is"):
        watch.add(archive, "../etc", "metro")


def test_cli_and_atom_feed(tmp_path):
    db = str(tmp_path / "w.db")
    archive = Archive(db)
    archive.save([art(1, "Metro <Line> 1", "2024-01-30T09:00:00+08:00")], seen_at="2024-01-31T00:00:00Z")
    assert run_cli("watch", "add", "metro", "metro", "--db", db).stdout == "watching 'metro' as metro\n"
    archive.save([art(2, "Metro Line 3 opens")], seen_at="2024-02-01T00:00:00Z")
    out = run_cli("watch", "new", "--db", db)
    assert out.stdout.splitlines() == [
        "metro: 1 new",
        "  [2] 2024-01-31                guiyang      Metro Line 3 opens",
        "      https://english.guiyang.gov.cn/2024-01/31/c_2.htm"]
    assert run_cli("watch", "new", "--db", db).stdout == "metro: 0 new\n"
    feed_file = tmp_path / "metro.xml"
    assert run_cli("watch", "feed", "metro", "--db", db, "--output", str(feed_file)).returncode == 0
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.parse(feed_file).getroot()
    assert root.find("a:title", ns).text == "portal-archive: metro"
    assert root.find("a:updated", ns).text == "2024-02-01T00:00:00Z"
    entries = [(e.find("a:title", ns).text, e.find("a:link", ns).get("href"), e.find("a:published", ns).text)
               for e in root.findall("a:entry", ns)]
    assert entries == [
        ("Metro Line 3 opens", "https://english.guiyang.gov.cn/2024-01/31/c_2.htm", "2024-01-31T00:00:00Z"),
        ("Metro <Line> 1", "https://english.guiyang.gov.cn/2024-01/31/c_1.htm", "2024-01-30T09:00:00+08:00")]
    missing = run_cli("watch", "feed", "nope", "--db", db)
    assert (missing.returncode, missing.stderr.strip()) == (2, "Error: no watch named 'nope' (see: portal-archive watch list)")
