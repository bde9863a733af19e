"""Full-text search over the archive: the one path every surface (CLI, Datasette, Python) uses.

User text goes through :func:`archive.query.compile_query` and reaches SQLite only
as bound parameters; filters, sort orders and limits come from allow-lists.

A search by relevance asks the fast ranker (:mod:`archive.ranker`, plans ``impact`` and
``vectors``) first: for queries of words with a common one, it ranks from the search lists
what FTS5 would rank, to the last bit, without scoring every match.  When it cannot prove
a page, one of these plans is chosen once, from the query, the filters and the sort order
(all exact: each returns the same rows a plain ``ORDER BY`` over every match would):

* ``fts-rank``: FTS5 ``ORDER BY rank`` (bm25 title 10 > captions 4 > body 1, stored in
  the index's ``rank`` setting) and nothing else, so FTS5 sorts inside the index; a date
  window becomes a rowid window first (``rowid BETWEEN``, from the ``published`` index),
  which FTS5 applies while reading the postings; snippets are made for the returned rows
  only (a second, rowid-pinned lookup).  Cost: FTS5's bm25 counts every posting of each
  phrase for its IDF (~30 ns a posting) and scores every match (~1.5-2 µs).
* ``fts-rank-window``, with ``fast``: when more than :data:`RANK_ALL` articles match, only
  the newest :data:`RANK_WINDOW` matches are ranked (reported in ``ranked_within``):
  bounded time, exact within that window, but an older, better match can be missed, so
  it is never the default.
* ``fts-date-sort`` / ``fts-date-index``: newest first.  A document-frequency probe (a
  count of at most :data:`COMMON` matches) picks the plan: for rare queries, sort the few
  matches; for common ones, walk the ``published`` index newest first and test each
  article against the index by rowid, stopping after ``limit`` hits.
* ``chinese-trigram``: Chinese words, from the trigram index ``articles_cjk`` (see
  :mod:`archive.query`), newest first.

Syndicated copies (see :mod:`archive.clusters`) collapse to one hit per cluster, with the
other portals that published the story, unless ``all_copies`` is set; ``offset`` pages through
the hits (stories) in the same order.  Snippets are made for the returned hits only, from
the first :data:`SNIPPET_WINDOW` characters of each body.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sqlite3
import threading
from dataclasses import dataclass, field, replace
from typing import Callable

from . import ranker
from .query import CompiledQuery, QueryError, compile_query
from .store import Archive

SORTS = ("relevance", "date")
MAX_LIMIT = 1000
#: Paging goes this deep (each page past the first skips the hits before it).
MAX_OFFSET = 10_000_000
#: Counting stops here (FTS5 counts ~4 million matches a second); a larger total is reported
#: as a lower bound (``total_capped``), except for a lone common word, whose count is known.
COUNT_CAP = 10_000
#: A query with at least this many matches is "common" for the date-order plan.
COMMON = 2_000
SNIPPET_TOKENS = 16
#: Snippets and highlights are made from at most this many characters of each body (after the
#: title and captions), so that a huge body costs no more than a long article.
SNIPPET_WINDOW = 32_000
#: The tokenizer of ``articles_fts`` (see :mod:`archive.schema`), for the snippet windows.
FTS_TOKENIZER = "porter"
#: Relevance with ``fast``: up to this many matches are all scored (bm25 costs ~1.5-2 µs a match);
#: beyond it, only the newest RANK_WINDOW matches are ranked (plan ``fts-rank-window``).
RANK_ALL = 8_000
RANK_WINDOW = 5_000


@dataclass
class SearchResult:
    query: str
    fts: str
    total: int
    hits: list[dict] = field(default_factory=list)
    total_capped: bool = False
    plan: str = ""
    #: With plan ``fts-rank-window``: how many of the newest matches were ranked (``None``: all were).
    ranked_within: int | None = None
    #: How many hits (stories, unless ``all_copies``) come before this page, in the same order.
    offset: int = 0


_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2}))?$")


def valid_day(value: str | None, name: str) -> str | None:
    """A YYYY-MM-DD bound (``--since``/``--until``), or a year or month meaning its whole span
    (``--since`` its first day, ``--until`` its last), or a one-line QueryError.

    >>> valid_day("2024", "since"), valid_day("2024", "until"), valid_day("2024-02", "until")
    ('2024-01-01', '2024-12-31', '2024-02-29')
    >>> valid_day("2024-13", "until")
    Traceback (most recent call last):
    archive.query.QueryError: --until must be a date like 2024-01-31, 2024-01 or 2024, not '2024-13'
    """
    if value is None or value == "":
        return None
    text = str(value).strip()
    try:
        period = _PERIOD.match(text)
        if period is None:
            return dt.date.fromisoformat(text).isoformat()
        first = dt.date(int(period[1]), int(period[2] or 1), 1)
        if name != "until":
            return first.isoformat()
        after = dt.date(first.year + 1, 1, 1) if period[2] is None or first.month == 12 else \
            first.replace(month=first.month + 1)
        return (after - dt.timedelta(days=1)).isoformat()
    except ValueError:
        raise QueryError(f"--{name} must be a date like 2024-01-31, 2024-01 or 2024, not {value!r}") from None


def valid_offset(offset) -> int:
    """How many hits to skip (``--offset``): 0 or more, or a one-line QueryError.

    >>> valid_offset("40"), valid_offset(0)
    (40, 0)
    """
    if isinstance(offset, str) and offset.strip().isdecimal():
        offset = int(offset)
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"--offset must be between 0 and {MAX_OFFSET:,}")
    return offset


def valid_limit(limit, maximum: int = MAX_LIMIT) -> int:
    """A page size in 1..maximum, or a one-line QueryError.

    >>> valid_limit("20"), valid_limit(5)
    (20, 5)
    >>> valid_limit("²")  # a digit to str.isdigit(), not to int()
    Traceback (most recent call last):
    archive.query.QueryError: --limit must be between 1 and 1000
    """
    if isinstance(limit, str) and limit.strip().isdecimal():
        limit = int(limit)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= maximum:
        raise QueryError(f"--limit must be between 1 and {maximum}")
    return limit


@dataclass
class Filters:
    """Validated filters, rendered as SQL on ``a`` (articles) with named parameters."""

    portal: str | None = None
    level: str | None = None
    province: str | None = None
    section: str | None = None
    since: str | None = None
    until: str | None = None

    def undated(self) -> "Filters":
        """The filters besides the dates."""
        return replace(self, since=None, until=None)

    def sql(self) -> tuple[list[str], dict]:
        where, params = [], {}
        if self.portal:
            where.append("a.portal = :portal")
            params["portal"] = self.portal
        if self.level or self.province:
            cond = ["p.name = a.portal"]
            for key in ("level", "province"):
                if getattr(self, key):
                    cond.append(f"p.{key} = :{key}")
                    params[key] = getattr(self, key)
            where.append(f"EXISTS (SELECT 1 FROM portals p WHERE {' AND '.join(cond)})")
        if self.section:
            # the section's path anywhere in the breadcrumb: "News" and "Home > News" both find
            # "Home > News" and its subsections ("Home > News > Latest")
            where.append(f"{SECTION_PATH} LIKE :section_parts ESCAPE '\\'")
            params["section_parts"] = "% > " + _like_escape(" > ".join(_parts(self.section))) + " > %"
        dates, values = self.date_sql()
        return where + dates, {**params, **values}

    def date_sql(self) -> tuple[list[str], dict]:
        """The date window on ``a.published``; an article dated only by its month or year
        (``2024-07``, from a URL) is in the window when that month or year overlaps it."""
        where, params = [], {}
        if self.since:
            where.append("(a.published >= :since OR a.published IN (:since_month, :since_year))")
            params.update(since=self.since, since_month=self.since[:7], since_year=self.since[:4])
        if self.until:
            # "2024-07" sorts before "2024-07-01": a month (or year) that starts after the window is not in it
            nxt = _next_day(self.until)
            where.append("a.published < :until_next AND a.published NOT IN (:until_next_month, :until_next_year)")
            params.update(until_next=nxt, until_next_month=nxt[:7] if nxt.endswith("-01") else "-",
                          until_next_year=nxt[:4] if nxt.endswith("-01-01") else "-")
        return where, params


#: An article's breadcrumb with " > " at both ends, so that a path matches whole parts only.
SECTION_PATH = "(' > ' || a.section || ' > ')"


def _parts(section: str) -> list[str]:
    """>>> _parts(" Home >News > ")
    ['Home', 'News']
    """
    return [p.strip() for p in section.split(">") if p.strip()]


def _like_escape(text: str) -> str:
    return re.sub(r"([\\%_])", r"\\\1", text)


def _next_day(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def make_filters(archive: Archive, *, portal=None, level=None, province=None, section=None, since=None,
                 until=None) -> Filters:
    """Check each filter against what the archive holds (allow-lists); raise QueryError otherwise."""
    f = Filters(since=valid_day(since, "since"), until=valid_day(until, "until"), section=section or None)
    if f.since and f.until and f.since > f.until:
        raise QueryError(f"--since {f.since} is after --until {f.until}")
    db = archive.db
    if portal:
        if not db.execute("SELECT 1 FROM articles WHERE portal = ? LIMIT 1", [portal]).fetchone():
            known = [r[0] for r in db.execute("SELECT name FROM portals ORDER BY name")]
            hint = f" (known: {', '.join(known[:12])}{', ...' if len(known) > 12 else ''})" if known else ""
            raise QueryError(f"no articles from portal {portal!r} in this archive{hint}")
        f.portal = portal
    for key, value in (("level", level), ("province", province)):
        if value:
            known = [r[0] for r in db.execute(f"SELECT DISTINCT {key} FROM portals WHERE {key} IS NOT NULL ORDER BY 1")]
            match = next((k for k in known if k.lower() == str(value).lower()), None)
            if match is None:
                raise QueryError(f"--{key} must be one of: {', '.join(known) or '(no portals registered yet)'}")
            setattr(f, key, match)
    if f.section and len(f.section) > 200:
        raise QueryError("--section is too long")
    if f.section and not _parts(f.section):
        raise QueryError("--section needs a name, like 'News' or 'Home > News'")
    if f.section and not db.execute(f"SELECT 1 FROM articles a WHERE {SECTION_PATH} LIKE :section_parts ESCAPE '\\' "
                                    "LIMIT 1", f.sql()[1]).fetchone():

        known = [r[0] for r in db.execute("SELECT section FROM articles WHERE section IS NOT NULL "
                                          "GROUP BY section ORDER BY count(*) DESC, section LIMIT 8")]
        hint = f" (most used: {'; '.join(known)})" if known else ""
        raise QueryError(f"no articles in section {f.section!r} in this archive{hint}")
    return f


def search(
    archive: Archive,
    text: str,
    *,
    portal: str | None = None,
    level: str | None = None,
    province: str | None = None,
    section: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
    offset: int = 0,
    sort: str = "relevance",
    all_copies: bool = False,
    fast: bool = False,
) -> SearchResult:
    """Search the archive; raise :class:`QueryError` (a one-line message) on bad input.

    >>> import tempfile, os
    >>> archive = Archive(os.path.join(tempfile.mkdtemp(), "s.db"))
    >>> _ = archive.save([{"url": "https://h.gov.cn/1", "canonical_url": "https://h.gov.cn/1", "portal": "demo",
    ...   "title": "Five-Year Plan unveiled", "body": "The plan covers tourism.", "published": "2024-01-31"}])
    >>> result = search(archive, "five-year")
    >>> result.total, result.hits[0]["title"], result.hits[0]["snippet"]
    (1, 'Five-Year Plan unveiled', '[Five-Year] Plan unveiled')
    >>> search(archive, "tourism", since="2024-02-01").total
    0
    >>> search(archive, "tourism", until="2024").total, search(archive, "tourism", offset=1).hits
    (1, [])
    """
    query = compile_query(text)
    if sort not in SORTS:
        raise QueryError(f"--sort must be one of {', '.join(SORTS)}, not {sort!r}")
    limit = valid_limit(limit)
    offset = valid_offset(offset)
    filters = make_filters(archive, portal=portal, level=level, province=province, section=section,
                           since=since, until=until)
    db = archive.db
    if not all_copies and db.execute("SELECT 1 FROM clusters LIMIT 1").fetchone() is None:
        all_copies = True  # no syndication clusters yet: every article is its own story
    found = None
    if sort == "relevance" and not query.cjk:
        found = _ranked(db, query, filters, limit, offset, all_copies)  # the fast ranker; None: FTS5 ranks
    if found is None:
        plan = _plan(db, query, filters, sort, fast)
        total, capped = plan.count(db)
        found = _Found(_collect(functools.partial(plan.rows, db), limit, offset, all_copies), total, capped,
                       plan.name, plan.ranked_within)
    _decorate(db, query, found.hits, all_copies)
    return SearchResult(text, query.fts, found.total, found.hits, found.capped, found.plan, found.ranked_within,
                        offset)


_COLUMNS = """a.id, a.title, a.portal, a.published, a.url, a.canonical_url, a.source, a.section,
              coalesce(c.cluster_id, a.id) AS cluster_id"""
_CLUSTERS = " LEFT JOIN clusters c ON c.article_id = a.id"


@dataclass(frozen=True)
class _Found:
    hits: list[dict]
    total: int
    capped: bool
    plan: str
    ranked_within: int | None = None


def _collect(rows: Callable[[int, int], list[dict] | None], limit: int, offset: int, all_copies: bool
             ) -> list[dict] | None:
    """The ``limit`` hits after the first ``offset``, one per cluster unless ``all_copies``, from
    ``rows(n, offset)`` (the matches in order, ``n`` at a time; None: that page cannot be had)."""
    hits: list[dict] = []
    seen_clusters: set[int] = set()
    # with one hit per story, the stories before the page are counted from the first match
    position, batch = (offset, limit) if all_copies else (0, min(max(limit * 3, (offset + limit) * 2), 10_000))
    skip = 0 if all_copies else offset
    while len(hits) < limit:
        page = rows(batch, position)
        if page is None:
            return None
        for row in page:
            if not all_copies:
                if row["cluster_id"] in seen_clusters:
                    continue
                seen_clusters.add(row["cluster_id"])
                if skip:
                    skip -= 1
                    continue
            hits.append(row)
            if len(hits) == limit:
                break
        if len(page) < batch:
            break
        position += batch
    return hits


def _ranked(db, query: CompiledQuery, filters: Filters, limit: int, offset: int, all_copies: bool) -> _Found | None:
    """The hits as the fast ranker (:mod:`archive.ranker`) ranks them, or None when it cannot prove
    every page needed."""
    matches = functools.cache(lambda: _Matches.of(db, query, filters).count(db, COUNT_CAP + 1))
    wanted = ranker.Filters(filters.since, filters.until, _keeper(db, filters), _keeper(db, filters.undated()),
                            matches)
    pages: list[ranker.Page] = []

    def rows(n: int, offset: int) -> list[dict] | None:
        page = ranker.page(db.conn, query.conjunction, wanted, offset, n)
        if page is None:
            return None
        pages.append(page)
        return _articles(db, page.ranked)

    hits = _collect(rows, limit, offset, all_copies)
    if hits is None:
        return None
    if pages[0].total is not None:  # every match ranked: the exact total
        return _Found(hits, pages[0].total, False, pages[-1].plan)
    return _Found(hits, min(matches(), COUNT_CAP), matches() > COUNT_CAP, pages[-1].plan)


def _keeper(db, filters: Filters) -> Callable[[list[int]], set[int]] | None:
    """``keep(ids) -> set`` of the ids passing ``filters``, or None when none is set."""
    where, params = filters.sql()
    if not where:
        return None

    def keep(ids: list[int]) -> set[int]:
        sql = (f"SELECT a.id FROM articles a WHERE a.id IN (SELECT value FROM json_each(:ids))"
               f"{''.join(f' AND {w}' for w in where)}")
        return {r[0] for r in db.execute(sql, {**params, "ids": json.dumps(ids)})}
    return keep


def _articles(db, ranked: list[tuple[int, float]]) -> list[dict]:
    """The rows of ranked (id, rank) pairs, in rank order."""
    ranks = dict(ranked)
    rows = _fetch(db, f"SELECT {_COLUMNS} FROM articles a{_CLUSTERS} WHERE a.id IN (SELECT value FROM json_each(?))",
                  [json.dumps([d for d, _ in ranked])])
    for row in rows:
        row["rank"] = ranks[row["id"]]
    return sorted(rows, key=lambda r: (r["rank"], r["id"]))


# --------------------------------------------------------------------------- FTS5 plans


@dataclass(frozen=True)
class _Matches:
    """The FTS5 matches of a query within the filters, as FROM/WHERE SQL on ``articles_fts``
    (and ``a``, the articles) with named parameters (``q``: the FTS5 query)."""

    where: tuple[str, ...]
    params: dict = field(compare=False)
    #: A rowid window holding the date filters' articles (`` AND articles_fts.rowid BETWEEN ...``).
    window: str = ""

    @classmethod
    def of(cls, db, query: CompiledQuery, filters: Filters) -> "_Matches":
        where, params = filters.sql()
        if not filters.since and not filters.until:
            return cls(tuple(where), {**params, "q": query.fts})
        dates, values = filters.date_sql()
        n, lo, hi = db.execute(
            f"SELECT count(*), min(a.id), max(a.id) FROM articles a WHERE {' AND '.join(dates)}", values).fetchone()
        if n and n == hi - lo + 1:
            # every rowid of the window is an article of the period (rowids in publication order):
            # the rowid range is the date filter, no need to read the articles' dates
            where, params = filters.undated().sql()
        return cls(tuple(where), {**params, "q": query.fts, "lo": lo if lo is not None else 1,
                                  "hi": hi if hi is not None else 0}, " AND articles_fts.rowid BETWEEN :lo AND :hi")

    def filters(self) -> str:
        return "".join(f" AND {w}" for w in self.where)

    def source(self) -> str:
        """FROM/WHERE of the matches (date window and filters applied)."""
        # CROSS JOIN: the index drives (SQLite must not loop over articles and run MATCH once per row)
        join = " CROSS JOIN articles a ON a.id = articles_fts.rowid" if self.where else ""
        return f"FROM articles_fts{join} WHERE articles_fts MATCH :q{self.window}{self.filters()}"

    def count(self, db, cap: int, filtered: bool = True) -> int:
        """The matches, counted up to ``cap`` (without the filters besides the date window unless ``filtered``)."""
        source = self.source() if filtered else f"FROM articles_fts WHERE articles_fts MATCH :q{self.window}"
        return db.execute(f"SELECT count(*) FROM (SELECT 1 {source} LIMIT {int(cap)})", self.params).fetchone()[0]

    def counted(self, db) -> tuple[int, bool]:
        """The total to report: exact up to :data:`COUNT_CAP`, else the cap and True."""
        n = self.count(db, COUNT_CAP + 1)
        return min(n, COUNT_CAP), n > COUNT_CAP


@dataclass(frozen=True)
class _FtsPlan:
    """A plan reading the FTS5 matches; the total is their count, capped."""

    matches: _Matches
    ranked_within = None

    def count(self, db) -> tuple[int, bool]:
        return self.matches.counted(db)


@dataclass(frozen=True)
class _FtsRank(_FtsPlan):
    """FTS5's ``ORDER BY rank``; with ``newest``, of the matches from that rowid on only (plan
    ``fts-rank-window``: the newest ``ranked_within`` matches)."""

    newest: int | None = None
    ranked_within: int | None = None

    @property
    def name(self) -> str:
        return "fts-rank" if self.newest is None else "fts-rank-window"

    def rows(self, db, limit: int, offset: int) -> list[dict]:
        newest = "" if self.newest is None else " AND articles_fts.rowid >= :newest"
        inner = (f"SELECT articles_fts.rowid AS id, articles_fts.rank AS rank {self.matches.source()}{newest} "
                 f"ORDER BY articles_fts.rank LIMIT {int(limit)} OFFSET {int(offset)}")
        sql = f"SELECT {_COLUMNS}, r.rank FROM ({inner}) r JOIN articles a ON a.id = r.id{_CLUSTERS} ORDER BY r.rank"
        return _fetch(db, sql, {**self.matches.params, "newest": self.newest})


@dataclass(frozen=True)
class _FtsByDate(_FtsPlan):
    """Newest first: every match sorted (few of them: plan ``fts-date-sort``), or, with ``walk``,
    the ``published`` index walked newest first, each article checked against FTS5 by rowid
    (many matches: ``fts-date-index``)."""

    walk: bool = False

    @property
    def name(self) -> str:
        return "fts-date-index" if self.walk else "fts-date-sort"

    def rows(self, db, limit: int, offset: int) -> list[dict]:
        m = self.matches
        if self.walk:
            source = (f"articles a INDEXED BY idx_articles_published{_CLUSTERS} WHERE EXISTS (SELECT 1 FROM "
                      f"articles_fts WHERE articles_fts MATCH :q AND articles_fts.rowid = a.id)"
                      f"{m.window.replace('articles_fts.rowid', 'a.id')}")
        else:
            source = (f"articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid{_CLUSTERS} "
                      f"WHERE articles_fts MATCH :q{m.window}")
        return _fetch(db, f"SELECT {_COLUMNS}, NULL AS rank FROM {source}{m.filters()} "
                          f"ORDER BY a.published DESC, a.id DESC LIMIT {int(limit)} OFFSET {int(offset)}", m.params)


@dataclass(frozen=True)
class _ChineseTrigram:
    """Chinese words: the query's condition on the trigram index (positional parameters) and the
    filters, newest first."""

    query: CompiledQuery
    filters: Filters
    name = "chinese-trigram"
    ranked_within = None

    def _where(self) -> tuple[str, list]:
        where, params = self.filters.sql()
        named = "".join(f" AND {w}" for w in where)
        # the query's own parameters are positional: the filters' follow them, in order
        return (self.query.where.format(id="a.id") + _positional(named),
                list(self.query.params) + [params[k] for k in _named(named)])

    def count(self, db) -> tuple[int, bool]:
        where, params = self._where()
        n = db.execute(f"SELECT count(*) FROM (SELECT 1 FROM articles a WHERE {where} LIMIT {COUNT_CAP + 1})",
                       params).fetchone()[0]
        return min(n, COUNT_CAP), n > COUNT_CAP

    def rows(self, db, limit: int, offset: int) -> list[dict]:
        where, params = self._where()
        return _fetch(db, f"SELECT {_COLUMNS}, NULL AS rank FROM articles a{_CLUSTERS} WHERE {where} "
                          f"ORDER BY a.published DESC, a.id DESC LIMIT {int(limit)} OFFSET {int(offset)}", params)


def _plan(db, query: CompiledQuery, filters: Filters, sort: str, fast: bool) -> _FtsPlan | _ChineseTrigram:
    """The FTS5 plan for this query, filters and sort order, chosen once."""
    if query.cjk:
        return _ChineseTrigram(query, filters)
    matches = _Matches.of(db, query, filters)
    if sort == "date":
        return _FtsByDate(matches, walk=matches.count(db, COMMON, filtered=False) >= COMMON)
    if fast and matches.count(db, RANK_ALL + 1) > RANK_ALL:
        # Too many matches to score them all within the latency budget: rank the newest
        # RANK_WINDOW matches (a rowid window, which FTS5 applies while reading postings).
        start = db.execute(f"SELECT articles_fts.rowid {matches.source()} ORDER BY articles_fts.rowid DESC "
                           f"LIMIT 1 OFFSET {RANK_WINDOW - 1}", matches.params).fetchone()
        if start is not None:
            return _FtsRank(matches, start[0], RANK_WINDOW)
    return _FtsRank(matches)


def _fetch(db, sql: str, params) -> list[dict]:
    cursor = db.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _decorate(db, query: CompiledQuery, hits: list[dict], all_copies: bool) -> None:
    """Snippets and the other portals of each hit's cluster, for the returned rows only."""
    if not hits:
        return
    ids = [h["id"] for h in hits]
    marks = ",".join("?" * len(ids))
    # FTS5's snippet() costs more than linearly in the matches of the whole document (a 9.5 MB
    # body and `w1*`: minutes, with no way to interrupt it): a body longer than SNIPPET_WINDOW
    # characters is snippeted from its start only, in a window table; the others (nearly all)
    # straight from the index, which costs a third of the window's indexing.
    rows = db.execute(f"SELECT id, title, captions, substr(body, 1, {SNIPPET_WINDOW}), length(body) > {SNIPPET_WINDOW} "
                      f"FROM articles WHERE id IN ({marks})", ids).fetchall()
    if query.cjk:
        snippets = {row[0]: _cjk_snippet(row[1:4], query.chinese) for row in rows}
    else:
        short = [row[0] for row in rows if not row[4]]
        snippets = dict(db.execute(
            f"""SELECT rowid, snippet(articles_fts, -1, '[', ']', ' … ', {SNIPPET_TOKENS}) FROM articles_fts
                WHERE articles_fts MATCH ? AND rowid IN ({','.join('?' * len(short))})""", [query.fts, *short])
        ) if short else {}
        snippets.update(window_snippets([row[:4] for row in rows if row[4]], query.fts))
    wanted = [h["id"] if all_copies else h["cluster_id"] for h in hits]
    marks = ",".join("?" * len(wanted))
    members = f"SELECT id AS g, id AS article_id FROM articles WHERE id IN ({marks})"
    if not all_copies:
        members += f" UNION SELECT cluster_id, article_id FROM clusters WHERE cluster_id IN ({marks})"
    portals: dict[int, set[str]] = {}
    for group, portal in db.execute(
            f"""SELECT DISTINCT m.g, p.portal FROM ({members}) m JOIN appearances p ON p.article_id = m.article_id""",
            wanted if all_copies else wanted * 2):
        portals.setdefault(group, set()).add(portal)
    for hit, group in zip(hits, wanted):
        hit["snippet"] = snippets.get(hit["id"], "")
        names = portals.get(group, {hit["portal"]})
        hit["portals"] = len(names)
        hit["also_published_by"] = sorted(names - {hit["portal"]})


_windows = threading.local()


def window_snippets(texts: list[tuple], fts: str) -> dict[int, str]:
    """FTS5 snippets of ``(id, title, captions, body window)`` rows for the FTS5 query ``fts``,
    made in a small in-memory FTS5 table of the same columns and tokenizer as ``articles_fts``
    (so the same words match and are bracketed); a row whose window holds no match gets the
    start of its text, unmarked.

    >>> window_snippets([(7, "Metro news", "", "Line 3 opens to riders.")], '"line"')
    {7: '[Line] 3 opens to riders.'}
    >>> window_snippets([(7, "Metro news", "", "Nothing here.")], '"line"')
    {7: 'Metro news Nothing here.'}
    """
    if not texts:
        return {}
    conn = getattr(_windows, "conn", None)
    if conn is None:  # one per thread (Datasette runs searches in several), never the archive's own
        conn = _windows.conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.execute(f"CREATE VIRTUAL TABLE window USING fts5(title, captions, body, tokenize='{FTS_TOKENIZER}')")
    try:
        conn.executemany("INSERT INTO window(rowid, title, captions, body) VALUES (?, ?, ?, ?)", texts)
        found = dict(conn.execute(f"SELECT rowid, snippet(window, -1, '[', ']', ' … ', {SNIPPET_TOKENS}) FROM window "
                                  "WHERE window MATCH ?", [fts]))
    finally:
        conn.execute("DELETE FROM window")
    for article_id, *parts in texts:
        if article_id not in found:  # its matches lie beyond the window
            words = " ".join(p or "" for p in parts).split()
            found[article_id] = " ".join(words[:SNIPPET_TOKENS]) + (" …" if len(words) > SNIPPET_TOKENS else "")
    return found


_NAMED = re.compile(r":([a-z_]+)")


def _named(sql: str) -> list[str]:
    return _NAMED.findall(sql)


def _positional(sql: str) -> str:
    return _NAMED.sub("?", sql)


def _cjk_snippet(texts, words: tuple[str, ...], width: int = 40) -> str:
    """A snippet around the first Chinese word found (title, captions, then body), bracketed like FTS5's."""
    for text in texts:
        text = text or ""
        hits = [(text.find(w), w) for w in words if w in text]
        if not hits:
            continue
        start, _ = min(hits)
        lo, hi = max(0, start - width), min(len(text), start + width)
        piece = text[lo:hi]
        for w in sorted(words, key=len, reverse=True):
            piece = piece.replace(w, f"[{w}]")
        return ("… " if lo else "") + " ".join(piece.split()) + (" …" if hi < len(text) else "")
    return ""


def filter_condition(archive: Archive, **filters) -> tuple[str, list]:
    """The search filters (``portal``, ``level``, ``province``, ``section``, ``since``, ``until``),
    checked as :func:`search` checks them, as an SQL condition on ``a`` (articles) with
    positional parameters, to combine with :func:`match_condition`.

    >>> import tempfile, os
    >>> archive = Archive(os.path.join(tempfile.mkdtemp(), "f.db"))
    >>> filter_condition(archive, since="2024")
    ('(a.published >= ? OR a.published IN (?, ?))', ['2024-01-01', '2024-01', '2024'])
    >>> filter_condition(archive)
    ('1', [])
    """
    where, params = make_filters(archive, **filters).sql()
    sql = " AND ".join(where) or "1"
    return _positional(sql), [params[name] for name in _named(sql)]


def match_condition(text: str) -> tuple[str, list]:
    """An SQL condition on ``a.id`` (articles aliased ``a``) selecting every article that
    matches user text, with its positional parameters: the building block of timeline,
    export and saved searches.

    >>> match_condition("metro -bus")
    ('a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)', ['"metro" NOT "bus"'])
    """
    query = compile_query(text)
    if query.cjk:
        return query.where.format(id="a.id"), list(query.params)
    return "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", [query.fts]
