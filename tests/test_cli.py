"""The `portal-archive` command as a user runs it: demo, search, stats, extract, errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SITES, run_cli

G = "https://english.guiyang.gov.cn"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    first = run_cli("demo", "--db", db)
    return db, first


def summary_row(output: str, portal: str) -> list[str]:
    return next(line.split() for line in output.splitlines() if line.startswith(portal + " "))


def test_demo_crawls_the_sample_portal_and_prints_hits(demo_db):
    db, first = demo_db
    assert first.returncode == 0, first.stderr
    # portal, requests, new, revised, duplicate, unchanged ...: 15 new, and one story that both portals publish
    # is stored once (whichever portal's copy arrives first) and seen again as a duplicate
    guiyang, eguizhou = summary_row(first.stdout, "guiyang"), summary_row(first.stdout, "eguizhou")
    assert (int(guiyang[2]) + int(eguizhou[2]), int(guiyang[4]) + int(eguizhou[4])) == (15, 1)
    assert guiyang[3] == eguizhou[3] == "0"
    # the second crawl, later: one article edited since, every other one unchanged
    later = first.stdout.split("the same portals later, with one article edited since (crawl --full):")[1]
    guiyang, eguizhou = summary_row(later, "guiyang"), summary_row(later, "eguizhou")
    assert (guiyang[2], guiyang[3], eguizhou[2], eguizhou[3]) == ("0", "1", "0", "0")
    assert int(guiyang[5]) + int(eguizhou[5]) == 15
    assert "1 article(s) match 'metro'; showing 1" in first.stdout
    assert "Guiyang Metro Line 3: what passengers need to know" in first.stdout
    assert f"portal-archive history {G}/2023-12/15/c_1000102.htm" in first.stdout


def test_demo_twice_adds_nothing(demo_db):
    db, _ = demo_db
    second = run_cli("demo", "--db", db)
    assert second.returncode == 0, second.stderr
    assert summary_row(second.stdout, "guiyang")[2] == "0"
    assert summary_row(second.stdout, "eguizhou")[2] == "0"
    assert "crawl success" in second.stdout


def test_search_json_ranks_title_then_caption_then_body(demo_db):
    db, _ = demo_db
    out = run_cli("search", "lanterns", "--db", db, "--format", "json")
    data = json.loads(out.stdout)
    assert data["total"] == 3
    # "lantern" in a title, in a caption, in a caption and the body
    assert [h["title"] for h in data["hits"]] == ["Volunteers honored for service at Guiyang lantern festival",
                                                  "Baiyun district dresses up for Spring Festival",
                                                  "Guiyang rolls out Spring Festival travel packages for visitors"]
    assert "[Lantern]" in data["hits"][0]["snippet"]


def test_search_filters_phrases_and_csv(demo_db):
    db, _ = demo_db
    out = run_cli("search", '"night market"', "--db", db, "--portal", "guiyang", "--since", "2024-03-01",
                  "--format", "csv")
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "id,published,portal,title,url,snippet,portals,rank"
    assert [l.split(",")[3] for l in lines[1:]] == ["Nanming district's consumer market keeps growing"]
    none = run_cli("search", "metro", "--db", db, "--until", "2023-12-31", "--format", "json")
    assert json.loads(none.stdout)["total"] == 0


@pytest.mark.parametrize("query, message", [
    ('"', "Error: query has no words to search for"),
    ("   ", "Error: query is empty"),
    ("-metro", "Error: add at least one word to search for"),
])
def test_bad_queries_get_one_line_and_status_2(demo_db, query, message):
    db, _ = demo_db
    out = run_cli("search", "--db", db, "--", query)
    assert (out.returncode, out.stderr.strip(), out.stdout) == (2, message, "")


def test_bad_options_and_paths_get_one_line(demo_db, tmp_path):
    db, _ = demo_db
    bad_date = run_cli("search", "metro", "--db", db, "--since", "2024-13-01")
    assert (bad_date.returncode, bad_date.stderr.strip()) == (2, "Error: --since must be a date like 2024-01-31, 2024-01 or 2024, not '2024-13-01'")
    missing = run_cli("search", "metro", "--db", str(tmp_path / "nope.db"))
    assert missing.returncode != 0
    assert missing.stderr.strip() == f"Error: no archive at {tmp_path}/nope.db (run a crawl first, or pass --db PATH)"
    unknown = subprocess.run([sys.executable, "-m", "portal_spider.runner", "nowhere", "--db", db],
                             capture_output=True, text=True, cwd=ROOT)
    assert unknown.returncode == 2
    assert unknown.stderr.strip().startswith("error: unknown portal nowhere (known: ")


def test_sqlite_utils_search_works_on_the_demo_archive(demo_db):
    db, _ = demo_db
    out = subprocess.run([sys.executable, "-m", "sqlite_utils", "search", db, "articles", "lanterns", "-c", "title"],
                         capture_output=True, text=True, check=True)
    assert [r["title"] for r in json.loads(out.stdout)] == [
        "Volunteers honored for service at Guiyang lantern festival",
        "Baiyun district dresses up for Spring Festival",
        "Guiyang rolls out Spring Festival travel packages for visitors",
    ]


def test_stats_lists_portals_and_the_last_crawl(demo_db):
    db, _ = demo_db
    lines = run_cli("stats", "--db", db).stdout.splitlines()
    # one story both portals publish is counted on whichever portal's copy was archived first
    assert [lines[1].split()[:4], lines[2].split()[:4]] in (
        [["eguizhou", "4", "2020-06-25", "2024-05-18"], ["guiyang", "11", "2021-02-09", "2025-03-20"]],
        [["eguizhou", "3", "2020-06-25", "2024-05-18"], ["guiyang", "12", "2021-02-09", "2025-03-20"]])
    assert lines[3].startswith("total                15  (16 appearances, 13 photos, 1 earlier revisions)")
    assert lines[4].startswith("last crawl: ")


def test_stats_as_json(demo_db):
    db, _ = demo_db
    data = json.loads(run_cli("stats", "--db", db, "--format", "json").stdout)
    assert [(p["portal"], p["articles"], p["first"], p["last"]) for p in data["portals"]] in (
        [("eguizhou", 4, "2020-06-25", "2024-05-18"), ("guiyang", 11, "2021-02-09", "2025-03-20")],
        [("eguizhou", 3, "2020-06-25", "2024-05-18"), ("guiyang", 12, "2021-02-09", "2025-03-20")])
    assert data["total"] == {"articles": 15, "appearances": 16, "photos": 13, "revisions": 1}
    assert (data["last_crawl"]["new"], data["last_crawl"]["alerts"]) == (0, [])


def test_search_pages_with_offset_and_reports_its_plan(demo_db):
    db, _ = demo_db
    whole = json.loads(run_cli("search", "festival", "--db", db, "--format", "json", "--limit", "4").stdout)
    assert (whole["plan"], whole["offset"], whole["total"]) == ("fts-rank", 0, 4)
    pages = [json.loads(run_cli("search", "festival", "--db", db, "--format", "json", "--limit", "2", "--offset",
                                str(offset)).stdout) for offset in (0, 2, 4)]
    assert [[h["id"] for h in p["hits"]] for p in pages] == [
        [h["id"] for h in whole["hits"][:2]], [h["id"] for h in whole["hits"][2:]], []]
    table = run_cli("search", "festival", "--db", db, "--limit", "2", "--offset", "2").stdout
    assert table.splitlines()[0] == "4 article(s) match 'festival'; showing 3-4"
    bad = run_cli("search", "festival", "--db", db, "--offset", "-2")
    assert (bad.returncode, bad.stderr.strip()) == (2, "Error: --offset must be between 0 and 10,000,000")


def test_extract_prints_the_crawl_s_fields_as_json():
    page = SITES / "english.guiyang.gov.cn/2024-01/31/c_1000101.htm"
    out = run_cli("extract", str(page), "--url", f"{G}/2024-01/31/c_1000101.htm")
    data = json.loads(out.stdout)
    assert (data["title"], data["published"], data["date_source"], data["field_sources"]["published"]) == (
        "Guiyang rolls out Spring Festival travel packages for visitors", "2024-01-31T18:17:01+08:00", "printed", "text")
    assert len(data["body"].split("\n\n")) == 9


def test_every_command_has_help_with_an_example():
    commands = [line.split()[0] for line in run_cli("--help").stdout.split("Commands:")[1].strip().splitlines()]
    assert {"crawl", "demo", "search", "stats", "extract", "portals", "runs", "history", "reparse", "schedule"} <= set(commands)
    for command in commands:
        text = run_cli(command, "--help").stdout
        assert "Example" in text, f"{command} --help has no example"


def readme_examples(section: str, commands: tuple[str, ...]) -> list[list[str]]:
    """The ``portal-archive COMMAND ...`` lines of a README section's code blocks, as argument lists
    (comments and output redirections dropped)."""
    import re
    import shlex

    text = (ROOT / "README.md").read_text(encoding="utf-8").split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    examples = []
    for line in re.findall(r"^portal-archive .*$", text, re.M):
        words = shlex.split(line, comments=True)
        if words[1] in commands:
            examples.append([w for i, w in enumerate(words[1:]) if w != ">" and (i == 0 or words[i] != ">")])
    return examples


ANALYST_EXAMPLES = readme_examples("Analysts: searching", ("search", "timeline", "export"))


@pytest.mark.parametrize("example", ANALYST_EXAMPLES, ids=[" ".join(e) for e in ANALYST_EXAMPLES])
def test_readme_analyst_examples_find_articles_in_the_demo(demo_db, example, tmp_path):
    db, _ = demo_db
    out = subprocess.run([sys.executable, "-m", "portal_spider", *example, "--db", db], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    if example[0] == "export":
        assert int(out.stderr.split()[0]) > 0, out.stderr
    elif example[0] == "timeline":
        assert "no articles match" not in out.stdout and out.stdout.splitlines()[1].split()[2] != "0"
    elif "json" in example:
        assert json.loads(out.stdout)["total"] > 0
    elif "csv" in example:
        assert len(out.stdout.strip().splitlines()) > 1
    else:
        assert "\n[" in out.stdout, out.stdout  # at least one hit printed


def test_readme_examples_cover_chinese_clusters_and_the_demo_s_stories(demo_db):
    db, _ = demo_db
    assert len(ANALYST_EXAMPLES) >= 8
    one = json.loads(run_cli("search", "贵阳", "--db", db, "--format", "json").stdout)
    every = json.loads(run_cli("search", "贵阳", "--db", db, "--format", "json", "--all-copies").stdout)
    assert [(h["portal"], h["also_published_by"]) for h in one["hits"]] == [("eguizhou", ["guiyang"])]
    assert sorted(h["title"] for h in every["hits"]) == ["Big data expo in Guiyang signs 120 projects",
                                                         "Guiyang big data expo signs 120 projects"]
    plan = run_cli("search", "Five-Year Plan", "--level", "province", "--province", "Guizhou", "--db", db,
                   "--format", "json")
    assert [h["url"] for h in json.loads(plan.stdout)["hits"]] == ["https://www.eguizhou.gov.cn/2024-05/18/c_1000204.htm"]
    history = json.loads(run_cli("history", f"{G}/2023-12/15/c_1000102.htm", "--db", db, "--format", "json").stdout)
    assert [v["title"] for v in history["versions"]] == ["Consuls from six countries tour Guiyang's big data exchange",
                                                         "Consuls from six countries visit Guiyang's big data exchange"]


def test_demo_says_what_to_expect_and_the_summary_explains_each_column(demo_db):
    _, first = demo_db
    lines = first.stdout.splitlines()
    assert lines[:2] == [
        "The sample portal deliberately holds a page that robots.txt forbids, an anti-bot challenge page and a "
        "broken (empty) page:",
        "expect 'crawl partial' with 2 blocked and 1 not-article (the crawler doing its job), then the same after a "
        "second crawl that finds one article edited.",
    ]
    assert lines[2].startswith("sample portal serving on http://127.0.0.1:")
    # the challenge page is counted once, as blocked (not failed as well)
    assert summary_row(first.stdout, "guiyang")[7:] == ["1", "2", "0"]
    summary_end = lines.index("crawl partial")
    assert lines[summary_end - 4: summary_end] == [
        "15 new: articles archived for the first time",
        "1 duplicate: the same story as an archived article, at another URL (kept as a copy)",
        f"1 not-article: an empty page (HTTP 200) at {G}/2024-04/02/c_1000111.htm",
        f"2 blocked: a challenge page (HTTP 200) at {G}/2024-04/01/c_1000110.htm; "
        f"forbidden by robots.txt at {G}/private/2024-01/05/c_1000199.htm",
    ]
    # 15 articles: the search lists are built in an instant, without a notice
    assert first.stderr == ""


def test_runs_failed_lists_the_failed_and_blocked_urls_of_a_run(demo_db):
    db, _ = demo_db
    out = run_cli("runs", "--failed", "1", "--db", db)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "run 1: 2 failed or blocked URL(s)",
        f"blocked-robots     -        {G}/private/2024-01/05/c_1000199.htm  (Forbidden by robots.txt)",
        f"blocked-challenge  HTTP 200 {G}/2024-04/01/c_1000110.htm  (challenge page (HTTP 200): {G}/2024-04/01/c_1000110.htm)",
    ]
    missing = run_cli("runs", "--failed", "99", "--db", db)
    assert (missing.returncode, missing.stderr) == (2, "Error: no run 99 in this archive (see portal-archive runs)\n")
