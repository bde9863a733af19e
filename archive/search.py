"""Full-text search over the archive: the one path every surface (CLI, Datasette, Python) uses.

User text goes through :func:`archive.query.compile_query` and reaches SQLite only
as bound parameters; filters, sort orders and limits come from allow-lists.

Plans (all exact: each returns the same rows a plain ``ORDER BY`` over every match would):

* ``relevance``: FTS5 ``ORDER BY rank`` (bm25 title 10 > captions 4 > body 1, stored in
  the index's ``rank`` setting) and nothing else, so FTS5 sorts inside the index; a date
  window becomes a rowid window first (``rowid BETWEEN``, from the ``published`` index),
  which FTS5 applies while reading the postings; snippets are made for the returned rows
  only (a second, rowid-pinned lookup).  Cost: FTS5's bm25 counts every posting of each
  phrase for its IDF (~30 ns a posting) and scores every match (~1.5-2 µs).
* ``impact``: a query of one common word (no date filter), with the impact lists current
  (see :mod:`archive.impact`): the best-ranked answers proved from the word's best
  postings (same scores as FTS5's bm25, to the last bit), without scoring every match;
  when the list cannot prove the page, the search goes on with ``vectors``.
* ``vectors``: a query of words joined by AND, at least one of them common (several
  words, or one with a date filter), with the lists current: every match ranked in memory
  from the common words' term vectors and the other words' postings read from the index
  (see :mod:`archive.vectors`); same scores and order as FTS5's, without its IDF walks or
  its per-match cost.  Dates filter the matches through each article's stored day span
  (no rowid window to compute); other filters are checked on the ranked matches, best
  first.  The total is exact.
* ``relevance`` with ``fast``: when more than :data:`RANK_ALL` articles match, only the
  newest :data:`RANK_WINDOW` matches are ranked (plan ``fts-rank-window``, reported in
  ``ranked_within``): bounded time, exact within that window, but an older, better match
  can be missed, so it is never the default.
* ``date``: newest first.  A document-frequency probe (a count of at most
  :data:`COMMON` matches) picks the plan: for rare queries, sort the few matches; for
  common ones, walk the ``published`` index newest first and test each article against
  the index by rowid, stopping after ``limit`` hits.
* Chinese words: the trigram index ``articles_cjk`` (see :mod:`archive.query`), newest first.

Syndicated copies (see :mod:`archive.clusters`) collapse to one hit per cluster, with the
other portals that published the story, unless ``all_copies`` is set.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, replace

from . import impact, vectors
from .days import day_bound
from .query import CompiledQuery, QueryError, compile_query
from .store import Archive

SORTS = ("relevance", "date")
MAX_LIMIT = 1000
#: Counting stops here (FTS5 counts ~4 million matches a second); a larger total is reported
#: as a lower bound (``total_capped``), except for a lone common word, whose count is known.
COUNT_CAP = 10_000
#: A query with at least this many matches is "common" for the date-order plan.
COMMON = 2_000
SNIPPET_TOKENS = 16
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


def valid_day(value: str | None, name: str) -> str | None:
    """A day bound (``--since``/``--until``: YYYY-MM-DD, or a month or year: its first or last day)
    or a one-line QueryError.

    >>> valid_day("2024-06", "since"), valid_day("2024-06", "until")
    ('2024-06-01', '2024-06-30')
    """
    if value is None or value == "":
        return None
    try:
        return day_bound(value, end=name == "until")
    except ValueError:
        raise QueryError(f"--{name} must be a date like 2024-01-31, not {value!r}") from None


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
            where.append("(a.section = :section OR a.section LIKE :section_prefix ESCAPE '\\')")
            params["section"] = self.section
            params["section_prefix"] = _like_escape(self.section) + " > %"
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
    if f.section and not db.execute("SELECT 1 FROM articles a WHERE a.section = :section OR a.section LIKE "
                                    ":section_prefix ESCAPE '\\' LIMIT 1", f.sql()[1]).fetchone():
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
    """
    query = compile_query(text)
    if sort not in SORTS:
        raise QueryError(f"--sort must be one of {', '.join(SORTS)}, not {sort!r}")
    limit = valid_limit(limit)
    filters = make_filters(archive, portal=portal, level=level, province=province, section=section,
                           since=since, until=until)
    searcher = _Searcher(archive, query, filters, sort, fast)
    total, capped = searcher.count()
    hits: list[dict] = []
    seen_clusters: set[int] = set()
    if not all_copies and archive.db.execute("SELECT 1 FROM clusters LIMIT 1").fetchone() is None:
        all_copies = True  # no syndication clusters yet: every article is its own story
    offset, batch = 0, limit if all_copies else limit * 3
    while len(hits) < limit:
        rows = searcher.rows(batch, offset)
        for row in rows:
            if not all_copies:
                if row["cluster_id"] in seen_clusters:
                    continue
                seen_clusters.add(row["cluster_id"])
            hits.append(row)
            if len(hits) == limit:
                break
        if len(rows) < batch:
            break
        offset += batch
    searcher.decorate(hits, all_copies)
    return SearchResult(text, query.fts, total, hits, capped, searcher.plan, searcher.ranked_within)


_COLUMNS = """a.id, a.title, a.portal, a.published, a.url, a.canonical_url, a.source, a.section,
              coalesce(c.cluster_id, a.id) AS cluster_id"""


class _Searcher:
    def __init__(self, archive: Archive, query: CompiledQuery, filters: Filters, sort: str, fast: bool = False):
        self.db = archive.db
        self.ranked_within = None
        self.query = query
        self.sort = sort
        self.fast = fast
        self.filters = filters
        self.where, self.params = filters.sql()
        self.params["q"] = query.fts
        self.window = ""
        self.rank_window = ""
        self.terms = None
        self.matches = None
        self.ranking = None
        self.windowed = False
        if sort == "relevance" and not query.cjk and query.tree:
            terms = impact.query_terms(query.tree)
            self.lists = impact.state(self.db.conn)
            if terms and impact.is_current(self.db.conn, self.lists):
                listed = self._listed(terms)
                has_vectors = self.lists.get("vectors") == impact.VECTORS_FORMAT
                if len(set(terms)) == 1 and listed == set(terms) and not (has_vectors and self._days()):
                    self._date_window()
                    self.terms, self.plan = terms, "impact"
                    return
                if has_vectors and listed | (set(terms) & set(self.lists.get("unlisted", []))):
                    # dates filter the ranked matches (per-article day spans): no rowid window needed
                    self.terms, self.plan = terms, "vectors"
                    return
        self._date_window()
        self._fts_plan()

    def _listed(self, terms: list[str]) -> set[str]:
        return {r[0] for r in self.db.execute(
            "SELECT term FROM search_terms WHERE term IN (SELECT value FROM json_each(?))", [json.dumps(terms)])}

    def _days(self) -> tuple[int, int] | None:
        """The date filters as (first, last) day numbers (see :func:`vectors.day_span`), or None."""
        since, until = self.filters.since, self.filters.until
        if not since and not until:
            return None
        return (vectors.day_span(since)[0] if since else vectors.NO_DAYS[1],
                vectors.day_span(until)[0] if until else vectors.NO_DAYS[0])

    def _other_filters(self) -> bool:
        """Filters besides the dates (portal, level, province, section)."""
        return bool(replace(self.filters, since=None, until=None).sql()[0])

    def _date_window(self) -> None:
        filters = self.filters
        if self.windowed:
            return
        self.windowed = True
        if filters.since or filters.until:
            dates, values = filters.date_sql()
            n, lo, hi = self.db.execute(
                f"SELECT count(*), min(a.id), max(a.id) FROM articles a WHERE {' AND '.join(dates)}", values).fetchone()
            if n and n == hi - lo + 1:
                # every rowid of the window is an article of the period (rowids in publication order):
                # the rowid range is the date filter, no need to read the articles' dates
                self.where, self.params = replace(filters, since=None, until=None).sql()
                self.params["q"] = self.query.fts
            self.params.update(lo=lo if lo is not None else 1, hi=hi if hi is not None else 0)
            self.window = " AND articles_fts.rowid BETWEEN :lo AND :hi"

    def _fts_plan(self) -> None:
        query, sort = self.query, self.sort
        if query.cjk:
            self.plan = "chinese-trigram"
        elif sort == "relevance":
            self.plan = "fts-rank"
            if self.fast and self._probe(RANK_ALL + 1, filtered=True) > RANK_ALL:
                # Too many matches to score them all within the latency budget: rank the newest
                # RANK_WINDOW matches (a rowid window, which FTS5 applies while reading postings).
                start = self.db.execute(
                    f"SELECT articles_fts.rowid {self._from()} ORDER BY articles_fts.rowid DESC "
                    f"LIMIT 1 OFFSET {RANK_WINDOW - 1}", self.params).fetchone()
                if start is not None:
                    self.plan = "fts-rank-window"
                    self.params["newest"] = start[0]
                    self.rank_window = " AND articles_fts.rowid >= :newest"
                    self.ranked_within = RANK_WINDOW
        else:
            self.plan = "fts-date-index" if self._probe(COMMON) >= COMMON else "fts-date-sort"

    def _allowed(self, dates: bool = True):
        """``allowed(ids) -> set`` of the ids passing the filters (the date filters too unless
        ``dates`` is false), or None when there are none."""
        where, params = (self.filters if dates else replace(self.filters, since=None, until=None)).sql()
        if not where:
            return None

        def allowed(ids):
            sql = (f"SELECT a.id FROM articles a WHERE a.id IN (SELECT value FROM json_each(:ids))"
                   f"{''.join(f' AND {w}' for w in where)}")
            return {r[0] for r in self.db.execute(sql, {**params, "ids": json.dumps(ids)})}
        return allowed

    def _impact_rows(self, limit: int, offset: int) -> list[dict] | None:
        """The page from the impact lists, or None (plan switched) when they cannot prove it."""
        allowed = self._allowed()
        found = None
        if self.matches is None or self.matches >= self.lists["common_df"]:  # else too few can be in the list
            found = impact.top_k(self.db.conn, self.terms, offset + limit, allowed)
        if found is None:
            self.plan = "vectors"
            self._ranking()  # which switches to FTS5 when the vectors cannot rank
            return None
        return self._page(found.ranked[offset:offset + limit])

    def _ranking(self):
        """Every match in the date filters ranked from the term vectors (computed once), or
        None: plan switched to FTS5."""
        if self.ranking is None:
            self.ranking = impact.rank_conjunction(self.db.conn, self.terms, self._days())
            if self.ranking is None:
                self.terms = None
                self._date_window()
                self._fts_plan()
        return self.ranking

    def _page(self, page: list[tuple[int, float]]) -> list[dict]:
        ranks = dict(page)
        rows = self._fetch(f"SELECT {_COLUMNS} FROM articles a LEFT JOIN clusters c ON c.article_id = a.id "
                           "WHERE a.id IN (SELECT value FROM json_each(?))", [json.dumps([d for d, _ in page])])
        for row in rows:
            row["rank"] = ranks[row["id"]]
        return sorted(rows, key=lambda r: (r["rank"], r["id"]))

    def _from(self) -> str:
        """FROM/WHERE of the matches (date window and filters applied)."""
        # CROSS JOIN: the index drives (SQLite must not loop over articles and run MATCH once per row)
        join = " CROSS JOIN articles a ON a.id = articles_fts.rowid" if self.where else ""
        return f"FROM articles_fts{join} WHERE articles_fts MATCH :q{self.window}{self._filters()}"

    def _probe(self, cap: int, filtered: bool = False) -> int:
        source = self._from() if filtered else f"FROM articles_fts WHERE articles_fts MATCH :q{self.window}"
        return self.db.execute(f"SELECT count(*) FROM (SELECT 1 {source} LIMIT {int(cap)})", self.params).fetchone()[0]

    def _filters(self) -> str:
        return "".join(f" AND {w}" for w in self.where)

    def count(self) -> tuple[int, bool]:
        cap = COUNT_CAP + 1
        if self.query.cjk:
            sql = (f"SELECT count(*) FROM (SELECT 1 FROM articles a WHERE {self.query.where.format(id='a.id')}"
                   f"{self._filters()} LIMIT {cap})")
            n = self.db.execute(_positional(sql), self._cjk_params()).fetchone()[0]
        elif self.plan == "impact" and len(set(self.terms)) == 1 and not self.where and not self.window:
            n = self.db.execute("SELECT df FROM search_terms WHERE term = ?", [self.terms[0]]).fetchone()[0]
            return n, False  # the lists are current: a lone word's document frequency is its count
        elif self.plan == "vectors" and not self._other_filters() and self._ranking() is not None:
            return len(self.ranking), False  # every match (in the dates) is ranked: the exact total
        else:
            self._date_window()
            n = self._probe(cap, filtered=True)
        self.matches = n
        return min(n, COUNT_CAP), n > COUNT_CAP

    def _cjk_params(self) -> list:
        # positional parameters of the Chinese condition, then the named filters as positional too
        return list(self.query.params) + [self.params[k] for k in _named(self._filters())]

    def rows(self, limit: int, offset: int) -> list[dict]:
        if self.plan == "impact":
            found = self._impact_rows(limit, offset)
            if found is not None:
                return found
        if self.plan == "vectors" and self._ranking() is not None:
            return self._page(self.ranking.top(offset + limit, self._allowed(dates=False))[offset:])
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}"
        clusters = " LEFT JOIN clusters c ON c.article_id = a.id"
        if self.plan == "chinese-trigram":
            sql = (f"SELECT {_COLUMNS}, NULL AS rank FROM articles a{clusters} WHERE "
                   f"{self.query.where.format(id='a.id')}{self._filters()} ORDER BY a.published DESC, a.id DESC{page}")
            return self._fetch(_positional(sql), self._cjk_params())
        if self.plan in ("fts-rank", "fts-rank-window"):
            inner = (f"SELECT articles_fts.rowid AS id, articles_fts.rank AS rank {self._from()}{self.rank_window} "
                     f"ORDER BY articles_fts.rank{page}")
            sql = f"SELECT {_COLUMNS}, r.rank FROM ({inner}) r JOIN articles a ON a.id = r.id{clusters} ORDER BY r.rank"
        elif self.plan == "fts-date-sort":
            sql = (f"SELECT {_COLUMNS}, NULL AS rank FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid"
                   f"{clusters} WHERE articles_fts MATCH :q{self.window}{self._filters()} "
                   f"ORDER BY a.published DESC, a.id DESC{page}")
        else:  # fts-date-index: newest first along the published index, each row checked by rowid
            sql = (f"SELECT {_COLUMNS}, NULL AS rank FROM articles a INDEXED BY idx_articles_published{clusters} "
                   f"WHERE EXISTS (SELECT 1 FROM articles_fts WHERE articles_fts MATCH :q AND articles_fts.rowid = a.id)"
                   f"{self.window.replace('articles_fts.rowid', 'a.id')}{self._filters()} "
                   f"ORDER BY a.published DESC, a.id DESC{page}")
        return self._fetch(sql, self.params)

    def _fetch(self, sql: str, params) -> list[dict]:
        cursor = self.db.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def decorate(self, hits: list[dict], all_copies: bool) -> None:
        """Snippets and the other portals of each hit's cluster, for the returned rows only."""
        if not hits:
            return
        ids = [h["id"] for h in hits]
        marks = ",".join("?" * len(ids))
        if self.query.cjk:
            snippets = {row[0]: _cjk_snippet(row[1:], self.query.chinese) for row in self.db.execute(
                f"SELECT id, title, captions, body FROM articles WHERE id IN ({marks})", ids)}
        else:
            snippets = dict(self.db.execute(
                f"""SELECT rowid, snippet(articles_fts, -1, '[', ']', ' … ', {SNIPPET_TOKENS}) FROM articles_fts
                    WHERE articles_fts MATCH ? AND rowid IN ({marks})""", [self.query.fts, *ids]))
        wanted = [h["id"] if all_copies else h["cluster_id"] for h in hits]
        marks = ",".join("?" * len(wanted))
        members = f"SELECT id AS g, id AS article_id FROM articles WHERE id IN ({marks})"
        if not all_copies:
            members += f" UNION SELECT cluster_id, article_id FROM clusters WHERE cluster_id IN ({marks})"
        portals: dict[int, set[str]] = {}
        for group, portal in self.db.execute(
                f"""SELECT DISTINCT m.g, p.portal FROM ({members}) m JOIN appearances p ON p.article_id = m.article_id""",
                wanted if all_copies else wanted * 2):
            portals.setdefault(group, set()).add(portal)
        for hit, group in zip(hits, wanted):
            hit["snippet"] = snippets.get(hit["id"], "")
            names = portals.get(group, {hit["portal"]})
            hit["portals"] = len(names)
            hit["also_published_by"] = sorted(names - {hit["portal"]})


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
