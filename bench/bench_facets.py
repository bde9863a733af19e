#!/usr/bin/env python3
"""Facets at scale: the counts /-/search shows beside its hits, and the ``article_facets`` view's
facets in Datasette, on a synthetic archive (bench_search's generator: 20 portals, 4 sections,
dates in order, written through the real ``Archive.save``).

Figures (ms, best of 3 per query; target 200 ms at 100,000 articles, Datasette's facet limit):

* ``facets_p50`` / ``facets_p95``: :func:`archive.datasette_plugin.facet_counts` (portal, level,
  province, section, year) over the benchmark's queries, against the same counts made from the
  article rows (baseline: ``GROUP BY`` over ``articles`` joined with ``portals``, as before m109);
* ``view_<facet>``: the SQL Datasette runs for each facet of ``article_facets?_q=WORD`` (the most
  common query word), whose ``year`` facet timed out at 21,500 articles before m109.

Usage: python bench/bench_facets.py [--size 100000] [--keep DIR] [--queries 50]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import PORTALS, Corpus  # noqa: E402

from archive.datasette_plugin import facet_counts  # noqa: E402
from archive.search import match_condition  # noqa: E402
from archive.store import Archive  # noqa: E402


def best(fn, n: int = 3) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return 1000 * min(times)


def build(path: Path, size: int) -> None:
    if path.exists():
        return
    archive, corpus = Archive(path), Corpus(seed=3)
    for start in range(0, size, 2000):
        archive.save([corpus.article(i, size) for i in range(start, min(size, start + 2000))],
                     seen_at="2025-01-01T00:00:00Z")
    archive.register_portals([{"name": p, "level": "city" if i % 2 else "province", "province": f"P{i % 5}"}
                              for i, p in enumerate(PORTALS)])
    archive.close()


def from_rows(conn, text: str) -> None:
    condition, params = match_condition(text)
    for expr in ("a.portal", "p.level", "p.province", "a.section", "substr(a.published, 1, 4)"):
        conn.execute(f"""SELECT {expr}, count(*) FROM articles a LEFT JOIN portals p ON p.name = a.portal
                         WHERE {condition} GROUP BY 1""", params).fetchall()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--keep", help="folder to keep (and reuse) the archive in")
    args = parser.parse_args(argv)
    folder = Path(args.keep or tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"facets-{args.size}.db"
    build(path, args.size)
    Archive(path).close()  # migrations
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    queries = [q["q"] for q in Corpus(seed=3).queries(args.queries, seed=11)]
    ours = [best(lambda: facet_counts(conn, q, {})) for q in queries]
    rows = [best(lambda: from_rows(conn, q), n=1) for q in queries[:10]]
    print(f"facets_p50 {statistics.median(ours):.0f} ms, facets_p95 {sorted(ours)[int(0.95 * len(ours))]:.0f} ms, "
          f"max {max(ours):.0f} ms (baseline from article rows: p50 {statistics.median(rows):.0f} ms over 10 queries)")
    word = "guiyang"
    matches = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", [word]).fetchone()[0]
    for facet in ("portal", "level", "province", "section", "year"):
        sql = (f"SELECT {facet} AS value, count(*) AS count FROM (SELECT * FROM article_facets WHERE id IN "
               f"(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)) WHERE {facet} IS NOT NULL "
               f"GROUP BY {facet} ORDER BY count DESC, value LIMIT 31")
        print(f"view_{facet} ({word!r}: {matches:,} of {args.size:,} articles) {best(lambda: conn.execute(sql, [word]).fetchall()):.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
