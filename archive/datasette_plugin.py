"""Datasette plugin for the archive (registered by ``portal-archive serve``).

* SQL function ``fts_query(text)``: the CLI's query language (:func:`archive.query.to_fts_query`)
  for ``articles_fts MATCH fts_query(:q)`` in canned queries and hand-written SQL; text that
  is not a query fails the SQL with the parser's one-line message (status 400, in the page
  and in ``.json``) instead of sqlite3's "user-defined function raised exception";
* ``/-/search``: the CLI's own :func:`archive.search.search` (same parsing, ranking,
  filters and one hit per syndicated story), with counts per portal, level, province,
  section and year;
* ``/-/article/<id>``: an article with its photos and captions, appearances and copies;
* ``?_q=`` on the ``article_facets`` view: the same query language as a table filter,
  so Datasette's facets (portal, level, province, section, year) work on search results;
* photo ``src`` cells render as images.
"""

from __future__ import annotations

import html
import re
import sqlite3
import threading
from types import SimpleNamespace
from urllib.parse import urlencode

import sqlite_utils
from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.utils.asgi import Response
from markupsafe import Markup

from .export import http_url
from .query import QueryError, to_fts_query
from .search import SORTS, match_condition, search

FACETS = (("portal", "a.portal"), ("level", "p.level"), ("province", "p.province"), ("section", "a.section"),
          ("year", "substr(a.published, 1, 4)"))
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
def render_cell(value, column, table):
    if table == "photos" and column == "src" and isinstance(value, str) and value.startswith(("http://", "https://")):
        return Markup(f'<img src="{html.escape(value)}" style="max-width:240px" alt="photo"><br>{html.escape(value)}')
    return None


@hookimpl
def register_routes():
    return [(r"^/-/search$", search_page), (r"^/-/article/(?P<id>\d+)$", article_page)]


STYLE = """<style>
body{font-family:system-ui,sans-serif;margin:1.5em auto;max-width:60em;padding:0 1em;color:#222}
form.search input[type=text]{width:28em;font-size:1.1em} mark{background:#ffe27a}
table.hits{border-collapse:collapse;width:100%} table.hits td{border-bottom:1px solid #ddd;padding:.4em;vertical-align:top}
.facets{display:flex;gap:2em;flex-wrap:wrap;font-size:.9em} .error{color:#a00;font-weight:bold}
figure{margin:1em 0} figure img{max-width:100%;border:1px solid #ccc} figcaption{font-style:italic;color:#444}
.also{color:#060;font-size:.9em} .meta{color:#555}
</style>"""


def _page(title: str, body: str) -> Response:
    return Response.html(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
                         f"{STYLE}</head><body><p><a href='/'>Datasette</a> · <a href='/-/search'>Search</a></p>"
                         f"{body}</body></html>")


def _mark(snippet: str) -> str:
    return _HIGHLIGHT.sub(lambda m: f"<mark>{m[1]}</mark>", html.escape(snippet or ""))


async def search_page(datasette, request):
    args = {k: (request.args.get(k) or "").strip() for k in
            ("q", "portal", "level", "province", "section", "since", "until", "sort")}
    all_copies = bool(request.args.get("all_copies"))
    fast = bool(request.args.get("fast"))
    sort = args["sort"] or "relevance"
    options = "".join(f"<option{' selected' if s == sort else ''}>{s}</option>" for s in SORTS)
    form = (f"<h1>Search the archive</h1><form class='search' action='/-/search'>"
            f"<input type='text' name='q' value=\"{html.escape(args['q'])}\" placeholder='metro OR subway -bus' autofocus> "
            f"<select name='sort'>{options}</select> <button type='submit'>Search</button><br>"
            + "".join(f" {k} <input name='{k}' size='10' value=\"{html.escape(args[k])}\">"
                      for k in ("portal", "level", "province", "section", "since", "until"))
            + f" <label><input type='checkbox' name='all_copies' value='1'{' checked' if all_copies else ''}>"
              f" every copy</label> <label><input type='checkbox' name='fast' value='1'{' checked' if fast else ''}>"
              f" fast (rank the newest 5,000 matches)</label></form>")
    if not args["q"]:
        return _page("Search", form + "<p>Words (all must match), OR, -word, \"a phrase\", prefix*, title:word, "
                     "caption:word, Chinese (贵阳).</p>")
    db = datasette.get_database()

    def run(conn):
        shim = SimpleNamespace(db=sqlite_utils.Database(conn, execute_plugins=False))
        result = search(shim, args["q"], portal=args["portal"] or None, level=args["level"] or None,
                        province=args["province"] or None, section=args["section"] or None,
                        since=args["since"] or None, until=args["until"] or None, sort=sort, limit=50,
                        all_copies=all_copies, fast=fast)
        return result, _facets(conn, args["q"])

    try:
        result, facets = await db.execute_fn(run)
    except QueryError as exc:
        return _page("Search", form + f"<p class='error'>{html.escape(str(exc))}</p>")
    total = f"more than {result.total:,}" if result.total_capped else f"{result.total:,}"
    if result.ranked_within:
        total += f" (ranked among the newest {result.ranked_within:,})"
    rows = []
    for h in result.hits:
        others = h.get("also_published_by") or []
        also = (f"<div class='also'>also published by {len(others)} portal{'s' if len(others) > 1 else ''}: "
                f"{html.escape(', '.join(others))}</div>") if others else ""
        rows.append(f"<tr class='hit' data-id='{h['id']}'><td><a class='title' href='/-/article/{h['id']}'>"
                    f"{html.escape(h['title'] or '(untitled)')}</a>{also}<div class='snippet'>{_mark(h['snippet'])}</div>"
                    f"</td><td class='portal'>{html.escape(h['portal'])}</td>"
                    f"<td class='published'>{html.escape(h['published'] or '')}</td></tr>")
    facet_html = "".join(
        f"<div><b>{name}</b><ul>" + "".join(f"<li>{html.escape(str(v))} ({n})</li>" for v, n in counts) + "</ul></div>"
        for name, counts in facets.items() if counts)
    browse = "/" + db.name + "/article_facets?" + urlencode({"_q": args["q"]})
    body = (form + f"<p class='total'>{total} article(s) match · <a href='{html.escape(browse)}'>browse with facets</a></p>"
            f"<table class='hits'>{''.join(rows)}</table><h2>By</h2><div class='facets'>{facet_html}</div>")
    return _page(f"{args['q']} - search", body)


def _facets(conn, text: str) -> dict[str, list]:
    condition, params = match_condition(text)
    out = {}
    for name, expr in FACETS:
        out[name] = [tuple(r) for r in conn.execute(
            f"""SELECT {expr} AS v, count(*) FROM articles a LEFT JOIN portals p ON p.name = a.portal
                WHERE {condition} AND {expr} IS NOT NULL GROUP BY v ORDER BY count(*) DESC, v LIMIT 10""", params)]
    return out


def _link(url: str | None) -> str:
    """An http(s) URL as a link; anything else (``javascript:``, ``data:`` an import let in) as plain text.

    >>> _link("https://h.gov.cn/a.htm?x=1&y=2"), _link("javascript:alert(1)")
    ('<a href="https://h.gov.cn/a.htm?x=1&amp;y=2">https://h.gov.cn/a.htm?x=1&amp;y=2</a>', 'javascript:alert(1)')
    """
    text = html.escape(url or "")
    return f'<a href="{text}">{text}</a>' if http_url(url) else text


#: the largest rowid SQLite can hold; a longer id names no article (and would not bind)
MAX_ID = 2 ** 63 - 1


async def article_page(datasette, request):
    article_id = int(request.url_vars["id"])
    if article_id > MAX_ID:
        return Response.html("<h1>No such article</h1>", status=404)
    db = datasette.get_database()

    def load(conn):
        conn_rows = conn.execute("""SELECT id, title, portal, published, url, canonical_url, byline, source, section,
                                           body, first_seen, last_seen, content_hash FROM articles WHERE id = ?""",
                                 [article_id])
        names = [c[0] for c in conn_rows.description]
        row = conn_rows.fetchone()
        if row is None:
            return None
        a = dict(zip(names, row))
        a["photos"] = conn.execute("SELECT src, caption, credit FROM photos WHERE article_id = ? ORDER BY position",
                                   [article_id]).fetchall()
        a["appearances"] = conn.execute("SELECT url, portal, published FROM appearances WHERE article_id = ? ORDER BY id",
                                        [article_id]).fetchall()
        cluster = conn.execute("SELECT cluster_id FROM clusters WHERE article_id = ?", [article_id]).fetchone()
        a["copies"] = conn.execute(
            """SELECT a.id, a.portal, a.published, a.title FROM clusters c JOIN articles a ON a.id = c.article_id
               WHERE c.cluster_id = ? AND a.id != ? ORDER BY a.published, a.id""",
            [cluster[0], article_id]).fetchall() if cluster else []
        return a

    a = await db.execute_fn(load)
    if a is None:
        return Response.html("<h1>No such article</h1>", status=404)
    photos = "".join(
        f"<figure class='photo'><img src=\"{html.escape(src if http_url(src) else '')}\" alt=\"{html.escape(caption or '')}\">"
        f"<figcaption>{html.escape(caption or '')}{' [' + html.escape(credit) + ']' if credit else ''}</figcaption></figure>"
        for src, caption, credit in a["photos"])
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in (a["body"] or "").split("\n\n") if p.strip())
    appearances = "".join(f"<li>{html.escape(portal)}: {_link(url)} ({html.escape(published or '?')})</li>"
                          for url, portal, published in a["appearances"])
    copies = "".join(f"<li><a href='/-/article/{i}'>{html.escape(t or '')}</a> — {html.escape(p)}, {html.escape(d or '?')}</li>"
                     for i, p, d, t in a["copies"])
    meta = " · ".join(html.escape(str(x)) for x in (a["portal"], a["published"], a["section"], a["source"], a["byline"]) if x)
    body = (f"<article><h1 class='title'>{html.escape(a['title'] or '(untitled)')}</h1><p class='meta'>{meta}</p>"
            f"<p class='live'>{_link(a['url'])}</p>{photos}"
            f"<div class='body'>{paragraphs}</div></article><h2>Appearances</h2><ul>{appearances}</ul>"
            + (f"<h2>Other copies of this story</h2><ul>{copies}</ul>" if copies else "")
            + f"<p class='meta'>captured {html.escape(a['first_seen'] or '')} – {html.escape(a['last_seen'] or '')},"
              f" version {html.escape(a['content_hash'])}</p>")
    return _page(a["title"] or "article", body)
