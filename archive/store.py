"""The SQLite archive: open, migrate, and save extracted articles with deduplication.

One ``Archive`` per process.  The file is in WAL mode, so readers (search,
Datasette) never block the crawler; every write batch runs in one
``BEGIN IMMEDIATE`` transaction, so two writers queue instead of failing.

Deduplication, in order (portals.md "Duplicates and syndication"):

1. the canonical URL (:func:`portal_spider.urls.canonical_url`, computed by the
   crawler) of any URL the article was already seen under;
2. an exact fingerprint of the normalised title, body and captions.

An article seen again under a known URL is ``unchanged`` or ``revised`` (the
previous version is kept in ``revisions``); an unknown URL whose content is
already archived adds an appearance to that article (``duplicate``); anything
else is ``stored`` as a new article.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from sqlite_utils import Database

from .schema import migrations

DEFAULT_DB = "archive.db"


def next_visit(published: str | None, seen_at: str) -> str:
    """When to look at an article again for edits: soon while it is young, rarely once it is old.

    The interval is a quarter of the article's age, between 1 and 90 days.

    >>> next_visit("2024-01-30", "2024-01-31T00:00:00Z")
    '2024-02-01T00:00:00Z'
    >>> next_visit("2023-01-31T10:00+08:00", "2024-01-31T00:00:00Z")
    '2024-04-30T00:00:00Z'
    """
    seen = dt.datetime.strptime(seen_at, "%Y-%m-%dT%H:%M:%SZ")
    try:
        born = dt.datetime.fromisoformat((published or "")[:10])
    except ValueError:
        born = seen
    days = min(90.0, max(1.0, (seen - born).total_seconds() / 86400 / 4))
    return (seen + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


class ArchiveError(Exception):
    """A problem with the archive file that the user must fix (one line, no traceback)."""


def default_db_path() -> str:
    return os.environ.get("PORTAL_ARCHIVE_DB") or DEFAULT_DB


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


_WORDS = re.compile(r"[^\w]+")


def content_hash(title: str | None, body: str | None, captions: Iterable[str] = ()) -> str:
    """Fingerprint of an article's text, blind to case, punctuation and spacing.

    >>> content_hash("Guiyang  Metro", "Line 3 opens.") == content_hash("guiyang metro", "Line 3 opens")
    True
    >>> content_hash("Guiyang Metro", "Line 3 opens.") == content_hash("Guiyang Metro", "Line 2 opens.")
    False
    """
    parts = [title or "", body or "", *captions]
    text = "\n".join(_WORDS.sub(" ", p.lower()).strip() for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class Archive:
    """The archive database.

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "a.db")
    >>> archive = Archive(path)
    >>> archive.save([{"url": "https://h.gov.cn/2024-01/31/c_1.htm", "canonical_url": "https://h.gov.cn/2024-01/31/c_1.htm",
    ...   "portal": "demo", "title": "Title", "body": "Body text.", "photos": [], "published": "2024-01-31"}])
    ['stored']
    >>> archive.counts()["articles"]
    1
    """

    def __init__(self, path: str | os.PathLike, *, create: bool = True, readonly: bool = False):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise ArchiveError(f"no archive at {self.path} (run a crawl first, or pass --db PATH)")
        if self.path.exists() and self.path.is_dir():
            raise ArchiveError(f"{self.path} is a directory, not an archive file")
        try:
            if readonly:
                conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            else:
                if not self.path.parent.exists():
                    raise ArchiveError(f"cannot create {self.path}: folder {self.path.parent} does not exist")
                conn = sqlite3.connect(str(self.path), check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 10000")
            self.db = Database(conn)
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = FULL")
                self.db.execute("PRAGMA foreign_keys = ON")
                with self.immediate():
                    migrations.apply(self.db)
            elif "articles" not in self.db.table_names():
                raise ArchiveError(f"{self.path} is not a portal archive (no articles table)")
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"cannot open {self.path}: {exc}") from None

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def immediate(self) -> Iterator[Database]:
        """A write transaction that takes the write lock up front (no mid-transaction 'database is locked')."""
        self.db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.conn.execute("ROLLBACK")
            raise
        else:
            self.db.conn.execute("COMMIT")

    # --- reading -------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {t: self.db[t].count for t in ("articles", "photos", "appearances", "revisions")}

    def known_urls(self, canonical_urls: Iterable[str]) -> set[str]:
        """The subset of ``canonical_urls`` already archived (under any spelling that maps to them),
        or already found not to be an article (an empty shell is not fetched again every run)."""
        urls = list(dict.fromkeys(canonical_urls))
        known: set[str] = set()
        for i in range(0, len(urls), 500):
            chunk = urls[i: i + 500]
            marks = ",".join("?" * len(chunk))
            known.update(
                row["canonical_url"]
                for row in self.db["appearances"].rows_where(f"canonical_url in ({marks})", chunk, select="canonical_url")
            )
            known.update(
                row["canonical_url"]
                for row in self.db["fetches"].rows_where(f"canonical_url in ({marks}) AND outcome = 'not-article'",
                                                         chunk, select="canonical_url")
            )
        return known

    def article(self, article_id: int) -> dict | None:
        rows = list(self.db["articles"].rows_where("id = ?", [article_id]))
        if not rows:
            return None
        row = rows[0]
        row["photos"] = list(self.db["photos"].rows_where("article_id = ?", [article_id], order_by="position",
                                                           select="src, caption, credit"))
        row["appearances"] = list(self.db["appearances"].rows_where("article_id = ?", [article_id], order_by="id",
                                                                    select="url, portal, published, first_seen, last_seen"))
        return row

    # --- writing -------------------------------------------------------------------------

    def save(self, items: list[dict], *, fetches: Iterable[dict] = (), run_id: int | None = None,
             seen_at: str | None = None) -> list[str]:
        """Save extracted articles and fetch outcomes in one transaction; return each article's outcome.

        Outcomes: ``stored`` (new article), ``duplicate`` (known content under a new
        URL: one more appearance), ``unchanged``, ``revised`` (known URL, new text;
        the old version goes to ``revisions``).  Each article's page URLs and each
        of ``fetches`` (dicts with ``url``, ``outcome``, ``portal`` and optionally
        ``status``, ``detail``, ``warc``) become rows of ``fetches``.
        """
        seen_at = seen_at or now_utc()
        with self.immediate():
            outcomes = []
            rows = []
            for item in items:
                outcome, article_id = self._save_one(item, seen_at)
                outcomes.append(outcome)
                for n, record in enumerate(item.get("warc_records") or [{"url": item["url"]}]):
                    rows.append({"url": record.get("url", item["url"]), "portal": item["portal"],
                                 "canonical_url": item["canonical_url"] if n == 0 else None,
                                 "outcome": outcome if n == 0 else "article-page", "status": 200,
                                 "article_id": article_id, "warc": record})
            rows.extend(fetches)
            self.db["fetches"].insert_all(
                {"run_id": run_id, "portal": f.get("portal"), "url": f["url"], "canonical_url": f.get("canonical_url"),
                 "outcome": f["outcome"],
                 "status": f.get("status"), "detail": f.get("detail"), "article_id": f.get("article_id"),
                 "warc_file": (f.get("warc") or {}).get("file"), "warc_offset": (f.get("warc") or {}).get("offset"),
                 "fetched_at": f.get("fetched_at") or seen_at}
                for f in rows
            )
            return outcomes

    def replace_extraction(self, article_id: int, item: dict) -> str:
        """Overwrite an article's extracted fields from a new extraction of the same raw pages
        (``reparse``); the text the portal published did not change, so no revision is kept."""
        article = self.db["articles"].get(article_id)
        captions = [p.get("caption") or "" for p in item.get("photos") or []]
        fingerprint = content_hash(item.get("title"), item.get("body"), captions)
        row = self._article_row(item, fingerprint, captions)
        row.update(canonical_url=article["canonical_url"], url=article["url"], portal=article["portal"])
        if all(article.get(k) == v for k, v in row.items()):
            return "unchanged"
        with self.immediate():
            self.db["articles"].update(article_id, row)
            self._write_photos(article_id, item)
        return "changed"

    def touch(self, canonical: str, *, seen_at: str | None = None) -> int | None:
        """A known article answered 304 Not Modified: note the visit, schedule the next."""
        seen_at = seen_at or now_utc()
        article = self._by_canonical(canonical)
        if article is None:
            return None
        with self.immediate():
            self.db["articles"].update(article["id"], {"last_seen": seen_at,
                                                       "next_visit": next_visit(article["published"], seen_at)})
        return article["id"]

    def tombstone(self, canonical: str, *, seen_at: str | None = None) -> int | None:
        """A known article's URL now answers 404/410 or redirects home: mark it gone (never delete)."""
        seen_at = seen_at or now_utc()
        article = self._by_canonical(canonical)
        if article is None:
            return None
        if not article["gone"]:
            with self.immediate():
                self.db["articles"].update(article["id"], {"gone": seen_at, "next_visit": None})
        return article["id"]

    def _by_canonical(self, canonical: str) -> dict | None:
        appearance = next(iter(self.db["appearances"].rows_where("canonical_url = ?", [canonical], limit=1)), None)
        return self.db["articles"].get(appearance["article_id"]) if appearance else None

    def due_for_revisit(self, canonical_urls: Iterable[str], now: str | None = None) -> dict[str, dict]:
        """Known articles among ``canonical_urls`` whose revisit is due, with their validators."""
        now = now or now_utc()
        urls = list(dict.fromkeys(canonical_urls))
        due: dict[str, dict] = {}
        for i in range(0, len(urls), 500):
            chunk = urls[i: i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.query(
                f"""SELECT p.canonical_url, a.etag, a.last_modified FROM appearances p JOIN articles a ON a.id = p.article_id
                    WHERE p.canonical_url IN ({marks}) AND a.gone IS NULL AND a.next_visit IS NOT NULL AND a.next_visit <= ?""",
                [*chunk, now],
            ):
                due[row["canonical_url"]] = row
        return due

    def _save_one(self, item: dict, seen_at: str) -> str:
        captions = [p.get("caption") or "" for p in item.get("photos") or []]
        fingerprint = content_hash(item.get("title"), item.get("body"), captions)
        canonical = item["canonical_url"]
        appearance = next(iter(self.db["appearances"].rows_where("canonical_url = ?", [canonical], limit=1)), None)
        if appearance is not None:
            article = self.db["articles"].get(appearance["article_id"])
            self._touch_appearance(item, article["id"], seen_at)
            visit = {"last_seen": seen_at, "next_visit": next_visit(article["published"], seen_at),
                     **self._validators(item)}
            if article["content_hash"] == fingerprint:
                self.db["articles"].update(article["id"], visit)
                return "unchanged", article["id"]
            self._revise(article, item, fingerprint, captions, seen_at)
            self.db["articles"].update(article["id"], visit)
            return "revised", article["id"]
        same = next(iter(self.db["articles"].rows_where("content_hash = ?", [fingerprint], limit=1)), None)
        if same is not None:
            self._touch_appearance(item, same["id"], seen_at)
            update = {"last_seen": seen_at}
            if item.get("published") and (not same["published"] or item["published"][:10] < same["published"][:10]):
                # syndicated copies: the earliest printed date is the original's
                update.update(self._date_fields(item))
            self.db["articles"].update(same["id"], update)
            return "duplicate", same["id"]
        row = self._article_row(item, fingerprint, captions)
        row.update(first_seen=seen_at, last_seen=seen_at, updated=seen_at, revision=1,
                   next_visit=next_visit(item.get("published"), seen_at), **self._validators(item))
        article_id = self.db["articles"].insert(row).last_pk
        self._write_photos(article_id, item)
        self._touch_appearance(item, article_id, seen_at)
        return "stored", article_id

    @staticmethod
    def _validators(item: dict) -> dict:
        return {"etag": item.get("etag"), "last_modified": item.get("last_modified")}

    @staticmethod
    def _date_fields(item: dict) -> dict:
        return {k: item.get(k) for k in ("published", "published_utc", "date_precision", "date_raw", "date_source")}

    def _article_row(self, item: dict, fingerprint: str, captions: list[str]) -> dict:
        return {
            "canonical_url": item["canonical_url"],
            "url": item["url"],
            "portal": item["portal"],
            "title": item.get("title"),
            **self._date_fields(item),
            "byline": item.get("byline"),
            "source": item.get("source"),
            "section": " > ".join(item.get("section") or []) or None,
            "body": item.get("body") or "",
            "captions": "\n".join(c for c in captions if c),
            "pages": item.get("pages") or 1,
            "attachments": json.dumps(item.get("attachments") or [], ensure_ascii=False),
            "content_hash": fingerprint,
            "encoding": item.get("encoding"),
            "field_sources": json.dumps(item.get("field_sources") or {}, sort_keys=True),
            "extractor_version": item.get("extractor_version"),
            "warc_records": json.dumps(item.get("warc_records") or [], sort_keys=True),
        }

    def _write_photos(self, article_id: int, item: dict) -> None:
        self.db["photos"].delete_where("article_id = ?", [article_id])
        self.db["photos"].insert_all(
            {"article_id": article_id, "position": i, "src": p.get("src"), "caption": p.get("caption"), "credit": p.get("credit")}
            for i, p in enumerate(item.get("photos") or [])
        )

    def _touch_appearance(self, item: dict, article_id: int, seen_at: str) -> None:
        existing = next(iter(self.db["appearances"].rows_where("url = ?", [item["url"]], limit=1)), None)
        if existing:
            self.db["appearances"].update(existing["id"], {"last_seen": seen_at, "article_id": article_id})
        else:
            self.db["appearances"].insert({
                "article_id": article_id, "url": item["url"], "canonical_url": item["canonical_url"],
                "portal": item["portal"], "published": item.get("published"), "first_seen": seen_at, "last_seen": seen_at,
            })

    def _revise(self, article: dict, item: dict, fingerprint: str, captions: list[str], seen_at: str) -> None:
        self.db["revisions"].insert({
            "article_id": article["id"], "revision": article["revision"], "title": article["title"],
            "published": article["published"], "body": article["body"], "captions": article["captions"],
            "content_hash": article["content_hash"], "first_seen": article["updated"] or article["first_seen"],
            "last_seen": article["last_seen"],
        })
        row = self._article_row(item, fingerprint, captions)
        row.update(canonical_url=article["canonical_url"], url=article["url"], portal=article["portal"],
                   revision=article["revision"] + 1, last_seen=seen_at, updated=seen_at)
        self.db["articles"].update(article["id"], row)
        self._write_photos(article["id"], item)
