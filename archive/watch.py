"""Saved searches: ``watch add NAME QUERY``, ``watch new`` (matches archived since the last look),
and an Atom feed per saved search.

"New" means archived after the last look: article ids only grow, so each watch keeps
the highest article id it has shown (``watches.last_seen_id``).  A watch added today
starts from the archive as it is, so its first ``watch new`` lists only what the next
crawls bring.
"""

from __future__ import annotations

import datetime as dt
import re
from xml.sax.saxutils import escape, quoteattr

from .export import http_url
from .query import QueryError, compile_query
from .search import match_condition
from .store import Archive, now_utc
from .text import clean_text

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
FEED_SIZE = 50


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise QueryError("a watch name is 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit")
    return name


def add(archive: Archive, name: str, query: str) -> dict:
    """Save a search; raise QueryError for a bad name, a bad query or a name in use."""
    _check_name(name)
    compile_query(query)
    with archive.immediate() as db:
        if db.execute("SELECT 1 FROM watches WHERE name = ?", [name]).fetchone():
            raise QueryError(f"a watch named {name!r} exists: remove it first (watch remove {name})")
        top = db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
        row = {"name": name, "query": query, "created": now_utc(), "last_seen_id": top, "last_look": None}
        db.execute("INSERT INTO watches(name, query, created, last_seen_id, last_look) VALUES (?, ?, ?, ?, ?)",
                   list(row.values()))
    return row


def remove(archive: Archive, name: str) -> None:
    with archive.immediate() as db:
        if not db.execute("DELETE FROM watches WHERE name = ?", [name]).rowcount:
            raise QueryError(f"no watch named {name!r}")


def watches(archive: Archive) -> list[dict]:
    cursor = archive.db.execute("SELECT name, query, created, last_seen_id, last_look FROM watches ORDER BY name")
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def _get(archive: Archive, name: str) -> dict:
    found = [w for w in watches(archive) if w["name"] == name]
    if not found:
        raise QueryError(f"no watch named {name!r} (see: portal-archive watch list)")
    return found[0]


def _matches(archive: Archive, query: str, *, after: int = 0, newest: int | None = None) -> list[dict]:
    condition, params = match_condition(query)
    limit = f" ORDER BY a.published DESC, a.id DESC LIMIT {int(newest)}" if newest else " ORDER BY a.id"
    cursor = archive.db.execute(
        f"""SELECT a.id, a.title, a.portal, a.published, a.url, a.first_seen, substr(a.body, 1, 300) AS summary
            FROM articles a WHERE a.id > ? AND {condition}{limit}""", [after, *params])
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def new(archive: Archive, name: str | None = None, *, mark: bool = True) -> dict[str, list[dict]]:
    """Matches of each watch (or of one) archived since its last look; with ``mark``, this is the new last look."""
    chosen = [_get(archive, name)] if name else watches(archive)
    top = archive.db.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    found = {w["name"]: _matches(archive, w["query"], after=w["last_seen_id"] or 0) for w in chosen}
    if mark and chosen:
        with archive.immediate() as db:
            for w in chosen:
                db.execute("UPDATE watches SET last_seen_id = ?, last_look = ? WHERE name = ?",
                           [top, now_utc(), w["name"]])
    return found


def _rfc3339(value: str | None, fallback: str) -> str:
    value = value or fallback
    if len(value) == 10:
        return value + "T00:00:00Z"
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat().replace("+00:00", "Z")
    except ValueError:
        return fallback


def feed(archive: Archive, name: str, *, base_url: str = "urn:portal-archive") -> str:
    """An Atom 1.0 document with the newest matches of a saved search."""
    watch = _get(archive, name)
    entries = _matches(archive, watch["query"], newest=FEED_SIZE)
    now = now_utc()
    updated = max((_rfc3339(e["first_seen"], now) for e in entries), default=now)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{escape('portal-archive: ' + watch['name'])}</title>",
           f"<subtitle>{escape(watch['query'])}</subtitle>",
           f"<id>{escape(base_url)}:watch:{escape(watch['name'])}</id>",
           f"<updated>{updated}</updated>",
           "<author><name>portal-archive</name></author>"]
    for e in entries:
        out += ["<entry>",
                f"<title>{escape(e['title'] or '(untitled)')}</title>",
                f"<link href={quoteattr(e['url'] if http_url(e['url']) else base_url)}/>",
                f"<id>{escape(base_url)}:article:{e['id']}</id>",
                f"<published>{_rfc3339(e['published'], now)}</published>",
                f"<updated>{_rfc3339(e['first_seen'], now)}</updated>",
                f"<category term={quoteattr(e['portal'])}/>",
                f"<summary>{escape(' '.join((e['summary'] or '').split()))}</summary>",
                "</entry>"]
    out.append("</feed>")
    # XML 1.0 allows no control characters: an archive made before they were dropped may hold some
    return clean_text("\n".join(out) + "\n")
