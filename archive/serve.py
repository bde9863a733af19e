"""``portal-archive serve``: Datasette on the archive, read-only, with metadata and the plugin
(:mod:`archive.datasette_plugin`).

Datasette opens a mutable database file with ``?mode=ro`` for every query (a crawl may
keep writing to it); ``--immutable`` serves a snapshot.  No plugin or canned query writes.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

FTS = "articles_fts MATCH fts_query(:q)"
HIDDEN = ("articles_fts", "articles_fts_data", "articles_fts_idx", "articles_fts_docsize", "articles_fts_config",
          "articles_cjk", "articles_cjk_data", "articles_cjk_idx", "articles_cjk_content", "articles_cjk_docsize",
          "articles_cjk_config", "cluster_bands", "cluster_state", "_sqlite_migrations", "watches", "article_facts",
          "facet_values")


def metadata(name: str) -> dict:
    """Datasette metadata for an archive served under the database name ``name``."""
    matches = f"a.id IN (SELECT rowid FROM articles_fts WHERE {FTS})"
    tables = {
        "articles": {
            "title": "Articles",
            "description": "One row per article (deduplicated). Search with the archive's query language at /-/search.",
            "facets": ["portal", "section"], "sort_desc": "published", "size": 50,
        },
        "article_facets": {
            "title": "Articles by portal, level, province, section and year",
            "description": "Add ?_q=QUERY (the archive's query language) to facet the matches of a search.",
            "facets": ["portal", "level", "province", "section", "year"], "sort_desc": "published",
        },
        "photos": {"title": "Photos", "description": "Photos of each article, with caption and credit."},
        "appearances": {"title": "Appearances",
                        "description": "Every URL and portal an article was seen under (mirrors, syndicated copies).",
                        "facets": ["portal"]},
        "revisions": {"title": "Revisions", "description": "Earlier versions of edited articles."},
        "runs": {"title": "Crawl runs", "sort_desc": "id"},
        "portals": {"title": "Portals", "description": "Level, province and city of each portal.",
                    "facets": ["level", "province", "family"]},
        "clusters": {"title": "Syndication clusters",
                     "description": "Articles that are copies of one story; cluster_id is the original's id."},
    }
    for hidden in HIDDEN:
        tables[hidden] = {"hidden": True}
    queries = {
        "search": {
            "title": "Search (relevance order)",
            "description": "The archive's query language: words, OR, -word, \"phrases\", prefix*, title:word.",
            "sql": f"""SELECT a.id, a.title, a.portal, a.published,
       snippet(articles_fts, -1, '[', ']', ' … ', 16) AS snippet, a.url
FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
WHERE {FTS}
ORDER BY articles_fts.rank
LIMIT 100""",
        },
        "timeline": {
            "title": "Timeline: matches per month",
            "sql": f"""WITH m AS (SELECT substr(a.published, 1, 7) AS month, count(*) AS matches FROM articles a
           WHERE {matches} AND a.published IS NOT NULL GROUP BY month),
     t AS (SELECT substr(published, 1, 7) AS month, count(*) AS archived FROM articles
           WHERE published >= (SELECT min(month) FROM m) GROUP BY month)
SELECT m.month, m.matches, t.archived FROM m JOIN t ON t.month = m.month ORDER BY m.month""",
        },
        "top_portals": {
            "title": "Top portals for a query",
            "sql": f"""SELECT a.portal, p.level, p.province, count(*) AS matches, min(a.published) AS first,
       max(a.published) AS last
FROM articles a LEFT JOIN portals p ON p.name = a.portal
WHERE {matches}
GROUP BY a.portal ORDER BY matches DESC, a.portal LIMIT 50""",
        },
        "latest_per_portal": {
            "title": "Latest article of each portal",
            "sql": """SELECT a.portal, a.published, a.title, a.url, a.id
FROM articles a
JOIN (SELECT portal, max(published) AS published FROM articles GROUP BY portal) m
  ON m.portal = a.portal AND m.published = a.published
ORDER BY a.published DESC""",
        },
    }
    return {
        "title": "Chinese government portals in English: news archive",
        "description_html": "Articles crawled from the English-language portals of Chinese governments. "
                            "<a href='/-/search'>Search</a> with the archive's query language.",
        "databases": {name: {"tables": tables, "queries": queries}},
    }


#: Every page's SQL stops after this long (plugin pages included: see :mod:`archive.datasette_plugin`).
TIME_LIMIT_MS = 3000


def make_datasette(db_path: str, *, immutable: bool = False, time_limit_ms: int = TIME_LIMIT_MS):
    """A configured Datasette instance (startup hooks already run)."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from . import datasette_plugin

    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name="portal_archive")
    path = str(Path(db_path))
    ds = Datasette(files=[] if immutable else [path], immutables=[path] if immutable else [],
                   metadata=metadata(Path(db_path).stem), template_dir=str(Path(__file__).with_name("templates")),
                   settings={"default_page_size": 50, "sql_time_limit_ms": time_limit_ms, "allow_download": False,
                             "suggest_facets": False})
    asyncio.run(ds.invoke_startup())
    return ds


def run(db_path: str, *, host: str = "127.0.0.1", port: int = 8001, immutable: bool = False) -> int:
    import uvicorn

    ds = make_datasette(db_path, immutable=immutable)
    print(f"serving {db_path} read-only on http://{host}:{port}/ (search: http://{host}:{port}/-/search)", flush=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="info")
    return 0
