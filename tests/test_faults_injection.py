"""Injection through the CLI: filter, sort, limit and format options carrying SQL metacharacters are
rejected with exit status 2 (or, for free-text filters, only ever compared as bound values), and the
archive's schema and rows are unchanged afterwards."""

from __future__ import annotations

import json
import sqlite3

import pytest

from archive.store import Archive

from tests.conftest import run_cli

HOSTILE = [
    (("--sort", "date; DROP TABLE articles"), "Error: Invalid value for '--sort'"),
    (("--sort", "a.published DESC, (SELECT 1)"), "Error: Invalid value for '--sort'"),
    (("--limit", "1; DROP TABLE articles"), "Error: Invalid value for '--limit'"),
    (("--limit", "20 OR 1=1"), "Error: Invalid value for '--limit'"),
    (("--limit", "0"), "Error: --limit must be between 1 and 1000"),
    (("--limit", "100000000"), "Error: --limit must be between 1 and 1000"),
    (("--since", "2024-01-01' OR '1'='1"), "Error: --since must be a date like 2024-01-31"),
    (("--until", "2024-12-31); DROP TABLE articles; --"), "Error: --until must be a date like 2024-01-31"),
    (("--portal", "guiyang' OR '1'='1"), "Error: no articles from portal"),
    (("--portal", "x'; DROP TABLE articles; --"), "Error: no articles from portal"),
    (("--level", "city' --"), "Error: --level must be one of"),
    (("--province", "Guizhou'; DROP TABLE articles; --"), "Error: --province must be one of"),
    (("--format", "json; rm -rf /"), "Error: Invalid value for '--format'"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("inject") / "archive.db")
    archive = Archive(path)
    archive.save([{"url": f"https://english.guiyang.gov.cn/2024-01/3{n}/c_{n}.htm",
                   "canonical_url": f"https://english.guiyang.gov.cn/2024-01/3{n}/c_{n}.htm", "portal": "guiyang",
                   "title": f"Metro line {n} opens", "body": "The metro line opens in Guiyang.", "photos": [],
                   "published": f"2024-01-3{n}", "section": ["Home", "News"]} for n in range(2)])
    archive.close()
    return path


def snapshot(db: str):
    conn = sqlite3.connect(db)
    try:
        schema = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
        rows = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "appearances", "photos")}
        return schema, rows
    finally:
        conn.close()


@pytest.mark.parametrize("options, error", HOSTILE, ids=[" ".join(o) for o, _ in HOSTILE])
def test_hostile_options_are_rejected(db, options, error):
    before = snapshot(db)
    result = run_cli("search", "metro", "--db", db, "--format", "json", *options)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr.strip().splitlines()[-1].startswith(error)
    assert snapshot(db) == before


@pytest.mark.parametrize("section", ['x" OR 1=1', "Home > News'; DROP TABLE articles; --"])
def test_free_text_filters_are_bound_values_only(db, section):
    before = snapshot(db)
    result = run_cli("search", "metro", "--db", db, "--format", "json", "--section", section)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.strip() == f"Error: no articles in section {section!r} in this archive (most used: Home > News)"
    assert snapshot(db) == before
    assert before[1] == {"articles": 2, "appearances": 2, "photos": 0}
