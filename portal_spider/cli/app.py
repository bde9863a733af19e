"""``portal-archive``: crawl gov.cn English portals into a SQLite archive and search it.

The command group, its shared options, and the crawl, demo, search, stats,
portals and extract commands.  A thin shell over the Python API
(``archive.store``, ``archive.search``) and the crawler: the crawl runs in this
process (:mod:`portal_spider.runner`, which declares its options), Scrapy is
imported only by the commands that need it.
"""

from __future__ import annotations

import contextlib
import csv
import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from archive.query import QueryError
from archive.runs import shown_status
from archive.search import SORTS, search
from archive.lock import ArchiveLock
from archive.store import Archive, ArchiveError, check_path
from archive.text import clean_text

from ..exits import Exit
from ..options import UsageFail as Fail
from ..options import db_option
from ..runner import crawl

__all__ = ["Fail", "cli", "db_option", "open_archive"]


class Locked(click.ClickException):
    exit_code = Exit.LOCKED


def open_archive(path: str, *, create: bool = False, readonly: bool = False) -> Archive:
    """The archive at ``path``; ``readonly`` for the commands that only read it (they also work on a
    read-only file or mount).  Anything that is not a portal archive is refused, untouched."""
    try:
        return Archive(path, create=create, readonly=readonly)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None


@contextlib.contextmanager
def writing_archive(path: str, doing: str, *, create: bool = False) -> Iterator[Archive]:
    """The archive, with the lock that every command writing to it holds (crawl, import, reparse,
    reindex, cluster, repair): another writer's lock is an error at once (exit status 4)."""
    lock = ArchiveLock(path)
    try:
        check_path(Path(path), create=create)  # no lock file beside another program's database, nor in no folder
        holder = lock.acquire()
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None
    if holder:
        raise Locked(f"{path} is locked by {holder}; not {doing}")
    try:
        archive = open_archive(path, create=create)
        try:
            yield archive
        finally:
            archive.close()
    finally:
        lock.release()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="portal-archive")
def cli():
    """Crawl the English-language portals of Chinese governments into a
    deduplicated SQLite archive with full-text search.

    \b
    Examples:
      portal-archive demo                      # offline: crawl the bundled sample portal
      portal-archive crawl guiyang             # crawl one portal into ./archive.db
      portal-archive search '"metro line" guiyang' --since 2024-01-01
    """


cli.add_command(crawl)


def crawl_in_child(portals: tuple[str, ...], db_path: str, options: list[str]) -> int:
    """``portal-archive crawl`` in a child process (the demo crawls twice: a crawl's reactor runs once
    per process), in a process group of its own: Ctrl-C and SIGTERM reach it once, forwarded from here,
    and it is waited for, so it stops cleanly (its exit status is returned) and outlives nothing."""
    command = [sys.executable, "-m", "portal_spider", "crawl", *portals, "--db", db_path, *options]
    child = subprocess.Popen(command, process_group=0)
    previous = {signum: signal.signal(signum, lambda signum, frame: child.send_signal(signum))
                for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        return child.wait()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@cli.command()
@db_option
@click.option("--query", default="metro", show_default=True, help="Search to print after the crawl.")
@click.option("--nodes", type=click.IntRange(0, 16), default=0, help="Crawl with this many nodes on a throwaway "
              "redis-server and one writer, as a cluster would (0: one process, no Redis).")
def demo(db_path, query, nodes):
    """Serve the bundled sample portal on 127.0.0.1, crawl it for real, and search.

    No internet needed: the sample portal replays saved pages of
    english.guiyang.gov.cn and www.eguizhou.gov.cn, crawled twice: as first
    saved, then later with one article edited (kept as a second version).
    Run it again: the crawls find nothing new.

    \b
    Example:
      portal-archive demo --db demo.db
      portal-archive demo --nodes 3 --db demo.db      # needs redis-server
    """
    from ..sample_portal.server import SamplePortal

    click.echo("The sample portal deliberately holds a page that robots.txt forbids, an anti-bot challenge page "
               "and a broken (empty) page:\nexpect 'crawl partial' with 2 blocked and 1 not-article (the crawler "
               "doing its job), then the same after a second crawl that finds one article edited.")
    # the sample portal's proxy is on 127.0.0.1
    options = ["--fast", "--log-level", "ERROR", "-s", "PORTAL_ARCHIVE_ALLOW_LOOPBACK=1"]
    portals = ("guiyang", "eguizhou")
    with SamplePortal(overlays=["demo"]) as portal:
        click.echo(f"sample portal serving on {portal.proxy}")
        if nodes:
            from .frontier import crawl_with_nodes

            def crawl_portals(*extra):
                return crawl_with_nodes(nodes, portals, db_path, ["--proxy", portal.proxy, *options], list(extra))
        else:
            def crawl_portals(*extra):
                return crawl_in_child(portals, db_path, ["--proxy", portal.proxy, *extra, *options])
        code = crawl_portals()
        if code in (Exit.SUCCESS, Exit.PARTIAL):
            # the portals some time later: one article was edited since (--full fetches every article again)
            click.echo("\nthe same portals later, with one article edited since (crawl --full):")
            portal.set_overlays(["revised", "demo"])
            code = crawl_portals("--full")
    if code not in (Exit.SUCCESS, Exit.PARTIAL):
        sys.exit(code)
    archive = open_archive(db_path, readonly=True)
    click.echo("")
    print_stats(archive)
    click.echo(f"\nportal-archive search {query!r}:")
    print_hits(search(archive, query, limit=5), "table")
    edited = archive.db.execute("SELECT a.url FROM articles a WHERE a.revision > 1 ORDER BY a.id LIMIT 1").fetchone()
    click.echo(f"\nnext: portal-archive search 贵阳 --all-copies; portal-archive timeline 'big data'"
               + (f"; portal-archive history {edited[0]}" if edited else "") + "; portal-archive serve")


def search_filters(func):
    """The search's filters, shared by search and export (each a keyword of :func:`archive.search.search`)."""
    for option in reversed([
        click.option("--portal", help="Only this portal (spider name)."),
        click.option("--level", help="Only portals of this level (state, province, city, district, ...)."),
        click.option("--province", help="Only portals in this province."),
        click.option("--section", help="Only this section: its name or path in the breadcrumb ('News' or "
                                       "'Home > News'), with its subsections."),
        click.option("--since", help="Published on or after this day (YYYY-MM-DD; 2024-06 or 2024: from its first day)."),
        click.option("--until", help="Published on or before this day (YYYY-MM-DD; 2024-06 or 2024: through its last "
                                     "day)."),
    ]):
        func = option(func)
    return func


@cli.command(name="search")
@click.argument("query")
@db_option
@search_filters
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--offset", type=int, default=0, show_default=True, help="Skip this many hits (stories) first: the next page "
                                                               "is --offset LIMIT, then 2*LIMIT ...")
@click.option("--sort", type=click.Choice(list(SORTS)), default="relevance", show_default=True)
@click.option("--all-copies", is_flag=True, help="Show every syndicated copy, not one hit per story.")
@click.option("--fast", is_flag=True, help="Above 8,000 matches, rank only the newest 5,000 (bounded time; may miss "
                                           "an older, better match).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def search_command(query, db_path, portal, level, province, section, since, until, limit, offset, sort, all_copies, fast,
                   fmt):
    """Full-text search of titles, captions and bodies.

    \b
    Query language: words (all must match), OR, NOT word / -word, "exact phrase",
    prefix*, title:word body:word caption:word, hyphenated terms and document
    numbers as written (Five-Year, COVID-19, "[2023] No. 5"), Chinese (贵阳).
    Ranked by bm25 (title > captions > body); one hit per syndicated story.
    Examples:
      portal-archive search 'metro OR subway -bus' --portal guiyang
      portal-archive search '"big data" title:guizhou' --since 2024-01-01 --format json
      portal-archive search metro --section News --since 2024 --limit 100 --offset 100
    """
    archive = open_archive(db_path, readonly=True)
    try:
        result = search(archive, query, portal=portal, level=level, province=province, section=section,
                        since=since, until=until, limit=limit, offset=offset, sort=sort, all_copies=all_copies,
                        fast=fast)
    except QueryError as exc:
        raise Fail(str(exc)) from None
    print_hits(result, fmt)


def print_hits(result, fmt: str) -> None:
    columns = ["id", "published", "portal", "title", "url", "snippet"]
    if fmt == "json":
        click.echo(json.dumps({"query": result.query, "total": result.total, "total_capped": result.total_capped,
                               "plan": result.plan, "ranked_within": result.ranked_within, "offset": result.offset,
                               "hits": result.hits}, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns + ["portals", "rank"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(result.hits)
        return
    total = f"more than {result.total:,}" if result.total_capped else f"{result.total:,}"
    shown = f"{result.offset + 1}-{result.offset + len(result.hits)}" if result.offset else f"{len(result.hits)}"
    click.echo(f"{total} article(s) match {result.query!r}" + (f"; showing {shown}" if result.hits else "")
               + (f" (ranked among the newest {result.ranked_within:,})" if result.ranked_within else ""))
    for hit in result.hits:
        others = hit.get("also_published_by") or []
        also = f" (also published by {len(others)} portal{'s' if len(others) > 1 else ''}: {', '.join(others)})" if others else ""
        # no terminal escapes, even from an archive made before they were dropped at extraction and import
        click.echo(clean_text(f"\n[{hit['id']}] {hit['published'] or '?':<25} {hit['portal']}{also}\n    {hit['title']}"
                              f"\n    {hit['url']}\n    {hit['snippet']}"))


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(db_path, fmt):
    """Articles per portal, their date range and the last crawl.

    \b
    Examples:
      portal-archive stats --db news.db
      portal-archive stats --format json
    """
    print_stats(open_archive(db_path, readonly=True), fmt)


def archive_stats(archive: Archive) -> dict:
    """What ``stats`` prints, as data."""
    portals = [dict(zip(("portal", "articles", "first", "last", "last_seen", "undated_count"), row))
               for row in archive.db.execute(
        """SELECT portal, count(*) AS articles, min(substr(published, 1, 10)), max(substr(published, 1, 10)),
                  max(last_seen), sum(published IS NULL) FROM articles GROUP BY portal ORDER BY portal""")]
    for p in portals:
        p["undated"] = p.pop("undated_count") / p["articles"]
    run = archive.db.execute("SELECT id, started, finished, status, new, revised, failed, alerts, pid, host FROM runs"
                             " ORDER BY id DESC LIMIT 1").fetchone()
    last = None
    if run:
        last = dict(zip(("id", "started", "finished", "status", "new", "revised", "failed"), run[:7]))
        last["status"] = shown_status(last["status"], run[8], run[9])  # a run whose process is gone: died
        last["alerts"] = json.loads(run[7] or "[]")
    return {"portals": portals, "total": archive.counts(), "last_crawl": last}


def print_stats(archive: Archive, fmt: str = "table") -> None:
    data = archive_stats(archive)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'portal':<14} {'articles':>8}  {'first':<10}  {'last':<10}  {'undated':>7}  last seen")
    for p in data["portals"]:
        click.echo(f"{p['portal']:<14} {p['articles']:>8}  {p['first'] or '-':<10}  {p['last'] or '-':<10}  "
                   f"{p['undated']:>7.0%}  {p['last_seen']}")
    counts = data["total"]
    click.echo(f"{'total':<14} {counts['articles']:>8}  ({counts['appearances']} appearances, "
               f"{counts['photos']} photos, {counts['revisions']} earlier revisions)")
    run = data["last_crawl"]
    if run:
        click.echo(f"last crawl: {run['started']} to {run['finished'] or '(' + run['status'] + ')'}: {run['status']}, "
                   f"{run['new'] or 0} new, {run['revised'] or 0} revised, {run['failed'] or 0} failed")
        for alert in run["alerts"]:
            click.echo(f"ALERT {alert}")


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def portals(db_path, fmt):
    """List the portals the crawler knows: hosts, CMS family, level, sections, last crawl, articles.

    \b
    Example:
      portal-archive portals --format json
    """
    from ..registry import portal_records

    try:
        records = portal_records()
    except Exception as exc:  # a broken spider module: one line, not a traceback
        raise click.ClickException(f"cannot load the spiders: {type(exc).__name__}: {exc}") from None
    counts: dict[str, tuple[int, str]] = {}
    if Path(db_path).exists():
        archive = open_archive(db_path, readonly=True)
        for portal, n, seen in archive.db.execute("SELECT portal, count(*), max(last_seen) FROM articles GROUP BY portal"):
            counts[portal] = (n, seen)
    for r in records:
        r["articles"], r["last_crawl"] = counts.get(r["name"], (0, None))
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    width = max([len(r["name"]) for r in records] + [4])
    click.echo(f"{'name':<{width}} {'family':<6} {'level':<9} {'articles':>8}  {'last crawl':<20}  hosts / sections")
    for r in records:
        click.echo(f"{r['name']:<{width}} {r['family']:<6} {r['level']:<9} {r['articles']:>8}  {r['last_crawl'] or '-':<20}  "
                   f"{', '.join(r['hosts'][:3])}{' +%d' % (len(r['hosts']) - 3) if len(r['hosts']) > 3 else ''}")
        click.echo(f"{'':<{width + 48}}sections: {', '.join(r['sections'])}")


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--url", required=True, help="The page's URL (its shape carries the family, date and page number).")
@click.option("--content-type", default=None, help="The Content-Type header the page was served with.")
def extract(file, url, content_type):
    """Print the article extracted from a saved page as JSON (the crawl's code path).

    \b
    Example:
      portal-archive extract page.htm --url https://english.guiyang.gov.cn/2024-01/31/c_956327.htm
    """
    from ..extract import extract_article

    headers = {"Content-Type": content_type} if content_type else None
    click.echo(json.dumps(extract_article(Path(file).read_bytes(), url, headers), ensure_ascii=False, indent=2))
