"""Export matching articles (CSV or JSON Lines, streamed) and import JSON Lines back.

Each record carries a stable id (``pa-`` + the first 16 hex digits of the SHA-1 of the
canonical URL: the same in every archive), the live URL, the canonical URL, capture
times (``first_seen``, ``last_seen``, ``updated``: when the current version was first
seen), the tombstone (``gone``), the version number and hash (``revision``,
``content_hash``: the fingerprint of the normalised title, body and captions) and every
appearance (each URL and portal the article was seen under, with its capture times).
``--with-photos`` (with ``--with-body``) adds each archived photo's bytes (base64), read from the
WARC records the crawl kept.
``--with-body`` adds the body, captions, photos and earlier versions (``revisions``), which
is what ``import`` needs to rebuild the articles: export → import into a fresh archive gives
the same articles, fingerprints, appearances, versions and capture times, so ``history``
reads the same in both.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from .query import QueryError
from .search import filter_condition, match_condition
from .store import Archive
from .text import clean_values
from .warcs import read_response, warc_dir_for

FORMATS = ("csv", "jsonl")
CSV_COLUMNS = ["id", "archive_id", "url", "canonical_url", "portal", "title", "published", "section", "byline",
               "source", "first_seen", "last_seen", "content_hash", "revision", "cluster_id", "portals",
               "appearances"]
_ARTICLE = ("id, canonical_url, url, portal, title, published, published_utc, date_precision, date_raw, date_source, "
            "section, byline, source, first_seen, last_seen, updated, gone, content_hash, revision, body, captions, pages")
#: An earlier version of an article, as kept in ``revisions`` (exported with the body).
_REVISION = ("revision", "title", "published", "body", "captions", "content_hash", "first_seen", "last_seen")


def stable_id(canonical_url: str) -> str:
    """>>> stable_id("https://english.guiyang.gov.cn/2024-01/31/c_1.htm")
    'pa-b225d70dec8e6368'
    """
    return "pa-" + hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:16]


def records(archive: Archive, text: str | None, *, with_body: bool = False, with_photos: bool = False,
            **filters) -> Iterator[dict]:
    """Every article matching ``text`` (all articles when None) and the search ``filters``
    (``portal``, ``since``, ...: see :func:`archive.search.filter_condition`), oldest id first, one dict each.
    ``with_photos`` (with ``with_body``) puts each archived photo's bytes in its photo, as
    ``image``: ``{"content_type", "sha256", "base64"}``, read from the archive's WARC records."""
    condition, params = match_condition(text) if text is not None else ("1", [])
    narrowed, more = filter_condition(archive, **filters)
    db = archive.db
    cursor = db.conn.execute(
        f"""SELECT {', '.join('a.' + c.strip() for c in _ARTICLE.split(','))}, coalesce(c.cluster_id, a.id)
            FROM articles a LEFT JOIN clusters c ON c.article_id = a.id WHERE {condition} AND {narrowed}
            ORDER BY a.id""", params + more)
    names = [c.strip() for c in _ARTICLE.split(",")] + ["cluster_id"]
    while True:
        chunk = cursor.fetchmany(200)
        if not chunk:
            return
        for row in chunk:
            a = dict(zip(names, row))
            rec = {"id": stable_id(a["canonical_url"]), "archive_id": a["id"], "url": a["url"],
                   "canonical_url": a["canonical_url"], "portal": a["portal"], "title": a["title"],
                   "published": a["published"], "published_utc": a["published_utc"],
                   "date_precision": a["date_precision"], "date_raw": a["date_raw"], "date_source": a["date_source"],
                   "section": a["section"], "byline": a["byline"], "source": a["source"],
                   "first_seen": a["first_seen"], "last_seen": a["last_seen"], "updated": a["updated"],
                   "gone": a["gone"], "content_hash": a["content_hash"],
                   "revision": a["revision"], "pages": a["pages"], "cluster_id": a["cluster_id"]}
            rec["appearances"] = [dict(zip(("url", "canonical_url", "portal", "published", "first_seen", "last_seen"), r))
                                  for r in db.execute("""SELECT url, canonical_url, portal, published, first_seen, last_seen
                                                         FROM appearances WHERE article_id = ? ORDER BY id""", [a["id"]])]
            if with_body:
                rec["body"] = a["body"]
                rec["captions"] = a["captions"]
                rec["photos"] = [dict(zip(("src", "caption", "credit"), r)) for r in db.execute(
                    "SELECT src, caption, credit FROM photos WHERE article_id = ? ORDER BY position", [a["id"]])]
                if with_photos:
                    for photo in rec["photos"]:
                        image = photo_bytes(archive, photo["src"])
                        if image is not None:
                            photo["image"] = image
                rec["revisions"] = [dict(zip(_REVISION, r)) for r in db.execute(
                    f"SELECT {', '.join(_REVISION)} FROM revisions WHERE article_id = ? ORDER BY revision", [a["id"]])]
            yield rec


def photo_bytes(archive: Archive, src: str | None) -> dict | None:
    """An archived photo as ``{"content_type", "sha256", "base64"}``, or None when it is not archived."""
    if not src:
        return None
    row = archive.db.conn.execute("SELECT id FROM images WHERE url = ?", [src]).fetchone()
    image = archive.image(row[0]) if row else None
    if not image or image["outcome"] != "image" or not image["warc"]:
        return None
    location = json.loads(image["warc"])
    try:
        _, _, _, body = read_response(warc_dir_for(str(archive.path)), location["file"], int(location["offset"]))
    except (OSError, LookupError, ValueError):
        return None
    return {"content_type": image["content_type"], "sha256": image["sha256"], "base64": base64.b64encode(body).decode()}


def write(recs: Iterable[dict], out: io.TextIOBase, fmt: str) -> int:
    """Stream records to ``out`` as CSV (appearances as JSON in one cell) or JSON Lines; return the count."""
    if fmt not in FORMATS:
        raise QueryError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    n = 0
    writer = None
    for rec in recs:
        if fmt == "jsonl":
            out.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
        else:
            if writer is None:
                extra = [k for k in ("body", "captions") if k in rec]
                writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS + extra, extrasaction="ignore")
                writer.writeheader()
            row = dict(rec)
            row["portals"] = " ".join(sorted({p["portal"] for p in rec["appearances"]}))
            row["appearances"] = json.dumps(rec["appearances"], ensure_ascii=False)
            writer.writerow(row)
        n += 1
    return n


class ImportFileError(QueryError):
    """A line of an import file that cannot be read (one line, with its line number)."""


#: An export line holds one article; a longer line is refused before it is read whole.
MAX_LINE_BYTES = 16 * 1024 * 1024
_ISO = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?")
_STRINGS = ("title", "body", "captions", "section", "byline", "source", "date_raw", "date_source", "date_precision")
_DATES = ("published", "published_utc", "first_seen", "last_seen", "updated", "gone")


def _lines(file, limit: int = MAX_LINE_BYTES) -> Iterator[tuple[int, str]]:
    """``(number, text)`` of each line of a binary (or text) file, none read past ``limit`` bytes."""
    number = 0
    while line := file.readline(limit + 2):
        number += 1
        if len(line.rstrip(b"\r\n" if isinstance(line, bytes) else "\r\n")) > limit:
            raise ImportFileError(f"line {number}: longer than {limit // (1024 * 1024)} MB (one article a line)")
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ImportFileError(f"line {number}: not UTF-8 text (byte {exc.start + 1})") from None
        yield number, line


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def http_url(value) -> bool:
    """An absolute http(s) URL (what the crawler may fetch again, and a browser show as a link).

    >>> [http_url(u) for u in ("https://english.gov.cn/a.htm", "file:///etc/passwd", "javascript:alert(1)", "//h/a", 5)]
    [True, False, False, False, False]
    """
    if not isinstance(value, str) or len(value) > 4096 or any(c.isspace() or not c.isprintable() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def iso_date(value) -> bool:
    """An ISO 8601 date or time as the archive writes them (``2024``, ``2024-01``, ``2024-01-31T18:17:01+08:00``).

    >>> [iso_date(v) for v in ("2024-01-31", "2024-07", "2024-01-31T18:17:01Z", "2024-02-30", "yesterday", 2024)]
    [True, True, True, False, False, False]
    """
    if not isinstance(value, str) or not _ISO.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value[:10] if len(value) >= 10 else (value + "-01-01")[:10])
    except ValueError:
        return False
    return True


def _problem(rec) -> str | None:
    """What makes an export record unfit to import, or None."""
    if not isinstance(rec, dict):
        return "not a JSON object"
    missing = [k for k in ("canonical_url", "url", "portal", "body", "appearances") if k not in rec]
    if missing:
        return f"missing {', '.join(missing)} (export with --format jsonl --with-body)"
    if not isinstance(rec["portal"], str) or not rec["portal"].strip():
        return "portal must be a name"
    for key in _STRINGS:
        if rec.get(key) is not None and not isinstance(rec[key], str):
            return f"{key} must be text"
    for key in _DATES:
        if rec.get(key) is not None and not iso_date(rec[key]):
            return f"{key} is not an ISO date: {str(rec[key])[:40]!r}"
    for key, top in (("pages", 1000), ("revision", 1_000_000)):
        if rec.get(key) is not None and (type(rec[key]) is not int or not 1 <= rec[key] <= top):
            return f"{key} must be a whole number from 1 to {top:,}"
    revisions = rec.get("revisions") or []
    if not isinstance(revisions, list) or not all(isinstance(r, dict) for r in revisions):
        return "revisions must be a list of objects"
    for version in revisions:
        if type(version.get("revision")) is not int or version["revision"] < 1:
            return "a revision has no version number"
        if any(version.get(k) is not None and not isinstance(version[k], str)
               for k in ("title", "body", "captions", "content_hash")):
            return "a revision's title, body, captions or content_hash is not text"
        for key in ("published", "first_seen", "last_seen"):
            if version.get(key) is not None and not iso_date(version[key]):
                return f"a revision's {key} is not an ISO date: {str(version[key])[:40]!r}"
    urls = [("url", rec["url"]), ("canonical_url", rec["canonical_url"])]
    if not isinstance(rec["appearances"], list) or not all(isinstance(a, dict) for a in rec["appearances"]):
        return "appearances must be a list of objects"
    for a in rec["appearances"]:
        urls += [("appearance url", a.get("url")), ("appearance canonical_url", a.get("canonical_url"))]
        if not isinstance(a.get("portal"), str) or not a["portal"].strip():
            return "an appearance has no portal"
        for key in ("published", "first_seen", "last_seen"):
            if a.get(key) is not None and not iso_date(a[key]):
                return f"an appearance's {key} is not an ISO date: {str(a[key])[:40]!r}"
    photos = rec.get("photos") or []
    if not isinstance(photos, list) or not all(isinstance(p, dict) for p in photos):
        return "photos must be a list of objects"
    for photo in photos:
        if photo.get("src") is not None:
            urls.append(("photo src", photo["src"]))
        if any(photo.get(k) is not None and not isinstance(photo[k], str) for k in ("caption", "credit")):
            return "a photo caption or credit is not text"
    for name, url in urls:
        if not http_url(url):
            return f"{name} is not an http(s) URL: {str(url)[:60]!r}"
    return None


def read_jsonl(file) -> Iterator[dict]:
    """The records of a JSON Lines export (a binary or text file), checked and with control characters
    dropped; :class:`ImportFileError` names the first bad line.  Read one line at a time."""
    for number, line in _lines(file):
        if not line.strip():
            continue
        try:
            rec = json.loads(line, parse_constant=_no_constant)
        except json.JSONDecodeError as exc:
            raise ImportFileError(f"line {number}: not JSON ({exc.msg})") from None
        except (ValueError, RecursionError) as exc:
            raise ImportFileError(f"line {number}: not JSON ({exc})") from None
        problem = _problem(rec)
        if problem:
            raise ImportFileError(f"line {number}: {problem}")
        yield clean_values(rec)


def restore_history(db, article_id: int, rec: dict) -> None:
    """Give an imported article the history its record carries: capture times, version number,
    tombstone and earlier versions (so that ``history`` reads the same in both archives)."""
    db.execute("""UPDATE articles SET first_seen = coalesce(?, first_seen), last_seen = coalesce(?, last_seen),
                  updated = coalesce(?, ?, updated), revision = coalesce(?, revision), gone = coalesce(?, gone),
                  next_visit = CASE WHEN ? IS NULL THEN next_visit END WHERE id = ?""",
               [rec.get("first_seen"), rec.get("last_seen"), rec.get("updated"), rec.get("first_seen"),
                rec.get("revision"), rec.get("gone"), rec.get("gone"), article_id])
    for version in rec.get("revisions") or []:
        db.execute(f"INSERT OR IGNORE INTO revisions (article_id, {', '.join(_REVISION)}) "
                   f"VALUES (?, {', '.join('?' * len(_REVISION))})", [article_id, *(version.get(k) for k in _REVISION)])


def import_records(archive: Archive, recs: Iterable[dict], *, batch: int = 500) -> dict[str, int]:
    """Save exported records through the archive's own dedup: each appearance becomes a save of
    the same text under its URL (first the record's own URL); capture times are then restored.

    All or nothing: the whole of ``recs`` is one transaction (a bad record, or an interruption,
    leaves the archive as it was); records are saved ``batch`` appearances at a time."""
    counts: dict[str, int] = {}
    items: list[dict] = []
    times: list[tuple[dict, list[dict], dict]] = []  # (record, its appearances, its first appearance)

    def flush() -> None:
        for outcome in archive.save(items):
            counts[outcome] = counts.get(outcome, 0) + 1
        db = archive.db
        for rec, appearances, first in times:
            for app in appearances:
                db.execute("UPDATE appearances SET first_seen = coalesce(?, first_seen), "
                           "last_seen = coalesce(?, last_seen) WHERE url = ?",
                           [app.get("first_seen"), app.get("last_seen"), app["url"]])
            found = db.execute("SELECT article_id FROM appearances WHERE url = ?", [first["url"]]).fetchone()
            if found:  # none when the store refused the record (an error page's text)
                restore_history(db, found[0], rec)
        items.clear()
        times.clear()

    with archive.immediate():
        for rec in recs:
            section = [s for s in (rec.get("section") or "").split(" > ") if s]
            base = {k: rec.get(k) for k in ("title", "body", "published", "published_utc", "date_precision", "date_raw",
                                            "date_source", "byline", "source", "pages")}
            base.update(section=section, photos=rec.get("photos") or [])
            appearances = rec["appearances"] or [{"url": rec["url"], "canonical_url": rec["canonical_url"],
                                                  "portal": rec["portal"], "first_seen": rec.get("first_seen")}]
            first = next((p for p in appearances if p["url"] == rec["url"]), appearances[0])
            for n, app in enumerate([first] + [p for p in appearances if p is not first]):
                item = dict(base, url=app["url"], canonical_url=rec["canonical_url"] if n == 0 else app["canonical_url"],
                            portal=rec["portal"] if n == 0 else app["portal"])
                if n:
                    item["published"] = app.get("published") or rec.get("published")
                items.append(item)
            times.append((rec, appearances, first))
            if len(items) >= batch:
                flush()
        if items:
            flush()
    return counts
