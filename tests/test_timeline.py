"""portal-archive timeline: counts per period and portal, shares, the SVG chart."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from archive.query import QueryError
from archive.store import Archive
from archive.timeline import svg_chart, timeline
from tests.conftest import run_cli


def art(n, portal, published, title):
    url = f"https://{portal}.example.gov.cn/c_{n}.htm"
    return {"url": url, "canonical_url": url, "portal": portal, "title": title, "body": f"Story number {n}.",
            "published": published}


@pytest.fixture
def db(tmp_path):
    archive = Archive(tmp_path / "t.db")
    archive.save([
        art(1, "guiyang", "2024-01-02T10:00:00+08:00", "Metro line opens"),
        art(2, "guiyang", "2024-01-09", "Tea festival"),
        art(3, "eguizhou", "2024-01-10", "Metro fares cut"),
        art(4, "guiyang", "2024-02-01", "Metro ridership grows"),
        art(5, "eguizhou", "2024-02-15", "Big data week"),
        art(6, "eguizhou", "2024-02-20", "Tourism up"),
        art(7, "guiyang", None, "Metro map without a date"),
    ])
    archive.close()
    return str(tmp_path / "t.db")


def rows(points):
    return [(p.period, p.portal, p.matches, p.articles, p.share) for p in points]


def test_month_week_day_and_portal(db):
    archive = Archive(db)
    assert rows(timeline(archive, "metro", by="month")) == [
        ("2024-01", "*", 2, 3, 0.6667), ("2024-01", "eguizhou", 1, 1, 1.0), ("2024-01", "guiyang", 1, 2, 0.5),
        ("2024-02", "*", 1, 3, 0.3333), ("2024-02", "guiyang", 1, 1, 1.0)]
    assert rows(timeline(archive, "metro", by="week")) == [
        ("2024-W01", "*", 1, 1, 1.0), ("2024-W01", "guiyang", 1, 1, 1.0),
        ("2024-W02", "*", 1, 2, 0.5), ("2024-W02", "eguizhou", 1, 1, 1.0),
        ("2024-W03", "*", 0, 0, 0.0), ("2024-W04", "*", 0, 0, 0.0),  # empty weeks are on the timeline
        ("2024-W05", "*", 1, 1, 1.0), ("2024-W05", "guiyang", 1, 1, 1.0)]
    days = rows(timeline(archive, "metro", by="day", portal="guiyang"))
    assert [r for r in days if r[2]] == [
        ("2024-01-02", "*", 1, 1, 1.0), ("2024-01-02", "guiyang", 1, 1, 1.0),
        ("2024-02-01", "*", 1, 1, 1.0), ("2024-02-01", "guiyang", 1, 1, 1.0)]
    assert len(days) == 31 + 2 and days[1:3] == [("2024-01-02", "guiyang", 1, 1, 1.0), ("2024-01-03", "*", 0, 0, 0.0)]
    assert timeline(archive, "nothing") == []
    with pytest.raises(QueryError, match="--by must be one of day, week, month, not 'year'"):
        timeline(archive, "metro", by="year")


def test_cli_prints_the_table_and_writes_an_svg_chart(db, tmp_path):
    chart = tmp_path / "metro.svg"
    out = run_cli("timeline", "metro", "--db", db, "--share", "--plot", str(chart))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "period     portal            matches  articles   share",
        "2024-01    all                     2         3   66.7%",
        "2024-01    eguizhou                1         1  100.0%",
        "2024-01    guiyang                 1         2   50.0%",
        "2024-02    all                     1         3   33.3%",
        "2024-02    guiyang                 1         1  100.0%",
    ]
    svg = ET.parse(chart).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert [p.get("class") for p in svg.findall(f"{ns}polyline")] == ["portal", "portal", "halo", "total"]
    assert [t.text for t in svg.findall(f"{ns}text")][-4:] == [
        "all portals", "guiyang", "eguizhou", "share of archived articles (%) per month"]
    bad = run_cli("timeline", "metro", "--db", db, "--plot", str(tmp_path / "x.png"))
    assert (bad.returncode, bad.stderr.strip()) == (2, "Error: --plot writes SVG: give a file name ending in .svg")


def test_chart_of_raw_counts_has_one_point_per_period():
    from archive.timeline import Point

    points = [Point("2024-01", "*", 4, 10), Point("2024-01", "a", 4, 5), Point("2024-02", "*", 2, 10),
              Point("2024-02", "a", 2, 5)]
    svg = ET.fromstring(svg_chart(points, title="x"))
    lines = svg.findall("{http://www.w3.org/2000/svg}polyline")
    assert [len(p.get("points").split()) for p in lines] == [2, 2, 2]


def test_bounds_add_empty_periods_and_the_formats(db, tmp_path):
    archive = Archive(db)
    assert rows(timeline(archive, "metro", since="2023-11", until="2024")) == [
        ("2023-11", "*", 0, 0, 0.0), ("2023-12", "*", 0, 0, 0.0),
        ("2024-01", "*", 2, 3, 0.6667), ("2024-01", "eguizhou", 1, 1, 1.0), ("2024-01", "guiyang", 1, 2, 0.5),
        ("2024-02", "*", 1, 3, 0.3333), ("2024-02", "guiyang", 1, 1, 1.0)] + [
        (f"2024-{m:02d}", "*", 0, 0, 0.0) for m in range(3, 13)]
    assert rows(timeline(archive, "metro", since="2024-02-01", until="2024-02-29", by="week")) == [
        ("2024-W05", "*", 1, 1, 1.0), ("2024-W05", "guiyang", 1, 1, 1.0), ("2024-W06", "*", 0, 0, 0.0),
        ("2024-W07", "*", 0, 1, 0.0), ("2024-W08", "*", 0, 1, 0.0), ("2024-W09", "*", 0, 0, 0.0)]
    with pytest.raises(QueryError, match="the timeline would have more than 5,000 periods"):
        timeline(archive, "metro", by="day", since="1990")
    with pytest.raises(QueryError, match="--until must be a date like 2024-01-31, 2024-01 or 2024, not '2024-00'"):
        timeline(archive, "metro", until="2024-00")
    out = run_cli("timeline", "metro", "--db", db, "--since", "2023-12", "--until", "2024-03", "--format", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [
        {"period": "2023-12", "portal": "*", "matches": 0, "articles": 0, "share": 0.0},
        {"period": "2024-01", "portal": "*", "matches": 2, "articles": 3, "share": 0.6667},
        {"period": "2024-01", "portal": "eguizhou", "matches": 1, "articles": 1, "share": 1.0},
        {"period": "2024-01", "portal": "guiyang", "matches": 1, "articles": 2, "share": 0.5},
        {"period": "2024-02", "portal": "*", "matches": 1, "articles": 3, "share": 0.3333},
        {"period": "2024-02", "portal": "guiyang", "matches": 1, "articles": 1, "share": 1.0},
        {"period": "2024-03", "portal": "*", "matches": 0, "articles": 0, "share": 0.0}]
    out = run_cli("timeline", "metro", "--db", db, "--portal", "eguizhou", "--format", "csv")
    assert out.stdout.splitlines() == ["period,portal,matches,articles,share", "2024-01,*,1,1,1.0",
                                       "2024-01,eguizhou,1,1,1.0"]
    bad = run_cli("timeline", "metro", "--db", db, "--portal", "nowhere")
    assert (bad.returncode, bad.stderr.strip()) == (
        2, "Error: no articles from portal 'nowhere' in this archive")


def test_the_chart_s_x_axis_is_time_and_the_total_is_drawn_last():
    from archive.timeline import Point

    # 2020-06, 2021-02 and 2023-08: 8 months, then 30 months apart
    points = [Point("2020-06", "*", 2, 10), Point("2020-06", "a", 2, 5), Point("2021-02", "*", 5, 10),
              Point("2021-02", "a", 5, 5), Point("2023-08", "*", 1, 10), Point("2023-08", "b", 1, 5)]
    svg = ET.fromstring(svg_chart(points, title="x", by="month"))
    ns = "{http://www.w3.org/2000/svg}"
    lines = svg.findall(f"{ns}polyline")
    assert [line.get("class") for line in lines] == ["portal", "portal", "halo", "total"]
    xs = [float(pair.split(",")[0]) for pair in lines[-1].get("points").split()]
    assert xs == [60.0, round(60 + 530 * 245 / 1156, 1), 590.0]  # days since 2020-06-01 over the 1,156 shown
    # a portal without a match in a period is at zero there; the total is thicker, in black
    assert [[float(p.split(",")[1]) for p in line.get("points").split()] for line in lines[:2]] == [
        [310.0, 310.0, 256.0], [202.0, 40.0, 310.0]]  # b, then the busier a over it
    assert (lines[-1].get("stroke"), lines[-1].get("stroke-width")) == ("#111111", "3")
