"""Analyst commands: cluster, timeline, export, import, watch, serve."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive import export as export_mod
from archive import watch as watch_mod
from .app import Fail, cli, db_option, open_archive, search_filters, writing_archive
from archive.query import QueryError
from archive.search import filter_condition


def _guard(func, *args, **kwargs):
    """Run an API call; a QueryError (bad input) becomes a one-line message and exit status 2."""
    try:
        return func(*args, **kwargs)
    except QueryError as exc:
        raise Fail(str(exc)) from None


@cli.command()
@db_option
def cluster(db_path):
    """Group syndicated copies (same story, small edits, several portals) into clusters.

    Incremental: only articles archived since the last run are compared (MinHash LSH
    band keys are kept in the archive).  The crawl runs it after saving.

    \b
    Example:
      portal-archive cluster --db news.db
    """
    from archive.upkeep import after_write

    with writing_archive(db_path, "clustering") as archive:
        stats = after_write(archive).clusters
    click.echo(f"{stats['articles']} new article(s) compared, {stats['joined']} joined a cluster; "
               f"{stats['clusters']} cluster(s) of syndicated copies in the archive")


@cli.command()
@db_option
@click.option("--full", is_flag=True, help="Rebuild every list (default: only what changed since the last refresh).")
@click.option("--common", type=click.IntRange(min=1), default=None, show_default=False,
              help="List terms found in at least this many articles (default: 5,000).")
def reindex(db_path, full, common):
    """Refresh the search index's impact lists (exact top answers for common words).

    Every command that writes to the archive (crawl, reparse, import, cluster) does it
    after writing; run it after writing by other means.  While the lists are stale,
    searches rank every match with FTS5 (the same answers, slower on large archives).

    \b
    Example:
      portal-archive reindex --db news.db
    """
    from archive.upkeep import after_write

    with writing_archive(db_path, "reindexing") as archive:
        click.echo(after_write(archive, full=full, common_df=common).search.line())


@cli.command()
@click.argument("query")
@db_option
@click.option("--by", type=click.Choice(["day", "week", "month"]), default="month", show_default=True)
@click.option("--portal", help="Only this portal.")
@click.option("--since", help="From this day, month or year (2024-01-31, 2024-01, 2024): earlier empty periods show as 0.")
@click.option("--until", help="Through this day, month or year: later empty periods show as 0.")
@click.option("--share", is_flag=True, help="Chart the share of all archived articles instead of raw counts.")
@click.option("--plot", "plot", type=click.Path(dir_okay=False), help="Write an SVG chart to this file.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def timeline(query, db_path, by, portal, since, until, share, plot, fmt):
    """Matches per period and portal, raw and as a share of everything archived in the period;
    every period from the first to the last is listed (0 when nothing matched).

    \b
    Examples:
      portal-archive timeline '"metro line 3"' --by week
      portal-archive timeline 'big data' --share --plot big-data.svg
      portal-archive timeline tourism --since 2020 --until 2024 --format json
    """
    from archive.timeline import render, svg_chart, timeline as run

    if plot and not plot.lower().endswith(".svg"):
        raise Fail("--plot writes SVG: give a file name ending in .svg")
    points = _guard(run, open_archive(db_path, readonly=True), query, by=by, portal=portal, since=since, until=until)
    if not points and fmt == "table":
        click.echo(f"no articles match {query!r}")
    else:
        click.echo(render(points, fmt), nl=False)
    if plot:
        Path(plot).write_text(svg_chart(points, title=f"{query} (per {by})", share=share, by=by), encoding="utf-8")
        click.echo(f"chart written to {plot}", err=True)


@cli.command(name="export")
@click.argument("query", required=False)
@db_option
@search_filters
@click.option("--format", "fmt", type=click.Choice(export_mod.FORMATS), default="jsonl", show_default=True)
@click.option("--with-body", is_flag=True, help="Include body, captions, photos and earlier versions (needed for import).")
@click.option("--with-photos", is_flag=True, help="With --with-body: include each archived photo's bytes (base64).")
@click.option("--all", "everything", is_flag=True, help="Every article (no QUERY).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of standard output.")
def export_command(query, db_path, fmt, with_body, with_photos, everything, output, **filters):
    """Stream matching articles as CSV or JSON Lines: stable id, live URL, capture times,
    version hash and every appearance; the search's filters narrow it.

    \b
    Examples:
      portal-archive export 'Five-Year Plan' --format csv > plan.csv
      portal-archive export metro --portal guiyang --since 2024 --format csv
      portal-archive export --all --with-body -o archive.jsonl
      portal-archive export --portal guiyang --with-body --with-photos -o guiyang.jsonl
    """
    if query is None and not everything and not any(filters.values()):
        raise Fail("give a QUERY, or --all to export every article")
    if with_photos and (not with_body or fmt != "jsonl"):
        raise Fail("--with-photos needs --with-body and --format jsonl")
    archive = open_archive(db_path, readonly=True)
    if query is not None:
        _guard(export_mod.match_condition, query)
    _guard(filter_condition, archive, **filters)  # bad filters fail before the output file is opened
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        n = export_mod.write(export_mod.records(archive, query, with_body=with_body, with_photos=with_photos, **filters),
                             out, fmt)
    finally:
        if output:
            out.close()
    click.echo(f"{n} article(s) exported", err=True)


@cli.command(name="import")
@click.argument("file", type=click.File("rb"))
@db_option
def import_command(file, db_path):
    """Read articles from a JSON Lines export (made with --with-body) into the archive,
    through the archive's own deduplication.

    All or nothing: a bad line (named by its number: not JSON, a URL that is not
    http(s), a date that is not ISO ...) leaves the archive as it was.

    \b
    Example:
      portal-archive import archive.jsonl --db copy.db
    """
    with writing_archive(db_path, "importing", create=True) as archive:
        counts = _guard(export_mod.import_records, archive, export_mod.read_jsonl(file))
        if any(counts.values()):
            from archive.upkeep import after_write

            after_write(archive)
    click.echo(", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing to import")


@cli.group()
def watch():
    """Saved searches: add one, list what arrived since the last look, write an Atom feed.

    \b
    Examples:
      portal-archive watch add metro '"metro line" OR subway'
      portal-archive watch new                  # after each crawl
      portal-archive watch feed metro --output metro.xml
    """


@watch.command(name="add")
@click.argument("name")
@click.argument("query")
@db_option
def watch_add(name, query, db_path):
    """Save QUERY as NAME.

    \b
    Example:
      portal-archive watch add metro '"metro line" OR subway'
    """
    _guard(watch_mod.add, open_archive(db_path), name, query)
    click.echo(f"watching {query!r} as {name}")


@watch.command(name="list")
@db_option
def watch_list(db_path):
    """List saved searches."""
    for w in watch_mod.watches(open_archive(db_path, readonly=True)):
        click.echo(f"{w['name']:<20} {w['query']!r}  (last look: {w['last_look'] or 'never'})")


@watch.command(name="remove")
@click.argument("name")
@db_option
def watch_remove(name, db_path):
    """Delete a saved search."""
    _guard(watch_mod.remove, open_archive(db_path), name)
    click.echo(f"removed {name}")


@watch.command(name="new")
@click.argument("name", required=False)
@db_option
@click.option("--peek", is_flag=True, help="Show without marking them seen.")
def watch_new(name, db_path, peek):
    """Matches archived since the last look, for every saved search (or NAME).

    \b
    Example (after each crawl):
      portal-archive crawl && portal-archive watch new
    """
    found = _guard(watch_mod.new, open_archive(db_path, readonly=peek), name, mark=not peek)
    for watch_name, hits in found.items():
        click.echo(f"{watch_name}: {len(hits)} new")
        for h in hits:
            click.echo(f"  [{h['id']}] {h['published'] or '?':<25} {h['portal']:<12} {h['title']}")
            click.echo(f"      {h['url']}")


@watch.command(name="feed")
@click.argument("name")
@db_option
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the feed here (default: stdout).")
def watch_feed(name, db_path, output):
    """Write an Atom feed of a saved search's newest matches.

    \b
    Example:
      portal-archive watch feed metro --output /var/www/feeds/metro.xml
    """
    text = _guard(watch_mod.feed, open_archive(db_path, readonly=True), name)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, type=int, show_default=True)
@click.option("--immutable", is_flag=True, help="Serve a snapshot that no crawl writes to (faster counts).")
def serve(db_path, host, port, immutable):
    """Browse and search the archive in Datasette, read-only.

    \b
    Pages: /-/search (the CLI's query language, relevance order, one hit per story),
    /-/article/ID (photos with captions), and Datasette's tables, facets and canned
    queries (timeline, top portals for a query, latest per portal).
    Example:
      portal-archive serve --db news.db --port 8001
    """
    from archive.serve import run

    open_archive(db_path, readonly=True).close()  # a clear message for a missing or foreign file
    sys.exit(run(db_path, host=host, port=port, immutable=immutable))
