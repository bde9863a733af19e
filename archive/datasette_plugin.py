"""Datasette plugin for the archive (registered by ``portal-archive serve``).

* SQL function ``fts_query(text)``: the CLI's query language (:func:`archive.query.to_fts_query`)
  for ``articles_fts MATCH fts_query(:q)`` in canned queries and hand-written SQL; text that
  is not a query fails the SQL with the parser's one-line message (status 400, in the page
  and in ``.json``) instead of sqlite3's "user-defined function raised exception";
* ``/-/search``: the CLI's own :func:`archive.search.search` (same parsing, ranking,
  filters and one hit per syndicated story), 20 hits a page with next/previous links
  (``offset``), filters as choices drawn from the archive (portal, level, province, section,
  year) and counts per value, each a link that narrows the search;
* ``/-/timeline``: the ``timeline`` command's chart and table for a query;
* ``/-/article/<id>``: an article with its photos and captions, appearances and copies;
* ``?_q=`` on the ``article_facets`` view: the same query language as a table filter,
  so Datasette's facets (portal, level, province, section, year) work on search results;
* ``id`` cells of ``articles`` and ``article_facets`` link to ``/-/article/<id>``; photo
  ``src`` cells render as images.

Its pages extend Datasette's own templates (``archive/templates``; the home page opens with
the search box) and run under Datasette's ``sql_time_limit_ms``, all their statements together.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
import threading
import time
from types import SimpleNamespace
from urllib.parse import urlencode

import sqlite_utils
from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils import sqlite_timelimit
from datasette.utils.asgi import Response
from markupsafe import Markup

from .export import http_url
from .query import QueryError, to_fts_query
from .search import SORTS, filter_condition, match_condition, search
from .timeline import PERIODS, svg_chart, timeline
from .warcs import read_response, warc_dir_for

_HIGHLIGHT = re.compile(r"\[([^\[\]]*)\]")


@hookimpl
def prepare_connection(conn):
    conn.create_function("fts_query", 1, _fts_query, deterministic=True)


#: sqlite3 replaces any exception raised in a SQL function by this one message, so ``fts_query``
#: keeps its own message here, in the thread that runs the statement (Datasette's SQL thread)...
_GENERIC = "user-defined function raised exception"
_failure = threading.local()


def _fts_query(text):
    try:
        return to_fts_query(text if isinstance(text, str) else "")
    except QueryError as exc:
        _failure.message = str(exc)
        raise ValueError(str(exc)) from None


@hookimpl
def startup(datasette):
    # ...and each database's statements run through execute_fn, which puts it back in that same thread.
    # (Datasette's query view catches the sqlite3 error and shows it with status 400, so neither
    # handle_exception nor a template sees it first.)
    for db in datasette.databases.values():
        if not getattr(db.execute_fn, "explains_fts_query", False):
            db.execute_fn = _explaining(db.execute_fn)


def _explaining(execute_fn):
    async def explained_execute_fn(fn):
        def run(conn):
            _failure.message = None
            try:
                return fn(conn)
            except sqlite3.OperationalError as exc:
                message, _failure.message = _failure.message, None
                if message and exc.args == (_GENERIC,):
                    raise sqlite3.OperationalError(message) from None
                raise
        return await execute_fn(run)

    explained_execute_fn.explains_fts_query = True
    return explained_execute_fn


@hookimpl
def filters_from_request(request, database, table, datasette):
    text = request.args.get("_q")
    if table != "article_facets" or not text:
        return None
    try:
        condition, params = match_condition(text)
    except QueryError as exc:
        condition, params = "0", []
        return FilterArguments([condition], {}, [f"query error: {exc}"])
    named = {f"pa_q{i}": v for i, v in enumerate(params)}
    sql = condition.replace("a.id", "article_facets.id")
    for key in named:
        sql = sql.replace("?", f":{key}", 1)
    return FilterArguments([sql], named, [f"matching {text!r}"])


@hookimpl
def register_routes():
    return [(r"^/-/search$", search_page), (r"^/-/article/(?P<id>\d+)$", article_page),
            (r"^/-/timeline$", timeline_page), (r"^/-/image/(?P<id>\d{1,18})$", image_page)]


@hookimpl
def render_cell(value, column, table):
    if table == "photos" and column == "src" and isinstance(value, str) and value.startswith(("http://", "https://")):
        return Markup(f'<img src="{html.escape(value)}" style="max-width:240px" alt="photo"><br>{html.escape(value)}')
    if table in ("articles", "article_facets") and column == "id" and isinstance(value, int):
        return Markup(f'<a href="/-/article/{value}">{value}</a>')
    return None


async def image_page(datasette, request):
    """An archived photo, byte for byte from the WARC record the crawl kept (never from the portal)."""
    image_id = int(request.url_vars["id"])
    db = datasette.get_database()
    row = await db.execute_fn(lambda conn: _image_row(conn, image_id))
    if row is None:
        return Response.text("no archived image with this id\n", status=404)
    try:
        location = json.loads(row["warc"])
        _, _, _, body = read_response(warc_dir_for(db.path), location["file"], int(location["offset"]))
    except (OSError, LookupError, ValueError, KeyError, TypeError) as exc:
        return Response.text(f"the archived image cannot be read: {type(exc).__name__}\n", status=410)
    # an archived SVG could carry scripts: nothing in an image answer may run, or reach anything
    return Response(body, status=200, content_type=row["content_type"] or "application/octet-stream", headers={
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        "X-Content-Type-Options": "nosniff", "Cache-Control": "max-age=31536000, immutable"})


def _image_row(conn, image_id: int) -> dict | None:
    """The image row whose bytes are archived for ``image_id`` (following ``same_as``)."""
    row = conn.execute("SELECT id, same_as, content_type, warc FROM images WHERE id = ? AND outcome IN "
                       "('image', 'image-duplicate')", [image_id]).fetchone()
    if row and row[1]:
        row = conn.execute("SELECT id, same_as, content_type, warc FROM images WHERE id = ? AND outcome = 'image'",
                           [row[1]]).fetchone()
    return None if row is None or not row[3] else {"id": row[0], "content_type": row[2], "warc": row[3]}


class TooSlow(Exception):
    """A plugin page's statements ran past Datasette's ``sql_time_limit_ms``."""


async def _execute(datasette, fn):
    """Run ``fn(conn)`` in Datasette's SQL thread under ``sql_time_limit_ms`` for all its statements
    together (Datasette applies the limit to its own pages only, not to a plugin's execute_fn)."""
    limit = datasette.setting("sql_time_limit_ms")

    def limited(conn):
        started = time.perf_counter()
        with sqlite_timelimit(conn, limit):
            try:
                return fn(conn)
            except sqlite3.OperationalError:
                # "interrupted", or another message when the interruption hit FTS5 opening its table
                if time.perf_counter() - started >= limit / 1000:
                    raise TooSlow(f"this page took longer than the server limit of {limit:,} ms: "
                                  "narrow the search (more words, a phrase, a portal or dates)") from None
                raise
    return await datasette.get_database().execute_fn(limited)


async def _render(datasette, request, template: str, status: int = 200, **context) -> Response:
    """A page of the archive's own templates (``archive/templates``), which extend Datasette's."""
    return Response.html(await datasette.render_template(template, context, request=request), status=status)


async def _too_slow(datasette, request, exc: TooSlow) -> Response:
    return await _render(datasette, request, "archive_message.html", status=503, title="Too slow", message=str(exc))


def _shim(conn):
    """What :func:`archive.search.search` needs of an Archive, on Datasette's connection."""
    return SimpleNamespace(db=sqlite_utils.Database(conn, execute_plugins=False))


def choices(conn) -> dict[str, list[str]]:
    """The values each filter of ``/-/search`` can take, drawn from the archive (the counts kept
    in ``facet_values``: no pass over the articles)."""
    out: dict[str, list[str]] = {"portal": [], "section": [], "year": []}
    for facet, value in conn.execute("SELECT facet, value FROM facet_values WHERE articles > 0 ORDER BY facet, value"):
        if facet != "year" or (len(value) == 4 and value.isdecimal()):
            out[facet].append(value)
    out["year"].reverse()
    for key in ("level", "province"):
        out[key] = [r[0] for r in conn.execute(f"SELECT DISTINCT {key} FROM portals WHERE {key} IS NOT NULL ORDER BY 1")]
    return out


#: Above this many matches, facet counts read the whole covering index of (portal, section, year)
#: once, in its order, instead of looking each match up and sorting them.
FACET_SCAN = 5_000


def facet_counts(conn, text: str, filters: dict, top: int = 10) -> dict[str, list[tuple[str, int]]]:
    """Matches of ``text`` within ``filters`` counted by portal, level, province, section and year,
    from the narrow ``article_facts`` table (see :mod:`archive.schema` m109)."""
    condition, params = match_condition(text)
    narrowed, more = filter_condition(_shim(conn), **filters)
    where = f"{condition} AND {narrowed}"
    many = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM article_facts a WHERE {where} LIMIT {FACET_SCAN + 1})",
                        params + more).fetchone()[0] > FACET_SCAN
    if many:  # each index entry tested against the matches (a list SQLite builds once): no lookups, no sort
        source, where = "article_facts a INDEXED BY idx_article_facts_values", where.replace("a.id IN", "+a.id IN")
    else:
        source = "article_facts a"
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    kinds = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT name, level, province FROM portals")}
    for portal, section, year, n in conn.execute(
            f"SELECT a.portal, a.section, a.year, count(*) FROM {source} WHERE {where} GROUP BY 1, 2, 3",
            params + more):
        level, province = kinds.get(portal, (None, None))
        for name, value in (("portal", portal), ("level", level), ("province", province), ("section", section),
                            ("year", year if year and year.isdecimal() else None)):
            if value is not None:
                counts[name][value] = counts[name].get(value, 0) + n
    return {name: sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:top] for name, values in counts.items()}


#: The filters of ``/-/search``, each a choice drawn from the archive; ``year`` is since/until that year.
FACETS = ("portal", "level", "province", "section", "year")
PAGE_SIZE = 20


def _search_url(args: dict, **changes) -> str:
    merged = {**args, **changes}
    return "/-/search?" + urlencode({k: v for k, v in merged.items() if v not in (None, "", 0, False)
                                     and not (k == "sort" and v == "relevance")})


def _mark(snippet: str) -> Markup:
    return Markup(_HIGHLIGHT.sub(lambda m: f"<mark>{m[1]}</mark>", html.escape(snippet or "")))


async def search_page(datasette, request):
    """``/-/search``: the CLI's search, a page at a time, with filters drawn from the archive and
    facet counts whose values narrow the search."""
    args = {k: (request.args.get(k) or "").strip() for k in ("q", "sort", "since", "until", *FACETS)}
    args["sort"] = args["sort"] if args["sort"] in SORTS else "relevance"
    args["all_copies"] = "1" if request.args.get("all_copies") else ""
    args["fast"] = "1" if request.args.get("fast") else ""
    offset_text = (request.args.get("offset") or "0").strip()
    offset = int(offset_text) if offset_text.isdecimal() and len(offset_text) < 9 else 0
    filters = {k: args[k] or None for k in ("portal", "level", "province", "section")}
    filters["since"] = args["year"] or args["since"] or None
    filters["until"] = args["year"] or args["until"] or None

    def run(conn):
        options = choices(conn)
        if not args["q"]:
            return options, None, None
        result = search(_shim(conn), args["q"], **filters, sort=args["sort"], limit=PAGE_SIZE, offset=offset,
                        all_copies=bool(args["all_copies"]), fast=bool(args["fast"]))
        return options, result, facet_counts(conn, args["q"], filters)

    error, result, facets = None, None, None
    try:
        options, result, facets = await _execute(datasette, run)
    except QueryError as exc:
        options, error = await _execute(datasette, choices), str(exc)
    except TooSlow as exc:
        return await _too_slow(datasette, request, exc)
    context = {"q": args["q"], "sort": args["sort"], "sorts": SORTS, "args": args, "since": args["since"],
               "until": args["until"], "choices": [(k, options[k]) for k in FACETS], "error": error, "hits": [],
               "facets": [], "total": None, "pages": {}}
    if result is not None:
        shown = offset + len(result.hits)
        context["total"] = (f"more than {result.total:,}" if result.total_capped else f"{result.total:,}") + \
            (f" (ranked among the newest {result.ranked_within:,})" if result.ranked_within else "")
        context["range"] = f"{offset + 1:,}–{shown:,}" if result.hits else ""
        context["pages"] = {
            "previous": _search_url(args, offset=max(0, offset - PAGE_SIZE)) if offset else None,
            "next": _search_url(args, offset=shown) if len(result.hits) == PAGE_SIZE else None}
        context["hits"] = [dict(h, snippet_html=_mark(h["snippet"])) for h in result.hits]
        context["facets"] = [(name, [
            (value, n, _search_url(args, **{name: value}, offset=0), str(value) == args[name])
            for value, n in facets[name]], _search_url(args, **{name: ""}, offset=0) if args[name] else None)
            for name in FACETS if facets[name]]
        db = datasette.get_database()
        context["browse"] = f"/{db.name}/article_facets?" + urlencode({"_q": args["q"]})
        context["timeline"] = "/-/timeline?" + urlencode({k: args[k] for k in ("q", "portal", "since", "until")
                                                         if args[k]})
    return await _render(datasette, request, "archive_search.html", **context)


async def timeline_page(datasette, request):
    """``/-/timeline?q=QUERY``: the CLI's ``timeline`` as a chart and a table (``by``, ``portal``,
    ``since``, ``until``, ``share``)."""
    args = {k: (request.args.get(k) or "").strip() for k in ("q", "by", "portal", "since", "until")}
    by = args["by"] if args["by"] in PERIODS else "month"
    share = bool(request.args.get("share"))

    def run(conn):
        portals = choices(conn)["portal"]
        if not args["q"]:
            return portals, None
        try:
            return portals, timeline(_shim(conn), args["q"], by=by, portal=args["portal"] or None,
                                     since=args["since"] or None, until=args["until"] or None)
        except QueryError as exc:
            return portals, exc

    try:
        portals, points = await _execute(datasette, run)
    except TooSlow as exc:
        return await _too_slow(datasette, request, exc)
    error = str(points) if isinstance(points, QueryError) else None
    chart = Markup(svg_chart(points, title=f"{args['q']} (per {by})", share=share, by=by)) if points and not error else ""
    search_args = urlencode({k: v for k, v in args.items() if k in ("q", "portal", "since", "until") and v})
    return await _render(datasette, request, "archive_timeline.html", q=args["q"], by=by, periods=PERIODS,
                         since=args["since"], until=args["until"], share=share, choices=[("portal", portals)],
                         selected={"portal": args["portal"]}, error=error, chart=chart,
                         points=[] if error else (points or []), search_args=search_args)


async def article_page(datasette, request):
    article_id = int(request.url_vars["id"])

    def load(conn):
        cursor = conn.execute("""SELECT id, title, portal, published, url, canonical_url, byline, source, section,
                                        body, first_seen, last_seen, content_hash, gone FROM articles WHERE id = ?""",
                              [article_id])
        names = [c[0] for c in cursor.description]
        row = cursor.fetchone()
        if row is None:
            return None
        a = dict(zip(names, row))
        # each photo from the archive when the crawl kept it, else its caption and why not
        a["photos"] = [
            {"src": src if http_url(src) else None, "caption": caption,
             "credit": credit, "image": image if outcome in ("image", "image-duplicate") else None,
             "missing": None if outcome in ("image", "image-duplicate")
             else f"not archived: {detail}" if outcome else "not archived yet"}
            for src, caption, credit, image, outcome, detail in conn.execute(
                """SELECT p.src, p.caption, p.credit, i.id, i.outcome, i.detail FROM photos p
                   LEFT JOIN images i ON i.url = p.src WHERE p.article_id = ? ORDER BY p.position""", [article_id])]
        # a URL is a link only when it is http(s): an archive may hold a javascript: one an older import let in
        a["linkable"] = http_url(a["url"])
        a["appearances"] = [(url, portal, published, http_url(url)) for url, portal, published in conn.execute(
            "SELECT url, portal, published FROM appearances WHERE article_id = ? ORDER BY id", [article_id])]
        cluster = conn.execute("SELECT cluster_id FROM clusters WHERE article_id = ?", [article_id]).fetchone()
        a["copies"] = conn.execute(
            """SELECT a.id, a.portal, a.published, a.title FROM clusters c JOIN articles a ON a.id = c.article_id
               WHERE c.cluster_id = ? AND a.id != ? ORDER BY a.published, a.id""",
            [cluster[0], article_id]).fetchall() if cluster else []
        a["revisions"] = conn.execute("SELECT count(*) FROM revisions WHERE article_id = ?", [article_id]).fetchone()[0]
        return a

    try:
        a = await _execute(datasette, load) if article_id < 2 ** 63 else None
    except TooSlow as exc:
        return await _too_slow(datasette, request, exc)
    if a is None:
        return await _render(datasette, request, "archive_message.html", status=404, title="No such article",
                             message=f"no archived article with id {article_id}")
    a["paragraphs"] = [p for p in (a["body"] or "").split("\n\n") if p.strip()]
    a["meta"] = " · ".join(str(x) for x in (a["portal"], a["published"], a["section"], a["source"], a["byline"]) if x)
    return await _render(datasette, request, "archive_article.html", a=a)
