"""portal-archive timeline: counts per period and portal, shares, the SVG chart."""

from __future__ import annotations

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
        ("2024-W05", "*", 1, 1, 1.0), ("2024-W05", "guiyang", 1, 1, 1.0)]
    assert rows(timeline(archive, "metro", by="day", portal="guiyang")) == [
        ("2024-01-02", "*", 1, 1, 1.0), ("2024-01-02", "guiyang", 1, 1, 1.0),
        ("2024-02-01", "*", 1, 1, 1.0), ("2024-02-01", "guiyang", 1, 1, 1.0)]
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
    assert len(svg.findall(f"{ns}polyline")) == 3
    assert [t.text for t in svg.findall(f"{ns}text")][-4:] == [
        "all portals", "guiyang", "eguizhou", "share of archived articles (%) per period"]
    bad = run_cli("timeline", "metro", "--db", db, "--plot", str(tmp_path / "x.png"))
    assert (bad.returncode, bad.stderr.strip()) == (2, "Error: --plot writes SVG: give a file name ending in .svg")


def test_chart_of_raw_counts_has_one_point_per_period():
    from archive.timeline import Point

    points = [Point("2024-01", "*", 4, 10), Point("2024-01", "a", 4, 5), Point("2024-02", "*", 2, 10),
              Point("2024-02", "a", 2, 5)]
    svg = ET.fromstring(svg_chart(points, title="x"))
    lines = svg.findall("{http://www.w3.org/2000/svg}polyline")
    assert [len(p.get("points").split()) for p in lines] == [2, 2]
