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
import hashlib
import io
import json
from collections.abc import Iterable, Iterator

from .query import QueryError
from .search import filter_condition, match_condition
from .store import Archive
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


def read_jsonl(lines: Iterable[str]) -> Iterator[dict]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFileError(f"line {number}: not JSON ({exc.msg})") from None
        missing = [k for k in ("canonical_url", "url", "portal", "body", "appearances") if k not in rec]
        if not isinstance(rec, dict) or missing:
            raise ImportFileError(f"line {number}: missing {', '.join(missing) or 'fields'}"
                               " (export with --format jsonl --with-body)")
        yield rec


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
    Records are saved ``batch`` appearances to a transaction."""
    counts: dict[str, int] = {}
    items: list[dict] = []
    times: list[tuple[dict, list[dict], dict]] = []  # (record, its appearances, its first appearance)

    def flush() -> None:
        for outcome in archive.save(items):
            counts[outcome] = counts.get(outcome, 0) + 1
        with archive.immediate() as db:
            for rec, appearances, first in times:
                for app in appearances:
                    db.execute("UPDATE appearances SET first_seen = coalesce(?, first_seen), "
                               "last_seen = coalesce(?, last_seen) WHERE url = ?",
                               [app.get("first_seen"), app.get("last_seen"), app["url"]])
                article_id = db.execute("SELECT article_id FROM appearances WHERE url = ?", [first["url"]]).fetchone()[0]
                restore_history(db, article_id, rec)
        items.clear()
        times.clear()

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
