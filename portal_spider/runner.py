"""Run one or more portal spiders into the archive, then report and exit with a status cron can read.

``portal-archive crawl`` calls this module in a child process
(``python -m portal_spider.runner``), which keeps Scrapy out of ``archive``.

Exit status:
  0  success: every portal's listings were read and nothing failed
  1  partial: some pages failed (see the summary)
  2  usage error (unknown portal, bad option, bad archive path)
  3  all failed: no listing page of any portal could be read
  4  locked: another crawl is writing to this archive
  5  disk full: the archive's disk filled up; the crawl stopped (do not delete the -wal file)
  6  outside the crawl window (PORTAL_ARCHIVE_CRAWL_WINDOW, Beijing time): nothing was done
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from pathlib import Path

#: Outcomes that make a run partial (the closed set of outcomes is in README "Outcomes").
FAILURES = ("http-error", "timeout", "dns-error", "fetch-failed", "not-found", "incomplete-article", "parse-failed",
            "blocked-challenge", "geo-blocked", "too-large", "truncated", "redirect-loop", "too-complex",
            "write-failed", "refused-address", "soft-error")
#: Stats counting errors that are not a URL's outcome (a callback that raised after recording one,
#: a raw record the writer could not write): they make a run partial too.
ERRORS = "portal_archive/errors/"
EXIT_SUCCESS, EXIT_PARTIAL, EXIT_USAGE, EXIT_ALL_FAILED, EXIT_LOCKED = 0, 1, 2, 3, 4


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="portal_spider.runner", description="Crawl portals into the archive.")
    parser.add_argument("portals", nargs="*", help="spider names (default: all)")
    parser.add_argument("--db", default=os.environ.get("PORTAL_ARCHIVE_DB", "archive.db"))
    parser.add_argument("--proxy", default="", help="send every request through this HTTP proxy")
    parser.add_argument("--fast", action="store_true", help="no politeness delays (only for a loopback sample portal)")
    parser.add_argument("--full", action="store_true", help="re-walk every listing page and refetch known articles")
    parser.add_argument("--since", default=None, help="skip articles whose URL date is before YYYY-MM-DD")
    parser.add_argument("--user-agent", default=None)
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument("--log-file", default=None)
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="any Scrapy setting")
    return parser.parse_args(argv)


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
        "skipped": stats.get("portal_archive/skipped_known", 0),
        "empty_listings": stats.get("portal_archive/empty_listing", 0),
        "short_walks": {k[len("portal_archive/short_walk/"):]: v for k, v in stats.items()
                        if k.startswith("portal_archive/short_walk/")},
        "outcomes": outcomes,
        "fields": fields,
        "finish_reason": stats.get("finish_reason"),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    from archive.lock import ArchiveLock
    from archive.store import Archive, ArchiveError, check_path, now_utc
    from archive.upkeep import after_write

    from .drift import drift_alerts

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "portal_spider.settings")
    settings = get_project_settings()
    try:
        names = SpiderLoader.from_settings(settings).list()
    except Exception as exc:  # a broken spider module must not end in a traceback
        print(f"error: cannot load the spiders: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    unknown = [p for p in args.portals if p not in names]
    if unknown:
        print(f"error: unknown portal {', '.join(unknown)} (known: {', '.join(sorted(names))})", file=sys.stderr)
        return EXIT_USAGE
    portals = args.portals or sorted(names)
    db_path = os.path.abspath(args.db)
    if not os.path.isdir(os.path.dirname(db_path)):
        print(f"error: cannot create {db_path}: folder {os.path.dirname(db_path)} does not exist", file=sys.stderr)
        return EXIT_USAGE
    lock = ArchiveLock(db_path)  # the lock of every command that writes (keyed on the real path)
    try:
        check_path(Path(db_path), create=True)  # no lock file beside another program's database
        holder = lock.acquire()
    except ArchiveError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if holder:
        print(f"error: {db_path} is locked by {holder}; not crawling", file=sys.stderr)
        return EXIT_LOCKED
    try:
        archive = Archive(db_path)
    except ArchiveError as exc:
        lock.release()
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE

    settings.set("PORTAL_ARCHIVE_DB", db_path, priority="cmdline")
    settings.set("LOG_LEVEL", args.log_level.upper(), priority="cmdline")
    if args.log_file:
        settings.set("LOG_FILE", args.log_file, priority="cmdline")
    if args.proxy:
        settings.set("PORTAL_ARCHIVE_PROXY", args.proxy, priority="cmdline")
    if args.user_agent:
        settings.set("USER_AGENT", args.user_agent, priority="cmdline")
    if args.full:
        settings.set("PORTAL_ARCHIVE_INCREMENTAL", False, priority="cmdline")
    if args.fast:
        for key, value in {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0.0, "AUTOTHROTTLE_MAX_DELAY": 0.5,
                           "RETRY_TIMES": 0}.items():
            settings.set(key, value, priority="cmdline")
    for pair in args.set:
        key, _, value = pair.partition("=")
        settings.set(key.strip(), value, priority="cmdline")
    from .middlewares.crawl_window import window_exit
    if stop := window_exit(settings.get("PORTAL_ARCHIVE_CRAWL_WINDOW")):  # (exit status, message)
        archive.close()
        lock.release()
        print(stop[1], file=sys.stderr)
        return stop[0]

    from .registry import portal_records

    archive.register_portals(portal_records())  # search filters and Datasette facets read them
    run_id = archive.db["runs"].insert({"started": now_utc(), "portals": " ".join(portals), "status": "running",
                                        "pid": os.getpid()}).last_pk
    settings.set("PORTAL_ARCHIVE_RUN_ID", run_id, priority="cmdline")
    process = CrawlerProcess(settings)
    quiet_per_page_debug(settings.get("LOG_LEVEL"))  # after CrawlerProcess: its logging setup resets them
    crawlers = []
    spider_args = {"since": args.since} if args.since else {}
    for name in portals:
        crawler = process.create_crawler(name)
        crawlers.append((name, crawler))
        process.crawl(crawler, **spider_args)
    # Scrapy allocates thousands of objects a page: at the default threshold (700) the collector ran
    # ~500 times a crawl for ~7% of the reactor's CPU; the crawl's garbage is mostly acyclic anyway
    gc.set_threshold(20_000, 10, 10)
    try:
        process.start()
    finally:
        summaries = [summarise(name, crawler.stats.get_stats() if crawler.stats else {}) for name, crawler in crawlers]
        listings_ok = sum(s["outcomes"].get("listing", 0) for s in summaries)
        failed = sum(s["failed"] for s in summaries)
        code = EXIT_ALL_FAILED if not listings_ok else EXIT_PARTIAL if failed or any(
            s["outcomes"].get("listing", 0) == 0 for s in summaries) else EXIT_SUCCESS
        status = {EXIT_SUCCESS: "success", EXIT_PARTIAL: "partial", EXIT_ALL_FAILED: "all-failed"}[code]
        if any(s["finish_reason"] != "finished" for s in summaries):
            status = "interrupted"  # Ctrl-C / SIGTERM: the next run walks every listing page again
        totals = {k: sum(s[k] for s in summaries) for k in ("requests", "new", "revised", "duplicates", "unchanged", "failed")}
        outcomes: dict[str, int] = {}
        for s in summaries:
            for k, v in s["outcomes"].items():
                outcomes[k] = outcomes.get(k, 0) + v
        # syndicated copies grouped, search lists refreshed (each a no-op when nothing changed)
        upkeep = after_write(archive, say=lambda note: print(note, file=sys.stderr), keep_going=True)
        for failure in upkeep.failures:
            print(f"warning: {failure}", file=sys.stderr)
        archived = dict(archive.db.execute("SELECT portal, count(*) FROM articles GROUP BY portal").fetchall())
        alerts = [a for s in summaries for a in drift_alerts(s["portal"], s, archived.get(s["portal"], 0) - s["new"])]
        archive.db["runs"].update(run_id, {
            "finished": now_utc(), "status": status, "exit_code": code, **totals, "alerts": json.dumps(alerts),
            "outcomes": json.dumps({s["portal"]: s["outcomes"] for s in summaries}, sort_keys=True),
            "fields": json.dumps({s["portal"]: s["fields"] for s in summaries}, sort_keys=True),
        })
        archive.close()
        lock.release()
    print_summary(summaries, status)
    for alert in alerts:
        print(f"ALERT {alert}", file=sys.stderr)
    return code


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


def print_summary(summaries: list[dict], status: str) -> None:
    header = f"{'portal':<14} {'requests':>8} {'new':>5} {'revised':>7} {'duplicate':>9} {'unchanged':>9} {'skipped':>7} {'not-article':>11} {'blocked':>7} {'failed':>6}"
    print(header)
    for s in summaries:
        o = s["outcomes"]
        blocked = o.get("blocked-robots", 0) + o.get("blocked-challenge", 0)
        print(f"{s['portal']:<14} {s['requests']:>8} {s['new']:>5} {s['revised']:>7} {s['duplicates']:>9} "
              f"{s['unchanged']:>9} {s['skipped']:>7} {o.get('not-article', 0) + o.get('empty-page', 0):>11} "
              f"{blocked:>7} {s['failed']:>6}")
        if o.get("listing", 0) == 0:
            print(f"warning: {s['portal']}: no listing page could be read", file=sys.stderr)
    print(f"crawl {status}")


def entry(argv: list[str] | None = None) -> int:
    """:func:`main`, with a damaged archive (met by any statement of the runner's) as one line and exit 2."""
    from archive.store import ArchiveCorrupt

    try:
        return main(argv)
    except ArchiveCorrupt as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(entry())
