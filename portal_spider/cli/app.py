"""``portal-archive``: crawl gov.cn English portals into a SQLite archive and search it.

The command group, its shared options, and the crawl, demo, search, stats,
portals and extract commands.  A thin shell over the Python API
(``archive.store``, ``archive.search``) and the crawler: the crawl runs in this
process (:mod:`portal_spider.runner`, which declares its options), Scrapy is
imported only by the commands that need it.
"""

from __future__ import annotations

import csv
import json
import signal
import sys
from pathlib import Path

import click

from archive.query import QueryError
from archive.runs import shown_status
from archive.search import SORTS, search
from archive.store import Archive, ArchiveError

from ..exits import Exit
from ..options import UsageFail as Fail
from ..options import db_option
from ..runner import crawl

__all__ = ["Fail", "cli", "db_option", "open_archive"]


def open_archive(path: str, *, create: bool = False) -> Archive:
    try:
        return Archive(path, create=create)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from None


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


@cli.command()
@db_option
@click.option("--query", default="metro", show_default=True, help="Search to print after the crawl.")
def demo(db_path, query):
    """Serve the bundled sample portal on 127.0.0.1, crawl it for real, and search.

    No internet needed: the sample portal replays saved pages of
    english.guiyang.gov.cn and www.eguizhou.gov.cn.  Run it twice: the second
    crawl finds nothing new.

    \b
    Example:
      portal-archive demo --db demo.db
    """
    from ..runner import run
    from ..sample_portal.server import SamplePortal

    click.echo("The sample portal deliberately holds a page that robots.txt forbids, an anti-bot challenge page "
               "and a broken (empty) page:\nexpect 'crawl partial' with 2 blocked and 1 not-article on the first crawl "
               "(the crawler doing its job), and nothing new on the next.")
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    with SamplePortal() as portal:
        click.echo(f"sample portal serving on {portal.proxy}")
        code = run(("guiyang", "eguizhou"), db_path, proxy=portal.proxy, fast=True, log_level="ERROR")
    for signum, handler in handlers.items():  # the crawl's stop handlers end with it: Ctrl-C ends the search
        signal.signal(signum, handler)
    if code not in (Exit.SUCCESS, Exit.PARTIAL):
        sys.exit(code)
    archive = open_archive(db_path)
    click.echo("")
    print_stats(archive)
    click.echo(f"\nportal-archive search {query!r}:")
    print_hits(search(archive, query, limit=5), "table")


@cli.command(name="search")
@click.argument("query")
@db_option
@click.option("--portal", help="Only this portal (spider name).")
@click.option("--level", help="Only portals of this level (state, province, city, district, ...).")
@click.option("--province", help="Only portals in this province.")
@click.option("--section", help="Only this section (as in the breadcrumb, e.g. 'Home > News').")
@click.option("--since", help="Published on or after this day (YYYY-MM-DD).")
@click.option("--until", help="Published on or before this day (YYYY-MM-DD).")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--sort", type=click.Choice(list(SORTS)), default="relevance", show_default=True)
@click.option("--all-copies", is_flag=True, help="Show every syndicated copy, not one hit per story.")
@click.option("--fast", is_flag=True, help="Above 8,000 matches, rank only the newest 5,000 (bounded time; may miss "
                                           "an older, better match).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def search_command(query, db_path, portal, level, province, section, since, until, limit, sort, all_copies, fast, fmt):
    """Full-text search of titles, captions and bodies.

    \b
    Query language: words (all must match), OR, NOT word / -word, "exact phrase",
    prefix*, title:word body:word caption:word, hyphenated terms and document
    numbers as written (Five-Year, COVID-19, "[2023] No. 5"), Chinese (贵阳).
    Ranked by bm25 (title > captions > body); one hit per syndicated story.
    Examples:
      portal-archive search 'metro OR subway -bus' --portal guiyang
      portal-archive search '"big data" title:guizhou' --since 2024-01-01 --format json
    """
    archive = open_archive(db_path)
    try:
        result = search(archive, query, portal=portal, level=level, province=province, section=section,
                        since=since, until=until, limit=limit, sort=sort, all_copies=all_copies, fast=fast)
    except QueryError as exc:
        raise Fail(str(exc)) from None
    print_hits(result, fmt)


def print_hits(result, fmt: str) -> None:
    columns = ["id", "published", "portal", "title", "url", "snippet"]
    if fmt == "json":
        click.echo(json.dumps({"query": result.query, "total": result.total, "total_capped": result.total_capped,
                               "hits": result.hits}, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns + ["portals", "rank"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(result.hits)
        return
    total = f"more than {result.total:,}" if result.total_capped else f"{result.total:,}"
    click.echo(f"{total} article(s) match {result.query!r}" + (f"; showing {len(result.hits)}" if result.hits else "")
               + (f" (ranked among the newest {result.ranked_within:,})" if result.ranked_within else ""))
    for hit in result.hits:
        others = hit.get("also_published_by") or []
        also = f" (also published by {len(others)} portal{'s' if len(others) > 1 else ''}: {', '.join(others)})" if others else ""
        click.echo(f"\n[{hit['id']}] {hit['published'] or '?':<25} {hit['portal']}{also}")
        click.echo(f"    {hit['title']}")
        click.echo(f"    {hit['url']}")
        click.echo(f"    {hit['snippet']}")


@cli.command()
@db_option
def stats(db_path):
    """Articles per portal, their date range and the last crawl.

    \b
    Example:
      portal-archive stats --db news.db
    """
    print_stats(open_archive(db_path))


def print_stats(archive: Archive) -> None:
    rows = archive.db.execute(
        """SELECT portal, count(*) AS articles, min(substr(published, 1, 10)), max(substr(published, 1, 10)),
                  max(last_seen), sum(published IS NULL) FROM articles GROUP BY portal ORDER BY portal"""
    ).fetchall()
    click.echo(f"{'portal':<14} {'articles':>8}  {'first':<10}  {'last':<10}  {'undated':>7}  last seen")
    for portal, count, first, last, seen, undated in rows:
        click.echo(f"{portal:<14} {count:>8}  {first or '-':<10}  {last or '-':<10}  {undated / count:>7.0%}  {seen}")
    counts = archive.counts()
    click.echo(f"{'total':<14} {counts['articles']:>8}  ({counts['appearances']} appearances, "
               f"{counts['photos']} photos, {counts['revisions']} earlier revisions)")
    run = archive.db.execute("SELECT started, finished, status, new, revised, failed, alerts, pid, host FROM runs"
                             " ORDER BY id DESC LIMIT 1").fetchone()
    if run:
        status = shown_status(run[2], run[7], run[8])
        click.echo(f"last crawl: {run[0]} to {run[1] or '(' + status + ')'}: {status}, {run[3] or 0} new, "
                   f"{run[4] or 0} revised, {run[5] or 0} failed")
        for alert in json.loads(run[6] or "[]"):
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
        archive = open_archive(db_path)
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
