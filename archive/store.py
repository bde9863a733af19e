"""The SQLite archive: open, migrate, and save extracted articles with deduplication.

One ``Archive`` per process.  The file is in WAL mode, so readers (search,
Datasette) never block the crawler; every write batch runs in one
``BEGIN IMMEDIATE`` transaction, so two writers queue instead of failing.

Deduplication, in order (docs/families.md, "Duplicates and syndication"):

1. the canonical URL (:func:`portal_spider.urls.canonical_url`, computed by the
   crawler) of any URL the article was already seen under;
2. an exact fingerprint of the normalised title, body and captions.

An article seen again under a known URL is ``unchanged`` or ``revised`` (the
previous version is kept in ``revisions``), unless the page now holds another
text altogether (a different headline and a body with nothing in common,
:func:`archive.verdict.same_article`): that is a ``conflict``, recorded, and the
stored article is kept.  An unknown URL whose content is already archived adds
an appearance to that article (``duplicate``); anything else is ``stored`` as a
new article.  A page that reads as an error, soft-404 or maintenance page
(:func:`archive.verdict.error_page`) is never stored, nor merged with anything:
its outcome is ``soft-error``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from sqlite_utils import Database

from .cjk import CJK_RUN
from .schema import APPLICATION_ID, migrations
from .verdict import error_page, same_article

DEFAULT_DB = "archive.db"


def next_visit(published: str | None, seen_at: str) -> str:
    """When to look at an article again for edits: soon while it is young, rarely once it is old.

    The interval is a quarter of the article's age, between 1 and 90 days.

    >>> next_visit("2024-01-30", "2024-01-31T00:00:00Z")
    '2024-02-01T00:00:00Z'
    >>> next_visit("2023-01-31T10:00+08:00", "2024-01-31T00:00:00Z")
    '2024-04-30T00:00:00Z'
    """
    seen = _utc_stamp(seen_at)
    try:
        born = dt.datetime.fromisoformat((published or "")[:10])
    except ValueError:
        born = seen
    days = min(90.0, max(1.0, (seen - born).total_seconds() / 86400 / 4))
    return (seen + dt.timedelta(days=days)).isoformat(timespec="seconds") + "Z"


@functools.lru_cache(maxsize=64)
def _utc_stamp(value: str) -> dt.datetime:
    # one crawl saves thousands of articles with the same seen_at; strptime costs ~30 µs a call
    return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")


class ArchiveError(Exception):
    """A problem with the archive file that the user must fix (one line, no traceback)."""


class ArchiveCorrupt(ArchiveError):
    """A statement found the archive file damaged ("database disk image is malformed"): stop writing."""


_SQLITE_HEADER = b"SQLite format 3\x00"


def is_corrupt(exc: BaseException) -> bool:
    """Whether a sqlite3 error says the file is damaged or no database.

    >>> is_corrupt(sqlite3.DatabaseError("database disk image is malformed")), is_corrupt(sqlite3.OperationalError("database is locked"))
    (True, False)
    """
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in str(exc)


def _checked(call, cursor, *args):
    try:
        return call(*args)
    except sqlite3.DatabaseError as exc:
        if is_corrupt(exc):
            path = getattr(cursor.connection, "archive_path", "the archive")
            raise ArchiveCorrupt(f"{path} is damaged ({exc}); stopped. Run `portal-archive check-db --db {path}`, "
                                 "and restore it from a backup") from exc
        raise


class _CheckedCursor(sqlite3.Cursor):
    """A cursor whose every step turns SQLite's corruption errors into :class:`ArchiveCorrupt`
    (a damaged page shows up in whichever statement reads it, not at open)."""

    def execute(self, *args):
        return _checked(super().execute, self, *args)

    def executemany(self, *args):
        return _checked(super().executemany, self, *args)

    def fetchone(self):
        return _checked(super().fetchone, self)

    def fetchmany(self, *args):
        return _checked(super().fetchmany, self, *args)

    def fetchall(self):
        return _checked(super().fetchall, self)

    def __next__(self):
        return _checked(super().__next__, self)


class _CheckedConnection(sqlite3.Connection):
    archive_path = "the archive"

    def cursor(self, factory=_CheckedCursor):
        return super().cursor(factory)

    # sqlite3's own shortcuts make a plain cursor: go through ours
    def execute(self, *args):
        return self.cursor().execute(*args)

    def executemany(self, *args):
        return self.cursor().executemany(*args)


def _connect(uri: str, path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, factory=_CheckedConnection)
    conn.archive_path = str(path)
    return conn


def _read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection; on a read-only file or mount, an immutable one (SQLite cannot make
    its WAL index there, and nothing can write the file meanwhile)."""
    uri = path.absolute().as_uri()
    try:
        conn = _connect(f"{uri}?mode=ro", path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
            raise
    return _connect(f"{uri}?immutable=1", path)


def check_archive_file(path: Path) -> None:
    """Refuse, without writing to it, an existing file that is not a portal archive: not SQLite, or
    another program's database.  An empty file or database (no tables) may become one.

    >>> import tempfile
    >>> other = Path(tempfile.mkdtemp(), "other.db")
    >>> sqlite3.connect(other).execute("CREATE TABLE notes (body TEXT)").connection.close()
    >>> check_archive_file(other)
    Traceback (most recent call last):
    ...
    archive.store.ArchiveError: ... is not a portal archive (an SQLite database of another program: tables notes); not opening it
    """
    with open(path, "rb") as f:
        head = f.read(100)
    if not head:
        return
    if not head.startswith(_SQLITE_HEADER):
        raise ArchiveError(f"{path} is not a portal archive (not an SQLite database); not opening it")
    app_id = int.from_bytes(head[68:72], "big")
    if app_id == APPLICATION_ID:
        return
    if app_id:
        raise ArchiveError(f"{path} is not a portal archive (an SQLite database of another program: application id "
                           f"{app_id:#010x}); not opening it")
    tables, sets = _schema(path, "immutable=1")
    if not ({"articles", "_sqlite_migrations"} <= tables and "portal_archive" in sets) and Path(f"{path}-wal").exists():
        tables, sets = _schema(path, "mode=ro")  # the schema may be in the write-ahead log still
    if tables and not ({"articles", "_sqlite_migrations"} <= tables and "portal_archive" in sets):
        raise ArchiveError(f"{path} is not a portal archive (an SQLite database of another program: tables "
                           f"{', '.join(sorted(tables)[:8])}); not opening it")


def check_path(path: Path, *, create: bool) -> None:
    """ArchiveError unless ``path`` is a portal archive, or (``create``) can become one: a missing
    archive, a folder, a missing folder, a file that is no archive (:func:`check_archive_file`)."""
    if path.is_dir():
        raise ArchiveError(f"{path} is a directory, not an archive file")
    if path.exists():
        check_archive_file(path)
    elif not create:
        raise ArchiveError(f"no archive at {path} (run a crawl first, or pass --db PATH)")
    elif not path.parent.exists():
        raise ArchiveError(f"cannot create {path}: folder {path.parent} does not exist")


def _schema(path: Path, mode: str) -> tuple[set[str], set[str]]:
    """(table names, migration sets) of an SQLite file, read without writing to it."""
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?{mode}", uri=True)
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot open {path}: {exc}") from None
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        sets = {r[0] for r in conn.execute("SELECT DISTINCT migration_set FROM _sqlite_migrations")} \
            if "_sqlite_migrations" in tables else set()
    except sqlite3.DatabaseError as exc:
        raise ArchiveError(f"cannot read {path}: {exc}") from None
    finally:
        conn.close()
    return tables, sets


def default_db_path() -> str:
    return os.environ.get("PORTAL_ARCHIVE_DB") or DEFAULT_DB


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


#: Outcomes of a page fetched and not (yet) shown to be an article, for a reason that passes
#: (an error or maintenance page served as 200, a challenge, an empty page): the URL is never
#: known, and is fetched again after :func:`retry_after`.
TRANSIENT = ("soft-error", "blocked-challenge", "empty-page")


def retry_after(rejections: int, last: str) -> str:
    """When a URL whose last ``rejections`` fetches were transient (the latest at ``last``) is
    fetched again: at the next run after the first, then after 1, 3, 7, 15 ... hours, a week at most.

    >>> [retry_after(n, "2024-01-31T00:00:00Z") for n in (1, 2, 3, 9)]
    ['2024-01-31T00:00:00Z', '2024-01-31T01:00:00Z', '2024-01-31T03:00:00Z', '2024-02-07T00:00:00Z']
    """
    hours = min(2 ** min(rejections - 1, 16) - 1, 168)
    return (_utc_stamp(last) + dt.timedelta(hours=hours)).isoformat(timespec="seconds") + "Z"


_WORDS = re.compile(r"[^\w]+")


def cjk_text(title: str | None, captions: str | None, body: str | None) -> str | None:
    """The Chinese runs of an article's title, captions and body, as stored in ``articles.cjk``
    (JSON, mirrored into the trigram index ``articles_cjk``), or None when it has none.

    >>> print(cjk_text("Guiyang (贵阳)", "", "贵阳市 and 一带一路."))
    ["贵阳", "", "贵阳市\\n一带一路"]
    >>> cjk_text("Guiyang", None, "No Chinese.") is None
    True
    """
    parts = ["" if (text or "").isascii() else "\n".join(CJK_RUN.findall(text)) for text in (title, captions, body)]
    return json.dumps(parts, ensure_ascii=False) if any(parts) else None


def content_hash(title: str | None, body: str | None, captions: Iterable[str] = ()) -> str:
    """Fingerprint of an article's text, blind to case, punctuation and spacing.

    >>> content_hash("Guiyang  Metro", "Line 3 opens.") == content_hash("guiyang metro", "Line 3 opens")
    True
    >>> content_hash("Guiyang Metro", "Line 3 opens.") == content_hash("Guiyang Metro", "Line 2 opens.")
    False
    """
    parts = [title or "", body or "", *captions]
    text = "\n".join(_normalise(p.lower()) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# ASCII text (most articles): non-word characters to spaces with str.translate, which is several
# times faster than the regular expression and gives the same string.
_ASCII_NON_WORD = {c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")}


def _normalise(text: str) -> str:
    """Runs of non-word characters become one space; no space at either end.

    >>> _normalise("  Line 3, (opens) -- today!\t") == _WORDS.sub(" ", "  Line 3, (opens) -- today!\t").strip()
    True
    """
    if text.isascii():
        return " ".join(text.translate(_ASCII_NON_WORD).split())
    return _WORDS.sub(" ", text).strip()


_INSERTS: dict[tuple[str, tuple[str, ...]], str] = {}


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
        """Open (or create) the archive at ``path``; ``readonly``: for reading only (the search, export
        and report commands), also on a read-only file or mount.  Anything that is not a portal
        archive (:func:`check_archive_file`) is refused untouched."""
        self.path = Path(path)
        check_path(self.path, create=create)
        try:
            conn = _read_only(self.path) if readonly else _connect(self.path.absolute().as_uri(), self.path)
            conn.execute("PRAGMA busy_timeout = 10000")
            conn.execute("PRAGMA cache_size = -65536")  # 64 MB: FTS5 merges and index inserts at 1M+ rows
            self.db = Database(conn)
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = FULL")
                self.db.execute("PRAGMA foreign_keys = ON")
                with self.immediate():
                    migrations.apply(self.db)
            elif migrations.pending(self.db) and os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK):
                # made by an older version: bring its schema up to date once (as every write command does)
                self.db.close()
                Archive(self.path).close()
                self.db = Database(_read_only(self.path))
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"cannot open {self.path}: {exc}") from None

    def close(self) -> None:
        self.db.close()

    _depth = 0

    @contextlib.contextmanager
    def immediate(self) -> Iterator[Database]:
        """A write transaction that takes the write lock up front (no mid-transaction 'database is locked').

        Inside another one it joins it: what an outer block writes (an import's whole file) commits,
        or rolls back, as one."""
        if self._depth:
            self._depth += 1
            try:
                yield self.db
            finally:
                self._depth -= 1
            return
        self.db.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.db
        except BaseException:
            self.db.conn.execute("ROLLBACK")
            raise
        else:
            self.db.conn.execute("COMMIT")
        finally:
            self._depth = 0

    # --- reading -------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {t: self.db[t].count for t in ("articles", "photos", "appearances", "revisions")}

    #: image outcomes that keep the picture (the others are failures, tried again at the next run)
    IMAGE_KEPT = ("image", "image-duplicate")

    def known_images(self, urls: Iterable[str]) -> set[str]:
        """The subset of image ``urls`` already archived (each photo is fetched once, across articles)."""
        urls = list(dict.fromkeys(urls))
        known: set[str] = set()
        for i in range(0, len(urls), 500):
            chunk = urls[i: i + 500]
            marks = ",".join("?" * len(chunk))
            known.update(row[0] for row in self.db.conn.execute(
                f"SELECT url FROM images WHERE url IN ({marks}) AND outcome IN ('image', 'image-duplicate')", chunk))
        return known

    def save_images(self, images: list[dict], *, run_id: int | None = None, portal: str | None = None) -> list[str]:
        """Record fetched photos (dicts: ``url``, ``status``, ``content_type``, ``size``, ``sha256``
        (None when the answer was no image), ``warc``, ``detail``) and their fetch outcomes, in one
        transaction; return each one's outcome: ``image``, ``image-duplicate`` (the same bytes are
        archived under another URL: kept once) or ``image-failed``."""
        outcomes = []
        fetched_at = now_utc()
        with self.immediate():
            for image in images:
                same = None
                if image.get("sha256"):
                    row = self.db.conn.execute(
                        "SELECT id FROM images WHERE sha256 = ? AND outcome = 'image' AND url != ?",
                        [image["sha256"], image["url"]]).fetchone()
                    same = row[0] if row else None
                    outcome = "image-duplicate" if same else "image"
                else:
                    outcome = "image-failed"
                warc = json.dumps(image["warc"]) if image.get("warc") and outcome == "image" else None
                self.db.conn.execute(
                    """INSERT INTO images (url, outcome, status, detail, content_type, size, sha256, same_as, warc, fetched_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT(url) DO UPDATE SET outcome = excluded.outcome, status = excluded.status,
                         detail = excluded.detail, content_type = excluded.content_type, size = excluded.size,
                         sha256 = excluded.sha256, same_as = excluded.same_as, warc = excluded.warc,
                         fetched_at = excluded.fetched_at""",
                    [image["url"], outcome, image.get("status"), image.get("detail"), image.get("content_type"),
                     image.get("size"), image.get("sha256"), same, warc, fetched_at])
                outcomes.append(outcome)
            self._insert_all("fetches", (
                {"run_id": run_id, "portal": portal, "url": image["url"], "canonical_url": None, "outcome": outcome,
                 "status": image.get("status"), "detail": image.get("detail"),
                 "warc_file": (image.get("warc") or {}).get("file"), "warc_offset": (image.get("warc") or {}).get("offset"),
                 "fetched_at": fetched_at, "node": image.get("node")}
                for image, outcome in zip(images, outcomes)))
        return outcomes

    def image(self, image_id: int) -> dict | None:
        """An archived image's row, following ``same_as`` to the one that holds the bytes."""
        row = self._one("SELECT * FROM images WHERE id = ?", image_id)
        if row and row["same_as"]:
            kept = self._one("SELECT * FROM images WHERE id = ?", row["same_as"])
            row = {**kept, "url": row["url"], "id": row["id"]} if kept else row
        return row

    def known_urls(self, canonical_urls: Iterable[str], now: str | None = None) -> set[str]:
        """The subset of ``canonical_urls`` not to fetch now: archived (under any spelling that maps
        to them), found not to be an article (a listing: not fetched again every run), or rejected
        for a passing reason (:data:`TRANSIENT`) and not yet due again (:func:`retry_after`)."""
        now = now or now_utc()
        urls = list(dict.fromkeys(canonical_urls))
        known: set[str] = set()
        outcomes = ",".join("?" * (len(TRANSIENT) + 1))
        for i in range(0, len(urls), 500):
            chunk = urls[i: i + 500]
            marks = ",".join("?" * len(chunk))
            known.update(
                row["canonical_url"]
                for row in self.db["appearances"].rows_where(f"canonical_url in ({marks})", chunk, select="canonical_url")
            )
            rejected: dict[str, list] = {}  # url -> [last outcome, last time, transient rejections]
            for url, outcome, fetched_at in self.db.execute(
                    f"SELECT canonical_url, outcome, fetched_at FROM fetches WHERE canonical_url IN ({marks}) "
                    f"AND outcome IN ({outcomes}) ORDER BY id", [*chunk, "not-article", *TRANSIENT]):
                seen = rejected.setdefault(url, [None, None, 0])
                seen[0], seen[1], seen[2] = outcome, fetched_at, seen[2] + (outcome != "not-article")
            known.update(url for url, (outcome, last, rejections) in rejected.items()
                         if outcome == "not-article" or now < retry_after(rejections, last))
        return known

    def known_image_urls(self) -> Iterator[str]:
        """Every photo URL :meth:`known_images` would answer for."""
        yield from (row[0] for row in self.db.execute(
            "SELECT url FROM images WHERE outcome IN ('image', 'image-duplicate')"))

    def known_canonical_urls(self) -> Iterator[str]:
        """Every canonical URL :meth:`known_urls` would answer for (what a cluster's nodes skip)."""
        yield from (row[0] for row in self.db.execute(
            "SELECT DISTINCT canonical_url FROM appearances UNION "
            "SELECT DISTINCT canonical_url FROM fetches WHERE outcome = 'not-article' AND canonical_url IS NOT NULL"))

    def due_validators(self, now: str | None = None) -> Iterator[tuple[str, str | None, str | None]]:
        """``(canonical_url, etag, last_modified)`` of every appearance :meth:`due_for_revisit` would answer for."""
        yield from self.db.execute(
            """SELECT p.canonical_url, a.etag, a.last_modified FROM appearances p JOIN articles a ON a.id = p.article_id
               WHERE a.gone IS NULL AND a.next_visit IS NOT NULL AND a.next_visit <= ?""", [now or now_utc()])

    def last_run_interrupted(self, portal: str, before_run: int | None = None) -> bool:
        """Did the last crawl of ``portal`` (before run ``before_run``) stop before finishing its walk?

        Such a run may have archived a section's first listing page but not the
        pages after it, so the next run must walk past all-archived pages.
        """
        where, params = "(' ' || portals || ' ') LIKE ?", [f"% {portal} %"]
        if before_run is not None:
            where += " AND id < ?"
            params.append(before_run)
        last = next(iter(self.db["runs"].rows_where(where, params, order_by="id DESC", limit=1,
                                                    select="status, finished")), None)
        return last is not None and (last["finished"] is None or last["status"] in ("running", "interrupted", "shutdown"))

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

    def register_portals(self, records: Iterable[dict]) -> int:
        """Record what is known of each portal (the crawl calls this with the spiders' attributes):
        dicts with ``name``, ``portal_name``, ``hosts`` (list), ``family``, ``level``, ``province``,
        ``city``.  Search filters (``--level``, ``--province``) and Datasette facets read the
        ``portals`` table.  Returns the number of portals written.

        >>> import tempfile, os
        >>> archive = Archive(os.path.join(tempfile.mkdtemp(), "p.db"))
        >>> archive.register_portals([{"name": "guiyang", "portal_name": "Guiyang", "hosts": ["english.guiyang.gov.cn"],
        ...   "family": "F1", "level": "city", "province": "Guizhou", "city": "Guiyang"}])
        1
        >>> archive.db.execute("SELECT name, hosts, level, province FROM portals").fetchall()
        [('guiyang', '["english.guiyang.gov.cn"]', 'city', 'Guizhou')]
        """
        rows = [{"name": r["name"], "portal_name": r.get("portal_name"),
                 "hosts": json.dumps(list(r.get("hosts") or []), ensure_ascii=False), "family": r.get("family"),
                 "level": r.get("level"), "province": r.get("province"), "city": r.get("city"), "updated": now_utc()}
                for r in records]
        with self.immediate() as db:
            db.conn.executemany(
                """INSERT INTO portals(name, portal_name, hosts, family, level, province, city, updated)
                   VALUES (:name, :portal_name, :hosts, :family, :level, :province, :city, :updated)
                   ON CONFLICT(name) DO UPDATE SET portal_name = excluded.portal_name, hosts = excluded.hosts,
                   family = excluded.family, level = excluded.level, province = excluded.province,
                   city = excluded.city, updated = excluded.updated""", rows)
        return len(rows)

    def save(self, items: list[dict], *, fetches: Iterable[dict] = (), run_id: int | None = None,
             seen_at: str | None = None) -> list[str]:
        """Save extracted articles and fetch outcomes in one transaction; return each article's outcome.

        Outcomes: ``stored`` (new article), ``duplicate`` (known content under a new
        URL: one more appearance), ``unchanged``, ``revised`` (known URL, new text;
        the old version goes to ``revisions``), ``conflict`` (known URL, another
        article's text: kept out), ``soft-error`` (an error page: not stored).  Each article's page URLs and each
        of ``fetches`` (dicts with ``url``, ``outcome``, ``portal`` and optionally
        ``status``, ``detail``, ``warc``) become rows of ``fetches``.
        """
        seen_at = seen_at or now_utc()
        with self.immediate():
            outcomes = []
            rows = []
            fingerprints = [content_hash(i.get("title"), i.get("body"), [p.get("caption") or "" for p in
                                                                         i.get("photos") or []]) for i in items]
            self._maybe = self._known_keys(items, fingerprints)
            try:
                for item, fingerprint in zip(items, fingerprints):
                    outcome, article_id = self._save_one(item, seen_at, fingerprint)
                    outcomes.append(outcome)
                    for n, record in enumerate(item.get("warc_records") or [{"url": item["url"]}]):
                        rows.append({"url": record.get("url", item["url"]), "portal": item["portal"],
                                     "canonical_url": item["canonical_url"] if n == 0 else None,
                                     "outcome": outcome if n == 0 else "article-page", "status": 200,
                                     "article_id": article_id, "warc": record, "node": item.get("node")})
            finally:
                self._maybe = None
            rows.extend(fetches)
            self._insert_all("fetches", (
                {"run_id": run_id, "portal": f.get("portal"), "url": f["url"], "canonical_url": f.get("canonical_url"),
                 "outcome": f["outcome"],
                 "status": f.get("status"), "detail": f.get("detail"), "article_id": f.get("article_id"),
                 "warc_file": (f.get("warc") or {}).get("file"), "warc_offset": (f.get("warc") or {}).get("offset"),
                 "fetched_at": f.get("fetched_at") or seen_at, "node": f.get("node")}
                for f in rows
            ))
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
            if (article["title"], article["body"]) != (row["title"], row["body"]):  # its copies may have changed
                self.db["cluster_redo"].insert({"article_id": article_id, "title": article["title"],
                                                "body": article["body"]})
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

    _maybe: dict[str, set] | None = None

    def _known_keys(self, items: list[dict], fingerprints: list[str]) -> dict[str, set] | None:
        """The batch's canonical URLs, URLs and content hashes that the archive may already hold
        (three queries per batch instead of three per article); each key the batch then writes is
        added, so that a key outside these sets is certainly new."""
        if len(items) < 8:
            return None
        canon = json.dumps([i["canonical_url"] for i in items])
        urls = json.dumps([i["url"] for i in items])
        hashes = json.dumps(fingerprints)
        ask = self.db.conn.execute
        return {
            "canonical": {r[0] for r in ask("SELECT canonical_url FROM appearances WHERE canonical_url IN "
                                            "(SELECT value FROM json_each(?))", [canon])},
            "url": {r[0] for r in ask("SELECT url FROM appearances WHERE url IN (SELECT value FROM json_each(?))",
                                      [urls])},
            "hash": {r[0] for r in ask("SELECT content_hash FROM articles WHERE content_hash IN "
                                       "(SELECT value FROM json_each(?))", [hashes])},
        }

    def _may_exist(self, kind: str, key: str) -> bool:
        return self._maybe is None or key in self._maybe[kind]

    def due_articles(self, portal: str, limit: int, now: str | None = None) -> list[dict]:
        """A portal's known articles whose revisit is due, the longest overdue first, with their
        validators (for revisits of articles no longer on the listing pages a run walks)."""
        return [dict(zip(("url", "canonical_url", "etag", "last_modified"), row)) for row in self.db.execute(
            """SELECT url, canonical_url, etag, last_modified FROM articles
               WHERE next_visit <= ? AND gone IS NULL AND portal = ? ORDER BY next_visit LIMIT ?""",
            [now or now_utc(), portal, int(limit)])]

    def _save_one(self, item: dict, seen_at: str, fingerprint: str | None = None) -> tuple[str, int | None]:
        captions = [p.get("caption") or "" for p in item.get("photos") or []]
        if error_page(item.get("title"), item.get("body")):
            return "soft-error", None  # the crawl's extractor rejects these; this also guards import
        fingerprint = fingerprint or content_hash(item.get("title"), item.get("body"), captions)
        canonical = item["canonical_url"]
        appearance = self._one("SELECT article_id FROM appearances WHERE canonical_url = ? LIMIT 1", canonical) \
            if self._may_exist("canonical", canonical) else None
        if self._maybe is not None:  # from here on, this item's keys are in the archive
            self._maybe["canonical"].add(canonical)
        if appearance is not None:
            article = self._one("SELECT * FROM articles WHERE id = ?", appearance["article_id"])
            visit = {"last_seen": seen_at, "next_visit": next_visit(article["published"], seen_at),
                     **self._validators(item)}
            if article["content_hash"] == fingerprint:
                self._touch_appearance(item, article["id"], seen_at)
                self._update("articles", article["id"], visit)
                return "unchanged", article["id"]
            if not same_article(article["title"], f"{article['body']}\n{article['captions'] or ''}",
                                item.get("title"), "\n".join([item.get("body") or "", *captions])) \
                    and not error_page(article["title"], article["body"]):
                # not a revision: the URL now shows another text; the stored article stays as it was
                # (unless it is an error page stored before pages were judged: the article replaces it)
                self._update("articles", article["id"], {"next_visit": visit["next_visit"]})
                return "conflict", article["id"]
            self._touch_appearance(item, article["id"], seen_at)
            self._revise(article, item, fingerprint, captions, seen_at)
            self._update("articles", article["id"], visit)
            return "revised", article["id"]
        # content dedup only on text of an article: a headline alone (an empty template) merges nothing
        same = self._one("SELECT id, published FROM articles WHERE content_hash = ? LIMIT 1", fingerprint) \
            if (item.get("body") or any(captions)) and self._may_exist("hash", fingerprint) else None
        if self._maybe is not None:
            self._maybe["hash"].add(fingerprint)
        if same is not None:
            self._touch_appearance(item, same["id"], seen_at)
            update = {"last_seen": seen_at}
            if item.get("published") and (not same["published"] or item["published"][:10] < same["published"][:10]):
                # syndicated copies: the earliest printed date is the original's
                update.update(self._date_fields(item))
            self._update("articles", same["id"], update)
            return "duplicate", same["id"]
        row = self._article_row(item, fingerprint, captions)
        row.update(first_seen=seen_at, last_seen=seen_at, updated=seen_at, revision=1,
                   next_visit=next_visit(item.get("published"), seen_at), **self._validators(item))
        article_id = self._insert_many("articles", [row])
        self._write_photos(article_id, item, new=True)
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
            "cjk": cjk_text(item.get("title"), "\n".join(captions), item.get("body")),
        }

    def _write_photos(self, article_id: int, item: dict, new: bool = False) -> None:
        if not new:
            self.db.conn.execute("DELETE FROM photos WHERE article_id = ?", [article_id])
        self._insert_many("photos", (
            {"article_id": article_id, "position": i, "src": p.get("src"), "caption": p.get("caption"), "credit": p.get("credit")}
            for i, p in enumerate(item.get("photos") or [])
        ))

    # Raw statements on the hot path (sqlite-utils' insert() introspects the table on every call:
    # ~30 statements per saved article).  Values are bound; column names come from our own dicts.
    def _one(self, sql: str, *params) -> dict | None:
        cursor = self.db.conn.execute(sql, params)
        row = cursor.fetchone()
        return None if row is None else dict(zip([c[0] for c in cursor.description], row))

    def _update(self, table: str, row_id: int, values: dict) -> None:
        keys = list(values)
        self.db.conn.execute(f"UPDATE [{table}] SET {', '.join(f'[{k}] = ?' for k in keys)} WHERE id = ?",
                             [*(values[k] for k in keys), row_id])

    def _insert_many(self, table: str, rows: Iterable[dict]) -> int | None:
        """Insert dicts (all with the same keys per statement shape); return the last rowid."""
        last = None
        for row in rows:
            keys = tuple(row)
            sql = _INSERTS.get((table, keys))
            if sql is None:
                sql = _INSERTS[(table, keys)] = (
                    f"INSERT INTO [{table}] ({', '.join(f'[{k}]' for k in keys)}) VALUES ({', '.join('?' * len(keys))})")
            last = self.db.conn.execute(sql, [row[k] for k in keys]).lastrowid
        return last

    def _insert_all(self, table: str, rows: Iterable[dict]) -> None:
        """Insert dicts that all have the same keys, in one executemany."""
        rows = list(rows)
        if rows:
            keys = tuple(rows[0])
            self.db.conn.executemany(
                f"INSERT INTO [{table}] ({', '.join(f'[{k}]' for k in keys)}) VALUES ({', '.join('?' * len(keys))})",
                [[row[k] for k in keys] for row in rows])

    def _touch_appearance(self, item: dict, article_id: int, seen_at: str) -> None:
        existing = self._one("SELECT id FROM appearances WHERE url = ?", item["url"]) \
            if self._may_exist("url", item["url"]) else None
        if self._maybe is not None:
            self._maybe["url"].add(item["url"])
        if existing:
            self.db.conn.execute("UPDATE appearances SET last_seen = ?, article_id = ? WHERE id = ?",
                                 [seen_at, article_id, existing["id"]])
        else:
            self._insert_many("appearances", [{
                "article_id": article_id, "url": item["url"], "canonical_url": item["canonical_url"],
                "portal": item["portal"], "published": item.get("published"), "first_seen": seen_at, "last_seen": seen_at,
            }])

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
