"""A node's recorder: what a crawl would write to the archive goes to the writer through Redis.

:func:`portal_spider.recorder.recorder_for` returns a :class:`NodeRecorder` when the crawl
runs on a frontier (``PORTAL_ARCHIVE_FRONTIER``); the spiders, the WARC capture middleware
and the archive pipeline use it exactly as they use the archive's own recorder.

Entries of the results stream (``P:results``), fields ``run``, ``node``, ``kind``, ``data``
(JSON) and ``body``:

``capture``
    a raw response, byte for byte (``body``) with its URL, status and headers: sent at once,
    so that it is in the stream before anything that points to it;
``results``
    ``{"portal", "messages"}``: fetch outcomes (``{"t": "fetch", ...}``, as the archive's
    ``fetches`` rows), articles (``{"t": "item", "item"}``), photos (``{"t": "image", "image"}``)
    and revisit marks (``{"t": "touch" | "tombstone", "canonical"}``).  WARC locations are
    ``{"url", "capture": <id>}`` until the writer has written the record;
``stats``
    ``{"portal", "stats"}``: the crawler's counters so far (requests, skipped known articles...).

Results are buffered and leave with the lease of the request that produced them, in one
transaction (:meth:`NodeRecorder.release`): a request is off the frontier only once its
results are in the stream.  Nothing here reads the archive: what the spider asks of it
(known articles and photos, due revisits) was put in Redis by the writer (:class:`FrontierArchive`).
"""

from __future__ import annotations

import json
import time
import uuid

from archive.store import now_utc

from ..urls import canonical_url
from ..warc import warc_date
from .connection import url_digest
from .redis_scheduler import NodeLease, frontier_for

#: Seconds between two snapshots of a node's counters.
STATS_SECONDS = 10.0


class FrontierArchive:
    """What a spider reads from the archive, answered from the writer's seed data in Redis."""

    def __init__(self, recorder: "NodeRecorder"):
        self.recorder = recorder
        self.frontier = recorder.frontier
        self.run_id = recorder.run_id

    def known_urls(self, canonical_urls) -> set[str]:
        urls = list(dict.fromkeys(canonical_urls))
        if not urls:
            return set()
        flags = self.frontier.known(self.run_id, [url_digest(u) for u in urls])
        return {u for u, known in zip(urls, flags) if known}

    def due_for_revisit(self, canonical_urls) -> dict[str, dict]:
        urls = list(dict.fromkeys(canonical_urls))
        if not urls:
            return {}
        rows = self.frontier.due(self.run_id, [url_digest(u) for u in urls])
        return {u: {"canonical_url": u, **json.loads(row)} for u, row in zip(urls, rows) if row}

    def due_articles(self, portal: str, limit: int) -> list[dict]:
        return []  # the writer queued them with the run's start requests

    def last_run_interrupted(self, portal: str, before_run: int | None = None) -> bool:
        return self.frontier.deep(self.run_id, portal)

    def known_images(self, urls) -> set[str]:
        urls = list(dict.fromkeys(urls))
        if not urls:
            return set()
        flags = self.frontier.known(self.run_id, [url_digest(u) for u in urls], kind="images")
        return {u for u, known in zip(urls, flags) if known}


class NodeRecorder:
    def __init__(self, crawler):
        s = crawler.settings
        self.crawler = crawler
        self.frontier = frontier_for(s)
        self.run_id = s.get("PORTAL_ARCHIVE_RUN_ID")
        self.warc_enabled = s.getbool("PORTAL_ARCHIVE_WARC")
        self.flush_seconds = s.getfloat("PORTAL_ARCHIVE_FLUSH_SECONDS")
        self.results_key = self.frontier.key("results")
        self.archive: FrontierArchive | None = None
        self.portal = ""
        self.pending: list[dict] = []
        self.last_flush = self.last_stats = time.monotonic()

    @property
    def node(self) -> str:
        return NodeLease.current().node

    def open(self, portal: str) -> None:
        if self.archive is None:
            self.portal = portal
            self.archive = FrontierArchive(self)

    def close(self) -> None:
        if self.archive is not None:
            self.flush(stats=True)
            self.archive = None

    # --- recording ---------------------------------------------------------------------------

    def capture(self, url: str, status: int, headers: list[tuple[bytes, bytes]], body: bytes, **kw) -> dict | None:
        if not self.warc_enabled:
            return None
        capture_id = uuid.uuid4().hex
        meta = {"id": capture_id, "url": url, "status": status, "portal": self.portal, "date": warc_date(),
                "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in headers], **kw}
        self.frontier.later(self.frontier.redis.xadd, self.results_key, self._entry("capture", meta, body), size=len(body))
        return {"url": url, "capture": capture_id}

    def outcome(self, url: str, outcome: str, *, status: int | None = None, detail: str | None = None,
                warc: dict | None = None) -> None:
        self.crawler.stats.inc_value(f"portal_archive/outcome/{outcome}")
        self.pending.append({"t": "fetch", "url": url, "canonical_url": canonical_url(url), "outcome": outcome,
                             "status": status, "detail": detail, "warc": warc, "portal": self.portal,
                             "fetched_at": now_utc()})

    def article(self, item: dict) -> None:
        self.pending.append({"t": "item", "item": item})

    def image(self, image: dict) -> None:
        self.pending.append({"t": "image", "image": image})

    def touch(self, canonical: str) -> None:
        self.pending.append({"t": "touch", "canonical": canonical})

    def tombstone(self, canonical: str) -> None:
        self.pending.append({"t": "tombstone", "canonical": canonical})

    # --- sending -----------------------------------------------------------------------------

    def release(self, lease: str) -> None:
        """The request ``lease`` is finished: send what is buffered and free it, in one transaction
        (on the frontier's sending thread, after the raw pages and requests handed to it before)."""
        self._send(self._take_pending(), [("hdel", self.frontier.key("taken", self.node), lease),
                                          ("hdel", self.frontier.key("req"), lease)])

    def maybe_flush(self) -> None:
        now = time.monotonic()
        if now - self.last_stats >= STATS_SECONDS:
            self.flush(stats=True)
        elif self.pending and now - self.last_flush >= self.flush_seconds:
            self.flush()

    def flush(self, stats: bool = False) -> None:
        """Send what no request's release has taken along (robots.txt outcomes), and the counters."""
        self.last_flush = time.monotonic()
        entries = self._take_pending()
        if stats:
            self.last_stats = self.last_flush
            counters = {k: v for k, v in self.crawler.stats.get_stats().items() if isinstance(v, (int, float, str))}
            entries.append(self._entry("stats", {"portal": self.portal, "stats": counters}))
        self._send(entries, [])

    def _take_pending(self) -> list[dict]:
        if not self.pending:
            return []
        messages, self.pending = self.pending, []
        return [self._entry("results", {"portal": self.portal, "messages": messages})]

    def _send(self, entries: list[dict], commands: list[tuple]) -> None:
        if entries or commands:
            self.frontier.later(self._transaction, entries, commands)

    def _transaction(self, entries: list[dict], commands: list[tuple]) -> None:
        pipe = self.frontier.redis.pipeline(transaction=True)
        for entry in entries:
            pipe.xadd(self.results_key, entry)
        for name, *args in commands:
            getattr(pipe, name)(*args)
        pipe.execute()

    def _entry(self, kind: str, data: dict, body: bytes = b"") -> dict:
        return {"run": str(self.run_id), "node": self.node, "kind": kind,
                "data": json.dumps(data, ensure_ascii=False, default=str), "body": body}
