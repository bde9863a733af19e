"""The operator's view: failures in one line, options checked first, every command from anywhere,
one exit-status table.

Real commands in child processes; "no network" is a proxy setting to a closed loopback port
(nothing listens on 127.0.0.1:9), so every host of every portal refuses the connection.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from portal_spider.exits import MEANINGS, markdown_table
from portal_spider.registry import portal_records
from portal_spider.sample_portal.faults import FaultPortal, Hangup
from portal_spider.sample_portal.generated import MAIN, NANMING, make_articles, write_portal
from portal_spider.sample_portal.server import SamplePortal

from tests.conftest import ROOT, SITES
from tests.faultkit import query, run, runner_command

CLOSED_PORT = "http://127.0.0.1:9"
G = "https://english.guiyang.gov.cn"


def cli(*args: str, cwd: Path | str = ROOT, timeout: int = 300) -> subprocess.CompletedProcess:
    """``portal-archive ARGS`` run from ``cwd``, as an installed command is run from anywhere."""
    return subprocess.run([sys.executable, "-m", "portal_spider", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout)


def test_an_offline_crawl_of_every_portal_says_one_line_per_host_and_exits_3(tmp_path):
    db = str(tmp_path / "archive.db")
    result = cli("crawl", "--db", db, "--proxy", CLOSED_PORT, cwd=tmp_path)
    assert result.returncode == 3, result.stderr[-3000:]
    assert "Traceback" not in result.stderr + result.stdout
    records = portal_records()
    hosts = {urlsplit(url).hostname for r in records for url in r["sections"].values()}
    lines = result.stderr.splitlines()
    assert len(lines) == len(hosts) and len(hosts) > 40
    assert {line.split("] WARNING: ", 1)[1] for line in lines} == {f"cannot reach {h}: connection refused"
                                                                   for h in hosts}
    out = result.stdout.splitlines()
    assert out[-1] == "crawl all-failed"
    assert out[-2] == "no listing page could be read: " + ", ".join(r["name"] for r in records)
    # each portal's robots.txt of each of its hosts (the first request to a host), then each of its
    # listing pages: the network outcome, counted as failed
    rows = sum(len({urlsplit(u).hostname for u in r["sections"].values()}) + len(r["sections"]) for r in records)
    assert query(db, "SELECT outcome, count(*) FROM fetches GROUP BY outcome") == [("connection-refused", rows)]
    assert out[-3].startswith(f"{rows} failed: connection refused ({rows}, first at https://")
    assert out[-3].endswith("/robots.txt)")
    assert query(db, "SELECT status, exit_code, failed, blocked FROM runs") == [("all-failed", 3, rows, 0)]


def test_a_host_that_hangs_up_is_one_line_and_its_own_outcome(tmp_path):
    """robots.txt of the nanming host is cut off (reset): that host is not crawled, its URLs end as
    connection-reset; an article of the main host cut off the same way is a failure of its own."""
    articles = make_articles(6, seed=41)
    write_portal(tmp_path / "sites", articles, listings=2)
    main_article = next(a for a in articles if a.host == MAIN)
    faults = {f"https://{NANMING}/robots.txt": Hangup(), main_article.url: Hangup()}
    db = str(tmp_path / "archive.db")
    with FaultPortal(root=tmp_path / "sites", faults=faults) as portal:
        result = run(runner_command(db, portal.proxy))
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    reached = [line.split("] WARNING: ", 1)[1] for line in result.stderr.splitlines() if "cannot reach" in line]
    assert reached == [f"cannot reach {NANMING}: connection reset"]
    outcomes = dict(query(db, "SELECT url, outcome FROM fetches"))
    nanming = {u: o for u, o in outcomes.items() if NANMING in u}
    assert set(nanming.values()) == {"connection-reset"} and f"https://{NANMING}/robots.txt" in nanming
    assert outcomes[main_article.url] == "connection-reset"
    assert query(db, "SELECT failed, blocked FROM runs") == [(len(nanming) + 1, 0)]


@pytest.mark.parametrize("args, message", [
    (("--since", "yesterday"), "error: --since must be a date like 2024-01-31, 2024-01 or 2024, not 'yesterday'"),
    (("-s", "DOWNLOAD_DELAY=abc"), "error: -s DOWNLOAD_DELAY=abc: DOWNLOAD_DELAY takes a number (default 1.0), not 'abc'"),
    (("-s", "CONCURRENT_REQUESTS=many"),
     "error: -s CONCURRENT_REQUESTS=many: CONCURRENT_REQUESTS takes a whole number (default 8), not 'many'"),
    (("-s", "ROBOTSTXT_OBEY=maybe"), "error: -s ROBOTSTXT_OBEY=maybe: ROBOTSTXT_OBEY takes True or False "
                                     "(default True), not 'maybe'"),
    (("-s", "NOTASETTING"), "error: -s NOTASETTING: write -s NAME=VALUE"),
])
def test_bad_crawl_options_are_one_line_and_status_2_before_anything_runs(tmp_path, args, message):
    db = tmp_path / "archive.db"
    result = cli("crawl", "guiyang", "--db", str(db), "--proxy", CLOSED_PORT, *args, cwd=tmp_path)
    assert (result.returncode, result.stderr, result.stdout) == (2, message + "\n", "")
    assert not db.exists() and not Path(f"{db}.lock").exists()


def test_scrapy_crawl_checks_its_options_the_same_way(tmp_path):
    bad = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "eguizhou", "-s", "DOWNLOAD_DELAY=abc"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert (bad.returncode, bad.stderr) == (
        2, "error: -s DOWNLOAD_DELAY=abc: DOWNLOAD_DELAY takes a number (default 1.0), not 'abc'\n")
    since = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "eguizhou", "-a", "since=yesterday"],
                           capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert (since.returncode, since.stderr) == (
        2, "error: -a since must be a date like 2024-01-31, 2024-01 or 2024, not 'yesterday'\n")


def test_since_takes_a_month_or_a_year_and_unknown_settings_are_named(tmp_path):
    """eguizhou's articles are dated 2020-06-25, 2024-03-01 and 2024-03-13 in their URLs."""
    dbs = {since: str(tmp_path / f"{since}.db") for since in ("2024", "2024-03", "2024-03-02")}
    with SamplePortal() as portal:
        results = {since: run(runner_command(db, portal.proxy, "--since", since, "-s", "DOWNLOAD_DELAYS=0",
                                             portals=("eguizhou",))) for since, db in dbs.items()}
    for since, db in dbs.items():
        result = results[since]
        assert result.returncode == 0, result.stderr
        assert result.stderr.splitlines()[0] == ("warning: -s DOWNLOAD_DELAYS: no such setting "
                                                 "(did you mean DOWNLOAD_DELAY?); passed on as is")
    days = {since: sorted(d for (d,) in query(db, "SELECT substr(published, 1, 10) FROM articles"))
            for since, db in dbs.items()}
    assert days == {"2024": ["2024-03-01", "2024-03-13"], "2024-03": ["2024-03-01", "2024-03-13"],
                    "2024-03-02": ["2024-03-13"]}


def test_portals_from_the_root_folder_lists_every_portal():
    result = cli("portals", "--format", "json", "--db", "/nonexistent/archive.db", cwd="/")
    assert result.returncode == 0, result.stderr
    names = [r["name"] for r in json.loads(result.stdout)]
    assert names == sorted(r["name"] for r in portal_records()) and len(names) > 40
    table = cli("portals", cwd="/").stdout.splitlines()
    assert sorted(line.split()[0] for line in table[1:] if not line.startswith(" ")) == names


def test_every_command_runs_from_any_folder(tmp_path):
    """Each command reads the registry, the sample portal and its own files from the installed
    package: run from an empty folder, none of them looks for scrapy.cfg or ./portal_spider."""
    here = tmp_path / "elsewhere"
    here.mkdir()
    db = str(tmp_path / "archive.db")
    with SamplePortal() as portal:
        crawled = cli("crawl", "eguizhou", "--db", db, "--proxy", portal.proxy, "-s", "DOWNLOAD_DELAY=0", cwd=here)
        checked = cli("check", "guiyang", "--proxy", portal.proxy, cwd=here)
    assert crawled.returncode == 0 and crawled.stdout.splitlines()[-1] == "crawl success", crawled.stderr
    assert checked.returncode == 0 and checked.stdout.splitlines()[0] == (
        "portal   guiyang (F1, Guiyang (english.guiyang.gov.cn))"), checked.stderr
    project = tmp_path / "project"
    for folder in ("portal_spider/spiders", "tests"):
        (project / folder).mkdir(parents=True)
    scaffold = cli("new-portal", "harbin", "--family", "F4", "--start-url", "https://english.harbin.gov.cn/news/",
                   "--root", str(project), cwd=here)
    assert scaffold.returncode == 0, scaffold.stderr
    assert (project / "portal_spider/spiders/harbin.py").read_text().startswith("from .base import TrsSpider\n")
    page = SITES / "www.eguizhou.gov.cn/2024-03/01/c_1000201.htm"
    shutil.copy(page, here / "page.htm")
    extracted = cli("extract", "page.htm", "--url", "https://www.eguizhou.gov.cn/2024-03/01/c_1000201.htm", cwd=here)
    assert json.loads(extracted.stdout)["published"].startswith("2024-03-01"), extracted.stderr
    url = query(db, "SELECT url FROM articles ORDER BY id LIMIT 1")[0][0]
    for args, expect in [
        (("stats",), "total                 3"),
        (("runs",), "success"),
        (("search", "guizhou"), "article(s) match 'guizhou'"),
        (("history", url), "version 1: seen "),
        (("reparse",), "reparsed 3 article(s): 0 changed, 3 unchanged"),
        (("cluster",), "0 new article(s) compared"),  # the crawl clustered them
        (("reindex",), "search index already current"),  # and refreshed the search lists
        (("timeline", "guizhou"), "2024-03    eguizhou                2         2  100.0%"),
        (("export", "guizhou"), url),
        (("schedule", "--every", "6h"), f"crawl --db {db} --log-file"),
    ]:
        result = cli(*args, "--db", db, cwd=here)
        assert result.returncode == 0, (args, result.stderr)
        assert expect in result.stdout, (args, result.stdout)


def test_the_exit_table_is_one_table_in_readme_and_in_crawl_help():
    readme = (ROOT / "README.md").read_text()
    assert markdown_table() in readme
    help_text = cli("crawl", "--help").stdout
    for code, meaning in MEANINGS.items():
        assert f"  {int(code):<5}{meaning}\n" in help_text
    assert {int(code) for code in MEANINGS} == {0, 1, 2, 3, 4, 5, 6, 8, 130, 143}
