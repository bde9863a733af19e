"""The cluster's one archive writer: ``portal-archive ingest --frontier URL --db archive.db [PORTALS]``
(``python -m portal_spider.frontier.writer``).

1. **Start** a run: a ``runs`` row, then the frontier's seed: each portal's start listings and
   due revisits as queued requests, the digests of every canonical URL the archive knows and the
   validators of the due articles (so nodes skip and revisit exactly as one machine would), and
   the portals whose last crawl stopped early.  Only then is the run marked ``crawling`` and
   nodes start taking requests.  A writer that stopped (even ``kill -9``) and starts again on the
   same archive resumes its run instead.
2. **Ingest** the results stream in batches, with the one-machine guarantees: raw responses
   appended to WARC and fsynced before the rows pointing to them commit, rows saved by
   :meth:`Archive.save` in one ``BEGIN IMMEDIATE`` transaction, entries acknowledged (and
   deleted) only after that commit.  A result delivered twice (a writer killed before its
   acknowledgement, a node whose lease lapsed while it was still working) is stored once: the
   run's fetched URLs and the raw responses already written are looked up first.
3. **End** the run when no request is waiting or taken and every result is stored: the
   ``runs`` row gets the portals' counts and, in ``nodes``, each node's; the run is marked
   ``done`` and the nodes leave.

Exit status (:mod:`portal_spider.exits`): as ``portal-archive crawl`` (0 success, 1 partial, 2 usage,
3 all failed, 4 locked: another writer or crawl holds the archive, or the frontier runs another
archive's run), 130/143 stopped by SIGINT/SIGTERM (``ingest`` again resumes the run), 8 Redis cannot be reached.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import pickle
import signal
import socket
import sys
import time
import uuid

import redis

from archive.store import Archive, now_utc

from ..exits import Exit, for_signal
from ..options import check_settings
from ..project import project_settings, spider_loader
from ..runner import Stopper, lock_and_open, record_run, summarise, usage
from ..warc import WarcStore, repair, response_record, warc_dir_for
from .connection import RUN_KEYS_TTL, Frontier, redact, url_digest
from .node import reach

logger = logging.getLogger(__name__)

GROUP = CONSUMER = "writer"
#: Entries read per batch (each a page's raw response, or the results of a few requests).
BATCH = 200
#: Seconds between two progress lines while the run goes on.
PROGRESS_SECONDS = 30.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="portal_spider.frontier.writer", description=__doc__.splitlines()[0])
    parser.add_argument("portals", nargs="*", help="spider names (default: all)")
    url = os.environ.get("PORTAL_ARCHIVE_FRONTIER")  # keeps a password out of the process list
    parser.add_argument("--frontier", default=url, required=not url, help="Redis URL (default: $PORTAL_ARCHIVE_FRONTIER)")
    parser.add_argument("--prefix", default="")
    parser.add_argument("--db", default=os.environ.get("PORTAL_ARCHIVE_DB", "archive.db"))
    parser.add_argument("--full", action="store_true", help="nodes re-walk every listing page and refetch known articles")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="any crawl setting")
    return parser.parse_args(argv)


class Stopped(Exception):
    """Ctrl-C or SIGTERM: the writer stops between two batches."""


class ClusterWriter:
    def __init__(self, frontier: Frontier, archive: Archive, settings, run_id: int, portals: list[str]):
        self.frontier = frontier
        self.archive = archive
        self.settings = settings
        self.run_id = run_id
        self.portals = portals
        self.results = frontier.key("results")
        self.warc_enabled = settings.getbool("PORTAL_ARCHIVE_WARC")
        self.warc_dir = settings.get("PORTAL_ARCHIVE_WARC_DIR") or warc_dir_for(str(archive.path))
        self.warc_max_bytes = settings.getint("PORTAL_ARCHIVE_WARC_MAX_BYTES")
        self.warcs: dict[str, WarcStore] = {}
        self.node_stats: dict[str, dict[str, dict]] = {}  # node -> portal -> the node's latest counters
        self.stored = 0
        self.stopping: int | None = None  # the signal that asked the writer to stop

    # --- seeding -------------------------------------------------------------------------------

    def seed(self, spider_classes: dict, incremental: bool, revisits: int) -> int:
        """Put the run's start in the frontier; return the number of requests queued."""
        from ..middlewares.articles_first import ArticlesFirstMiddleware
        from .redis_scheduler import RunDupeFilter

        r, run = self.frontier.redis, str(self.run_id)
        self._fill_set(self.frontier.key("images", run), self.archive.known_image_urls())  # fetched once, ever
        if incremental:
            self._fill_set(self.frontier.key("known", run), self.archive.known_canonical_urls())
            due = self.frontier.key("due", run)
            batch = {}
            for canonical, etag, last_modified in self.archive.due_validators():
                batch[url_digest(canonical)] = json.dumps({"etag": etag, "last_modified": last_modified})
                if len(batch) >= 10_000:
                    r.hset(due, mapping=batch)
                    batch = {}
            if batch:
                r.hset(due, mapping=batch)
            r.expire(due, RUN_KEYS_TTL)
        deep = [p for p in self.portals if self.archive.last_run_interrupted(p, self.run_id)]
        if deep:
            r.sadd(self.frontier.key("deep", run), *deep)
            r.expire(self.frontier.key("deep", run), RUN_KEYS_TTL)
        queued, priorities, fingerprints = 0, ArticlesFirstMiddleware(), RunDupeFilter(None, "")
        for portal in self.portals:
            spider = spider_classes[portal]()
            requests = spider.section_requests()
            if incremental:
                requests += [spider.revisit(due["url"], due) for due in self.archive.due_articles(portal, revisits)]
            for request in requests:
                request = priorities._adjust(request)
                data = pickle.dumps(request.to_dict(spider=spider), protocol=pickle.HIGHEST_PROTOCOL)
                queued += self.frontier.push(portal, uuid.uuid4().hex, data, request.priority,
                                             fingerprints.request_fingerprint(request), run)
        return queued

    def _fill_set(self, key: str, canonical_urls) -> None:
        chunk = []
        for url in canonical_urls:
            chunk.append(url_digest(url))
            if len(chunk) >= 10_000:
                self.frontier.redis.sadd(key, *chunk)
                chunk = []
        if chunk:
            self.frontier.redis.sadd(key, *chunk)
        self.frontier.redis.expire(key, RUN_KEYS_TTL)

    # --- ingesting -----------------------------------------------------------------------------

    def run(self) -> None:
        """Ingest until the run is over (or a stop is asked for: :class:`Stopped`)."""
        r = self.frontier.redis
        last_progress = time.monotonic()
        backlog = True  # first what this consumer read and never acknowledged (a writer killed mid-batch)
        while True:
            if self.stopping is not None:
                raise Stopped
            got = r.xreadgroup(GROUP, CONSUMER, {self.results: "0" if backlog else ">"}, count=BATCH,
                               block=None if backlog else 500)
            entries = got[0][1] if got else []
            if entries:
                self.ingest(entries)
                continue
            if backlog:
                backlog = False
                continue
            self.frontier.reap()
            waiting = self.frontier.outstanding(self.portals)
            if waiting == 0:
                # every request was released, and a node sends a request's results in the transaction
                # that releases it: whatever is left to store is in the stream now
                got = r.xreadgroup(GROUP, CONSUMER, {self.results: ">"}, count=BATCH)
                if not got or not got[0][1]:
                    return
                self.ingest(got[0][1])
            elif time.monotonic() - last_progress >= PROGRESS_SECONDS:
                last_progress = time.monotonic()
                nodes = r.hlen(self.frontier.key("nodes"))
                print(f"run {self.run_id}: {waiting} request(s) waiting or taken, {nodes} node(s), "
                      f"{self.stored} article(s) saved so far", file=sys.stderr, flush=True)

    def ingest(self, entries: list) -> None:
        """Store a batch of stream entries, then acknowledge them (and drop them from the stream)."""
        self.store(entries)
        pipe = self.frontier.redis.pipeline(transaction=True)
        pipe.xack(self.results, GROUP, *(entry_id for entry_id, _ in entries))
        pipe.xdel(self.results, *(entry_id for entry_id, _ in entries))
        pipe.execute()

    def store(self, entries: list) -> None:
        """Write a batch of stream entries to WARC and the archive (each result once per run and URL)."""
        captures, results = [], []
        for entry_id, fields in entries:
            if not fields:  # deleted after its acknowledgement was lost: nothing left to store
                continue
            kind = fields.get(b"kind", b"").decode()
            message = (int(fields[b"run"]), fields[b"node"].decode(), json.loads(fields[b"data"]))
            if kind == "capture":
                captures.append((*message, fields.get(b"body", b"")))
            elif kind == "results":
                results.append(message)
            elif kind == "stats":
                run, node, data = message
                if run == self.run_id:
                    self.node_stats.setdefault(node, {})[data["portal"]] = data["stats"]
        locations = self._write_captures(captures)
        self._save(results, locations)
        if results or len(captures) < len(entries):  # the run's per-node counts, as they stand
            self.archive.db["runs"].update(self.run_id, {"nodes": json.dumps(self.node_counts(), sort_keys=True)})

    def _write_captures(self, captures: list) -> dict[str, dict]:
        """Write the raw responses not written yet; fsync; note where each is.  Return id -> location."""
        if not captures:
            return {}
        ids = [meta["id"] for _, _, meta, _ in captures]
        locations = self._known_captures(ids)
        rows = []
        for run, node, meta, body in captures:
            if meta["id"] in locations or not self.warc_enabled:
                continue
            headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in meta["headers"]]
            record = response_record(meta["url"], meta["status"], headers, body, protocol=meta.get("protocol") or "HTTP/1.1",
                                     ip=meta.get("ip"), date=meta.get("date"))
            location = {"url": meta["url"], **self._warc(meta.get("portal") or "cluster").append(record)}
            locations[meta["id"]] = location
            rows.append({"capture": meta["id"], "run_id": run, "url": meta["url"], "warc_file": location["file"],
                         "warc_offset": location["offset"], "warc_length": location["length"]})
        for store in self.warcs.values():
            store.sync()  # on disk before any row points to them
        if rows:
            with self.archive.immediate() as db:
                db["frontier_captures"].insert_all(rows)
        return locations

    def _known_captures(self, ids: list[str]) -> dict[str, dict]:
        found = self.archive.db.execute(
            "SELECT capture, url, warc_file, warc_offset, warc_length FROM frontier_captures "
            "WHERE capture IN (SELECT value FROM json_each(?))", [json.dumps(ids)]).fetchall()
        return {c: {"url": u, "file": f, "offset": o, "length": n} for c, u, f, o, n in found}

    def _warc(self, portal: str) -> WarcStore:
        if portal not in self.warcs:
            self.warcs[portal] = WarcStore(self.warc_dir, prefix=portal, max_bytes=self.warc_max_bytes)
        return self.warcs[portal]

    def _save(self, results: list, locations: dict[str, dict]) -> None:
        """Save the batch's outcomes and articles once each per run and URL (with their WARC locations)."""
        by_run: dict[int, tuple[list, list]] = {}
        wanted = {}
        for run, node, data in results:
            for m in data["messages"]:
                if url := _url_of(m):
                    wanted.setdefault(run, set()).add(url)
        done = {(run, url) for run, urls in wanted.items() for (url,) in self.archive.db.execute(
            "SELECT url FROM fetches WHERE run_id = ? AND url IN (SELECT value FROM json_each(?))",
            [run, json.dumps(sorted(urls))])}
        missing = set(c for run, node, data in results for m in data["messages"]
                      for c in _capture_ids(m) if c not in locations)
        if missing:
            locations = {**locations, **self._known_captures(sorted(missing))}
        images: dict[tuple[int, str], list] = {}
        for run, node, data in results:
            items, fetches = by_run.setdefault(run, ([], []))
            for m in data["messages"]:
                if m["t"] == "touch":
                    self.archive.touch(m["canonical"])
                    continue
                if m["t"] == "tombstone":
                    self.archive.tombstone(m["canonical"])
                    continue
                url = _url_of(m)
                if (run, url) in done:  # stored already: a result delivered again, or a request done twice
                    continue
                done.add((run, url))
                if m["t"] == "item":
                    item = m["item"]
                    item["warc_records"] = [_located(w, locations) for w in item.get("warc_records") or []]
                    items.append({**item, "node": node})
                elif m["t"] == "image":
                    image = {**m["image"], "node": node}
                    image["warc"] = _located(image.get("warc"), locations)
                    images.setdefault((run, data["portal"]), []).append(image)
                elif m["t"] == "fetch":
                    fetch = {k: v for k, v in m.items() if k != "t"}
                    fetch["warc"] = _located(fetch.get("warc"), locations)
                    fetches.append({**fetch, "node": node})
        for run, (items, fetches) in by_run.items():
            if items or fetches:
                outcomes = self.archive.save(items, fetches=fetches, run_id=run)
                self.stored += sum(o == "stored" for o in outcomes)
        for (run, portal), batch in images.items():
            self.archive.save_images(batch, run_id=run, portal=portal)

    # --- ending --------------------------------------------------------------------------------

    def see_nodes_leave(self, timeout: float) -> None:
        """After the run is marked done: store what the nodes send as they close (their last
        counters, robots.txt outcomes) until all have left, ``timeout`` seconds at most."""
        r, deadline = self.frontier.redis, time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = r.xreadgroup(GROUP, CONSUMER, {self.results: ">"}, count=BATCH, block=200)
            if got and got[0][1]:
                self.ingest(got[0][1])
                continue
            self.frontier.reap()
            if not r.hlen(self.frontier.key("nodes")):
                return

    def node_counts(self) -> dict[str, dict]:
        """Per node: its outcomes in this run (from ``fetches``) and its requests and failures."""
        counts: dict[str, dict] = {}
        for node, outcome, n in self.archive.db.execute(
                "SELECT node, outcome, count(*) FROM fetches WHERE run_id = ? AND node IS NOT NULL GROUP BY node, outcome",
                [self.run_id]):
            counts.setdefault(node, {"outcomes": {}})["outcomes"][outcome] = n
        for node, portals in self.node_stats.items():
            entry = counts.setdefault(node, {"outcomes": {}})
            entry["requests"] = sum(s.get("downloader/request_count", 0) for s in portals.values())
        return counts

    def summaries(self) -> list[dict]:
        """The portals' :func:`summarise`, from the run's fetches and the nodes' counters."""
        out = []
        for portal in self.portals:
            stats: dict = {"finish_reason": "finished"}
            for outcome, n in self.archive.db.execute(
                    "SELECT outcome, count(*) FROM fetches WHERE run_id = ? AND portal = ? GROUP BY outcome",
                    [self.run_id, portal]):
                stats[f"portal_archive/outcome/{outcome}"] = n
            for node in self.node_stats.values():
                for key, value in node.get(portal, {}).items():
                    if key in ("downloader/request_count", "portal_archive/skipped_known", "portal_archive/empty_listing") \
                            or key.startswith("portal_archive/fields/"):
                        stats[key] = stats.get(key, 0) + value
            out.append(summarise(portal, stats))
        return out

    def close(self) -> None:
        for store in self.warcs.values():
            store.close()


def _url_of(message: dict) -> str | None:
    """The URL a node's message is the one outcome of (None: a revisit mark).

    >>> _url_of({"t": "image", "image": {"url": "https://h.gov.cn/a.jpg"}}), _url_of({"t": "touch", "canonical": "x"})
    ('https://h.gov.cn/a.jpg', None)
    """
    kind = message["t"]
    return message[kind]["url"] if kind in ("item", "image") else message.get("url")


def _capture_ids(message: dict) -> list[str]:
    kind = message["t"]
    refs = message["item"].get("warc_records") or [] if kind == "item" else \
        [message["image"].get("warc")] if kind == "image" else [message.get("warc")]
    return [w["capture"] for w in refs if w and "capture" in w]


def _located(ref: dict | None, locations: dict[str, dict]) -> dict | None:
    """A node's WARC reference ``{"url", "capture"}`` as the archive stores it ``{"url", "file", "offset", "length"}``.

    >>> written = {"c1": {"url": "https://h.gov.cn/a.htm", "file": "f.warc.gz", "offset": 0, "length": 9}}
    >>> _located({"url": "https://h.gov.cn/a.htm", "capture": "c1"}, written)
    {'url': 'https://h.gov.cn/a.htm', 'file': 'f.warc.gz', 'offset': 0, 'length': 9}
    >>> _located({"url": "https://h.gov.cn/b.htm", "capture": "lost"}, {})
    {'url': 'https://h.gov.cn/b.htm'}
    """
    if not ref or "capture" not in ref:
        return ref
    if ref["capture"] in locations:
        return dict(locations[ref["capture"]])
    logger.warning("no raw response was received for %s: its row points to no WARC record", ref["url"])
    return {"url": ref["url"]}


def start_or_resume(frontier: Frontier, archive: Archive, writer_id: str, portals: list[str]) -> tuple[int, bool] | str:
    """``(run id, resumed)``, or why this writer cannot run on the frontier now."""
    from archive.runs import close_died, this_host

    from ..registry import portal_records

    close_died(archive.db)
    run = frontier.run()
    if run.get("state") == "crawling":
        if run.get("writer") != writer_id:
            return (f"error: the frontier is running run {run['id']} for {run.get('writer')}; one writer per frontier "
                    f"(another prefix, --prefix, gives another frontier)")
        row = archive.db.execute("SELECT status FROM runs WHERE id = ?", [int(run["id"])]).fetchone()
        if row and row[0] in ("running", "died"):  # this writer's run, left by a writer killed or stopped
            archive.db["runs"].update(int(run["id"]), {"status": "running", "pid": os.getpid(), "host": this_host()})
            return int(run["id"]), True
    archive.register_portals(portal_records())
    run_id = archive.db["runs"].insert({"started": now_utc(), "portals": " ".join(portals), "status": "running",
                                        "pid": os.getpid(), "host": this_host()}).last_pk
    return run_id, False


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    settings = project_settings()
    try:
        chosen, warnings = check_settings(args.set, settings)
    except ValueError as exc:
        return usage(exc)
    for warning in warnings:
        print(warning, file=sys.stderr)
    for key, value in chosen:
        settings.set(key, value, priority="cmdline")
    loader = spider_loader(settings)
    names = loader.list()
    unknown = [p for p in args.portals if p not in names]
    if unknown:
        return usage(f"unknown portal {', '.join(unknown)} (known: {', '.join(sorted(names))})")
    portals = args.portals or sorted(names)
    db_path = os.path.abspath(args.db)
    if not os.path.isdir(os.path.dirname(db_path)):
        return usage(f"cannot create {db_path}: folder {os.path.dirname(db_path)} does not exist")
    frontier = reach(args.frontier, args.prefix or settings.get("PORTAL_ARCHIVE_FRONTIER_PREFIX"))
    if isinstance(frontier, str):
        print(frontier, file=sys.stderr)
        return Exit.FRONTIER_UNREACHABLE
    opened = lock_and_open(db_path, "writing")
    if isinstance(opened, int):
        return opened
    lock, archive = opened
    try:
        return ingest(args, frontier, archive, settings, loader, portals, db_path)
    finally:
        archive.close()
        lock.release()


def ingest(args, frontier: Frontier, archive: Archive, settings, loader, portals: list[str], db_path: str) -> int:
    """Start or resume the run, store what the nodes send until it is over, then record it."""
    writer_id = f"{socket.gethostname()}:{db_path}"
    started = start_or_resume(frontier, archive, writer_id, portals)
    if isinstance(started, str):
        print(started, file=sys.stderr)
        return Exit.LOCKED
    run_id, resumed = started
    if resumed:
        portals = frontier.run()["portals"].split()
        print(f"resuming run {run_id} on {redact(args.frontier)}", file=sys.stderr, flush=True)
    writer = ClusterWriter(frontier, archive, settings, run_id, portals)
    try:
        if writer.warc_enabled and (repaired := repair(writer.warc_dir)):
            print(f"repaired the half-written tail of {', '.join(repaired)}", file=sys.stderr)
        try:
            frontier.redis.xgroup_create(writer.results, GROUP, id="0", mkstream=True)
        except redis.ResponseError as exc:  # BUSYGROUP: made by an earlier run
            if "BUSYGROUP" not in str(exc):
                raise
        if not resumed:
            incremental = settings.getbool("PORTAL_ARCHIVE_INCREMENTAL") and not args.full
            queued = writer.seed({p: loader.load(p) for p in portals}, incremental,
                                 settings.getint("PORTAL_ARCHIVE_REVISITS_PER_RUN"))
            frontier.redis.hset(frontier.key("run"), mapping={
                "id": run_id, "portals": " ".join(portals), "state": "crawling", "writer": writer_id,
                "started": now_utc(), "db": db_path})
            print(f"run {run_id}: {queued} start request(s) for {len(portals)} portal(s) on {redact(args.frontier)}; "
                  "waiting for nodes (portal-archive crawl --frontier ...)", file=sys.stderr, flush=True)

        def stop(signum, frame):
            writer.stopping = signum

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            writer.run()
        except Stopped:
            print(f"stopped: run {run_id} goes on without a writer; `portal-archive ingest` on this archive resumes it",
                  file=sys.stderr)
            return for_signal(writer.stopping)
        except redis.RedisError as exc:
            print(f"error: lost the frontier at {redact(args.frontier)} ({exc}); what was saved is safe, and "
                  f"`portal-archive ingest` again resumes run {run_id}", file=sys.stderr)
            return Exit.FRONTIER_UNREACHABLE
        end_run(frontier, run_id)
        writer.see_nodes_leave(settings.getfloat("PORTAL_ARCHIVE_FRONTIER_LEASE") + 5)
    finally:
        writer.close()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    return record_run(archive, run_id, writer.summaries(), Stopper(0.0),
                      nodes=json.dumps(writer.node_counts(), sort_keys=True))


def end_run(frontier: Frontier, run_id: int) -> None:
    """Tell the nodes the run is over, and drop its fingerprints and seed data."""
    pipe = frontier.redis.pipeline(transaction=True)
    pipe.hset(frontier.key("run"), "state", "done")
    pipe.hset(frontier.key("run"), "finished", now_utc())
    for name in ("seen", "known", "images", "due", "deep"):
        pipe.delete(frontier.key(name, run_id))
    pipe.execute()


if __name__ == "__main__":
    sys.exit(main())
