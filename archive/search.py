"""Full-text search over the archive: the one path every surface (CLI, Python) uses.

User text goes through :func:`archive.query.to_fts_query` and reaches SQLite only
as a bound parameter; filters and sort orders come from allow-lists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .query import QueryError, to_fts_query
from .store import Archive

SORTS = {
    "relevance": "articles_fts.rank",
    "date": "a.published DESC",
}
MAX_LIMIT = 1000


@dataclass
class SearchResult:
    query: str
    fts: str
    total: int
    hits: list[dict] = field(default_factory=list)


def _valid_day(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise QueryError(f"--{name} must be a date like 2024-01-31, not {value!r}") from None


def search(
    archive: Archive,
    text: str,
    *,
    portal: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
    sort: str = "relevance",
) -> SearchResult:
    """Search the archive; raise :class:`QueryError` (a one-line message) on bad input.

    >>> import tempfile, os
    >>> archive = Archive(os.path.join(tempfile.mkdtemp(), "s.db"))
    >>> _ = archive.save([{"url": "https://h.gov.cn/1", "canonical_url": "https://h.gov.cn/1", "portal": "demo",
    ...   "title": "Five-Year Plan unveiled", "body": "The plan covers tourism.", "published": "2024-01-31"}])
    >>> result = search(archive, "five-year")
    >>> result.total, result.hits[0]["title"]
    (1, 'Five-Year Plan unveiled')
    >>> search(archive, "tourism", since="2024-02-01").total
    0
    """
    fts = to_fts_query(text)
    if sort not in SORTS:
        raise QueryError(f"--sort must be one of {', '.join(SORTS)}, not {sort!r}")
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"--limit must be between 1 and {MAX_LIMIT}")
    where = ["articles_fts MATCH :q"]
    params: dict[str, object] = {"q": fts, "limit": limit}
    if portal:
        where.append("a.portal = :portal")
        params["portal"] = portal
    if since := _valid_day(since, "since"):
        where.append("a.published >= :since")
        params["since"] = since
    if until := _valid_day(until, "until"):
        where.append("substr(a.published, 1, 10) <= :until")
        params["until"] = until
    where_sql = " AND ".join(where)
    join = "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
    total = archive.db.execute(f"SELECT count(*) {join} WHERE {where_sql}", params).fetchone()[0]
    rows = archive.db.execute(
        f"""SELECT a.id, a.title, a.portal, a.published, a.url, a.canonical_url, a.source,
                   (SELECT count(DISTINCT portal) FROM appearances p WHERE p.article_id = a.id) AS portals,
                   snippet(articles_fts, -1, '[', ']', ' … ', 16) AS snippet,
                   articles_fts.rank AS rank
            {join} WHERE {where_sql} ORDER BY {SORTS[sort]} LIMIT :limit""",
        params,
    )
    columns = [c[0] for c in rows.description]
    return SearchResult(text, fts, total, [dict(zip(columns, row)) for row in rows.fetchall()])
