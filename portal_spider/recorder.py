"""One crawl's write side: raw pages to WARC, articles and per-URL outcomes to the archive.

The WARC capture middleware, the spiders and the archive pipeline of one
crawler share a single :class:`Recorder` (``recorder_for(crawler)``), so that

* a WARC record is flushed and fsynced before the row pointing to it commits;
* articles and fetch outcomes land in the same ``BEGIN IMMEDIATE`` transaction;
* the archive, not Scrapy's memory, is what the next run consults.

The writing itself (gzip, digests, fsync, SQLite and its full-text index) runs
in one :class:`Writer` thread, off the reactor's core: those parts release the
GIL.  The writer does its tasks in the order they were handed over, so the
records of a batch are written (and fsynced) before the batch commits.  A
location returned by :meth:`Recorder.capture` is filled in when its record is
written; only the writer reads it, when it saves the rows that point to it.
"""

from __future__ import annotations

import errno
import logging
import os
import queue
import sqlite3
import sys
import threading
import time
import weakref

from archive.lock import ArchiveLock
from archive.runs import this_host
from archive.store import Archive, ArchiveCorrupt, now_utc

from .exits import Exit
from .urls import canonical_url
from .warc import WarcStore, repair, response_record, warc_dir_for, warc_date

logger = logging.getLogger(__name__)

_RECORDERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite's SQLITE_FULL or an OS-level ENOSPC/EDQUOT.

    >>> is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    True
    >>> is_disk_full(sqlite3.OperationalError("database or disk is full"))
    True
    >>> is_disk_full(sqlite3.OperationalError("database is locked"))
    False
    """
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(exc, sqlite3.DatabaseError):
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(exc)
    return False


def is_locked(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite's "database is locked" (SQLITE_BUSY/SQLITE_LOCKED): another process
    holds the archive's write lock past the connection's busy timeout.

    >>> is_locked(sqlite3.OperationalError("database is locked"))
    True
    >>> is_locked(sqlite3.OperationalError("no such table: articles")), is_locked(OSError("locked"))
    (False, False)
    """
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "database is locked" in str(exc) or "database table is locked" in str(exc)


def stop_on_full_disk(db_path: str, exc: BaseException) -> None:
    """Fail-stop: one line for the operator, then exit with ``Exit.DISK_FULL`` (5) at once.

    Nothing more can be written (not even the run record), and every committed
    batch is safe: the failed transaction was rolled back, the WAL holds the
    last commits, a half-written WARC tail is repaired at the next start, and
    the next run fetches again what this one had not saved.
    """
    print(f"error: disk full while writing the archive {db_path} ({exc}); the crawl stopped. Free some space and run "
          f"it again: nothing saved is lost. Do not delete {db_path}-wal: it holds the latest saved articles.",
          file=sys.stderr, flush=True)
    try:
        sys.stdout.flush()
    finally:
        os._exit(Exit.DISK_FULL)




def stop_on_corrupt(exc: BaseException) -> None:
    """Fail-stop on a damaged archive (:class:`archive.store.ArchiveCorrupt`, raised by whichever
    statement met the damage): one line, exit :data:`Exit.USAGE` (2) at once, before anything more is
    written to it."""
    print(f"error: {exc}", file=sys.stderr, flush=True)
    try:
        sys.stdout.flush()
    finally:
        os._exit(Exit.USAGE)


class Writer:
    """A thread that runs the crawl's writes one after the other, in the order they were submitted.

    ``max_pending`` bounds the raw bytes waiting for it (16 MB: a few dozen pages, enough to
    ride out an fsync): past that, :meth:`submit` waits, so a slow disk slows the crawl down
    instead of filling the memory.
    A locked archive (another command holding its write lock past SQLite's busy timeout) is
    waited for: the task is tried again, with back-off, until it goes through (:meth:`patiently`),
    so the crawl slows down and no batch is dropped.  A disk-full error stops the crawl
    (:func:`stop_on_full_disk`); any other error is logged and handed to ``on_error``
    (the crawl's exit status counts it).

    >>> w = Writer("archive.db"); done = []
    >>> w.submit(done.append, 1, "a"); w.submit(done.append, 1, "b"); w.close()
    >>> done
    ['a', 'b']
    """

    #: seconds between two tries on a locked archive (each try itself waits SQLite's busy timeout)
    LOCKED_BACKOFF = (0.5, 1.0, 2.0, 5.0)

    def __init__(self, db_path: str, max_pending: int = 16 * 1024 * 1024, on_error=None):
        self.db_path = db_path
        self.max_pending = max_pending
        self.on_error = on_error
        # two counters, each written by one thread only: no lock shared with the writer on the hot
        # path (waiting for one while the writer waits for the GIL stalled the reactor for milliseconds)
        self.submitted = self.written = 0
        self.tasks: queue.SimpleQueue = queue.SimpleQueue()
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name="portal-archive-writer", daemon=True)
        self.thread.start()

    def submit(self, fn, size: int, *args) -> None:
        while self.submitted > self.written and self.submitted - self.written + size > self.max_pending:
            self.done.clear()
            if self.submitted > self.written:
                self.done.wait(0.05)
        self.submitted += size
        self.tasks.put((fn, size, args))

    def close(self) -> None:
        """Run what was submitted, then stop the thread."""
        self.tasks.put(None)
        self.thread.join()

    def patiently(self, fn, *args, **kwargs):
        """``fn(*args, **kwargs)``, tried again for as long as the archive is locked (see the class docstring)."""
        tries = 0
        while True:
            try:
                return fn(*args, **kwargs)
            except sqlite3.OperationalError as exc:
                if not is_locked(exc):
                    raise
                pause = self.LOCKED_BACKOFF[min(tries, len(self.LOCKED_BACKOFF) - 1)]
                tries += 1
                logger.warning("the archive %s is locked by another process: waiting to write (try %d, "
                               "next in %.1f s)", self.db_path, tries, pause)
                time.sleep(pause)

    def _run(self) -> None:
        while (task := self.tasks.get()) is not None:
            fn, size, args = task
            try:
                self.patiently(fn, *args)
            except BaseException as exc:
                if is_disk_full(exc):
                    stop_on_full_disk(self.db_path, exc)
                if isinstance(exc, ArchiveCorrupt):
                    stop_on_corrupt(exc)
                logger.exception("writing to the archive %s failed", self.db_path)
                if self.on_error is not None:
                    self.on_error(exc)
            finally:
                self.written += size
                self.done.set()


def recorder_for(crawler) -> "Recorder":
    rec = _RECORDERS.get(crawler)
    if rec is None:
        if crawler.settings.get("PORTAL_ARCHIVE_FRONTIER"):  # a cluster node: results go to the writer
            from .frontier.results import NodeRecorder

            rec = _RECORDERS[crawler] = NodeRecorder(crawler)
        else:
            rec = _RECORDERS[crawler] = Recorder(crawler)
    return rec


class Recorder:
    def __init__(self, crawler):
        s = crawler.settings
        self.crawler = crawler
        self.db_path = s.get("PORTAL_ARCHIVE_DB")
        self.warc_enabled = s.getbool("PORTAL_ARCHIVE_WARC")
        self.warc_dir = s.get("PORTAL_ARCHIVE_WARC_DIR") or warc_dir_for(self.db_path)
        self.warc_max_bytes = s.getint("PORTAL_ARCHIVE_WARC_MAX_BYTES")
        self.batch_size = s.getint("PORTAL_ARCHIVE_BATCH_SIZE")
        self.flush_seconds = s.getfloat("PORTAL_ARCHIVE_FLUSH_SECONDS")
        self.run_id = s.getint("PORTAL_ARCHIVE_RUN_ID") or None
        self.own_run = False
        self.lock: ArchiveLock | None = None
        self.archive: Archive | None = None  # the spider's reads and revisit marks (reactor thread)
        self.store: Archive | None = None  # the writer thread's own connection
        self.warc: WarcStore | None = None
        self.writer: Writer | None = None
        self.items: list[dict] = []
        self.fetches: list[dict] = []
        self.images: list[dict] = []
        self.last_flush = time.monotonic()

    # --- lifecycle ---------------------------------------------------------------------------

    def open(self, portal: str) -> None:
        if self.archive is not None:
            return
        self.portal = portal
        if self.run_id is None:  # plain `scrapy crawl`: no runner took the writers' lock for it
            self.lock = ArchiveLock(self.db_path)
            holder = self.lock.acquire()
            if holder:
                print(f"error: {self.db_path} is locked by {holder}; not crawling", file=sys.stderr, flush=True)
                os._exit(Exit.LOCKED)
        self.archive = Archive(self.db_path)
        # this connection only looks up listing links: the writer's (``store``) keeps the big page cache
        self.archive.db.conn.execute("PRAGMA cache_size = -8192")
        if self.run_id is None:  # plain `scrapy crawl`: record the run here
            self.run_id = self.archive.db["runs"].insert(
                {"started": now_utc(), "portals": portal, "status": "running", "pid": os.getpid(),
                 "host": this_host()}).last_pk
            self.own_run = True
        if self.warc_enabled:
            repaired = repair(self.warc_dir)
            if repaired:
                self.crawler.spider.logger.warning("repaired the half-written tail of %s", ", ".join(repaired))
            self.warc = WarcStore(self.warc_dir, prefix=portal, max_bytes=self.warc_max_bytes)
        self.store = Archive(self.db_path)
        # a crawl writes a few hundred articles a second at most: half the bulk-ingest page cache keeps
        # its inserts fast and the crawl's peak memory under 300 MB at 100,000 articles
        self.store.db.conn.execute("PRAGMA cache_size = -32768")
        self.writer = Writer(self.db_path, on_error=self._write_error)

    def close(self) -> None:
        if self.archive is None:
            return
        try:
            self.flush()
            self.writer.close()
            if self.own_run:
                stats = self.crawler.stats.get_stats()
                reason = stats.get("finish_reason", "finished")
                self.archive.db["runs"].update(self.run_id, {
                    "finished": now_utc(), "status": "interrupted" if reason == "shutdown" else reason,
                    "new": stats.get("portal_archive/outcome/stored", 0),
                    "revised": stats.get("portal_archive/outcome/revised", 0)})
        finally:
            if self.warc is not None:
                self.warc.close()
            self.store.close()
            self.archive.close()
            self.archive = None
            if self.lock is not None:
                self.lock.release()

    # --- recording ---------------------------------------------------------------------------

    def capture(self, url: str, status: int, headers: list[tuple[bytes, bytes]], body: bytes, **kw) -> dict | None:
        """Hand a response to the writer; return its location, ``{"url"}`` until the record is written
        (then also ``file``, ``offset``, ``length``)."""
        if self.warc is None:
            return None
        location = {"url": url}
        self.writer.submit(self._write_record, len(body), location, url, status, headers, body,
                           {"date": warc_date(), **kw})
        return location

    def _write_record(self, location: dict, url: str, status: int, headers, body: bytes, kw: dict) -> None:
        location.update(self.warc.append(response_record(url, status, headers, body, **kw)))

    def outcome(self, url: str, outcome: str, *, status: int | None = None, detail: str | None = None,
                warc: dict | None = None) -> None:
        """Record the one outcome of a fetched URL that did not become an article."""
        self.crawler.stats.inc_value(f"portal_archive/outcome/{outcome}")
        self.fetches.append({"url": url, "canonical_url": canonical_url(url), "outcome": outcome, "status": status, "detail": detail,
                             "warc": warc, "portal": self.portal, "fetched_at": now_utc()})
        self.maybe_flush()

    def touch(self, canonical: str) -> None:
        """A known article answered 304: note the visit (in the writer's order, like every write)."""
        self.writer.submit(self.store.touch, 0, canonical)

    def tombstone(self, canonical: str) -> None:
        """A known article is gone (404/410, or redirected home)."""
        self.writer.submit(self.store.tombstone, 0, canonical)

    def article(self, item: dict) -> None:
        self.items.append(item)
        self.maybe_flush()

    def image(self, image: dict) -> None:
        """A fetched photo (or a failed fetch of one): saved with the next batch (see ``Archive.save_images``)."""
        self.images.append(image)
        self.maybe_flush()

    def maybe_flush(self) -> None:
        if len(self.items) + len(self.fetches) + len(self.images) >= self.batch_size \
                or time.monotonic() - self.last_flush >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        if self.items or self.fetches:
            items, fetches = self.items, self.fetches
            self.items, self.fetches = [], []
            self.writer.submit(self._save, 0, items, fetches)
        if self.images:
            images, self.images = self.images, []
            self.writer.submit(self._save_images, 0, images)

    def _save_images(self, images: list[dict]) -> None:
        if self.warc is not None:
            self.warc.sync()
        for outcome in self.store.save_images(images, run_id=self.run_id, portal=self.portal):
            self.crawler.stats.inc_value(f"portal_archive/outcome/{outcome}")

    def _save(self, items: list[dict], fetches: list[dict]) -> None:
        if self.warc is not None:
            self.warc.sync()  # the records must be on disk before rows that point to them commit
        try:
            outcomes = self.store.save(items, fetches=fetches, run_id=self.run_id)
        except Exception as exc:
            if is_locked(exc) or is_disk_full(exc) or isinstance(exc, ArchiveCorrupt):
                raise  # the writer waits for the lock, or stops the crawl
            outcomes = self._save_apart(items, fetches, exc)
        # only the writer counts article outcomes: no other thread touches these keys
        for outcome in outcomes:
            self.crawler.stats.inc_value(f"portal_archive/outcome/{outcome}")

    def _save_apart(self, items: list[dict], fetches: list[dict], exc: Exception) -> list[str]:
        """A batch failed: save its parts one by one, so that one bad article costs only itself.
        An article that still fails is recorded ``write-failed`` (not archived: fetched again next run)."""
        logger.error("saving a batch to the archive %s failed (%s: %s); saving its articles one by one",
                     self.db_path, type(exc).__name__, exc, exc_info=exc)
        outcomes = []
        if fetches:
            self.writer.patiently(self.store.save, [], fetches=fetches, run_id=self.run_id)
        for item in items:
            try:
                outcomes += self.writer.patiently(self.store.save, [item], run_id=self.run_id)
            except Exception as failed:
                if is_disk_full(failed) or isinstance(failed, ArchiveCorrupt):
                    raise
                logger.error("cannot save %s to the archive: %s: %s", item["url"], type(failed).__name__, failed)
                self.writer.patiently(self.store.save, [], fetches=[{
                    "url": item["url"], "canonical_url": item.get("canonical_url"), "outcome": "write-failed",
                    "portal": item.get("portal"), "detail": f"{type(failed).__name__}: {failed}"[:300],
                    "fetched_at": now_utc()}], run_id=self.run_id)
                outcomes.append("write-failed")
        return outcomes

    def _write_error(self, exc: BaseException) -> None:
        """A write that failed for good (see :meth:`_save_apart` for articles): the run is not a success."""
        self.crawler.stats.inc_value("portal_archive/errors/write")
