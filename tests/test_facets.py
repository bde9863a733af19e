"""Facet counts and filter choices of /-/search, from the narrow ``article_facts`` table and the
``facet_values`` counts its triggers keep (schema m109)."""

from __future__ import annotations

import sqlite3

from archive.datasette_plugin import choices, facet_counts
from archive.store import Archive
from tests.test_search import ARTICLES, art

PORTALS = [{"name": "guiyang", "portal_name": "Guiyang", "hosts": ["english.guiyang.gov.cn"], "family": "F1",
            "level": "city", "province": "Guizhou", "city": "Guiyang"},
           {"name": "eguizhou", "portal_name": "Guizhou", "hosts": ["www.eguizhou.gov.cn"], "family": "F2",
            "level": "province", "province": "Guizhou", "city": None}]


def state(path) -> tuple:
    conn = sqlite3.connect(path)
    facts = conn.execute("SELECT id, portal, level, province, section, published, year FROM article_facts ORDER BY id")
    values = conn.execute("SELECT facet, value, articles FROM facet_values WHERE articles > 0 ORDER BY 1, 2")
    out = facts.fetchall(), values.fetchall(), choices(conn)
    conn.close()
    return out


def test_facts_follow_the_articles_and_the_portals(tmp_path):
    archive = Archive(tmp_path / "f.db")
    archive.save(ARTICLES, seen_at="2025-01-01T00:00:00Z")
    archive.register_portals(PORTALS)  # after the articles: their level and province follow
    facts, values, options = state(tmp_path / "f.db")
    assert facts == [
        (1, "guiyang", "city", "Guizhou", "Home > News", "2024-01-05", "2024"),
        (2, "eguizhou", "province", "Guizhou", "Home > Business", "2024-02-10", "2024"),
        (3, "guiyang", "city", "Guizhou", "Home > News", "2023-04-01", "2023"),
        (4, "guiyang", "city", "Guizhou", "Home > News", "2023-12-26T09:00:00+08:00", "2023"),
        (5, "eguizhou", "province", "Guizhou", "Home > News > Latest", "2024-02-11", "2024")]
    assert values == [("portal", "eguizhou", 2), ("portal", "guiyang", 3), ("section", "Home > Business", 1),
                      ("section", "Home > News", 3), ("section", "Home > News > Latest", 1), ("year", "2023", 2),
                      ("year", "2024", 3)]
    assert options == {"portal": ["eguizhou", "guiyang"], "section": ["Home > Business", "Home > News",
                       "Home > News > Latest"], "year": ["2024", "2023"], "level": ["city", "province"],
                       "province": ["Guizhou"]}
    # a revision that moves an article to another section and year; a portal that changes level
    archive.save([dict(ARTICLES[2], section=["Home", "Business"], published="2022-04-01", title="Tea harvest, updated")],
                 seen_at="2025-02-01T00:00:00Z")
    archive.register_portals([dict(PORTALS[0], level="district")])
    facts, values, options = state(tmp_path / "f.db")
    assert facts[:3] == [(1, "guiyang", "district", "Guizhou", "Home > News", "2024-01-05", "2024"),
                         (2, "eguizhou", "province", "Guizhou", "Home > Business", "2024-02-10", "2024"),
                         (3, "guiyang", "district", "Guizhou", "Home > Business", "2022-04-01", "2022")]
    assert values == [("portal", "eguizhou", 2), ("portal", "guiyang", 3), ("section", "Home > Business", 2),
                      ("section", "Home > News", 2), ("section", "Home > News > Latest", 1), ("year", "2022", 1),
                      ("year", "2023", 1), ("year", "2024", 3)]
    assert options["level"] == ["district", "province"] and options["year"] == ["2024", "2023", "2022"]
    archive.db.execute("DELETE FROM appearances WHERE article_id = 5")
    archive.db.execute("DELETE FROM articles WHERE id = 5")
    assert state(tmp_path / "f.db")[1][-1] == ("year", "2024", 2)
    archive.close()


def test_facet_counts_of_a_query_within_filters(tmp_path, monkeypatch):
    from archive import datasette_plugin

    archive = Archive(tmp_path / "f.db")
    archive.save(ARTICLES + [art(6, "Tourism week", "Tourism fair.", portal="eguizhou", published="2021-05-01",
                                 section=("Home", "Events"))])
    archive.register_portals(PORTALS)
    conn = sqlite3.connect(tmp_path / "f.db")
    expected = {"portal": [("eguizhou", 2), ("guiyang", 1)], "level": [("province", 2), ("city", 1)],
                "province": [("Guizhou", 3)], "section": [("Home > Events", 1), ("Home > News", 1),
                                                          ("Home > News > Latest", 1)],
                "year": [("2024", 2), ("2021", 1)]}
    assert facet_counts(conn, "tourism", {}) == expected
    monkeypatch.setattr(datasette_plugin, "FACET_SCAN", 1)  # the other plan: one pass over the covering index
    assert facet_counts(conn, "tourism", {}) == expected
    assert facet_counts(conn, "tourism", {"level": "province", "since": "2024", "until": "2024"}) == {
        "portal": [("eguizhou", 1)], "level": [("province", 1)], "province": [("Guizhou", 1)],
        "section": [("Home > News > Latest", 1)], "year": [("2024", 1)]}
    assert facet_counts(conn, "贵阳", {"section": "News"})["portal"] == [("guiyang", 1)]  # not 2 (Business)
    conn.close()
    archive.close()


def test_the_migration_fills_the_facts_of_an_existing_archive(tmp_path):
    archive = Archive(tmp_path / "f.db")
    archive.save(ARTICLES, seen_at="2025-01-01T00:00:00Z")
    archive.register_portals(PORTALS)
    archive.close()
    before = state(tmp_path / "f.db")
    conn = sqlite3.connect(tmp_path / "f.db")  # back to the archive as it was before m109
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                                "(name LIKE 'article_facts%' OR name LIKE 'facet_values%')").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.executescript("""DROP VIEW article_facets; DROP TABLE article_facts; DROP TABLE facet_values;
        CREATE VIEW article_facets AS SELECT 1 AS id;
        DELETE FROM _sqlite_migrations WHERE name = 'm109_article_facts';""")
    conn.close()
    Archive(tmp_path / "f.db").close()
    assert state(tmp_path / "f.db") == before
