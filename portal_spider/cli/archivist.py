"""Archivist commands: run history, article history with word diffs, reparse, scheduling."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import click

from archive.store import ArchiveError

from .app import Fail, cli, db_option, open_archive, writing_archive


@cli.command()
@click.argument("run", required=False, type=int)
@db_option
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--failed", is_flag=True, help="The failed and blocked URLs of RUN (default: the last run), with outcomes.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def runs(run, db_path, limit, failed, fmt):
    """The crawl history (or RUN alone): one line per run, newest first, with its counts per outcome.

    A run whose process ended without closing it (kill -9, power loss) shows as
    died; the next crawl resumes it.

    \b
    Examples:
      portal-archive runs --limit 5
      portal-archive runs --failed          # what failed or was blocked in the last run, and why
      portal-archive runs 12 --failed
    """
    from archive.runs import shown_status

    archive = open_archive(db_path, readonly=True)
    if failed:
        return print_failed_fetches(archive, run, fmt)
    rows = list(archive.db.query(
        "SELECT id, started, finished, portals, status, exit_code, requests, new, revised, duplicates, unchanged, failed,"
        " blocked, outcomes, pid, host FROM runs WHERE ? IS NULL OR id = ? ORDER BY id DESC LIMIT ?", [run, run, limit]))
    for row in rows:
        row["status"] = shown_status(row["status"], row.pop("pid"), row.pop("host"))
    if fmt == "json":
        for row in rows:
            row["outcomes"] = json.loads(row["outcomes"] or "{}")
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    click.echo(f"{'run':>4}  {'started':<20}  {'status':<11} {'exit':>4} {'requests':>8} {'new':>5} {'revised':>7} "
               f"{'dup':>4} {'blocked':>7} {'failed':>6}  portals")
    for r in rows:
        click.echo(f"{r['id']:>4}  {r['started']:<20}  {r['status'] or '':<11} {'' if r['exit_code'] is None else r['exit_code']:>4} "
                   f"{r['requests'] or 0:>8} {r['new'] or 0:>5} {r['revised'] or 0:>7} {r['duplicates'] or 0:>4} "
                   f"{r['blocked'] or 0:>7} {r['failed'] or 0:>6}  {r['portals']}")


def print_failed_fetches(archive, run: int | None, fmt: str) -> None:
    """The URLs of ``run`` (default: the last run) that failed or were blocked, with their outcomes."""
    from ..runner import BLOCKS, FAILURES

    if run is None:
        run = archive.db.execute("SELECT max(id) FROM runs").fetchone()[0]
        if run is None:
            raise Fail("no crawl has run on this archive yet")
    elif not archive.db.execute("SELECT 1 FROM runs WHERE id = ?", [run]).fetchone():
        raise Fail(f"no run {run} in this archive (see portal-archive runs)")
    marks = ",".join("?" * len(FAILURES + BLOCKS))
    rows = list(archive.db.query(
        f"SELECT outcome, status, url, detail FROM fetches WHERE run_id = ? AND outcome IN ({marks}) ORDER BY id",
        [run, *FAILURES, *BLOCKS]))
    if fmt == "json":
        click.echo(json.dumps({"run": run, "fetches": rows}, indent=2, ensure_ascii=False))
        return
    click.echo(f"run {run}: {len(rows)} failed or blocked URL(s)")
    for r in rows:
        status = f"HTTP {r['status']}" if r["status"] else "-"
        click.echo(f"{r['outcome']:<18} {status:<8} {r['url']}" + (f"  ({r['detail']})" if r["detail"] else ""))


def word_diff(old: str, new: str) -> str:
    """A word-level diff in the style of ``git diff --word-diff``.

    >>> word_diff("The line has 29 stations.", "The line now has 30 stations.")
    'The line {+now+} has [-29-]{+30+} stations.'
    """
    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(" ".join(a[i1:i2]))
            continue
        removed = f"[-{' '.join(a[i1:i2])}-]" if i2 > i1 else ""
        added = f"{{+{' '.join(b[j1:j2])}+}}" if j2 > j1 else ""
        out.append(removed + added)
    return " ".join(out)


_ARTICLE_ID = re.compile(r"^\[?\s*(\d{1,18})\s*\]?$")


@cli.command()
@click.argument("article")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def history(article, db_path, fmt):
    """Every archived version of ARTICLE (its URL, or the id that search prints as [13]), with
    word-level diffs between them.

    \b
    Examples:
      portal-archive history https://english.guiyang.gov.cn/2023-12/15/c_956327.htm
      portal-archive history 13
    """
    from ..urls import canonical_url

    archive = open_archive(db_path, readonly=True)
    by_id = _ARTICLE_ID.match(article.strip())
    if by_id:
        row = archive.db.execute("SELECT id FROM articles WHERE id = ?", [int(by_id[1])]).fetchone()
        if row is None:
            raise Fail(f"no archived article with id {by_id[1]}")
    else:
        row = archive.db.execute("SELECT article_id FROM appearances WHERE url = ? OR canonical_url = ? LIMIT 1",
                                 [article, canonical_url(article)]).fetchone()
        if row is None:
            raise Fail(f"no archived article at {article}")
    article = archive.article(row[0])
    versions = list(archive.db.query(
        "SELECT revision, title, published, body, content_hash, first_seen, last_seen FROM revisions"
        " WHERE article_id = ? ORDER BY revision", [article["id"]]))
    versions.append({k: article[k] for k in ("revision", "title", "published", "body", "content_hash", "last_seen")}
                    | {"first_seen": article["updated"] or article["first_seen"]})
    if fmt == "json":
        click.echo(json.dumps({"canonical_url": article["canonical_url"], "gone": article["gone"],
                               "appearances": article["appearances"], "versions": versions}, indent=2, ensure_ascii=False))
        return
    click.echo(f"{article['canonical_url']}  ({len(versions)} version(s)"
               + (f"; gone since {article['gone']}" if article["gone"] else "") + ")")
    previous = None
    for v in versions:
        click.echo(f"\nversion {v['revision']}: seen {v['first_seen']} to {v['last_seen']}  [{v['content_hash'][:10]}]")
        if previous is None:
            click.echo(f"  title: {v['title']}\n  published: {v['published']}")
        else:
            for name in ("title", "published"):
                if v[name] != previous[name]:
                    click.echo(f"  {name}: {word_diff(previous[name] or '', v[name] or '')}")
            if v["body"] != previous["body"]:
                click.echo(f"  body: {word_diff(previous['body'] or '', v['body'] or '')}")
        previous = v


@cli.command()
@db_option
@click.option("--portal", help="Only this portal's articles.")
@click.option("--warc-dir", type=click.Path(file_okay=False), help="WARC folder (default: <db name>-warc beside the archive).")
def reparse(db_path, portal, warc_dir):
    """Re-extract archived articles from their raw pages in the WARC files (no network).

    Run it after the extractor improved; it rewrites the extracted fields and
    keeps no revision (the published text did not change).

    \b
    Example:
      portal-archive reparse --portal guiyang
    """
    from ..reparse import run

    with writing_archive(db_path, "reparsing") as archive:
        report = run(archive, portal=portal, warc_dir=warc_dir)
        if report.changed:  # their copies (a re-extracted text may copy another story, or none), their postings
            from archive.upkeep import after_write

            after_write(archive)
    click.echo(f"reparsed {report.articles} article(s): {report.changed} changed, {report.unchanged} unchanged, "
               f"{len(report.rejected)} no longer read as articles (kept), {len(report.missing)} without raw pages")
    for line in report.missing[:20]:
        click.echo(f"  missing: {line}", err=True)
    if report.missing:
        sys.exit(1)


@cli.command()
@db_option
@click.option("--dry-run", is_flag=True, help="Only say what would be split; write nothing.")
@click.option("--warc-dir", type=click.Path(file_okay=False), help="WARC folder (default: <db name>-warc beside the archive).")
def repair(db_path, dry_run, warc_dir):
    """Split articles that error pages merged back into their own articles, from the raw pages (no network).

    An archive crawled before pages were judged on evidence may hold an error page
    served as HTTP 200 to several URLs as one article, with the real pages of those
    URLs stored later as its revisions.  Each such article keeps its own URL's
    latest article; every other URL becomes its own article again; a URL that only
    showed error pages is fetched again by the next crawl.

    \b
    Example:
      portal-archive repair --dry-run
    """
    from archive.repair import repair as run

    from ..reparse import fetched_article
    from ..warc import warc_dir_for

    with writing_archive(db_path, "repairing") as archive:
        folder = warc_dir or warc_dir_for(str(archive.path))
        report = run(archive, lambda fetch: fetched_article(archive, folder, fetch), dry_run=dry_run)
        for split in report.splits:
            click.echo(("would split " if dry_run else "split ") + split.line())
        if report.splits and not dry_run:  # the restored articles' copies and postings
            from archive.upkeep import after_write

            after_write(archive)
    new = sum(len(s.moved) for s in report.splits)
    click.echo(f"{report.checked} suspect article(s) checked: {len(report.splits)} "
               f"{'to repair' if dry_run else 'repaired'}, {new} article(s) {'to restore' if dry_run else 'restored'}"
               f", {len(report.missing)} left alone (raw pages missing)")
    for line in report.missing[:20]:
        click.echo(f"  missing: {line}", err=True)
    if report.missing:
        sys.exit(1)


@cli.command(name="check-db")
@db_option
def check_db(db_path):
    """Check the archive file for damage: SQLite's quick_check and the full-text indexes' own checks.

    Reads the whole file (minutes for a large archive), which is why no crawl does it; a crawl
    that meets a damaged page stops at once with exit status 2 and points here.

    \b
    Example:
      portal-archive check-db --db /data/gov.db
    """
    archive = open_archive(db_path)
    problems = []
    try:
        problems += [f"quick_check: {row[0]}" for row in archive.db.execute("PRAGMA quick_check") if row[0] != "ok"]
    except ArchiveError as exc:
        problems.append(f"quick_check: {exc.__cause__ or exc}")
    for index in ("articles_fts", "articles_cjk"):
        try:
            with archive.immediate():
                archive.db.execute(f"INSERT INTO {index}({index}, rank) VALUES ('integrity-check', 1)")
        except (ArchiveError, sqlite3.DatabaseError) as exc:
            problems.append(f"{index}: {exc.__cause__ or exc}")
    for line in problems[:50]:
        click.echo(f"damaged: {line}")
    if problems:
        raise Fail(f"{db_path} is damaged ({len(problems)} problem(s)); restore it from a backup")
    click.echo(f"{db_path}: ok (quick_check, articles_fts, articles_cjk)")


_EVERY = re.compile(r"^(\d+)([mhd])$")


def cron_schedule(every: str, seed: str) -> str:
    """A crontab time spec for ``--every 30m|6h|1d``; the minute is spread by ``seed`` so
    that many archives do not hit the portals at the same second.

    >>> cron_schedule("6h", "x")
    '30 */6 * * *'
    >>> cron_schedule("30m", "x")
    '*/30 * * * *'
    >>> cron_schedule("1d", "x")
    '30 3 * * *'
    """
    match = _EVERY.match(every.strip())
    if not match:
        raise Fail(f"--every must look like 30m, 6h or 1d, not {every!r}")
    n, unit = int(match.group(1)), match.group(2)
    minute = int(hashlib.sha1(seed.encode()).hexdigest(), 16) % 60
    if unit == "m":
        if not 5 <= n <= 59 or 60 % n:
            raise Fail("--every in minutes must divide an hour and be at least 5m (5m, 10m, 15m, 20m, 30m)")
        return f"*/{n} * * * *"
    if unit == "h":
        if not 1 <= n <= 23:
            raise Fail("--every in hours must be between 1h and 23h")
        return f"{minute} */{n} * * *" if n > 1 else f"{minute} * * * *"
    if not 1 <= n <= 28:
        raise Fail("--every in days must be between 1d and 28d")
    return f"{minute} 3 */{n} * *" if n > 1 else f"{minute} 3 * * *"


def crawl_command(db_path: str, log_file: str, portals: tuple[str, ...]) -> str:
    exe = shutil.which("portal-archive") or str(Path(sys.executable).with_name("portal-archive"))
    return " ".join(shlex.quote(p) for p in [exe, "crawl", *portals, "--db", db_path, "--log-file", log_file])


@cli.command()
@click.argument("portals", nargs=-1)
@db_option
@click.option("--every", default="6h", show_default=True, help="How often: 30m, 6h, 1d ...")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Crawl log (default: crawl.log beside the archive).")
@click.option("--systemd", is_flag=True, help="Print a systemd service and timer instead of a crontab line.")
@click.option("--install", is_flag=True, help="Install it: append to your crontab, or write the systemd user units.")
def schedule(portals, db_path, every, log_file, systemd, install):
    """Print (or install) a crontab line or systemd timer that crawls on a schedule, logging to a file.

    \b
    Examples:
      portal-archive schedule --every 6h --db /data/gov.db
      portal-archive schedule guiyang --every 1d --install
      portal-archive schedule --every 6h --systemd --install
    """
    db_abs = os.path.abspath(db_path)
    log_abs = os.path.abspath(log_file or os.path.join(os.path.dirname(db_abs), "crawl.log"))
    command = crawl_command(db_abs, log_abs, portals)
    spec = cron_schedule(every, db_abs)
    if not systemd:
        line = f"{spec} {command} >> {shlex.quote(log_abs)} 2>&1  # portal-archive {db_abs}"
        if not install:
            click.echo(line)
            return
        if not shutil.which("crontab"):
            raise Fail("crontab is not installed here; use --systemd, or add the line printed without --install by hand")
        current = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
        lines = [l for l in (current.stdout if current.returncode == 0 else "").splitlines()
                 if not l.endswith(f"# portal-archive {db_abs}")]
        subprocess.run(["crontab", "-"], input="\n".join([*lines, line]) + "\n", text=True, check=True)
        click.echo(f"installed in your crontab: {line}")
        return
    n, unit = int(every[:-1]), every[-1]
    seconds = n * {"m": 60, "h": 3600, "d": 86400}[unit]
    service = (f"[Unit]\nDescription=portal-archive crawl into {db_abs}\n\n[Service]\nType=oneshot\n"
               f"ExecStart={command}\n")
    timer = (f"[Unit]\nDescription=portal-archive crawl every {every}\n\n[Timer]\nOnBootSec=5min\n"
             f"OnUnitActiveSec={seconds}s\nRandomizedDelaySec=300\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n")
    if not install:
        click.echo(f"# ~/.config/systemd/user/portal-archive.service\n{service}\n"
                   f"# ~/.config/systemd/user/portal-archive.timer\n{timer}")
        return
    folder = Path.home() / ".config/systemd/user"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "portal-archive.service").write_text(service)
    (folder / "portal-archive.timer").write_text(timer)
    click.echo(f"wrote {folder}/portal-archive.service and .timer; enable with:\n"
               "  systemctl --user daemon-reload && systemctl --user enable --now portal-archive.timer")
