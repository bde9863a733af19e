"""``portal-archive crawl``: portal spiders into the archive, in this process, then a summary and an
exit status cron can read (:mod:`.exits`).

:func:`crawl` is the one declaration of the crawl's options: the CLI registers it, and
``python -m portal_spider.runner`` runs it too.  Every option is checked before anything
runs (:mod:`.options`); then the lock is taken, the run recorded, the spiders crawled.

Stopping: the first SIGINT or SIGTERM (Ctrl-C, ``kill``, ``systemctl stop``,
``timeout``) stops the crawl gracefully (:class:`Stopper`): nothing more is sent,
the pages under way are archived (or, after ``PORTAL_ARCHIVE_STOP_GRACE`` seconds,
left for the next run), the last batch is committed, the run is recorded ``interrupted`` with
its counts, the lock is released, the summary printed, and the command exits 130
(SIGINT) or 143 (SIGTERM).  A second signal stops at once, with the same records.
The crawl runs in this process: no child outlives it (the extraction workers
leave when their pipes close).
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import signal
import sys
import threading
from collections import Counter
from pathlib import Path

import click

from archive.runs import close_died, this_host, unfinished_before

from .exits import Exit, for_signal, help_text
from .options import check_settings, check_window, db_option, since_day

#: Outcomes that are failures, and those that are blocks (README "Outcomes" has the closed set).
FAILURES = ("http-error", "not-found", "timeout", "dns-error", "connection-refused", "connection-reset", "tls-error",
            "fetch-failed", "incomplete-article", "parse-failed", "too-large", "truncated", "redirect-loop",
            "too-complex", "write-failed", "refused-address", "soft-error")
BLOCKS = ("blocked-challenge", "geo-blocked", "blocked-robots")
#: Blocks that make a run partial: robots.txt forbidding a page is the crawl obeying it.
PARTIAL_BLOCKS = ("blocked-challenge", "geo-blocked")
#: Stats counting errors that are not a URL's outcome (a callback that raised after recording one,
#: a raw record the writer could not write): they make a run partial too.
ERRORS = "portal_archive/errors/"
#: Seconds a one-off step (the first build of the search lists) may take before it is announced.
NOTICE_AFTER = 2.0


class Interrupted(BaseException):
    """A stop signal while the crawl was not running (setting up, or the upkeep after it)."""


class Stopper:
    """SIGINT/SIGTERM: the first stops the crawl gracefully, a second one (or ``grace`` seconds) at once.

    While setting up, a first signal only marks the run (it stops before crawling) and a
    second one stops at once; during the upkeep after the crawl (clustering, search lists,
    both redone by the next run) a signal abandons it; while the run is being recorded
    signals only mark it.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, grace: float):
        self.grace = grace
        self.signum: int | None = None
        self.forced = False
        self.phase = "setup"  # setup, crawling, recording, upkeep (within recording), done
        self.process = None
        self.crawlers: list = []

    def install(self) -> None:
        """Handle the stop signals from now on, to the end of the process: once the run is recorded
        they are ignored (the command is ending; a traceback from the interpreter's exit would be noise)."""
        for signum in self.SIGNALS:
            signal.signal(signum, self.handle)

    def handle(self, signum, frame) -> None:
        first = self.signum is None
        if first:
            self.signum = signum
        else:
            self.forced = True
        if self.phase == "crawling":
            from twisted.internet import reactor

            reactor.callFromThread(self.stop if first else self.force)
        elif self.phase == "upkeep" or (self.phase == "setup" and not first):
            raise Interrupted(signum)

    # --- in the reactor thread -----------------------------------------------------------

    def stop(self) -> None:
        from twisted.internet import reactor

        from .middlewares.hostslots import stop_sending

        name = signal.Signals(self.signum).name
        print(f"{name}: stopping the crawl: nothing more is sent, what was fetched is saved "
              f"(a second {name} stops at once)", file=sys.stderr, flush=True)
        for crawler in self.crawlers:
            if crawler.engine is not None:
                stop_sending(crawler, f"{name} received")
        self.process.stop()
        reactor.callLater(self.grace, self.force)

    def force(self) -> None:
        from twisted.internet import reactor

        self.forced = True
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)  # the tasks left behind are not news
        with contextlib.suppress(RuntimeError):  # already stopping
            reactor.stop()


@click.command(name="crawl", help=f"""Crawl PORTALS (spider names; all when none) into the archive.

\b
Example:
  portal-archive crawl guiyang eguizhou --db news.db --log-file crawl.log

Ctrl-C or SIGTERM stops it cleanly: what was fetched is saved, the run is
recorded as interrupted, and the next crawl resumes it; a second one stops at once.

{help_text()}""")
@click.argument("portals", nargs=-1)
@db_option
@click.option("--full", is_flag=True, help="Re-walk every listing page and refetch known articles.")
@click.option("--since", help="Backfill bound: skip articles whose URL date is before this day "
                              "(2024-01-31; 2024-01 or 2024: from the first day of that month or year).")
@click.option("--user-agent", help="User-Agent header (default identifies portal-archive; see PORTAL_ARCHIVE_CONTACT).")
@click.option("--proxy", default="", help="Send all requests through this HTTP proxy.")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Write the crawl log here instead of the terminal.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request (INFO) and the tracebacks of errors.")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="Any Scrapy or PORTAL_ARCHIVE_ setting (checked against its default's type).")
@click.option("--fast", is_flag=True, hidden=True, help="No politeness delays (only for a loopback sample portal).")
@click.option("--log-level", hidden=True, type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
              help="Log level (default: WARNING, INFO with --verbose or --log-file).")
@click.option("--frontier", metavar="REDIS_URL", envvar="PORTAL_ARCHIVE_FRONTIER",
              help="Run as a node of a cluster (see README, More than one machine): take requests from this Redis "
                   "(redis://[:password@]host:port/db, rediss:// for TLS; default $PORTAL_ARCHIVE_FRONTIER) and send "
                   "the pages to its writer (`portal-archive ingest`); no archive here.")
def crawl(portals, db_path, **options):
    from archive.store import ArchiveCorrupt

    try:
        code = run(portals, db_path, **options)
    except ArchiveCorrupt as exc:  # a damaged archive, met by any statement of the runner's: one line
        print(f"error: {exc}", file=sys.stderr)
        code = Exit.USAGE
    sys.exit(code)


def usage(message) -> int:
    print(f"error: {message}", file=sys.stderr)
    return Exit.USAGE


def run(portals: tuple[str, ...] = (), db_path: str = "archive.db", *, full: bool = False, since: str | None = None,
        user_agent: str | None = None, proxy: str = "", log_file: str | None = None, verbose: bool = False,
        settings: tuple[str, ...] = (), fast: bool = False, log_level: str | None = None,
        frontier: str | None = None) -> int:
    """Check the options, crawl ``portals`` into ``db_path``, record and print the run; the exit status."""
    from .project import project_settings, spider_loader

    try:
        since = since_day(since)
    except ValueError as exc:
        return usage(exc)
    level = (log_level or ("INFO" if verbose or log_file else "WARNING")).upper()
    crawl_settings = project_settings()
    try:
        names = spider_loader(crawl_settings).list()
    except Exception as exc:  # a broken spider module must not end in a traceback
        return usage(f"cannot load the spiders: {type(exc).__name__}: {exc}")
    unknown = [p for p in portals if p not in names]
    if unknown:
        return usage(f"unknown portal {', '.join(unknown)} (known: {', '.join(sorted(names))})")
    try:
        chosen, warnings = check_settings(settings, crawl_settings)
    except ValueError as exc:
        return usage(exc)
    for warning in warnings:
        print(warning, file=sys.stderr)
    db_path = os.path.abspath(db_path)
    overrides = {"PORTAL_ARCHIVE_DB": db_path, "LOG_LEVEL": level}
    if log_file:
        overrides["LOG_FILE"] = log_file
    if proxy:
        overrides["PORTAL_ARCHIVE_PROXY"] = proxy
    if user_agent:
        overrides["USER_AGENT"] = user_agent
    if full:
        overrides["PORTAL_ARCHIVE_INCREMENTAL"] = False
    if fast:
        overrides.update(DOWNLOAD_DELAY=0, AUTOTHROTTLE_START_DELAY=0.0, AUTOTHROTTLE_MAX_DELAY=0.5, RETRY_TIMES=0)
    for key, value in [*overrides.items(), *chosen]:
        crawl_settings.set(key, value, priority="cmdline")
    try:
        check_window(crawl_settings)
    except ValueError as exc:
        return usage(exc)
    if not os.path.isdir(os.path.dirname(db_path)):
        return usage(f"cannot create {db_path}: folder {os.path.dirname(db_path)} does not exist")
    stopper = Stopper(crawl_settings.getfloat("PORTAL_ARCHIVE_STOP_GRACE"))
    stopper.install()
    try:
        if frontier:  # a cluster node: no archive here (portal_spider/frontier/node.py)
            from .frontier.node import crawl_as_node

            return crawl_as_node(frontier, list(portals), names, crawl_settings, since, stopper,
                                 tracebacks=verbose or level == "DEBUG")
        return crawl_into(db_path, list(portals or sorted(names)), crawl_settings, since, stopper,
                          tracebacks=verbose or level == "DEBUG")
    except Interrupted as stop:  # a second signal while setting up: nothing was crawled
        return for_signal(stop.args[0])
    finally:
        stopper.phase = "done"


def crawl_into(db_path: str, portals: list[str], settings, since: str | None, stopper: Stopper,
               tracebacks: bool) -> int:
    from archive.store import now_utc

    from .middlewares.crawl_window import window_exit
    from .registry import portal_records

    opened = lock_and_open(db_path, "crawling")
    if isinstance(opened, int):
        return opened
    lock, archive = opened
    try:
        try:
            if stop := window_exit(settings.get("PORTAL_ARCHIVE_CRAWL_WINDOW")):  # (exit status, message)
                print(stop[1], file=sys.stderr)
                return stop[0]
            archive.register_portals(portal_records())  # search filters and Datasette facets read them
            close_died(archive.db)
            run_id = archive.db["runs"].insert({"started": now_utc(), "portals": " ".join(portals), "status": "running",
                                                "pid": os.getpid(), "host": this_host()}).last_pk
            if resumed := unfinished_before(archive.db, run_id, portals):
                print(f"resuming run {resumed['id']} (started {resumed['started']}, {resumed['status']}): "
                      "walking every listing page once more", file=sys.stderr)
            settings.set("PORTAL_ARCHIVE_RUN_ID", run_id, priority="cmdline")
            try:
                crawlers = start_crawl(portals, settings, since, stopper, tracebacks)
            except Interrupted:  # a second signal before the crawl began: the run is closed all the same
                crawlers = []
            return finish(archive, run_id, crawlers, stopper)
        finally:
            archive.close()
    finally:
        lock.release()


def lock_and_open(db_path: str, doing: str):
    """The archive's lock taken (the lock of every command that writes, keyed on the real path) and
    the archive opened: ``(lock, archive)``; else the exit status, its one line printed."""
    from archive.lock import ArchiveLock
    from archive.store import Archive, ArchiveError, check_path

    lock = ArchiveLock(db_path)
    try:
        check_path(Path(db_path), create=True)  # no lock file beside another program's database
        holder = lock.acquire()
    except ArchiveError as exc:
        return usage(exc)
    if holder:
        print(f"error: {db_path} is locked by {holder}; not {doing}", file=sys.stderr)
        return Exit.LOCKED
    try:
        return lock, Archive(db_path)
    except ArchiveError as exc:
        lock.release()
        return usage(exc)


def start_crawl(portals: list[str], settings, since: str | None, stopper: Stopper, tracebacks: bool) -> list:
    """Run the crawlers in this process until they finish or a signal stops them; ``[(name, crawler)]``."""
    from scrapy.crawler import CrawlerProcess

    from .recorder import recorder_for

    process = CrawlerProcess(settings)
    quiet_per_page_debug(settings.get("LOG_LEVEL"))  # after CrawlerProcess: its logging setup resets them
    if not tracebacks:
        for handler in logging.getLogger().handlers:
            handler.addFilter(one_line_record)
    crawlers = []
    for name in portals:
        crawler = process.create_crawler(name)
        crawlers.append((name, crawler))
        process.crawl(crawler, **({"since": since} if since else {}))
    # Scrapy allocates thousands of objects a page: at the default threshold (700) the collector ran
    # ~500 times a crawl for ~7% of the reactor's CPU; the crawl's garbage is mostly acyclic anyway
    gc.set_threshold(20_000, 10, 10)
    stopper.process, stopper.crawlers = process, [c for _, c in crawlers]
    if stopper.signum is None:  # a signal while setting up: the run is recorded, nothing crawled
        stopper.phase = "crawling"
        try:
            process.start(install_signal_handlers=False)
        finally:
            stopper.phase = "recording"
    for _, crawler in crawlers:  # stopped at once: the spiders did not close; save what they had
        recorder_for(crawler).close()
    return crawlers


def summarise(name: str, stats: dict) -> dict:
    prefix = "portal_archive/outcome/"
    outcomes = {k[len(prefix):]: v for k, v in stats.items() if k.startswith(prefix)}
    fields = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("portal_archive/fields/")}
    return {
        "portal": name,
        "requests": stats.get("downloader/request_count", 0),
        "new": outcomes.get("stored", 0),
        "revised": outcomes.get("revised", 0),
        "duplicates": outcomes.get("duplicate", 0),
        "unchanged": outcomes.get("unchanged", 0),
        "failed": sum(outcomes.get(k, 0) for k in FAILURES) + sum(v for k, v in stats.items() if k.startswith(ERRORS)),
        "blocked": sum(outcomes.get(k, 0) for k in BLOCKS),
        "skipped": stats.get("portal_archive/skipped_known", 0),
        "empty_listings": stats.get("portal_archive/empty_listing", 0),
        "short_walks": {k[len("portal_archive/short_walk/"):]: v for k, v in stats.items()
                        if k.startswith("portal_archive/short_walk/")},
        "outcomes": outcomes,
        "fields": fields,
        "finish_reason": stats.get("finish_reason"),
    }


def crawl_status(summaries: list[dict]) -> tuple[Exit, str]:
    """The exit status and run status from the portals' summaries (no signal).

    >>> ok = {"outcomes": {"listing": 2}, "failed": 0, "finish_reason": "finished"}
    >>> crawl_status([ok])
    (<Exit.SUCCESS: 0>, 'success')
    >>> crawl_status([ok, {**ok, "outcomes": {"listing": 1, "blocked-challenge": 1}}])
    (<Exit.PARTIAL: 1>, 'partial')
    >>> crawl_status([{**ok, "outcomes": {"connection-refused": 2}, "failed": 2}])
    (<Exit.ALL_FAILED: 3>, 'all-failed')
    >>> crawl_status([{**ok, "finish_reason": "crawl window closed"}])
    (<Exit.SUCCESS: 0>, 'interrupted')
    """
    listings = [s["outcomes"].get("listing", 0) for s in summaries]
    partial = any(s["failed"] or any(s["outcomes"].get(k) for k in PARTIAL_BLOCKS) for s in summaries)
    code = Exit.ALL_FAILED if not sum(listings) else Exit.PARTIAL if partial or 0 in listings else Exit.SUCCESS
    status = {Exit.SUCCESS: "success", Exit.PARTIAL: "partial", Exit.ALL_FAILED: "all-failed"}[code]
    if any(s["finish_reason"] != "finished" for s in summaries):
        status = "interrupted"  # the crawl window closed: the next run walks every listing page again
    return code, status


def finish(archive, run_id: int, crawlers: list, stopper: Stopper) -> int:
    """Upkeep, the run's record, the summary; the exit status."""
    summaries = [summarise(name, crawler.stats.get_stats() if crawler.stats else {}) for name, crawler in crawlers]
    return record_run(archive, run_id, summaries, stopper)


def record_run(archive, run_id: int, summaries: list[dict], stopper: Stopper, **columns) -> int:
    """:func:`finish` from the portals' :func:`summarise` (a cluster's writer has no crawler);
    ``columns``: more of the ``runs`` row."""
    from archive.store import now_utc

    from .drift import drift_alerts

    code, status = crawl_status(summaries)
    totals = {k: sum(s[k] for s in summaries)
              for k in ("requests", "new", "revised", "duplicates", "unchanged", "failed", "blocked")}
    if stopper.signum is None:
        stopper.phase = "upkeep"
        try:
            upkeep(archive)
        except Interrupted:  # the next run's upkeep does it
            pass
        finally:
            stopper.phase = "recording"
    if stopper.signum is not None:  # stopped while crawling, or during the upkeep
        code, status = for_signal(stopper.signum), "interrupted"
    archived = dict(archive.db.execute("SELECT portal, count(*) FROM articles GROUP BY portal").fetchall())
    alerts = [a for s in summaries for a in drift_alerts(s["portal"], s, archived.get(s["portal"], 0) - s["new"])]
    archive.db["runs"].update(run_id, {
        "finished": now_utc(), "status": status, "exit_code": int(code), **totals, "alerts": json.dumps(alerts),
        "outcomes": json.dumps({s["portal"]: s["outcomes"] for s in summaries}, sort_keys=True),
        "fields": json.dumps({s["portal"]: s["fields"] for s in summaries}, sort_keys=True), **columns,
    })
    examples = archive.db.execute(
        "SELECT outcome, status, detail, url FROM fetches WHERE run_id = ? AND outcome IN ({}) ORDER BY id".format(
            ",".join("?" * len(EXPLAINED))), [run_id, *EXPLAINED]).fetchall()
    print_summary(summaries, status, explain(summaries, examples))
    if stopper.signum is not None:
        print(f"interrupted by {signal.Signals(stopper.signum).name}: the next crawl resumes this run", file=sys.stderr)
    for alert in alerts:
        print(f"ALERT {alert}", file=sys.stderr)
    return code


def upkeep(archive) -> None:
    """Group the new articles' syndicated copies and refresh the search lists (:func:`after_write`;
    redone by the next run if they fail or a signal stops them)."""
    from archive.upkeep import after_write

    with late_notes(NOTICE_AFTER) as say:
        done = after_write(archive, say=say, keep_going=True)
    for failure in done.failures:
        print(f"warning: {failure}", file=sys.stderr)


@contextlib.contextmanager
def late_notes(seconds: float):
    """A ``say`` for one-off steps that prints a note only if its step is still running ``seconds``
    after it (a step that takes noticeable time says what it is doing; a quick one says nothing).

    >>> with late_notes(5.0) as say:
    ...     say("building something big")
    """
    timers: list[threading.Timer] = []

    def say(note: str) -> None:
        for timer in timers:
            timer.cancel()
        timer = threading.Timer(seconds, lambda: print(note, file=sys.stderr, flush=True))
        timer.daemon = True
        timers.append(timer)
        timer.start()

    try:
        yield say
    finally:
        for timer in timers:
            timer.cancel()


def one_line_record(record: logging.LogRecord) -> bool:
    """A logging filter: an error's traceback becomes one line (its exception), as without ``--verbose``.

    >>> try:
    ...     raise ValueError("bad page")
    ... except ValueError:
    ...     record = logging.LogRecord("x", logging.ERROR, "", 0, "extraction failed on %s", ("URL",), sys.exc_info())
    >>> one_line_record(record), record.getMessage(), record.exc_info
    (True, 'extraction failed on URL (ValueError: bad page)', None)
    """
    if record.exc_info and record.exc_info[1] is not None:
        exc = record.exc_info[1]
        record.msg, record.args = f"{record.getMessage()} ({type(exc).__name__}: {exc})", ()
        record.exc_info = record.exc_text = None
    elif isinstance(record.msg, str) and "Traceback (most recent call last)" in record.msg:
        lines = [line for line in record.getMessage().splitlines() if line.strip()]
        record.msg, record.args = f"{lines[0]} ({lines[-1].strip()})", ()
    return True


def quiet_per_page_debug(log_level: str) -> None:
    """Scrapy logs "Crawled" and "Scraped from" at DEBUG for every page; below the log level the
    record is still built (caller lookup included) and then dropped by the handler: raise the level
    of those two loggers to the handler's instead.

    >>> quiet_per_page_debug("INFO"); logging.getLevelName(logging.getLogger("scrapy.core.engine").level)
    'INFO'
    >>> quiet_per_page_debug("DEBUG"); logging.getLevelName(logging.getLogger("scrapy.core.engine").level)
    'NOTSET'
    """
    level = logging.getLevelName(str(log_level).upper())
    for name in ("scrapy.core.engine", "scrapy.core.scraper"):
        logging.getLogger(name).setLevel(level if isinstance(level, int) and level > logging.DEBUG else logging.NOTSET)


#: What each outcome the summary explains means, in a few words.
WHY = {
    "not-article": "not an article", "blocked-challenge": "a challenge page", "geo-blocked": "a geo-block page",
    "blocked-robots": "forbidden by robots.txt", "not-found": "not found", "http-error": "an HTTP error",
    "timeout": "timed out", "dns-error": "DNS lookup failed", "connection-refused": "connection refused",
    "connection-reset": "connection reset", "tls-error": "TLS handshake failed", "fetch-failed": "the fetch failed",
    "incomplete-article": "a later page of the article failed", "parse-failed": "the extractor failed on it",
    "too-large": "larger than DOWNLOAD_MAXSIZE", "truncated": "the answer was cut short",
    "redirect-loop": "a redirect loop", "too-complex": "over the extraction budget (time or memory)",
    "write-failed": "the archive refused to save it", "refused-address": "an internal address, not fetched",
    "empty-page": "an empty page", "soft-error": "an error or maintenance page served as a success",
    "deferred": "the crawl stopped first (or its window closed); the next crawl fetches them",
}
EXPLAINED = tuple(WHY)
#: The summary's columns: (heading, summary key, outcomes it counts, what a count means).
COLUMNS = (
    ("new", "new", None, "articles archived for the first time"),
    ("revised", "revised", None, "archived articles whose text changed (the earlier version is kept)"),
    ("duplicate", "duplicates", None, "the same story as an archived article, at another URL (kept as a copy)"),
    ("unchanged", "unchanged", None, "fetched again, same text"),
    ("skipped", "skipped", None, "listed articles already archived, not fetched again"),
    ("not-article", None, ("not-article", "empty-page"), None),
    ("blocked", "blocked", BLOCKS, None),
    ("failed", "failed", FAILURES, None),
)


def explain(summaries: list[dict], examples: list[tuple]) -> list[str]:
    """One line per non-zero column of the summary saying what it counts, with the URLs behind
    the not-article, blocked and failed ones (``examples``: the run's ``(outcome, status, detail,
    url)`` rows of those outcomes, in order).

    >>> s = [{"portal": "guiyang", "new": 3, "blocked": 2, "outcomes": {"listing": 2, "not-article": 1,
    ...                                                           "blocked-challenge": 1, "blocked-robots": 1}}]
    >>> rows = [("blocked-robots", None, "Forbidden by robots.txt", "https://g.cn/private/c.htm"),
    ...         ("blocked-challenge", 200, "challenge page", "https://g.cn/a.htm"),
    ...         ("not-article", 200, "empty page", "https://g.cn/b.htm")]
    >>> for line in explain(s, rows): print(line)
    3 new: articles archived for the first time
    1 not-article: not an article (empty page) at https://g.cn/b.htm
    2 blocked: a challenge page (HTTP 200) at https://g.cn/a.htm; forbidden by robots.txt at https://g.cn/private/c.htm
    >>> rows = [("connection-refused", None, "", f"https://h{i}.cn/robots.txt") for i in range(3)]
    >>> explain([{"portal": "p", "failed": 3, "outcomes": {"connection-refused": 3}}], rows)
    ['3 failed: connection refused (3, first at https://h0.cn/robots.txt)', 'no listing page could be read: p']
    """
    first: dict[str, tuple] = {}
    for row in examples:
        first.setdefault(row[0], row)
    counts: Counter = Counter()
    for s in summaries:
        counts.update(s["outcomes"])
    lines = []
    for heading, key, outcomes, meaning in COLUMNS:
        total = sum(s.get(key, 0) for s in summaries) if key else sum(counts[o] for o in outcomes)
        if not total:
            continue
        if meaning:
            lines.append(f"{total} {heading}: {meaning}")
            continue
        causes = []
        for outcome in sorted((o for o in outcomes if counts[o]), key=lambda o: -counts[o]):
            _, status, detail, url = first.get(outcome, (outcome, None, None, None))
            why = WHY[outcome] + (f" ({detail})" if outcome == "not-article" and detail
                                  else f" (HTTP {status})" if status else "")
            where = f"at {url}" if url else ""
            causes.append(f"{why} {where}".strip() if counts[outcome] == 1
                          else f"{why} ({counts[outcome]}" + (f", first {where})" if where else ")"))
        lines.append(f"{total} {heading}: " + "; ".join(causes))
    if counts["deferred"]:
        lines.append(f"{counts['deferred']} not sent: {WHY['deferred']}")
    unread = [s["portal"] for s in summaries if not s["outcomes"].get("listing")]
    if unread:
        lines.append(f"no listing page could be read: {', '.join(unread)}")
    return lines


def print_summary(summaries: list[dict], status: str, reasons: list[str]) -> None:
    header = f"{'portal':<14} {'requests':>8} {'new':>5} {'revised':>7} {'duplicate':>9} {'unchanged':>9} {'skipped':>7} {'not-article':>11} {'blocked':>7} {'failed':>6}"
    print(header)
    for s in summaries:
        o = s["outcomes"]
        print(f"{s['portal']:<14} {s['requests']:>8} {s['new']:>5} {s['revised']:>7} {s['duplicates']:>9} "
              f"{s['unchanged']:>9} {s['skipped']:>7} {o.get('not-article', 0) + o.get('empty-page', 0):>11} {s['blocked']:>7} {s['failed']:>6}")
    for line in reasons:
        print(line)
    print(f"crawl {status}")


def main() -> None:
    """``python -m portal_spider.runner``: the same command as ``portal-archive crawl``."""
    crawl.main(prog_name="python -m portal_spider.runner")


if __name__ == "__main__":
    main()
